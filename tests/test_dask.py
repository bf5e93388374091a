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


def _shards(folder: Path) -> None:
    """Two WARC shards and a JSONL file in one folder; the second shard crawled one url of the first again."""
    import json

    from test_inputs_web import _response, saved_page
    from warcio.warcwriter import WARCWriter

    pages = {
        "https://herald.example/a": ("Troops sent north", "North Korea sent about 1,500 soldiers to the Kursk region on Monday."),
        "https://herald.example/b": (
            "Workers recruited",
            "Russia recruited 3,000 North Korean workers for factories in Tatarstan in May.",
        ),
        "https://herald.example/c": (
            "Kremlin denial",
            "Moscow denied on Friday that North Korean troops were fighting in Ukraine.",
        ),
    }
    folder.mkdir(parents=True)
    for name, urls in (("1-shard.warc.gz", ["a", "b"]), ("2-shard.warc.gz", ["c", "a"])):
        with (folder / name).open("wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for u in urls:
                url = f"https://herald.example/{u}"
                title, sentence = pages[url]
                body = (sentence, "Officials in Seoul said the figure was confirmed by intelligence.")
                if name.startswith("2") and u == "a":
                    body = (*body, "This copy was crawled again a day later.")
                _response(writer, url, saved_page(title=title, canonical=url, body=body).encode())
    line = {
        "id": "brief-1",
        "text": "Seoul confirmed that North Korea sent 2,000 more troops to Russia in October.",
        "published": "2025-11-03",
    }
    (folder / "notes.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")


def _task_names(run_id: str) -> list[str]:
    import asyncio
    from uuid import UUID

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
    from prefect.client.schemas.sorting import TaskRunSort

    async def read() -> list[str]:
        async with get_client() as client:
            runs = await client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[UUID(run_id)])),
                sort=TaskRunSort.EXPECTED_START_TIME_DESC,
                limit=200,
            )
            return [r.name for r in runs]

    return asyncio.run(read())


def test_dask_each_warc_file_is_its_own_task(prefect_harness, tmp_path):
    """On Dask, a folder of WARC shards gives one task per shard; the tables, counts and rejects (a url
    crawled in both shards is a duplicate of the first) are those of a one-process run."""
    from flows.run_flow import run_muster
    from flows.store import TableStore, open_table

    _shards(tmp_path / "in")
    thread = run_muster(str(tmp_path / "in"), str(tmp_path / "t" / "events"), runner="thread")
    dask = run_muster(str(tmp_path / "in"), str(tmp_path / "d" / "events"), runner="dask", workers=2)
    names = _task_names(dask.run_id)
    assert sum(n.startswith("extract-warc") for n in names) == 2, names
    assert not any(n.startswith("extract-warc") for n in _task_names(thread.run_id))
    for field in ("articles_read", "articles_changed", "articles_unchanged", "events_by_type", "on_topic", "off_topic"):
        assert getattr(dask, field) == getattr(thread, field), field
    assert thread.articles_read == 4 and sum(thread.events_by_type.values()) > 0
    assert [r.reason for r in dask.rejects] == [r.reason for r in thread.rejects]
    assert len(thread.rejects) == 1 and thread.rejects[0].reason.startswith("duplicate article id")
    assert events_without_run_id(tmp_path / "d" / "events").equals(events_without_run_id(tmp_path / "t" / "events"))
    arts = [open_table(TableStore.at(tmp_path / x / "events").articles).to_pyarrow_table() for x in ("t", "d")]
    assert sorted(arts[0]["article_id"].to_pylist()) == sorted(arts[1]["article_id"].to_pylist())
    # nothing changed: the second Dask run reads every shard again and commits nothing
    again = run_muster(str(tmp_path / "in"), str(tmp_path / "d" / "events"), runner="dask", workers=2)
    assert (again.articles_unchanged, again.articles_changed, again.committed) == (4, 0, False)
