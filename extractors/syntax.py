"""Grammar helpers over a spaCy dependency parse, shared by every extractor.

One clause climber, the subject of a verb (inherited through conj/xcomp), relative pronouns resolved to
the noun they stand for, and the passive test. Nothing here knows an event type or a lexicon: where a
rule needs to know whether a noun names people, the caller passes that test in.

Each docstring's example is a case of tests/test_syntax.py, which builds its parse by hand.
"""

from __future__ import annotations

from typing import Callable, Iterable, Optional

from spacy.tokens import Token

VERB_POS = frozenset({"VERB", "AUX"})
NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})

# A nominal's way up to the verb whose argument it is: the climb from an argument passes through these
# and stops at any other dependency ("the deployment of troops to Russia": pobj → prep → dobj → verb).
ARGUMENT_DEPS = frozenset(
    {"pobj", "prep", "dobj", "attr", "nsubj", "nsubjpass", "appos", "conj", "compound", "pcomp", "oprd", "npadvmod"}
)
# Dependencies that open a clause of their own: a climb stops below them (a place or a date in a
# relative or purpose clause belongs to that clause's verb, not to the verb above it).
CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "conj", "acl", "parataxis", "csubj", "xcomp", "pcomp"})
CLAUSE_OR_ROOT_DEPS = CLAUSE_DEPS | {"ROOT"}
# A verb's auxiliaries and the verb it is the open complement of: one clause ("began arriving").
VERB_CHAIN_DEPS = frozenset({"xcomp", "auxpass", "aux"})
# What a gerund under a preposition climbs over to its verb ("stopped short of confirming").
PCOMP_CLIMB_DEPS = frozenset({"prep", "advmod", "acomp", "pcomp", "pobj"})
# Clauses whose subject is inherited from the verb above (a ccomp has its own, or none).
INHERITING_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp"})
# Participles that modify or continue another word: passive without an auxiliary ("troops sent to Russia").
_REDUCED_PASSIVE_DEPS = frozenset({"acl", "amod", "pcomp", "advcl", "conj", "xcomp", "relcl"})
SUBJECT_DEPTH = 4  # verbs climbed when a subject is inherited


def word_in(t: Token, words: Iterable[str] | frozenset[str]) -> bool:
    """Is the token, by its lemma or by its own lower-case form, one of ``words`` (a lexicon list holds
    forms the lemmatizer maps elsewhere, "staged", "retook")? ``word_in(t, {"stage"})``."""
    return t.lemma_.lower() in words or t.lower_ in words


def is_root(token: Token) -> bool:
    """The token heads its sentence (spaCy's root is its own head; Tokens are made afresh, so compare positions).

    Example: in "Troops arrived", "arrived" is the root and "Troops" is not.
    """
    return token.head.i == token.i


def child(token: Token, *deps: str) -> Optional[Token]:
    """The first child of ``token`` with one of the dependencies ``deps``.

    Example: in "Troops arrived", child(arrived, "nsubj") is "Troops"; child(arrived, "dobj") is None.
    """
    return next((c for c in token.children if c.dep_ in deps), None)


def climb_to_verb(
    token: Token,
    *,
    through: Optional[frozenset[str]] = None,
    stop: frozenset[str] = frozenset(),
    limit: Optional[int] = None,
) -> Token:
    """The first verb on the head chain from ``token`` (``token`` itself when it is one), or the token where
    the climb stopped: at the root, at a token whose dependency is not in ``through`` (when given) or is in
    ``stop``, or after ``limit`` steps. Callers that need a verb test the result's ``pos_``.

    Example: in "Troops who fought in Kursk returned", climb_to_verb(Kursk) is "fought", and from "Troops"
    it is "returned"; with ``through=frozenset({"prep"})`` the climb from "Kursk" (a pobj) stays at "Kursk".
    """
    t = token
    steps = 0
    while (
        t.pos_ not in VERB_POS
        and not is_root(t)
        and (through is None or t.dep_ in through)
        and t.dep_ not in stop
        and (limit is None or steps < limit)
    ):
        t = t.head
        steps += 1
    return t


def governing_verb(token: Token) -> Token:
    """The verb whose clause holds ``token`` as an argument (the token itself when it is a verb, or where the
    argument chain ends within six steps).

    Example: in "Pyongyang confirmed the dispatch of troops", the governing verb of "troops" (pobj → prep →
    dobj) is "confirmed"; of "the" (a det, no argument) it is "the".
    """
    return climb_to_verb(token, through=ARGUMENT_DEPS, limit=6)


def clause_head(token: Token) -> Token:
    """The verb whose clause holds ``token`` without leaving it through a clause-opening dependency; the token
    itself when there is none (a verb is its own clause head).

    Example: in "Troops who fought in Kursk returned", the clause head of "Kursk" is "fought" (the relative
    clause), of "Troops" "returned"; in the verbless "The deployment to Kursk", of "Kursk" it is "Kursk".
    """
    head = climb_to_verb(token, stop=CLAUSE_DEPS)
    return head if head.pos_ in VERB_POS else token


def nearest_verb(token: Token, *, limit: int = 7) -> Optional[Token]:
    """The nearest verb at or above ``token`` within ``limit`` steps, whatever the dependencies; None at the root.

    Example: in "Troops are expected to arrive in spring", the nearest verb of "spring" is "arrive"; in the
    verbless "More troops in Kursk in October", of "October" there is none.
    """
    verb = climb_to_verb(token, limit=limit)
    return verb if verb.pos_ in VERB_POS else None


def verb_chain(token: Token, *, through: frozenset[str] = VERB_CHAIN_DEPS) -> list[Token]:
    """``token`` and the heads above it reached through ``through`` (by default the verbs that make one
    clause with it: an auxiliary's verb, the verb an open complement completes).

    Example: in "Troops began arriving", the chain of "arriving" (an xcomp) is ["arriving", "began"].
    """
    chain = [token]
    t = token
    while t.dep_ in through and not is_root(t):
        t = t.head
        chain.append(t)
    return chain


def opens_clause(token: Token) -> bool:
    """A verb, or a non-nominal word on a clause-opening dependency: a climb crossing it leaves the clause.

    Example: in "Officials said troops arrived on Monday", "arrived" (a ccomp) opens a clause, "on" does not.
    """
    return token.pos_ in VERB_POS or token.dep_ in CLAUSE_OR_ROOT_DEPS and token.pos_ not in NOMINAL_POS


def steps_to_clause(token: Token, heads: set[int]) -> Optional[int]:
    """How many steps up from ``token`` reach a token whose index is in ``heads`` without crossing into
    another clause (see ``opens_clause``); None when the climb leaves the clause or reaches the root first.

    Example: in "Troops arrived in Kursk on Monday", "Monday" reaches "arrived" in 2 steps; in "Officials said
    troops arrived on Monday" it reaches "arrived" in 2, and "said" never (it would cross "arrived").
    """
    tok = token
    steps = 0
    while not is_root(tok):
        tok = tok.head
        steps += 1
        if tok.i in heads:
            return steps
        if opens_clause(tok):
            return None
    return None


def conjuncts(token: Token) -> list[Token]:
    """``token`` and every conjunct below it, in text order.

    Example: in "Russia and North Korea signed", the conjuncts of "Russia" are ["Russia", "Korea"].
    """
    out, stack = [], [token]
    while stack:
        x = stack.pop()
        out.append(x)
        stack.extend(c for c in x.children if c.dep_ == "conj")
    return sorted(out, key=lambda x: x.i)


def is_relative_pronoun(token: Token) -> bool:
    """ "who", "which" or "that" opening a relative clause.

    Example: "who" in "Troops who were sent returned" is one; "that" in "Officials said that troops left" is not.
    """
    return token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl"


def antecedent(token: Token) -> Token:
    """The noun a relative pronoun stands for (the noun its clause modifies: "troops who were sent" → "troops";
    of a coordination, the conjunct just before the pronoun: "ties between Russia and North Korea, which has
    sent troops" → "Korea"); any other token is returned as it is.

    Example: in "Troops who were sent returned", the antecedent of "who" is "Troops" (and of "Troops",
    "Troops").
    """
    if not is_relative_pronoun(token):
        return token
    noun = token.head.head
    before = [c for c in conjuncts(noun) if c.i < token.i]
    return before[-1] if before else noun


def is_passive(verb: Token) -> bool:
    """A passive verb: a passive subject or auxiliary, or a participle without "have" that modifies or continues
    another word ("troops sent to Russia") or has a subject the parser took for an active one.

    Example: "sent" is passive in "Troops were sent" (auxpass) and in "Troops sent to Russia arrived" (a
    participle modifying "Troops"), not in "Pyongyang has sent troops" (the perfect).
    """
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    if verb.tag_ == "VBN" and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children):
        subj = child(verb, "nsubj")
        if verb.dep_ == "relcl" and subj is not None and not is_relative_pronoun(subj) and subj.pos_ in ("PROPN", "NOUN", "PRON"):
            return False  # "the 11,000 soldiers North Korea provided": an object relative, its subject the doer
        return verb.dep_ in _REDUCED_PASSIVE_DEPS or subj is not None
    return False


def _anyone(token: Token) -> bool:
    return True


def subject_of(
    verb: Token,
    *,
    people: Callable[[Token], bool] = _anyone,
    doer_noun: Callable[[Token], bool] = _anyone,
    depth: int = 0,
) -> Optional[Token]:
    """The subject of ``verb``: its own (a relative pronoun resolved, see ``antecedent``), the noun a participle
    or relative clause modifies, or the subject inherited from the verb above through xcomp, conj, advcl,
    pcomp or acomp (a ccomp inherits none).

    ``people`` tells whether a noun names people: a "to" purpose clause's doer is the object of the verb above
    when it does ("sent troops to fight" → "troops"), and a gerund's doer is such an "of" object or the
    possessive when the noun it modifies is not ``doer_noun`` ("the impact of workers' joining" → "workers").

    Example: in "Pyongyang sent and deployed troops", "deployed" (a conj) inherits "Pyongyang"; in "Pyongyang
    sent troops to fight", the subject of "fight" is "troops" (or "Pyongyang" when ``people`` says troops are not).
    """
    s = child(verb, *SUBJECT_DEPS)
    if s is not None:
        return antecedent(s)
    if verb.dep_ in ("acl", "amod") and verb.head.pos_ in NOMINAL_POS:
        if verb.tag_ == "VBG" and not doer_noun(verb.head):
            of = [o for p in verb.head.children if p.dep_ in ("prep", "dative", "agent") and p.lower_ == "of" for o in _pobjs(p)]
            return next((o for o in of if people(o)), None) or child(verb.head, "poss")
        return verb.head
    if verb.dep_ == "relcl":
        return verb.head
    if depth < SUBJECT_DEPTH and verb.dep_ in INHERITING_DEPS and not is_root(verb):
        if verb.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            obj = child(verb.head, "dobj")
            if obj is not None and people(obj):
                return obj
        if verb.dep_ == "ccomp":
            return None
        up = climb_to_verb(verb.head, through=PCOMP_CLIMB_DEPS) if verb.dep_ == "pcomp" else verb.head
        return subject_of(up, people=people, doer_noun=doer_noun, depth=depth + 1)
    return None


def _pobjs(prep: Token) -> Iterable[Token]:
    pobj = child(prep, "pobj")
    return () if pobj is None else (pobj,)
