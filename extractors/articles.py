"""Read input articles into ArticleRow records: a folder (.txt + manifest.csv, saved .html/.htm pages,
.warc/.warc.gz crawls and .jsonl files, alone or mixed), or one .jsonl, .html or .warc file.

Every input either becomes an article or a RejectRow with a reason; nothing is dropped.
The text is kept exactly as read (bytes decoded as UTF-8, newlines untouched), so every
offset downstream indexes it; for an HTML page (a .html file, a WARC response, or a .txt or
JSONL text that is a page) the text as read is the main text trafilatura extracts
(extractors/html_input.py), and the raw bytes are what is hashed. Boilerplate (repeated
headline, byline, copyright, share lines) is located, not removed: ``body_start``/``body_end``
bound the body. Non-English articles become rejects (extractors/language.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional, Union

from schemas import ArticleRow, RejectRow

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("file", "article_id", "title", "publisher", "url", "published")
JSONL_FIELDS = ("id", "title", "text", "published", "url", "publisher")
HTML_SUFFIXES = (".html", ".htm")
WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
READ_WITHOUT_MANIFEST = HTML_SUFFIXES + WARC_SUFFIXES + JSONL_SUFFIXES  # files that carry their own metadata


class InputError(Exception):
    """The input as a whole cannot be read (missing folder, no manifest): a one-line user error."""


@dataclass(frozen=True, slots=True)
class Published:
    date: Optional[dt.date]
    precision: Optional[str]


def parse_published(value: str | None) -> Published:
    """'2025-09-21' → day, '2025-01' → month, '2025' → year; '' → unknown. Raises ValueError otherwise."""
    value = (value or "").strip()
    if not value:
        return Published(None, None)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Published(dt.date.fromisoformat(value), "day")
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        return Published(dt.date(int(m[1]), int(m[2]), 1), "month")
    if re.fullmatch(r"\d{4}", value):
        return Published(dt.date(int(value), 1, 1), "year")
    # full timestamps ("2025-09-21T08:00:00Z") keep their day
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?", value):
        return Published(dt.date.fromisoformat(m[1]), "day")
    raise ValueError(f"unparseable published date {value!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)")


def decode_text(raw: bytes) -> str:
    """Bytes → text as read. Raises ValueError with the reason for empty, binary or non-UTF-8 input."""
    if not raw.strip():
        raise ValueError("empty file")
    if b"\x00" in raw:
        raise ValueError("binary file (contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    if not text.strip():
        raise ValueError("empty file")
    return text


_BYLINE = re.compile(r"^\s*(by|from)\s+[\w .,'’&-]{2,80}$", re.I)
_COPYRIGHT = re.compile(r"^\s*(copyright|©|\(c\))", re.I)
_SHARE = re.compile(
    r"^\s*(share( this( article| story)?)?|follow us|subscribe|advertisement|read more|related:?|tweet|email|print)\b[\w :|,]{0,60}$",
    re.I,
)
_SECTION = re.compile(r"^\s*[A-Z][\w&-]*( [A-Z][\w&-]*){0,2}\s*$")  # a lone section label: "Other", "World News"
# a link to another story inside the body ("Also read | ...", "READ MORE: ...", "See also: ..."): its headline is
# that story's, not this article's
_RELATED = re.compile(r"^\s*(also read|read also|read more|see also|related( story| article)?|more on this)\s*[|:\-–—]", re.I)


def related_link(line: str) -> bool:
    """Is this line a link to another story ("Also read | Minister visits ...")?"""
    return bool(_RELATED.match(line))


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().lower()


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the non-blank lines of text."""
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line)
    return spans


def locate_body(text: str, title: str | None) -> tuple[int, int, Optional[tuple[int, int]]]:
    """Return (body_start, body_end, headline span) for text as read.

    Leading lines that are the headline, a byline, a copyright or share line or a lone
    section label are boilerplate; so are trailing copyright/share lines. The first
    occurrence of the headline is kept as the headline span (its events are coded,
    flagged ``in_headline``); later repeats are boilerplate.
    """
    lines = _lines(text)
    title_n = _norm(title) if title else ""
    headline = None
    i = 0
    while i < len(lines) - 1:
        s, e = lines[i]
        line = text[s:e]
        is_title = bool(title_n) and _norm(line) == title_n
        if is_title and headline is None:
            headline = (s, e)
        words = len(line.split())
        if (
            is_title
            or _BYLINE.match(line)
            or _COPYRIGHT.match(line)
            or _SHARE.match(line)
            or (words <= 3 and _SECTION.match(line) and not line.rstrip().endswith("."))
        ):
            i += 1
            continue
        break
    body_start = lines[i][0] if lines else 0
    j = len(lines) - 1
    while j > i:
        s, e = lines[j]
        if _COPYRIGHT.match(text[s:e]) or _SHARE.match(text[s:e]):
            j -= 1
            continue
        break
    body_end = lines[j][1] if lines else len(text)
    return body_start, body_end, headline


def _sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def make_article(
    *,
    article_id: str,
    raw: bytes,
    text: str,
    source_path: str,
    run_id: str,
    title: str | None,
    publisher: str | None,
    url: str | None,
    published: Published,
    input_kind: str = "txt",
    text_method: str = "as_read",
    published_source: str | None = None,
    author: str | None = None,
) -> ArticleRow:
    body_start, body_end, headline = locate_body(text, title)
    content_sha = _sha256(raw)
    parts = [content_sha, title or "", str(published.date or ""), published.precision or ""]
    if text_method != "as_read":  # the same bytes extracted differently (a new trafilatura) are re-coded
        parts.append(_sha256(text.encode("utf-8")))
    input_sha = _sha256("\x1f".join(parts).encode("utf-8"))
    return ArticleRow(
        article_id=article_id,
        sha256=content_sha,
        input_sha256=input_sha,
        text=text,
        body_start=body_start,
        body_end=body_end,
        status="ok",
        run_id=run_id,
        source_path=source_path,
        title=title or None,
        headline_start=headline[0] if headline else None,
        headline_end=headline[1] if headline else None,
        publisher=publisher or None,
        url=url or None,
        published=published.date,
        published_precision=published.precision,
        author=author or None,
        input_kind=input_kind,
        text_method=text_method,
        published_source=published_source if published.date else None,
    )


def article_from_page(
    *,
    article_id: str,
    raw: bytes,
    html: str,
    source_path: str,
    run_id: str,
    input_kind: str,
    title: str = "",
    publisher: str = "",
    url: str = "",
    published: str = "",
    published_source: str = "manifest",
    fallback_date: Published | None = None,
    fallback_source: str | None = None,
) -> ArticleRow:
    """An HTML page → article: trafilatura's main text; values given (manifest, JSONL) win over the page's,
    the page's date over `fallback_date` (a WARC record's crawl date). Raises ValueError with the reason."""
    from extractors.html_input import extract_html

    page = extract_html(html, url=url or None)
    given = parse_published(published)
    source: Optional[str]
    if given.date:
        when, source = given, published_source
    elif page.published:
        when, source = parse_published(page.published), "page_meta"
    else:
        when, source = fallback_date or Published(None, None), fallback_source
    return make_article(
        article_id=article_id,
        raw=raw,
        text=page.text,
        source_path=source_path,
        run_id=run_id,
        title=title or page.title,
        publisher=publisher or page.sitename,
        url=url or page.url,
        published=when,
        input_kind=input_kind,
        text_method="trafilatura",
        published_source=source,
        author=page.author,
    )


def _article_from_text(
    *,
    article_id: str,
    raw: bytes,
    text: str,
    source_path: str,
    run_id: str,
    input_kind: str,
    title: str,
    publisher: str,
    url: str,
    published: str,
    published_source: str,
) -> ArticleRow:
    """A .txt or JSONL text → article; a text that is an HTML page is extracted as one."""
    from extractors.html_input import looks_like_html

    if looks_like_html(text):
        return article_from_page(
            article_id=article_id,
            raw=raw,
            html=text,
            source_path=source_path,
            run_id=run_id,
            input_kind=input_kind,
            title=title,
            publisher=publisher,
            url=url,
            published=published,
            published_source=published_source,
        )
    when = parse_published(published)
    return make_article(
        article_id=article_id,
        raw=raw,
        text=text,
        source_path=source_path,
        run_id=run_id,
        title=title,
        publisher=publisher,
        url=url,
        published=when,
        input_kind=input_kind,
        published_source=published_source,
    )


ArticleOrReject = Union[ArticleRow, RejectRow]


def duplicate_reason(article_id: str, url: str = "") -> str:
    """The reject reason of an article whose id was read before (with the url that gives the id, if any)."""
    return f"duplicate article id {article_id!r}" + (f" (the url {url} was read before)" if url else "")


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def read_html_file(
    path: Path, *, run_id: str, article_id: str | None = None, row: dict | None = None, seen_ids: set[str] | None = None
) -> Iterator[ArticleOrReject]:
    """A saved page (.html/.htm) → one article; its manifest row's values, if any, win over the page's."""
    from extractors.html_input import decode_html

    seen_ids = set() if seen_ids is None else seen_ids
    article_id = article_id or path.stem
    raw = path.read_bytes()
    if article_id in seen_ids:
        yield RejectRow(
            input_path=str(path),
            reason=duplicate_reason(article_id),
            run_id=run_id,
            article_id=article_id,
            sha256=_sha256(raw),
        )
        return
    row = row or {}
    try:
        if not raw.strip():
            raise ValueError("empty file")
        article = article_from_page(
            article_id=article_id,
            raw=raw,
            html=decode_html(raw),
            source_path=str(path),
            run_id=run_id,
            input_kind="html",
            title=(row.get("title") or "").strip(),
            publisher=(row.get("publisher") or "").strip(),
            url=(row.get("url") or "").strip(),
            published=(row.get("published") or "").strip(),
        )
    except ValueError as exc:
        yield RejectRow(input_path=str(path), reason=str(exc), run_id=run_id, article_id=article_id, sha256=_sha256(raw))
        return
    seen_ids.add(article_id)
    yield article


def _manifest_rows(manifest: Path) -> list[dict]:
    with manifest.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("file", "article_id", "published") if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{manifest}: missing column(s) {', '.join(missing)}")
        return list(reader)


def read_folder(folder: Path, *, run_id: str, skip_warc: bool = False) -> Iterator[ArticleOrReject]:
    """A folder → articles and rejects: manifest rows first, in manifest order (.txt and .html files), then
    the files no row names, sorted: saved pages, WARC files and JSONL files are read with the metadata they
    carry; a .txt with no row, or a file of another kind, is a reject. With `skip_warc`, the WARC files
    are left out (the Dask runner reads each one in its own task: `warc_files`)."""
    from extractors.warc_input import read_warc

    manifest = folder / MANIFEST
    rows = _manifest_rows(manifest) if manifest.is_file() else []
    seen_ids: set[str] = set()
    listed: set[str] = set()
    for row in rows:
        name = (row.get("file") or "").strip()
        article_id = (row.get("article_id") or "").strip() or Path(name).stem
        path = folder / name
        listed.add(name)
        if not name or not path.is_file():
            yield RejectRow(
                input_path=str(path),
                reason="manifest row names a file that does not exist",
                run_id=run_id,
                article_id=article_id or None,
            )
            continue
        if _suffix(path) in HTML_SUFFIXES:
            yield from read_html_file(path, run_id=run_id, article_id=article_id, row=row, seen_ids=seen_ids)
            continue
        raw = path.read_bytes()
        reject = lambda reason: RejectRow(
            input_path=str(path), reason=reason, run_id=run_id, article_id=article_id, sha256=_sha256(raw)
        )
        if _suffix(path) in WARC_SUFFIXES + JSONL_SUFFIXES:
            listed.discard(name)  # read below, whole, with its records' own metadata
            yield reject("a manifest row names a WARC or JSONL file: its records carry their own metadata, the row is ignored")
            continue
        if article_id in seen_ids:
            yield reject(duplicate_reason(article_id))
            continue
        try:
            text = decode_text(raw)
            article = _article_from_text(
                article_id=article_id,
                raw=raw,
                text=text,
                source_path=str(path),
                run_id=run_id,
                input_kind="txt",
                title=(row.get("title") or "").strip(),
                publisher=(row.get("publisher") or "").strip(),
                url=(row.get("url") or "").strip(),
                published=(row.get("published") or "").strip(),
                published_source="manifest",
            )
        except ValueError as exc:
            yield reject(str(exc))
            continue
        seen_ids.add(article_id)
        yield article
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name == MANIFEST or path.name.startswith(".") or path.name in listed:
            continue
        kind = _suffix(path)
        if kind in HTML_SUFFIXES:
            yield from read_html_file(path, run_id=run_id, seen_ids=seen_ids)
        elif kind in WARC_SUFFIXES:
            if not skip_warc:
                yield from read_warc(path, run_id=run_id, seen_ids=seen_ids)
        elif kind in JSONL_SUFFIXES:
            yield from read_jsonl(path, run_id=run_id, seen_ids=seen_ids)
        else:
            reason = (
                "file has no manifest row"
                if kind == ".txt"
                else f"unsupported file type {kind or path.name!r} (expected .txt with a manifest row, "
                f"{', '.join(READ_WITHOUT_MANIFEST)})"
            )
            yield RejectRow(input_path=str(path), reason=reason, run_id=run_id, sha256=_sha256(path.read_bytes()))


def read_jsonl(path: Path, *, run_id: str, seen_ids: set[str] | None = None) -> Iterator[ArticleOrReject]:
    """A JSONL file, one article per line with id, title, text, published, url, publisher (a text that is
    an HTML page is extracted as one; the line's fields win over the page's)."""
    seen_ids = set() if seen_ids is None else seen_ids
    with path.open("rb") as fh:
        for lineno, raw_line in enumerate(fh, 1):
            where = f"{path}:{lineno}"
            if not raw_line.strip():
                continue
            try:
                record = json.loads(decode_text(raw_line))
                if not isinstance(record, dict):
                    raise ValueError("line is not a JSON object")
            except ValueError as exc:
                yield RejectRow(input_path=where, reason=f"bad JSON line: {exc}", run_id=run_id, sha256=_sha256(raw_line))
                continue
            article_id = str(record.get("id") or "").strip()
            text = record.get("text")
            raw = text.encode("utf-8") if isinstance(text, str) else b""
            reject = lambda reason: RejectRow(
                input_path=where, reason=reason, run_id=run_id, article_id=article_id or None, sha256=_sha256(raw)
            )
            if not article_id:
                yield reject("missing id")
                continue
            if article_id in seen_ids:
                yield reject(duplicate_reason(article_id))
                continue
            if not isinstance(text, str) or not text.strip():
                yield reject("empty text")
                continue
            if "\x00" in text:
                yield reject("binary text (contains NUL characters)")
                continue
            try:
                article = _article_from_text(
                    article_id=article_id,
                    raw=raw,
                    text=text,
                    source_path=where,
                    run_id=run_id,
                    input_kind="jsonl",
                    title=str(record.get("title") or "").strip(),
                    publisher=str(record.get("publisher") or "").strip(),
                    url=str(record.get("url") or "").strip(),
                    published=str(record.get("published") or ""),
                    published_source="jsonl",
                )
            except ValueError as exc:
                yield reject(str(exc))
                continue
            seen_ids.add(article_id)
            yield article


_EXPECTED = (
    f"a folder (.txt files with {MANIFEST}, or {', '.join(READ_WITHOUT_MANIFEST)} files), "
    f"or a {', '.join(READ_WITHOUT_MANIFEST)} file"
)


def check_input(path: Path) -> str:
    """The input kind ("folder", "jsonl", "html" or "warc"), or InputError saying what is wrong with it."""
    path = Path(path)
    if path.is_dir():
        if (path / MANIFEST).is_file() or any(p.is_file() and _suffix(p) in READ_WITHOUT_MANIFEST for p in path.iterdir()):
            return "folder"
        raise InputError(
            f"{path}: no {MANIFEST} (columns: {', '.join(MANIFEST_COLUMNS)}) and no {', '.join(READ_WITHOUT_MANIFEST)} file"
        )
    kind = _suffix(path)
    if path.is_file():
        for name, suffixes in (("jsonl", JSONL_SUFFIXES), ("html", HTML_SUFFIXES), ("warc", WARC_SUFFIXES)):
            if kind in suffixes:
                return name
        raise InputError(f"{path}: expected {_EXPECTED}")
    raise InputError(f"{path}: does not exist (expected {_EXPECTED})")


def read_articles(path: Path, *, run_id: str, skip_warc: bool = False) -> Iterator[ArticleOrReject]:
    """Dispatch on the input kind, then keep English articles only (the others become rejects). With
    `skip_warc`, WARC files (the input itself, or those of a folder) are not read: see `warc_files`."""
    from extractors.language import keep_english
    from extractors.warc_input import read_warc

    path = Path(path)
    kind = check_input(path)
    if skip_warc and kind == "warc":
        return iter(())
    if kind == "folder":
        items = read_folder(path, run_id=run_id, skip_warc=skip_warc)
    else:
        readers: dict[str, Callable[..., Iterator[ArticleOrReject]]] = {
            "jsonl": read_jsonl,
            "html": read_html_file,
            "warc": read_warc,
        }
        items = readers[kind](path, run_id=run_id)
    return keep_english(items, run_id=run_id)


def warc_files(path: Path) -> list[Path]:
    """The WARC files `read_articles` reads from this input, in its order (the input itself, or the
    folder's WARC files that no manifest row names, sorted)."""
    path = Path(path)
    if check_input(path) == "warc":
        return [path]
    if not path.is_dir():
        return []
    return [p for p in sorted(path.iterdir()) if p.is_file() and not p.name.startswith(".") and _suffix(p) in WARC_SUFFIXES]
