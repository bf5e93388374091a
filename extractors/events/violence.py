"""Violence detectors: casualties ("two soldiers were killed") and combat ("troops fought Ukrainian forces")."""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Span, Token

from extractors.actors import country_mentions, is_people, resolve_party
from extractors.events.candidates import (
    Candidate,
    agent,
    force_noun,
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
from extractors.syntax import antecedent, governing_verb, word_in
from extractors.syntax import child as _child, is_passive as _is_passive


__all__ = ["detect_casualty", "detect_combat"]


def detect_casualty(t: Token, sentence: Span) -> list[Candidate]:
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
        if victims is None or not (people_or_pronoun(victims) or victims.ent_type_ in ("PERSON", "NORP")):
            return []
        end = t.i + 1
        for c in t.children:  # extend over "or wounded" sharing the count
            if c.dep_ == "conj" and c.lemma_.lower() in verbs and _own_count(c) is None:
                end = c.i + 1
        return [Candidate("casualty", t, t.i, end, actor=_people_of_count(t, victims), counted=victims)]
    if t.pos_ == "NOUN" and lemma in lexicon().casualty.nouns and t.dep_ != "compound":
        victims = next(iter(prep_objects(t, ("among", "of"))), None)
        has_count = any(c.dep_ == "nummod" for c in t.children)
        v = governing_verb(t)
        sufferer = subject_of(v) if v != t and v.lemma_.lower() in lexicon().casualty.suffer_verbs else None
        if (
            lemma in lexicon().casualty.count_only
            and not has_count
            and not (victims is not None and is_people(victims))
            and not (sufferer is not None and people_or_pronoun(sufferer))
        ):
            return []  # "losses" only of people: "troops have suffered heavy losses"
        counted = t if has_count else victims
        if not has_count and t.dep_ == "nsubj" and v.lemma_.lower() in lexicon().casualty.count_verbs:
            number = _child(v, "dobj")
            if number is not None and (number.like_num or any(c.dep_ == "nummod" for c in number.children)):
                counted = number  # "casualties have reached 4,000"
        if victims is None and sufferer is not None:
            victims = sufferer  # "troops have incurred 4,700 casualties": the troops are the victims
        return [Candidate("casualty", t, t.i, t.i + 1, actor=victims or t, counted=counted)]
    if t.tag_.startswith("VB") and lemma in lexicon().casualty.loss_verbs and not _is_passive(t):
        lost = _child(t, "dobj")
        # "lost thousands of troops": the people are the count's "of" noun
        whose = next(iter(prep_objects(lost, ("of",))), None) if lost is not None and is_count_word(lost) else lost
        if whose is not None and is_people(whose) and resolve_party(whose).kind == "military" and not is_count_word(whose):
            return [Candidate("casualty", t, t.i, t.i + 1, actor=lost, counted=lost)]  # "has lost 4,700 soldiers"
        return []
    if lemma in lexicon().casualty.captive_words and t.head.lemma_.lower() in lexicon().casualty.captive_verbs:
        return _taken_captive(t)
    if t.pos_ == "ADJ" and lemma in lexicon().casualty.adjectives and t.dep_ in ("oprd", "xcomp", "ccomp"):
        v = t.head
        if v.lemma_.lower() in lexicon().casualty.finding_verbs:
            # "a soldier was found dead", "left two soldiers wounded"
            subj = _child(v, "nsubjpass") if _is_passive(v) else _child(v, "dobj")
            if subj is not None and is_people(subj):
                return [Candidate("casualty", t, t.i, t.i + 1, actor=subj, counted=subj)]
    if t.pos_ == "ADJ" and lemma in lexicon().casualty.adjectives and t.dep_ == "acomp":
        subj = _child(t.head, "nsubj")
        if subj is not None and is_people(subj):
            return [Candidate("casualty", t, t.i, t.i + 1, actor=subj, counted=subj)]
    return []


def _taken_captive(t: Token) -> list[Candidate]:
    """ "two soldiers were taken prisoner", "took two North Korean soldiers prisoner" (the tagger makes the
    people a compound of "prisoner"), "has taken several North Koreans captive": the people taken."""
    v = t.head
    if t.dep_ not in ("oprd", "dobj", "ccomp", "xcomp", "attr", "acomp", "advcl", "npadvmod"):
        return []
    if _is_passive(v):
        victims = _child(v, "nsubjpass", "nsubj")
    else:
        victims = next((c for c in v.children if c.dep_ == "dobj" and c.i != t.i), None)
        if victims is None and any(c.dep_ == "compound" and is_people(c) for c in t.children):
            victims = t  # the people, their count and nationality all hang on "prisoner"
    if victims is None or not (victims is t or people_or_pronoun(victims) or victims.ent_type_ in ("PERSON", "NORP")):
        return []
    return [Candidate("casualty", t, min(v.i, t.i), max(v.i, t.i) + 1, actor=victims, counted=victims)]


def _people_of_count(v: Token, victims: Token) -> Token:
    """ "killed 77 and wounded 40 North Korean soldiers": a bare count's people are those of the joined
    casualty verb's object, never the killers named before it."""
    if victims.pos_ != "NUM" or any(c.dep_ == "prep" for c in victims.children):
        return victims
    for c in v.children:
        if c.dep_ == "conj" and c.lemma_.lower() in lexicon().casualty.verbs:
            o = _child(c, "dobj", "nsubjpass")
            if o is not None and is_people(o):
                return o
    return victims


def _own_count(v: Token) -> Optional[Token]:
    s = _child(v, "nsubjpass", "nsubj", "dobj")
    return s if s is not None and (is_count_word(s) or any(c.dep_ == "nummod" for c in s.children)) else None


def detect_combat(t: Token, sentence: Span) -> list[Candidate]:
    lemma = t.lemma_.lower()
    if lemma not in lexicon().combat.verbs and t.lower_ in lexicon().combat.verbs:
        lemma = t.lower_  # irregular past forms the lemmatizer misses ("retook")
    object_phrases = lexicon().combat.object_phrases
    casualty = lexicon().casualty
    if t.dep_ in ("advcl", "xcomp") and t.head.lemma_.lower() in casualty.verbs | casualty.suffer_verbs:
        return []  # "killed fighting for Russia", "incurred heavy losses fighting in Kursk": the casualty's circumstance
    if t.dep_ == "acl" and t.tag_ == "VBG" and t.head.lemma_.lower() in casualty.nouns:
        return []  # "suffered heavy losses fighting in Kursk" (the parse hangs it on the losses)
    if t.tag_.startswith("VB") and lemma not in lexicon().combat.verbs:
        taken = _expelling(t, lemma) or _passing_control(t, lemma)
        if taken:
            return taken
    if t.tag_.startswith("VB") and (lemma in lexicon().combat.verbs or lemma in object_phrases):
        if _purpose_of_sending(t):
            return []  # "sent troops to fight", "deployed to help Russia fight": why they were sent, not a fight
        obj = _child(t, "dobj")
        if obj is None and _is_passive(t):
            obj = _child(t, "nsubjpass")  # "Kursk, which was seized by Ukraine"
            if obj is None and t.dep_ == "conj" and _is_passive(t.head):
                obj = _child(t.head, "nsubjpass")  # "which was invaded in August and retaken in April"
            if obj is not None:
                obj = antecedent(obj)
        if obj is None and lemma in lexicon().combat.enemy_verbs:
            obj = next(iter(prep_objects(t, ("with", "against"))), None)  # "engaged with the Ukrainian army"
        if lemma in lexicon().combat.needs_object or lemma in object_phrases:
            if obj is None:
                return []
            if lemma in lexicon().combat.enemy_verbs and not (people_or_pronoun(obj) or force_noun(obj)):
                return []  # "engage the public"
            if (
                lemma in object_phrases
                and lemma not in lexicon().combat.verbs
                and obj.lemma_.lower() not in object_phrases[lemma]
            ):
                return []
            if lemma in lexicon().combat.not_with_people and people_or_pronoun(obj):
                return []
            if lemma in lexicon().combat.ground_verbs and not _ground(obj):
                return []  # "their documents were seized": taking things, not ground
        if t.dep_ == "amod" or t.dep_ == "compound":
            return []
        if obj is not None and not _combat_object(obj):
            return []  # "fighting the hegemonic policies", "repels the possibility of peace": a figure of speech
        if obj is None and (manner := prep_objects(t, ("for", "with"))) and not any(map(_combat_object, manner)):
            return []  # "fighting with courage", "fought for justice": no one and nothing fought
        actor = _helper(t) or (agent(t) if _is_passive(t) and lemma != "fight" else _doer(t))
        target = obj if obj is not None else next(iter(prep_objects(t, ("against",))), None)
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
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in lexicon().combat.frame_nouns:
            return []  # "arrived in the area of fighting": a place, not a fight
        if t.dep_ == "pobj" and t.head.lower_ == "for" and t.head.head.lemma_.lower() in lexicon().deployment.verbs:
            return []  # "deployed for combat": why they were sent, not a fight
        if lemma in lexicon().combat.background_nouns and not _dated_or_placed(t):
            return []  # "Russia's invasion of Ukraine", "the special military operation": the war named as background
        if lemma in lexicon().combat.qualified_only:
            quals = lexicon().combat.qualifiers
            if not any(word_in(c, quals) for c in t.children) and not any(
                c.dep_ in ("acl", "advcl") and c.lemma_.lower() in lexicon().combat.verbs for c in t.children
            ):
                return []
            # "joined operations liberating ...": the combat verb carries it
            if any(c.lemma_.lower() in lexicon().combat.verbs and c.tag_.startswith("VB") for c in t.head.children if c != t):
                return []
        actor = nominal_actor(t)
        if actor is None:
            for c in t.children:
                if c.dep_ in ("amod", "compound") and country_mentions([c]):
                    actor = t
        if actor is None:
            actor = _employed(t)
        if actor is None:
            v = governing_verb(t)
            support = lexicon().combat.support_verbs
            if v != t and word_in(v, support) and t.dep_ in ("dobj", "pobj", "attr"):
                actor = _doer(v)
        target = next(iter(prep_objects(t, ("against", "on"))), None)
        return [Candidate("combat", t, t.i, t.i + 1, actor=actor, target=target)]
    return []


def _expelling(t: Token, lemma: str) -> list[Candidate]:
    """ "drove Kyiv's forces out of Kursk", "pushed the units back": an armed enemy forced off ground."""
    particles = lexicon().combat.expel_phrases.get(lemma)
    if not particles or not any(c.lower_ in particles for c in t.children if c.dep_ in ("prt", "prep", "advmod")):
        return []
    passive = _is_passive(t)
    enemy = _child(t, "nsubjpass") if passive else _child(t, "dobj")
    armed = lexicon().deployment.armed_nouns
    if enemy is None or not (force_noun(enemy) or enemy.lower_ in armed) or _purpose_of_sending(t):
        return []  # an armed force, never "driving out the young people" nor "drove them out of their homes"
    actor = _helper(t) or (agent(t) if passive else subject_of(t))
    return [Candidate("combat", t, t.i, t.i + 1, actor=actor, target=enemy)]


def _passing_control(t: Token, lemma: str) -> list[Candidate]:
    """ "Mariupol came under the control of Russian troops", "the town fell into Russian hands": the ground's
    new holder is the actor; the trigger runs from the verb to the control noun."""
    if lemma not in lexicon().combat.control_verbs:
        return []
    ground = _child(t, "nsubj")
    if ground is None or not _ground(ground):
        return []
    for o in prep_objects(t, ("under", "into")):
        if word_in(o, lexicon().combat.control_nouns):
            holder = nominal_actor(o)
            if holder is None and any(c.dep_ in ("amod", "compound") and country_mentions([c]) for c in o.children):
                holder = o  # "fell under Russian control"
            if holder is None:
                return []
            return [Candidate("combat", t, t.i, o.i + 1, actor=holder, target=ground)]
    return []


def _doer(v: Token) -> Optional[Token]:
    """Who does what a verb says: its subject, but the object of the verb a gerund hangs from ("accused the DPRK
    military of participating in hostilities", "praised the troops for fighting") and the people a participle
    describes ("the North Korean soldiers taking part in the operation")."""
    if v.dep_ == "pcomp" and v.head.lower_ in ("of", "for") and (o := _child(v.head.head, "dobj")) is not None:
        return o
    if v.dep_ == "acl" and v.tag_ == "VBG" and v.head.pos_ in ("NOUN", "PROPN") and people_or_pronoun(v.head):
        return v.head
    return subject_of(v)


def _helper(v: Token) -> Optional[Token]:
    """Who helps with the fighting is its combatant: "troops helped Moscow reclaim Kursk" (the verb under a help
    verb), "North Korea's help in liberating Kursk", "they provided assistance in defeating the enemy" (under a
    help noun: its possessor, else the subject of its verb)."""
    if v.dep_ in ("ccomp", "xcomp") and v.head.lemma_.lower() in lexicon().combat.help_verbs:
        return subject_of(v.head)
    if v.dep_ == "pcomp" and v.head.lower_ in ("in", "with") and v.head.head.lemma_.lower() in lexicon().combat.help_nouns:
        noun = v.head.head
        owner = _child(noun, "poss")
        if owner is not None:
            return owner
        verb = governing_verb(noun)
        return subject_of(verb) if verb != noun else None
    return None


def _employed(noun: Token) -> Optional[Token]:
    """The people put into the fighting: "Russia used the soldiers in assaults" (the object of the verb), "troops
    were thrown into battle" (its passive subject), "troops are now in combat" (the subject of "be")."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in ("in", "into"):
        return None
    v = noun.head.head
    if v.pos_ not in ("VERB", "AUX"):
        return None
    if v.lemma_.lower() in lexicon().combat.employ_verbs:
        people = _child(v, "nsubjpass") if _is_passive(v) else _child(v, "dobj")
        return people if people_or_pronoun(people) else None
    if v.lemma_ == "be":
        return subject_of(v)
    return None


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
            return not place_objects(v)
        if lemma not in lexicon().deployment.purpose_verbs:
            return False
        up = head
    return False


def _combat_object(obj: Token) -> bool:
    """What one can fight, attack or take: people or a force, ground or a place, a named thing, a pronoun,
    another act of war ("repelled the assault"); not an abstraction ("policies", "the possibility")."""
    if obj.pos_ in ("PROPN", "PRON", "NUM") or obj.ent_type_:
        return True
    if people_or_pronoun(obj) or force_noun(obj) or _ground(obj):
        return True
    if any(people_or_pronoun(o) or force_noun(o) for o in prep_objects(obj, ("of", "by"))):
        return True  # "repelled efforts by Ukrainian troops", "the advance of the enemy"
    lemma = obj.lemma_.lower()
    return lemma in lexicon().combat.nouns or lemma in lexicon().combat.targets


def _ground(t: Token) -> bool:
    """Territory or a position: a place, "territory", "parts of Kursk", "control of the town", "the rest of Kursk"."""
    if t.lemma_.lower() in lexicon().combat.ground_nouns or is_place(t) and t.pos_ in ("PROPN", "NOUN"):
        return True
    if not word_in(t, lexicon().combat.partitive_nouns):
        return False  # "the policies of the European Union": no share of the place
    return any(is_place(o) for o in prep_objects(t, ("of",)))


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
            and (o := pobj(t)) is not None
            and is_place(o)
        ):
            return True
    return False
