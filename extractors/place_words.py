"""The words places.py reads (data/place_words.toml) as typed, checked records, and the regexes built from them.

Loaded once (`place_words()`) with extractors.ruledata, so an unknown, missing or wrongly typed key fails at
load time naming the file and the key; code reads a list by attribute (`place_words().mention.modifiers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.ruledata import alternation, load

PLACE_WORDS_TOML = Path(__file__).with_name("data") / "place_words.toml"

Words = frozenset[str]
Ordered = tuple[str, ...]  # order kept: a regex alternation is built from it


@dataclass(frozen=True, slots=True)
class GazetteerWords:
    generic_names: Words
    admin_suffix_words: Words


@dataclass(frozen=True, slots=True)
class Mention:
    modifiers: Words
    admin_words: Ordered
    town_words: Ordered
    town_suffixes: Ordered
    admin_of_words: Ordered


@dataclass(frozen=True, slots=True)
class SharedHead:
    singular: Ordered
    plural: Ordered


@dataclass(frozen=True, slots=True)
class Context:
    admin_of_words: Ordered
    military_words: Ordered
    military_stems: Ordered
    shared_heads: dict[str, SharedHead]

    def military(self) -> re.Pattern[str]:
        """A military word anywhere in a text, whole words, any case."""
        stems = "|".join(re.escape(s) + r"\w*" for s in self.military_stems)
        return re.compile(rf"\b({alternation(self.military_words)}|{stems})\b", re.I)

    def shared_head(self) -> re.Pattern[str]:
        """What follows a conjunct sharing the head noun of a coordination: group 1 the head after the
        last conjunct (any form), group 2 a plural head right after the mention."""
        forms = alternation(tuple(w for h in self.shared_heads.values() for w in (*h.singular, *h.plural)))
        plurals = alternation(tuple(w for h in self.shared_heads.values() for w in h.plural))
        return re.compile(
            r"^(?:(?:,\s*[A-Z][\w'.\-]*(?:\s[A-Z][\w'.\-]*)?)*,?\s+(?:and|or)\s+[A-Z][\w'.\-]*"
            rf"(?:\s[A-Z][\w'.\-]*)?\s+({forms})"
            rf"|\s+({plurals}))\b"
        )

    def head_of(self, form: str) -> str:
        """The gazetteer word ("county") of a head noun as written ("Counties")."""
        return next(key for key, h in self.shared_heads.items() if form in h.singular or form in h.plural)


@dataclass(frozen=True, slots=True)
class Recognition:
    lower_inner: Words
    tail_words: Words
    loc_preps: Words
    loc_prep_skips: Words
    territory_verbs: Words
    territory_verb_forms: Words


@dataclass(frozen=True, slots=True)
class EventPreps:
    """Per event type (schemas.vocab.EVENT_TYPES), the prepositions that attach a place to its trigger."""

    deployment: Words
    enlistment: Words
    confirmation: Words
    denial: Words
    casualty: Words
    combat: Words
    agreement: Words


@dataclass(frozen=True, slots=True)
class PlaceWords:
    gazetteer: GazetteerWords
    mention: Mention
    context: Context
    recognition: Recognition
    event_preps: EventPreps


def load_place_words(path: Path = PLACE_WORDS_TOML) -> PlaceWords:
    return load(path, PlaceWords)


@lru_cache(maxsize=1)
def place_words() -> PlaceWords:
    return load_place_words()
