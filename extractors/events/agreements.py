"""Agreement detector: a pact or treaty signed, ratified or acted under."""

from __future__ import annotations


from spacy.tokens import Span, Token

from extractors.actors import country_mentions
from extractors.events.candidates import (
    Candidate,
    force_noun,
    prep_objects,
    subject_of,
)
from extractors.lexicon import lexicon
from extractors.syntax import governing_verb, word_in
from extractors.syntax import child as _child


__all__ = ["detect_agreement"]


def detect_agreement(t: Token, sentence: Span) -> list[Candidate]:
    lemma = t.lemma_.lower()
    if t.pos_ != "NOUN" or lemma not in lexicon().agreement.nouns or t.dep_ == "compound":
        return []
    v = governing_verb(t)
    if lemma in lexicon().agreement.qualified_only:
        quals = lexicon().agreement.qualifiers
        between = prep_objects(t, ("between", "with"))
        signer = subject_of(v) if v != t and v.lemma_.lower() in lexicon().agreement.party_verbs else None
        # "Russia and North Korea signed an agreement on visa-free travel", "the two countries inked a deal":
        # states as the signing parties make it one between states
        by_states = signer is not None and (
            bool(country_mentions(list(signer.subtree))) or signer.lemma_.lower() in lexicon().agreement.state_nouns
        )
        if not (
            by_states
            or any(word_in(c, quals) for c in t.subtree if c != t)
            or any(country_mentions(list(b.subtree)) for b in between)
        ):
            return []
    if v.lemma_.lower() in lexicon().enlistment.contract_verbs and any(force_noun(o) for o in prep_objects(v, ("with",))):
        return []  # a soldier's contract, coded as enlistment
    acts = lexicon().agreement.act_verbs
    signed = (
        (v != t and v.lemma_.lower() in acts and t.dep_ in ("dobj", "nsubjpass", "nsubj", "conj"))
        or any(c.dep_ in ("acl", "relcl", "amod") and c.lemma_.lower() in acts for c in t.children)
        or (t.dep_ == "pobj" and t.head.lower_ == "under")
        or t.dep_ == "attr"
        or _takes_effect(v, t)
    )  # "sent under a pact", "was an agreement", "the treaty took effect"
    if not signed:
        return []  # "in accordance with the treaty", "the alliance agreement": the pact named, not an act on it
    actor = _child(t, "poss") or next(iter(prep_objects(t, ("between",))), None)
    if actor is None and v != t and v.lemma_.lower() in lexicon().agreement.party_verbs:
        actor = subject_of(v)
    target = next(iter(prep_objects(t, ("with",))), None)
    others = [c for c in actor.children if c.dep_ == "conj"] if actor is not None else []
    if others:
        # "Russia and the DPRK signed": the first-named party is the actor, the other the target (corpus README)
        return [Candidate("agreement", t, t.i, t.i + 1, actor=actor, target=target or others[0], alone=True)]
    return [Candidate("agreement", t, t.i, t.i + 1, actor=actor, target=target)]


def _takes_effect(v: Token, t: Token) -> bool:
    """ "The pact took effect in December", "the treaty came into force": the agreement as the subject of its
    entry into force."""
    words = lexicon().agreement.effect_phrases.get(v.lemma_.lower())
    if not words or t.dep_ != "nsubj" or t.head != v:
        return False
    objects = [c for c in v.children if c.dep_ == "dobj"] + prep_objects(v, ("into",))
    return any(o.lower_ in words for o in objects)
