"""The trigger lexicon (extractors/lexicon.py, data/triggers.toml): checked at load, every key read, triggers declared."""

from __future__ import annotations

import ast
import copy
import dataclasses
import json
import tomllib
import typing
from pathlib import Path
from typing import Any

import pytest

from extractors import events
from extractors.framing import polarity
from extractors.lexicon import TRIGGERS_FILE, Lexicon, lexicon, load_lexicon, trigger_fields, trigger_lemmas
from extractors.ruledata import RuleDataError, build
from schemas.vocab import EVENT_TYPES

ROOT = Path(__file__).resolve().parents[1]
EXTRACTORS = ROOT / "extractors"


def _raw() -> dict[str, Any]:
    with TRIGGERS_FILE.open("rb") as fh:
        return tomllib.load(fh)


def _sections() -> list[tuple[str, type]]:
    """(name, schema) of every record in the lexicon, nested ones (cues.negation) included."""
    out: list[tuple[str, type]] = []

    def walk(name: str, schema: type) -> None:
        out.append((name, schema))
        hints = typing.get_type_hints(schema)
        for f in dataclasses.fields(schema):
            if dataclasses.is_dataclass(hints[f.name]):
                walk(f.name, hints[f.name])

    hints = typing.get_type_hints(Lexicon)
    for f in dataclasses.fields(Lexicon):
        walk(f.name, hints[f.name])
    return out


# ---------------------------------------------------------------- checked at load time


def test_the_file_loads_into_typed_records():
    lex = load_lexicon()
    assert "deploy" in lex.deployment.verbs
    assert lex.deployment.needs_place["go"] == frozenset({"to", "into"})
    assert "neither" in lex.cues.negation.preconjunctions
    assert lexicon() is lexicon()  # loaded once


def test_every_event_type_has_a_section():
    sections = {f.name for f in dataclasses.fields(Lexicon)}
    assert set(EVENT_TYPES) <= sections


def _copy_with(tmp_path: Path, old: str, new: str) -> Path:
    text = TRIGGERS_FILE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "triggers.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_misspelled_key_fails_loading_naming_file_and_key(tmp_path):
    path = _copy_with(tmp_path, "\nactivity_verbs = [", "\nactivty_verbs = [")
    with pytest.raises(RuleDataError, match=r"triggers\.toml\.deployment: unknown key\(s\) 'activty_verbs'"):
        load_lexicon(path)


def test_a_missing_key_fails_loading_naming_it(tmp_path):
    path = _copy_with(tmp_path, '\nsmear_verbs = ["smear", "tarnish", "slander", "discredit", "defame", "vilify"]\n', "\n")
    with pytest.raises(RuleDataError, match=r"triggers\.toml\.denial: missing key 'smear_verbs'"):
        load_lexicon(path)


def test_a_misspelled_key_in_a_nested_table_fails(tmp_path):
    path = _copy_with(tmp_path, '\nnoun_determiners = ["no", "neither"]', '\nnoun_determiner = ["no", "neither"]')
    with pytest.raises(RuleDataError, match=r"cues\.negation: unknown key\(s\) 'noun_determiner'"):
        load_lexicon(path)


def test_a_word_list_of_numbers_fails(tmp_path):
    path = _copy_with(tmp_path, 'presence_adverbs = ["already",', "presence_adverbs = [1,")
    with pytest.raises(RuleDataError, match=r"deployment\.presence_adverbs\[0\]: expected str"):
        load_lexicon(path)


# ---------------------------------------------------------------- every key is read


def _attribute_reads() -> set[tuple[str, str]]:
    """(owner, attribute) for every `owner.attribute` read in extractors/ outside lexicon.py, the owner
    being the name or attribute just before it: `lexicon().deployment.verbs` gives ("deployment", "verbs")."""
    reads: set[tuple[str, str]] = set()
    for path in EXTRACTORS.rglob("*.py"):
        if path.name == "lexicon.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                if isinstance(node.value, ast.Attribute):
                    reads.add((node.value.attr, node.attr))
                elif isinstance(node.value, ast.Name):
                    reads.add((node.value.id, node.attr))
    return reads


def test_every_field_of_every_section_is_read_somewhere():
    """A key no code reads is a rule switched off unseen (or a list nobody needs): each field must be read
    as `<section>.<field>` in extractors/ (nested: `negation.<field>`)."""
    reads = _attribute_reads()
    unread = [
        f"{name}.{f.name}" for name, schema in _sections() for f in dataclasses.fields(schema) if (name, f.name) not in reads
    ]
    assert unread == []


def test_the_read_check_sees_a_missing_read():
    # the check above can fail: a field name nothing reads is not among the reads
    reads = _attribute_reads()
    assert ("deployment", "verbs") in reads and ("negation", "determiners") in reads
    assert ("deployment", "no_such_field") not in reads


# ---------------------------------------------------------------- triggers are declared


def _lexicon_from(data: dict[str, Any]) -> Lexicon:
    return build(Lexicon, data, "triggers.toml")


def _fields_of_sections() -> list[tuple[str, str, bool]]:
    """(section, field, is a trigger) for every field of the event sections and statements."""
    out = []
    for f in dataclasses.fields(Lexicon):
        if f.name == "cues":
            continue
        schema = type(getattr(lexicon(), f.name))
        marked = set(trigger_fields(schema))
        out.extend((f.name, g.name, g.name in marked) for g in dataclasses.fields(schema))
    return out


@pytest.mark.parametrize("section,field,is_trigger", _fields_of_sections())
def test_a_word_reaches_the_trigger_set_only_through_a_trigger_field(section, field, is_trigger):
    data = copy.deepcopy(_raw())
    value = data[section][field]
    if isinstance(value, dict):
        value["zzqword"] = ["to"]
    else:
        value.append("zzqword")
    assert ("zzqword" in trigger_lemmas(_lexicon_from(data))) is is_trigger


def test_no_cue_is_a_trigger():
    data = copy.deepcopy(_raw())
    for key, value in data["cues"].items():
        if isinstance(value, list):
            value.append(f"zzq{key}")
    lemmas = trigger_lemmas(_lexicon_from(data))
    assert not {w for w in lemmas if w.startswith("zzq")}


def test_every_trigger_field_reaches_the_filter():
    lemmas = events._trigger_lemmas()
    lex = lexicon()
    for f in dataclasses.fields(lex):
        record = getattr(lex, f.name)
        for name in trigger_fields(type(record)):
            value = getattr(record, name)
            assert set(value) <= lemmas, (f.name, name)
    assert "be" in lemmas  # the copula of presence ("troops are in Russia")
    assert "armed_nouns" not in trigger_fields(type(lex.deployment))  # an argument noun, not a trigger
    assert "soldier" not in lemmas  # only in deployment.armed_nouns: a plural passes by its tag, never by this list


# Sentences written for this test, one or more per detector branch; the sentence table adds 170 more.
_OWN = [
    "Pyongyang is keeping silent about the reports.",
    "The report was probably correct, a South Korean official told lawmakers.",
    "There is evidence that North Korean troops are fighting in Kursk, the intelligence agency said.",
    "The Kremlin dismissed the reports as fabricated.",
    "The allegations were intended to tarnish the image of the country.",
    "Moscow called the claims absurd.",
    "Such groundless rumors are nothing but lies.",
    "A battalion staffed by North Koreans was spotted near the border.",
    "Hundreds of North Korean men signed contracts with the Russian defence ministry.",
    "Russian forces took control of the village and captured two Ukrainian soldiers.",
    "North Korean troops engaged with the Ukrainian army near Sudzha.",
    "Thousands of North Korean workers were employed at factories in Russia for construction.",
    "North Korean troops are present in the Kursk region.",
    "Two soldiers died and five were wounded in the attack.",
    "The treaty was signed by Russia and North Korea in June.",
    "North Korean soldiers joined the Russian army and entered the fight in November.",
    "Some 3,000 North Korean troops went to Russia, and others left for the Kursk region.",
]


def _sentences() -> list[str]:
    with (ROOT / "tests" / "gold" / "sentences.jsonl").open(encoding="utf-8") as fh:
        table = [json.loads(line)["text"] for line in fh if line.strip()]
    return _OWN + table


def test_every_token_a_detector_fires_on_passes_the_trigger_filter(nlp):
    """Run every detector on every token, unfiltered: a token that fires must pass the filter of
    find_candidates (its lemma or its word is a declared trigger, or it is a plural noun), so the
    filter drops no event and the declared triggers are all the detectors need."""
    lemmas = events._trigger_lemmas()
    fired = 0
    missed = []
    for doc in nlp.pipe(_sentences()):
        for sentence in doc.sents:
            for t in sentence:
                for detect in events.DETECTORS:
                    if detect(t, sentence):
                        fired += 1
                        if not (t.lemma_.lower() in lemmas or t.lower_ in lemmas or t.tag_ in ("NNS", "NNPS")):
                            missed.append((detect.__name__, t.text, t.lemma_, sentence.text))
    assert fired > 150  # the sentences exercise the detectors
    assert missed == []


# ---------------------------------------------------------------- words that were hard-coded, now read from the file

_RULES = [
    # casualty.people_or_combat, combat.not_with_people
    ("Russian forces captured two Ukrainian soldiers.", [("casualty", "captured", "affirmed")]),
    ("Russian forces captured the village.", [("combat", "captured", "affirmed")]),
    ("Russian forces seized two Ukrainian soldiers.", []),
    # casualty.victim_subject_verbs
    ("Two North Korean soldiers died in Kursk.", [("casualty", "died", "affirmed")]),
    # combat.object_phrases: the phrase is the trigger
    ("Russian forces took control of the village.", [("combat", "took control", "affirmed")]),
    # enlistment.serve_force_modifiers
    ("North Korean soldiers served in the police force.", []),
    ("North Korean soldiers served in the armed forces of Russia.", [("enlistment", "served", "affirmed")]),
    # cues.negation
    ("No North Korean troops were sent to Russia.", [("deployment", "sent", "negated")]),
    (
        "Moscow has neither confirmed nor denied the reports.",
        [("confirmation", "confirmed", "negated"), ("denial", "denied", "negated")],
    ),
    ("North Korean troops should not have been sent to Russia.", [("deployment", "sent", "affirmed")]),
]


@pytest.mark.parametrize("text,expected", _RULES)
def test_rules_reading_the_moved_words(nlp, text, expected):
    doc = nlp(text)
    got = [
        (c.event_type, doc[c.start : c.end].text, polarity(c.head, is_statement=c.event_type in events.STATEMENT_TYPES))
        for c in events.find_candidates(doc[:])
    ]
    assert got == expected
