"""The topic gate: is an article about Muster's topic? Scored on the raw text, before any parsing.

The topic is data (extractors/data/topic.toml): anchor names, contextual phrases, partner names and
the rule that combines their counts. `gate(text)` gives a TopicVerdict with the counts and a reason an
analyst can read; the flow records off-topic articles (status off_topic) without parsing them.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

TOPIC_FILE = Path(__file__).parent / "data" / "topic.toml"


def topic_file() -> Path:
    """The topic configuration in force: $MUSTER_TOPIC_FILE, else extractors/data/topic.toml."""
    return Path(os.environ.get("MUSTER_TOPIC_FILE") or TOPIC_FILE)


class TopicConfigError(ValueError):
    """topic.toml does not have the declared shape."""


@dataclass(frozen=True, slots=True)
class TopicRule:
    min_anchor: int
    min_partner: int
    min_anchor_alone: int


@dataclass(frozen=True, slots=True)
class Topic:
    """The topic configuration, checked at load time."""

    name: str
    party: str  # ISO 3166-1 alpha-3 of the topic's own party
    anchors: tuple[str, ...]
    any_case: tuple[str, ...]
    contextual: tuple[str, ...]
    contextual_requires: tuple[str, ...]
    partners: tuple[str, ...]
    rule: TopicRule
    sha256: str  # of the file: what a verdict was made under


@dataclass(frozen=True, slots=True)
class TopicVerdict:
    on_topic: bool
    anchors: int
    partners: int
    examples: tuple[str, ...]  # the first few anchor names found
    reason: str


_SCHEMA: dict[str, dict[str, type] | type] = {
    "name": str,
    "anchors": {"names": list, "any_case": list, "party": str},
    "contextual": {"phrases": list, "requires_any": list},
    "partners": {"names": list},
    "rule": {"min_anchor": int, "min_partner": int, "min_anchor_alone": int},
}


def _check(data: dict[str, Any], schema: dict[str, Any], where: str) -> None:
    unknown, missing = data.keys() - schema.keys(), schema.keys() - data.keys()
    if unknown or missing:
        raise TopicConfigError(f"{where}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}")
    for key, kind in schema.items():
        value = data[key]
        if isinstance(kind, dict):
            if not isinstance(value, dict):
                raise TopicConfigError(f"{where}.{key} must be a table")
            _check(value, kind, f"{where}.{key}")
        elif not isinstance(value, kind) or isinstance(value, bool):
            raise TopicConfigError(f"{where}.{key} must be {kind.__name__}")
        elif kind is list and (not all(isinstance(v, str) and v.strip() for v in value) or (not value and key != "any_case")):
            raise TopicConfigError(f"{where}.{key} must be a non-empty list of words")


def load_topic(path: Path) -> Topic:
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TopicConfigError(f"{path}: {exc}") from None
    _check(data, _SCHEMA, path.name)
    r = data["rule"]
    if min(r.values()) < 0 or r["min_anchor"] < 1:
        raise TopicConfigError(f"{path.name}.rule: counts must be >= 0 and min_anchor >= 1")
    return Topic(
        name=data["name"],
        party=data["anchors"]["party"],
        anchors=tuple(data["anchors"]["names"]),
        any_case=tuple(data["anchors"]["any_case"]),
        contextual=tuple(data["contextual"]["phrases"]),
        contextual_requires=tuple(data["contextual"]["requires_any"]),
        partners=tuple(data["partners"]["names"]),
        rule=TopicRule(**r),
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def _alternation(names: tuple[str, ...]) -> str:
    # longest first, so "North Korean" is one mention and not "North Korea" + rest
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


@dataclass(frozen=True, slots=True)
class _Compiled:
    topic: Topic
    anchors: re.Pattern
    any_case: re.Pattern | None
    contextual: re.Pattern
    requires: re.Pattern
    partners: re.Pattern


def _words(names: tuple[str, ...], flags: int = 0) -> re.Pattern:
    return re.compile(rf"(?<![\w]){_alternation(names)}(?![\w])" if names else r"(?!x)x", flags)


@lru_cache(maxsize=4)
def _compiled_at(path: Path, mtime_ns: int) -> _Compiled:
    t = load_topic(path)
    return _Compiled(
        t,
        _words(t.anchors),
        _words(t.any_case, re.I) if t.any_case else None,
        _words(t.contextual),
        _words(t.contextual_requires),
        _words(t.partners),
    )


def _compiled(path: Path | None) -> _Compiled:
    path = path or topic_file()
    return _compiled_at(path, path.stat().st_mtime_ns)


def topic(path: Path | None = None) -> Topic:
    return _compiled(path).topic


def gate(text: str, path: Path | None = None) -> TopicVerdict:
    """Score one article's text against the topic: counts of anchors and partners, the verdict, why."""
    c = _compiled(path)
    spans = {m.span(): m.group() for m in c.anchors.finditer(text)}
    if c.any_case is not None:
        for m in c.any_case.finditer(text):
            if not any(a <= m.start() < b for a, b in spans):
                spans[m.span()] = m.group()
    if c.requires.search(text):
        for m in c.contextual.finditer(text):
            spans.setdefault(m.span(), m.group())
    anchors = len(spans)
    examples = tuple(dict.fromkeys(v for _, v in sorted(spans.items())))[:3]
    partners = sum(1 for _ in c.partners.finditer(text)) if anchors else 0
    r = c.topic.rule
    on = anchors >= r.min_anchor and (partners >= r.min_partner or 0 < r.min_anchor_alone <= anchors)
    if on:
        reason = f"on topic: {anchors} mention(s) of {', '.join(examples)}; {partners} of its partners"
    elif not anchors:
        reason = f"off topic: no mention of {', '.join(c.topic.anchors[:3])} or the other anchor names of the topic"
    else:
        alone = f"needs {r.min_anchor_alone}, or " if r.min_anchor_alone else "needs "
        reason = (
            f"off topic: {anchors} mention(s) of {', '.join(examples)} but none of a partner ({alone}"
            f"{r.min_anchor} with a partner such as {', '.join(c.topic.partners[:2])})"
        )
    return TopicVerdict(on, anchors, partners, examples, reason)
