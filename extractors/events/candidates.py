"""The Candidate record (a trigger with its argument tokens, before framing) and the token helpers every
detector family shares: prepositional objects, agents, subjects, people and force nouns, places."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Token

from extractors import syntax
from extractors.actors import PRONOUNS, country_mentions, is_people
from extractors.lexicon import lexicon
from extractors.syntax import child as _child, word_in

FACT_TYPES = ("deployment", "enlistment")  # what a confirmation or denial is linked to


@dataclass(frozen=True, slots=True)
class Candidate:
    """A trigger found in a sentence, with its arguments, before framing."""

    event_type: str
    head: Token  # the trigger's head token
    start: int  # trigger token span [start, end)
    end: int
    actor: Optional[Token] = None
    target: Optional[Token] = None
    counted: Optional[Token] = None  # the noun whose count is the event's quantity
    sender: Optional[Token] = None  # deployment: who sent them (country fallback)
    discriminator: str = ""
    alone: bool = False  # the actor is one conjunct of a coordination, coded as its own row
    negated: bool = False  # negated by its wording, not by a negation cue ("kept silent")
    worded: bool = False  # affirmed by its wording, whatever negation it carries ("not true" is a denial)


def pobj(prep: Token) -> Optional[Token]:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def prep_objects(t: Token, preps: tuple[str, ...]) -> list[Token]:
    out = []
    for c in t.children:
        if c.dep_ in ("prep", "dative", "agent") and c.lower_ in preps and (o := pobj(c)) is not None:
            out.append(o)
    return out


def agent(t: Token) -> Optional[Token]:
    a = _child(t, "agent")
    return pobj(a) if a is not None else None


def subject_of(v: Token) -> Optional[Token]:
    """The subject of a verb (extractors.syntax.subject_of), people being the doers of purpose clauses and gerunds."""
    return syntax.subject_of(v, people=is_people, doer_noun=people_or_pronoun)


def people_or_pronoun(t: Optional[Token]) -> bool:
    if t is None:
        return False
    if is_people(t) or t.lower_ in PRONOUNS:
        return True
    # "the first group of North Korean troops"
    return t.lemma_.lower() in lexicon().deployment.collectives and any(is_people(o) for o in prep_objects(t, ("of",)))


def force_noun(t: Optional[Token]) -> bool:
    if t is None:
        return False
    forces = lexicon().enlistment.force_nouns
    if word_in(t, forces):
        return True
    return any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in lexicon().enlistment.force_modifiers for c in t.children)


def has_fact(noun: Token) -> bool:
    """Does a nominal trigger add a fact (a number, a place or a date)?"""
    actor = {x.i for c in noun.children if c.dep_ == "poss" for x in c.subtree}  # "the North's deployment"
    for t in noun.subtree:
        if t.i in actor:
            continue
        if t != noun and (t.like_num or t.ent_type_ in ("GPE", "LOC", "FAC", "DATE")):
            return True
        if t.dep_ == "prep" and t.head == noun and t.lower_ in ("to", "into", "in"):
            return True
    return False


def nominal_actor(noun: Token) -> Optional[Token]:
    poss = _child(noun, "poss")
    of = prep_objects(noun, ("of", "by", "among"))
    if of:
        return of[0]
    return poss


def place_objects(t: Token) -> list[Token]:
    preps = lexicon().deployment.presence_preps
    out = [o for o in prep_objects(t, tuple(preps)) if is_place(o) and o.pos_ in ("PROPN", "NOUN")]
    return out


def is_place(t: Token) -> bool:
    return (
        t.ent_type_ in ("GPE", "LOC", "FAC")
        or t.lemma_.lower() in lexicon().deployment.place_nouns
        or bool(country_mentions([t]))
        or t.pos_ == "PROPN"
    )
