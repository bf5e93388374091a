"""Enlistment detectors: people joining, recruited into or serving in an armed force, or signing its contract."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Span, Token

from extractors.actors import resolve_party
from extractors.events.candidates import (
    Candidate,
    agent,
    force_noun,
    has_fact,
    nominal_actor,
    people_or_pronoun,
    prep_objects,
    subject_of,
)
from extractors.lexicon import lexicon
from extractors.syntax import governing_verb
from extractors.syntax import child as _child, is_passive as _is_passive


__all__ = ["detect_enlistment"]


def _under_statement(noun: Token) -> bool:
    v = governing_verb(noun)
    lemma = v.lemma_.lower()
    return lemma in lexicon().confirmation.verbs or lemma in lexicon().denial.verbs or lemma in lexicon().denial.claim_verbs


def detect_enlistment(t: Token, sentence: Span) -> list[Candidate]:
    lemma = t.lemma_.lower()
    if t.tag_.startswith("VB") and lemma in lexicon().enlistment.verbs:
        into = prep_objects(t, ("into", "in", "with", "to", "for"))
        if lemma in lexicon().enlistment.object_is_recruit:
            if _is_passive(t):
                recruit, force = _child(t, "nsubjpass", "nsubj") or subject_of(t), agent(t) or (into[0] if into else None)
            else:
                recruit, force = _child(t, "dobj"), subject_of(t)
                force = into[0] if into and force_noun(into[0]) else force
        else:
            recruit, force = subject_of(t), into[0] if into else None
        if lemma in lexicon().enlistment.needs_force and not (
            force_noun(force) or (force is not None and resolve_party(force).kind == "military")
        ):
            return []
        if recruit is not None and not people_or_pronoun(recruit) and recruit.ent_type_ != "NORP":
            return []
        if _for_work(t, recruit) and not force_noun(force):
            return []  # workers recruited for factories: a deployment of workers (see detect_labor)
        return [Candidate("enlistment", t, t.i, t.i + 1, actor=recruit, target=force, counted=recruit)]
    if t.tag_.startswith("VB") and lemma in lexicon().enlistment.staff_verbs and _is_passive(t):
        # "a battalion staffed by North Koreans": the staff join the unit (corpus README)
        recruits, unit = agent(t), _child(t, "nsubjpass") or (t.head if t.dep_ == "acl" else None)
        if recruits is not None and people_or_pronoun(recruits) and force_noun(unit):
            return [Candidate("enlistment", t, t.i, t.i + 1, actor=recruits, target=unit, counted=recruits)]
        return []
    if t.tag_.startswith("VB") and lemma in lexicon().enlistment.force_verbs:
        force = _child(t, "dobj") if lemma in lexicon().enlistment.object_force_verbs else None
        if force is None:
            objs = prep_objects(t, ("in", "with", "into"))
            force = objs[0] if objs else None
        if force is None or not force_noun(force) or force.lemma_.lower() in lexicon().enlistment.not_forces:
            return []
        if (
            lemma == "serve"
            and force.lemma_.lower() in ("force",)
            and not any(c.lemma_ in lexicon().enlistment.serve_force_modifiers for c in force.children)
        ):
            return []
        recruit = subject_of(t)
        if recruit is not None and not people_or_pronoun(recruit) and recruit.ent_type_ != "NORP":
            return []
        return [Candidate("enlistment", t, t.i, t.i + 1, actor=recruit, target=force, counted=recruit)]
    if t.tag_.startswith("VB") and lemma in lexicon().enlistment.contract_verbs:
        contract = _child(t, "dobj")
        if contract is None or contract.lemma_.lower() not in lexicon().enlistment.contract_nouns:
            return []
        withs = prep_objects(t, ("with",)) + prep_objects(contract, ("with",))
        force = withs[0] if withs else None
        military = any(c.lemma_.lower() in lexicon().enlistment.contract_modifiers for c in contract.children)
        if not (force_noun(force) or military):
            return []
        recruit = subject_of(t)
        if recruit is not None and not people_or_pronoun(recruit) and recruit.ent_type_ != "NORP":
            return []
        return [Candidate("enlistment", t, t.i, contract.i + 1, actor=recruit, target=force, counted=recruit)]
    if t.pos_ == "NOUN" and lemma in lexicon().enlistment.nouns and t.dep_ != "compound":
        actor = nominal_actor(t)
        forces = prep_objects(t, ("into", "in", "with", "to"))
        if actor is None and not forces:
            return []
        if _for_work(t, actor) and not (forces and force_noun(forces[0])):
            # "the recruitment of foreign citizens to work at defense enterprises"
            return [Candidate("deployment", t, t.i, t.i + 1, actor=actor, counted=actor, discriminator="labor")]
        if _under_statement(t) and not has_fact(t):
            return []
        return [Candidate("enlistment", t, t.i, t.i + 1, actor=actor, target=forces[0] if forces else None, counted=actor)]
    return []


def _for_work(t: Token, people: Optional[Token]) -> bool:
    """Are the people recruited to work ("to work at enterprises", workers, "for construction")?"""
    work = lexicon().deployment.work_verbs
    heads = [t] + ([people] if people is not None else [])
    if t.pos_ == "NOUN" and governing_verb(t) != t:
        heads.append(governing_verb(t))  # "recorded the recruitment of citizens to work at ...": the parser's attachment
    if people is not None and resolve_party(people).kind == "workers":
        return True
    for h in heads:
        for c in h.children:
            if c.dep_ in ("xcomp", "advcl", "acl", "relcl") and c.lemma_.lower() in work:
                return True
    return False
