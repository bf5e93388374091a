"""Statement detectors: confirmations ("Seoul confirmed the deployment"), denials ("Moscow denied the
reports") and claims labelled false ("such groundless rumors")."""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from spacy.tokens import Span, Token

from extractors.actors import PRONOUNS, country_mentions, is_people, resolve_party
from extractors.coref import PERSON_PRONOUNS  # a person speaking, never a newsroom (a newsroom writes "we")
from extractors.events.candidates import (
    FACT_TYPES,
    Candidate,
    agent,
    prep_objects,
    subject_of,
)
from extractors.framing import modality, polarity, source_head
from extractors.lexicon import lexicon
from extractors.syntax import child as _child, is_passive as _is_passive, word_in
from schemas.vocab import STATEMENT_TYPES

__all__ = ["detect_confirmation", "detect_denial", "detect_claim_label", "open_question", "contrary_versions"]

_STATEMENT_HEADS = ("official", "government", "intelligence", "military", "media")


def _speaker_of_noun(noun: Token) -> Optional[Token]:
    """Who made a statement named by a noun: "North Korea's admission", "the denial by Pyongyang"; an "of"
    object only when it is a party ("the admission of the deployment" says what was admitted, not by whom);
    the subject of the verb that issued it ("the mission issued a denial")."""
    poss = _child(noun, "poss")
    if poss is not None:
        return poss
    by = prep_objects(noun, ("by", "from"))
    if by:
        return by[0]
    of = next(iter(prep_objects(noun, ("of",))), None)
    if of is not None and (resolve_party(of).country or resolve_party(of).kind in _STATEMENT_HEADS):
        return of
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in lexicon().statements.issue_verbs:
        return subject_of(noun.head)  # "an official at the mission issued the denial"
    return None


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
    return _names_a_fact(obj) or any(_names_a_fact(o) for o in prep_objects(obj, ("of", "about", "on")))


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


def _newsroom(t: Token) -> bool:
    """A news outlet ("The Kyiv Independent", "the newspaper"), not a government or its people ("she
    declined to confirm" is a person's silence)."""
    if t.lower_ in PERSON_PRONOUNS:
        return False
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
        return agent(t)
    return subject_of(t)


def detect_confirmation(t: Token, sentence: Span) -> list[Candidate]:
    lemma = t.lemma_.lower()
    if t.tag_.startswith("VB") and (lemma in lexicon().confirmation.verbs or lemma in lexicon().confirmation.negated_only):
        if any(c.dep_ == "mark" and c.lower_ in lexicon().confirmation.conditional_marks for c in t.children):
            return []
        if _describes_a_noun(t):
            return []  # "5 confirmed cases", "379 confirmed and 47 probable", "the seats confirmed"
        if _is_passive(t) and agent(t) is None and lemma not in lexicon().confirmation.negated_only:
            return []  # "two cases were confirmed": no one states it
        if lemma in lexicon().confirmation.negated_only and polarity(t, is_statement=True) != "negated":
            return []
        if not _about_a_fact(t):
            return []
        speaker = _statement_speaker(t)
        if speaker is not None and _a_fact_not_a_party(speaker):
            return []  # "This case once again confirms that ...": a fact bearing out another, no one confirming
        if lemma in lexicon().confirmation.party_verbs and (speaker is None or resolve_party(speaker).country is None):
            return []  # "the award recognizes the work of nurses": no state's word
        if (
            lemma in lexicon().confirmation.newsroom_verbs
            and polarity(t, is_statement=True) == "negated"
            and (speaker is None or _newsroom(speaker))
        ):
            return []  # "The Kyiv Independent could not verify the claims": a newsroom caveat, not a party's silence
        return [Candidate("confirmation", t, t.i, t.i + 1, actor=speaker)]
    if t.pos_ == "NOUN" and lemma in lexicon().confirmation.nouns and t.dep_ != "compound":
        actor = _speaker_of_noun(t)
        content = next(iter(prep_objects(t, ("of",))), None)
        if (
            actor is None
            and not (content is not None and _names_a_fact(content))
            and not any(c.dep_ in ("acl", "ccomp", "relcl") for c in t.children)
        ):
            # "hospital admissions", "confirmation of cases", "The admission comes days after ...": no one's
            # statement about a fact
            return []
        return [Candidate("confirmation", t, t.i, t.i + 1, actor=actor)]
    if t.tag_.startswith("VB") and (
        lemma in lexicon().confirmation.evasion_verbs or lemma in lexicon().confirmation.question_verbs
    ):
        obj = _child(t, "dobj")
        if (
            obj is not None
            and obj.lemma_.lower() in lexicon().confirmation.question_nouns
            and (lemma in lexicon().confirmation.evasion_verbs or polarity(t, is_statement=True) == "negated")
        ):
            # "dodged questions about the troops", "avoided answering questions on the deployment" — by
            # someone ("no one would answer our questions" is no party's silence)
            who = _statement_speaker(t)
            if who is not None and who.lower_ not in ("nobody", "none") and not any(c.lower_ == "no" for c in who.children):
                return [Candidate("confirmation", t, t.i, t.i + 1, actor=who, negated=True)]
            return []
    if t.tag_.startswith("VB") and lemma in lexicon().confirmation.question_verbs and open_question(t) is not None:
        # "Putin didn't say whether North Korean troops were in Russia": the question is left open
        if polarity(t, is_statement=True) == "negated":
            return [Candidate("confirmation", t, t.i, t.i + 1, actor=_statement_speaker(t), negated=True)]
        return []
    if t.tag_.startswith("VB") and lemma in lexicon().confirmation.disclosure_verbs:
        published = _published_evidence(t)
        speaker = _statement_speaker(t)
        if published and speaker is not None and resolve_party(speaker).kind in lexicon().confirmation.evidence_speakers:
            return [Candidate("confirmation", t, t.i, t.i + 1, actor=speaker)]
    silence = lexicon().confirmation.silence_adjectives
    if t.pos_ == "ADJ" and lemma in silence and t.dep_ in ("acomp", "oprd", "xcomp") and t.head.lemma_.lower() in silence[lemma]:
        # "Pyongyang is keeping silent": a negated confirmation, by a party ("the streets stayed quiet" is none)
        who = subject_of(t.head)
        if who is not None and who.lower_ not in PRONOUNS:
            party = resolve_party(who)
            if party.country is None and party.kind not in _STATEMENT_HEADS:
                return []
        return [Candidate("confirmation", t, t.head.i, t.i + 1, actor=who, negated=True)]
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
            if polarity(t, is_statement=True) == "negated":
                # "the reports were not true": rejecting a report as false is a denial (codebook)
                neg = next((c for x in (t, t.head) for c in x.children if c.dep_ == "neg"), t)
                return [Candidate("denial", t, min(neg.i, t.i), t.i + 1, actor=speaker, worded=True)]
            return [Candidate("confirmation", t, t.i, t.i + 1, actor=speaker)]
    if t.pos_ == "NOUN" and lemma in lexicon().confirmation.evidence_nouns:
        # "there is evidence that ...", said by an official
        has_content = any(
            c.dep_ in ("acl", "ccomp")
            # "information that troops are in Kursk": a content clause the parser hangs as a relative clause
            or c.dep_ == "relcl"
            and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
            or c.dep_ == "prep"
            and c.lower_ in ("of", "about")
            and any(
                g.dep_ == "pcomp"
                or g.dep_ == "pobj"
                and (_names_a_fact(g) or any(x.tag_ == "VBG" for x in g.subtree))  # "proof of North Korea supplying shells"
                for g in c.children
            )
            for c in t.children
        ) or (t.head.lemma_ == "be" and any(c.dep_ == "ccomp" for c in t.head.children))
        # an evidence statement: "there is evidence that", "has/found evidence of", "this evidence proves" —
        # not "a sign of deepening ties" in passing
        stated = (
            (t.dep_ == "attr" and any(c.dep_ == "expl" for c in t.head.children))
            or (t.dep_ == "dobj" and t.head.lemma_.lower() in lexicon().confirmation.evidence_verbs)
            or (t.dep_ == "nsubj" and t.head.lemma_.lower() in lexicon().confirmation.evidence_verbs)
        )
        has_content = has_content and stated
        speaker = source_head(t, sentence)
        if speaker is None and t.dep_ == "dobj":
            holder = _child(t.head, "nsubj")  # "we have information about ...": the one who holds it, in a quote
            speaker = holder if holder is not None and holder.lower_ in ("we", "i") else None
        if (
            has_content
            and speaker is not None
            and (
                speaker.lower_ in PERSON_PRONOUNS | {"we", "i"}
                or resolve_party(speaker).kind in lexicon().confirmation.evidence_speakers
            )
        ):  # "he said there is evidence of ...": the person's party comes from the sentences before (coref)
            return [Candidate("confirmation", t, t.i, t.i + 1, actor=speaker)]
    return []


def _published_evidence(v: Token) -> bool:
    """Does the verb publish evidence of a fact ("disclosed three satellite photos of ships transporting troops",
    "released footage showing soldiers")?"""
    obj = _child(v, "nsubjpass") if _is_passive(v) else _child(v, "dobj")
    if obj is None or obj.lemma_.lower() not in lexicon().confirmation.evidence_objects:
        return False
    content = prep_objects(obj, ("of",)) + [c for c in obj.children if c.dep_ in ("acl", "relcl")]
    # what the pictures show must be people or an event ("ships transporting troops"), not damage to buildings
    return any(is_people(x) or x.lemma_.lower() in _event_nouns() for c in content for x in c.subtree)


def contrary_versions(cands: list[Candidate]) -> list[Candidate]:
    """A denial by a contrary version (codebook): the accused party says its own deed did not happen — "North
    Korea's envoy said there were no North Korean troops in Russia", "the Kremlin insisted no North Korean
    soldiers are fighting" — when nothing in the sentence already states about that fact. A negative said by
    another party ("Seoul said no more troops were sent") is a negated fact only."""
    verbs = lexicon().denial.contrary_verbs
    stated = {c.head.i for c in cands if c.event_type in STATEMENT_TYPES}
    out: list[Candidate] = []
    for c in cands:
        if c.event_type not in (*FACT_TYPES, "combat") or c.actor is None:
            continue
        path = [c.head, *c.head.ancestors]
        if any(a.i in stated for a in path):
            continue  # "denied that troops were sent": the fact is already under a statement
        k = next((k for k, a in enumerate(path[1:], 1) if a.pos_ in ("VERB", "AUX") and a.lemma_.lower() in verbs), None)
        if k is None or path[k - 1].dep_ != "ccomp":
            continue
        if polarity(c.head) != "negated" or modality(c.head) != "asserted":
            continue
        verb = path[k]
        speaker = _statement_speaker(verb)
        if speaker is None or verb.i in stated:
            continue
        said_by = resolve_party(speaker).country
        # the accused: the people's state, their sender, or a country the clause names ("no troops in Russia")
        accused = {resolve_party(x).country for x in (c.actor, c.sender) if x is not None}
        accused |= {m.country for m in country_mentions(list(path[k - 1].subtree))}
        if said_by is None or said_by not in accused:
            continue
        out.append(Candidate("denial", verb, verb.i, verb.i + 1, actor=speaker, discriminator="contrary"))
        stated.add(verb.i)
    return cands + out


def open_question(t: Token) -> Optional[Token]:
    """The clause a verb leaves as a question ("say whether troops were sent" → "sent"), if any."""
    marks = lexicon().confirmation.question_marks
    for c in t.children:
        if c.dep_ in ("ccomp", "advcl", "xcomp", "dep") and any(g.dep_ == "mark" and g.lower_ in marks for g in c.children):
            return c
    return None


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
    return word_in(t, lexicon().denial.contrary_words)


def detect_denial(t: Token, sentence: Span) -> list[Candidate]:
    lemma = t.lemma_.lower()
    claims = lexicon().denial.claim_nouns
    if t.tag_.startswith("VB") and lemma in lexicon().denial.verbs:
        if _is_passive(t) and agent(t) is None:
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
            or c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children)  # "as fabricated"
            for x in c.subtree
            # "called the accusations nonsense": the parser makes the claim a compound of the label
            if x != c or c.dep_ != "dobj" or any(g.lemma_.lower() in claims for g in c.children)
        ):
            return [Candidate("denial", t, t.i, t.i + 1, actor=_statement_speaker(t))]
        return []
    if t.tag_.startswith("VB") and lemma in lexicon().denial.rebuff_verbs:
        # "pushed back on the claims", "laughed off the reports", "scoffed at the allegations"
        marks = lexicon().denial.rebuff_verbs[lemma]
        carried = [c for c in t.children if c.dep_ in ("prt", "prep", "advmod") and c.lower_ in marks]
        if not carried:
            return []
        # the claim: the verb's object, or the object of "on/at/against/off" on the verb or its particle
        objs = [o for o in [_child(t, "dobj")] if o is not None]
        objs += [o for h in (t, *carried) for o in prep_objects(h, ("on", "at", "against", "off"))]
        if any(o.lemma_.lower() in claims for o in objs):
            return [Candidate("denial", t, t.i, carried[0].i + 1 if carried[0].i > t.i else t.i + 1, actor=_statement_speaker(t))]
        return []
    if t.pos_ == "NOUN" and lemma in lexicon().denial.nouns and t.dep_ != "compound":
        content = next(iter(prep_objects(t, ("of",))), None)
        if t.dep_ not in ("dobj", "nsubj", "nsubjpass", "attr", "appos", "ROOT") and not (
            content is not None and _names_a_fact(content)
        ):
            return []  # "the final moments of Clark's rebuttal": no denial is made or reported
        return [Candidate("denial", t, t.i, t.i + 1, actor=_speaker_of_noun(t))]
    against = _against_reality(t, sentence)
    if against:
        return against
    label = detect_claim_label(t, sentence)
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


def _against_reality(t: Token, sentence: Span) -> list[Candidate]:
    """A claim found wanting against reality, by a speaker: "there is no truth to the reports", "the
    allegations do not correspond to reality", "have nothing to do with reality", "are not based on facts"."""
    denial = lexicon().denial
    lemma = t.lemma_.lower()
    claims = denial.claim_nouns
    if t.pos_ != "NOUN":
        return []
    found = False
    if lemma in denial.truth_nouns and any(c.dep_ == "det" and c.lower_ == "no" for c in t.children):
        # "no truth to the reports", "no basis for the claims"
        about = prep_objects(t, ("to", "in", "behind", "for"))
        found = not about or any(o.lemma_.lower() in claims for o in about)
    elif lemma in denial.reality_nouns and t.dep_ == "pobj":
        v = t.head.head
        while v.pos_ not in ("VERB", "AUX") and v.head != v:
            v = v.head  # "nothing to do with reality": up from the noun to its verb
        subj = _child(v, "nsubj", "nsubjpass")
        negated = polarity(v, is_statement=True) == "negated" or any(
            c.dep_ == "dobj" and c.lower_ == "nothing" for c in v.children
        )
        if v.lemma_ == "do" and v.dep_ in ("relcl", "acl", "xcomp") and v.head.lower_ == "nothing":
            negated, subj = True, _child(v.head.head, "nsubj")  # "have nothing to do with reality"
        found = negated and subj is not None and subj.lemma_.lower() in claims | {"it", "this", "that"}
    if not found:
        return []
    speaker = _label_speaker(t, sentence)
    if speaker is None:
        return []
    return [Candidate("denial", t, t.i, t.i + 1, actor=speaker, worded=True)]


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


def detect_claim_label(t: Token, sentence: Span) -> list[Candidate]:
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
