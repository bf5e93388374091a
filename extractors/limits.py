"""Input limits: how long an article may be, and how it is cut for parsing. One home for the numbers.

An article longer than `max_article_chars` is rejected with that reason. Up to that cap, an article
longer than `section_chars` is parsed section by section, cut on paragraph, then line, then sentence,
then word boundaries; a run of non-space characters longer than `max_run_chars` (an emoji or
punctuation storm, a pasted blob) is cut into pieces, because spaCy's tokenizer takes time in the
square of such a run. The sections cover the text exactly, so offsets still index the text as read.
Environment overrides: MUSTER_MAX_ARTICLE_CHARS, MUSTER_SECTION_CHARS, MUSTER_MAX_RUN_CHARS.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Limits:
    max_article_chars: int = 2_000_000
    section_chars: int = 100_000
    max_run_chars: int = 1_000

    def __post_init__(self) -> None:
        if not 0 < self.max_run_chars <= self.section_chars <= self.max_article_chars:
            raise ValueError(f"input limits must satisfy 0 < max_run_chars <= section_chars <= max_article_chars: {self}")


@lru_cache(maxsize=1)
def limits() -> Limits:
    """The limits in force: defaults, overridden by the environment (checked once)."""
    base = Limits()
    values = {}
    for name in ("max_article_chars", "section_chars", "max_run_chars"):
        raw = os.environ.get(f"MUSTER_{name.upper()}")
        if raw is not None:
            try:
                values[name] = int(raw.replace("_", ""))
            except ValueError:
                raise ValueError(f"MUSTER_{name.upper()}={raw!r} is not a whole number") from None
    return Limits(**{**{f: getattr(base, f) for f in ("max_article_chars", "section_chars", "max_run_chars")}, **values})


def too_long(text: str, lim: Limits | None = None) -> str | None:
    """The reject reason for an article over the hard cap, else None."""
    lim = lim or limits()
    if len(text) > lim.max_article_chars:
        return (
            f"article too long: {len(text):,} characters (limit {lim.max_article_chars:,}; "
            f"set MUSTER_MAX_ARTICLE_CHARS to raise it)"
        )
    return None


_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?][\"'’”)\]]*\s"), re.compile(r"\s"))


def _cut(text: str, start: int, end: int) -> int:
    """Where to end a section that may not go past `end`: after the last paragraph break in its second
    half, else line break, sentence end or space; else at `end`."""
    floor = start + (end - start) // 2
    for pattern in _BREAKS:
        last = None
        for m in pattern.finditer(text, floor, end):
            last = m
        if last is not None:
            return last.end()
    return end


def sections(text: str, lim: Limits | None = None) -> list[tuple[int, int]]:
    """Contiguous (start, end) spans covering `text`, each at most section_chars long and with no
    non-space run over max_run_chars. One span for ordinary articles."""
    lim = lim or limits()
    n = len(text)
    cuts: set[int] = set()
    pos = 0
    while n - pos > lim.section_chars:
        pos = _cut(text, pos, pos + lim.section_chars)
        cuts.add(pos)
    if n > lim.max_run_chars:
        for m in re.finditer(r"\S{%d,}" % (lim.max_run_chars + 1), text):
            cuts.update(range(m.start() + lim.max_run_chars, m.end(), lim.max_run_chars))
    if not cuts:
        return [(0, n)]
    bounds = [0, *sorted(c for c in cuts if 0 < c < n), n]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
