"""The event lexicon (data/triggers.toml): trigger lemmas per event type and framing cues, loaded once."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

TRIGGERS_FILE = Path(__file__).with_name("data") / "triggers.toml"


def _freeze(value):
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return frozenset(value)
    return value


@lru_cache(maxsize=1)
def lexicon() -> Mapping[str, Mapping[str, frozenset[str]]]:
    """Sections of triggers.toml as read-only mappings of frozensets (membership tests only)."""
    with TRIGGERS_FILE.open("rb") as fh:
        return _freeze(tomllib.load(fh))


@lru_cache(maxsize=None)
def words(section: str, key: str) -> frozenset[str]:
    return lexicon()[section].get(key, frozenset())
