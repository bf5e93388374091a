"""Read one version of the events table, with the articles its events were extracted from.

Shared by `muster diff`, `muster validate` and `muster report`. A run commits events
first and articles last, both with the run's id in the commit metadata, so the articles
that match events version N are the articles version committed by the same run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pyarrow as pa

from flows.store import TableStore, VersionInfo, history, open_table
from schemas import ARTICLE_SCHEMA


class VersionNotFound(LookupError):
    """The table or the requested version does not exist (message is one readable line)."""


@dataclass(frozen=True, slots=True)
class TableVersion:
    """An events table version and the articles version that goes with it."""

    path: Path
    version: int
    info: VersionInfo
    events: pa.Table
    articles: pa.Table
    articles_version: Optional[int]

    @property
    def committed_at(self) -> str:
        return dt.datetime.fromtimestamp(self.info.timestamp_ms / 1000, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")


def versions(events_path: str | Path) -> list[VersionInfo]:
    """Versions of the events table, newest first; VersionNotFound when there is no table."""
    found = history(Path(events_path))
    if not found:
        raise VersionNotFound(f"no Delta table at {str(events_path)!r} (run `muster run` first)")
    return found


def resolve_version(events_path: str | Path, version: Optional[int]) -> VersionInfo:
    """The VersionInfo of `version` (None = latest)."""
    found = versions(events_path)
    if version is None:
        return found[0]
    for info in found:
        if info.version == version:
            return info
    known = sorted(v.version for v in found)
    raise VersionNotFound(f"table {str(events_path)!r} has no version {version} (versions {known[0]}..{known[-1]})")


def _listed_version(path: Path, version: int) -> pa.Table:
    """A version of a table that its history lists (so the table is there)."""
    table = open_table(path, version)
    assert table is not None
    return table.to_pyarrow_table()


def read_events(events_path: str | Path, version: Optional[int] = None) -> pa.Table:
    """The events table as of `version` (None = latest)."""
    info = resolve_version(events_path, version)
    return _listed_version(Path(events_path), info.version)


def matching_articles_version(store: TableStore, events_info: VersionInfo) -> Optional[int]:
    """The articles version committed by the run that committed `events_info`.

    Falls back to the newest articles version committed before the next events version
    (a run that died between its two commits leaves no articles commit of its own).
    """
    articles = history(store.articles)
    if not articles:
        return None
    run_id = events_info.metadata.get("run_id")
    if run_id:
        same_run = [a.version for a in articles if a.metadata.get("run_id") == run_id]
        if same_run:
            return max(same_run)
    later = [v.timestamp_ms for v in history(store.events) if v.version > events_info.version]
    limit = min(later) if later else None
    before = [a.version for a in articles if limit is None or a.timestamp_ms < limit]
    return max(before) if before else None


def load_version(events_path: str | Path, version: Optional[int] = None) -> TableVersion:
    """Events of `version` (None = latest) and the matching articles."""
    path = Path(events_path)
    info = resolve_version(path, version)
    events = _listed_version(path, info.version)
    store = TableStore.at(path)
    articles_version = matching_articles_version(store, info)
    articles = _listed_version(store.articles, articles_version) if articles_version is not None else ARTICLE_SCHEMA.empty_table()
    return TableVersion(
        path=path, version=info.version, info=info, events=events, articles=articles, articles_version=articles_version
    )
