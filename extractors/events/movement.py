"""Deployment detectors: a sending ("sent 10,000 troops to Russia"), a presence ("troops in Kursk"), an
activity at a place ("workers were working in Kursk") and labor ("plans to employ North Korean workers")."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Span, Token

from extractors.actors import PRONOUNS, country_mentions, is_people, resolve_party
from extractors.events.candidates import (
    Candidate,
    agent,
    force_noun,
    has_fact,
    is_place,
    nominal_actor,
    people_or_pronoun,
    place_objects,
    pobj,
    prep_objects,
    subject_of,
)
from extractors.lexicon import lexicon
from extractors.quantities import is_count_word
from extractors.syntax import governing_verb
from extractors.syntax import child as _child, is_passive as _is_passive

__all__ = ["detect_deployment", "detect_presence", "detect_activity", "detect_field_work", "detect_labor"]

SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me", "we", "us", "you"})


def detect_deployment(t: Token, sentence: Span) -> list[Candidate]:
    lemma = t.lemma_.lower()
    if t.tag_.startswith("VB") and lemma in lexicon().deployment.verbs:
        if t.dep_ == "amod":
            return []  # "the deployed troops", "returning soldiers": a modifier, not a report of a sending
        needs_place = lexicon().deployment.needs_place
        if lemma in needs_place and not _moves_to_a_place(t, needs_place[lemma]):
            return []
        if lemma in lexicon().deployment.homeward_verbs and (_goes_home(t) or not _goes_to_a_place(t)):
            return []  # "workers must return home", "soldiers returned from Russia": going back, not sent
        passive = _is_passive(t)
        sender = None
        if lemma in needs_place and not passive:
            moved = subject_of(t)
            if moved is None or not people_or_pronoun(moved) or moved.lower_ in SINGULAR_PRONOUNS:
                return []
            target = _child(t, "dobj") or next(iter(prep_objects(t, tuple(needs_place[lemma]))), None)
            return [Candidate("deployment", t, t.i, t.i + 1, actor=moved, target=target, counted=moved)]
        if passive:
            moved = _child(t, "nsubjpass", "nsubj") or subject_of(t)
            sender = agent(t)
        else:
            moved = _child(t, "dobj")
            sender = _sender_of_plan(subject_of(t))
            if moved is not None and moved.lemma_.lower() in lexicon().deployment.nouns:
                # "decided to send a large-scale troop deployment"
                moved = next((c for c in moved.children if c.dep_ == "compound" and is_people(c)), moved)
            if moved is None and t.dep_ == "relcl" and is_people(t.head) and _child(t, "nsubj") is not None:
                moved = t.head  # "the 11,000 soldiers North Korea provided to Moscow"
            if moved is None and lemma in lexicon().deployment.intransitive:
                moved, sender = sender, None
        if moved is None and lemma in lexicon().deployment.people_only:
            return []
        if (
            not passive
            and lemma in lexicon().deployment.recipient_verbs
            and (prep_objects(t, ("with",)) or (moved is not None and prep_objects(moved, ("with",))))
        ):
            return []  # "provided workers with materials": the workers receive, they are not sent
        if moved is not None and moved.lower_ in SINGULAR_PRONOUNS and lemma in lexicon().deployment.people_only:
            return []  # "he was transported to hospital": one person, not a group sent
        if moved is not None and not people_or_pronoun(moved) and moved.ent_type_ not in ("NORP",):
            return []
        if moved is not None and moved.lemma_.lower() in lexicon().deployment.visit_nouns:
            return []  # a visit, not a deployment
        if (
            moved is not None
            and moved.lower_ in PRONOUNS
            and lemma in lexicon().deployment.pronoun_needs_place
            and not _goes_to_a_place(t)
        ):
            return []  # "we moved as far away as we could", "he plans to return for a season"
        target = None
        for o in prep_objects(t, ("to", "into", "for")):
            target = o
            break
        if (
            target is not None
            and target.lemma_.lower() in lexicon().combat.nouns
            and target.head.lower_ == "into"
            and not _goes_to_a_place(t)
        ):
            return []  # "could send them into combat": put into the fighting, coded as the combat
        for c in t.children:  # "sent troops to aid Moscow"
            if c.dep_ in ("advcl", "xcomp") and c.lemma_ in lexicon().deployment.purpose_verbs:
                target = _child(c, "dobj") or target
        if target is not None and _foreign_force(target, moved or subject_of(t)):
            # "troops assigned to Russia's airborne brigade": they join its units (corpus README)
            return [Candidate("enlistment", t, t.i, t.i + 1, actor=moved, target=target, counted=moved)]
        return [Candidate("deployment", t, t.i, t.i + 1, actor=moved, target=target, counted=moved, sender=sender)]
    if t.pos_ == "NOUN" and lemma in lexicon().deployment.nouns and t.dep_ != "compound":
        actor = nominal_actor(t)
        if actor is None and not prep_objects(t, ("to", "into", "in")):
            return []
        if actor is not None and not (people_or_pronoun(actor) or country_mentions([actor])):
            return []
        v = governing_verb(t)
        targets = prep_objects(t, ("to", "into"))
        if not targets and t.dep_ == "dobj" and v.lemma_.lower() not in lexicon().deployment.verbs:
            # "described the deployment of North Korean troops to Russia as ...": the parser hangs the
            # noun's destination on the verb that is not a movement
            targets = [o for o in prep_objects(v, ("to", "into")) if is_place(o) and o.pos_ == "PROPN"]
        if not has_fact(t) and not targets:
            return []  # "the deployment" adds no fact; "the dispatch of 10,000 troops" does (corpus README)
        sender = subject_of(v) if v != t and v.pos_ in ("VERB", "AUX") else None
        return [
            Candidate(
                "deployment", t, t.i, t.i + 1, actor=actor, target=targets[0] if targets else None, counted=actor, sender=sender
            )
        ]
    return detect_presence(t, sentence) or detect_field_work(t) or detect_activity(t) or detect_labor(t)


def _sender_of_plan(sender: Optional[Token]) -> Optional[Token]:
    """ "North Korea's plans to send troops", "plans to send workers were made by North Korean authorities":
    the plan's owner is the sender."""
    if sender is None or sender.pos_ != "NOUN" or is_people(sender) or sender.lemma_.lower() not in lexicon().cues.plan_nouns:
        return sender
    owner = _child(sender, "poss") or next(iter(prep_objects(sender, ("by",))), None)
    if owner is None and sender.dep_ in ("nsubjpass",):
        owner = agent(sender.head)
    return owner or sender


def _moves_to_a_place(v: Token, preps) -> bool:
    """ "went to Moscow", "entered Russia", "left for the Kursk region"."""
    obj = _child(v, "dobj")
    if v.lemma_.lower() == "enter" and obj is not None and is_place(obj) and obj.pos_ in ("PROPN", "NOUN"):
        return True
    return any(is_place(o) and o.pos_ in ("PROPN", "NOUN") for o in prep_objects(v, tuple(preps)))


def _foreign_force(target: Token, moved: Optional[Token]) -> bool:
    """Is the destination an armed force's unit of another state than the people sent ("Russian airborne brigade")?"""
    if (
        target.lemma_.lower() not in lexicon().enlistment.force_nouns
        or target.lemma_.lower() in lexicon().enlistment.generic_force_nouns
    ):
        return False
    there = {m.country for m in country_mentions(list(target.subtree)) if m.country}
    own = resolve_party(moved).country if moved is not None else None
    return bool(there) and own not in there


def detect_activity(t: Token) -> list[Candidate]:
    """Activity or presence at a place: "workers were working in the Kursk region", "troops clearing mines in
    Kursk", "soldiers were spotted in Kursk", "trained at sites in eastern Russia" → a deployment there."""
    lemma = t.lemma_.lower()
    if not t.tag_.startswith("VB") or lemma not in lexicon().deployment.activity_verbs:
        return []
    passive = _is_passive(t)
    if (
        lemma in lexicon().deployment.sighting_verbs
        and not passive
        or (t.dep_ in ("acl", "amod") and _child(t, "nsubj", "nsubjpass") is None)
    ):
        return []  # "troops trained at sites in Russia have arrived": the modifier is not its own event
    if t.dep_ in ("xcomp", "advcl") and t.head.lemma_.lower() in lexicon().deployment.verbs | lexicon().deployment.labor_verbs:
        return []  # "sent workers to work in Kursk": the purpose of the sending, not a second event
    doer = _child(t, "nsubjpass", "nsubj") or subject_of(t)
    if (
        doer is None
        or not is_people(doer)
        or doer.lower_ in PRONOUNS
        or is_count_word(doer)
        and doer.dep_ not in ("nsubj", "nsubjpass")
    ):
        return []
    obj = _child(t, "dobj")
    where = place_objects(t) + (place_objects(obj) if obj is not None else [])
    if not where:
        return []
    own = resolve_party(doer).country
    named = any(
        o.pos_ == "PROPN" or o.ent_type_ in ("GPE", "LOC") or o.lemma_.lower() in lexicon().deployment.named_place_nouns
        for o in where
    )
    if own is None and not (named and any(c.lower_ in ("the", "these", "those") for c in doer.children)):
        return []  # "migrant workers live in Chicago": no state behind them
    return [Candidate("deployment", t, t.i, t.i + 1, actor=doer, counted=doer, discriminator="activity")]


def _field_word(t: Token) -> bool:
    """ "demining", "mine-clearing", "clear mines", "clearing mines" (a compound the tagger makes of it)."""
    deployment = lexicon().deployment
    lemma = t.lemma_.lower()
    if lemma not in deployment.field_work and t.lower_ not in deployment.field_work:
        return False
    if lemma != "clear" and t.lower_ != "clearing":
        return True
    near = [c for c in t.children if c.dep_ in ("dobj", "npadvmod", "compound", "nsubjpass")]
    if t.dep_ in ("compound", "amod"):
        near.append(t.head)
    return any(n.lemma_.lower() in deployment.field_objects or n.lower_ in deployment.field_objects for n in near)


def detect_field_work(t: Token) -> list[Candidate]:
    """Field work by a foreign party's people: "North Korean engineers are clearing mines planted along the
    border", "troops are assisting with mine-clearing efforts", "North Korea's demining efforts have begun",
    "they are engaged in demining" → a deployment where they work (the place from the sentence or before)."""
    if not _field_word(t):
        return []
    if t.dep_ == "amod" and t.tag_.startswith("VB") and t.lemma_.lower() == "clear" and t.head.lemma_.lower() in ("mine",):
        return []  # "cleared mines were found": a state of the mines, no one working
    noun = t.head if t.dep_ in ("compound", "amod") else t
    owner = _child(noun, "poss")
    verb = governing_verb(noun) if noun.pos_ in ("NOUN", "PROPN") or not noun.tag_.startswith("VB") else noun
    doer = _child(verb, "nsubj", "nsubjpass") or subject_of(verb)
    if doer is None:  # "sappers are clearing mines": the parser hangs the subject on the auxiliary
        doer = next((s for a in verb.children if a.dep_ == "aux" for s in a.children if s.dep_ == "nsubj"), None)
    if doer is not None and doer.i == noun.i:
        doer = None
    people: Optional[Token] = None
    if doer is not None and is_people(doer) and not is_count_word(doer) and resolve_party(doer).country is not None:
        people = doer
    elif doer is not None and doer.lower_ in ("they", "them"):
        people = doer  # the group named before (coref)
    elif owner is not None and resolve_party(owner).country is not None and resolve_party(owner).role in ("name", "government"):
        people = owner  # "North Korea's demining efforts": the state's people at work
    if people is None:
        return []
    return [Candidate("deployment", t, t.i, t.i + 1, actor=people, counted=people, discriminator="field")]


def detect_labor(t: Token) -> list[Candidate]:
    """A state or firm employing, inviting or attracting foreign workers: a deployment of workers
    ("plans to employ thousands of North Korean workers", "labourers could be used to rebuild the Donbas")."""
    lemma = t.lemma_.lower()
    if not t.tag_.startswith("VB") or lemma not in lexicon().deployment.labor_verbs:
        return []
    people = _child(t, "nsubjpass") if _is_passive(t) else _child(t, "dobj")
    if people is None and t.dep_ in ("acl",) and _is_passive(t):
        people = t.head
    if people is None or not is_people(people):
        return []
    party = resolve_party(people)
    origin = _origin_country(t, people) if party.country is None else None
    work = lexicon().deployment.work_verbs
    purpose = any(
        c.dep_ in ("xcomp", "advcl", "acl", "relcl") and c.lemma_.lower() in work
        for c in list(t.children) + list(people.children)
    )
    # "for reconstruction", "at enterprises", "at construction sites" (the work word a modifier of the place)
    for_work = any(
        x.lemma_.lower() in lexicon().deployment.work_nouns
        for o in prep_objects(t, ("for", "at", "to", "in")) + prep_objects(people, ("for", "at", "to", "in"))
        for x in (o, *(c for c in o.children if c.dep_ in ("compound", "amod")))
    )
    if (party.country is None and origin is None) or not (party.kind == "workers" or purpose or for_work):
        return []
    if any(force_noun(o) for o in prep_objects(t, ("into", "in", "with", "to", "for"))):
        return []  # "recruited migrants into its armed forces": an enlistment
    return [
        Candidate(
            "deployment",
            t,
            t.i,
            t.i + 1,
            actor=people,
            counted=people,
            sender=origin if origin is not None else (subject_of(t) if not _is_passive(t) else None),
            discriminator="labor",
        )
    ]


def _origin_country(verb: Token, people: Token) -> Optional[Token]:
    """The country workers are hired from, when it is not in their own words: "recruit 5,000 workers from
    Belarus" (the parse hangs "from Belarus" on the verb or the people). Never the employer's own country
    ("Moscow hires workers from Siberia" moves no one abroad)."""
    employer = subject_of(verb) if not _is_passive(verb) else None
    home = resolve_party(employer).country if employer is not None else None
    for place in prep_objects(verb, ("from",)) + prep_objects(people, ("from",)):
        country = resolve_party(place).country
        if country is not None and country != home:
            return place
    return None


def _goes_home(v: Token) -> bool:
    """ "return home", "returned to their homeland"."""
    home = lexicon().deployment.home_words
    return any(c.lower_ in home for c in v.children) or any(o.lower_ in home for o in prep_objects(v, ("to",)))


def _goes_to_a_place(v: Token) -> bool:
    """Does the movement verb name a place it goes to or is in ("returned to Kursk", "arrived in Russia")?"""
    return any(is_place(o) and o.pos_ in ("PROPN", "NOUN") for o in prep_objects(v, ("to", "into", "in", "at")))


def _present(people: Token, first: Token, place: Token) -> Candidate:
    """The presence of `people` at `place`, the trigger running from `first` ("in", "already") to the place."""
    return Candidate(
        "deployment",
        people,
        first.i,
        place.i + 1,
        actor=people,
        counted=people,
        sender=_beside_a_sending(people),
        discriminator="presence",
    )


def detect_presence(t: Token, sentence: Span) -> list[Candidate]:
    """'North Korean troops in Ukraine', 'troops are (present) in Russia' → deployment."""
    preps = lexicon().deployment.presence_preps
    if t.pos_ in ("NOUN", "PROPN") and t.tag_ in ("NNS", "NNPS") and is_people(t) and not is_count_word(t):
        if t.head.lemma_.lower() in lexicon().deployment.verbs or t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_ == "be":
            return []
        if t.dep_ not in ("pobj", "nsubj", "appos", "conj", "attr"):
            return []  # "captured two soldiers in Kursk": the place belongs to the verb's event; a bare heading
        if t.dep_ == "nsubj" and t.head.lemma_ != "be" or t.dep_ == "pobj" and t.head.lower_ == "among":
            return []  # "troops in the region have suffered losses", "casualties among soldiers in Kursk"
        if t.dep_ == "pobj" and t.head.lower_ in lexicon().deployment.companion_preps:
            return []  # "fighting alongside Russian troops in Kursk": where the fight is, no presence of theirs
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in preps and (o := pobj(c)) is not None and is_place(o):
                adverb = any(g.dep_ == "advmod" and g.lower_ in lexicon().deployment.presence_adverbs for g in c.children)
                if resolve_party(t).country or adverb:
                    return [_present(t, c, o)]
            # "with 1,500 special forces already in Russia's Far East"
            if c.dep_ == "advmod" and c.lower_ in lexicon().deployment.presence_adverbs:
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ in preps and (o := pobj(p)) is not None and is_place(o):
                        return [_present(t, c, o)]
    if t.lemma_ == "be" or t.lemma_.lower() in lexicon().deployment.presence_adjectives and t.pos_ in ("ADJ", "VERB"):
        verb = t if t.lemma_ == "be" or t.pos_ == "VERB" else t.head
        subj = _child(verb, "nsubj")
        if (
            t.lemma_ != "be"
            and subj is not None
            and is_people(subj)
            and any(c.dep_ == "advmod" and c.lower_ == "there" for c in t.children)
        ):
            # "it still has troops present there"
            return [Candidate("deployment", t, t.i, t.i + 1, actor=subj, counted=subj, discriminator="presence")]
        if subj is None or not is_people(subj) or subj.lower_ in ("who", "which", "that"):
            return []
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in preps and (o := pobj(c)) is not None and is_place(o):
                return [Candidate("deployment", t, t.i, c.i + 1, actor=subj, counted=subj, discriminator="presence")]
        for attr in (c for c in t.children if c.dep_ == "attr" and t.lemma_ == "be" and not is_people(c)):
            # "deminers have been clearing mines in Kherson" (the tagger's "clearing mines" is a noun)
            for c in attr.children:
                if (
                    c.dep_ == "prep"
                    and c.lower_ in preps
                    and (o := pobj(c)) is not None
                    and is_place(o)
                    and o.pos_ in ("PROPN", "NOUN")
                ):
                    if resolve_party(subj).country:
                        return [
                            Candidate(
                                "deployment", t, attr.left_edge.i, c.i + 1, actor=subj, counted=subj, discriminator="presence"
                            )
                        ]
    return []


def _beside_a_sending(t: Token) -> Optional[Token]:
    """ "North Korea plans to deploy 6,000 more, with 1,000 engineers already in Russia": the sender of the
    sending the "with" phrase hangs on is the state behind the people already there."""
    if t.dep_ == "pobj" and t.head.lower_ == "with" and t.head.head.lemma_.lower() in lexicon().deployment.verbs:
        return subject_of(t.head.head)
    return None
