"""What changed between two sets of events, matched by `event_id`.

`diff_versions` is a pure function over two tables (Arrow or Polars): used by `muster diff`,
by the snapshot check of CI and by the analysts' guide. `run_id` is ignored: it changes on
every run by design. The comparison is done with Polars expressions; only the rows that
differ become Python records.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Iterable, Union

import polars as pl
import pyarrow as pa

from schemas.frames import plain_frame

IGNORED = ("run_id",)
Table = Union[pa.Table, pl.DataFrame]


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: object
    new: object


@dataclass(frozen=True, slots=True)
class EventSummary:
    """Enough of an event to recognise it in a listing."""

    event_id: str
    article_id: str
    event_type: str
    evidence: str
    char_start: int
    date_start: dt.date | None
    date_end: dt.date | None
    place_name: str | None


@dataclass(frozen=True, slots=True)
class ChangedEvent:
    event: EventSummary  # as in the new table
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class EventDiff:
    old_label: str
    new_label: str
    added: tuple[EventSummary, ...]
    removed: tuple[EventSummary, ...]
    changed: tuple[ChangedEvent, ...]
    unchanged: int
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.columns_added or self.columns_removed)

    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "removed": len(self.removed), "changed": len(self.changed), "unchanged": self.unchanged}


def _frame(table: Table) -> pl.DataFrame:
    """Values compared as text: a frame read with Enum columns (`read_frame`) diffs as its Arrow table does."""
    frame = plain_frame(table)
    return frame.drop([c for c in IGNORED if c in frame.columns])


def _unique_ids(frame: pl.DataFrame, label: str) -> None:
    dup = frame.group_by("event_id").len().filter(pl.col("len") > 1)
    if dup.height:
        raise ValueError(f"{label}: event_id is not unique ({dup.height} duplicated, e.g. {dup['event_id'][0]})")


def _same(x: object, y: object) -> bool:
    return x == y or (isinstance(x, float) and isinstance(y, float) and x != x and y != y)  # NaN == NaN here


def _summary(row: dict[str, Any]) -> EventSummary:
    fields: dict[str, Any] = {name: row.get(name) for name in EventSummary.__slots__}  # a polars row's values
    return EventSummary(**fields)


def _summaries(frame: pl.DataFrame) -> tuple[EventSummary, ...]:
    ordered = frame.sort(["article_id", "char_start", "event_type", "event_id"], nulls_last=True)
    return tuple(_summary(row) for row in ordered.iter_rows(named=True))


def diff_versions(old: Table, new: Table, *, old_label: str = "old", new_label: str = "new") -> EventDiff:
    """Events added, removed and changed (field by field, old → new) from `old` to `new`."""
    a, b = _frame(old), _frame(new)
    _unique_ids(a, old_label)
    _unique_ids(b, new_label)
    common = [c for c in b.columns if c in a.columns]
    if a.schema != b.schema:  # compare on common columns with the new table's types (e.g. a snapshot's dates)
        a = a.with_columns([pl.col(c).cast(b.schema[c], strict=False) for c in common if a.schema[c] != b.schema[c]])
    added = b.join(a.select("event_id"), on="event_id", how="anti")
    removed = a.join(b.select("event_id"), on="event_id", how="anti")
    compared = [c for c in common if c != "event_id"]
    both = b.select(common).join(a.select(common), on="event_id", how="inner", suffix="__old")
    any_diff = pl.any_horizontal([pl.col(c).ne_missing(pl.col(f"{c}__old")) for c in compared]) if compared else pl.lit(False)
    changed = []
    for row in both.filter(any_diff).sort(["article_id", "char_start", "event_type", "event_id"]).iter_rows(named=True):
        changes = tuple(FieldChange(c, row[f"{c}__old"], row[c]) for c in compared if not _same(row[f"{c}__old"], row[c]))
        if changes:
            changed.append(ChangedEvent(_summary(row), changes))
    return EventDiff(
        old_label=old_label,
        new_label=new_label,
        added=_summaries(added),
        removed=_summaries(removed),
        changed=tuple(changed),
        unchanged=both.height - len(changed),
        columns_added=tuple(c for c in b.columns if c not in a.columns),
        columns_removed=tuple(c for c in a.columns if c not in b.columns),
    )


# ---- rendering ---------------------------------------------------------------------------------


def _value(v: object) -> str:
    if v is None:
        return "null"
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _when(e: EventSummary) -> str:
    if e.date_start is None:
        return "undated"
    return e.date_start.isoformat() if e.date_start == e.date_end else f"{e.date_start}..{e.date_end}"


def _rows(events: Iterable[EventSummary], mark: str, evidence_width: int) -> list[str]:
    lines = []
    for e in events:
        lines.append(
            f"  {mark} {e.event_id[:12]:<12}  {e.event_type:<12}  {_clip(e.article_id, 22):<22}  "
            f"{_when(e):<22}  {_clip(e.evidence, evidence_width)}"
        )
    return lines


def format_diff(diff: EventDiff, *, evidence_width: int = 60) -> str:
    """The diff as a terminal table a reviewer can read."""
    c = diff.counts()
    head = (
        f"events {diff.old_label} → {diff.new_label}: {c['added']} added, {c['removed']} removed, "
        f"{c['changed']} changed, {c['unchanged']} unchanged"
    )
    lines = [head]
    if diff.columns_added or diff.columns_removed:
        lines.append(
            f"  columns added: {', '.join(diff.columns_added) or '-'}; columns removed: {', '.join(diff.columns_removed) or '-'}"
        )
    if diff.empty:
        lines.append("  no differences")
        return "\n".join(lines)
    header = f"    {'event_id':<12}  {'type':<12}  {'article':<22}  {'date':<22}  evidence"
    if diff.added:
        lines += ["", f"added ({len(diff.added)})", header] + _rows(diff.added, "+", evidence_width)
    if diff.removed:
        lines += ["", f"removed ({len(diff.removed)})", header] + _rows(diff.removed, "-", evidence_width)
    if diff.changed:
        lines += ["", f"changed ({len(diff.changed)})", header]
        for ch in diff.changed:
            lines += _rows([ch.event], "~", evidence_width)
            width = max(len(f.field) for f in ch.changes)
            for f in ch.changes:
                lines.append(f"      {f.field:<{width}}  {_value(f.old)} → {_value(f.new)}")
    return "\n".join(lines)


def _json_value(v: object) -> object:
    return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v


def _event_json(e: EventSummary) -> dict:
    return {name: _json_value(getattr(e, name)) for name in EventSummary.__slots__}


def diff_to_json(diff: EventDiff) -> dict:
    """The diff as plain JSON-ready data (`muster diff --json`)."""
    return {
        "from": diff.old_label,
        "to": diff.new_label,
        "counts": diff.counts(),
        "columns_added": list(diff.columns_added),
        "columns_removed": list(diff.columns_removed),
        "added": [_event_json(e) for e in diff.added],
        "removed": [_event_json(e) for e in diff.removed],
        "changed": [
            {
                **_event_json(ch.event),
                "changes": {f.field: {"old": _json_value(f.old), "new": _json_value(f.new)} for f in ch.changes},
            }
            for ch in diff.changed
        ],
    }
