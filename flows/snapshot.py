"""The reviewable snapshot of the events extracted from seeds/: sorted JSONL, one event a line.

CI compares a fresh run with tests/snapshots/seeds_events.jsonl (tests/test_snapshot.py) and
prints the readable diff on a difference; `make snapshot` rewrites it deliberately, so every
change in extracted events shows up in review. All columns but `run_id`; dates as ISO strings.

    python -m flows.snapshot write output/events tests/snapshots/seeds_events.jsonl
    python -m flows.snapshot check output/events tests/snapshots/seeds_events.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Union

import polars as pl
import pyarrow as pa

from flows.diff import EventDiff, diff_versions, format_diff
from schemas import EVENT_SCHEMA
from schemas.frames import plain_frame

SORT_KEY = ("article_id", "char_start", "event_type", "event_id")
SNAPSHOT_SCHEMA = pa.schema([f for f in EVENT_SCHEMA if f.name != "run_id"])
_DATES = [f.name for f in SNAPSHOT_SCHEMA if pa.types.is_date(f.type)]


def snapshot_lines(events: Union[pa.Table, pl.DataFrame]) -> list[str]:
    """Events → sorted JSON lines (keys in schema order, dates ISO, no run_id)."""
    frame = plain_frame(events).select(SNAPSHOT_SCHEMA.names).sort(list(SORT_KEY))
    return [
        json.dumps({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()}, ensure_ascii=False)
        for row in frame.iter_rows(named=True)
    ]


def read_snapshot(path: Union[str, Path]) -> pa.Table:
    """A snapshot file → Arrow table with the event schema (less run_id)."""
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        for name in _DATES:
            if row.get(name) is not None:
                row[name] = dt.date.fromisoformat(row[name])
    return pa.Table.from_pylist(rows, schema=SNAPSHOT_SCHEMA)


def write_snapshot(events: Union[pa.Table, pl.DataFrame], path: Union[str, Path]) -> int:
    lines = snapshot_lines(events)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines)


def compare_with_snapshot(events: Union[pa.Table, pl.DataFrame], path: Union[str, Path]) -> EventDiff:
    """What a fresh run extracted (new) against the reviewed snapshot (old)."""
    return diff_versions(read_snapshot(path), events, old_label=f"snapshot {Path(path).name}", new_label="this run")


def main(argv: list[str] | None = None) -> int:
    from flows.versions import read_events

    parser = argparse.ArgumentParser(prog="python -m flows.snapshot", description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("write", "check"))
    parser.add_argument("table", help="events table path (its latest version is used)")
    parser.add_argument("snapshot", help="snapshot file, e.g. tests/snapshots/seeds_events.jsonl")
    args = parser.parse_args(argv)
    events = read_events(args.table)
    if args.action == "write":
        old = read_snapshot(args.snapshot) if Path(args.snapshot).exists() else SNAPSHOT_SCHEMA.empty_table()
        diff = diff_versions(old, events, old_label="previous snapshot", new_label="new snapshot")
        n = write_snapshot(events, args.snapshot)
        print(format_diff(diff))
        print(f"wrote {n} events to {args.snapshot}")
        return 0
    diff = compare_with_snapshot(events, args.snapshot)
    print(format_diff(diff))
    return 0 if diff.empty else 1


if __name__ == "__main__":
    sys.exit(main())
