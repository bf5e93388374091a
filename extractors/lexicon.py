"""The event lexicon (data/triggers.toml) as typed, checked records: one frozen dataclass per section.

The file is loaded once (`lexicon()`) with extractors.ruledata, so an unknown, missing or wrongly typed
key fails at load time naming the file and the key, and code reads words by attribute
(`lexicon().deployment.verbs`), which mypy checks. A field typed `Triggers` (or `TriggerTable`, whose
keys are the words) holds words a detector fires on; `trigger_lemmas()` is built from those fields only.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Union

from extractors.ruledata import load

TRIGGERS_FILE = Path(__file__).with_name("data") / "triggers.toml"


class _Trigger:
    """Marks a field whose words are triggers (metadata of `Annotated`; ruledata ignores it)."""

    def __repr__(self) -> str:
        return "TRIGGER"


TRIGGER = _Trigger()

Words = frozenset[str]
# words a detector fires on
Triggers = Annotated[frozenset[str], TRIGGER]
# a table whose keys a detector fires on; the value: the words that go with each
TriggerTable = Annotated[dict[str, frozenset[str]], TRIGGER]
Table = dict[str, frozenset[str]]


@dataclass(frozen=True)
class Deployment:
    verbs: Triggers
    people_only: Words
    recipient_verbs: Words
    purpose_verbs: Words
    collectives: Words
    intransitive: Words
    needs_place: TriggerTable
    activity_verbs: Triggers
    field_work: Triggers
    field_objects: Words
    sighting_verbs: Words
    named_place_nouns: Words
    presence_adverbs: Words
    companion_preps: Words
    labor_verbs: Triggers
    work_verbs: Words
    work_nouns: Words
    pronoun_needs_place: Words
    homeward_verbs: Words
    home_words: Words
    armed_nouns: Words
    visit_nouns: Words
    nouns: Triggers
    presence_adjectives: Triggers
    presence_preps: Words
    place_nouns: Words
    anaphor_place_nouns: Words


@dataclass(frozen=True)
class Enlistment:
    verbs: Triggers
    object_is_recruit: Words
    needs_force: Words
    force_verbs: Triggers
    object_force_verbs: Words
    not_forces: Words
    serve_force_modifiers: Words
    staff_verbs: Triggers
    contract_verbs: Triggers
    contract_nouns: Words
    contract_modifiers: Words
    armed_forces: Words
    nouns: Triggers
    force_nouns: Words
    force_modifiers: Words
    generic_force_nouns: Words


@dataclass(frozen=True)
class Confirmation:
    verbs: Triggers
    party_verbs: Words
    nouns: Triggers
    conditional_marks: Words
    newsroom_verbs: Words
    negated_only: Triggers
    question_verbs: Triggers
    question_marks: Words
    question_nouns: Words
    evasion_verbs: Triggers
    silence_adjectives: TriggerTable
    truth_adjectives: Triggers
    fact_nouns: Words
    evidence_nouns: Triggers
    evidence_verbs: Words
    evidence_speakers: Words
    disclosure_verbs: Triggers
    evidence_objects: Words


@dataclass(frozen=True)
class Statements:
    about_nouns: Words
    issue_verbs: Words


@dataclass(frozen=True)
class Denial:
    verbs: Triggers
    claim_verbs: Triggers
    claim_nouns: Words
    contrary_words: Triggers
    contrary_nouns: Triggers
    label_predicates: Words
    smear_verbs: Triggers
    call_verbs: Triggers
    rebuff_verbs: TriggerTable
    truth_nouns: Triggers
    reality_nouns: Triggers
    nouns: Triggers
    contrary_verbs: Words


@dataclass(frozen=True)
class Casualty:
    verbs: Triggers
    victim_subject_verbs: Words
    people_or_combat: Triggers
    nouns: Triggers
    count_only: Words
    suffer_verbs: Words
    adjectives: Triggers
    captive_words: Triggers
    captive_verbs: Words
    loss_verbs: Triggers
    count_verbs: Words
    finding_verbs: Words


@dataclass(frozen=True)
class Combat:
    verbs: Triggers
    needs_object: Words
    ground_verbs: Words
    ground_nouns: Words
    partitive_nouns: Words
    targets: Words
    not_with_people: Words
    enemy_verbs: Words
    object_phrases: TriggerTable
    expel_phrases: TriggerTable
    control_verbs: Triggers
    control_nouns: Words
    nouns: Triggers
    idle_preps: Table
    background_nouns: Words
    frame_nouns: Words
    act_modifiers: Words
    war_names: Words
    qualified_only: Words
    qualifiers: Words
    support_verbs: Words
    help_verbs: Words
    help_nouns: Words
    employ_verbs: Words


@dataclass(frozen=True)
class Agreement:
    nouns: Triggers
    qualified_only: Words
    qualifiers: Words
    state_nouns: Words
    effect_phrases: Table
    act_verbs: Words
    party_verbs: Words
    occasion_nouns: Words


@dataclass(frozen=True)
class Negation:
    preconjunctions: Words
    conjunctions: Words
    determiners: Words
    pronouns: Words
    noun_determiners: Words
    judgement_aux: Words


@dataclass(frozen=True)
class Cues:
    negation: Negation
    negating_predicates: Words
    failure_verbs: Words
    failure_words: Words
    blocking_verbs: Words
    belief_verbs: Words
    belief_words: Words
    possible_aux: Words
    possible_words: Words
    planned_aux: Words
    plan_verbs: Words
    plan_nouns: Words
    planned_words: Words
    actual_words: Words
    reporting_verbs: Words
    according: Words
    according_not_sources: Words


@dataclass(frozen=True)
class Lexicon:
    """The sections of triggers.toml, one per event type plus `statements` and `cues`."""

    deployment: Deployment
    enlistment: Enlistment
    confirmation: Confirmation
    statements: Statements
    denial: Denial
    casualty: Casualty
    combat: Combat
    agreement: Agreement
    cues: Cues


def load_lexicon(path: Path = TRIGGERS_FILE) -> Lexicon:
    """A triggers file as a checked `Lexicon` (ruledata.RuleDataError names the file and key when it is not one)."""
    return load(path, Lexicon)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The project's lexicon, loaded once per process."""
    return load_lexicon()


def trigger_fields(schema: type) -> tuple[str, ...]:
    """The fields of a section schema marked as triggers (`Triggers`, `TriggerTable`)."""
    hints = typing.get_type_hints(schema, include_extras=True)
    return tuple(f.name for f in dataclasses.fields(schema) if TRIGGER in getattr(hints[f.name], "__metadata__", ()))


def _words_of(value: Union[frozenset[str], dict[str, Any]]) -> frozenset[str]:
    return frozenset(value.keys()) if isinstance(value, dict) else value


def trigger_lemmas(lex: Lexicon) -> frozenset[str]:
    """Every word of every trigger field of every section (a dict field: its keys)."""
    out: set[str] = set()
    for section in dataclasses.fields(lex):
        record = getattr(lex, section.name)
        for name in trigger_fields(type(record)):
            out |= _words_of(getattr(record, name))
    return frozenset(out)
