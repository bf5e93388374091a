"""How an event is framed in its sentence: polarity, modality and attribution (source), read off the parse.

Cue words come from the event lexicon (data/triggers.toml, section ``cues``).
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Span, Token

from extractors.lexicon import lexicon

from extractors.syntax import child as _child, governing_verb  # the verb a nominal trigger is an argument of

_CONTENT = {"ccomp", "xcomp", "dobj", "parataxis", "conj", "oprd", "attr", "acomp", "advcl"}
_SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}


def modal_chain(trigger: Token) -> list[Token]:
    """The trigger's clause and the clauses it is the complement of via xcomp ("plans to send", "believed to have")."""
    chain = [trigger]
    verb = governing_verb(trigger)
    if verb != trigger and verb.lemma_.lower() in lexicon().cues.reporting_verbs | lexicon().cues.negating_predicates:
        return chain  # "has not confirmed the deployment of ...": the statement's framing is not the fact's
    if verb != trigger:
        chain.append(verb)
    t = verb
    # the fact under "never acknowledged sending ..." is not framed by the statement verb
    statements = lexicon().confirmation.verbs | lexicon().denial.verbs | lexicon().cues.negating_predicates
    while t.dep_ in ("xcomp", "acomp") and t.head != t and t.head.lemma_.lower() not in statements:
        t = t.head
        chain.append(t)
        if t.pos_ == "ADJ" and t.dep_ == "acomp":  # "likely to", "ready to": the copula carries aux/neg
            t = t.head
            chain.append(t)
    return chain


def _negated_here(t: Token) -> bool:
    negation = lexicon().cues.negation
    children = list(t.children)
    # "has neither denied nor confirmed them": both verbs are negated
    if any(c.dep_ == "preconj" and c.lower_ in negation.preconjunctions for c in children):
        return True
    if t.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ in negation.conjunctions for c in list(t.head.children) + children):
        return True
    if any(c.dep_ == "neg" for c in children):
        # "should not have been sent": a judgement that it happened, not a negation of it
        auxes = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
        return not (negation.judgement_aux & auxes and "have" in auxes)
    for c in children:
        if c.dep_ in _SUBJECTS or c.dep_ in ("dobj", "attr") and t.pos_ in ("VERB", "AUX"):
            if any(g.lower_ in negation.determiners and g.dep_ in ("det", "preconj", "neg") for g in c.children):
                return True
            if c.lower_ in negation.pronouns:
                return True
        if c.dep_ == "det" and c.lower_ in negation.noun_determiners and t.pos_ in ("NOUN", "PROPN"):
            return True
    return False


def polarity(trigger: Token, *, is_statement: bool = False, within: Optional[Span] = None) -> str:
    """'negated' when the trigger's clause is negated, failed, or presented as false ("no evidence that", "denied that")."""
    cues = lexicon().cues.negating_predicates
    failures = lexicon().cues.failure_verbs
    chain = modal_chain(trigger)
    for t in chain:
        if _negated_here(t):
            return "negated"
        if t != trigger and t.lemma_.lower() in failures:
            return "negated"
    # climb beyond the clause: content clauses under "no evidence", "denied", "stopped short of"
    lo, hi = (within.start, within.end) if within is not None else (0, len(trigger.doc))
    prev, t = chain[-1], chain[-1].head
    reported = False  # the climb went through a claim's own reporting verb ("reports indicating that ...")
    for _ in range(8):
        if t == prev or not lo <= t.i < hi:
            break
        lemma = t.lemma_.lower()
        if (
            not is_statement
            and not reported
            and prev.dep_ in ("dobj", "nsubjpass")
            and prev.lemma_.lower() in lexicon().denial.claim_nouns
            and lemma in cues
        ):
            # the content of a claim that is denied: "disputed reports that troops had arrived",
            # "dismissed claims of sending troops" (a denial negated leaves it standing); when the sentence
            # names who claimed it ("dismissed Polish assertions that ...", "denied Russia's claim to have
            # driven ..."), the claim stands as that claimant's, affirmed (corpus README)
            if named_claimant(prev) is not None:
                return "affirmed"
            return "affirmed" if _negated_here(t) else "negated"
        if prev.dep_ not in _SUBJECTS:
            if lemma in cues and not is_statement and prev.dep_ in _CONTENT | {"pcomp"} and not reported:
                # "did not deny that troops were in Russia": a denial negated leaves the fact standing
                return "affirmed" if _negated_here(t) else "negated"
            if lemma in lexicon().cues.reporting_verbs and lemma not in cues and t.pos_ in ("VERB", "AUX"):
                reported = True
            if lemma in lexicon().confirmation.evidence_nouns and _negated_here(t):
                return "negated"
            if lemma in lexicon().cues.failure_words or lemma in failures:
                return "negated"
            if (
                t.pos_ in ("VERB", "AUX")
                and lemma in ("find", "see", "have", "show", "be")
                and _negated_here(t)
                and any(c.lemma_.lower() in lexicon().confirmation.evidence_nouns for c in t.children)
            ):
                return "negated"
        if t.dep_ == "ROOT":
            break
        prev, t = t, t.head
    return "affirmed"


def modality(trigger: Token, *, is_statement: bool = False) -> str:
    """asserted, believed, possible or planned — the innermost cue wins. For a statement, "can"/"could" are
    ability, not possibility ("I can confirm", "could not confirm" are asserted)."""
    belief_verbs, belief_words = lexicon().cues.belief_verbs, lexicon().cues.belief_words
    possible_aux, possible_words = lexicon().cues.possible_aux, lexicon().cues.possible_words
    planned_aux, plan_verbs = lexicon().cues.planned_aux, lexicon().cues.plan_verbs
    planned_words = lexicon().cues.planned_words
    question_marks = lexicon().confirmation.question_marks
    chain = modal_chain(trigger)
    here = [trigger, *(c for c in trigger.children if c.dep_ == "prep")]  # "engineers already in Russia"
    if trigger.pos_ not in ("VERB", "AUX") and any(
        c.dep_ == "advmod" and c.lower_ in lexicon().cues.actual_words for t in here for c in t.children
    ):
        chain = [trigger]  # "with 1,000 engineers already in Russia": a state now, not under the sentence's plan
    # grammatical cues (auxiliaries, governing verbs, "if") first, then modifier words, innermost first
    for t in chain:
        lemma = t.lemma_.lower()
        if t != trigger:
            if lemma in plan_verbs:
                return "planned"
            if lemma in belief_verbs or lemma in belief_words:
                return "believed"
            if lemma in possible_words:
                return "possible"
        for c in t.children:
            cl = c.lower_
            if c.dep_ == "aux" and cl in possible_aux and not (is_statement and t == trigger and cl in ("can", "could")):
                return "possible"
            if c.dep_ == "aux" and cl in planned_aux:
                return "planned"
            if c.dep_ == "mark" and cl in ("if", "unless"):
                return "possible"
            if c.dep_ == "mark" and cl in question_marks and not is_statement:
                return "possible"  # "it is unclear whether troops were sent": asked about, not reported
    for t in chain:
        for c in t.children:
            cl = c.lower_
            if c.dep_ in ("advmod", "amod") and cl in belief_words:
                return "believed"
            if c.dep_ in ("advmod", "amod") and cl in possible_words:
                return "possible"
            if c.dep_ in ("amod",) and cl in planned_words:
                return "planned"
    # "North Korea's plans to send troops", "the decision to dispatch workers"
    if trigger.dep_ == "acl" and trigger.head.lemma_.lower() in lexicon().cues.plan_nouns:
        return "planned"
    # "is sending 5,000 workers": announced, not yet done (corpus README)
    if (
        trigger.tag_ == "VBG"
        and trigger.lemma_.lower() in lexicon().deployment.verbs
        and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") and c.lemma_ == "be" for c in trigger.children)
    ):
        return "planned"
    # "are going to send"
    for t in chain:
        if t.lemma_ == "go" and t.tag_ == "VBG" and t != trigger:
            return "planned"
    # content clause of a belief verb: "officials believe (that) troops were sent"
    top = chain[-1]
    if top.dep_ == "ccomp" and top.head.lemma_.lower() in belief_verbs:
        return "believed"
    return "asserted"


def _speaker(verb: Token, lo: int = 0, hi: int | None = None) -> Optional[Token]:
    """The nearest subject of a reporting verb inside [lo, hi) (a glued parse can attach stray subjects)."""
    hi = len(verb.doc) if hi is None else hi
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and lo <= c.i < hi]
    if subjects:
        return min(subjects, key=lambda c: abs(c.i - verb.i))
    for c in verb.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def _according_to(t: Token) -> Optional[Token]:
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in lexicon().cues.according:
            for to in c.children:
                if to.lower_ == "to":
                    return _attribution_object(to)
        if c.dep_ == "prep" and c.lower_ == "to" and c.head.lower_ in lexicon().cues.according:
            return _attribution_object(c)
    return None


def _attribution_object(to: Token) -> Optional[Token]:
    obj = next((g for g in to.children if g.dep_ == "pobj"), None)
    if obj is not None and obj.lemma_.lower() in lexicon().cues.according_not_sources:
        return None  # "according to the order": not who said it
    return obj


def named_claimant(claim: Token) -> Optional[Token]:
    """Who a claim noun says made the claim: "Russia's claim" (Russia), "a claim by Seoul" (Seoul), "South
    Korean assertions" (the noun, its country in its modifier); None for a bare "claims" or "reports"."""
    if claim.lemma_.lower() not in lexicon().denial.claim_nouns:
        return None
    for c in claim.children:
        if c.dep_ == "poss":
            return c
        if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from") and (o := _child(c, "pobj")):
            return o
        if c.dep_ in ("amod", "compound") and (c.ent_type_ in ("NORP", "GPE") or c.pos_ == "PROPN"):
            return claim
    return None


def source_head(trigger: Token, within: Optional[Span] = None) -> Optional[Token]:
    """Head token of who the sentence says reported the event: "X said", "according to X", "X showed", the
    named claimant of a claim it is the content of ("dismissed Seoul's claim that ...")."""
    reporting = lexicon().cues.reporting_verbs
    lo, hi = (within.start, within.end) if within is not None else (0, len(trigger.doc))
    prev, t = trigger, trigger
    seen = 0
    while seen < 12 and lo <= t.i < hi:
        if (found := _according_to(t)) is not None:
            return found
        if t != trigger and prev.dep_ in ("acl", "ccomp", "relcl") and (claimant := named_claimant(t)) is not None:
            return claimant
        if t != trigger and t.lemma_.lower() in reporting and prev.dep_ in _CONTENT and t.pos_ in ("VERB", "AUX"):
            speaker = _speaker(t, lo, hi)
            if speaker is not None:
                return speaker
        if t.head == t:
            break
        prev, t = t, t.head
        seen += 1
    # "..., X said." attached below the clause root
    root = t if lo <= t.i < hi else prev
    for c in root.children:
        if c.dep_ in ("parataxis", "ccomp", "advcl", "conj") and c.lemma_.lower() in reporting and trigger.i < c.i < hi:
            if not any(d.dep_ == "ccomp" for d in c.children) and (speaker := _speaker(c, lo, hi)) is not None:
                return speaker
    # the tree of a sentence glued to its neighbours may not reach its reporting verb: take the
    # sentence's own top-level reporting verb, unless the event sits in that verb's subject
    exited = not lo <= t.i < hi  # the walk left the sentence: its tree is glued to a neighbour's
    for r in trigger.doc[lo:hi] if within is not None and exited else ():
        if r.i == trigger.i or r.lemma_.lower() not in reporting or r.pos_ != "VERB":
            continue
        if r.dep_ == "ROOT" or not lo <= r.head.i < hi:
            speaker = _speaker(r, lo, hi)
            if speaker is not None and trigger not in speaker.subtree:
                return speaker
    return None
