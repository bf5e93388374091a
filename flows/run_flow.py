"""The Prefect flow behind `muster run` (and the scheduled deployment).

scan inputs → stage changed articles in chunks → extract each chunk (parse, events,
validate) → commit one new version of the Delta tables. Unchanged articles (same
content hash as in the table) are skipped; a run with nothing new commits nothing.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import metadata as importlib_metadata
from pathlib import Path
from typing import Any, Optional, Sequence

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from prefect import flow, get_run_logger, task
from prefect.futures import PrefectFuture, as_completed

from extractors.articles import duplicate_reason, read_articles, warc_files
from extractors.limits import limits, too_long
from extractors.topic import gate, topic
from flows.artifacts import publish_run_summary
from flows.faults import fault_point
from flows.store import TableStore, article_hashes, commit_run, known_rejects, table_version
from flows.worker_pool import pool_size, start_workers_early, workers_started
from schemas import ARTICLE_SCHEMA, ArticleRow, EventRow, RejectRow, to_table

DEFAULT_CHUNK = 64
DEFAULT_EXTRACTOR = "extractors.events:extract_events"
_OFF_TOPIC_BATCH = 4096  # off-topic articles staged per file (they are only recorded, never parsed)


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
    rejects: list[RejectRow]  # new ones only
    rejects_seen: int  # already recorded by an earlier run
    quarantined_seen: int = 0  # quarantined earlier, same article and muster: not retried
    off_topic_files: list[Path] = field(default_factory=list)  # staged off-topic articles (not parsed)
    on_topic: int = 0  # of the articles read, on topic (all of them with --all-topics)
    off_topic: int = 0
    warc_files: list[Path] = field(default_factory=list)  # left to one task each (the Dask runner)
    ids: dict[str, "ReadId"] = field(default_factory=dict)  # kept only where WARC tasks are merged: id → where read


@dataclass(frozen=True, slots=True)
class ReadId:
    """Where an article id was first read, and its topic verdict: what merging WARC tasks needs to
    reject a later copy as a duplicate and take it out of the counts exactly."""

    input_path: str
    sha256: str
    url: str
    on_topic: bool


@dataclass(frozen=True, slots=True)
class ChunkResult:
    index: int
    events_path: Path
    articles_path: Path  # the chunk's articles with their final status (ok / quarantined)
    articles: int
    events_by_type: dict[str, int]
    quarantined: list[RejectRow] = field(default_factory=list)


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
    quarantined: list[RejectRow] = field(default_factory=list)
    quarantined_seen: int = 0
    on_topic: int = 0
    off_topic: int = 0
    all_topics: bool = False
    versions: dict[str, int] = field(default_factory=dict)
    events_version: Optional[int] = None
    committed: bool = False
    seconds: float = 0.0


def muster_version() -> str:
    try:
        return importlib_metadata.version("muster")
    except importlib_metadata.PackageNotFoundError:
        return "0+unknown"


def extractor_version() -> str:
    """What extracted an article: muster's version and git commit. A quarantined article is retried
    when this changes (or the article does), not on every run."""
    commit = git_commit()
    return muster_version() + (f"+{commit}" if commit != "unknown" else "")


@lru_cache(maxsize=1)
def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=Path(__file__).parent, capture_output=True, text=True, timeout=5
        )
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


class _Stager:
    """Sorts what a reader yields, in order: rejects (new, or recorded by an earlier run), unchanged
    articles, articles quarantined earlier by the same muster, off-topic ones (recorded, not parsed),
    and the articles to parse, staged in Parquet chunks of `chunk_size` under `staging` (file names
    begin with `prefix`, chunk indices with `first_index`, so several stagers can share one folder)."""

    def __init__(
        self,
        store: TableStore,
        staging: Path,
        run_id: str,
        chunk_size: int,
        all_topics: bool,
        *,
        prefix: str = "",
        first_index: int = 0,
        track_ids: bool = False,
    ) -> None:
        self.known = article_hashes(store)
        self.seen_rejects = known_rejects(store)
        self.version = extractor_version()
        self.limit = limits()
        self.staging, self.run_id, self.chunk_size, self.all_topics = staging, run_id, chunk_size, all_topics
        self.prefix, self.first_index = prefix, first_index
        staging.mkdir(parents=True, exist_ok=True)
        self.chunks: list[Chunk] = []
        self.pending: list[ArticleRow] = []
        self.changed: set[str] = set()
        self.rejects: list[RejectRow] = []
        self.read = self.unchanged = self.rejects_seen = self.quarantined_seen = self.on_topic = 0
        self.off_topic_rows: list[ArticleRow] = []
        self.off_topic_files: list[Path] = []
        self.track_ids = track_ids  # keep every id read (for merging WARC tasks; one record per article)
        self.ids: dict[str, ReadId] = {}

    def add(self, item: ArticleRow | RejectRow) -> Optional[Chunk]:
        """Sort one item; the chunk it completes, if it does."""
        if isinstance(item, ArticleRow) and (reason := too_long(item.text, self.limit)):
            item = RejectRow(
                input_path=item.source_path,
                reason=reason,
                run_id=self.run_id,
                article_id=item.article_id,
                sha256=item.sha256,
                kind="input",
            )
        if isinstance(item, RejectRow):
            if (item.input_path, item.reason, item.sha256) in self.seen_rejects:
                self.rejects_seen += 1
            else:
                self.rejects.append(item)
            return None
        self.read += 1
        verdict = None if self.all_topics else gate(item.text)
        on = verdict is None or verdict.on_topic
        self.on_topic += on
        if self.track_ids:
            self.ids.setdefault(item.article_id, ReadId(item.source_path, item.sha256, item.url or "", on))
        seen = self.known.get(item.article_id)
        if seen is not None and seen.input_sha256 == item.input_sha256 and (seen.status == "off_topic") == (not on):
            # same input, same verdict (a topic change re-evaluates exactly the articles whose verdict it flips)
            if seen.status != "quarantined":
                self.unchanged += 1
                return None
            if seen.muster_version == self.version:
                self.quarantined_seen += 1
                return None
        self.changed.add(item.article_id)
        if verdict is not None and not on:
            self.off_topic_rows.append(replace(item, status="off_topic", status_reason=verdict.reason))
            if len(self.off_topic_rows) >= _OFF_TOPIC_BATCH:
                self._flush_off_topic()
            return None
        self.pending.append(item)
        return self._flush() if len(self.pending) >= self.chunk_size else None

    def finish(self) -> Optional[Chunk]:
        self._flush_off_topic()
        return self._flush()

    def _flush_off_topic(self) -> None:
        if self.off_topic_rows:
            path = self.staging / f"{self.prefix}off-topic-{len(self.off_topic_files):05d}.parquet"
            pq.write_table(to_table(self.off_topic_rows, ArticleRow), path)
            self.off_topic_files.append(path)
            self.off_topic_rows.clear()

    def _flush(self) -> Optional[Chunk]:
        if not self.pending:
            return None
        path = self.staging / f"{self.prefix}articles-{len(self.chunks):05d}.parquet"
        pq.write_table(to_table(self.pending, ArticleRow), path)
        chunk = Chunk(self.first_index + len(self.chunks), path, len(self.pending))
        self.chunks.append(chunk)
        self.pending.clear()
        return chunk

    def balance_tail(self, workers: int) -> None:
        """Re-cut the last round of chunks (those the workers take together at the end of a run) into
        one chunk per worker of about equal text length, so that no worker sits idle while another
        finishes a full chunk. Order and indices stay those of the input; nothing else changes."""
        n = len(self.chunks)
        if workers < 2 or n < 2:
            return
        first = workers * ((n - 1) // workers)  # the last round's first chunk
        tail = self.chunks[first:]
        table = pa.concat_tables([pq.read_table(c.path, schema=ARTICLE_SCHEMA) for c in tail])
        if table.num_rows < workers:
            return
        cum = [0]
        for length in pc.utf8_length(table["text"]).to_pylist():
            cum.append(cum[-1] + length)
        n_rows, cuts = table.num_rows, [0]
        # cut k where the text so far is nearest k/workers of the whole, at least one article per chunk
        for k in range(1, workers):
            allowed = range(cuts[-1] + 1, n_rows - (workers - k) + 1)
            cuts.append(min(allowed, key=lambda j: abs(cum[j] - cum[-1] * k / workers)))
        cuts.append(n_rows)
        if any(b - a > self.chunk_size for a, b in zip(cuts, cuts[1:])):
            return  # an even cut would make a chunk larger than chunks are
        for c in tail:
            c.path.unlink()
        del self.chunks[first:]
        for a, b in zip(cuts, cuts[1:]):
            path = self.staging / f"{self.prefix}articles-{len(self.chunks):05d}.parquet"
            pq.write_table(table.slice(a, b - a), path)
            self.chunks.append(Chunk(self.first_index + len(self.chunks), path, b - a))

    def scan(self, warc_files: Sequence[Path] = ()) -> Scan:
        return Scan(
            self.run_id,
            self.read,
            self.unchanged,
            self.chunks,
            self.changed,
            self.rejects,
            self.rejects_seen,
            self.quarantined_seen,
            self.off_topic_files,
            self.on_topic,
            self.read - self.on_topic,
            list(warc_files),
            self.ids,
        )


@task(name="scan-inputs", retries=2, retry_delay_seconds=1)
def scan_inputs(
    input_path: str, store: TableStore, run_id: str, chunk_size: int, all_topics: bool = False, warc_tasks: bool = False
) -> Scan:
    """Read every input once; score it against the topic (before any parsing); stage changed on-topic
    articles in chunks and changed off-topic ones (not to be parsed) apart; keep only new rejects. With
    `warc_tasks` (the Dask runner), WARC files are not read here: each becomes its own task (`warc_task`)."""
    stager = _Stager(store, store.staging / run_id, run_id, chunk_size, all_topics, track_ids=warc_tasks)
    for item in read_articles(Path(input_path), run_id=run_id, skip_warc=warc_tasks):
        if stager.add(item) is not None and len(stager.chunks) == 1:
            start_workers_early()  # a full chunk to parse: the workers load their pipeline while the scan reads on
    stager.finish()
    stager.balance_tail(pool_size())
    return stager.scan(warc_files(Path(input_path)) if warc_tasks else ())


@dataclass(frozen=True, slots=True)
class WarcResult:
    """One WARC file read, staged and extracted by one task: its scan and its chunks' results."""

    index: int
    path: Path
    scan: Scan
    results: list[ChunkResult]


_WARC_INDEX = 1_000_000  # chunk indices of WARC file k start at (k + 1) * this: all chunks sort in input order


@task(name="extract-warc")
def warc_task(
    path: Path,
    index: int,
    store: TableStore,
    run_id: str,
    chunk_size: int,
    model: str,
    extractor: str = DEFAULT_EXTRACTOR,
    all_topics: bool = False,
) -> WarcResult:
    """One WARC file, whole, in one worker: read (streaming), sort and stage its records as the scan
    does, and extract each chunk as soon as it is staged (so memory stays that of one chunk)."""
    stager = _Stager(
        store,
        store.staging / run_id / f"warc-{index:05d}",
        run_id,
        chunk_size,
        all_topics,
        first_index=(index + 1) * _WARC_INDEX,
        track_ids=True,
    )
    results: list[ChunkResult] = []
    for item in read_articles(path, run_id=run_id):
        if (chunk := stager.add(item)) is not None:
            results.append(_extract(chunk, run_id, model, extractor))
    if (chunk := stager.finish()) is not None:
        results.append(_extract(chunk, run_id, model, extractor))
    return WarcResult(index, path, stager.scan(), results)


def _import_extractor(path: str):
    """'module:function' → the event extractor (configured, like a spaCy component; default is ours)."""
    import importlib

    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


@task(name="extract-chunk")
def extract_chunk(chunk: Chunk, run_id: str, model: str, extractor: str = DEFAULT_EXTRACTOR) -> ChunkResult:
    """Parse one chunk of articles, extract and validate their events, stage them as Parquet. An article
    that raises or whose rows fail validation is quarantined; the rest of the chunk goes on."""
    return _extract(chunk, run_id, model, extractor)


def _extract(chunk: Chunk, run_id: str, model: str, extractor: str) -> ChunkResult:
    from extractors.nlp import load_nlp
    from flows.quarantine import extract_guarded

    extract_events = _import_extractor(extractor)

    if chunk.index == 1:
        fault_point("extracting")
    nlp = load_nlp(model)
    articles_table = pq.read_table(chunk.path, schema=ARTICLE_SCHEMA)
    articles = [ArticleRow(**row) for row in articles_table.to_pylist()]
    outcome = extract_guarded(nlp, articles, extract_events, run_id=run_id)
    version = extractor_version()
    set_aside = {q.article.article_id: q for q in outcome.quarantined}
    final = [
        replace(
            a,
            muster_version=version,
            status="quarantined" if a.article_id in set_aside else a.status,
            status_reason=set_aside[a.article_id].check if a.article_id in set_aside else a.status_reason,
        )
        for a in articles
    ]
    out = chunk.path.with_name(f"events-{chunk.index:05d}.parquet")
    pq.write_table(to_table(outcome.rows, EventRow), out)
    articles_out = chunk.path.with_name(f"articles-final-{chunk.index:05d}.parquet")
    pq.write_table(to_table(final, ArticleRow), articles_out)
    return ChunkResult(
        chunk.index,
        out,
        articles_out,
        len(articles),
        dict(Counter(r.event_type for r in outcome.rows)),
        [q.reject(run_id, version) for q in outcome.quarantined],
    )


@task(name="commit-tables", retries=2, retry_delay_seconds=2)
def commit_tables(store: TableStore, scan: Scan, results: list[ChunkResult], meta: dict[str, str]) -> dict[str, int]:
    ordered = sorted(results, key=lambda r: r.index)
    rejects = to_table([*scan.rejects, *(q for r in ordered for q in r.quarantined)], RejectRow)
    return commit_run(
        store,
        event_files=[r.events_path for r in ordered],
        article_files=[*(r.articles_path for r in ordered), *scan.off_topic_files],
        rejects=rejects,
        replaced_ids=scan.changed_ids,
        metadata=meta,
    )


def task_runner(runner: str = "thread", workers: int = 1, address: Optional[str] = None, model: Optional[str] = None):
    """The Prefect task runner for extraction chunks: in-process, a process pool, or Dask."""
    if runner == "thread":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=max(1, workers))
    if runner == "process":
        from flows.worker_pool import WorkerPool

        return WorkerPool(max(1, workers), model)
    if runner == "dask":
        from prefect_dask import DaskTaskRunner

        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(
            cluster_kwargs={"n_workers": max(1, workers), "threads_per_worker": 1, "processes": True, "dashboard_address": None}
        )
    raise ValueError(f"unknown runner {runner!r} (thread, process or dask)")


def run_muster(
    input_path: str,
    table: str,
    *,
    model: Optional[str] = None,
    chunk_size: int = DEFAULT_CHUNK,
    runner: str = "thread",
    workers: int = 1,
    address: Optional[str] = None,
    extractor: str = DEFAULT_EXTRACTOR,
    all_topics: bool = False,
) -> "RunSummary":
    """Run the flow with the chosen task runner (what `muster run` calls)."""
    flow_ = muster_run.with_options(task_runner=task_runner(runner, workers, address, model))
    return flow_(
        input_path=input_path, table=table, model=model, chunk_size=chunk_size, extractor=extractor, all_topics=all_topics
    )


@flow(name="muster-run", log_prints=False)
def muster_run(
    input_path: str = "seeds",
    table: str = "output/events",
    model: Optional[str] = None,
    chunk_size: int = DEFAULT_CHUNK,
    extractor: str = DEFAULT_EXTRACTOR,
    all_topics: bool = False,
) -> RunSummary:
    """Articles in `input_path` → one new version of the events/articles/rejects Delta tables."""
    from extractors.nlp import model_name

    started = time.monotonic()
    model = model or model_name()
    from prefect.runtime import flow_run

    run_id = str(flow_run.id or uuid.uuid4())
    store = TableStore.at(table)
    summary = RunSummary(run_id=run_id, input_path=input_path, table=table, model=model, all_topics=all_topics)
    with store.lock():
        _run_locked(summary, store, input_path, run_id, model, chunk_size, extractor, all_topics)
    summary.events_version = table_version(store.events)
    summary.seconds = round(time.monotonic() - started, 2)
    publish_run_summary(summary)
    return summary


def _on_dask() -> bool:
    """Does this flow run hand its tasks to Dask (then each WARC file is its own task)?"""
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    if ctx is None or type(ctx.task_runner).__name__ != "DaskTaskRunner":
        return False
    from prefect_dask import DaskTaskRunner

    return isinstance(ctx.task_runner, DaskTaskRunner)


def _merge_warcs(
    store: TableStore, scan: Scan, results: list[ChunkResult], warcs: list[WarcResult]
) -> tuple[Scan, list[ChunkResult]]:
    """The scan and chunk results of the whole input, WARC tasks included, as a one-process run would
    have them: an article id already read (earlier in the input order) is a duplicate, a reject, and its
    rows are dropped from the later file's staged results."""
    seen_rejects = known_rejects(store)
    ids = dict(scan.ids)
    changed = set(scan.changed_ids)
    rejects = list(scan.rejects)
    rejects_seen, read, unchanged = scan.rejects_seen, scan.articles_read, scan.unchanged
    quarantined_seen, on_topic = scan.quarantined_seen, scan.on_topic
    off_topic_files = list(scan.off_topic_files)
    merged = list(results)
    for w in warcs:
        drop: set[str] = set()
        for aid, copy in w.scan.ids.items():
            if aid not in ids:
                ids[aid] = copy
                continue
            drop.add(aid)
            on_topic -= copy.on_topic
            reason = duplicate_reason(aid, copy.url)
            if (copy.input_path, reason, copy.sha256) in seen_rejects:
                rejects_seen += 1
            else:
                rejects.append(
                    RejectRow(input_path=copy.input_path, reason=reason, run_id=scan.run_id, article_id=aid, sha256=copy.sha256)
                )
        changed |= w.scan.changed_ids - drop
        rejects.extend(w.scan.rejects)
        rejects_seen += w.scan.rejects_seen
        quarantined_seen += w.scan.quarantined_seen
        read += w.scan.articles_read - len(drop)
        unchanged += w.scan.unchanged - len(drop - w.scan.changed_ids)
        on_topic += w.scan.on_topic
        merged.extend([_without(r, drop) for r in w.results] if drop else w.results)
        if drop:
            for path in w.scan.off_topic_files:
                _drop_rows(path, drop)
        off_topic_files.extend(w.scan.off_topic_files)
    return (
        replace(
            scan,
            articles_read=read,
            unchanged=unchanged,
            changed_ids=changed,
            rejects=rejects,
            rejects_seen=rejects_seen,
            quarantined_seen=quarantined_seen,
            off_topic_files=off_topic_files,
            on_topic=on_topic,
            off_topic=read - on_topic,
            ids=ids,
        ),
        merged,
    )


def _drop_rows(path: Path, ids: set[str]) -> int:
    """Rewrite a staged Parquet file without the rows of these article ids; the rows left."""
    import pyarrow as pa
    import pyarrow.compute as pc

    table = pq.read_table(path)
    kept = table.filter(pc.invert(pc.is_in(table["article_id"], value_set=pa.array(sorted(ids), pa.string()))))
    if kept.num_rows != table.num_rows:
        pq.write_table(kept, path)
    return kept.num_rows


def _without(result: ChunkResult, ids: set[str]) -> ChunkResult:
    """A chunk's staged results without these articles (duplicates of articles read earlier)."""
    articles = _drop_rows(result.articles_path, ids)
    _drop_rows(result.events_path, ids)
    events = pq.read_table(result.events_path, columns=["event_type"])["event_type"].to_pylist()
    return replace(
        result,
        articles=articles,
        events_by_type=dict(Counter(events)),
        quarantined=[q for q in result.quarantined if q.article_id not in ids],
    )


def _on_process_pool() -> bool:
    """Does this flow run hand its tasks to a local process pool?"""
    from prefect.context import FlowRunContext
    from prefect.task_runners import ProcessPoolTaskRunner

    ctx = FlowRunContext.get()
    return ctx is not None and isinstance(ctx.task_runner, ProcessPoolTaskRunner)


def _run_locked(
    summary: RunSummary,
    store: TableStore,
    input_path: str,
    run_id: str,
    model: str,
    chunk_size: int,
    extractor: str,
    all_topics: bool,
) -> None:
    shutil.rmtree(store.staging, ignore_errors=True)  # leftovers of a killed run; we hold the lock
    try:
        scan = scan_inputs(input_path, store, run_id, chunk_size, all_topics, _on_dask())
        summary.articles_read, summary.articles_unchanged = scan.articles_read, scan.unchanged
        summary.articles_changed, summary.rejects, summary.rejects_seen = len(scan.changed_ids), scan.rejects, scan.rejects_seen
        summary.quarantined_seen, summary.on_topic, summary.off_topic = scan.quarantined_seen, scan.on_topic, scan.off_topic
        total = sum(c.articles for c in scan.chunks)
        if summary.articles_changed:
            _progress(
                f"{total} new or changed article(s) to parse in {len(scan.chunks)} chunk(s); "
                f"{summary.articles_changed - total} off topic, not parsed; {scan.unchanged} unchanged"
            )
        results: list[ChunkResult] = []
        if len(scan.chunks) == 1 and not scan.warc_files and _on_process_pool() and not workers_started():
            # one chunk (a small or incremental run): extracting it here costs less than starting a worker
            # process, which must import Prefect and spaCy and load the model before it can begin
            results.append(extract_chunk(scan.chunks[0], run_id, model, extractor))
        futures = [] if results else [extract_chunk.submit(c, run_id, model, extractor) for c in scan.chunks]
        if scan.warc_files:
            _progress(f"{len(scan.warc_files)} WARC file(s), one task each")
        warc_futures = [
            warc_task.submit(p, k, store, run_id, chunk_size, model, extractor, all_topics) for k, p in enumerate(scan.warc_files)
        ]
        warcs: list[WarcResult] = []
        done = 0
        pending: list[PrefectFuture[Any]] = [*futures, *warc_futures]
        for fut in as_completed(pending):
            res = fut.result()
            if isinstance(res, WarcResult):
                warcs.append(res)
                done += sum(r.articles for r in res.results)
                _progress(f"read {res.path.name} ({len(warcs)}/{len(warc_futures)} WARC files); extracted {done} articles")
                continue
            results.append(res)
            done += res.articles
            if len(futures) > 1:
                _progress(f"extracted {done}/{total} articles")
        if warcs:
            scan, results = _merge_warcs(store, scan, results, sorted(warcs, key=lambda w: w.index))
            summary.articles_read, summary.articles_unchanged = scan.articles_read, scan.unchanged
            summary.articles_changed, summary.rejects = len(scan.changed_ids), scan.rejects
            summary.rejects_seen, summary.quarantined_seen = scan.rejects_seen, scan.quarantined_seen
            summary.on_topic, summary.off_topic = scan.on_topic, scan.off_topic
        by_type: Counter[str] = Counter()
        for r in results:
            by_type.update(r.events_by_type)
        summary.events_by_type = dict(sorted(by_type.items()))
        summary.quarantined = [q for r in sorted(results, key=lambda r: r.index) for q in r.quarantined]
        if scan.changed_ids or scan.rejects:
            meta = {
                "run_id": run_id,
                "muster_version": muster_version(),
                "git_commit": git_commit(),
                "model": model,
                "model_version": _model_version(model),
                "input": str(input_path),
                "articles_read": str(scan.articles_read),
                "articles_changed": str(len(scan.changed_ids)),
                "events": str(sum(by_type.values())),
                "rejects": str(len(scan.rejects)),
                "quarantined": str(len(summary.quarantined)),
                "on_topic": str(scan.on_topic),
                "off_topic": str(scan.off_topic),
                "all_topics": str(all_topics).lower(),
                "topic_sha256": topic().sha256,
                "events_by_type": ",".join(f"{k}={v}" for k, v in summary.events_by_type.items()),
            }
            summary.versions = commit_tables(store, scan, results, meta)
            summary.committed = True
    finally:
        shutil.rmtree(store.staging / run_id, ignore_errors=True)
        with contextlib.suppress(OSError):
            store.staging.rmdir()  # no staging folder left behind (another run's would keep it: not empty)
