"""Event rows from candidates: actor, target and source parties, count, date and place chosen for each
candidate, the codebook's plausibility tests, statements linked to the fact they are about."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Optional, Sequence

from spacy.tokens import Doc, Span, Token

from extractors import dates, places
from extractors.actors import PRONOUNS, Party, country_mentions, is_people, party_tokens, resolve_party
from extractors.coref import Resolver
from extractors.events.candidates import FACT_TYPES, Candidate, is_place, pobj, prep_objects, subject_of
from extractors.events.detectors import find_candidates
from extractors.events.parts import EventParts, Mention, Parties, event_row
from extractors.events.sentences import coded_sentences
from extractors.framing import modality, polarity, source_head
from extractors.lexicon import lexicon
from extractors.plausibility import TOPIC_KINDS, implausible
from extractors.quantities import Quantity, is_count_word, quantity_of
from extractors.syntax import antecedent, governing_verb, word_in
from extractors.topic import gate, topic
from schemas import ArticleRow, EventRow
from schemas.vocab import STATEMENT_TYPES


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
        coded = _Sentence(sentence, in_headline, occurrence, tuple(sent_dates), tuple(sent_places))
        built: list[tuple[Candidate, EventRow]] = [
            (
                cand,
                _row(
                    cand,
                    article,
                    run_id,
                    coded,
                    resolver,
                    lambda head, noun: _earlier_region(doc, head, place_spans, resolver, noun),
                ),
            )
            for cand in candidates
        ]
        if on_topic:
            built = [(c, _topic_party(c, r)) for c, r in built]
        # the codebook's tests on the resolved row (extractors/plausibility.py)
        rows.extend(
            _link_statements([(c, r) for c, r in built if implausible(r, on_topic=on_topic) is None and not _works_at_home(c, r)])
        )
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
        if c.dep_ == "prep" and c.lower_ in ("in", "to", "into") and (o := pobj(c)) is not None:
            if o.lemma_.lower() in lexicon().deployment.anaphor_place_nouns and not any(
                g.dep_ in ("compound", "amod", "poss") for g in o.children
            ):
                return True
    return False


def _earlier_region(
    doc: Doc, head: Token, place_spans, resolver: Resolver, noun: Optional[Token] = None
) -> Optional[places.PlaceMention]:
    """The nearest subdivision or region named in the two sentences before (a place anaphor's antecedent):
    of the trigger's own anaphor ("arrived in the region"), or of ``noun``, already known to be one."""
    if noun is None and not _place_anaphor(head):
        return None
    lo = resolver.window_start(head)
    before = [sp for sp in place_spans if lo <= sp.start and sp.end <= head.sent.start]
    for m in reversed(places.resolve_spans(doc, before)):
        if m.record is not None and m.record.precision in ("admin1", "region"):
            return m
    return None


@dataclass(frozen=True, slots=True)
class _Sentence:
    """One coded sentence and what its candidates share: its time expressions and resolved places."""

    span: Span
    in_headline: bool
    occurrence: int  # which repeat of the same text (headline repeats from 1000), for the event id
    dates: tuple[dates.TimeExpression, ...]
    places: tuple[places.PlaceMention, ...]


def _row(
    cand: Candidate,
    article: ArticleRow,
    run_id: str,
    sentence: _Sentence,
    resolver: Resolver,
    earlier_region: Callable[[Token, Optional[Token]], Optional[places.PlaceMention]],
) -> EventRow:
    parties = _parties(cand, sentence.span, resolver)
    quantity = _quantity(cand)
    date = _date(cand, sentence.span, sentence.dates)
    place = _place(cand, sentence.places, earlier_region)
    parts = EventParts(_mention(cand, article, sentence), parties, place=place, date=date, quantity=quantity)
    return event_row(parts, article_id=article.article_id, run_id=run_id)


def _mention(cand: Candidate, article: ArticleRow, sentence: _Sentence) -> Mention:
    span = sentence.span
    trigger_span = span.doc[cand.start : cand.end]
    statement = cand.event_type in STATEMENT_TYPES
    return Mention(
        event_id=_event_id(
            article,
            cand.event_type,
            span,
            sentence.occurrence,
            trigger_span.start_char,
            trigger_span.end_char,
            cand.discriminator,
        ),
        event_type=cand.event_type,
        trigger=trigger_span.text,
        trigger_start=trigger_span.start_char,
        trigger_end=trigger_span.end_char,
        evidence=_text(article, span),
        char_start=span.start_char,
        char_end=span.end_char,
        in_headline=sentence.in_headline,
        polarity="negated"
        if cand.negated
        else "affirmed"
        if cand.worded
        else polarity(cand.head, is_statement=statement, within=span),
        modality=modality(cand.head, is_statement=statement),
    )


def _parties(cand: Candidate, sentence: Span, resolver: Resolver) -> Parties:
    """The actor (the sender's country when the parse gives the people only), the target and the source."""
    statement = cand.event_type in STATEMENT_TYPES
    # the sender's country wins over an antecedent's: "Pyongyang sent more than 10,000 troops" is PRK
    sender_head = cand.sender if cand.event_type == "deployment" else None
    if (
        sender_head is None
        and cand.actor is not None
        and cand.actor.dep_ == "dobj"
        and (
            cand.actor.head.lemma_.lower() in lexicon().deployment.verbs
            or cand.event_type == "casualty"
            and cand.actor.head.lemma_.lower() in lexicon().casualty.loss_verbs
        )
    ):
        # "it sent troops to fight", "North Korea has lost 4,700 soldiers": the troops are the sender's
        sender_head = subject_of(cand.actor.head)
    sender = resolver.party(sender_head, alone=True) if sender_head is not None else None
    actor_head = cand.actor if cand.actor is None or sentence.start <= cand.actor.i < sentence.end else None
    actor = resolver.party(actor_head, alone=cand.alone, fallback=sender)
    if cand.event_type == "combat" and sender is not None:
        # who fights is the fighters' own party when it is named or a pronoun for it: "Russia could send them
        # into combat" (them: the North Korean troops) is North Korea's fighting; "it sent troops to fight" the sender's
        own = resolver.party(actor_head, alone=cand.alone)
        if (
            own is not None
            and own.country
            and actor_head is not None
            and (actor_head.lower_ in PRONOUNS or not resolver.anaphoric(actor_head))
        ):
            actor = own
    if actor is None and cand.event_type in FACT_TYPES + ("casualty",):
        actor = resolver.party(_nearest_people_before(cand.head, sentence), fallback=sender)
    target = _target_party(resolver, cand)
    source = actor if statement else resolver.party(source_head(cand.head, sentence), keep_clauses=True)
    if source is not None and actor is not None and source.head == actor.head and not statement:
        source = None
    return Parties(actor=actor, target=target, source=source)


def _quantity(cand: Candidate) -> Optional[Quantity]:
    """The count of the people sent, enlisted or hurt (of the casualty noun itself: "4,700 casualties")."""
    if cand.event_type not in ("deployment", "enlistment", "casualty"):
        return None
    counted = cand.counted
    counted = antecedent(counted) if counted is not None else None
    quantity = quantity_of(counted) if counted is not None else None
    if quantity is None and cand.event_type == "casualty" and cand.head.pos_ == "NOUN":
        quantity = quantity_of(cand.head)
    return quantity


def _date(cand: Candidate, sentence: Span, sent_dates: Sequence[dates.TimeExpression]) -> Optional[dates.TimeExpression]:
    """The time expression of the sentence that dates the event."""
    statement = cand.event_type in STATEMENT_TYPES
    stop = frozenset() if statement else _statement_lemmas()
    date = dates.date_for_event(cand.head, cand.event_type, sent_dates, stop_at=stop) if sent_dates else None
    if date is None and statement and sent_dates:
        # the verb carrying a statement noun or label: "issued the denial Monday", "told lawmakers Tuesday that
        # the report was probably correct"
        for h in (governing_verb(cand.head), cand.actor.head if cand.actor is not None else None):
            if h is not None and h != cand.head and h.pos_ in ("VERB", "AUX"):
                date = dates.date_for_event(h, cand.event_type, sent_dates)
                if date is not None:
                    break
    if date is None and not statement and sent_dates and (v := _act_verb(cand)) is not None:
        # the act verb of a nominal trigger dates it: "on Wednesday signed a pact", "staged an incursion in August"
        date = dates.date_for_event(v, cand.event_type, sent_dates)
    if date is not None and not statement and _is_dateline(date, sentence):
        date = None  # a wire dateline dates the statement that opens the story, never the fact (corpus README)
    return date


@lru_cache(maxsize=1)
def _statement_lemmas() -> frozenset[str]:
    """Verbs whose own date is a statement's, never that of the fact they govern ("denied sending troops")."""
    lex = lexicon()
    return frozenset(lex.confirmation.verbs | lex.denial.verbs | lex.denial.claim_verbs | lex.cues.reporting_verbs)


@lru_cache(maxsize=1)
def _act_verbs() -> dict[str, frozenset[str]]:
    """Per nominal type, the verbs that carry its act ("signed a pact", "the pact took effect")."""
    lex = lexicon()
    return {
        "agreement": lex.agreement.act_verbs | frozenset(lex.agreement.effect_phrases),
        "combat": lex.combat.support_verbs,
        "casualty": lex.casualty.suffer_verbs,
    }


def _act_verb(cand: Candidate) -> Optional[Token]:
    """The verb that carries a nominal trigger's act, and with it the act's date and place: "signed a pact",
    "the treaty signed today", "staged an incursion", "suffered heavy losses"."""
    noun = cand.head
    if noun.pos_ != "NOUN":
        return None
    verbs = _act_verbs().get(cand.event_type)
    if verbs is None:
        return None
    for c in noun.children:  # "the treaty signed today"
        if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in verbs:
            return c
    v = governing_verb(noun)
    if v != noun and v.pos_ in ("VERB", "AUX") and word_in(v, verbs):
        return v
    return None


def _place(
    cand: Candidate,
    sent_places: Sequence[places.PlaceMention],
    earlier_region: Callable[[Token, Optional[Token]], Optional[places.PlaceMention]],
) -> Optional[places.PlaceMention]:
    """The place of the sentence where the event happened; for a sending with none, where its purpose clause
    is, else the region a place anaphor ("arrived in the region") points back to."""
    place = places.place_for_event(cand.head, cand.event_type, sent_places) if sent_places else None
    if cand.event_type == "combat":
        taken = _ground_place(cand, sent_places)
        if taken is not None and (place is None or places.precision_rank(taken) > places.precision_rank(place)):
            place = taken
    if place is None and cand.event_type not in STATEMENT_TYPES:
        place = _where_clause_place(cand.head, sent_places)
    if place is None and cand.event_type == "deployment":
        place = _purpose_place(cand.head, sent_places) or earlier_region(cand.head, None)
    if place is None and cand.event_type == "deployment" and cand.head.lemma_.lower() in lexicon().deployment.needs_place:
        obj = next((c for c in cand.head.children if c.dep_ == "dobj"), None)  # "entered Russia"
        place = _mention_of(obj, sent_places) if obj is not None else None
    if place is None and cand.event_type in ("deployment", "casualty") and cand.actor is not None:
        place = _sent_to_place(cand.actor, sent_places)
    if place is None and cand.event_type in ("casualty", "combat"):
        place = _conjoined_place(cand, sent_places)
    if place is None and cand.event_type == "casualty":
        place = _circumstance_place(cand.head, sent_places)
    if place is None and cand.event_type == "agreement" and (v := _act_verb(cand)) is not None:
        place = _signing_place(v, sent_places)
    if place is None and cand.event_type in ("combat", "casualty"):
        noun = _anaphor_ground(cand, sent_places)
        if noun is not None:
            place = earlier_region(cand.head, noun)
    return place


def _sent_to_place(people: Token, mentions: Sequence[places.PlaceMention]) -> Optional[places.PlaceMention]:
    """ "workers sent to Vladivostok arrived by train", "troops deployed in Kursk suffered losses": people
    described by where they were sent are there when the event names no place of its own."""
    for c in people.children:
        if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in lexicon().deployment.verbs:
            place = places.place_for_event(c, "deployment", mentions)
        elif c.dep_ in ("acl", "relcl") and c.lemma_.lower() in lexicon().combat.verbs:
            place = places.place_for_event(c, "combat", mentions)  # "captured two soldiers fighting in Kursk"
        else:
            continue
        if place is not None:
            return place
    return None


def _circumstance_place(head: Token, mentions: Sequence[places.PlaceMention]) -> Optional[places.PlaceMention]:
    """ "killed fighting in Kursk", "suffered heavy losses fighting in Kursk": the fighting the casualty
    happened in (coded with the casualty, extractors/events/violence.py) places it."""
    for t in (head, governing_verb(head)):
        for c in t.children:
            if c.dep_ in ("advcl", "xcomp", "acl") and c.lemma_.lower() in lexicon().combat.verbs:
                place = places.place_for_event(c, "combat", mentions)
                if place is not None:
                    return place
    return None


def _conjoined_place(cand: Candidate, mentions: Sequence[places.PlaceMention]) -> Optional[places.PlaceMention]:
    """ "had engaged in combat in Kursk Oblast and suffered their first casualties", "killed 50 soldiers and
    injured 47 in fighting in Kursk": predicates joined on one subject share the place one of them names."""
    v = cand.head if cand.head.pos_ in ("VERB", "AUX") else governing_verb(cand.head)
    if v.pos_ not in ("VERB", "AUX"):
        return None

    def own_subject(t: Token) -> bool:
        return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in t.children)

    # one subject: the later predicate has none of its own ("..., and he cannot sustain his war in Ukraine" has)
    others = [v.head] if v.dep_ == "conj" and not own_subject(v) else []
    others += [c for c in v.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and not own_subject(c)]
    for other in others:
        place = places.place_for_event(other, cand.event_type, mentions)
        if place is not None:
            return place
    return None


def _signing_place(v: Token, mentions: Sequence[places.PlaceMention]) -> Optional[places.PlaceMention]:
    """Where an agreement was signed: "signed in Pyongyang", "signed during a summit in Pyongyang", "signed
    during Putin's visit to Pyongyang" (the place of the occasion it was signed at)."""
    for o in prep_objects(v, ("in", "at")):
        if (m := _mention_of(o, mentions)) is not None:
            return m
    for o in prep_objects(v, ("during", "at", "on")):
        if word_in(o, lexicon().agreement.occasion_nouns):
            for where in prep_objects(o, ("in", "to", "at")):
                if (m := _mention_of(where, mentions)) is not None:
                    return m
    return None


def _mention_of(noun: Token, mentions: Sequence[places.PlaceMention]) -> Optional[places.PlaceMention]:
    """The finest resolved place mention that is ``noun`` or that it heads ("the Kursk region", "Kursk")."""

    def is_noun_or_under_it(m: places.PlaceMention) -> bool:
        span = noun.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
        return span is not None and (noun in span or span.root.head == noun and span.root.dep_ in ("compound", "poss"))

    return places.finest(m for m in mentions if m.record is not None and is_noun_or_under_it(m))


def _where_clause_place(head: Token, mentions: Sequence[places.PlaceMention]) -> Optional[places.PlaceMention]:
    """ "the Kursk region, a border area where Ukrainian forces staged an incursion", "Kursk is where Ukraine
    began its incursion": an event in a "where" clause happened at the place the clause is about."""
    clause = head
    for _ in range(4):  # up through "launched an attack and captured ...", "staged an incursion"
        if any(c.dep_ == "advmod" and c.lower_ == "where" for c in clause.children):
            break
        if clause.dep_ not in ("conj", "xcomp", "dobj", "pobj", "prep") or clause.head == clause:
            return None
        clause = clause.head
    else:
        return None
    if clause.dep_ == "relcl":
        nouns = [clause.head]
    elif clause.dep_ in ("advcl", "ccomp", "attr") and clause.head.lemma_ == "be":
        nouns = [c for c in clause.head.children if c.dep_ == "nsubj"]  # "Kursk is where ..."
    else:
        return None
    if nouns and nouns[0].dep_ == "appos":
        nouns.append(nouns[0].head)  # "the Kursk region, a border area where ..."
    if nouns and nouns[0].dep_ == "pobj" and nouns[0].head.lower_ == "in" and nouns[0].head.head.pos_ in ("NOUN", "PROPN"):
        nouns.append(nouns[0].head.head)  # "the Kursk front in southwestern Russia, where ...": either may be meant
    return places.finest(m for m in (_mention_of(n, mentions) for n in nouns) if m is not None)


def _anaphor_ground(cand: Candidate, mentions: Sequence[places.PlaceMention]) -> Optional[Token]:
    """A place anaphor where the fighting or the losses were: the ground taken ("recaptured the area", "a
    portion of the region", "the border region, which was invaded"), "fighting in the region", "troops in the
    region suffered losses". Not one that is itself named here ("the Kursk region")."""
    head = cand.head
    found: list[Token] = []
    if cand.event_type == "combat" and cand.target is not None:
        found += [cand.target, *prep_objects(cand.target, ("of",))]
    found += prep_objects(head, ("in", "into", "across"))
    if head.pos_ == "NOUN" and head.dep_ == "dobj":
        found += prep_objects(head.head, ("in", "into", "across"))  # "launched an offensive in the region"
    if cand.event_type == "casualty" and cand.actor is not None:
        found += prep_objects(cand.actor, ("in",))
    for noun in found:
        if (
            noun.lemma_.lower() in lexicon().deployment.anaphor_place_nouns
            and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children)
            and not any(c.pos_ == "PROPN" or c.ent_type_ in ("GPE", "LOC") for c in noun.children)
            and _mention_of(noun, mentions) is None
        ):
            return noun
    return None


def _ground_place(cand: Candidate, mentions: Sequence[places.PlaceMention]) -> Optional[places.PlaceMention]:
    """ "liberated the Kursk region", "captured parts of Kursk", "reclaimed territory in the border region of
    Kursk", "Kursk, which was seized by Ukraine": the ground a combat verb takes is where the fighting was.
    Not what lies in a relative clause of that ground, nor where it was taken from ("from Ukraine")."""
    obj, head = cand.target, cand.head
    if obj is None or not head.tag_.startswith("VB"):
        return None
    ground = lexicon().combat.ground_nouns | lexicon().combat.partitive_nouns
    stack = [c for c in head.children if c.dep_ in ("prep", "prt") and c.lower_ == "out"]  # "drove them out of Kursk"
    if obj.lemma_.lower() in ground or is_place(obj) and obj.pos_ in ("PROPN", "NOUN"):
        stack.append(obj)  # not "fighting the policies of the United States": no ground taken
    inside: set[int] = set()
    while stack:
        t = stack.pop()
        inside.add(t.i)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl") and c.lower_ not in ("from", "by"))
    best: Optional[tuple[tuple[int, int], places.PlaceMention]] = None
    for m in mentions:
        if m.record is None:
            continue
        span = obj.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
        if span is None or span.root.i not in inside:
            continue
        key = (places.precision_rank(m), -abs(span.root.i - obj.i))
        if best is None or key > best[0]:
            best = (key, m)
    return best[1] if best else None


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


def _topic_party(cand: Candidate, row: EventRow) -> EventRow:
    """In an article on the topic, troops and workers moved or enlisted whose words name no state (nor two,
    nor an alliance) and whose antecedent is none are the topic's party, as a reader takes them (codebook)."""
    if cand.event_type not in FACT_TYPES or row.actor_country is not None or row.actor_kind not in TOPIC_KINDS:
        return row
    if cand.actor is not None and country_mentions(party_tokens(cand.actor)):
        return row  # "Russian and North Korean troops", "NATO troops"
    return replace(row, actor_country=topic().party)


def _works_at_home(cand: Candidate, row: EventRow) -> bool:
    """Field work in the workers' own country ("Ukrainian sappers demining near Kharkiv", "Russia's demining
    efforts in Kursk") moves no one: only a foreign party's field work is a deployment."""
    return cand.discriminator.startswith("field") and row.place_country is not None and row.place_country == row.actor_country


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
