"""Read input articles (a folder of .txt + manifest.csv, or a JSONL file) into ArticleRow records.

Every input either becomes an article or a RejectRow with a reason; nothing is dropped.
The text is kept exactly as read (bytes decoded as UTF-8, newlines untouched), so every
offset downstream indexes it. Boilerplate (repeated headline, byline, copyright, share
lines) is located, not removed: ``body_start``/``body_end`` bound the body.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Union

from schemas import ArticleRow, RejectRow

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("file", "article_id", "title", "publisher", "url", "published")
JSONL_FIELDS = ("id", "title", "text", "published", "url", "publisher")


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
_SHARE = re.compile(r"^\s*(share( this( article| story)?)?|follow us|subscribe|advertisement|read more|related:?|tweet|email|print)\b[\w :|,]{0,60}$", re.I)
_SECTION = re.compile(r"^\s*[A-Z][\w&-]*( [A-Z][\w&-]*){0,2}\s*$")  # a lone section label: "Other", "World News"


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
        if is_title or _BYLINE.match(line) or _COPYRIGHT.match(line) or _SHARE.match(line) or (
            words <= 3 and _SECTION.match(line) and not line.rstrip().endswith(".")
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


def make_article(*, article_id: str, raw: bytes, text: str, source_path: str, run_id: str,
                 title: str | None, publisher: str | None, url: str | None, published: Published) -> ArticleRow:
    body_start, body_end, headline = locate_body(text, title)
    content_sha = _sha256(raw)
    input_sha = _sha256("\x1f".join((content_sha, title or "", str(published.date or ""),
                                      published.precision or "")).encode("utf-8"))
    return ArticleRow(
        article_id=article_id, sha256=content_sha, input_sha256=input_sha, text=text, body_start=body_start, body_end=body_end,
        status="ok", run_id=run_id, source_path=source_path, title=title or None,
        headline_start=headline[0] if headline else None, headline_end=headline[1] if headline else None,
        publisher=publisher or None, url=url or None, published=published.date,
        published_precision=published.precision,
    )


ArticleOrReject = Union[ArticleRow, RejectRow]


def read_folder(folder: Path, *, run_id: str) -> Iterator[ArticleOrReject]:
    """A folder of .txt files described by manifest.csv → articles and rejects, in manifest order."""
    manifest = folder / MANIFEST  # its presence is checked by check_input
    with manifest.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("file", "article_id", "published") if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{manifest}: missing column(s) {', '.join(missing)}")
        rows = list(reader)
    seen_ids: set[str] = set()
    listed: set[str] = set()
    for row in rows:
        name = (row.get("file") or "").strip()
        article_id = (row.get("article_id") or "").strip() or Path(name).stem
        path = folder / name
        listed.add(name)
        if not name or not path.is_file():
            yield RejectRow(input_path=str(path), reason="manifest row names a file that does not exist",
                            run_id=run_id, article_id=article_id or None)
            continue
        raw = path.read_bytes()
        reject = lambda reason: RejectRow(input_path=str(path), reason=reason, run_id=run_id,
                                          article_id=article_id, sha256=_sha256(raw))
        if article_id in seen_ids:
            yield reject(f"duplicate article id {article_id!r}")
            continue
        try:
            text = decode_text(raw)
            published = parse_published(row.get("published"))
        except ValueError as exc:
            yield reject(str(exc))
            continue
        seen_ids.add(article_id)
        yield make_article(article_id=article_id, raw=raw, text=text, source_path=str(path), run_id=run_id,
                           title=(row.get("title") or "").strip(), publisher=(row.get("publisher") or "").strip(),
                           url=(row.get("url") or "").strip(), published=published)
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != MANIFEST and not path.name.startswith(".") and path.name not in listed:
            yield RejectRow(input_path=str(path), reason="file has no manifest row", run_id=run_id,
                            sha256=_sha256(path.read_bytes()))


def read_jsonl(path: Path, *, run_id: str) -> Iterator[ArticleOrReject]:
    """A JSONL file, one article per line with id, title, text, published, url, publisher."""
    seen_ids: set[str] = set()
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
            reject = lambda reason: RejectRow(input_path=where, reason=reason, run_id=run_id,
                                              article_id=article_id or None, sha256=_sha256(raw))
            if not article_id:
                yield reject("missing id")
                continue
            if article_id in seen_ids:
                yield reject(f"duplicate article id {article_id!r}")
                continue
            if not isinstance(text, str) or not text.strip():
                yield reject("empty text")
                continue
            if "\x00" in text:
                yield reject("binary text (contains NUL characters)")
                continue
            try:
                published = parse_published(str(record.get("published") or ""))
            except ValueError as exc:
                yield reject(str(exc))
                continue
            seen_ids.add(article_id)
            yield make_article(article_id=article_id, raw=raw, text=text, source_path=where, run_id=run_id,
                               title=str(record.get("title") or "").strip(), publisher=str(record.get("publisher") or "").strip(),
                               url=str(record.get("url") or "").strip(), published=published)


def check_input(path: Path) -> str:
    """The input kind ("folder" or "jsonl"), or InputError saying what is wrong with it."""
    path = Path(path)
    if path.is_dir():
        if not (path / MANIFEST).is_file():
            raise InputError(f"{path}: no {MANIFEST} (columns: {', '.join(MANIFEST_COLUMNS)})")
        return "folder"
    if path.is_file() and path.suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if path.exists():
        raise InputError(f"{path}: expected a folder with {MANIFEST} or a .jsonl file")
    raise InputError(f"{path}: does not exist (expected a folder with {MANIFEST} or a .jsonl file)")


def read_articles(path: Path, *, run_id: str) -> Iterator[ArticleOrReject]:
    """Dispatch on the input kind: a folder with manifest.csv, or a .jsonl file."""
    path = Path(path)
    if check_input(path) == "folder":
        return read_folder(path, run_id=run_id)
    return read_jsonl(path, run_id=run_id)
