"""Scale-out: the same flow on Dask (prefect-dask's DaskTaskRunner) writes exactly the events table of the default runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

pytest.importorskip("prefect_dask")


def events_without_run_id(table: Path) -> pa.Table:
    """The committed events table, run_id dropped (it differs by design), in a canonical row order."""
    from flows.store import open_table

    dt = open_table(table)
    assert dt is not None, f"no events table at {table}"
    t = dt.to_pyarrow_table()
    t = t.drop_columns(["run_id"])
    keys = [(name, "ascending") for name in t.column_names if not pa.types.is_nested(t.schema.field(name).type)]
    return t.sort_by(keys)


def run_into(tmp_path: Path, name: str, **runner) -> tuple[object, pa.Table]:
    from flows.run_flow import run_muster

    seeds = tmp_path / name / "seeds"
    shutil.copytree(SEEDS, seeds)
    table = tmp_path / name / "out" / "events"
    summary = run_muster(str(seeds), str(table), chunk_size=1, **runner)
    return summary, events_without_run_id(table)


@pytest.fixture(scope="module")
def thread_run(prefect_harness, tmp_path_factory):
    return run_into(tmp_path_factory.mktemp("dask"), "thread", runner="thread")


def test_task_runner_choices():
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    from flows.run_flow import task_runner

    assert isinstance(task_runner("thread"), ThreadPoolTaskRunner)
    assert isinstance(task_runner("process", 2), ProcessPoolTaskRunner)
    assert isinstance(task_runner("dask", 2), DaskTaskRunner)
    assert isinstance(task_runner("dask", address="tcp://127.0.0.1:8786"), DaskTaskRunner)
    with pytest.raises(ValueError):
        task_runner("spark")


def test_dask_local_cluster_matches_default_runner(thread_run, tmp_path):
    """LocalCluster (worker processes, as `muster run --runner dask` starts by default) → the same events."""
    thread_summary, expected = thread_run
    summary, got = run_into(tmp_path, "dask", runner="dask", workers=1)
    assert expected.num_rows > 0, "the seeds should yield events, or this comparison proves nothing"
    assert summary.articles_changed == thread_summary.articles_changed == 2
    assert summary.events_by_type == thread_summary.events_by_type
    assert got.schema == expected.schema
    assert got.equals(expected)


def test_dask_existing_scheduler_address(thread_run, tmp_path):
    """`--address tcp://host:port`: the flow submits to a scheduler it did not start, and the events are the same."""
    from distributed import LocalCluster

    _, expected = thread_run
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp://", dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://")
        summary, got = run_into(tmp_path, "address", runner="dask", address=address)
        assert len(cluster.scheduler.workers) == 1  # the run used the cluster and left it running
    assert summary.articles_changed == 2
    assert got.equals(expected)
