"""Fuzzing: articles built from real vocabulary, the trigger lexicon, numbers, dates, place names,
punctuation storms, Unicode (RTL, emoji, combining marks, odd whitespace), HTML fragments and very long
lines. Properties: parsing and extraction never raise, every row passes the validator, offsets slice
the text. CI runs a bounded number of examples; `make fuzz` runs many more (MUSTER_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import article_from_text
from extractors.articles import Published, make_article
from extractors.events import extract_events
from extractors.nlp import parse_articles
from schemas import ArticleRow, EventRow, to_table
from schemas.validate import validate_events

DATA = Path(__file__).resolve().parent.parent / "extractors" / "data"
EXAMPLES = int(os.environ.get("MUSTER_FUZZ_EXAMPLES", "25"))


@lru_cache(maxsize=1)
def _lexicon_words() -> list[str]:
    """Every word of the trigger and actor lexicons (the words the rules react to)."""
    words: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str) and len(node) < 40:
            words.add(node)

    for name in ("triggers.toml", "actors.toml"):
        walk(tomllib.loads((DATA / name).read_text()))
    return sorted(words)


@lru_cache(maxsize=1)
def _place_names() -> list[str]:
    names = []
    for line in (DATA / "places.csv").read_text().splitlines():
        if line and not line.startswith("#"):
            first = line.split(",")[0].strip()
            if first and first != "name":
                names.append(first)
    return names[:400]


PLAIN = [
    "North Korea",
    "Pyongyang",
    "Russia",
    "Moscow",
    "Kursk region",
    "Ukraine",
    "Seoul",
    "troops",
    "soldiers",
    "workers",
    "the",
    "a",
    "of",
    "in",
    "to",
    "and",
    "said",
    "on",
    "Monday",
    "last year",
    "in March",
    "since July",
    "early 2024",
    "the 21st century",
    "2023",
    "1,500",
    "more than 10,000",
    "hundreds",
    "$25",
    "10 percent",
    "who",
    "they",
    "he",
    "it",
    "not",
    "no",
    "never",
    "without",
    "denied",
    "confirmed",
    "sent",
    "deployed",
    "enlisted",
    "killed",
]
ODD = [
    "\u200f",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u00a0",
    "\u2028",
    "\u2029",
    "\t",
    "\r\n",
    "\r",
    "\n\n",
    "\x0b",
    "\x0c",
    "e\u0301\u0301\u0301",
    "🚀",
    "👩‍👩‍👧",
    "🇰🇵",
    "مرحبا",
    "שלום",
    "조선",
    "Курск",
    "…",
    "—",
    "“",
    "”",
    "‘",
    "’",
    "<p>",
    "</p>",
    "<br/>",
    "<script>var x = 1;</script>",
    "&nbsp;",
    "&amp;",
    "<a href='x'>",
    "</a>",
    "<!-- c -->",
]
STORMS = [
    "!" * 3000,
    "." * 2000,
    "?!" * 800,
    "-" * 2500,
    "🚀" * 1500,
    "a" * 5000,
    "troops, " * 600,
    "(" * 1200,
    "\n" * 500,
    " " * 3000,
    "1" * 2000,
    "North Korea sent " * 300,
]


def _token_strategy():
    lex = st.sampled_from(_lexicon_words())
    places = st.sampled_from(_place_names())
    return st.one_of(
        st.sampled_from(PLAIN),
        lex,
        places,
        st.sampled_from(ODD),
        st.integers(min_value=-10, max_value=10**9).map(lambda n: f"{n:,}"),
        st.dates(min_value=dt.date(1600, 1, 1), max_value=dt.date(2199, 12, 31)).map(lambda d: d.strftime("%B %d, %Y")),
        st.text(min_size=1, max_size=8),
        st.sampled_from(list(".,;:!?\"'()[]{}/\\|@#%^&*_+=~`")),
    )


@st.composite
def articles(draw):
    parts = draw(st.lists(_token_strategy(), min_size=1, max_size=120))
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), draw(st.sampled_from(STORMS)))
    seps = draw(st.lists(st.sampled_from([" ", " ", " ", "", "\n", ". ", ", "]), min_size=len(parts), max_size=len(parts)))
    text = "".join(p + s for p, s in zip(parts, seps))
    if not text.strip():
        text = "North Korea" + text
    title = draw(st.one_of(st.none(), st.sampled_from(parts)))
    published = draw(st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))))
    precision = draw(st.sampled_from(["day", "month", "year"])) if published else None
    return make_article(
        article_id="fuzz",
        raw=text.encode("utf-8", "surrogatepass"),
        text=text,
        source_path="fuzz",
        run_id="r",
        title=title,
        publisher=None,
        url=None,
        published=Published(published, precision),
    )


def _check(nlp, article: ArticleRow) -> None:
    ((doc, _),) = list(parse_articles(nlp, [article]))
    assert doc.text == article.text
    rows = extract_events(doc, article, run_id="r")
    violations = validate_events(to_table(rows, EventRow), to_table([article], ArticleRow))
    assert violations == [], violations
    for r in rows:
        assert article.text[r.char_start : r.char_end] == r.evidence
        assert article.text[r.trigger_start : r.trigger_end] == r.trigger and r.trigger.strip()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=not os.environ.get("MUSTER_FUZZ_RANDOM"),
)
@given(article=articles())
def test_extraction_never_raises_and_rows_validate(nlp, article):
    _check(nlp, article)


def test_a_long_article_is_parsed_in_sections_with_the_same_events(nlp, monkeypatch):
    """Sections join back into one Doc over the very same text: the events are the same as in one piece."""
    from extractors import limits

    text = (Path(__file__).resolve().parent.parent / "seeds" / "001_256431eec9779f0e.txt").read_text()
    article = article_from_text(text, article_id="long")
    ((whole, _),) = list(parse_articles(nlp, [article]))
    one = extract_events(whole, article, run_id="r")
    limits.limits.cache_clear()
    monkeypatch.setenv("MUSTER_SECTION_CHARS", "1000")
    try:
        assert len(limits.sections(text)) > 2
        ((joined, _),) = list(parse_articles(nlp, [article]))
        assert joined.text == text
        sectioned = extract_events(joined, article, run_id="r")
    finally:
        limits.limits.cache_clear()
    key = lambda r: (r.event_type, r.trigger_start, r.date_start, r.place_name)
    assert sorted(map(key, sectioned)) == sorted(map(key, one))
    assert validate_events(to_table(sectioned, EventRow), to_table([article], ArticleRow)) == []


def test_sections_cover_the_text_and_cut_storms():
    from extractors.limits import Limits, sections

    lim = Limits(max_article_chars=10**7, section_chars=5000, max_run_chars=100)
    text = ("Para one. " * 300 + "\n\n") * 5 + "!" * 1050 + " end."
    spans = sections(text, lim)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a < b for a, b in spans) and all(b == c for (_, b), (c, _) in zip(spans, spans[1:]))
    assert max(b - a for a, b in spans) <= 5000
    assert all(" " in text[a:b] or b - a <= 100 for a, b in spans if "!" in text[a:b])


def test_an_article_over_the_hard_cap_is_rejected(prefect_harness, tmp_path, monkeypatch):
    import json

    import polars as pl

    from extractors import limits
    from flows.run_flow import run_muster
    from flows.store import TableStore

    monkeypatch.setenv("MUSTER_MAX_ARTICLE_CHARS", "5000")
    monkeypatch.setenv("MUSTER_SECTION_CHARS", "2000")
    limits.limits.cache_clear()
    try:
        src = tmp_path / "in.jsonl"
        with src.open("w") as fh:
            fh.write(
                json.dumps({"id": "huge", "text": "North Korea sent troops to Russia. " * 400, "published": "2025-09-21"}) + "\n"
            )
            fh.write(
                json.dumps({"id": "long", "text": "North Korea sent troops to Russia. " * 120, "published": "2025-09-21"}) + "\n"
            )
        summary = run_muster(str(src), str(tmp_path / "out" / "events"))
    finally:
        limits.limits.cache_clear()
    assert [r.article_id for r in summary.rejects] == ["huge"] and "article too long: 14,000 characters" in summary.rejects[
        0
    ].reason
    events = pl.read_delta(str(TableStore.at(tmp_path / "out" / "events").events))
    assert set(events["article_id"]) == {"long"} and events.height == 120  # sectioned, every sentence coded
