"""WARC files (.warc, .warc.gz; e.g. Common Crawl's news crawl) → articles, one per HTML response record.

Streams record by record (warcio's ArchiveIterator over the open file): memory stays at one
record whatever the size of the file. An article's id comes from its url (WARC-Target-URI), so
the same page crawled again replaces its earlier version instead of doubling its events; its
date is the page's own (metadata or url) or else the record's WARC-Date, and published_source
says which. Records that are not successful HTML responses (requests, metadata, images,
redirects, errors) are not articles and are passed over; a record that cannot be parsed is a
reject, and reading that file stops there (a damaged WARC cannot be resynchronised reliably).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import zlib
from pathlib import Path
from typing import Iterator

from extractors.articles import ArticleOrReject, article_from_page, duplicate_reason, parse_published
from extractors.html_input import decode_html
from schemas import ArticleRow, RejectRow

HTML_TYPES = ("text/html", "application/xhtml+xml")


def warc_article_id(url: str) -> str:
    """Stable id of a crawled page: from its url, so a recrawl replaces the page's earlier version."""
    return "url-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def _records(fh):
    """warcio's ArchiveIterator, noting whether the last gzip member ended early (a truncated download:
    warcio itself stops quietly there)."""
    from warcio.archiveiterator import ArchiveIterator

    class Records(ArchiveIterator):
        truncated = False

        def close(self):
            decompressor = getattr(self.reader, "decompressor", None) if self.reader else None
            if decompressor is not None and getattr(decompressor, "eof", True) is False:
                self.truncated = True
            super().close()

    return Records(fh, check_digests=True)  # a truncated or altered record fails its digest


def read_warc(path: Path, *, run_id: str, seen_ids: set[str] | None = None) -> Iterator[ArticleOrReject]:
    """Each successful HTML response record of a WARC file → an article (or a reject with the reason)."""
    from warcio.exceptions import ArchiveLoadFailed

    seen_ids = set() if seen_ids is None else seen_ids
    with Path(path).open("rb") as fh:
        records = _records(fh)
        offset = 0
        while True:
            warnings = io.StringIO()  # warcio writes a damaged record's warning to stderr: it becomes the reason
            try:
                with contextlib.redirect_stderr(warnings):
                    record = next(records, None)
                if record is None:
                    if records.truncated:
                        yield RejectRow(
                            input_path=f"{path}#{offset}",
                            run_id=run_id,
                            reason="truncated WARC file: its last gzip member ends early (records there are lost)",
                        )
                    return
                with contextlib.redirect_stderr(warnings):
                    item = _article(record, records, path, run_id, seen_ids)
                offset = records.get_record_offset()  # known once the record is read (asking earlier reads it)
                if isinstance(item, ArticleRow) and (damage := _damage(record, warnings.getvalue())):
                    seen_ids.discard(item.article_id)
                    item = RejectRow(
                        input_path=item.source_path,
                        reason=f"damaged WARC record: {damage}",
                        run_id=run_id,
                        article_id=item.article_id,
                        sha256=item.sha256,
                    )
            except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
                detail = "".join(c if c.isprintable() else "?" for c in (str(exc) or type(exc).__name__))[:160]
                yield RejectRow(
                    input_path=f"{path}#{offset}",
                    run_id=run_id,
                    reason=f"unreadable WARC record: {detail}; the rest of the file is not read",
                )
                return
            if item is not None:
                yield item


def _damage(record, warnings: str) -> str | None:
    """Why a record read is not to be trusted (its digest fails, warcio warned of a bad length), or None."""
    if getattr(record.raw_stream, "limit", 0) > 0:  # bytes of its Content-Length never arrived
        return "the record ends before its Content-Length (a truncated file)"
    checker = getattr(record, "digest_checker", None)
    if checker is not None and checker.passed is False:
        return "; ".join(checker.problems) or "digest mismatch (truncated or altered)"
    if warnings.strip():
        return warnings.strip().splitlines()[0]
    return None


def _article(record, records, path: Path, run_id: str, seen_ids: set[str]) -> ArticleOrReject | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    status = record.http_headers.get_statuscode() or ""
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES or not status.startswith("2"):
        return None
    raw = record.content_stream().read()
    where = f"{path}#{records.get_record_offset()}"
    url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip()
    sha = hashlib.sha256(raw).hexdigest()
    if not url:
        return RejectRow(input_path=where, reason="WARC response record without WARC-Target-URI", run_id=run_id, sha256=sha)
    article_id = warc_article_id(url)
    if article_id in seen_ids:
        return RejectRow(
            input_path=where,
            reason=duplicate_reason(article_id, url),
            run_id=run_id,
            article_id=article_id,
            sha256=sha,
        )
    try:
        crawl_date = parse_published(record.rec_headers.get_header("WARC-Date") or "")
    except ValueError:
        crawl_date = None
    try:
        if not raw.strip():
            raise ValueError("empty HTML response")
        article = article_from_page(
            article_id=article_id,
            raw=raw,
            html=decode_html(raw, _charset(content_type)),
            source_path=where,
            run_id=run_id,
            input_kind="warc",
            url=url,
            fallback_date=crawl_date,
            fallback_source="warc_date" if crawl_date else None,
        )
    except ValueError as exc:
        return RejectRow(input_path=where, reason=str(exc), run_id=run_id, article_id=article_id, sha256=sha)
    seen_ids.add(article_id)
    return article
