"""One detector per family of extractors/events/ on hand-built parses (spacy.blank + Doc(words=, heads=,
deps=, pos=, tags=, lemmas=, ents=)), so a change of the statistical parser cannot change what these tests
check; and the row's parts cover every column. Sentences are our own."""

from __future__ import annotations

import dataclasses
from typing import Optional, get_type_hints

import pytest
import spacy
from spacy.tokens import Doc, Span, Token

from extractors.events import Candidate, find_candidates
from extractors.events.agreements import detect_agreement
from extractors.events.enlistment import detect_enlistment
from extractors.events.movement import detect_deployment
from extractors.events.parts import PART_COLUMNS, ROW_COLUMNS
from extractors.events.statements import detect_confirmation, detect_denial
from extractors.events.violence import detect_casualty
from schemas import EventRow

_VOCAB = spacy.blank("en").vocab


def parse(rows: str) -> Doc:
    """One token a line: word dep head pos tag lemma [entity IOB] (head: the index of its head; the root
    is its own head)."""
    fields = [line.split() for line in rows.strip().splitlines()]
    return Doc(
        _VOCAB,
        words=[f[0] for f in fields],
        deps=[f[1] for f in fields],
        heads=[int(f[2]) for f in fields],
        pos=[f[3] for f in fields],
        tags=[f[4] for f in fields],
        lemmas=[f[5] for f in fields],
        ents=[f[6] if len(f) > 6 else "O" for f in fields],
    )


def tok(doc: Doc, word: str) -> Token:
    return next(t for t in doc if t.text == word)


def _text(t: Optional[Token]) -> Optional[str]:
    return t.text if t is not None else None


def summary(c: Candidate, doc: Doc) -> tuple:
    """What a rule decides: type, trigger words, actor, target, counted noun, sender."""
    return (c.event_type, doc[c.start : c.end].text, _text(c.actor), _text(c.target), _text(c.counted), _text(c.sender))


SENT_TROOPS = """
Pyongyang nsubj 1 PROPN NNP pyongyang B-GPE
sent ROOT 1 VERB VBD send
1,000 nummod 3 NUM CD 1,000 B-CARDINAL
troops dobj 1 NOUN NNS troop
to prep 1 ADP IN to
Russia pobj 4 PROPN NNP russia B-GPE
. punct 1 PUNCT . .
"""
DEPLOYED_TROOPS_RETURNED = """
The det 2 DET DT the
deployed amod 2 VERB VBN deploy
troops nsubj 3 NOUN NNS troop
returned ROOT 3 VERB VBD return
. punct 3 PUNCT . .
"""
SOLDIERS_JOINED_ARMY = """
Soldiers nsubj 1 NOUN NNS soldier
joined ROOT 1 VERB VBD join
the det 4 DET DT the
Russian amod 4 ADJ JJ russian B-NORP
army dobj 1 NOUN NN army
. punct 1 PUNCT . .
"""
SOLDIERS_JOINED_PROTEST = """
Soldiers nsubj 1 NOUN NNS soldier
joined ROOT 1 VERB VBD join
the det 3 DET DT the
protest dobj 1 NOUN NN protest
. punct 1 PUNCT . .
"""
MOSCOW_DENIED_REPORTS = """
Moscow nsubj 1 PROPN NNP moscow B-GPE
denied ROOT 1 VERB VBD deny
the det 3 DET DT the
reports dobj 1 NOUN NNS report
. punct 1 PUNCT . .
"""
MOSCOW_DENIED_REQUEST = """
Moscow nsubj 1 PROPN NNP moscow B-GPE
denied ROOT 1 VERB VBD deny
the det 3 DET DT the
request dobj 1 NOUN NN request
. punct 1 PUNCT . .
"""
CASES_WERE_CONFIRMED = """
Two nummod 1 NUM CD two B-CARDINAL
cases nsubjpass 3 NOUN NNS case
were auxpass 3 AUX VBD be
confirmed ROOT 3 VERB VBN confirm
. punct 3 PUNCT . .
"""
SOLDIERS_KILLED_OR_WOUNDED = """
Two nummod 1 NUM CD two B-CARDINAL
soldiers nsubjpass 3 NOUN NNS soldier
were auxpass 3 AUX VBD be
killed ROOT 3 VERB VBN kill
or cc 3 CCONJ CC or
wounded conj 3 VERB VBN wound
. punct 3 PUNCT . .
"""
RUSSIA_AND_NORTH_KOREA_SIGNED = """
Russia nsubj 4 PROPN NNP russia B-GPE
and cc 0 CCONJ CC and
North compound 3 PROPN NNP north B-GPE
Korea conj 0 PROPN NNP korea I-GPE
signed ROOT 4 VERB VBD sign
a det 6 DET DT a
treaty dobj 4 NOUN NN treaty
. punct 4 PUNCT . .
"""


@pytest.mark.parametrize(
    "detect,rows,trigger,expected",
    [
        # movement: a sending; the sender is the subject, the people sent the object, the count on them
        (detect_deployment, SENT_TROOPS, "sent", [("deployment", "sent", "troops", "Russia", "troops", "Pyongyang")]),
        (detect_deployment, DEPLOYED_TROOPS_RETURNED, "deployed", []),  # a modifier, not a sending
        # enlistment: joining an armed force, not any group
        (detect_enlistment, SOLDIERS_JOINED_ARMY, "joined", [("enlistment", "joined", "Soldiers", "army", "Soldiers", None)]),
        (detect_enlistment, SOLDIERS_JOINED_PROTEST, "joined", []),
        # statements: a denial of a reported fact by its speaker; "denied the request" denies no fact
        (detect_denial, MOSCOW_DENIED_REPORTS, "denied", [("denial", "denied", "Moscow", None, None, None)]),
        (detect_denial, MOSCOW_DENIED_REQUEST, "denied", []),
        (detect_confirmation, CASES_WERE_CONFIRMED, "confirmed", []),  # a passive with no one confirming
        # violence: the passive's subject are the victims; "or wounded" sharing the count is one row
        (
            detect_casualty,
            SOLDIERS_KILLED_OR_WOUNDED,
            "killed",
            [("casualty", "killed or wounded", "soldiers", None, "soldiers", None)],
        ),
        (detect_casualty, SOLDIERS_KILLED_OR_WOUNDED, "wounded", []),
        # agreements: the first-named party is the actor, the other the target
        (
            detect_agreement,
            RUSSIA_AND_NORTH_KOREA_SIGNED,
            "treaty",
            [("agreement", "treaty", "Russia", "Korea", None, None)],
        ),
    ],
)
def test_detector_rule(detect, rows, trigger, expected):
    doc = parse(rows)
    sentence: Span = doc[:]
    assert [summary(c, doc) for c in detect(tok(doc, trigger), sentence)] == expected


def test_agreement_of_coordinated_parties_through_find_candidates():
    doc = parse(RUSSIA_AND_NORTH_KOREA_SIGNED)
    (cand,) = [c for c in find_candidates(doc[:]) if c.event_type == "agreement"]
    assert cand.alone and cand.head.text == "treaty"


def test_find_candidates_runs_every_family():
    """The one tuple of detectors reaches each family (a family left out of DETECTORS finds nothing)."""
    found = {
        c.event_type
        for rows in (
            SENT_TROOPS,
            SOLDIERS_JOINED_ARMY,
            MOSCOW_DENIED_REPORTS,
            SOLDIERS_KILLED_OR_WOUNDED,
            RUSSIA_AND_NORTH_KOREA_SIGNED,
        )
        for c in find_candidates(parse(rows)[:])
    }
    assert found == {"deployment", "enlistment", "denial", "casualty", "agreement"}


def test_the_parts_fill_every_column_once():
    """Every EventRow column comes from exactly one part (or is the row's own), so a new column cannot be
    left out of the assembly unseen."""
    from_parts = [name for part in PART_COLUMNS for name in get_type_hints(part)]
    assert len(from_parts) == len(set(from_parts))
    assert not set(from_parts) & set(ROW_COLUMNS)
    assert sorted(from_parts + list(ROW_COLUMNS)) == sorted(f.name for f in dataclasses.fields(EventRow))
