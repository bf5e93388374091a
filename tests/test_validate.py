"""The one validator (schemas/validate.py): a valid table passes; each single fault is caught by its check.

Also `muster validate` on a real run of the seeds and on committed Delta versions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pyarrow as pa
import pytest

from flows.cli import main as muster
from sample_events import commit_version, sample_articles, sample_rows, sample_tables
from schemas import ArticleRow, EventRow, to_table
from schemas.validate import validate_events


def _replace(index: int, **changes):
    def breaks(rows: list[EventRow]) -> list[EventRow]:
        rows[index] = dataclasses.replace(rows[index], **changes)
        return rows

    return breaks


def _shift_evidence(rows: list[EventRow]) -> list[EventRow]:
    r = rows[0]
    rows[0] = dataclasses.replace(
        r, char_start=r.char_start + 1, char_end=r.char_end + 1, trigger_start=r.trigger_start + 1, trigger_end=r.trigger_end + 1
    )
    return rows


def _duplicate(rows: list[EventRow]) -> list[EventRow]:
    return rows + [rows[2]]


# Each case breaks exactly one thing of the valid sample and names the one check that must fire.
ROW_FAULTS = {
    "null in required column": (_replace(0, trigger=None), "schema"),
    "date_start after date_end": (_replace(0, date_start=dt.date(2025, 8, 1)), "date_order"),
    "only date_start set": (_replace(2, date_end=None), "date_order"),
    "dated without precision": (_replace(2, date_precision=None), "date_precision"),
    "offsets do not slice to evidence": (_shift_evidence, "offsets"),
    "evidence past the end of the text": (_replace(2, char_end=10_000), "offsets"),
    "trigger offsets off the trigger": (
        _replace(0, trigger_start=sample_rows()[0].trigger_start + 2, trigger_end=sample_rows()[0].trigger_end + 2),
        "offsets",
    ),
    "trigger outside evidence": (_replace(1, trigger_start=0, trigger_end=5), "offsets"),
    "bad ISO 3166-1 alpha-3": (_replace(0, actor_country="XXK"), "iso3166"),
    "alpha-2 instead of alpha-3": (_replace(2, place_country="RU"), "iso3166"),
    "bad ISO 3166-2": (_replace(0, place_admin1="RU-KURSK"), "iso3166"),
    "admin1 of another country": (_replace(0, place_admin1="UA-14"), "iso3166"),
    "bad event_type": (_replace(0, event_type="troop_movement"), "vocabulary"),
    "bad modality": (_replace(1, modality="certain"), "vocabulary"),
    "bad date_precision": (_replace(0, date_precision="months"), "vocabulary"),
    "quantity_min above quantity_max": (_replace(0, quantity_min=2000), "quantity_order"),
    "latitude off Earth": (_replace(2, latitude=155.75), "coordinates"),
    "only longitude set": (_replace(2, latitude=None), "coordinates"),
    "dangling about_event_id": (_replace(1, about_event_id="ev-missing"), "about_event_id"),
    "about_event_id into another article": (_replace(1, about_event_id="ev-enlist"), "about_event_id"),
    "about_event_id on a deployment": (_replace(2, about_event_id="ev-enlist"), "about_event_id"),
    "unknown article": (_replace(2, article_id="a9"), "article"),
    "duplicate event_id": (_duplicate, "unique_event_id"),
}


def test_the_valid_sample_has_no_violation():
    events, articles = sample_tables()
    assert events.num_rows == 3
    assert validate_events(events, articles) == []


def test_an_empty_table_is_valid():
    events, articles = sample_tables()
    assert validate_events(events.slice(0, 0), articles) == []


@pytest.mark.parametrize("fault", list(ROW_FAULTS))
def test_one_fault_one_check(fault):
    breaks, check = ROW_FAULTS[fault]
    events = to_table(breaks(sample_rows()), EventRow)
    articles = to_table(sample_articles(), ArticleRow)
    violations = validate_events(events, articles)
    assert violations, f"{fault}: not caught"
    assert {v.check for v in violations} == {check}, [str(v) for v in violations]


def test_wrong_column_type_is_a_schema_violation():
    events, articles = sample_tables()
    i = events.schema.get_field_index("char_start")
    wrong = events.set_column(
        i, pa.field("char_start", pa.string(), nullable=False), events.column("char_start").cast(pa.string())
    )
    violations = validate_events(wrong, articles)
    assert [v.check for v in violations] == ["schema"]
    assert "char_start" in violations[0].message


def test_missing_and_extra_columns_are_schema_violations():
    events, articles = sample_tables()
    broken = events.drop_columns(["polarity"]).append_column("mood", pa.array(["x"] * events.num_rows))
    messages = sorted(v.message for v in validate_events(broken, articles))
    assert messages == ["missing column polarity", "unexpected column mood"]


# ---- `muster validate` ----------------------------------------------------------------------------


def test_muster_validate_on_the_seed_run(seed_run, capsys):
    code = muster(["validate", "--table", str(seed_run.store.events)])
    out = capsys.readouterr().out
    assert code == 0, out
    n = seed_run.summary.events_version
    assert out.startswith(f"OK {seed_run.store.events} v{n} ")
    assert f": {sum(seed_run.summary.events_by_type.values())} events" in out


def test_muster_validate_reports_a_broken_version_and_keeps_older_ones_valid(tmp_path, capsys):
    events, articles = sample_tables("run-1")
    commit_version(tmp_path, events, articles, "run-1")  # v0: valid
    broken = to_table(_replace(0, date_start=dt.date(2026, 1, 1))(sample_rows("run-2")), EventRow)
    commit_version(tmp_path, broken, to_table(sample_articles("run-2"), ArticleRow), "run-2")  # v1: broken

    assert muster(["validate", "--table", str(tmp_path / "events")]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"INVALID {tmp_path / 'events'} v1 ")
    assert "date_order: date_start 2026-01-01 after date_end 2025-07-31 (event ev-deploy)" in out

    assert muster(["validate", "--table", str(tmp_path / "events"), "--version", "0"]) == 0
    assert "OK" in capsys.readouterr().out


def test_muster_validate_matches_articles_of_the_same_run(tmp_path, capsys):
    """Events of run 1 are checked against run 1's articles, not a later run's changed text."""
    events, articles = sample_tables("run-1")
    commit_version(tmp_path, events, articles, "run-1")
    edited = [dataclasses.replace(a, text="X" + a.text) for a in sample_articles("run-2")]
    commit_version(tmp_path, events.slice(0, 0), to_table(edited, ArticleRow), "run-2")
    assert muster(["validate", "--table", str(tmp_path / "events"), "--version", "0"]) == 0
    assert "3 events" in capsys.readouterr().out


def test_muster_validate_user_errors(tmp_path, capsys):
    assert muster(["validate", "--table", str(tmp_path / "nothing")]) == 2
    assert "no Delta table" in capsys.readouterr().err
    events, articles = sample_tables()
    commit_version(tmp_path, events, articles, "run-1")
    assert muster(["validate", "--table", str(tmp_path / "events"), "--version", "7"]) == 2
    assert "has no version 7" in capsys.readouterr().err
