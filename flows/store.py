"""The Delta tables of one output folder: events, articles, rejects — reads and commits.

Commit order makes a crash harmless: events first, rejects, then articles last. The
articles table records which content hash each article's events come from, so a run
killed after the events commit re-extracts those articles next time and replaces
their rows (overwrite by predicate), never duplicating them.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

import polars as pl
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq
from deltalake import CommitProperties, DeltaTable, write_deltalake
from deltalake import Field as DeltaField
from deltalake import Schema as DeltaSchema
from deltalake.exceptions import TableNotFoundError

from flows.faults import fault_point
from schemas import ARTICLE_SCHEMA, EVENT_SCHEMA, REJECT_SCHEMA
from schemas.frames import check_vocabularies, conform, enum_dtypes


@dataclass(frozen=True, slots=True)
class TableStore:
    """Paths of the three tables. `--table output/events` puts articles/ and rejects/ beside events/."""

    events: Path
    articles: Path
    rejects: Path
    staging: Path

    @classmethod
    def at(cls, events_path: str | Path) -> "TableStore":
        events = Path(events_path)
        root = events.parent
        return cls(events=events, articles=root / "articles", rejects=root / "rejects", staging=root / "_staging")

    @contextlib.contextmanager
    def lock(self):
        """Exclusive lock on the output folder for one run: concurrent runs queue, never interleave commits."""
        root = self.events.parent
        root.mkdir(parents=True, exist_ok=True)
        with open(root / ".muster.lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def check_writable(self) -> None:
        """Raise PermissionError/OSError with a readable message if the output folder cannot be written."""
        root = self.events.parent
        root.mkdir(parents=True, exist_ok=True)
        probe = root / f".muster-write-probe-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()


def open_table(path: Path, version: Optional[int] = None) -> Optional[DeltaTable]:
    try:
        return DeltaTable(str(path), version=version) if version is not None else DeltaTable(str(path))
    except TableNotFoundError:
        return None


def read_frame(
    path: str | Path, record_type: type, version: Optional[int] = None, *, columns: Optional[list[str]] = None
) -> pl.DataFrame:
    """One table (events, articles or rejects: `record_type` says which) as a Polars frame with the schema's
    dtypes: controlled-vocabulary columns as pl.Enum (those columns take about a quarter of their
    String memory: bench/README.md). A table written by an older muster reads too, its newer columns null.
    `columns` reads only those (the articles' text is most of their size)."""
    table = open_table(Path(path), version)
    if table is None:
        raise FileNotFoundError(f"no Delta table at {str(path)!r} (run `muster run` first)")
    frame = conform(pl.scan_delta(table), record_type)
    try:
        return (frame.select(columns) if columns is not None else frame).collect()
    except pl.exceptions.InvalidOperationError:  # a strict Enum cast failed: say which column and values
        have = set(table.schema().to_arrow().names)
        check_vocabularies(pl.scan_delta(table).select(c for c in enum_dtypes(record_type) if c in have).collect(), record_type)
        raise


def table_version(path: Path) -> Optional[int]:
    table = open_table(path)
    return table.version() if table is not None else None


@dataclass(frozen=True, slots=True)
class KnownArticle:
    """What the articles table says of an article: the input its rows come from, and how it went."""

    input_sha256: str
    status: str
    muster_version: Optional[str]


def article_hashes(store: TableStore) -> dict[str, KnownArticle]:
    """article_id → the input_sha256 (content + title + published) whose events are in the table, its
    status and the muster version that extracted it."""
    table = open_table(store.articles)
    if table is None:
        return {}
    names = set(table.schema().to_arrow().names)
    cols: list[str] = [c for c in ("article_id", "input_sha256", "status", "muster_version") if c in names]
    t = table.to_pyarrow_table(columns=cols)
    get = lambda c: t.column(c).to_pylist() if c in cols else [None] * t.num_rows
    return {
        aid: KnownArticle(sha, status or "ok", version)
        for aid, sha, status, version in zip(get("article_id"), get("input_sha256"), get("status"), get("muster_version"))
    }


def known_rejects(store: TableStore) -> set[tuple[str, str, Optional[str]]]:
    """(input_path, reason, sha256) of rejects already recorded: a rerun does not repeat them."""
    table = open_table(store.rejects)
    if table is None:
        return set()
    t = table.to_pyarrow_table(columns=["input_path", "reason", "sha256"])
    return set(zip(*(t.column(c).to_pylist() for c in ("input_path", "reason", "sha256"))))


def _in_predicate(ids: Iterable[str]) -> str:
    quoted = ",".join("'" + i.replace("'", "''") + "'" for i in sorted(ids))
    return f"article_id IN ({quoted})"


_BATCH_ROWS = 4096  # rows per batch when streaming staged files or scanning a table


def _staged(paths: list[Path], schema: pa.Schema) -> pa.RecordBatchReader:
    """Stream staged Parquet files one batch at a time, one file after another: memory stays at a
    batch whatever the size of the run (a dataset scanner would read several files ahead)."""

    def batches():
        for path in paths:
            yield from pq.ParquetFile(path).iter_batches(batch_size=_BATCH_ROWS)

    return pa.RecordBatchReader.from_batches(schema, batches())


def _holds_any(path: Path, ids: set[str]) -> bool:
    """Does the table at `path` have a row for any of these article ids? (Streams one column.)"""
    table = open_table(path)
    if table is None or not ids:
        return False
    wanted = pa.array(sorted(ids), pa.string())
    scanner = table.to_pyarrow_dataset().scanner(
        columns=["article_id"], filter=pads.field("article_id").isin(wanted), batch_size=_BATCH_ROWS
    )
    return any(batch.num_rows for batch in scanner.to_batches())


def _replace(path: Path, data: pa.RecordBatchReader, ids: set[str], props: CommitProperties) -> None:
    """One commit that replaces the rows of these article ids with `data`. Articles the table has no
    row for yet (a first run, new articles) are appended: delta-rs's overwrite by predicate costs
    time and memory in proportion to the data, an append does not. Columns added to a record since
    the table was created (e.g. the articles' input_kind) are merged into its schema, null in older rows."""
    if _holds_any(path, ids):
        write_deltalake(
            str(path), data, mode="overwrite", predicate=_in_predicate(ids), commit_properties=props, schema_mode="merge"
        )
    else:
        write_deltalake(str(path), data, mode="append", commit_properties=props, schema_mode="merge")


def _committed_version(path: Path) -> int:
    version = table_version(path)
    if version is None:
        raise RuntimeError(f"no Delta table at {path} right after a commit to it")
    return version


def commit_run(
    store: TableStore,
    *,
    event_files: list[Path],
    article_files: list[Path],
    rejects: pa.Table,
    replaced_ids: set[str],
    metadata: dict[str, str],
) -> dict[str, int]:
    """Commit one run: one new version of each table that changed. Returns the new versions."""
    ensure_tables(store)
    props = CommitProperties(custom_metadata={k: str(v) for k, v in metadata.items()})
    versions: dict[str, int] = {}
    if replaced_ids:
        _replace(store.events, _staged(event_files, EVENT_SCHEMA), replaced_ids, props)
        versions["events"] = _committed_version(store.events)
    rejects = _new_rejects(store, rejects)  # a retried commit must not write the same reject twice
    if rejects.num_rows:
        write_deltalake(str(store.rejects), rejects, mode="append", commit_properties=props)
        versions["rejects"] = _committed_version(store.rejects)
    fault_point("after-events-commit")
    if replaced_ids:  # last: marks these articles' events as complete
        _replace(store.articles, _staged(article_files, ARTICLE_SCHEMA), replaced_ids, props)
        versions["articles"] = _committed_version(store.articles)
    return versions


def _new_rejects(store: TableStore, rejects: pa.Table) -> pa.Table:
    """The rejects not yet in the table, by (input_path, reason, sha256): writing rejects is idempotent."""
    if not rejects.num_rows:
        return rejects
    seen = known_rejects(store)
    keys = zip(*(rejects.column(c).to_pylist() for c in ("input_path", "reason", "sha256")))
    keep, fresh = [], set()
    for key in keys:
        keep.append(key not in seen and key not in fresh)
        fresh.add(key)
    return rejects.filter(pa.array(keep, pa.bool_()))


@dataclass(frozen=True, slots=True)
class VersionInfo:
    version: int
    timestamp_ms: int
    operation: str
    metadata: dict[str, str]


_DELTA_KEYS = {
    "timestamp",
    "operation",
    "operationParameters",
    "engineInfo",
    "operationMetrics",
    "clientVersion",
    "version",
    "readVersion",
    "isBlindAppend",
}


def history(path: Path) -> list[VersionInfo]:
    """Versions of a table, newest first, with the metadata muster attached to each commit."""
    table = open_table(path)
    if table is None:
        return []
    return [
        VersionInfo(
            version=h["version"],
            timestamp_ms=h.get("timestamp", 0),
            operation=h.get("operation", ""),
            metadata={k: v for k, v in h.items() if k not in _DELTA_KEYS},
        )
        for h in table.history()
    ]


def ensure_tables(store: TableStore) -> None:
    """Create empty tables so readers always find all three (version 0 = empty); a table written by an
    earlier muster gets the columns added since (null in its old rows), in one commit of its own."""
    for path, schema in ((store.events, EVENT_SCHEMA), (store.articles, ARTICLE_SCHEMA), (store.rejects, REJECT_SCHEMA)):
        table = open_table(path)
        if table is None:
            write_deltalake(
                str(path),
                schema.empty_table(),
                mode="error",
                commit_properties=CommitProperties(custom_metadata={"muster": "create"}),
            )
            continue
        have = set(table.schema().to_arrow().names)
        missing = [f for f in schema if f.name not in have]
        if missing:
            table.alter.add_columns(
                [DeltaField(f.name, _delta_type(f.type), nullable=True) for f in missing],
                commit_properties=CommitProperties(custom_metadata={"muster": "upgrade"}),
            )


def _delta_type(arrow_type: pa.DataType):
    """The Delta type of an Arrow column type (for columns added to an older table)."""
    return DeltaSchema.from_arrow(pa.schema([pa.field("c", arrow_type)])).fields[0].type
