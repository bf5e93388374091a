"""The weights of a place choice (data/place_scores.toml) as typed records, and the explanation lines
generated from them, so that what `--explain` says is what the arithmetic did.

    >>> w = place_scores()
    >>> why: list[str] = []
    >>> w.context_country.add(why, country="CAN")
    22.0
    >>> why
    ['country CAN named in context +22']
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractors.ruledata import load

PLACE_SCORES_TOML = Path(__file__).with_name("data") / "place_scores.toml"
KINDS = ("country", "admin1", "admin2", "region", "city")


def _line(says: str, value: float, fields: dict[str, Any], signed: bool = True) -> str:
    number = f"{value:+g}" if signed else f"{value:g}"
    return f"{says.format(**fields)} {number}"


@dataclass(frozen=True, slots=True)
class Weight:
    """One piece of evidence: its weight and the words that explain it."""

    value: float
    says: str

    def add(self, why: list[str], **fields: Any) -> float:
        """The weight, its explanation appended to `why`."""
        why.append(_line(self.says, self.value, fields))
        return self.value

    def note(self, why: list[str], **fields: Any) -> float:
        """The value as a bound (a floor or a cap), explained unsigned."""
        why.append(_line(self.says, self.value, fields, signed=False))
        return self.value


@dataclass(frozen=True, slots=True)
class ByKind:
    """A weight that depends on the candidate's kind (country, admin1, admin2, region, city)."""

    says: str
    by_kind: dict[str, float]

    def __post_init__(self) -> None:
        if set(self.by_kind) != set(KINDS):
            raise ValueError(f"by_kind must give exactly {', '.join(KINDS)}")

    def add(self, why: list[str], kind: str, extra: float = 0.0) -> float:
        value = self.by_kind[kind] + extra
        why.append(_line(self.says, value, {}))
        return value


@dataclass(frozen=True, slots=True)
class Share:
    """intercept + slope * share, for a share of the article's places."""

    intercept: float
    slope: float
    says: str

    def add(self, why: list[str], share: float, **fields: Any) -> float:
        value = round(self.intercept + self.slope * share, 1)
        why.append(_line(self.says, value, {"share": share, **fields}))
        return value


@dataclass(frozen=True, slots=True)
class Band:
    km: float
    value: float


@dataclass(frozen=True, slots=True)
class Bands:
    """A weight by distance: the first band the distance falls within."""

    says: str
    bands: tuple[Band, ...]

    def __post_init__(self) -> None:
        if [b.km for b in self.bands] != sorted(b.km for b in self.bands):
            raise ValueError("bands must be in increasing km")

    def add(self, why: list[str], km: float) -> float:
        for band in self.bands:
            if km < band.km:
                if band.value:
                    why.append(_line(self.says, band.value, {"km": km}))
                return band.value
        return 0.0


@dataclass(frozen=True, slots=True)
class Base:
    country: float
    region: float
    admin1_major_name: float
    admin1_major_other: float
    admin1_minor: float
    admin2: float
    admin2_shared: float
    town_intercept: float
    town_per_log10: float
    town_million: float

    def town(self, population: int) -> float:
        return (
            self.town_intercept
            + self.town_per_log10 * math.log10(population + 10)
            + (self.town_million if population >= 1_000_000 else 0.0)
        )


@dataclass(frozen=True, slots=True)
class Inferred:
    """A name the gazetteer does not hold, placed in the article's leading country (or its leading
    subdivision) when the article's other places agree enough: where a context model puts an unknown
    village, at the container's precision, never a point."""

    min_places: float  # the article's other places (by weight) needed at all
    min_share: float  # the leading country's share of them
    admin1_min_places: float  # the leading subdivision's weight needed to place it there
    admin1_min_share: float  # ... and its share of that country's subdivisions
    says: str

    def line(self, where: str, share: float, places: float) -> str:
        return self.says.format(where=where, share=share, places=places)


@dataclass(frozen=True, slots=True)
class PlaceScores:
    base: Base
    alternate_name: Weight
    curated: Weight
    shared_name: Weight
    admin_word: ByKind
    city_subdivision: Weight
    town_word: ByKind
    capital_namesake: Weight
    frontline_military: Weight
    context_country: Weight
    context_town_country: Weight
    context_admin1: Weight
    context_town_admin1: Weight
    context_country_place: Weight
    article_country: Share
    article_admin1: Share
    article_pair: Weight
    article_near: Bands
    evidence_cap: Weight
    inferred: Inferred


def load_place_scores(path: Path = PLACE_SCORES_TOML) -> PlaceScores:
    return load(path, PlaceScores)


@lru_cache(maxsize=1)
def place_scores() -> PlaceScores:
    return load_place_scores()
