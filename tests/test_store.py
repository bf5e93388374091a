"""commit_run on a real Delta table: new articles are appended, re-extracted ones replace their rows."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
from deltalake import DeltaTable, write_deltalake

from flows.store import TableStore, commit_run, ensure_tables
from schemas import REJECT_SCHEMA, ArticleRow, EventRow, to_table
from tests.sample_events import sample_articles, sample_rows


def _stage(tmp_path, name: str, rows: list[EventRow], articles: list[ArticleRow]):
    ev, ar = tmp_path / f"events-{name}.parquet", tmp_path / f"articles-{name}.parquet"
    pq.write_table(to_table(rows, EventRow), ev)
    pq.write_table(to_table(articles, ArticleRow), ar)
    return ev, ar


def _commit(store: TableStore, staged, ids: set[str]) -> dict[str, int]:
    ev, ar = staged
    return commit_run(
        store,
        event_files=[ev],
        article_files=[ar],
        rejects=REJECT_SCHEMA.empty_table(),
        replaced_ids=ids,
        metadata={"run_id": "t"},
    )


def _last_mode(path) -> str:
    params = DeltaTable(str(path)).history(1)[0].get("operationParameters", {})
    return json.loads(params["mode"]) if params.get("mode", "").startswith('"') else params.get("mode")


def test_new_articles_append_and_changed_ones_replace_their_rows_only(tmp_path):
    store = TableStore.at(tmp_path / "out" / "events")
    rows, articles = sample_rows("run-1"), sample_articles("run-1")
    a1 = [r for r in rows if r.article_id == "a1"]
    # first run: only a1 — nothing to replace, so an append
    _commit(store, _stage(tmp_path, "1", a1, [a for a in articles if a.article_id == "a1"]), {"a1"})
    assert _last_mode(store.events) == "Append"
    # second run: a2 is new (append), table keeps a1's rows
    a2 = [r for r in rows if r.article_id == "a2"]
    _commit(store, _stage(tmp_path, "2", a2, [a for a in articles if a.article_id == "a2"]), {"a2"})
    assert _last_mode(store.events) == "Append"
    # third run: a1 changed and re-extracted to one event — its old rows go, a2's stay
    changed = [r for r in sample_rows("run-3") if r.event_id == "ev-deploy"]
    versions = _commit(
        store, _stage(tmp_path, "3", changed, [a for a in sample_articles("run-3") if a.article_id == "a1"]), {"a1"}
    )
    assert _last_mode(store.events) == "Overwrite"
    events = DeltaTable(str(store.events)).to_pyarrow_table().to_pylist()
    assert sorted((e["article_id"], e["event_id"], e["run_id"]) for e in events) == [
        ("a1", "ev-deploy", "run-3"),
        ("a2", "ev-enlist", "run-1"),
    ]
    arts = DeltaTable(str(store.articles)).to_pyarrow_table(columns=["article_id", "run_id"]).to_pylist()
    assert sorted((a["article_id"], a["run_id"]) for a in arts) == [("a1", "run-3"), ("a2", "run-1")]
    assert versions == {"events": 3, "articles": 3}


def test_orphan_events_of_a_killed_run_are_replaced_not_duplicated(tmp_path):
    """Events committed, articles not (a kill between the two): the next run must find those rows."""
    store = TableStore.at(tmp_path / "out" / "events")
    rows, articles = sample_rows("run-1"), sample_articles("run-1")
    ev, _ = _stage(tmp_path, "1", rows, articles)
    ensure_tables(store)
    write_deltalake(str(store.events), pq.read_table(ev), mode="append")  # the orphaned half-run
    _commit(store, _stage(tmp_path, "2", sample_rows("run-2"), sample_articles("run-2")), {"a1", "a2"})
    events = DeltaTable(str(store.events)).to_pyarrow_table(columns=["event_id", "run_id"]).to_pylist()
    assert sorted((e["event_id"], e["run_id"]) for e in events) == [
        ("ev-confirm", "run-2"),
        ("ev-deploy", "run-2"),
        ("ev-enlist", "run-2"),
    ]
