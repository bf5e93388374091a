"""The detectors of every family in one tuple, and candidate finding over a sentence: a cheap lemma filter,
each detector on each token, coordinations split into one candidate per party or count."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Callable

from spacy.tokens import Span, Token

from extractors.actors import country_mentions, is_people, resolve_party
from extractors.events.agreements import detect_agreement
from extractors.events.candidates import FACT_TYPES, Candidate
from extractors.events.enlistment import detect_enlistment
from extractors.events.movement import detect_deployment
from extractors.events.statements import contrary_versions, detect_confirmation, detect_denial, open_question
from extractors.events.violence import detect_casualty, detect_combat
from extractors.lexicon import lexicon, trigger_lemmas
from extractors.syntax import conjuncts, governing_verb
from schemas.vocab import STATEMENT_TYPES

# one per event type, in this order; detect_deployment also tries presence, activity and labor (movement.py)
DETECTORS: tuple[Callable[[Token, Span], list[Candidate]], ...] = (
    detect_deployment,
    detect_enlistment,
    detect_confirmation,
    detect_denial,
    detect_casualty,
    detect_combat,
    detect_agreement,
)


@lru_cache(maxsize=1)
def _trigger_lemmas() -> frozenset[str]:
    """Every lemma any detector can fire on (a cheap first filter over the tokens): the lexicon's declared
    trigger fields, and the copula of "troops are in Russia" (presence)."""
    return trigger_lemmas(lexicon()) | {"be"}


def find_candidates(sentence: Span) -> list[Candidate]:
    """Every candidate of a sentence: one per type and trigger head (a coordination split into one per party
    or count), less those under a blocking verb and nominals restating their own verb's event."""
    out: list[Candidate] = []
    seen: set[tuple[str, int]] = set()
    lemmas = _trigger_lemmas()
    for t in sentence:
        # presence fires on plural nouns; everything else on a lexicon lemma
        if t.lemma_.lower() not in lemmas and t.lower_ not in lemmas and t.tag_ not in ("NNS", "NNPS"):
            continue
        for detect in DETECTORS:
            for cand in detect(t, sentence):
                key = (cand.event_type, cand.head.i)
                if key not in seen:
                    seen.add(key)
                    out.extend(_split_coordination(cand))
    blocking = lexicon().cues.blocking_verbs
    out = [c for c in out if not (c.head.dep_ in ("xcomp", "dobj", "pcomp", "ccomp") and c.head.head.lemma_.lower() in blocking)]
    out = [c for c in out if not (c.event_type in (*FACT_TYPES, "combat") and _left_open(c.head))]
    out = contrary_versions(out)
    # "have been clearing mines in Kherson": the work word lies inside the presence phrase of the same people
    out = [
        c
        for c in out
        if not any(
            o is not c
            and o.event_type == c.event_type
            and o.discriminator == "presence"
            and c.discriminator != "presence"
            and o.start <= c.head.i < o.end
            and o.actor is not None
            and c.actor is not None
            and o.actor.i == c.actor.i
            for o in out
        )
    ]
    # "fought in combat", "sent ... for deployment": the nominal restates its verb's event
    verb_heads = {(c.event_type, c.head.i) for c in out if c.head.tag_.startswith("VB")}
    return [
        c
        for c in out
        if c.discriminator == "presence"
        or not (
            c.head.pos_ == "NOUN"
            and c.head.tag_.startswith("NN")
            and (c.event_type, governing_verb(c.head).i) in verb_heads
            and governing_verb(c.head).i != c.head.i
        )
    ]


def _split_coordination(cand: Candidate) -> list[Candidate]:
    """One row per party or per count: "the Kremlin and North Korea denied" gives a denial for each party;
    "send 1,000 sappers and 5,000 builders" gives a deployment for each number (corpus README)."""
    if cand.actor is None or cand.actor.dep_ in ("conj",):
        return [cand]
    parts = conjuncts(cand.actor)
    if len(parts) < 2 and cand.event_type in FACT_TYPES:
        parts = _object_siblings(cand.actor)
    if len(parts) < 2:
        return [cand]
    if cand.event_type in STATEMENT_TYPES:
        named = [p for p in parts if resolve_party(p, alone=True).country or country_mentions([p])]
        if len(named) < 2:
            return [cand]
    elif cand.event_type in FACT_TYPES:
        if sum(1 for p in parts if any(c.dep_ == "nummod" for c in p.children)) < 2:
            return [cand]
    else:
        return [cand]
    return [
        replace(cand, actor=p, counted=p, alone=True, discriminator=cand.discriminator + (f"#{k}" if k else ""))
        for k, p in enumerate(parts)
    ]


def _object_siblings(obj: Token) -> list[Token]:
    """ "send 1,000 sappers to Russia, as well as 5,000 builders": the parser hangs the second counted group on
    the verb as another direct object (or on the verb above as a conjunct) instead of on the first; each such
    group is a party of its own."""
    if obj.dep_ != "dobj":
        return [obj]
    verb = obj.head
    # "decided to send 1,000 sappers ... and 5,000 workers to restore ...": or as a conjunct of the verb above
    heads = [verb] + ([verb.head] if verb.dep_ == "xcomp" else [])
    return [obj] + [
        c
        for h in heads
        for c in h.children
        if (c.dep_ == "dobj" and h == verb or c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"))
        and c.i > obj.i
        and is_people(c)
        and any(g.dep_ == "nummod" for g in c.children)
    ]


def _left_open(t: Token) -> bool:
    """Is the fact the open question of a statement verb ("didn't say whether troops were in Russia",
    "avoided answering whether Pyongyang had sent troops")? It is asked about, not reported."""
    questions = lexicon().confirmation.question_verbs
    clause = t
    while clause.head != clause and clause.dep_ not in ("ccomp", "advcl", "xcomp", "dep"):
        clause = clause.head
    return clause.head != clause and clause.head.lemma_.lower() in questions and open_question(clause.head) == clause
