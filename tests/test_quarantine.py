"""One bad article never stops a run: quarantine per article, retry rules, exit codes, idempotent rejects."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest

from flows.cli import main
from flows.run_flow import extractor_version, run_muster
from flows.store import TableStore, commit_run, ensure_tables, table_version
from schemas import REJECT_SCHEMA, RejectRow, to_table

FAULTY = "faulty_extractor:extract_events"
GOOD = "North Korea sent about 1,500 troops to Russia in March, Seoul said."


def _jsonl(path: Path, articles: dict[str, str]) -> Path:
    with path.open("w") as fh:
        for aid, text in articles.items():
            fh.write(
                json.dumps(
                    {
                        "id": aid,
                        "title": None,
                        "text": text,
                        "published": "2025-09-21",
                        "url": f"https://example.org/{aid}",
                        "publisher": "Example",
                    }
                )
                + "\n"
            )
    return path


def _articles(tmp_path: Path) -> dict[str, str]:
    return {
        "good-1": GOOD,
        "bad-offset": "Pyongyang deployed 3,000 soldiers to the Kursk region last week. OFFSET-BUG",
        "good-2": "Russia recruited 500 North Korean workers in May, officials said.",
        "bad-raise": "North Korea dispatched engineers to Russia. RAISE-BUG",
    }


def test_bad_articles_are_quarantined_and_the_rest_commit(prefect_harness, tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", _articles(tmp_path))
    table = tmp_path / "out" / "events"
    s = run_muster(str(src), str(table), extractor=FAULTY, chunk_size=64)
    assert s.committed and s.articles_read == 4
    assert sorted(q.article_id for q in s.quarantined) == ["bad-offset", "bad-raise"]
    by_id = {q.article_id: q for q in s.quarantined}
    assert by_id["bad-offset"].check == "offsets" and by_id["bad-offset"].kind == "quarantine"
    assert json.loads(by_id["bad-offset"].detail)["event_type"] == "deployment"  # the offending event
    assert "PlantedBug" in by_id["bad-raise"].detail and by_id["bad-raise"].check == "exception"
    assert by_id["bad-raise"].muster_version == extractor_version()

    store = TableStore.at(table)
    events = pl.read_delta(str(store.events))
    assert set(events["article_id"]) == {"good-1", "good-2"}  # the others of the same chunk committed
    articles = pl.read_delta(str(store.articles)).sort("article_id")
    assert dict(zip(articles["article_id"], articles["status"])) == {
        "bad-offset": "quarantined",
        "bad-raise": "quarantined",
        "good-1": "ok",
        "good-2": "ok",
    }
    rejects = pl.read_delta(str(store.rejects))
    assert rejects.height == 2 and set(rejects["kind"]) == {"quarantine"}
    # every input accounted for: in the articles table (with a status) or the rejects table
    assert articles.height == 4
    assert not (table.parent / "_staging").exists()  # no staging folder left behind

    # a rerun does not retry them: same article, same muster
    again = run_muster(str(src), str(table), extractor=FAULTY)
    assert not again.committed and again.quarantined_seen == 2 and again.articles_unchanged == 2
    assert pl.read_delta(str(store.rejects)).height == 2

    # a changed article is retried (and here extracted cleanly)
    fixed = _articles(tmp_path) | {"bad-offset": "Pyongyang deployed 3,000 soldiers to the Kursk region last week."}
    _jsonl(src, fixed)
    third = run_muster(str(src), str(table), extractor=FAULTY)
    assert third.committed and third.articles_changed == 1 and not third.quarantined and third.quarantined_seen == 1
    articles = pl.read_delta(str(store.articles))
    assert articles.filter(pl.col("article_id") == "bad-offset")["status"].to_list() == ["ok"]
    assert "bad-offset" in set(pl.read_delta(str(store.events))["article_id"])


def test_a_quarantined_article_is_retried_when_muster_changes(prefect_harness, tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", {"bad-raise": "North Korea sent troops to Russia. RAISE-BUG", "good-1": GOOD})
    table = tmp_path / "out" / "events"
    run_muster(str(src), str(table), extractor=FAULTY)
    store = TableStore.at(table)
    # the articles table records which muster extracted each article; another version means a retry
    from deltalake import write_deltalake

    from schemas import ARTICLE_SCHEMA

    older = pl.read_delta(str(store.articles)).with_columns(pl.lit("0.0.1+older").alias("muster_version"))
    write_deltalake(str(store.articles), older.to_arrow().select(ARTICLE_SCHEMA.names).cast(ARTICLE_SCHEMA), mode="overwrite")
    retried = run_muster(str(src), str(table), extractor=FAULTY)
    assert retried.articles_changed == 1 and [q.article_id for q in retried.quarantined] == ["bad-raise"]
    assert retried.articles_unchanged == 1
    assert pl.read_delta(str(store.rejects)).height == 1  # the same quarantine is not recorded twice


def test_exit_codes_and_summary(prefect_harness, tmp_path, capsys):
    src = _jsonl(tmp_path / "in.jsonl", _articles(tmp_path))
    table = tmp_path / "out" / "events"
    # without --strict: committed, exit 3 says something was quarantined
    code = main(["run", str(src), "--table", str(table), "--extractor", FAULTY])
    captured = capsys.readouterr()
    assert code == 3, captured.err
    assert "quarantined:      2 article(s)" in captured.out and "bad-raise" in captured.out
    assert "Traceback" not in captured.out + captured.err
    _jsonl(src, _articles(tmp_path) | {"bad-2": "Kim Jong Un sent troops to Russia. RAISE-BUG"})
    assert main(["run", str(src), "--table", str(table), "--strict", "--extractor", FAULTY]) == 1
    assert "1 article(s) quarantined" in capsys.readouterr().err


def test_retried_commit_writes_rejects_once(tmp_path):
    """commit-tables is retried on failure: a retry after a partial commit must not duplicate rejects."""
    store = TableStore.at(tmp_path / "events")
    rejects = to_table(
        [
            RejectRow(input_path="a.txt", reason="empty file", run_id="r1", sha256="x", kind="input"),
            RejectRow(input_path="b.txt", reason="empty file", run_id="r1", sha256="y", kind="input"),
        ],
        RejectRow,
    )
    for _ in range(2):  # the same commit twice, as a retry would
        commit_run(store, event_files=[], article_files=[], rejects=rejects, replaced_ids=set(), metadata={"run_id": "r1"})
    assert pl.read_delta(str(store.rejects)).height == 2


def test_a_table_written_by_the_previous_schema_is_upgraded(tmp_path):
    """Rejects and articles tables created before the quarantine columns get them (null) and keep their rows."""
    from deltalake import write_deltalake

    store = TableStore.at(tmp_path / "events")
    old = pa.schema([f for f in REJECT_SCHEMA if f.name not in ("kind", "check", "detail", "muster_version")])
    write_deltalake(
        str(store.rejects),
        pa.table(
            {"input_path": ["a.txt"], "reason": ["empty file"], "run_id": ["r0"], "article_id": [None], "sha256": ["s"]},
            schema=old,
        ),
    )
    ensure_tables(store)
    table = pl.read_delta(str(store.rejects))
    assert table.columns == REJECT_SCHEMA.names and table["kind"].to_list() == [None]
    new = to_table([RejectRow(input_path="b.txt", reason="empty file", run_id="r1", sha256="t", kind="input")], RejectRow)
    commit_run(store, event_files=[], article_files=[], rejects=new, replaced_ids=set(), metadata={})
    assert pl.read_delta(str(store.rejects)).height == 2 and table_version(store.rejects) >= 2


@pytest.mark.parametrize(
    "text",
    [
        "North Korea sent troops to Russia in the 21st century.",
        "Russia deployed 2023 to the front.",
    ],
)
def test_regressions_from_real_news(nlp, text):
    import datetime as dt

    from conftest import article_from_text
    from extractors.events import extract_events
    from extractors.nlp import parse_articles
    from schemas import ArticleRow, EventRow
    from schemas.validate import validate_events

    article = article_from_text(text)
    ((doc, _),) = list(parse_articles(nlp, [article]))
    rows = extract_events(doc, article, run_id="r")
    assert validate_events(to_table(rows, EventRow), to_table([article], ArticleRow)) == []
    for row in rows:
        assert row.trigger.strip()
        assert row.actor != "2023"  # a year is not a group of people
        if row.date_start is not None:
            assert row.date_precision is not None
    if "century" in text:
        assert rows and rows[0].date_precision == "century" and rows[0].date_start == dt.date(2000, 1, 1)
