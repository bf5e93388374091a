"""Default parallelism: one worker per core on the process runner when there is more than one core."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from flows.parallelism import available_cores, choose_runner


@pytest.mark.parametrize(
    "runner,workers,address,cores,expected",
    [
        (None, None, None, 2, ("process", 2)),  # the default on a 2-core machine
        (None, None, None, 8, ("process", 8)),
        (None, None, None, 1, ("thread", 1)),  # one core: no worker process to start
        (None, 3, None, 2, ("process", 3)),  # --workers overrides
        (None, 1, None, 8, ("thread", 1)),
        ("thread", None, None, 8, ("thread", 1)),
        ("process", None, None, 4, ("process", 4)),
        ("dask", None, None, 2, ("dask", 2)),
        (None, None, "tcp://127.0.0.1:8786", 2, ("dask", 2)),
    ],
)
def test_choose_runner(runner, workers, address, cores, expected):
    assert choose_runner(runner, workers, address, cores=cores) == expected


def test_available_cores_counts_the_cores_this_process_may_use():
    expected = os.process_cpu_count() if hasattr(os, "process_cpu_count") else len(os.sched_getaffinity(0))
    assert available_cores() == expected >= 1
    assert choose_runner() == (("process", expected) if expected > 1 else ("thread", 1))


def test_worker_processes_exit_when_muster_is_killed(tmp_path):
    """A worker started with exit_with_parent (as the process runner's are) does not outlive a kill -9
    of its parent, which would leave it holding the parent's pipes open."""
    import subprocess
    import sys
    import time

    import psutil

    script = tmp_path / "parent.py"
    script.write_text(
        "import multiprocessing, os, signal, sys\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from flows.parallelism import exit_with_parent\n"
        "if __name__ == '__main__':\n"
        "    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context('spawn'), initializer=exit_with_parent)\n"
        "    print(pool.submit(os.getpid).result(), flush=True)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    repo = str(Path(__file__).resolve().parent.parent)
    parent = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=repo,
        env={**os.environ, "PYTHONPATH": repo},
    )
    assert parent.returncode == -9
    worker = int(parent.stdout.split()[0])
    deadline = time.monotonic() + 10
    while psutil.pid_exists(worker) and psutil.Process(worker).status() != psutil.STATUS_ZOMBIE and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not psutil.pid_exists(worker) or psutil.Process(worker).status() == psutil.STATUS_ZOMBIE


def _pipeline_loaded_here() -> tuple[int, bool]:
    from extractors.nlp import _load_nlp

    return os.getpid(), _load_nlp.cache_info().currsize > 0


def test_worker_pool_starts_every_worker_ahead_of_tasks_with_the_pipeline_loaded():
    """start_workers() spawns all workers before any task is submitted (each loads the model as it
    starts, while the scan reads on), so the first chunk a worker gets finds the pipeline there."""
    import time

    from prefect import flow, task
    from prefect.context import FlowRunContext

    from flows.worker_pool import WorkerPool, start_workers_early

    @task
    def probe(k: int) -> tuple[int, bool]:
        time.sleep(0.5)  # long enough that the two probes land on two workers
        return _pipeline_loaded_here()

    @flow
    def early() -> tuple[set[int], list[tuple[int, bool]]]:
        start_workers_early()
        runner = FlowRunContext.get().task_runner
        before = set(runner._executor._processes)  # the pool's worker pids, before any task exists
        time.sleep(8)  # the workers import and load meanwhile (the scan's reading, in a run)
        return before, [f.result() for f in [probe.submit(k) for k in range(2)]]

    before, probes = early.with_options(task_runner=WorkerPool(2))()
    assert len(before) == 2
    assert {pid for pid, _ in probes} == before
    assert all(loaded for _, loaded in probes), probes  # loaded by the initializer, not by the probe


def test_the_last_round_of_chunks_is_recut_into_one_even_chunk_per_worker(tmp_path):
    """8 articles in chunks of 3 on 2 workers: [3, 3, 2] → the last round (the 2) becomes [1, 1], so
    the workers finish together; chunk order and indices follow the input, and every article is kept."""
    import pyarrow.parquet as pq

    from flows.run_flow import _Stager
    from flows.store import TableStore
    from tests.conftest import article_from_text

    def stager() -> _Stager:
        store = TableStore.at(str(tmp_path / "t" / "events"))
        return _Stager(store, tmp_path / f"staging-{len(list(tmp_path.iterdir()))}", "r", 3, all_topics=True)

    def staged(s: _Stager) -> list[list[str]]:
        return [pq.read_table(c.path, columns=["article_id"])["article_id"].to_pylist() for c in s.chunks]

    texts = [f"North Korea sent {k + 1},000 troops to Russia." + " More text." * k for k in range(8)]
    s = stager()
    for k, text in enumerate(texts):
        s.add(article_from_text(text, article_id=f"a{k}"))
    s.finish()
    assert [c.articles for c in s.chunks] == [3, 3, 2]
    s.balance_tail(2)
    assert [c.articles for c in s.chunks] == [3, 3, 1, 1]
    assert [c.index for c in s.chunks] == [0, 1, 2, 3]
    assert sum(staged(s), []) == [f"a{k}" for k in range(8)]

    # two chunks on two workers: both are the last round, cut by text length (the later texts are longer)
    s = stager()
    for k, text in enumerate(texts[:5]):
        s.add(article_from_text(text, article_id=f"a{k}"))
    s.finish()
    s.balance_tail(2)
    assert [c.articles for c in s.chunks] == [3, 2] and sum(staged(s), []) == [f"a{k}" for k in range(5)]
    s.balance_tail(1)  # one worker: nothing to balance
    assert [c.articles for c in s.chunks] == [3, 2]
