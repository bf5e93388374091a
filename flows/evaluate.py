"""Score predicted event rows against gold annotations: P/R/F1 per event type and attribute accuracy.

Matching: a gold event and a predicted event of the same article and type match when the predicted
evidence sentence contains the gold evidence phrase; among several, the one whose trigger lies inside
that phrase (then the one whose trigger text equals the gold trigger) wins. Greedy, one-to-one.
Gold comes in two forms: phrase-based (tests/gold/*.jsonl: the phrase is written out) and offset-based
(a corpus folder's gold.jsonl: the phrase and the trigger are character spans of the restored text, so
no publisher's sentence is committed); an offset phrase must lie inside the predicted sentence's span.
Full-event scores count a match only when date, place and polarity are right too.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

import pyarrow as pa

from flows.corpus import load_sources, verified_texts
from schemas import EventRow
from schemas.vocab import CORE_EVENT_TYPES, EVENT_TYPES, FURTHER_EVENT_TYPES

ATTRIBUTES = ("actor_country", "quantity", "polarity", "modality", "date", "place")
FULL_EVENT_ATTRIBUTES = ("date", "place", "polarity")  # with the type (matching), a "full event"


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One hand-coded event (tests/gold/*.jsonl); ``evidence`` is a short exact phrase of its sentence."""

    article_id: str
    event_type: str
    evidence: str
    trigger: str
    polarity: str = "affirmed"
    modality: str = "asserted"
    in_headline: bool = False
    actor: Optional[str] = None
    actor_country: Optional[str] = None
    actor_kind: Optional[str] = None
    target: Optional[str] = None
    target_country: Optional[str] = None
    source: Optional[str] = None
    source_country: Optional[str] = None
    quantity_min: Optional[int] = None
    quantity_max: Optional[int] = None
    quantity_text: Optional[str] = None
    date_start: Optional[str] = None
    date_end: Optional[str] = None
    date_precision: Optional[str] = None
    date_qualifier: Optional[str] = None
    place_name: Optional[str] = None
    place_country: Optional[str] = None
    place_admin1: Optional[str] = None
    place_precision: Optional[str] = None
    about: Optional[str] = None
    # offset gold only: where the phrase and the trigger lie in the article text as read
    char_start: Optional[int] = None
    char_end: Optional[int] = None
    trigger_start: Optional[int] = None
    trigger_end: Optional[int] = None


@dataclass(frozen=True, slots=True)
class TypeScore:
    event_type: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class AttributeScore:
    name: str
    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Mismatch:
    gold: GoldEvent
    attribute: str
    expected: object
    predicted: object


@dataclass(frozen=True, slots=True)
class EvalReport:
    per_type: tuple[TypeScore, ...]
    core: TypeScore  # micro over the core types
    further: TypeScore  # micro over the further types
    full_core: TypeScore  # full events (type + date + place + polarity right), core types
    full_further: TypeScore  # full events, further types
    attributes: tuple[AttributeScore, ...]
    matched: tuple[tuple[GoldEvent, EventRow], ...]
    core_attributes: tuple[AttributeScore, ...]  # the same, on matched core events only
    missed: tuple[GoldEvent, ...]
    spurious: tuple[EventRow, ...]
    mismatches: tuple[Mismatch, ...]

    def score(self, event_type: str) -> TypeScore:
        return next(s for s in self.per_type if s.event_type == event_type)

    def format(self) -> str:
        lines = [f"{'type':<16}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
        named = [(s.event_type, s) for s in self.per_type]
        named += [("core (micro)", self.core), ("further (micro)", self.further)]
        for name, s in named:
            lines.append(f"{name:<16}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:5d}{s.fp:5d}{s.fn:5d}")
        lines.append("")
        lines.append("full event (type + date + place + polarity right):")
        for name, s in (("core", self.full_core), ("further", self.full_further)):
            lines.append(f"  {name:<14}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:5d}{s.fp:5d}{s.fn:5d}")
        lines.append("")
        lines.append(f"attribute accuracy on {len(self.matched)} matched events:")
        core = [a for a in self.core_attributes if a.total]
        for a in self.attributes:
            b = next((c for c in core if c.name == a.name), None)
            on_core = f"   core {b.accuracy:.3f}  ({b.correct}/{b.total})" if b else ""
            lines.append(f"  {a.name:<14}{a.accuracy:7.3f}  ({a.correct}/{a.total}){on_core}")
        return "\n".join(lines)


def read_gold(path: Path) -> list[GoldEvent]:
    """Gold JSONL → GoldEvent records (unknown keys are an error: gold and code must not drift)."""
    names = {f.name for f in dataclasses.fields(GoldEvent)}
    out = []
    with Path(path).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            extra = set(record) - names
            if extra:
                raise ValueError(f"{path}:{lineno}: unknown gold field(s) {sorted(extra)}")
            out.append(GoldEvent(**record))
    return out


OFFSET_KEYS = ("char_start", "char_end", "trigger_start", "trigger_end")


def read_offset_gold(path: Path, folder: Path, split: str = "all") -> list[GoldEvent]:
    """Offset gold (a corpus folder's gold.jsonl) → GoldEvent records, phrases sliced from the restored texts.

    Each record has the GoldEvent fields except ``evidence``, plus char_start/char_end (the evidence
    phrase) and trigger_start/trigger_end. The trigger must equal the text at its offsets and lie inside
    the phrase; texts are checked against sources.jsonl first. Only the articles of ``split`` are kept.
    """
    texts = verified_texts(Path(folder), split)
    all_ids = {s.id for s in load_sources(Path(folder))}
    names = {f.name for f in dataclasses.fields(GoldEvent)} - {"evidence"}
    out = []
    with Path(path).open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            where = f"{path}:{lineno}"
            extra = set(record) - names
            if extra:
                raise ValueError(f"{where}: unknown gold field(s) {sorted(extra)}")
            missing = [k for k in ("article_id", "event_type", "trigger", *OFFSET_KEYS) if record.get(k) is None]
            if missing:
                raise ValueError(f"{where}: missing gold field(s) {missing}")
            if record["article_id"] not in all_ids:
                raise ValueError(f"{where}: article {record['article_id']!r} is not in {folder}/sources.jsonl")
            if record["article_id"] not in texts:
                continue  # another split
            text = texts[record["article_id"]][1]
            c0, c1, t0, t1 = (record[k] for k in OFFSET_KEYS)
            if not (0 <= c0 <= t0 < t1 <= c1 <= len(text)):
                raise ValueError(f"{where}: offsets {c0}..{c1} (trigger {t0}..{t1}) do not nest inside the text")
            if text[t0:t1] != record["trigger"]:
                raise ValueError(f"{where}: trigger {record['trigger']!r} != text[{t0}:{t1}] {text[t0:t1]!r}")
            out.append(GoldEvent(evidence=text[c0:c1], **record))
    return out


def events_from_table(table: pa.Table) -> list[EventRow]:
    """A pyarrow table of the events schema → EventRow records."""
    names = [f.name for f in dataclasses.fields(EventRow)]
    columns = {n: table.column(n).to_pylist() for n in names if n in table.column_names}
    rows: list[dict[str, Any]] = [{n: columns[n][i] if n in columns else None for n in names} for i in range(table.num_rows)]
    return [EventRow(**row) for row in rows]


def _iso(value) -> Optional[str]:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def attribute_values(gold: GoldEvent, pred: EventRow) -> dict[str, tuple[object, object]]:
    return {
        "actor_country": (gold.actor_country, pred.actor_country),
        "quantity": ((gold.quantity_min, gold.quantity_max), (pred.quantity_min, pred.quantity_max)),
        "polarity": (gold.polarity, pred.polarity),
        "modality": (gold.modality, pred.modality),
        "date": ((gold.date_start, gold.date_end), (_iso(pred.date_start), _iso(pred.date_end))),
        "place": ((gold.place_country, gold.place_admin1), (pred.place_country, pred.place_admin1)),
    }


def _match_rank(gold: GoldEvent, pred: EventRow) -> Optional[tuple[int, int]]:
    if gold.char_start is not None:  # offset gold: the phrase's span inside the sentence's span
        assert gold.char_end is not None  # offset gold has both ends (read_offset_gold checks)
        if not (pred.char_start <= gold.char_start and gold.char_end <= pred.char_end):
            return None
        at = gold.char_start - pred.char_start
    else:
        at = pred.evidence.find(gold.evidence)
        if at < 0:
            return None
    rel0, rel1 = pred.trigger_start - pred.char_start, pred.trigger_end - pred.char_start
    inside = rel0 < at + len(gold.evidence) and rel1 > at
    same_trigger = pred.trigger.lower() == gold.trigger.lower()
    return (0 if inside else 1, 0 if same_trigger else 1)


def match(gold_rows: Sequence[GoldEvent], predicted: Sequence[EventRow]) -> list[tuple[GoldEvent, EventRow]]:
    """Greedy one-to-one matching, best-ranked pairs first."""
    pairs = []
    for gi, g in enumerate(gold_rows):
        for pi, p in enumerate(predicted):
            if p.article_id == g.article_id and p.event_type == g.event_type:
                rank = _match_rank(g, p)
                if rank is not None:
                    pairs.append((rank, gi, pi))
    pairs.sort()
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gold_rows[gi], predicted[pi]))
    return out


def _micro(name: str, scores: Sequence[TypeScore], types: Sequence[str]) -> TypeScore:
    chosen = [s for s in scores if s.event_type in types]
    return TypeScore(name, *(sum(getattr(s, k) for s in chosen) for k in ("tp", "fp", "fn")))


def _full_event(
    name: str,
    types: Sequence[str],
    gold: Sequence[GoldEvent],
    predicted: Sequence[EventRow],
    full: Sequence[tuple[GoldEvent, EventRow]],
) -> TypeScore:
    tp = sum(1 for g, _ in full if g.event_type in types)
    return TypeScore(
        name, tp, sum(1 for p in predicted if p.event_type in types) - tp, sum(1 for g in gold if g.event_type in types) - tp
    )


def _attribute_scores(golds: list[GoldEvent], mismatches: list[Mismatch]) -> tuple[AttributeScore, ...]:
    """Accuracy of each attribute over these matched gold events (every match is scored on every attribute)."""
    ids = {id(g) for g in golds}
    wrong = Counter(m.attribute for m in mismatches if id(m.gold) in ids)
    return tuple(AttributeScore(a, len(golds) - wrong[a], len(golds)) for a in ATTRIBUTES)


def evaluate(
    gold_rows: Iterable[GoldEvent], predicted_rows: Iterable[EventRow], *, articles: Optional[Iterable[str]] = None
) -> EvalReport:
    """Score predictions of the given articles (default: those the gold covers; other rows are ignored)."""
    gold = list(gold_rows)
    scope = set(articles) if articles is not None else {g.article_id for g in gold}
    predicted = [p for p in predicted_rows if p.article_id in scope]
    matched = match(gold, predicted)
    matched_gold = {id(g) for g, _ in matched}
    matched_pred = {id(p) for _, p in matched}
    per_type = []
    for t in EVENT_TYPES:
        tp = sum(1 for g, _ in matched if g.event_type == t)
        fp = sum(1 for p in predicted if p.event_type == t and id(p) not in matched_pred)
        fn = sum(1 for g in gold if g.event_type == t and id(g) not in matched_gold)
        per_type.append(TypeScore(t, tp, fp, fn))
    mismatches, full = [], []
    for g, p in matched:
        values = attribute_values(g, p)
        mismatches += [Mismatch(g, name, want, got) for name, (want, got) in values.items() if want != got]
        if all(values[a][0] == values[a][1] for a in FULL_EVENT_ATTRIBUTES):
            full.append((g, p))
    return EvalReport(
        per_type=tuple(per_type),
        core=_micro("core", per_type, CORE_EVENT_TYPES),
        further=_micro("further", per_type, FURTHER_EVENT_TYPES),
        full_core=_full_event("core", CORE_EVENT_TYPES, gold, predicted, full),
        full_further=_full_event("further", FURTHER_EVENT_TYPES, gold, predicted, full),
        attributes=_attribute_scores([g for g, _ in matched], mismatches),
        matched=tuple(matched),
        core_attributes=_attribute_scores([g for g, _ in matched if g.event_type in CORE_EVENT_TYPES], mismatches),
        missed=tuple(g for g in gold if id(g) not in matched_gold),
        spurious=tuple(p for p in predicted if id(p) not in matched_pred),
        mismatches=tuple(mismatches),
    )
