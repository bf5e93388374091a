"""Counts of people as written ("more than 10,000", "hundreds", "as many as 3,000") → min/max per the codebook."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from spacy.tokens import Token

from extractors.ruledata import load


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    minimum: Optional[int]
    maximum: Optional[int]


NUMBERS_FILE = Path(__file__).with_name("data") / "numbers.toml"


@dataclass(frozen=True, slots=True)
class NumberWords:
    """data/numbers.toml: number words and their values, the one table (dates reads it too)."""

    units: dict[str, int]  # "one" → 1 … "ninety" → 90, "a"/"an" → 1
    scales: dict[str, int]  # "hundred" → 100, "thousand", "million", "k"


NUMBER_WORDS = load(NUMBERS_FILE, NumberWords)
_UNITS = NUMBER_WORDS.units
_SCALES = NUMBER_WORDS.scales
# vague plurals: (min, max) per the codebook's hard cases
_VAGUE = [
    (r"tens of thousands", 20_000, 99_999),
    (r"hundreds of thousands", 200_000, 999_999),
    (r"several hundreds?|a few hundreds?", 300, 999),
    (r"several thousands?|a few thousands?", 3000, 9999),
    (r"hundreds", 200, 999),
    (r"thousands", 2000, 9999),
    (r"dozens", 24, 99),
    (r"a dozen", 12, 12),
    (r"a handful", 2, 5),
]
# modifiers: how the stated number bounds the count
_MORE = r"more than|over|above|in excess of|upwards of|exceeding|greater than"
_ATLEAST = r"at least|no fewer than|no less than|a minimum of|not less than"
_UPTO = r"as many as|up to|as much as|at most|no more than|a maximum of|not more than"
_BELOW = r"almost|nearly|close to|fewer than|less than|under|just under|short of"
_NUMBER = r"(\d[\d,.]*(?:\s?(?:million|thousand|hundred|k))?|[a-z]+(?:[- ][a-z]+)*)"


def parse_number(text: str) -> Optional[int]:
    """'10,000' → 10000, '1.5 million' → 1500000, 'two' → 2, 'twenty-five hundred' → 2500; else None."""
    t = text.strip().lower().replace("\u2009", "").replace("\xa0", " ")
    if not t:
        return None
    m = re.fullmatch(r"(\d[\d,]*(?:\.\d+)?)\s*(million|thousand|hundred|k)?", t)
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
    t = re.sub(r"^(an estimated|estimated|some|about|around|approximately|roughly|an? approximate|circa|about some)\s+", "~", t)
    t = t.lstrip("~")
    t = re.sub(r"\s+(more|additional|extra|new|other)$", "", t)  # "3,000 more" troops
    for pattern, low, high in _VAGUE:
        if re.fullmatch(rf"(?:(?:{_MORE}|{_ATLEAST}) )?{pattern}", t):
            return Quantity(text, low, high)
    if m := re.fullmatch(rf"between {_NUMBER} and {_NUMBER}", t) or re.fullmatch(rf"{_NUMBER} (?:to|-|–) {_NUMBER}", t):
        a, b = parse_number(m[1]), parse_number(m[2])
        if a and b:
            return Quantity(text, min(a, b), max(a, b))
    for mods, bound in ((_MORE, "more"), (_ATLEAST, "atleast"), (_UPTO, "upto"), (_BELOW, "below")):
        if m := re.fullmatch(rf"(?:{mods}) (?:some |about )?{_NUMBER}", t):
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


_COUNT_WORDS = {"hundred", "hundreds", "thousand", "thousands", "dozen", "dozens", "million", "millions"}
# a count of these is not a count of people: "two battalions" keeps its text only
UNIT_NOUNS = {
    "battalion",
    "brigade",
    "regiment",
    "division",
    "unit",
    "company",
    "platoon",
    "squad",
    "corps",
    "contingent",
    "wave",
    "batch",
    "group",
    "team",
    "round",
    "rotation",
}


def _phrase(doc, start: int, end: int) -> str:
    return doc[start:end].text


def is_count_word(token: Token) -> bool:
    return token.lower_ in _COUNT_WORDS or token.like_num or token.tag_ == "CD"


def quantity_of(head: Token) -> Optional[Quantity]:
    """The count of the people named by ``head``: its number modifier, or head itself being a count word."""
    doc = head.doc
    nums = [c for c in head.children if c.dep_ in ("nummod", "quantmod") and is_count_word(c)]
    if nums:
        num = nums[0]
        span = doc[num.left_edge.i : num.right_edge.i + 1]
        # "as many as 3,000": the modifier words hang off the number
        quantity = parse_quantity(span.text)
        if head.lemma_.lower() in UNIT_NOUNS:
            return Quantity(doc[span.start : head.i + 1].text, None, None)
        return quantity
    if is_count_word(head) and head.pos_ in ("NUM", "NOUN", "PROPN"):
        left = head.left_edge.i
        # drop determiners/adjectives that are not quantifiers ("the thousands" → "thousands")
        while left < head.i and doc[left].lower_ in ("the", "these", "those", "of"):
            left += 1
        return parse_quantity(doc[left : head.i + 1].text)
    return None
