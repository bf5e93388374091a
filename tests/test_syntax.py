"""extractors/syntax.py on hand-built parses (spacy.blank + Doc(words=, heads=, deps=, pos=, tags=)), so a
change of the statistical parser cannot change what these tests check. Sentences are our own."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from extractors import syntax
from extractors.syntax import (
    ARGUMENT_DEPS,
    antecedent,
    child,
    clause_head,
    climb_to_verb,
    conjuncts,
    governing_verb,
    is_passive,
    is_relative_pronoun,
    is_root,
    nearest_verb,
    opens_clause,
    steps_to_clause,
    subject_of,
    verb_chain,
    word_in,
)

_LEMMAS = {"has": "have", "have": "have", "were": "be", "are": "be", "was": "be"}
_VOCAB = spacy.blank("en").vocab


def parse(rows: str) -> Doc:
    """One token a line: word dep head pos tag (head: the index of its head; the root is its own head)."""
    fields = [line.split() for line in rows.strip().splitlines()]
    words = [f[0] for f in fields]
    return Doc(
        _VOCAB,
        words=words,
        deps=[f[1] for f in fields],
        heads=[int(f[2]) for f in fields],
        pos=[f[3] for f in fields],
        tags=[f[4] for f in fields],
        lemmas=[_LEMMAS.get(w.lower(), w.lower()) for w in words],
    )


def tok(doc: Doc, word: str):
    return next(t for t in doc if t.text == word)


TROOPS_ARRIVED = """
Troops nsubj 1 NOUN NNS
arrived ROOT 1 VERB VBD
"""
CONFIRMED_DISPATCH = """
Pyongyang nsubj 1 PROPN NNP
confirmed ROOT 1 VERB VBD
the det 3 DET DT
dispatch dobj 1 NOUN NN
of prep 3 ADP IN
troops pobj 4 NOUN NNS
"""
WHO_FOUGHT = """
Troops nsubj 5 NOUN NNS
who nsubj 2 PRON WP
fought relcl 0 VERB VBD
in prep 2 ADP IN
Kursk pobj 3 PROPN NNP
returned ROOT 5 VERB VBD
"""
DEPLOYMENT_TO_KURSK = """
The det 1 DET DT
deployment ROOT 1 NOUN NN
to prep 1 ADP IN
Kursk pobj 2 PROPN NNP
"""
EXPECTED_TO_ARRIVE = """
Troops nsubjpass 2 NOUN NNS
are auxpass 2 AUX VBP
expected ROOT 2 VERB VBN
to aux 4 PART TO
arrive xcomp 2 VERB VB
in prep 4 ADP IN
spring pobj 5 NOUN NN
"""
NO_VERB = """
More amod 1 ADJ JJR
troops ROOT 1 NOUN NNS
in prep 1 ADP IN
Kursk pobj 2 PROPN NNP
in prep 1 ADP IN
October pobj 4 PROPN NNP
"""
BEGAN_ARRIVING = """
Troops nsubj 1 NOUN NNS
began ROOT 1 VERB VBD
arriving xcomp 1 VERB VBG
"""
SAID_ARRIVED = """
Officials nsubj 1 NOUN NNS
said ROOT 1 VERB VBD
troops nsubj 3 NOUN NNS
arrived ccomp 1 VERB VBD
on prep 3 ADP IN
Monday pobj 4 PROPN NNP
"""
ARRIVED_ON_MONDAY = """
Troops nsubj 1 NOUN NNS
arrived ROOT 1 VERB VBD
in prep 1 ADP IN
Kursk pobj 2 PROPN NNP
on prep 1 ADP IN
Monday pobj 4 PROPN NNP
"""
RUSSIA_AND_KOREA = """
Russia nsubj 4 PROPN NNP
and cc 0 CCONJ CC
North compound 3 PROPN NNP
Korea conj 0 PROPN NNP
signed ROOT 4 VERB VBD
"""
WHO_WERE_SENT = """
Troops nsubj 4 NOUN NNS
who nsubjpass 3 PRON WP
were auxpass 3 AUX VBD
sent relcl 0 VERB VBN
returned ROOT 4 VERB VBD
"""
WHICH_HAS_SENT = """
ties ROOT 0 NOUN NNS
between prep 0 ADP IN
Russia pobj 1 PROPN NNP
and cc 2 CCONJ CC
North compound 5 PROPN NNP
Korea conj 2 PROPN NNP
, punct 2 PUNCT ,
which nsubj 9 PRON WDT
has aux 9 AUX VBZ
sent relcl 2 VERB VBN
troops dobj 9 NOUN NNS
"""
SAID_THAT = """
Officials nsubj 1 NOUN NNS
said ROOT 1 VERB VBD
that mark 4 SCONJ IN
troops nsubj 4 NOUN NNS
left ccomp 1 VERB VBD
"""
WERE_SENT = """
Troops nsubjpass 2 NOUN NNS
were auxpass 2 AUX VBD
sent ROOT 2 VERB VBN
"""
HAS_SENT = """
Pyongyang nsubj 2 PROPN NNP
has aux 2 AUX VBZ
sent ROOT 2 VERB VBN
troops dobj 2 NOUN NNS
"""
SENT_TO_RUSSIA = """
Troops nsubj 4 NOUN NNS
sent acl 0 VERB VBN
to prep 1 ADP IN
Russia pobj 2 PROPN NNP
arrived ROOT 4 VERB VBD
"""
SENT_AND_DEPLOYED = """
Pyongyang nsubj 1 PROPN NNP
sent ROOT 1 VERB VBD
and cc 1 CCONJ CC
deployed conj 1 VERB VBD
troops dobj 3 NOUN NNS
"""
SENT_TO_FIGHT = """
Pyongyang nsubj 1 PROPN NNP
sent ROOT 1 VERB VBD
troops dobj 1 NOUN NNS
to aux 4 PART TO
fight advcl 1 VERB VB
"""
PLANS_TO_SEND = """
Pyongyang nsubj 1 PROPN NNP
plans ROOT 1 VERB VBZ
to aux 3 PART TO
send xcomp 1 VERB VB
troops dobj 3 NOUN NNS
"""
STOPPED_SHORT = """
Moscow nsubj 1 PROPN NNP
stopped ROOT 1 VERB VBD
short advmod 1 ADV RB
of prep 2 ADP IN
confirming pcomp 3 VERB VBG
it dobj 4 PRON PRP
"""
SAID_THAT_LEAVING = """
Officials nsubj 1 NOUN NNS
said ROOT 1 VERB VBD
that mark 3 SCONJ IN
leaving ccomp 1 VERB VBG
"""
IMPACT_OF_WORKERS = """
the det 1 DET DT
impact ROOT 1 NOUN NN
of prep 1 ADP IN
workers pobj 2 NOUN NNS
joining acl 1 VERB VBG
units dobj 4 NOUN NNS
"""
UNITS_DEPLOYED = """
units ROOT 0 NOUN NNS
deployed relcl 0 VERB VBN
"""


def chain(n: int, deps: tuple[str, str] = ("prep", "pobj")) -> Doc:
    """A verb, then n tokens each the child of the one before (alternating ``deps``): distance k at index k."""
    rows = ["went ROOT 0 VERB VBD"]
    for k in range(1, n + 1):
        dep = deps[(k - 1) % 2]
        rows.append(f"w{k} {dep} {k - 1} {'ADP' if dep == 'prep' else 'NOUN'} {'IN' if dep == 'prep' else 'NN'}")
    return parse("\n".join(rows))


def test_is_root_and_child():
    doc = parse(TROOPS_ARRIVED)
    assert is_root(doc[1]) and not is_root(doc[0])
    assert child(doc[1], "nsubj") == doc[0]
    assert child(doc[1], "dobj") is None
    assert child(doc[1], "dobj", "nsubj") == doc[0]


@pytest.mark.parametrize(
    "rows, start, options, expected",
    [
        (WHO_FOUGHT, "Kursk", {}, "fought"),
        (WHO_FOUGHT, "Troops", {}, "returned"),
        (WHO_FOUGHT, "Kursk", {"through": frozenset({"prep"})}, "Kursk"),  # a pobj may not pass
        (WHO_FOUGHT, "Kursk", {"through": frozenset({"prep", "pobj"})}, "fought"),
        (WHO_FOUGHT, "Kursk", {"limit": 1}, "in"),
        (WHO_FOUGHT, "fought", {}, "fought"),  # a verb is its own
        (DEPLOYMENT_TO_KURSK, "Kursk", {}, "deployment"),  # no verb: the climb ends at the root
        (EXPECTED_TO_ARRIVE, "spring", {"stop": frozenset({"prep"})}, "in"),  # stops at a stop dependency
    ],
)
def test_climb_to_verb(rows, start, options, expected):
    doc = parse(rows)
    assert climb_to_verb(tok(doc, start), **options).text == expected


@pytest.mark.parametrize(
    "rows, start, expected",
    [
        (CONFIRMED_DISPATCH, "troops", "confirmed"),
        (CONFIRMED_DISPATCH, "the", "the"),  # a det is no argument
        (CONFIRMED_DISPATCH, "confirmed", "confirmed"),
        (WHO_FOUGHT, "Kursk", "fought"),
    ],
)
def test_governing_verb(rows, start, expected):
    doc = parse(rows)
    assert governing_verb(tok(doc, start)).text == expected


def test_governing_verb_climbs_six_steps_at_most():
    doc = chain(8)
    assert governing_verb(doc[6]) == doc[0]
    assert governing_verb(doc[7]) == doc[1]  # stopped after six steps
    assert all(d in ARGUMENT_DEPS for d in ("prep", "pobj"))


@pytest.mark.parametrize(
    "rows, start, expected",
    [
        (WHO_FOUGHT, "Kursk", "fought"),  # the relative clause's verb, not the main verb
        (WHO_FOUGHT, "Troops", "returned"),
        (DEPLOYMENT_TO_KURSK, "Kursk", "Kursk"),  # no verb above: the token itself
        (DEPLOYMENT_TO_KURSK, "deployment", "deployment"),
        (SAID_ARRIVED, "Monday", "arrived"),
        (SENT_TO_RUSSIA, "Russia", "sent"),
    ],
)
def test_clause_head(rows, start, expected):
    doc = parse(rows)
    assert clause_head(tok(doc, start)).text == expected


def test_clause_head_stops_below_a_clause_dependency_that_is_no_verb():
    # a noun on a clause dependency (a parse slip: "deal" as an acl) keeps "May" out of the clause of "signed"
    doc = parse(
        """
        signed ROOT 0 VERB VBD
        deal acl 0 NOUN NN
        in prep 1 ADP IN
        May pobj 2 PROPN NNP
        """
    )
    assert clause_head(doc[3]) == doc[3]
    assert governing_verb(doc[3]) == doc[1]  # acl is no argument dependency either


def test_nearest_verb():
    doc = parse(EXPECTED_TO_ARRIVE)
    assert nearest_verb(tok(doc, "spring")).text == "arrive"
    assert nearest_verb(tok(doc, "expected")).text == "expected"
    doc = parse(NO_VERB)
    assert nearest_verb(tok(doc, "October")) is None


def test_nearest_verb_looks_seven_steps_up():
    doc = chain(9)
    assert nearest_verb(doc[7]) == doc[0]
    assert nearest_verb(doc[8]) is None
    assert nearest_verb(doc[8], limit=8) == doc[0]


def test_verb_chain():
    doc = parse(BEGAN_ARRIVING)
    assert [t.text for t in verb_chain(tok(doc, "arriving"))] == ["arriving", "began"]
    assert [t.text for t in verb_chain(tok(doc, "began"))] == ["began"]
    doc = parse(EXPECTED_TO_ARRIVE)
    assert [t.text for t in verb_chain(tok(doc, "to"))] == ["to", "arrive", "expected"]  # aux → xcomp → root
    assert [t.text for t in verb_chain(tok(doc, "arrive"), through=frozenset({"aux"}))] == ["arrive"]


def test_opens_clause():
    doc = parse(SAID_ARRIVED)
    assert opens_clause(tok(doc, "arrived")) and opens_clause(tok(doc, "said"))
    assert not opens_clause(tok(doc, "on")) and not opens_clause(tok(doc, "Monday"))
    assert not opens_clause(parse(NO_VERB)[1])  # a noun root
    assert opens_clause(parse("Ready ROOT 0 ADJ JJ\nfor prep 0 ADP IN\nwar pobj 1 NOUN NN")[0])  # an adjective root


@pytest.mark.parametrize(
    "rows, start, heads, expected",
    [
        (ARRIVED_ON_MONDAY, "Monday", {"arrived"}, 2),
        (ARRIVED_ON_MONDAY, "Kursk", {"arrived"}, 2),
        (ARRIVED_ON_MONDAY, "Monday", {"on"}, 1),
        (SAID_ARRIVED, "Monday", {"arrived"}, 2),
        (SAID_ARRIVED, "Monday", {"said"}, None),  # crossing "arrived" leaves its clause
        (NO_VERB, "October", set(), None),  # the root reached: the climb ends (it once looped forever)
        (NO_VERB, "October", {"troops"}, 2),
    ],
)
def test_steps_to_clause(rows, start, heads, expected):
    doc = parse(rows)
    assert steps_to_clause(tok(doc, start), {tok(doc, h).i for h in heads}) == expected


def test_conjuncts():
    doc = parse(RUSSIA_AND_KOREA)
    assert [t.text for t in conjuncts(doc[0])] == ["Russia", "Korea"]
    assert [t.text for t in conjuncts(doc[3])] == ["Korea"]


@pytest.mark.parametrize(
    "rows, pronoun, expected",
    [
        (WHO_WERE_SENT, "who", "Troops"),
        (WHICH_HAS_SENT, "which", "Korea"),  # of a coordination, the conjunct just before the pronoun
        (WHO_FOUGHT, "who", "Troops"),
    ],
)
def test_antecedent_of_a_relative_pronoun(rows, pronoun, expected):
    doc = parse(rows)
    assert is_relative_pronoun(tok(doc, pronoun))
    assert antecedent(tok(doc, pronoun)).text == expected


def test_antecedent_leaves_other_tokens():
    doc = parse(SAID_THAT)
    that = tok(doc, "that")
    assert not is_relative_pronoun(that)  # a complementizer, not a relative pronoun
    assert antecedent(that) == that
    doc = parse(WHO_WERE_SENT)
    assert antecedent(doc[0]) == doc[0]


@pytest.mark.parametrize(
    "rows, verb, expected",
    [
        (WERE_SENT, "sent", True),  # auxpass and nsubjpass
        (SENT_TO_RUSSIA, "sent", True),  # a participle modifying a noun
        (WHO_WERE_SENT, "sent", True),
        (HAS_SENT, "sent", False),  # the perfect
        (WHICH_HAS_SENT, "sent", False),
        (SENT_AND_DEPLOYED, "sent", False),  # VBD
        (UNITS_DEPLOYED, "deployed", True),  # a reduced relative
        (EXPECTED_TO_ARRIVE, "arrive", False),
    ],
)
def test_is_passive(rows, verb, expected):
    doc = parse(rows)
    assert is_passive(tok(doc, verb)) is expected


def _named(*words: str):
    return lambda t: t.text in words


@pytest.mark.parametrize(
    "rows, verb, options, expected",
    [
        (HAS_SENT, "sent", {}, "Pyongyang"),  # its own
        (WHO_WERE_SENT, "sent", {}, "Troops"),  # a relative pronoun resolved
        (WHICH_HAS_SENT, "sent", {}, "Korea"),
        (SENT_AND_DEPLOYED, "deployed", {}, "Pyongyang"),  # conj inherits
        (PLANS_TO_SEND, "send", {}, "Pyongyang"),  # xcomp inherits (no object above)
        (SENT_TO_FIGHT, "fight", {}, "troops"),  # a purpose clause: the object sent
        (SENT_TO_FIGHT, "fight", {"people": _named()}, "Pyongyang"),  # ... only when it names people
        (SENT_TO_RUSSIA, "sent", {}, "Troops"),  # a participle: the noun it modifies
        (UNITS_DEPLOYED, "deployed", {}, "units"),  # a relative clause without a subject
        (STOPPED_SHORT, "confirming", {}, "Moscow"),  # over the preposition and adverb to the verb
        (SAID_THAT_LEAVING, "leaving", {}, None),  # a ccomp inherits nothing
        (IMPACT_OF_WORKERS, "joining", {}, "impact"),
        (IMPACT_OF_WORKERS, "joining", {"people": _named("workers"), "doer_noun": _named("workers")}, "workers"),
        (IMPACT_OF_WORKERS, "joining", {"people": _named(), "doer_noun": _named("workers")}, None),
        (TROOPS_ARRIVED, "Troops", {}, None),
    ],
)
def test_subject_of(rows, verb, options, expected):
    doc = parse(rows)
    got = subject_of(tok(doc, verb), **options)
    assert (got.text if got is not None else None) == expected


def test_subject_is_inherited_four_verbs_up_at_most():
    rows = ["Pyongyang nsubj 1 PROPN NNP", "v0 ROOT 1 VERB VBD"]
    rows += [f"v{k} conj {k} VERB VBD" for k in range(1, 6)]  # v1 (index 2) is the conj of v0 (index 1) ...
    doc = parse("\n".join(rows))
    assert syntax.SUBJECT_DEPTH == 4
    assert subject_of(tok(doc, "v4")).text == "Pyongyang"
    assert subject_of(tok(doc, "v5")) is None


def test_word_in_matches_the_lemma_or_the_form_itself():
    doc = parse(
        """
        Troops  nsubj 1 NOUN NNS
        were    ROOT  1 AUX  VBD
        staged  acomp 1 VERB VBN
        """
    )
    assert word_in(doc[1], {"be"})  # by its lemma
    assert word_in(doc[1], {"were"})  # by its own form, though its lemma is "be"
    assert not word_in(doc[1], {"is", "was"}) and not word_in(doc[0], {"troop", "soldiers"})
