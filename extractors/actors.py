"""Parties (actors, targets, sources) as spans of the parse → ISO alpha-3 country and actor kind.

The names, demonyms, capitals-as-governments and kind nouns live in data/actors.toml, loaded once
(`actors_file()`) into typed records with extractors.ruledata: an unknown, missing or wrongly typed key
fails at load time naming the file and the key. places.load_demonyms reads the same records.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

from spacy.tokens import Token

from extractors.ruledata import load
from extractors.syntax import child as _child

ACTORS_FILE = Path(__file__).with_name("data") / "actors.toml"

# dependents that are not part of the name of a party
_DROP_DEPS = {"relcl", "acl", "appos", "advcl", "parataxis", "nummod", "quantmod", "dep", "meta", "mark"}
_KEEP_PREPS = {"of", "from", "by"}
PRONOUNS = {
    "it",
    "its",
    "they",
    "them",
    "their",
    "he",
    "she",
    "him",
    "her",
    "who",
    "which",
    "that",
    "this",
    "these",
    "those",
    "we",
    "i",
}


@dataclass(frozen=True, slots=True)
class CountryMention:
    start: int  # token indices
    end: int
    country: Optional[str]  # None for international bodies
    role: str  # name, demonym, government, international


@dataclass(frozen=True, slots=True)
class Party:
    text: str
    start_char: int
    end_char: int
    head: int  # token index of the head
    country: Optional[str]
    kind: Optional[str]
    role: Optional[str] = None  # role of the country mention that == the head itself, if any


@dataclass(frozen=True, slots=True)
class CountryNames:
    """One state's words: its names, its demonyms, and the metonyms that stand for its government
    (capitals, seats of power, leaders, state media)."""

    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    governments: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class International:
    """Bodies of no single state (actor country null, kind "other")."""

    other: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KindNouns:
    """Head nouns (lemmas) or compound phrases → actor kind, one field per kind of schemas.vocab.ACTOR_KINDS
    but "other"; in file order, a phrase listed under two kinds takes the later."""

    military: tuple[str, ...]
    workers: tuple[str, ...]
    government: tuple[str, ...]
    official: tuple[str, ...]
    intelligence: tuple[str, ...]
    media: tuple[str, ...]
    civilians: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PeopleNouns:
    nouns: frozenset[str]


@dataclass(frozen=True, slots=True)
class PartyWords:
    """How a party's words are read: names that count only as written, count modifiers left out of a
    name, heads about two countries."""

    cased_names: frozenset[str]
    count_modifiers: frozenset[str]
    relation_heads: frozenset[str]
    institution_nouns: frozenset[str]


_ALPHA3 = re.compile(r"[A-Z]{3}")
REGION = "REGION"  # the world_demonyms key of demonyms of a region or a people of no one state


@dataclass(frozen=True, slots=True)
class ActorsFile:
    """data/actors.toml as read: the countries (by alpha-3), the international bodies, the kind nouns, the
    people nouns and the demonyms of the rest of the world (read by extractors/places.py)."""

    countries: dict[str, CountryNames]
    international: International
    kinds: KindNouns
    people: PeopleNouns
    party: PartyWords
    world_demonyms: dict[str, tuple[str, ...]]

    def __post_init__(self) -> None:
        bad = [k for k in self.countries if not _ALPHA3.fullmatch(k)]
        bad += [k for k in self.world_demonyms if k != REGION and not _ALPHA3.fullmatch(k)]
        if bad:
            raise ValueError(f"not an alpha-3 code: {', '.join(bad)}")


def load_actors_file(path: Path = ACTORS_FILE) -> ActorsFile:
    return load(path, ActorsFile)


@lru_cache(maxsize=1)
def actors_file() -> ActorsFile:
    return load_actors_file()


@dataclass(frozen=True, slots=True)
class ActorLexicon:
    phrases: dict  # tuple of lower-case words → (country, role)
    longest: int
    kinds: dict  # lower-case phrase → kind
    people: frozenset


_INFIX_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


@lru_cache(maxsize=1)
def actor_lexicon() -> ActorLexicon:
    data = actors_file()
    phrases: dict[tuple[str, ...], tuple[Optional[str], str]] = {}
    for code, entry in data.countries.items():
        for role, words in (("name", entry.names), ("demonym", entry.demonyms), ("government", entry.governments)):
            for name in words:
                phrases.setdefault(tuple(name.split()), (code, role))
                # the tokenizer splits the possessive: "people's" → "people" "'s"
                phrases.setdefault(tuple(name.replace("'s", " 's").split()), (code, role))
                # and a hyphen between letters: "kim jong-un" → "kim" "jong" "-" "un"
                phrases.setdefault(tuple(_INFIX_HYPHEN.sub(" - ", name).split()), (code, role))
    # the rest of the world's demonyms name a party's state too ("Nepalese men", "Cuban mercenaries"); a
    # region's ("European volunteers") names none, and the states above keep their own lists (a bare
    # "Korean" is either Korea's)
    for code, words in data.world_demonyms.items():
        if code == REGION or code in data.countries:
            continue
        for name in words:
            phrases.setdefault(tuple(name.split()), (code, "demonym"))
    for name in data.international.other:
        phrases.setdefault(tuple(name.split()), (None, "international"))
    kinds = {name: f.name for f in dataclasses.fields(data.kinds) for name in getattr(data.kinds, f.name)}
    return ActorLexicon(phrases, max(len(p) for p in phrases), kinds, data.people.nouns)


def _norm(token: Token) -> str:
    return token.lower_.replace("’", "'")


def country_mentions(tokens: list[Token]) -> list[CountryMention]:
    """Longest-match country names, demonyms and government metonyms in a token sequence."""
    lex = actor_lexicon()
    cased = actors_file().party.cased_names
    out, i = [], 0
    words = [_norm(t) for t in tokens]
    while i < len(tokens):
        for n in range(min(lex.longest, len(tokens) - i), 0, -1):
            hit = lex.phrases.get(tuple(words[i : i + n]))
            # "US"/"us": only the upper-case form is the country
            # "the North" (a head noun after "the") stands for Pyongyang; "North" in a name does not
            if (
                hit
                and n == 1
                and words[i] == "north"
                and not (
                    tokens[i].text == "North"
                    and tokens[i].dep_ not in ("compound", "amod")
                    and tokens[i].i > 0
                    and tokens[i].nbor(-1).lower_ == "the"
                )
            ):
                hit = None
            if hit and not (n == 1 and tokens[i].text not in cased and any(words[i] == c.lower() for c in cased)):
                out.append(CountryMention(tokens[i].i, tokens[i + n - 1].i + 1, hit[0], hit[1]))
                i += n
                break
        else:
            i += 1
    return out


def party_tokens(head: Token, *, keep_clauses: bool = False, alone: bool = False) -> list[Token]:
    """The contiguous tokens naming the party headed by ``head`` (modifier clauses and counts dropped);
    ``alone``: without its conjuncts ("the Kremlin" of "the Kremlin and North Korea")."""
    party = actors_file().party
    keep = {head.i}
    stack = [head]
    while stack:
        tok = stack.pop()
        for child in tok.children:
            if child.dep_ == "punct" and child.tag_ != "HYPH":
                continue
            if alone and tok == head and child.dep_ in ("conj", "cc", "preconj"):
                continue
            if child.dep_ in _DROP_DEPS and not (
                keep_clauses and child.dep_ == "acl" and child.i > head.i and child.doc[child.i - 1].text != ","
            ):
                continue
            if child.dep_ == "prep" and child.lower_ not in _KEEP_PREPS and not keep_clauses and not _institution_prep(child):
                continue
            if child.dep_ in ("amod", "advmod") and child.lower_ in party.count_modifiers:
                continue
            keep.add(child.i)
            stack.append(child)
    doc = head.doc
    start = end = head.i
    while start - 1 in keep:
        start -= 1
    while end + 1 in keep:
        end += 1
    toks = list(doc[start : end + 1])
    while toks and (
        toks[0].is_punct or toks[0].dep_ in ("cc", "case") or toks[0].lower_ in ("than", "as", "many") and toks[0] != head
    ):
        toks.pop(0)
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc") and toks[-1] != head:
        toks.pop()
    return toks or [head]


def _institution_prep(prep: Token) -> bool:
    """ "at the North Korean mission": an "at" whose object is an institution (party.institution_nouns)."""
    o = _child(prep, "pobj")
    return prep.lower_ == "at" and o is not None and o.lemma_.lower() in actors_file().party.institution_nouns


def _in_other_prep(token: Token, head: Token) -> bool:
    """True when token sits under a preposition other than of/from/by below head ("familiar with Russia");
    "at" an institution counts as "of" ("an official at the Russian embassy")."""
    t = token
    while t != head and t.head != t:
        if t.dep_ == "prep" and t.lower_ not in _KEEP_PREPS and not _institution_prep(t):
            return True
        t = t.head
    return False


def kind_of(head: Token, tokens: list[Token], mentions: list[CountryMention]) -> Optional[str]:
    lex = actor_lexicon()
    # the compound phrase ending at the head ("intelligence agency", "state-run media"), then the head lemma
    compound = [t for t in tokens if t.i <= head.i and (t == head or t.dep_ in ("compound", "amod") and t.head == head)]
    for n in range(min(3, len(compound)), 0, -1):
        phrase = " ".join(_norm(t) for t in compound[-n:])
        if phrase in lex.kinds:
            return lex.kinds[phrase]
    if head.lemma_.lower() in lex.kinds:
        return lex.kinds[head.lemma_.lower()]
    if head.lower_ in lex.kinds:
        return lex.kinds[head.lower_]
    for m in mentions:
        if m.start <= head.i < m.end:
            return {"name": "government", "government": "government", "international": "other"}.get(m.role, "other")
    if head.ent_type_ == "PERSON":
        return "official" if mentions else "other"
    if head.ent_type_ == "ORG":
        return "other"
    return None


def _with_cut_prefix(tokens: list[Token]) -> list[Token]:
    """Put back a name's first word that a parser slip left in the sentence before ("North | Korean troops")."""
    first = tokens[0]
    if first.i == 0 or not first.is_sent_start:
        return tokens
    prev = first.nbor(-1)
    if prev.whitespace_ and (_norm(prev), _norm(first)) in actor_lexicon().phrases:
        return [prev] + tokens
    return tokens


def resolve_party(head: Token, *, keep_clauses: bool = False, alone: bool = False) -> Party:
    """Span, country and kind of the party headed by ``head`` (computed once per Doc, token and reading:
    every detector and the row builder ask again for the same heads)."""
    cache = head.doc.user_data.setdefault("muster_parties", {})
    key = (head.i, keep_clauses, alone)
    party = cache.get(key)
    if party is None:
        party = cache[key] = _resolve_party(head, keep_clauses=keep_clauses, alone=alone)
    return party


def _resolve_party(head: Token, *, keep_clauses: bool, alone: bool) -> Party:
    tokens = party_tokens(head, keep_clauses=keep_clauses, alone=alone)
    tokens = _with_cut_prefix(tokens)
    mentions = country_mentions(tokens)
    usable = [m for m in mentions if not _in_other_prep(head.doc[m.start], head)]
    countries = {m.country for m in usable}
    country: Optional[str] = None
    if len(countries) == 1:
        country = next(iter(countries))
    elif len(countries) > 1:
        coordinated = any(
            t.dep_ in ("cc", "preconj") or t.lower_ in ("and", "nor", "or", "-")
            for t in tokens
            if min(m.start for m in usable) < t.i < max(m.end for m in usable)
        )
        if not coordinated or head.lemma_.lower() in actors_file().party.relation_heads:
            # the mention closest before the head names the party ("ethnic Mongolian Russian volunteers");
            # a state's beside an international body's is the state's ("Russia's UN ambassador")
            states = [m for m in usable if m.country is not None]
            before = [m for m in (states if not coordinated else usable) if m.start <= head.i]
            country = (before[-1] if before else usable[0]).country
    head_role = next((m.role for m in mentions if m.start <= head.i < m.end), None)
    doc = head.doc
    start_char, end_char = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return Party(
        doc[tokens[0].i : tokens[-1].i + 1].text,
        start_char,
        end_char,
        head.i,
        country,
        kind_of(head, tokens, mentions),
        head_role,
    )


def is_people(token: Token) -> bool:
    """Does the token name people who can be moved, enlisted or counted?"""
    lex = actor_lexicon()
    lemma = token.lemma_.lower()
    if lemma in lex.people or token.lower_ in lex.people:
        return True
    if token.ent_type_ == "NORP" and token.tag_ in ("NNPS", "NNS"):
        return True
    return is_head_count(token)


_NOT_PEOPLE_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
_CURRENCY = frozenset("$€£¥₩₽₴")


def is_head_count(token: Token) -> bool:
    """A bare number standing for people ("sent 1,500 to Russia"), never a year, a sum, a share or a measure
    ("deployed 2023", "received $25", "10 percent")."""
    if not (token.like_num or token.tag_ == "CD"):
        return False
    if token.ent_type_ in _NOT_PEOPLE_ENTS:
        return False
    if token.i > 0 and (token.nbor(-1).text in _CURRENCY or token.nbor(-1).tag_ == "$"):
        return False
    digits = token.text.replace(",", "")
    if digits.isdigit() and len(digits) == 4 and "," not in token.text and 1600 <= int(digits) <= 2199:
        return False  # a year, whatever the NER says
    return not any(c.dep_ == "quantmod" and c.tag_ == "$" for c in token.children)


def countries_in(tokens: Iterable[Token]) -> list[CountryMention]:
    return country_mentions(list(tokens))
