"""The Prefect flow behind `muster run` (and the scheduled deployment).

scan inputs → stage changed articles in chunks → extract each chunk (parse, events,
validate) → commit one new version of the Delta tables. Unchanged articles (same
content hash as in the table) are skipped; a run with nothing new commits nothing.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Optional

import pyarrow as pa
import pyarrow.parquet as pq
from prefect import flow, get_run_logger, task
from prefect.futures import as_completed

from extractors.articles import read_articles
from flows.artifacts import publish_run_summary
from flows.faults import fault_point
from flows.store import TableStore, article_hashes, commit_run, known_rejects, table_version
from schemas import ARTICLE_SCHEMA, ArticleRow, EventRow, RejectRow, to_table
from schemas.validate import validate_events

DEFAULT_CHUNK = 64


@dataclass(frozen=True, slots=True)
class Chunk:
    """A staged Parquet file of changed articles, extracted by one task."""

    index: int
    path: Path
    articles: int


@dataclass(frozen=True, slots=True)
class Scan:
    run_id: str
    articles_read: int
    unchanged: int
    chunks: list[Chunk]
    changed_ids: set[str]
    rejects: list[RejectRow]          # new ones only
    rejects_seen: int                 # already recorded by an earlier run


@dataclass(frozen=True, slots=True)
class ChunkResult:
    index: int
    events_path: Path
    articles: int
    events_by_type: dict[str, int]


@dataclass(slots=True)
class RunSummary:
    run_id: str
    input_path: str
    table: str
    model: str
    articles_read: int = 0
    articles_changed: int = 0
    articles_unchanged: int = 0
    events_by_type: dict[str, int] = field(default_factory=dict)
    rejects: list[RejectRow] = field(default_factory=list)
    rejects_seen: int = 0
    versions: dict[str, int] = field(default_factory=dict)
    events_version: Optional[int] = None
    committed: bool = False
    seconds: float = 0.0


class ValidationFailed(Exception):
    """Extracted rows broke a schema check: the run commits nothing."""


def muster_version() -> str:
    try:
        return importlib_metadata.version("muster")
    except importlib_metadata.PackageNotFoundError:
        return "0+unknown"


@lru_cache(maxsize=1)
def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=Path(__file__).parent,
                             capture_output=True, text=True, timeout=5)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _model_version(model: str) -> str:
    import spacy.util

    return spacy.util.get_package_version(model) or "unknown"


def _progress(message: str) -> None:
    """A short terminal line, and the same message in the flow run's log (Prefect's UI)."""
    print(f"  {message}", file=sys.stderr, flush=True)
    get_run_logger().info(message)


@task(name="scan-inputs", retries=2, retry_delay_seconds=1)
def scan_inputs(input_path: str, store: TableStore, run_id: str, chunk_size: int) -> Scan:
    """Read every input once; stage changed articles in chunks; keep only new rejects."""
    known = article_hashes(store)
    seen_rejects = known_rejects(store)
    staging = store.staging / run_id
    staging.mkdir(parents=True, exist_ok=True)
    chunks: list[Chunk] = []
    pending: list[ArticleRow] = []
    changed: set[str] = set()
    rejects: list[RejectRow] = []
    read = unchanged = rejects_seen = 0

    def flush() -> None:
        if pending:
            path = staging / f"articles-{len(chunks):05d}.parquet"
            pq.write_table(to_table(pending, ArticleRow), path)
            chunks.append(Chunk(len(chunks), path, len(pending)))
            pending.clear()

    for item in read_articles(Path(input_path), run_id=run_id):
        if isinstance(item, RejectRow):
            if (item.input_path, item.reason, item.sha256) in seen_rejects:
                rejects_seen += 1
            else:
                rejects.append(item)
            continue
        read += 1
        if known.get(item.article_id) == item.input_sha256:
            unchanged += 1
            continue
        changed.add(item.article_id)
        pending.append(item)
        if len(pending) >= chunk_size:
            flush()
    flush()
    return Scan(run_id, read, unchanged, chunks, changed, rejects, rejects_seen)


DEFAULT_EXTRACTOR = "extractors.events:extract_events"


def _import_extractor(path: str):
    """'module:function' → the event extractor (configured, like a spaCy component; default is ours)."""
    import importlib

    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


@task(name="extract-chunk")
def extract_chunk(chunk: Chunk, run_id: str, model: str, extractor: str = DEFAULT_EXTRACTOR) -> ChunkResult:
    """Parse one chunk of articles, extract events, validate them, stage them as Parquet."""
    from extractors.nlp import load_nlp, parse_articles

    extract_events = _import_extractor(extractor)

    if chunk.index == 1:
        fault_point("extracting")
    nlp = load_nlp(model)
    articles_table = pq.read_table(chunk.path, schema=ARTICLE_SCHEMA)
    articles = [ArticleRow(**row) for row in articles_table.to_pylist()]
    rows: list[EventRow] = []
    for doc, article in parse_articles(nlp, articles):
        rows.extend(extract_events(doc, article, run_id=run_id))
    events = to_table(rows, EventRow)
    violations = validate_events(events, articles_table)
    if violations:
        raise ValidationFailed(f"chunk {chunk.index}: " + "; ".join(map(str, violations[:5])))
    out = chunk.path.with_name(f"events-{chunk.index:05d}.parquet")
    pq.write_table(events, out)
    return ChunkResult(chunk.index, out, len(articles), dict(Counter(r.event_type for r in rows)))


@task(name="commit-tables", retries=2, retry_delay_seconds=2)
def commit_tables(store: TableStore, scan: Scan, results: list[ChunkResult], meta: dict[str, str]) -> dict[str, int]:
    rejects = to_table(scan.rejects, RejectRow)
    return commit_run(store, event_files=[r.events_path for r in sorted(results, key=lambda r: r.index)],
                      article_files=[c.path for c in scan.chunks], rejects=rejects,
                      replaced_ids=scan.changed_ids, metadata=meta)


def task_runner(runner: str = "thread", workers: int = 1, address: Optional[str] = None):
    """The Prefect task runner for extraction chunks: in-process, a process pool, or Dask."""
    if runner == "thread":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=max(1, workers))
    if runner == "process":
        from prefect.task_runners import ProcessPoolTaskRunner
        from flows.parallelism import exit_with_parent

        return ProcessPoolTaskRunner(max_workers=max(1, workers), initializer=exit_with_parent)
    if runner == "dask":
        from prefect_dask import DaskTaskRunner

        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": max(1, workers), "threads_per_worker": 1,
                                              "processes": True, "dashboard_address": None})
    raise ValueError(f"unknown runner {runner!r} (thread, process or dask)")


def run_muster(input_path: str, table: str, *, model: Optional[str] = None, chunk_size: int = DEFAULT_CHUNK,
               runner: str = "thread", workers: int = 1, address: Optional[str] = None,
               extractor: str = DEFAULT_EXTRACTOR) -> "RunSummary":
    """Run the flow with the chosen task runner (what `muster run` calls)."""
    flow_ = muster_run.with_options(task_runner=task_runner(runner, workers, address))
    return flow_(input_path=input_path, table=table, model=model, chunk_size=chunk_size, extractor=extractor)


@flow(name="muster-run", log_prints=False)
def muster_run(input_path: str = "seeds", table: str = "output/events", model: Optional[str] = None,
               chunk_size: int = DEFAULT_CHUNK, extractor: str = DEFAULT_EXTRACTOR) -> RunSummary:
    """Articles in `input_path` → one new version of the events/articles/rejects Delta tables."""
    from extractors.nlp import model_name

    started = time.monotonic()
    model = model or model_name()
    from prefect.runtime import flow_run

    run_id = str(flow_run.id or uuid.uuid4())
    store = TableStore.at(table)
    summary = RunSummary(run_id=run_id, input_path=input_path, table=table, model=model)
    with store.lock():
        _run_locked(summary, store, input_path, run_id, model, chunk_size, extractor)
    summary.events_version = table_version(store.events)
    summary.seconds = round(time.monotonic() - started, 2)
    publish_run_summary(summary)
    return summary


def _run_locked(summary: RunSummary, store: TableStore, input_path: str, run_id: str, model: str, chunk_size: int,
                extractor: str) -> None:
    shutil.rmtree(store.staging, ignore_errors=True)  # leftovers of a killed run; we hold the lock
    try:
        scan = scan_inputs(input_path, store, run_id, chunk_size)
        summary.articles_read, summary.articles_unchanged = scan.articles_read, scan.unchanged
        summary.articles_changed, summary.rejects, summary.rejects_seen = len(scan.changed_ids), scan.rejects, scan.rejects_seen
        total = summary.articles_changed
        if total:
            _progress(f"{total} new or changed article(s) in {len(scan.chunks)} chunk(s); {scan.unchanged} unchanged")
        futures = [extract_chunk.submit(c, run_id, model, extractor) for c in scan.chunks]
        results: list[ChunkResult] = []
        done = 0
        for fut in as_completed(futures):
            res = fut.result()
            results.append(res)
            done += res.articles
            if len(futures) > 1:
                _progress(f"extracted {done}/{total} articles")
        by_type = Counter()
        for r in results:
            by_type.update(r.events_by_type)
        summary.events_by_type = dict(sorted(by_type.items()))
        if scan.changed_ids or scan.rejects:
            meta = {
                "run_id": run_id, "muster_version": muster_version(), "git_commit": git_commit(),
                "model": model, "model_version": _model_version(model), "input": str(input_path),
                "articles_read": str(scan.articles_read), "articles_changed": str(len(scan.changed_ids)),
                "events": str(sum(by_type.values())), "rejects": str(len(scan.rejects)),
                "events_by_type": ",".join(f"{k}={v}" for k, v in summary.events_by_type.items()),
            }
            summary.versions = commit_tables(store, scan, results, meta)
            summary.committed = True
    finally:
        shutil.rmtree(store.staging / run_id, ignore_errors=True)
