"""HTML pages → main text and metadata (title, author, url, published), with trafilatura.

A saved page's text as read is the main text trafilatura extracts (navigation, scripts, share
bars, comments and footers left out), headed by the page's title when the extraction does not
start with it, so the headline is coded like a .txt file's first line. Every offset downstream
indexes that text; the page's raw bytes are what is hashed. Dates come from the page's own
metadata (meta tags, JSON-LD, <time>, its url), never from the clock or a guess in free text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

# htmldate (trafilatura's date finder): markup and url only; an upper bound far from the clock, so
# the same page yields the same date whenever it is read
_DATE_PARAMS = {"extensive_search": False, "original_date": True, "max_date": "2099-12-31"}

# An input text is treated as an HTML page when it starts like one, or has at least this many tags of
# common HTML elements, or when markup covers at least this share of its non-blank characters.
HTML_MIN_TAGS = 4
HTML_MIN_MARKUP_SHARE = 0.5
_START = re.compile(r"\A\ufeff?\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.I | re.S)
_TAG = re.compile(
    r"<(/?)(html|head|body|div|p|span|a|br|article|section|header|footer|nav|script|style|meta|"
    r"link|ul|ol|li|h[1-6]|table|tr|td|img|strong|em|b|i|title|main|aside|figure|time)\b[^<>]*>",
    re.I,
)
_ANY_TAG = re.compile(r"<[!/]?[A-Za-z][^<>]*>")


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What an HTML page yields: its main text and the metadata the page states."""

    text: str
    title: Optional[str]
    author: Optional[str]
    url: Optional[str]
    sitename: Optional[str]
    published: Optional[str]  # the page's date as htmldate gives it (YYYY-MM-DD), None when it states none


class NoMainText(ValueError):
    """trafilatura found no main text in the page."""


def looks_like_html(text: str) -> bool:
    """Does this input text hold an HTML page (or a fragment of one) rather than plain text?"""
    if _START.match(text[:2048]):
        return True
    if len(_TAG.findall(text, 0, 200_000)) >= HTML_MIN_TAGS:
        return True
    solid = len(re.sub(r"\s+", "", text))
    markup = sum(len(re.sub(r"\s+", "", m)) for m in _ANY_TAG.findall(text))
    return bool(solid) and markup / solid >= HTML_MIN_MARKUP_SHARE


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().lower()


def extract_html(html: str | bytes, *, url: str | None = None) -> HtmlPage:
    """The page's main text and metadata. Raises NoMainText when there is no main text to code."""
    import trafilatura

    doc: Any = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True, date_extraction_params=_DATE_PARAMS
    )
    body = (doc.text or "").strip() if doc is not None else ""
    if not body:
        raise NoMainText("HTML page with no main text (trafilatura found none)")
    title = (doc.title or "").strip() or None
    first_line = body.split("\n", 1)[0]
    text = body if not title or _norm(first_line) == _norm(title) else f"{title}\n\n{body}"
    return HtmlPage(
        text=text,
        title=title,
        author=(doc.author or "").strip() or None,
        url=(doc.url or "").strip() or url or None,
        sitename=(doc.sitename or "").strip() or None,
        published=(doc.date or "").strip() or None,
    )


def decode_html(raw: bytes, charset: str | None = None) -> str:
    """Bytes of a page → str: the declared charset (HTTP header or <meta>), else UTF-8, else cp1252.
    Raises ValueError for a binary (NUL-holding) payload."""
    if b"\x00" in raw[:4096]:
        raise ValueError("binary content (contains NUL bytes)")
    candidates = [charset] if charset else []
    if m := re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", raw[:4096], re.I):
        candidates.append(m[1].decode("ascii"))
    for name in (*candidates, "utf-8"):
        try:
            return raw.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("cp1252", errors="replace")
