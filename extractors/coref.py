"""Light rule-based anaphora for event parties (issue 15).

A pronoun or a definite description ("they", "he", "the workers", "these troops", "the regime", a bare
count) takes the nearest compatible party named in the same sentence or the two before it; a singular
person pronoun prefers the speaker of a reporting verb, so "He called such reports fake" is said by the
previous sentence's speaker. Nothing here guesses beyond that window.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Optional

from spacy.tokens import Doc, Token

from extractors.actors import PRONOUNS, Party, country_mentions, is_people, party_tokens, resolve_party
from extractors.lexicon import lexicon
from extractors.quantities import is_count_word
from extractors.syntax import antecedent

WINDOW_SENTENCES = 2  # the same sentence and the two before it
PERSON_PRONOUNS = frozenset({"he", "she", "him", "his", "her"})
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
STATE_PRONOUNS = frozenset({"it", "its"})
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
_POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})
_DEFINITE = frozenset({"these", "those", "such", "the", "their", "its"})
_QUANTIFIERS = frozenset({"many", "some", "most", "all", "others"})
_STATE_HEADS = frozenset({"regime", "government", "authorities", "authority", "leadership", "administration", "state"})
_SPEAKER_KINDS = frozenset({"official", "government", "intelligence", "military", "media"})


@dataclass(frozen=True, slots=True)
class Antecedent:
    """The party an anaphor was resolved to, and why (for debugging and tests)."""

    party: Party
    rule: str  # "state", "speaker", "person", "group"
    distance: int  # tokens back from the anaphor


class Resolver:
    """Party resolution with light anaphora, over one Doc (cached per head token)."""

    def __init__(self, doc: Doc, floor: int):
        self.doc = doc
        self.floor = floor  # no antecedents before the coded text starts
        self.sent_starts = [s.start for s in doc.sents]
        self.cache: dict[tuple[int, bool, bool], Party] = {}

    # ------------------------------------------------------------ public

    def party(
        self, head: Optional[Token], *, keep_clauses: bool = False, alone: bool = False, fallback: Optional[Party] = None
    ) -> Optional[Party]:
        """The party headed by ``head``; an anaphor without a country of its own takes its antecedent's.
        ``alone``: one conjunct only ("the Kremlin" of "the Kremlin and North Korea"). ``fallback``:
        a party whose country wins over an antecedent's (the sender of the troops sent)."""
        if head is None:
            return None
        head = antecedent(head)
        key = (head.i, keep_clauses, alone)
        if key in self.cache and fallback is None:
            return self.cache[key]
        party = resolve_party(head, keep_clauses=keep_clauses, alone=alone)
        if party.country is None and fallback is not None and fallback.country:
            return replace(party, country=fallback.country)
        # "its troops", "his soldiers" (the leader named before), "our troops" (the quoted speaker)
        poss = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in _POSSESSIVES), None)
        if party.country is None and poss is not None:
            ante = self.antecedent(poss)
            if ante is not None:
                party = replace(party, country=ante.party.country)
        if party.country is None and self.anaphoric(head):
            ante = self.antecedent(head)
            if ante is not None:
                a = ante.party
                pronoun = head.lower_ in PRONOUNS
                party = replace(
                    party,
                    country=a.country,
                    kind=party.kind or a.kind,
                    text=a.text if pronoun else party.text,
                    start_char=a.start_char if pronoun else party.start_char,
                    end_char=a.end_char if pronoun else party.end_char,
                )
        if fallback is None:
            self.cache[key] = party
        return party

    @staticmethod
    def anaphoric(head: Token) -> bool:
        if head.lower_ not in PRONOUNS and country_mentions(party_tokens(head)):
            return False  # "neither the Russian nor North Korean governments": named, only not one state
        if head.lower_ in PRONOUNS or is_count_word(head) or head.lower_ in _QUANTIFIERS:
            return True
        if head.lemma_.lower() in _STATE_HEADS and any(c.lower_ in ("the", "this", "that") for c in head.children):
            return True
        if is_people(head) and (
            any(c.lower_ in _DEFINITE for c in head.children)
            or not any(c.dep_ in ("amod", "compound", "poss") for c in head.children)
        ):
            return True
        # "the newly dispatched workers", "other specialists", "special forces": described, but by no state
        if is_people(head) and not any(
            c.dep_ in ("compound", "poss") and c.pos_ == "PROPN" or c.ent_type_ in ("NORP", "GPE") for c in head.children
        ):
            return True
        return False

    def antecedent(self, head: Token) -> Optional[Antecedent]:
        lower = head.lower_
        # "many of these troops": the "of" noun is the one to resolve
        of = [o for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
        if of and lower not in STATE_PRONOUNS:
            inner = resolve_party(of[0])
            if inner.country:
                return Antecedent(inner, "group", 0)
        lo = self._window_start(head)
        if lower in STATE_PRONOUNS or head.lemma_.lower() in _STATE_HEADS:
            return self._state(head, lo)
        if lower in PERSON_PRONOUNS:
            return self._person(head, lo)
        if lower in FIRST_PERSON:
            return self._quoted_speaker(head)
        return self._group(head, lo)

    # ------------------------------------------------------------ rules

    def window_start(self, head: Token) -> int:
        """First token of the anaphora window: the sentence two before ``head``'s."""
        return self._window_start(head)

    def _window_start(self, head: Token) -> int:
        k = bisect_right(self.sent_starts, head.i) - 1
        return max(self.floor, self.sent_starts[max(0, k - WINDOW_SENTENCES)])

    def _quoted_speaker(self, head: Token) -> Optional[Antecedent]:
        """ "I"/"we" in a quote: the party its sentence says is speaking ("'I can confirm ...,' Rutte said"),
        country or not (NATO's chief has none)."""
        reporting = lexicon().cues.reporting_verbs
        sent = head.sent
        for t in sent:
            if t.dep_ == "nsubj" and t.head.lemma_.lower() in reporting and t.lower_ not in PRONOUNS:
                return Antecedent(resolve_party(t), "speaker", head.i - t.i)
        return None

    def _state(self, head: Token, lo: int) -> Optional[Antecedent]:
        """The nearest state in the anaphor's own sentence (a subject first); else a state named as a subject
        in the sentences before; else the nearest state."""
        here = head.sent.start
        states = []
        for i in range(head.i - 1, lo - 1, -1):
            t = self.doc[i]
            if t.pos_ == "PROPN":
                ms = country_mentions([self.doc[j] for j in range(max(lo, i - 3), i + 1)])
                ms = [m for m in ms if m.end == i + 1 and m.role in ("name", "government") and m.country]
                if ms:
                    states.append((ms[-1], t.dep_ in ("nsubj", "nsubjpass")))
        same = [(m, subj) for m, subj in states if m.start >= here]
        pick = (
            next((m for m, subj in same if subj), same[0][0])
            if same
            else next((m for m, subj in states if subj), states[0][0] if states else None)
        )
        if pick is None:
            return None
        span = self.doc[pick.start : pick.end]
        party = Party(span.text, span.start_char, span.end_char, pick.start, pick.country, "government", pick.role)
        return Antecedent(party, "state", head.i - pick.start)

    def _person(self, head: Token, lo: int) -> Optional[Antecedent]:
        """ "he"/"she": the nearest speaker of a reporting verb, else the nearest named person or official."""
        reporting = lexicon().cues.reporting_verbs
        person = None
        for i in range(head.i - 1, lo - 1, -1):
            t = self.doc[i]
            if t.tag_ in ("NNS", "NNPS") or t.lower_ in GROUP_PRONOUNS or t.lower_ in STATE_PRONOUNS:
                continue
            speaker = t.dep_ in ("nsubj", "pobj") and (
                t.head.lemma_.lower() in reporting or t.dep_ == "pobj" and t.head.dep_ == "agent"
            )
            if t.lower_ in PERSON_PRONOUNS and speaker and t.dep_ == "nsubj":
                ante = self.antecedent(t) if t.i != head.i else None
                if ante is not None:
                    return Antecedent(ante.party, "speaker", head.i - t.i)
                continue
            if t.pos_ not in ("PROPN", "NOUN") or t.dep_ == "compound":
                continue
            p = resolve_party(t)
            if not p.country or p.kind not in _SPEAKER_KINDS and t.ent_type_ != "PERSON":
                continue
            if speaker:
                return Antecedent(p, "speaker", head.i - t.i)
            person = person or Antecedent(p, "person", head.i - t.i)
        return person

    def _group(self, head: Token, lo: int) -> Optional[Antecedent]:
        """ "they", "the workers", "these troops", a bare count: the nearest people noun with a country,
        of the same kind when the anaphor names one (workers do not refer back to troops)."""
        want = resolve_party(head).kind if head.lower_ not in PRONOUNS else None
        loose = None
        for i in range(head.i - 1, lo - 1, -1):
            t = self.doc[i]
            if t.pos_ in ("NOUN", "PROPN") and t.tag_ in ("NNS", "NNPS") and is_people(t) and not is_count_word(t):
                p = resolve_party(t)
                if p.country:
                    if want is None or p.kind in (want, None):
                        return Antecedent(p, "group", head.i - t.i)
                    if "workers" not in (want, p.kind):
                        loose = loose or Antecedent(p, "group", head.i - t.i)
        if loose is None and want is not None and not any(c.dep_ in ("amod", "compound") for c in head.children):
            # a bare "workers" far into a story about one state's workers: the nearest of the same kind before
            for i in range(lo - 1, self.floor - 1, -1):
                t = self.doc[i]
                if t.tag_ in ("NNS", "NNPS") and is_people(t) and not is_count_word(t):
                    p = resolve_party(t)
                    if p.country and p.kind == want:
                        return Antecedent(p, "topic", head.i - t.i)
        return loose
