"""diff_versions (pure), its renderings, and `muster diff` on real Delta versions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import polars as pl
import pytest

from flows.cli import main as muster
from flows.diff import FieldChange, diff_to_json, diff_versions, format_diff
from sample_events import commit_version, sample_articles, sample_rows, sample_tables
from schemas import ArticleRow, EventRow, to_table


def _changed_rows(run_id: str = "run-2") -> list[EventRow]:
    """v2 of the sample: deployment re-dated and re-counted, confirmation removed, one event added."""
    deploy, _confirm, enlist = sample_rows(run_id)
    deploy = dataclasses.replace(deploy, date_start=dt.date(2025, 7, 15), quantity_max=None, modality="believed")
    added = dataclasses.replace(enlist, event_id="ev-enlist-2", event_type="deployment", trigger="signed contracts with")
    return [deploy, enlist, added]


def test_identical_tables_differ_in_nothing_even_with_new_run_ids():
    old, _ = sample_tables("run-1")
    new, _ = sample_tables("run-2")
    diff = diff_versions(old, new)
    assert diff.empty and diff.counts() == {"added": 0, "removed": 0, "changed": 0, "unchanged": 3}


def test_added_removed_and_changed_fields():
    old, _ = sample_tables("run-1")
    new = to_table(_changed_rows(), EventRow)
    diff = diff_versions(old, new, old_label="v1", new_label="v2")
    assert [e.event_id for e in diff.added] == ["ev-enlist-2"]
    assert [e.event_id for e in diff.removed] == ["ev-confirm"]
    assert [c.event.event_id for c in diff.changed] == ["ev-deploy"]
    assert diff.changed[0].changes == (
        FieldChange("modality", "asserted", "believed"),
        FieldChange("date_start", dt.date(2025, 7, 1), dt.date(2025, 7, 15)),
        FieldChange("quantity_max", 999, None),
    )
    assert diff.unchanged == 1


def test_polars_and_arrow_inputs_give_the_same_diff():
    old, _ = sample_tables("run-1")
    new = to_table(_changed_rows(), EventRow)
    assert diff_versions(pl.from_arrow(old), pl.from_arrow(new)) == diff_versions(old, new)


def test_duplicate_event_ids_cannot_be_matched():
    old, _ = sample_tables()
    rows = sample_rows()
    with pytest.raises(ValueError, match="not unique"):
        diff_versions(old, to_table(rows + rows[:1], EventRow))


def test_terminal_table_shows_each_change_old_to_new():
    old, _ = sample_tables("run-1")
    text = format_diff(diff_versions(old, to_table(_changed_rows(), EventRow), old_label="v1", new_label="v2"))
    lines = text.splitlines()
    assert lines[0] == "events v1 → v2: 1 added, 1 removed, 1 changed, 1 unchanged"
    assert any(l.startswith("  + ev-enlist-2") and "deployment" in l and "2024-12-19" in l for l in lines)
    assert any(l.startswith("  - ev-confirm") and "Pyongyang confirmed" in l for l in lines)
    assert "      date_start    2025-07-01 → 2025-07-15" in lines
    assert '      modality      "asserted" → "believed"' in lines
    assert "      quantity_max  999 → null" in lines


def test_json_form():
    old, _ = sample_tables("run-1")
    data = diff_to_json(diff_versions(old, to_table(_changed_rows(), EventRow), old_label="v1", new_label="v2"))
    json.dumps(data)  # plain JSON
    assert data["counts"] == {"added": 1, "removed": 1, "changed": 1, "unchanged": 1}
    assert data["changed"][0]["changes"]["date_start"] == {"old": "2025-07-01", "new": "2025-07-15"}
    assert data["removed"][0]["event_id"] == "ev-confirm"


# ---- `muster diff` on a real table -----------------------------------------------------------------


@pytest.fixture()
def two_versions(tmp_path):
    """A table with v0 (the sample) and v1 (changed), committed like runs do."""
    commit_version(tmp_path, *sample_tables("run-1"), "run-1")
    commit_version(tmp_path, to_table(_changed_rows(), EventRow), to_table(sample_articles("run-2"), ArticleRow), "run-2")
    return str(tmp_path / "events")


def test_muster_diff_defaults_to_the_two_latest_versions(two_versions, capsys):
    assert muster(["diff", "--table", two_versions]) == 0
    out = capsys.readouterr().out
    assert out.startswith("events v0 → v1: 1 added, 1 removed, 1 changed, 1 unchanged")


def test_muster_diff_json_and_fail_on_change(two_versions, capsys):
    assert muster(["diff", "--table", two_versions, "--json", "--fail-on-change"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["from"], data["to"]) == ("v0", "v1")
    assert [c["event_id"] for c in data["changed"]] == ["ev-deploy"]
    assert muster(["diff", "--table", two_versions, "--from", "1", "--to", "1", "--fail-on-change"]) == 0
    assert "no differences" in capsys.readouterr().out


def test_muster_diff_user_errors(two_versions, tmp_path, capsys):
    assert muster(["diff", "--table", two_versions, "--from", "5"]) == 2
    assert "--from 5: no such version" in capsys.readouterr().err
    assert muster(["diff", "--table", two_versions, "--to", "0"]) == 2
    assert "nothing to compare" in capsys.readouterr().err
    assert muster(["diff", "--table", str(tmp_path / "none")]) == 2
    assert "no Delta table" in capsys.readouterr().err


def test_muster_diff_on_the_seed_run(seed_run, capsys):
    """The seeds' first commit adds every extracted event to the empty version 0."""
    assert muster(["diff", "--table", str(seed_run.store.events), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    n = sum(seed_run.summary.events_by_type.values())
    assert data["counts"] == {"added": n, "removed": 0, "changed": 0, "unchanged": 0}
    assert data["to"] == f"v{seed_run.summary.events_version}"
