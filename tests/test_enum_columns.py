"""Controlled-vocabulary columns read as pl.Enum (schemas/frames.py, flows/store.read_frame), and a table
written with the previous muster's schema reads, and is upgraded by the next run, without error."""

from __future__ import annotations

import json
import shutil

import polars as pl
import pyarrow as pa
import pytest
from deltalake import CommitProperties, DeltaTable, write_deltalake

from flows.cli import main as muster
from flows.diff import diff_versions
from flows.report import build_report
from flows.run_flow import run_muster
from flows.store import TableStore, read_frame
from sample_events import sample_tables
from schemas import (
    ARTICLE_SCHEMA,
    ARTICLE_VOCABULARIES,
    EVENT_SCHEMA,
    EVENT_VOCABULARIES,
    REJECT_SCHEMA,
    ArticleRow,
    EventRow,
    RejectRow,
)
from schemas.frames import VocabularyError, enum_dtypes, frame_schema, plain_strings, to_frame
from schemas.validate import validate_events

# The tables as muster 0.1.0 wrote them before the inputs and quarantine work (commit 6ca296e, 2026-11-23):
# the events table had today's columns; articles and rejects lacked the columns listed here, and two
# vocabularies were smaller (no `century` precision; `ok` the only article status).
ADDED_ARTICLE_COLUMNS = (
    "status_reason",
    "muster_version",
    "author",
    "input_kind",
    "text_method",
    "published_source",
    "language",
    "language_score",
)
ADDED_REJECT_COLUMNS = ("kind", "check", "detail", "muster_version")
OLD_ARTICLE_SCHEMA = pa.schema([f for f in ARTICLE_SCHEMA if f.name not in ADDED_ARTICLE_COLUMNS])
OLD_REJECT_SCHEMA = pa.schema([f for f in REJECT_SCHEMA if f.name not in ADDED_REJECT_COLUMNS])
OLD_DATE_PRECISIONS = ("day", "week", "month", "season", "quarter", "half", "year", "decade")

NEW_ARTICLE = (
    "North Korea sent 2,000 more soldiers to the Kursk region in August, the defence ministry in Kyiv said. "
    "Moscow denied the report on Tuesday."
)


def _is_enum_of(dtype: pl.DataType, vocab: tuple[str, ...]) -> bool:
    return isinstance(dtype, pl.Enum) and tuple(dtype.categories.to_list()) == vocab


def test_vocabulary_columns_are_enums_of_their_vocabulary_and_the_rest_keep_their_types():
    events, articles = sample_tables("run-1")
    frame = to_frame(events, EventRow)
    assert frame.schema == frame_schema(EventRow)
    for name, vocab in EVENT_VOCABULARIES.items():
        assert _is_enum_of(frame.schema[name], vocab), name
    assert frame.schema["date_start"] == pl.Date and frame.schema["char_start"] == pl.Int32
    assert frame.schema["actor_country"] == pl.String  # ISO codes: not one of the schema's vocabularies
    assert plain_strings(frame).equals(pl.from_arrow(events))  # the same values, only the dtype differs
    arts = to_frame(articles, ArticleRow)
    for name, vocab in ARTICLE_VOCABULARIES.items():
        assert _is_enum_of(arts.schema[name], vocab), name
    assert set(enum_dtypes(RejectRow)) == {"kind"}


def test_enum_frames_diff_and_report_as_their_arrow_tables_do():
    events, articles = sample_tables("run-1")
    changed = pl.from_arrow(events).with_columns(modality=pl.lit("believed"))
    frames = to_frame(events, EventRow), to_frame(changed.to_arrow(), EventRow)
    assert diff_versions(*frames) == diff_versions(events, changed.to_arrow())
    assert build_report(frames[0], to_frame(articles, ArticleRow)) == build_report(events, articles)


def test_a_value_outside_its_vocabulary_is_named_not_cast_to_null(tmp_path):
    events, _ = sample_tables("run-1")
    bad = events.set_column(
        EVENT_SCHEMA.get_field_index("date_precision"),
        EVENT_SCHEMA.field("date_precision"),
        pa.array(["millennium", None, "day"], pa.string()),
    )
    with pytest.raises(VocabularyError, match="date_precision holds 'millennium'"):
        to_frame(bad, EventRow)
    write_deltalake(str(tmp_path / "events"), bad)
    with pytest.raises(VocabularyError, match="date_precision holds 'millennium'"):
        read_frame(tmp_path / "events", EventRow)
    with pytest.raises(FileNotFoundError, match="run `muster run` first"):
        read_frame(tmp_path / "nothing", EventRow)


def _write_old_tables(new: TableStore, old: TableStore) -> None:
    """The seed run's rows written again as the previous muster wrote them: its schemas, deltalake directly,
    version 0 the empty table and version 1 the run's rows (with its run id in the commit metadata)."""
    for path, target, schema in (
        (new.events, old.events, EVENT_SCHEMA),
        (new.articles, old.articles, OLD_ARTICLE_SCHEMA),
        (new.rejects, old.rejects, OLD_REJECT_SCHEMA),
    ):
        rows = DeltaTable(str(path)).to_pyarrow_table(columns=schema.names).cast(schema)
        write_deltalake(
            str(target), schema.empty_table(), commit_properties=CommitProperties(custom_metadata={"muster": "create"})
        )
        write_deltalake(
            str(target), rows, mode="append", commit_properties=CommitProperties(custom_metadata={"run_id": "old-run"})
        )
    write_deltalake(
        str(old.rejects),
        pa.table(
            {
                "input_path": ["empty.txt"],
                "reason": ["empty file"],
                "run_id": ["old-run"],
                "article_id": [None],
                "sha256": ["e3b0"],
            },
            schema=OLD_REJECT_SCHEMA,
        ),
        mode="append",
    )


@pytest.fixture()
def old_table(seed_run, tmp_path) -> TableStore:
    old = TableStore.at(tmp_path / "old" / "events")
    _write_old_tables(seed_run.store, old)
    return old


def test_a_table_of_the_previous_schema_reads_with_enums_and_its_newer_columns_null(old_table, tmp_path):
    assert set(DeltaTable(str(old_table.articles)).schema().to_arrow().names) == set(OLD_ARTICLE_SCHEMA.names)
    events = read_frame(old_table.events, EventRow)
    assert events.height and events.schema == frame_schema(EventRow)
    assert set(events["date_precision"].drop_nulls().cast(pl.String)) <= set(OLD_DATE_PRECISIONS)  # old values only
    articles = read_frame(old_table.articles, ArticleRow)
    assert articles.schema == frame_schema(ArticleRow)
    assert articles["status"].cast(pl.String).to_list() == ["ok"] * articles.height
    for name in ADDED_ARTICLE_COLUMNS:
        assert articles[name].null_count() == articles.height, name
    rejects = read_frame(old_table.rejects, RejectRow)
    assert rejects.schema == frame_schema(RejectRow) and rejects["kind"].to_list() == [None] * rejects.height
    some = read_frame(old_table.articles, ArticleRow, columns=["article_id", "status", "input_kind"])
    assert some.columns == ["article_id", "status", "input_kind"] and some["input_kind"].null_count() == some.height
    # the commands read it as it is, before any run upgrades it
    assert muster(["validate", "--table", str(old_table.events)]) == 0
    assert muster(["report", "--table", str(old_table.events), "--out", str(tmp_path / "report.html")]) == 0
    assert muster(["history", "--table", str(old_table.events)]) == 0


def test_the_next_run_upgrades_a_table_of_the_previous_schema_and_appends_to_it(prefect_harness, old_table, seed_run, tmp_path):
    before = read_frame(old_table.events, EventRow)
    seeds = tmp_path / "seeds"
    shutil.copytree(seed_run.seeds, seeds)
    edited = sorted(seeds.glob("*.txt"))[-1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\nRussia denied that any North Korean troops were in Kursk.\n")
    (seeds / "new.jsonl").write_text(
        json.dumps(
            {"id": "new-1", "title": None, "text": NEW_ARTICLE, "published": "2025-09-21", "url": None, "publisher": "Test"}
        )
        + "\n",
        encoding="utf-8",
    )
    summary = run_muster(str(seeds), str(old_table.events))
    assert summary.committed and summary.articles_changed == 2 and summary.articles_unchanged == summary.articles_read - 2

    articles = read_frame(old_table.articles, ArticleRow)
    assert articles.schema == frame_schema(ArticleRow)
    kinds = dict(zip(articles["article_id"], articles["input_kind"].cast(pl.String)))
    assert kinds.pop("new-1") == "jsonl" and kinds.pop(edited.stem) == "txt"
    assert set(kinds.values()) == {None}  # the unchanged articles keep their old rows, null in the new columns
    events = read_frame(old_table.events, EventRow)
    assert events.schema == frame_schema(EventRow)
    assert set(events.filter(pl.col("article_id") == "new-1")["event_type"].cast(pl.String)) >= {"deployment", "denial"}
    untouched = before.filter(~pl.col("article_id").is_in([edited.stem, "new-1"]))
    assert untouched.height and events.filter(pl.col("event_id").is_in(untouched["event_id"].implode())).sort("event_id").equals(
        untouched.sort("event_id")
    )
    rejects = read_frame(old_table.rejects, RejectRow)
    assert rejects.filter(pl.col("input_path") == "empty.txt")["kind"].to_list() == [None]

    upgrades = [h for h in DeltaTable(str(old_table.articles)).history() if h.get("muster") == "upgrade"]
    assert len(upgrades) == 1
    arrow_articles = DeltaTable(str(old_table.articles)).to_pyarrow_table()
    assert validate_events(DeltaTable(str(old_table.events)).to_pyarrow_table(), arrow_articles) == []
    assert muster(["validate", "--table", str(old_table.events)]) == 0
    assert muster(["diff", "--table", str(old_table.events), "--from", "1"]) == 0
