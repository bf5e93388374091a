"""Scoring place resolution against a hand-checked toponym corpus (tests/corpus/places/).

Each gold toponym is resolved the way the flow resolves it: the article text is parsed with the
pipeline, the mention's span is taken at its gold offsets and handed to `extractors.places.resolve_spans`
(its sentence as context, the whole article as article evidence). Scores per split and feature kind:
Acc@161 (share of toponyms whose answer lies within 161 km of the gold point; no answer counts as a
miss), right country, coverage (share answered) and, among answered, the share within 161 km.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

KM = 161.0
TOPONYM_KEYS = frozenset(
    {"article", "start", "end", "mention", "name", "lat", "lon", "country", "admin1", "geonames_id", "kind", "split"}
)
SOURCE_KEYS = frozenset(
    {"id", "url", "publisher", "country", "published", "published_from", "style", "query", "rank", "sha256", "length", "split"}
)


@dataclass(frozen=True, slots=True)
class Toponym:
    article: str
    start: int
    end: int
    mention: str
    name: str
    lat: float
    lon: float
    country: Optional[str]
    admin1: Optional[str]
    geonames_id: Optional[int]
    kind: str
    split: str


@dataclass(frozen=True, slots=True)
class Outcome:
    toponym: Toponym
    answered: bool
    km: Optional[float]
    country_ok: bool
    answer: Optional[dict]


def _rows(path: Path, keys: frozenset) -> list[dict]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if set(row) != keys:
            raise ValueError(f"{path.name}:{n}: keys {sorted(set(row) ^ keys)} unknown or missing")
        out.append(row)
    return out


def read_corpus(folder: Path) -> tuple[dict[str, str], list[Toponym], list[str]]:
    """Texts by article id, gold toponyms, and problems (missing or altered texts, offsets that do not
    hold the mention). Toponyms of a missing text are left out and reported."""
    sources = _rows(folder / "sources.jsonl", SOURCE_KEYS)
    texts, problems = {}, []
    for src in sources:
        path = folder / "texts" / f"{src['id']}.txt"
        if not path.is_file():
            problems.append(f"{src['id']}: text missing ({path})")
            continue
        raw = path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != src["sha256"]:
            problems.append(f"{src['id']}: sha256 differs from sources.jsonl")
            continue
        texts[src["id"]] = raw.decode("utf-8")
    toponyms = []
    for row in _rows(folder / "toponyms.jsonl", TOPONYM_KEYS):
        t = Toponym(**row)
        text = texts.get(t.article)
        if text is None:
            continue
        if text[t.start : t.end] != t.mention:
            problems.append(f"{t.article}:{t.start}: offsets hold {text[t.start : t.end]!r}, not {t.mention!r}")
            continue
        toponyms.append(t)
    return texts, toponyms, problems


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def resolve_corpus(texts: dict[str, str], toponyms: Iterable[Toponym]) -> list[Outcome]:
    """Every toponym resolved through the flow's path: parse the article, resolve the gold span."""
    from extractors import places
    from extractors.nlp import load_nlp

    nlp = load_nlp()
    by_article: dict[str, list[Toponym]] = defaultdict(list)
    for t in toponyms:
        by_article[t.article].append(t)
    out = []
    for article_id, items in sorted(by_article.items()):
        doc = nlp(texts[article_id])
        for t in items:
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            mention = places.resolve_spans(doc, [span])[0] if span is not None else None
            rec = mention.record if mention is not None else None
            if span is not None and (span.start_char, span.end_char) != (t.start, t.end):
                # the span grew to whole tokens: resolve the gold mention itself, with the same evidence
                context = span.sent.text
                rec = places.resolve_place(t.mention, context, doc.text)
            if rec is None or rec.latitude is None:
                out.append(Outcome(t, False, None, False, rec.as_json() if rec else None))
                continue
            assert rec.longitude is not None  # a place record has both coordinates or neither
            out.append(Outcome(t, True, km(t.lat, t.lon, rec.latitude, rec.longitude), rec.country == t.country, rec.as_json()))
    return out


@dataclass(frozen=True, slots=True)
class Score:
    n: int
    answered: int
    within: int
    country: int

    def row(self, label: str) -> str:
        if not self.n:
            return f"{label:<10} {0:>5}"
        acc = self.within / self.n
        return (
            f"{label:<10} {self.n:>5}  acc@161 {acc:5.1%}  country {self.country / self.n:5.1%}  "
            f"answered {self.answered / self.n:5.1%}  acc@161 of answered "
            f"{(self.within / self.answered if self.answered else 0):5.1%}"
        )


def score(outcomes: Iterable[Outcome]) -> Score:
    items = list(outcomes)
    return Score(
        len(items),
        sum(o.answered for o in items),
        sum(1 for o in items if o.km is not None and o.km <= KM),
        sum(o.country_ok for o in items),
    )


def report(outcomes: list[Outcome], splits: Iterable[str]) -> str:
    lines = []
    for split in splits:
        part = [o for o in outcomes if split == "all" or o.toponym.split == split]
        lines.append(f"== {split}: {len(part)} toponyms, {len({o.toponym.article for o in part})} articles")
        lines.append(score(part).row("all"))
        kinds = sorted({o.toponym.kind for o in part})
        for kind in kinds:
            lines.append(score(o for o in part if o.toponym.kind == kind).row(kind))
    return "\n".join(lines)
