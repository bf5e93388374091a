"""CI regression guard: the events extracted from seeds/ must equal tests/snapshots/seeds_events.jsonl.

On a difference the test fails with the readable diff. If the change is intended, run
`make snapshot` and commit the new file: the change then shows up in review.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import polars as pl

from flows.diff import format_diff
from flows.snapshot import SORT_KEY, compare_with_snapshot, main as snapshot_main, read_snapshot, snapshot_lines, write_snapshot
from flows.versions import read_events
from sample_events import sample_rows, sample_tables
from schemas import EventRow, to_table

SNAPSHOT = Path(__file__).parent / "snapshots" / "seeds_events.jsonl"


def test_seed_events_match_the_snapshot(seed_run):
    events = read_events(seed_run.store.events)
    diff = compare_with_snapshot(events, SNAPSHOT)
    assert diff.empty, (
        "events extracted from seeds/ differ from the reviewed snapshot "
        "(if intended: `make snapshot`, review and commit the file)\n" + format_diff(diff)
    )


def test_snapshot_file_is_sorted_one_event_a_line_without_run_id():
    lines = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert all("run_id" not in r for r in rows)
    keys = [tuple(r[k] for k in SORT_KEY) for r in rows]
    assert keys == sorted(keys)


def test_round_trip_keeps_every_value(tmp_path):
    events, _ = sample_tables()
    path = tmp_path / "snap.jsonl"
    assert write_snapshot(events, path) == 3
    assert compare_with_snapshot(events, path).empty
    back = pl.from_arrow(read_snapshot(path))
    original = pl.from_arrow(events).drop("run_id").sort(list(SORT_KEY))
    assert back.sort(list(SORT_KEY)).equals(original)
    first = json.loads(path.read_text().splitlines()[0])
    assert first["event_id"] == "ev-deploy" and first["date_start"] == "2025-07-01"  # a1 sorts first; dates ISO


def test_lines_do_not_depend_on_row_order_or_run():
    rows = sample_rows("run-1")
    again = [dataclasses.replace(r, run_id="run-2") for r in reversed(rows)]
    assert snapshot_lines(to_table(rows, EventRow)) == snapshot_lines(to_table(again, EventRow))


def test_a_changed_extraction_fails_the_check_with_the_diff(tmp_path):
    events, _ = sample_tables()
    path = tmp_path / "snap.jsonl"
    write_snapshot(events, path)
    rows = sample_rows()
    rows[2] = dataclasses.replace(rows[2], place_admin1=None)
    diff = compare_with_snapshot(to_table(rows[1:], EventRow), path)
    assert [e.event_id for e in diff.removed] == ["ev-deploy"]
    assert [(c.event.event_id, c.changes[0].field, c.changes[0].old, c.changes[0].new) for c in diff.changed] == [
        ("ev-enlist", "place_admin1", "RU-MOW", None)
    ]
    assert 'place_admin1  "RU-MOW" → null' in format_diff(diff)


def test_snapshot_script_checks_a_table(seed_run, capsys):
    assert snapshot_main(["check", str(seed_run.store.events), str(SNAPSHOT)]) == 0
    assert "no differences" in capsys.readouterr().out
