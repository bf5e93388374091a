"""Event rows from a parsed article (issue 4): every codebook type with actors, sources, counts and framing.

Triggers are lemmas of the parse looked up in the one lexicon (data/triggers.toml); arguments come from
the dependency tree (subjects, objects, passives, nominal "of" arguments). Dates and places come from
extractors.dates / extractors.places.
"""

from __future__ import annotations

import hashlib
from collections import Counter
import re
from functools import lru_cache
from dataclasses import dataclass, replace
from typing import Iterator, Optional

from spacy.tokens import Doc, Span, Token

from extractors import dates, places
from extractors import syntax
from extractors.syntax import antecedent, conjuncts, governing_verb
from extractors.syntax import child as _child, is_passive as _is_passive
from schemas.vocab import STATEMENT_TYPES
from extractors.coref import Resolver
from extractors.actors import PRONOUNS, Party, country_mentions, is_people, resolve_party
from extractors.framing import modality, polarity, source_head
from extractors.plausibility import implausible
from extractors.topic import gate
from extractors.lexicon import lexicon, trigger_lemmas
from extractors.quantities import Quantity, is_count_word, quantity_of
from schemas import ArticleRow, EventRow

SINGULAR_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me", "we", "us", "you"})
FACT_TYPES = ("deployment", "enlistment")  # what a confirmation/denial == linked to
_SUBJ = ("nsubj", "nsubjpass")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A trigger found in a sentence, with its arguments, before framing."""

    event_type: str
    head: Token  # the trigger's head token
    start: int  # trigger token span [start, end)
    end: int
    actor: Optional[Token] = None
    target: Optional[Token] = None
    counted: Optional[Token] = None  # the noun whose count == the event's quantity
    sender: Optional[Token] = None  # deployment: who sent them (country fallback)
    discriminator: str = ""
    alone: bool = False  # the actor is one conjunct of a coordination, coded as its own row
    negated: bool = False  # negated by its wording, not by a negation cue ("kept silent")


# ---------------------------------------------------------------- sentences


def coded_sentences(doc: Doc, article: ArticleRow) -> Iterator[tuple[Span, bool]]:
    """Sentences clipped to the headline and body spans and split at line breaks; (span, in_headline)."""
    regions = []
    if article.headline_start is not None and article.headline_end is not None:
        regions.append((article.headline_start, article.headline_end, True))
    regions.append((article.body_start, article.body_end, False))
    text = article.text  # == doc.text, without rebuilding it from the tokens
    pending: Optional[tuple[int, int, bool]] = None
    for start, end, in_headline in _line_pieces(doc, regions, text):
        # a parser boundary inside a line after a fragment with no final punctuation is a slip caused
        # by the line before ("Photo: ...\n\nNorth | Korean troops have arrived ..."): join the two
        if (
            pending is not None
            and pending[2] == in_headline
            and "\n" not in text[pending[1] : start]
            and not text[pending[0] : pending[1]].rstrip().endswith(_FINAL)
        ):
            pending = (pending[0], end, in_headline)
            continue
        if pending is not None:
            yield from _span(doc, pending)
        pending = (start, end, in_headline)
    if pending is not None:
        yield from _span(doc, pending)


_FINAL = (".", "!", "?", '"', "\u201d", "'", ":", ";")


def _span(doc: Doc, piece: tuple[int, int, bool]) -> Iterator[tuple[Span, bool]]:
    span = doc.char_span(piece[0], piece[1], alignment_mode="contract")
    if span is not None and len(span):
        yield span, piece[2]


def _line_pieces(doc: Doc, regions, text: str) -> Iterator[tuple[int, int, bool]]:
    """Parser sentences clipped to the regions and cut at line breaks, as character spans."""
    for sent in doc.sents:
        s0, s1 = sent.start_char, sent.end_char
        for r0, r1, in_headline in regions:
            a, b = max(s0, r0), min(s1, r1)
            if a >= b:
                continue
            for m in re.finditer(r"[^\n]+", text[a:b]):
                piece = m.group()
                lead = len(piece) - len(piece.lstrip())
                start, end = a + m.start() + lead, a + m.start() + len(piece.rstrip())
                if end > start:
                    yield start, end, in_headline


# ---------------------------------------------------------------- arguments


def _pobj(prep: Token) -> Optional[Token]:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _prep_objects(t: Token, preps: tuple[str, ...]) -> list[Token]:
    out = []
    for c in t.children:
        if c.dep_ in ("prep", "dative", "agent") and c.lower_ in preps and (o := _pobj(c)) is not None:
            out.append(o)
    return out


def _agent(t: Token) -> Optional[Token]:
    a = _child(t, "agent")
    return _pobj(a) if a is not None else None


def subject_of(v: Token) -> Optional[Token]:
    """The subject of a verb (extractors.syntax.subject_of), people being the doers of purpose clauses and gerunds."""
    return syntax.subject_of(v, people=is_people, doer_noun=_people_or_pronoun)


def _people_or_pronoun(t: Optional[Token]) -> bool:
    if t is None:
        return False
    if is_people(t) or t.lower_ in PRONOUNS:
        return True
    # "the first group of North Korean troops"
    return t.lemma_.lower() in lexicon().deployment.collectives and any(is_people(o) for o in _prep_objects(t, ("of",)))


def _force_noun(t: Optional[Token]) -> bool:
    if t is None:
        return False
    forces = lexicon().enlistment.force_nouns
    if t.lemma_.lower() in forces or t.lower_ in forces:
        return True
    return any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in lexicon().enlistment.force_modifiers for c in t.children)


def _has_fact(noun: Token) -> bool:
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


def _under_statement(noun: Token) -> bool:
    v = governing_verb(noun)
    lemma = v.lemma_.lower()
    return lemma in lexicon().confirmation.verbs or lemma in lexicon().denial.verbs or lemma in lexicon().denial.claim_verbs


def _speaker_of_noun(noun: Token) -> Optional[Token]:
    """Who made a statement named by a noun: "North Korea's admission", "the denial by Pyongyang"; an "of"
    object only when it is a party ("the admission of the deployment" says what was admitted, not by whom)."""
    poss = _child(noun, "poss")
    if poss is not None:
        return poss
    by = _prep_objects(noun, ("by", "from"))
    if by:
        return by[0]
    of = next(iter(_prep_objects(noun, ("of",))), None)
    if of is not None and (resolve_party(of).country or resolve_party(of).kind in _STATEMENT_HEADS):
        return of
    return None


def _nominal_actor(noun: Token) -> Optional[Token]:
    poss = _child(noun, "poss")
    of = _prep_objects(noun, ("of", "by", "among"))
    if of:
        return of[0]
    return poss


# ---------------------------------------------------------------- detectors (one per type)


def _deployment(t: Token, sentence: Span) -> list[Candidate]:
    lemma = t.lemma_.lower()
    if t.tag_.startswith("VB") and lemma in lexicon().deployment.verbs:
        if t.dep_ == "amod":
            return []  # "the deployed troops", "returning soldiers": a modifier, not a report of a sending
        needs_place = lexicon().deployment.needs_place
        if lemma in needs_place and not _moves_to_a_place(t, needs_place[lemma]):
            return []
        passive = _is_passive(t)
        sender = None
        if lemma in needs_place and not passive:
            moved = subject_of(t)
            if moved is None or not _people_or_pronoun(moved) or moved.lower_ in SINGULAR_PRONOUNS:
                return []
            target = _child(t, "dobj") or next(iter(_prep_objects(t, tuple(needs_place[lemma]))), None)
            return [Candidate("deployment", t, t.i, t.i + 1, actor=moved, target=target, counted=moved)]
        if passive:
            moved = _child(t, "nsubjpass", "nsubj") or subject_of(t)
            sender = _agent(t)
        else:
            moved = _child(t, "dobj")
            sender = _sender_of_plan(subject_of(t))
            if moved is not None and moved.lemma_.lower() in lexicon().deployment.nouns:
                # "decided to send a large-scale troop deployment"
                moved = next((c for c in moved.children if c.dep_ == "compound" and is_people(c)), moved)
            if moved is None and lemma in lexicon().deployment.intransitive:
                moved, sender = sender, None
        if moved is None and lemma in lexicon().deployment.people_only:
            return []
        if (
            not passive
            and lemma in lexicon().deployment.recipient_verbs
            and (_prep_objects(t, ("with",)) or (moved is not None and _prep_objects(moved, ("with",))))
        ):
            return []  # "provided workers with materials": the workers receive, they are not sent
        if moved is not None and moved.lower_ in SINGULAR_PRONOUNS and lemma in lexicon().deployment.people_only:
            return []  # "he was transported to hospital": one person, not a group sent
        if moved is not None and not _people_or_pronoun(moved) and moved.ent_type_ not in ("NORP",):
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
        for o in _prep_objects(t, ("to", "into", "for")):
            target = o
            break
        for c in t.children:  # "sent troops to aid Moscow"
            if c.dep_ in ("advcl", "xcomp") and c.lemma_ in lexicon().deployment.purpose_verbs:
                target = _child(c, "dobj") or target
        if target is not None and _foreign_force(target, moved or subject_of(t)):
            # "troops assigned to Russia's airborne brigade": they join its units (corpus README)
            return [Candidate("enlistment", t, t.i, t.i + 1, actor=moved, target=target, counted=moved)]
        return [Candidate("deployment", t, t.i, t.i + 1, actor=moved, target=target, counted=moved, sender=sender)]
    if t.pos_ == "NOUN" and lemma in lexicon().deployment.nouns and t.dep_ != "compound":
        actor = _nominal_actor(t)
        if actor is None and not _prep_objects(t, ("to", "into", "in")):
            return []
        if actor is not None and not (_people_or_pronoun(actor) or country_mentions([actor])):
            return []
        if not _has_fact(t):
            return []  # "the deployment" adds no fact; "the dispatch of 10,000 troops" does (corpus README)
        targets = _prep_objects(t, ("to", "into"))
        v = governing_verb(t)
        sender = subject_of(v) if v != t and v.pos_ in ("VERB", "AUX") else None
        return [
            Candidate(
                "deployment", t, t.i, t.i + 1, actor=actor, target=targets[0] if targets else None, counted=actor, sender=sender
            )
        ]
    return _presence(t, sentence) or _activity(t) or _labor(t)


def _sender_of_plan(sender: Optional[Token]) -> Optional[Token]:
    """ "North Korea's plans to send troops", "plans to send workers were made by North Korean authorities":
    the plan's owner is the sender."""
    if sender is None or sender.pos_ != "NOUN" or is_people(sender) or sender.lemma_.lower() not in lexicon().cues.plan_nouns:
        return sender
    owner = _child(sender, "poss") or next(iter(_prep_objects(sender, ("by",))), None)
    if owner is None and sender.dep_ in ("nsubjpass",):
        owner = _agent(sender.head)
    return owner or sender


def _moves_to_a_place(v: Token, preps) -> bool:
    """ "went to Moscow", "entered Russia", "left for the Kursk region"."""
    obj = _child(v, "dobj")
    if v.lemma_.lower() == "enter" and obj is not None and _is_place(obj) and obj.pos_ in ("PROPN", "NOUN"):
        return True
    return any(_is_place(o) and o.pos_ in ("PROPN", "NOUN") for o in _prep_objects(v, tuple(preps)))


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


def _place_objects(t: Token) -> list[Token]:
    preps = lexicon().deployment.presence_preps
    out = [o for o in _prep_objects(t, tuple(preps)) if _is_place(o) and o.pos_ in ("PROPN", "NOUN")]
    return out


def _activity(t: Token) -> list[Candidate]:
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
    where = _place_objects(t) + (_place_objects(obj) if obj is not None else [])
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


def _labor(t: Token) -> list[Candidate]:
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
    work = lexicon().deployment.work_verbs
    purpose = any(
        c.dep_ in ("xcomp", "advcl", "acl", "relcl") and c.lemma_.lower() in work
        for c in list(t.children) + list(people.children)
    )
    for_work = any(
        o.lemma_.lower() in lexicon().deployment.work_nouns
        for o in _prep_objects(t, ("for", "at", "to", "in")) + _prep_objects(people, ("for", "at", "to", "in"))
    )
    if party.country is None or not (party.kind == "workers" or purpose or for_work):
        return []
    if any(_force_noun(o) for o in _prep_objects(t, ("into", "in", "with", "to", "for"))):
        return []  # "recruited migrants into its armed forces": an enlistment
    return [
        Candidate(
            "deployment",
            t,
            t.i,
            t.i + 1,
            actor=people,
            counted=people,
            sender=subject_of(t) if not _is_passive(t) else None,
            discriminator="labor",
        )
    ]


def _goes_to_a_place(v: Token) -> bool:
    """Does the movement verb name a place it goes to or is in ("returned to Kursk", "arrived in Russia")?"""
    return any(_is_place(o) and o.pos_ in ("PROPN", "NOUN") for o in _prep_objects(v, ("to", "into", "in", "at")))


def _about_a_fact(v: Token) -> bool:
    """Is a statement verb about an event or a reported fact? Its complement is a clause or a gerund, or
    its object names people, a claim, an event or a fact ("denied any involvement", "confirmed reports
    that ..."); with no object at all it is ("Moscow denied"). "Denied the request", "denied an education",
    "confirmed the H5N1 strain" are not."""
    clauses = [c for c in v.children if c.dep_ in ("ccomp", "xcomp", "csubj", "csubjpass", "advcl")]
    # a clause label on a noun (or a "verb" with a determiner) is the parser's slip for an object:
    # "confirmed the H5N1 strain"
    if any(_child(c, "nsubj", "nsubjpass", "cop", "aux", "auxpass") is not None for c in clauses):
        return True
    nominal = [c for c in clauses if _nominal(c)]
    if any(c not in nominal and c.pos_ in ("VERB", "AUX") for c in clauses):
        return True
    obj = _child(v, "dobj") or (_child(v, "nsubjpass") if _is_passive(v) else None) or next(iter(nominal), None)
    if obj is None:
        return True
    return _names_a_fact(obj) or any(_names_a_fact(o) for o in _prep_objects(obj, ("of", "about", "on")))


def _nominal(t: Token) -> bool:
    """A noun, or a word the tagger took for a verb that has a determiner before it ("the H5N1 strain")."""
    return t.pos_ in ("NOUN", "PROPN") or any(g.dep_ == "det" and g.i < t.i for g in t.subtree)


def _names_a_fact(t: Token) -> bool:
    lemma = t.lemma_.lower()
    if (t.pos_ == "VERB" and not _nominal(t)) or t.lower_ in PRONOUNS or is_people(t) or t.ent_type_ in ("NORP",):
        return True
    if lemma in lexicon().denial.claim_nouns or lemma in lexicon().statements.about_nouns or lemma in _event_nouns():
        return True
    return any(c.dep_ in ("acl", "relcl", "ccomp") for c in t.children)


@lru_cache(maxsize=1)
def _event_nouns() -> frozenset[str]:
    lex = lexicon()
    return (
        lex.deployment.nouns
        | lex.enlistment.nouns
        | lex.confirmation.nouns
        | lex.denial.nouns
        | lex.casualty.nouns
        | lex.combat.nouns
        | lex.agreement.nouns
    )


def _is_place(t: Token) -> bool:
    return (
        t.ent_type_ in ("GPE", "LOC", "FAC")
        or t.lemma_.lower() in lexicon().deployment.place_nouns
        or bool(country_mentions([t]))
        or t.pos_ == "PROPN"
    )


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


def _presence(t: Token, sentence: Span) -> list[Candidate]:
    """'North Korean troops in Ukraine', 'troops are (present) in Russia' → deployment."""
    preps = lexicon().deployment.presence_preps
    if t.pos_ in ("NOUN", "PROPN") and t.tag_ in ("NNS", "NNPS") and is_people(t) and not is_count_word(t):
        if t.head.lemma_.lower() in lexicon().deployment.verbs or t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_ == "be":
            return []
        if t.dep_ not in ("pobj", "nsubj", "appos", "conj", "attr"):
            return []  # "captured two soldiers in Kursk": the place belongs to the verb's event; a bare heading
        if t.dep_ == "nsubj" and t.head.lemma_ != "be" or t.dep_ == "pobj" and t.head.lower_ == "among":
            return []  # "troops in the region have suffered losses", "casualties among soldiers in Kursk"
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ in preps and (o := _pobj(c)) is not None and _is_place(o):
                adverb = any(g.dep_ == "advmod" and g.lower_ in lexicon().deployment.presence_adverbs for g in c.children)
                if resolve_party(t).country or adverb:
                    return [_present(t, c, o)]
            # "with 1,500 special forces already in Russia's Far East"
            if c.dep_ == "advmod" and c.lower_ in lexicon().deployment.presence_adverbs:
                for p in c.children:
                    if p.dep_ == "prep" and p.lower_ in preps and (o := _pobj(p)) is not None and _is_place(o):
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
            if c.dep_ == "prep" and c.lower_ in preps and (o := _pobj(c)) is not None and _is_place(o):
                return [Candidate("deployment", t, t.i, c.i + 1, actor=subj, counted=subj, discriminator="presence")]
        for attr in (c for c in t.children if c.dep_ == "attr" and t.lemma_ == "be" and not is_people(c)):
            # "deminers have been clearing mines in Kherson" (the tagger's "clearing mines" is a noun)
            for c in attr.children:
                if (
                    c.dep_ == "prep"
                    and c.lower_ in preps
                    and (o := _pobj(c)) is not None
                    and _is_place(o)
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


def _enlistment(t: Token, sentence: Span) -> list[Candidate]:
    lemma = t.lemma_.lower()
    if t.tag_.startswith("VB") and lemma in lexicon().enlistment.verbs:
        into = _prep_objects(t, ("into", "in", "with", "to", "for"))
        if lemma in lexicon().enlistment.object_is_recruit:
            if _is_passive(t):
                recruit, force = _child(t, "nsubjpass", "nsubj") or subject_of(t), _agent(t) or (into[0] if into else None)
            else:
                recruit, force = _child(t, "dobj"), subject_of(t)
                force = into[0] if into and _force_noun(into[0]) else force
        else:
            recruit, force = subject_of(t), into[0] if into else None
        if lemma in lexicon().enlistment.needs_force and not (
            _force_noun(force) or (force is not None and resolve_party(force).kind == "military")
        ):
            return []
        if recruit is not None and not _people_or_pronoun(recruit) and recruit.ent_type_ != "NORP":
            return []
        if _for_work(t, recruit) and not _force_noun(force):
            return []  # workers recruited for factories: a deployment of workers (see _labor)
        return [Candidate("enlistment", t, t.i, t.i + 1, actor=recruit, target=force, counted=recruit)]
    if t.tag_.startswith("VB") and lemma in lexicon().enlistment.staff_verbs and _is_passive(t):
        # "a battalion staffed by North Koreans": the staff join the unit (corpus README)
        recruits, unit = _agent(t), _child(t, "nsubjpass") or (t.head if t.dep_ == "acl" else None)
        if recruits is not None and _people_or_pronoun(recruits) and _force_noun(unit):
            return [Candidate("enlistment", t, t.i, t.i + 1, actor=recruits, target=unit, counted=recruits)]
        return []
    if t.tag_.startswith("VB") and lemma in lexicon().enlistment.force_verbs:
        force = _child(t, "dobj") if lemma in lexicon().enlistment.object_force_verbs else None
        if force is None:
            objs = _prep_objects(t, ("in", "with", "into"))
            force = objs[0] if objs else None
        if force is None or not _force_noun(force) or force.lemma_.lower() in lexicon().enlistment.not_forces:
            return []
        if (
            lemma == "serve"
            and force.lemma_.lower() in ("force",)
            and not any(c.lemma_ in lexicon().enlistment.serve_force_modifiers for c in force.children)
        ):
            return []
        recruit = subject_of(t)
        if recruit is not None and not _people_or_pronoun(recruit) and recruit.ent_type_ != "NORP":
            return []
        return [Candidate("enlistment", t, t.i, t.i + 1, actor=recruit, target=force, counted=recruit)]
    if t.tag_.startswith("VB") and lemma in lexicon().enlistment.contract_verbs:
        contract = _child(t, "dobj")
        if contract is None or contract.lemma_.lower() not in lexicon().enlistment.contract_nouns:
            return []
        withs = _prep_objects(t, ("with",)) + _prep_objects(contract, ("with",))
        force = withs[0] if withs else None
        military = any(c.lemma_.lower() in lexicon().enlistment.contract_modifiers for c in contract.children)
        if not (_force_noun(force) or military):
            return []
        recruit = subject_of(t)
        if recruit is not None and not _people_or_pronoun(recruit) and recruit.ent_type_ != "NORP":
            return []
        return [Candidate("enlistment", t, t.i, contract.i + 1, actor=recruit, target=force, counted=recruit)]
    if t.pos_ == "NOUN" and lemma in lexicon().enlistment.nouns and t.dep_ != "compound":
        actor = _nominal_actor(t)
        forces = _prep_objects(t, ("into", "in", "with", "to"))
        if actor is None and not forces:
            return []
        if _for_work(t, actor) and not (forces and _force_noun(forces[0])):
            # "the recruitment of foreign citizens to work at defense enterprises"
            return [Candidate("deployment", t, t.i, t.i + 1, actor=actor, counted=actor, discriminator="labor")]
        if _under_statement(t) and not _has_fact(t):
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


def _newsroom(t: Token) -> bool:
    """A news outlet ("The Kyiv Independent", "the newspaper"), not a government or its people."""
    party = resolve_party(t)
    if party.kind == "media":
        return True
    return party.kind in ("other", None) and party.role is None and (t.ent_type_ == "ORG" or party.country is None)


def _a_fact_not_a_party(t: Token) -> bool:
    if t.pos_ != "NOUN" or t.lower_ in PRONOUNS or is_people(t) or t.ent_type_:
        return False
    party = resolve_party(t)
    return (
        party.kind is None
        and party.country is None
        and _child(t, "poss") is None
        and t.lemma_.lower() in lexicon().confirmation.fact_nouns
    )


def _statement_speaker(t: Token) -> Optional[Token]:
    if _is_passive(t):
        return _agent(t)
    return subject_of(t)


def _confirmation(t: Token, sentence: Span) -> list[Candidate]:
    lemma = t.lemma_.lower()
    if t.tag_.startswith("VB") and (lemma in lexicon().confirmation.verbs or lemma in lexicon().confirmation.negated_only):
        if any(c.dep_ == "mark" and c.lower_ in lexicon().confirmation.conditional_marks for c in t.children):
            return []
        if _describes_a_noun(t):
            return []  # "5 confirmed cases", "379 confirmed and 47 probable", "the seats confirmed"
        if _is_passive(t) and _agent(t) is None and lemma not in lexicon().confirmation.negated_only:
            return []  # "two cases were confirmed": no one states it
        if lemma in lexicon().confirmation.negated_only and polarity(t, is_statement=True) != "negated":
            return []
        if not _about_a_fact(t):
            return []
        speaker = _statement_speaker(t)
        if speaker is not None and _a_fact_not_a_party(speaker):
            return []  # "This case once again confirms that ...": a fact bearing out another, no one confirming
        if (
            lemma in lexicon().confirmation.newsroom_verbs
            and polarity(t, is_statement=True) == "negated"
            and (speaker is None or _newsroom(speaker))
        ):
            return []  # "The Kyiv Independent could not verify the claims": a newsroom caveat, not a party's silence
        return [Candidate("confirmation", t, t.i, t.i + 1, actor=speaker)]
    if t.pos_ == "NOUN" and lemma in lexicon().confirmation.nouns and t.dep_ != "compound":
        actor = _speaker_of_noun(t)
        content = next(iter(_prep_objects(t, ("of",))), None)
        if (
            actor is None
            and not (content is not None and _names_a_fact(content))
            and not any(c.dep_ in ("acl", "ccomp", "relcl") for c in t.children)
        ):
            # "hospital admissions", "confirmation of cases", "The admission comes days after ...": no one's
            # statement about a fact
            return []
        return [Candidate("confirmation", t, t.i, t.i + 1, actor=actor)]
    silence = lexicon().confirmation.silence_adjectives
    if t.pos_ == "ADJ" and lemma in silence and t.dep_ in ("acomp", "oprd", "xcomp") and t.head.lemma_.lower() in silence[lemma]:
        # "Pyongyang is keeping silent": a negated confirmation
        return [Candidate("confirmation", t, t.head.i, t.i + 1, actor=subject_of(t.head), negated=True)]
    if t.pos_ == "ADJ" and lemma in lexicon().confirmation.truth_adjectives and t.dep_ == "acomp":
        # "the report was probably correct", an official told lawmakers
        subj = _child(t.head, "nsubj")
        speaker = _label_speaker(t, sentence)
        if (
            subj is not None
            and subj.pos_ == "NOUN"
            and subj.lemma_.lower() in lexicon().denial.claim_nouns
            and speaker is not None
            and resolve_party(speaker).kind in lexicon().confirmation.evidence_speakers
        ):
            return [Candidate("confirmation", t, t.i, t.i + 1, actor=speaker)]
    if t.pos_ == "NOUN" and lemma in lexicon().confirmation.evidence_nouns:
        # "there is evidence that ...", said by an official
        has_content = any(c.dep_ in ("acl", "ccomp") or c.dep_ == "prep" and c.lower_ == "of" for c in t.children) or (
            t.head.lemma_ == "be" and any(c.dep_ == "ccomp" for c in t.head.children)
        )
        # an evidence statement: "there is evidence that", "has/found evidence of", "this evidence proves" —
        # not "a sign of deepening ties" in passing
        stated = (
            (t.dep_ == "attr" and any(c.dep_ == "expl" for c in t.head.children))
            or (t.dep_ == "dobj" and t.head.lemma_.lower() in lexicon().confirmation.evidence_verbs)
            or (t.dep_ == "nsubj" and t.head.lemma_.lower() in lexicon().confirmation.evidence_verbs)
        )
        has_content = has_content and stated
        speaker = source_head(t, sentence)
        if has_content and speaker is not None and resolve_party(speaker).kind in lexicon().confirmation.evidence_speakers:
            return [Candidate("confirmation", t, t.i, t.i + 1, actor=speaker)]
    return []


def _describes_a_noun(t: Token) -> bool:
    """A participle used as an adjective: "confirmed cases", "5 confirmed, 3 probable", "the seats confirmed"."""
    if t.dep_ in ("amod", "compound", "nummod"):
        return True
    if t.dep_ == "acl" and _child(t, "dobj", "ccomp") is None:  # "remarks confirming the intelligence" is a statement
        return True
    if t.head.pos_ == "NOUN" and t.head.i > t.i and t.tag_ in ("VBN", "JJ"):
        return True
    if t.dep_ == "conj" and _describes_a_noun(t.head):
        return True
    subj = _child(t, "nsubj")
    # "5 confirmed, 3 probable": a count of cases as the subject, no auxiliary
    return subj is not None and subj.like_num and t.tag_ in ("VBN", "VBD") and _child(t, "aux") is None


def _contrary(t: Token) -> bool:
    return t.lemma_.lower() in lexicon().denial.contrary_words or t.lower_ in lexicon().denial.contrary_words


def _denial(t: Token, sentence: Span) -> list[Candidate]:
    lemma = t.lemma_.lower()
    claims = lexicon().denial.claim_nouns
    if t.tag_.startswith("VB") and lemma in lexicon().denial.verbs:
        if _is_passive(t) and _agent(t) is None:
            return []
        if not _about_a_fact(t):
            return []
        return [Candidate("denial", t, t.i, t.i + 1, actor=_statement_speaker(t))]
    if t.tag_.startswith("VB") and lemma in lexicon().denial.claim_verbs:
        obj = _child(t, "dobj", "nsubjpass")
        # "dismissed the reports as fake", "dismissed as fabricated the reports that ..."
        said = [x for c in t.children if c.dep_ not in ("nsubj", "nsubjpass", "agent") for x in c.subtree]
        as_contrary = any(_contrary(x) for x in said)
        if (obj is not None and obj.lemma_.lower() in claims) or as_contrary or _child(t, "ccomp") is not None:
            return [Candidate("denial", t, t.i, t.i + 1, actor=_statement_speaker(t))]
        return []
    if t.tag_.startswith("VB") and lemma in lexicon().denial.call_verbs:
        if any(
            _contrary(x)
            for c in t.children
            if c.dep_ in ("oprd", "xcomp", "ccomp", "dobj", "attr", "acomp", "prep")
            for x in c.subtree
            if x != c or c.dep_ != "dobj"
        ):
            return [Candidate("denial", t, t.i, t.i + 1, actor=_statement_speaker(t))]
        return []
    if t.pos_ == "NOUN" and lemma in lexicon().denial.nouns and t.dep_ != "compound":
        content = next(iter(_prep_objects(t, ("of",))), None)
        if t.dep_ not in ("dobj", "nsubj", "nsubjpass", "attr", "appos", "ROOT") and not (
            content is not None and _names_a_fact(content)
        ):
            return []  # "the final moments of Clark's rebuttal": no denial is made or reported
        return [Candidate("denial", t, t.i, t.i + 1, actor=_speaker_of_noun(t))]
    label = _claim_label(t, sentence)
    if label:
        return label
    if _contrary(t) and t.dep_ in ("acomp", "attr") and t.head.lemma_ == "be":
        subj = _child(t.head, "nsubj")
        anc = {a.lemma_.lower() for a in t.ancestors}
        if (
            subj is not None
            and subj.lemma_.lower() in claims
            and not anc & (lexicon().denial.verbs | lexicon().denial.claim_verbs | lexicon().denial.call_verbs)
        ):
            speaker = source_head(t, sentence)
            if speaker is not None:
                return [Candidate("denial", t, t.i, t.i + 1, actor=speaker)]
    return []


_STATEMENT_HEADS = ("official", "government", "intelligence", "military", "media")


def _label_speaker(t: Token, sentence: Span) -> Optional[Token]:
    """Who says the words holding ``t``: the source of its clause ("..., Peskov said"), else the subject of
    the nearest verb above it that is a party ("Peskov did not comment on the far-fetched arguments")."""
    speaker = source_head(t, sentence)
    if speaker is not None:
        return speaker
    for a in t.ancestors:
        if not sentence.start <= a.i < sentence.end:
            break
        if a.pos_ in ("VERB", "AUX"):
            subj = _child(a, "nsubj")
            if (
                subj is not None
                and subj.lemma_.lower() not in lexicon().denial.claim_nouns
                and (
                    subj.lower_ in PRONOUNS - {"it", "this", "that", "which"}
                    or resolve_party(subj).kind in _STATEMENT_HEADS
                    or subj.ent_type_ == "PERSON"
                )
            ):
                return subj
            if subj is not None:
                return None
    return None


def _claim_label(t: Token, sentence: Span) -> list[Candidate]:
    """A denial without a deny verb: a claim labelled false by a speaker ("such groundless rumors", "another
    fake news story", "full of lies", "allegations intended to tarnish the image"). Labels under a deny,
    dismiss or call verb are that verb's row."""
    claims = lexicon().denial.claim_nouns
    lemma = t.lemma_.lower()
    claim: Optional[Token] = None
    if (
        _contrary(t)
        and t.dep_ in ("amod", "compound")
        and t.head.lemma_.lower() in claims
        and t.head.lemma_.lower() not in PRONOUNS
    ):
        claim = t.head
    elif t.pos_ == "NOUN" and lemma in lexicon().denial.contrary_nouns and t.dep_ in ("pobj", "attr"):
        # a predicate: "are full of lies", "are nothing but lies"
        up = t.head
        for _ in range(4):
            if up.lemma_.lower() in lexicon().denial.label_predicates or up.dep_ in ("attr", "acomp"):
                claim = t
                break
            up = up.head
    elif t.tag_.startswith("VB") and lemma in lexicon().denial.smear_verbs:
        # "allegations intended to tarnish the image", "rumors aimed at smearing"
        up = t
        for _ in range(4):
            up = up.head
            subj = _child(up, "nsubj", "nsubjpass") if up.pos_ in ("VERB", "AUX") else None
            if subj is not None and subj.lemma_.lower() in claims and subj.pos_ == "NOUN":
                up = subj  # "the allegations were intended to tarnish its image"
            if up.lemma_.lower() in claims and up.pos_ == "NOUN":
                if any(_contrary(c) for c in up.children):
                    return []  # "groundless rumors aimed at smearing": the label already codes it
                claim = up
                break
    if claim is None:
        return []
    statements = lexicon().denial.verbs | lexicon().denial.claim_verbs | lexicon().denial.call_verbs
    if any(a.lemma_.lower() in statements for a in t.ancestors if sentence.start <= a.i < sentence.end):
        return []
    speaker = _label_speaker(t, sentence)
    if speaker is None:
        return []
    end = t.i + 1
    if claim == t.head and claim.i == t.i + 1 and claim.lower_ == "news":
        end = claim.i + 1  # "fake news"
    return [Candidate("denial", t, t.i, end, actor=speaker, discriminator="label")]


def _casualty(t: Token, sentence: Span) -> list[Candidate]:
    lemma = t.lemma_.lower()
    verbs = lexicon().casualty.verbs
    if t.tag_.startswith("VB") and (lemma in verbs or lemma in lexicon().casualty.people_or_combat):
        if t.dep_ == "conj" and t.head.lemma_.lower() in verbs and _own_count(t) is None:
            return []  # "killed or wounded" with one count: one row on the first verb
        if _is_passive(t):
            victims = _child(t, "nsubjpass", "nsubj") or subject_of(t)
        elif lemma in lexicon().casualty.victim_subject_verbs:
            victims = subject_of(t)
        else:
            victims = _child(t, "dobj")
        if victims is None or not (_people_or_pronoun(victims) or victims.ent_type_ in ("PERSON", "NORP")):
            return []
        end = t.i + 1
        for c in t.children:  # extend over "or wounded" sharing the count
            if c.dep_ == "conj" and c.lemma_.lower() in verbs and _own_count(c) is None:
                end = c.i + 1
        return [Candidate("casualty", t, t.i, end, actor=victims, counted=victims)]
    if t.pos_ == "NOUN" and lemma in lexicon().casualty.nouns and t.dep_ != "compound":
        victims = next(iter(_prep_objects(t, ("among", "of"))), None)
        has_count = any(c.dep_ == "nummod" for c in t.children)
        v = governing_verb(t)
        sufferer = subject_of(v) if v != t and v.lemma_.lower() in lexicon().casualty.suffer_verbs else None
        if (
            lemma in lexicon().casualty.count_only
            and not has_count
            and not (victims is not None and is_people(victims))
            and not (sufferer is not None and _people_or_pronoun(sufferer))
        ):
            return []  # "losses" only of people: "troops have suffered heavy losses"
        counted = t if has_count else victims
        if victims is None:
            v = governing_verb(t)
            if v != t and v.lemma_.lower() in lexicon().casualty.suffer_verbs:
                victims = subject_of(v)  # "troops have incurred 4,700 casualties": the troops are the victims
        return [Candidate("casualty", t, t.i, t.i + 1, actor=victims or t, counted=counted)]
    if t.pos_ == "ADJ" and lemma in lexicon().casualty.adjectives and t.dep_ == "acomp":
        subj = _child(t.head, "nsubj")
        if subj is not None and is_people(subj):
            return [Candidate("casualty", t, t.i, t.i + 1, actor=subj, counted=subj)]
    return []


def _own_count(v: Token) -> Optional[Token]:
    s = _child(v, "nsubjpass", "nsubj", "dobj")
    return s if s is not None and (is_count_word(s) or any(c.dep_ == "nummod" for c in s.children)) else None


def _combat(t: Token, sentence: Span) -> list[Candidate]:
    lemma = t.lemma_.lower()
    if lemma not in lexicon().combat.verbs and t.lower_ in lexicon().combat.verbs:
        lemma = t.lower_  # irregular past forms the lemmatizer misses ("retook")
    object_phrases = lexicon().combat.object_phrases
    if t.dep_ in ("advcl", "xcomp") and t.head.lemma_.lower() in lexicon().casualty.verbs:
        return []  # "killed fighting for Russia": the casualty's circumstance, coded as the casualty
    if t.tag_.startswith("VB") and (lemma in lexicon().combat.verbs or lemma in object_phrases):
        if _purpose_of_sending(t):
            return []  # "sent troops to fight", "deployed to help Russia fight": why they were sent, not a fight
        obj = _child(t, "dobj")
        if obj is None and _is_passive(t):
            obj = _child(t, "nsubjpass")  # "Kursk, which was seized by Ukraine"
            if obj is not None:
                obj = antecedent(obj)
        if obj is None and lemma in lexicon().combat.enemy_verbs:
            obj = next(iter(_prep_objects(t, ("with", "against"))), None)  # "engaged with the Ukrainian army"
        if lemma in lexicon().combat.needs_object or lemma in object_phrases:
            if obj is None:
                return []
            if lemma in lexicon().combat.enemy_verbs and not (_people_or_pronoun(obj) or _force_noun(obj)):
                return []  # "engage the public"
            if (
                lemma in object_phrases
                and lemma not in lexicon().combat.verbs
                and obj.lemma_.lower() not in object_phrases[lemma]
            ):
                return []
            if lemma in lexicon().combat.not_with_people and _people_or_pronoun(obj):
                return []
            if lemma in lexicon().combat.ground_verbs and not _ground(obj):
                return []  # "their documents were seized": taking things, not ground
        if t.dep_ == "amod" or t.dep_ == "compound":
            return []
        actor = _agent(t) if _is_passive(t) and lemma != "fight" else subject_of(t)
        target = obj if obj is not None else next(iter(_prep_objects(t, ("against",))), None)
        # "took control", "gained ground": the phrase is the trigger when the verb alone is none
        phrase = lemma in object_phrases and lemma not in lexicon().combat.verbs
        end = obj.i + 1 if phrase and obj is not None else t.i + 1
        return [Candidate("combat", t, t.i, end, actor=actor, target=target)]
    if t.pos_ == "NOUN" and lemma in lexicon().combat.nouns and t.dep_ != "compound":
        if t.head.lower_ in lexicon().combat.idle_preps.get(lemma, ()):
            return []  # "went on strike"
        if (
            t.dep_ == "pobj"
            and t.head.head.lemma_.lower() in lexicon().casualty.verbs
            and not any(c.dep_ in ("det", "amod", "compound", "prep") for c in t.children)
        ):
            return []  # "soldiers killed in battle": the casualty's circumstance
        if _war_name(t):
            return []  # "the special military operation": the war's name
        if lemma in lexicon().combat.background_nouns and not _dated_or_placed(t):
            return []  # "Russia's invasion of Ukraine", "the special military operation": the war named as background
        if lemma in lexicon().combat.qualified_only:
            quals = lexicon().combat.qualifiers
            if not any(c.lemma_.lower() in quals or c.lower_ in quals for c in t.children) and not any(
                c.dep_ in ("acl", "advcl") and c.lemma_.lower() in lexicon().combat.verbs for c in t.children
            ):
                return []
            # "joined operations liberating ...": the combat verb carries it
            if any(c.lemma_.lower() in lexicon().combat.verbs and c.tag_.startswith("VB") for c in t.head.children if c != t):
                return []
        actor = _nominal_actor(t)
        if actor is None:
            for c in t.children:
                if c.dep_ in ("amod", "compound") and country_mentions([c]):
                    actor = t
        if actor is None:
            v = governing_verb(t)
            if v != t and v.lemma_.lower() in lexicon().combat.support_verbs and t.dep_ in ("dobj", "pobj", "attr"):
                actor = subject_of(v)
        target = next(iter(_prep_objects(t, ("against", "on"))), None)
        return [Candidate("combat", t, t.i, t.i + 1, actor=actor, target=target)]
    return []


def _purpose_of_sending(v: Token) -> bool:
    """Is the verb the purpose of a sending ("sent troops to fight", "deployed to help Russia fight",
    "fought together to repel an incursion")?"""
    up = v
    for _ in range(2):
        if up.dep_ not in ("xcomp", "advcl", "ccomp") or up.head == up:
            return False
        head = up.head
        lemma = head.lemma_.lower()
        if lemma in lexicon().deployment.verbs or (lemma in lexicon().combat.verbs and head.tag_.startswith("VB")):
            # "sent troops to fight in Russia against Ukrainian forces" tells where they fight: its own event
            return not _place_objects(v)
        if lemma not in lexicon().deployment.purpose_verbs:
            return False
        up = head
    return False


def _ground(t: Token) -> bool:
    """Territory or a position: a place, "territory", "parts of Kursk", "control of the town"."""
    if t.lemma_.lower() in lexicon().combat.ground_nouns or _is_place(t) and t.pos_ in ("PROPN", "NOUN"):
        return True
    return any(_is_place(o) for o in _prep_objects(t, ("of",)))


def _war_name(noun: Token) -> bool:
    phrase = " ".join(x.lower_ for x in noun.doc[noun.left_edge.i : noun.i + 1])
    return any(phrase.endswith(name) for name in lexicon().combat.war_names)


def _dated_or_placed(noun: Token) -> bool:
    """Does a nominal carry its own date or a place where it happens ("the offensive in Kursk in August")?
    The date may sit on its support verb ("started its invasion in 2022")."""
    if any(c.lemma_.lower() in lexicon().combat.act_modifiers for c in noun.children):
        return True  # "combat operations": a fighting act, not the war's name
    v = governing_verb(noun)
    if (
        v != noun
        and (v.lemma_.lower() in lexicon().combat.support_verbs or noun.dep_ == "dobj")
        and any(c.dep_ == "prep" and any(g.ent_type_ == "DATE" for g in c.subtree) for c in v.children)
    ):
        return True
    for t in noun.subtree:
        if t.ent_type_ == "DATE" or t.like_num and t != noun:
            return True
        if (
            t.dep_ == "prep"
            and t.head == noun
            and t.lower_ in ("in", "near", "around", "at", "on")
            and (o := _pobj(t)) is not None
            and _is_place(o)
        ):
            return True
    return False


def _agreement(t: Token, sentence: Span) -> list[Candidate]:
    lemma = t.lemma_.lower()
    if t.pos_ != "NOUN" or lemma not in lexicon().agreement.nouns or t.dep_ == "compound":
        return []
    if lemma in lexicon().agreement.qualified_only:
        quals = lexicon().agreement.qualifiers
        between = _prep_objects(t, ("between", "with"))
        if not (
            any(c.lemma_.lower() in quals or c.lower_ in quals for c in t.subtree if c != t)
            or any(country_mentions(list(b.subtree)) for b in between)
        ):
            return []
    v = governing_verb(t)
    if v.lemma_.lower() in lexicon().enlistment.contract_verbs and any(_force_noun(o) for o in _prep_objects(v, ("with",))):
        return []  # a soldier's contract, coded as enlistment
    acts = lexicon().agreement.act_verbs
    signed = (
        (v != t and v.lemma_.lower() in acts and t.dep_ in ("dobj", "nsubjpass", "nsubj", "conj"))
        or any(c.dep_ in ("acl", "relcl", "amod") and c.lemma_.lower() in acts for c in t.children)
        or (t.dep_ == "pobj" and t.head.lower_ == "under")
        or t.dep_ == "attr"
    )  # "sent under a pact", "was an agreement"
    if not signed:
        return []  # "in accordance with the treaty", "the alliance agreement": the pact named, not an act on it
    actor = _child(t, "poss") or next(iter(_prep_objects(t, ("between",))), None)
    if actor is None and v != t and v.lemma_.lower() in lexicon().agreement.party_verbs:
        actor = subject_of(v)
    target = next(iter(_prep_objects(t, ("with",))), None)
    others = [c for c in actor.children if c.dep_ == "conj"] if actor is not None else []
    if others:
        # "Russia and the DPRK signed": the first-named party is the actor, the other the target (corpus README)
        return [Candidate("agreement", t, t.i, t.i + 1, actor=actor, target=target or others[0], alone=True)]
    return [Candidate("agreement", t, t.i, t.i + 1, actor=actor, target=target)]


DETECTORS = (_deployment, _enlistment, _confirmation, _denial, _casualty, _combat, _agreement)


@lru_cache(maxsize=1)
def _trigger_lemmas() -> frozenset[str]:
    """Every lemma any detector can fire on (a cheap first filter over the tokens): the lexicon's declared
    trigger fields, and the copula of "troops are in Russia" (presence)."""
    return trigger_lemmas(lexicon()) | {"be"}


def find_candidates(sentence: Span) -> list[Candidate]:
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


# ---------------------------------------------------------------- rows


def _text(article: ArticleRow, span: Span) -> str:
    """span.text, cut from the article text (the Doc's text) instead of rebuilt from its tokens."""
    return article.text[span.start_char : span.end_char]


def _event_id(
    article: ArticleRow, event_type: str, sentence: Span, occurrence: int, start: int, end: int, discriminator: str
) -> str:
    """Stable for the same article and event: keyed by the article id, the evidence sentence's text
    (and which repeat of it), the trigger's place in that sentence and the type, so an edit elsewhere
    in the article leaves this event's id alone and `muster diff` shows changed fields, not churn."""
    key = "|".join(
        (
            article.article_id,
            event_type,
            _text(article, sentence),
            str(occurrence),
            str(start - sentence.start_char),
            str(end - sentence.start_char),
            discriminator,
        )
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _target_party(resolver: Resolver, cand: Candidate) -> Optional[Party]:
    if cand.target is None:
        return None
    party = resolver.party(cand.target)
    if cand.event_type == "deployment" and party is not None and party.role not in ("name", "government"):
        # a destination place: the target is the state named in it ("Russia's Far East" → Russia)
        mentions = [m for m in country_mentions(list(cand.target.subtree)) if m.country]
        if mentions and party.kind not in ("military",):
            m = mentions[0]
            span = cand.target.doc[m.start : m.end]
            return Party(span.text, span.start_char, span.end_char, m.start, m.country, "government", m.role)
        if party.kind != "military":
            return None
    return party


def extract_events(doc: Doc, article: ArticleRow, *, run_id: str) -> list[EventRow]:
    """All event mentions of one article (headline and body, not boilerplate)."""
    # dates and places are found (or resolved) per sentence, only in the sentences that have events
    date_ents = dates.date_entities(doc)
    place_spans = places.place_spans(doc)
    floor_char = min(article.body_start, article.headline_start if article.headline_start is not None else article.body_start)
    floor_span = doc.char_span(floor_char, len(article.text), alignment_mode="expand")
    resolver = Resolver(doc, floor_span.start if floor_span is not None else 0)
    rows: list[EventRow] = []
    on_topic = gate(article.text).on_topic  # article-level context for the codebook's tests on each row
    seen_sentences: Counter[tuple[str, bool]] = Counter()
    for sentence, in_headline in coded_sentences(doc, article):
        s0, s1 = sentence.start_char, sentence.end_char
        sentence_text = _text(article, sentence)
        occurrence = seen_sentences[(sentence_text, in_headline)] + (1000 if in_headline else 0)
        seen_sentences[(sentence_text, in_headline)] += 1
        # a trigger phrase must lie inside its (clipped) evidence sentence
        # and a trigger is a word, never an empty or blank span
        candidates = [
            c
            for c in find_candidates(sentence)
            if sentence.start <= c.start < c.end <= sentence.end and doc[c.start : c.end].text.strip()
        ]
        if not candidates:
            continue
        sent_dates = [
            e
            for e in dates.find_dates(
                doc,
                published=article.published,
                published_precision=article.published_precision,
                start_char=s0,
                end_char=s1,
                date_ents=date_ents,
                text=article.text,
            )
            if s0 <= e.start_char and e.end_char <= s1
        ]
        sent_places = places.resolve_spans(doc, [p for p in place_spans if s0 <= p.start_char and p.end_char <= s1])
        built: list[tuple[Candidate, EventRow]] = []
        for cand in candidates:
            built.append(
                (
                    cand,
                    _row(
                        cand,
                        doc,
                        article,
                        run_id,
                        sentence,
                        in_headline,
                        resolver,
                        sent_dates,
                        sent_places,
                        occurrence,
                        lambda head: _earlier_region(doc, head, place_spans, resolver),
                    ),
                )
            )
        # the codebook's tests on the resolved row (extractors/plausibility.py)
        rows.extend(_link_statements([(c, r) for c, r in built if implausible(r, on_topic=on_topic) is None]))
    return rows


def _purpose_place(head: Token, mentions) -> Optional[places.PlaceMention]:
    """ "sent to help Russia reclaim Kursk", "used to rebuild the Donbass": a sending with no place of its
    own goes where its purpose clause is."""
    clauses = [c for c in head.children if c.dep_ in ("xcomp", "advcl") and c.i > head.i]
    for c in clauses:
        lo, hi = c.left_edge.idx, c.right_edge.idx + len(c.right_edge)
        inside = [
            m
            for m in mentions
            if m.record is not None
            and lo <= m.start_char
            and m.end_char <= hi
            and m.record.precision != "country"
            and _where_it_goes(head.doc, m)
        ]
        if inside:
            return inside[0]
    return None


def _where_it_goes(doc: Doc, m) -> bool:
    """A place in a purpose clause that is where the work happens ("reclaim Kursk", "rebuild the Donbass",
    "assist in Kursk operations"), not the party served ("to aid Moscow") nor an origin ("from Pyongyang")."""
    span = doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    while root.dep_ == "compound" and root.head != root:
        root = root.head
    if root.dep_ == "pobj":
        return root.head.lower_ in ("in", "into", "to", "near", "at", "around")
    if root.dep_ == "dobj":
        return root.head.lemma_.lower() not in lexicon().deployment.purpose_verbs
    return False


def _place_anaphor(head: Token) -> bool:
    """ "arrived in the region", "were stationed there": a place named before, not here."""
    for c in head.children:
        if c.dep_ == "advmod" and c.lower_ == "there":
            return True
        if c.dep_ == "prep" and c.lower_ in ("in", "to", "into") and (o := _pobj(c)) is not None:
            if o.lemma_.lower() in lexicon().deployment.anaphor_place_nouns and not any(
                g.dep_ in ("compound", "amod", "poss") for g in o.children
            ):
                return True
    return False


def _earlier_region(doc: Doc, head: Token, place_spans, resolver: Resolver) -> Optional[places.PlaceMention]:
    """The nearest subdivision or region named in the two sentences before (a place anaphor's antecedent)."""
    if not _place_anaphor(head):
        return None
    lo = resolver.window_start(head)
    before = [sp for sp in place_spans if lo <= sp.start and sp.end <= head.sent.start]
    for m in reversed(places.resolve_spans(doc, before)):
        if m.record is not None and m.record.precision in ("admin1", "region"):
            return m
    return None


def _row(
    cand: Candidate,
    doc: Doc,
    article: ArticleRow,
    run_id: str,
    sentence: Span,
    in_headline: bool,
    resolver: Resolver,
    sent_dates,
    sent_places,
    occurrence: int,
    earlier_region=None,
) -> EventRow:
    trigger_span = doc[cand.start : cand.end]
    statement = cand.event_type in STATEMENT_TYPES
    # the sender's country wins over an antecedent's: "Pyongyang sent more than 10,000 troops" is PRK
    sender_head = cand.sender if cand.event_type == "deployment" else None
    if (
        sender_head is None
        and cand.actor is not None
        and cand.actor.dep_ == "dobj"
        and (cand.actor.head.lemma_.lower() in lexicon().deployment.verbs)
    ):
        sender_head = subject_of(cand.actor.head)  # "it sent troops to fight": the troops are the sender's
    sender = resolver.party(sender_head, alone=True) if sender_head is not None else None
    actor = resolver.party(
        cand.actor if cand.actor is None or sentence.start <= cand.actor.i < sentence.end else None,
        alone=cand.alone,
        fallback=sender,
    )
    if actor is None and cand.event_type in FACT_TYPES + ("casualty",):
        actor = resolver.party(_nearest_people_before(cand.head, sentence), fallback=sender)
    target = _target_party(resolver, cand)
    source = actor if statement else resolver.party(source_head(cand.head, sentence), keep_clauses=True)
    if source is not None and actor is not None and source.head == actor.head and not statement:
        source = None
    quantity: Optional[Quantity] = None
    if cand.event_type in ("deployment", "enlistment", "casualty"):
        counted = cand.counted
        counted = antecedent(counted) if counted is not None else None
        quantity = quantity_of(counted) if counted is not None else None
        if quantity is None and cand.event_type == "casualty" and cand.head.pos_ == "NOUN":
            quantity = quantity_of(cand.head)
    date = dates.date_for_event(cand.head, cand.event_type, sent_dates) if sent_dates else None
    if date is None and statement and sent_dates:
        # the verb carrying a statement noun or label: "issued the denial Monday", "told lawmakers Tuesday that
        # the report was probably correct"
        for h in (governing_verb(cand.head), cand.actor.head if cand.actor is not None else None):
            if h is not None and h != cand.head and h.pos_ in ("VERB", "AUX"):
                date = dates.date_for_event(h, cand.event_type, sent_dates)
                if date is not None:
                    break
    if date is not None and not statement and _is_dateline(date, sentence):
        date = None  # a wire dateline dates the statement that opens the story, never the fact (corpus README)
    place = places.place_for_event(cand.head, cand.event_type, sent_places) if sent_places else None
    if place is None and cand.event_type == "deployment":
        place = _purpose_place(cand.head, sent_places) or (earlier_region(cand.head) if earlier_region else None)
    record = place.record if place is not None else None
    norm = date.norm if date is not None else None
    return EventRow(
        event_id=_event_id(
            article, cand.event_type, sentence, occurrence, trigger_span.start_char, trigger_span.end_char, cand.discriminator
        ),
        article_id=article.article_id,
        run_id=run_id,
        event_type=cand.event_type,
        trigger=trigger_span.text,
        evidence=_text(article, sentence),
        char_start=sentence.start_char,
        char_end=sentence.end_char,
        trigger_start=trigger_span.start_char,
        trigger_end=trigger_span.end_char,
        polarity="negated" if cand.negated else polarity(cand.head, is_statement=statement, within=sentence),
        modality=modality(cand.head, is_statement=statement),
        in_headline=in_headline,
        actor=actor.text if actor else None,
        actor_country=actor.country if actor else None,
        actor_kind=actor.kind if actor else None,
        target=target.text if target else None,
        target_country=target.country if target else None,
        source=source.text if source else None,
        source_country=source.country if source else None,
        place_text=place.text if place is not None else None,
        place_name=record.name if record else None,
        place_country=record.country if record else None,
        place_admin1=record.admin1 if record else None,
        place_geonames_id=record.geonames_id if record else None,
        latitude=record.latitude if record else None,
        longitude=record.longitude if record else None,
        place_precision=record.precision if record else None,
        date_start=norm.date_start if norm else None,
        date_end=norm.date_end if norm else None,
        date_precision=norm.date_precision if norm else None,
        date_qualifier=norm.date_qualifier if norm else None,
        date_text=norm.date_text if norm else None,
        date_timex=norm.timex if norm else None,
        quantity_min=quantity.minimum if quantity else None,
        quantity_max=quantity.maximum if quantity else None,
        quantity_text=quantity.text if quantity else None,
    )


def _is_dateline(date, sentence: Span) -> bool:
    """Is the time expression the line's dateline ("date 2025-06-17 ...", "SEOUL, Oct. 18 (Yonhap) -- ...")?"""
    before = [t for t in sentence if t.idx < date.start_char]
    if len(before) > 4:
        return False
    return all(t.is_punct or t.is_space or t.lower_ == "date" or t.pos_ == "PROPN" and t.is_upper for t in before) and (
        bool(before) or date.start_char == sentence.start_char and re.match(r"\d{4}-\d\d-\d\d", date.text) is not None
    )


def _nearest_people_before(head: Token, sentence: Span) -> Optional[Token]:
    """When the parse gives no subject, the nearest people noun before the trigger (prefer one with a country)."""
    fallback = None
    for i in range(head.i - 1, sentence.start - 1, -1):
        t = head.doc[i]
        if t.tag_ in ("NNS", "NNPS") and is_people(t) and not is_count_word(t):
            if resolve_party(t).country:
                return t
            fallback = fallback or t
    return fallback


def _link_statements(built: list[tuple[Candidate, EventRow]]) -> list[EventRow]:
    """A confirmation/denial gets about_event_id = the deployment/enlistment it is about in the same sentence."""
    facts = [(c, r) for c, r in built if c.event_type in FACT_TYPES]
    out = []
    for cand, row in built:
        if cand.event_type in STATEMENT_TYPES and facts:
            below = [(c, r) for c, r in facts if cand.head in c.head.ancestors]
            pool = below or facts
            best = min(pool, key=lambda cr: abs(cr[0].head.i - cand.head.i))
            row = replace(row, about_event_id=best[1].event_id)
        out.append(row)
    return out
