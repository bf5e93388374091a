"""The sentences an article's events are coded from: parser sentences clipped to the headline and body."""

from __future__ import annotations

import re
from typing import Iterator, Optional

from spacy.tokens import Doc, Span

from extractors.articles import related_link
from extractors.topic import gate
from schemas import ArticleRow


def coded_sentences(doc: Doc, article: ArticleRow) -> Iterator[tuple[Span, bool]]:
    """Sentences clipped to the headline and body spans and split at line breaks; (span, in_headline)."""
    regions = []
    if article.headline_start is not None and article.headline_end is not None:
        regions.append((article.headline_start, article.headline_end, True))
    regions.append((article.body_start, article.body_end, False))
    text = article.text  # == doc.text, without rebuilding it from the tokens
    pending: Optional[tuple[int, int, bool]] = None
    for start, end, in_headline in _line_pieces(doc, regions, text):
        # a parser boundary inside a line after a fragment with no final punctuation is a slip caused
        # by the line before ("Photo: ...\n\nNorth | Korean troops have arrived ..."): join the two
        if (
            pending is not None
            and pending[2] == in_headline
            and "\n" not in text[pending[1] : start]
            and not text[pending[0] : pending[1]].rstrip().endswith(_FINAL)
        ):
            pending = (pending[0], end, in_headline)
            continue
        if pending is not None:
            yield from _span(doc, pending, text)
        pending = (start, end, in_headline)
    if pending is not None:
        yield from _span(doc, pending, text)


_FINAL = (".", "!", "?", '"', "\u201d", "'", ":", ";")


def _span(doc: Doc, piece: tuple[int, int, bool], text: str) -> Iterator[tuple[Span, bool]]:
    span = doc.char_span(piece[0], piece[1], alignment_mode="contract")
    line_start = text.rfind("\n", 0, piece[0]) + 1
    line = text[line_start : piece[1]]
    if related_link(line) and not gate(line).on_topic:
        return  # "Also read | Minister visits ...": another story's headline, off the topic
    if span is not None and len(span):
        yield span, piece[2]


def _line_pieces(doc: Doc, regions, text: str) -> Iterator[tuple[int, int, bool]]:
    """Parser sentences clipped to the regions and cut at line breaks, as character spans."""
    for sent in doc.sents:
        s0, s1 = sent.start_char, sent.end_char
        for r0, r1, in_headline in regions:
            a, b = max(s0, r0), min(s1, r1)
            if a >= b:
                continue
            for m in re.finditer(r"[^\n]+", text[a:b]):
                piece = m.group()
                lead = len(piece) - len(piece.lstrip())
                start, end = a + m.start() + lead, a + m.start() + len(piece.rstrip())
                if end > start:
                    yield start, end, in_headline
