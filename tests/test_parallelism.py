"""Default parallelism: one worker per core on the process runner when there is more than one core."""
from __future__ import annotations

import os

import pytest

from flows.parallelism import available_cores, choose_runner


@pytest.mark.parametrize("runner,workers,address,cores,expected", [
    (None, None, None, 2, ("process", 2)),      # the default on a 2-core machine
    (None, None, None, 8, ("process", 8)),
    (None, None, None, 1, ("thread", 1)),       # one core: no worker process to start
    (None, 3, None, 2, ("process", 3)),         # --workers overrides
    (None, 1, None, 8, ("thread", 1)),
    ("thread", None, None, 8, ("thread", 1)),
    ("process", None, None, 4, ("process", 4)),
    ("dask", None, None, 2, ("dask", 2)),
    (None, None, "tcp://127.0.0.1:8786", 2, ("dask", 2)),
])
def test_choose_runner(runner, workers, address, cores, expected):
    assert choose_runner(runner, workers, address, cores=cores) == expected


def test_available_cores_counts_the_cores_this_process_may_use():
    expected = os.process_cpu_count() if hasattr(os, "process_cpu_count") else len(os.sched_getaffinity(0))
    assert available_cores() == expected >= 1
    assert choose_runner() == (("process", expected) if expected > 1 else ("thread", 1))
