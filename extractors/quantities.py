"""Counts of people as written ("more than 10,000", "hundreds", "as many as 3,000") → min/max per the codebook."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from spacy.tokens import Token

from extractors.ruledata import alternation, load


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    minimum: Optional[int]
    maximum: Optional[int]


NUMBERS_FILE = Path(__file__).with_name("data") / "numbers.toml"


@dataclass(frozen=True, slots=True)
class VagueCount:
    """A count that gives no number ("hundreds") and the bounds the codebook gives it."""

    phrases: tuple[str, ...]
    minimum: int
    maximum: int

    def __post_init__(self) -> None:
        if not 0 < self.minimum <= self.maximum:
            raise ValueError(f"{self.phrases[:1]}: needs 0 < minimum <= maximum")


@dataclass(frozen=True, slots=True)
class Bounds:
    """The words of a bound before a number ("more than 10,000"), by what the number then bounds."""

    more: tuple[str, ...]
    at_least: tuple[str, ...]
    up_to: tuple[str, ...]
    below: tuple[str, ...]
    fillers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CountWords:
    """The words of a count of people around its number (numbers.toml [counts])."""

    count_words: frozenset[str]
    unit_nouns: frozenset[str]
    approximations: tuple[str, ...]
    after_count: tuple[str, ...]
    bounds: Bounds
    vague: tuple[VagueCount, ...]


@dataclass(frozen=True, slots=True)
class NumberWords:
    """data/numbers.toml: number words and their values, the one table (dates reads it too), and the words
    of a count of people."""

    units: dict[str, int]  # "one" → 1 … "ninety" → 90, "a"/"an" → 1
    scales: dict[str, int]  # "hundred" → 100, "thousand", "million", "k"
    counts: CountWords


NUMBER_WORDS = load(NUMBERS_FILE, NumberWords)
_UNITS = NUMBER_WORDS.units
_SCALES = NUMBER_WORDS.scales
_COUNTS = NUMBER_WORDS.counts
_SCALE_WORDS = alternation(tuple(_SCALES))
# vague plurals: (pattern, min, max)
_VAGUE = [(alternation(v.phrases), v.minimum, v.maximum) for v in _COUNTS.vague]
# modifiers: how the stated number bounds the count
_MORE = alternation(_COUNTS.bounds.more)
_ATLEAST = alternation(_COUNTS.bounds.at_least)
_UPTO = alternation(_COUNTS.bounds.up_to)
_BELOW = alternation(_COUNTS.bounds.below)
_FILLERS = "|".join(re.escape(w) + " " for w in _COUNTS.bounds.fillers)
_APPROXIMATE = re.compile(rf"^({alternation(_COUNTS.approximations)})\s+")
_AFTER_COUNT = re.compile(rf"\s+({alternation(_COUNTS.after_count)})$")
_NUMBER = rf"(\d[\d,.]*(?:\s?(?:{_SCALE_WORDS}))?|[a-z]+(?:[- ][a-z]+)*)"
_DIGITS = re.compile(rf"(\d[\d,]*(?:\.\d+)?)\s*({_SCALE_WORDS})?")


def parse_number(text: str) -> Optional[int]:
    """'10,000' → 10000, '1.5 million' → 1500000, 'two' → 2, 'twenty-five hundred' → 2500; else None."""
    t = text.strip().lower().replace("\u2009", "").replace("\xa0", " ")
    if not t:
        return None
    m = _DIGITS.fullmatch(t)
    if m:
        digits = m[1].replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            return None
        return int(round(value * _SCALES.get(m[2] or "", 1)))
    total, current = 0, 0
    for word in re.split(r"[\s-]+", t):
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        elif word == "and":
            continue
        else:
            return None
    value = total + current
    return value or None


def parse_quantity(text: str) -> Quantity:
    """The codebook's bounds for a count phrase; numbers stay None when the text gives none."""
    t = re.sub(r"\s+", " ", text.strip().lower())
    t = _APPROXIMATE.sub("~", t, count=1)
    t = t.lstrip("~")
    t = _AFTER_COUNT.sub("", t, count=1)  # "3,000 more" troops
    for pattern, low, high in _VAGUE:
        if re.fullmatch(rf"(?:(?:{_MORE}|{_ATLEAST}) )?(?:{pattern})", t):
            return Quantity(text, low, high)
    if m := re.fullmatch(rf"between {_NUMBER} and {_NUMBER}", t) or re.fullmatch(rf"{_NUMBER} (?:to|-|–) {_NUMBER}", t):
        a, b = parse_number(m[1]), parse_number(m[2])
        if a and b:
            return Quantity(text, min(a, b), max(a, b))
    for mods, bound in ((_MORE, "more"), (_ATLEAST, "atleast"), (_UPTO, "upto"), (_BELOW, "below")):
        if m := re.fullmatch(rf"(?:{mods}) (?:{_FILLERS})?{_NUMBER}", t):
            n = parse_number(m[1])
            if n is None:
                break
            return {
                "more": Quantity(text, n + 1, None),
                "atleast": Quantity(text, n, None),
                "upto": Quantity(text, None, n),
                "below": Quantity(text, None, n - 1),
            }[bound]
    n = parse_number(t)
    if n is not None:
        return Quantity(text, n, n)
    return Quantity(text, None, None)


def _phrase(doc, start: int, end: int) -> str:
    return doc[start:end].text


def is_count_word(token: Token) -> bool:
    return token.lower_ in _COUNTS.count_words or token.like_num or token.tag_ == "CD"


def quantity_of(head: Token) -> Optional[Quantity]:
    """The count of the people named by ``head``: its number modifier, or head itself being a count word."""
    doc = head.doc
    nums = [c for c in head.children if c.dep_ in ("nummod", "quantmod") and is_count_word(c)]
    if nums:
        num = nums[0]
        span = doc[num.left_edge.i : num.right_edge.i + 1]
        # "as many as 3,000": the modifier words hang off the number
        quantity = parse_quantity(span.text)
        if head.lemma_.lower() in _COUNTS.unit_nouns:
            return Quantity(doc[span.start : head.i + 1].text, None, None)
        return quantity
    if is_count_word(head) and head.pos_ in ("NUM", "NOUN", "PROPN"):
        left = head.left_edge.i
        # drop determiners/adjectives that are not quantifiers ("the thousands" → "thousands")
        while left < head.i and doc[left].lower_ in ("the", "these", "those", "of"):
            left += 1
        return parse_quantity(doc[left : head.i + 1].text)
    return None
