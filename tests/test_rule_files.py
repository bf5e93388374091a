"""The rule files of places, actors and counts (data/place_words.toml, data/actors.toml, data/numbers.toml):
each loads into typed records, a misspelled or missing key fails at load naming it, every field is read by
the code, and the words of each list do what its comment says."""

from __future__ import annotations

import ast
import dataclasses
import typing
from pathlib import Path

import pytest

from extractors import actors, places, quantities
from extractors.actors import ActorsFile, CountryNames, International, KindNouns, PartyWords, PeopleNouns, load_actors_file
from extractors.place_words import (
    PLACE_WORDS_TOML,
    Context,
    EventPreps,
    GazetteerWords,
    Mention,
    PlaceWords,
    Recognition,
    SharedHead,
    load_place_words,
)
from extractors.quantities import NUMBERS_FILE, Bounds, CountWords, NumberWords, VagueCount, parse_quantity
from extractors.ruledata import RuleDataError, alternation, load
from schemas.vocab import ACTOR_KINDS, EVENT_TYPES

EXTRACTORS = Path(__file__).resolve().parents[1] / "extractors"


def _copy_with(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / source.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


# ---------------------------------------------------------------- checked at load time

_BAD_FILES = [
    # place_words.toml
    (PLACE_WORDS_TOML, "\nloc_preps = [", "\nloc_prep = [", r"place_words\.toml\.recognition: unknown key\(s\) 'loc_prep'"),
    (
        PLACE_WORDS_TOML,
        '\nloc_prep_skips = ["the", "occupied", "northern", "southern", "eastern", "western", "central"]\n',
        "\n",
        r"place_words\.toml\.recognition: missing key 'loc_prep_skips'",
    ),
    (PLACE_WORDS_TOML, "\ndenial = [", "\ndenials = [", r"event_preps: unknown key\(s\) 'denials'"),
    (PLACE_WORDS_TOML, '\nplural = ["Parishes", "parishes"]\n', "\n", r"shared_heads\.parish: missing key 'plural'"),
    (PLACE_WORDS_TOML, 'town_suffixes = ["city", "town"]', 'town_suffixes = ["city", 2]', r"town_suffixes\[1\]: expected str"),
    # actors.toml
    (
        actors.ACTORS_FILE,
        'demonyms = ["belarusian", "belarusians"]',
        'demonym = ["belarusian", "belarusians"]',
        r"actors\.toml\.countries\.BLR: unknown key\(s\) 'demonym'",
    ),
    (actors.ACTORS_FILE, '\ngovernments = ["tehran"]\n', "\n", r"actors\.toml\.countries\.IRN: missing key 'governments'"),
    (actors.ACTORS_FILE, "\nmilitary = [", "\nmilitry = [", r"actors\.toml\.kinds: unknown key\(s\) 'militry'"),
    (actors.ACTORS_FILE, "[countries.MNG]", "[countries.Mongolia]", "not an alpha-3 code: Mongolia"),
    (actors.ACTORS_FILE, 'AFG = ["afghan",', 'Afg = ["afghan",', "not an alpha-3 code: Afg"),
    (actors.ACTORS_FILE, "\nrelation_heads = [", "\nrelation_head = [", r"actors\.toml\.party: unknown key\(s\) 'relation_head'"),
    # numbers.toml
    (NUMBERS_FILE, "\nat_least = [", "\nat_leest = [", r"numbers\.toml\.counts\.bounds: unknown key\(s\) 'at_leest'"),
    (
        NUMBERS_FILE,
        '\nafter_count = ["more", "additional", "extra", "new", "other"]\n',
        "\n",
        r"numbers\.toml\.counts: missing key 'after_count'",
    ),
    (NUMBERS_FILE, "minimum = 24\nmaximum = 99\n", "minimum = 24\n", r"counts\.vague\[6\]: missing key 'maximum'"),
    (NUMBERS_FILE, "minimum = 24\nmaximum = 99\n", "minimum = 99\nmaximum = 24\n", "minimum <= maximum"),
]


@pytest.mark.parametrize("source,old,new,message", _BAD_FILES)
def test_a_misspelled_missing_or_wrong_key_fails_at_load_naming_it(tmp_path, source, old, new, message):
    schema = {PLACE_WORDS_TOML: PlaceWords, actors.ACTORS_FILE: ActorsFile, NUMBERS_FILE: NumberWords}[source]
    with pytest.raises(RuleDataError, match=message):
        load(_copy_with(tmp_path, source, old, new), schema)


def test_the_files_load():
    words = load_place_words()
    assert "oblast" in words.recognition.tail_words and words.mention.admin_words[0] == "region"
    assert set(words.context.shared_heads) == {"county", "parish"}
    data = load_actors_file()
    assert data.countries["PRK"].names[0] == "north korea" and "soldier" in data.people.nouns
    assert quantities.NUMBER_WORDS.counts.vague[0] == VagueCount(("tens of thousands",), 20_000, 99_999)


def test_per_type_and_per_kind_tables_name_the_vocabularies():
    """Tables read by name at run time (`getattr`): their fields are the controlled vocabulary."""
    assert [f.name for f in dataclasses.fields(EventPreps)] == list(EVENT_TYPES)
    assert [f.name for f in dataclasses.fields(KindNouns)] == [k for k in ACTOR_KINDS if k != "other"]


# ---------------------------------------------------------------- every field is read


def _reads(*modules: str) -> set[tuple[str, str]]:
    """(owner, attribute) of every `owner.attribute` read in the modules; `self.x` inside class C is (C, x),
    `f().x` is ("f()", x)."""
    out: set[tuple[str, str]] = set()

    def visit(node: ast.AST, cls: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Attribute):
                if isinstance(child.value, ast.Attribute):
                    out.add((child.value.attr, child.attr))
                elif isinstance(child.value, ast.Name):
                    owner = cls if child.value.id == "self" and cls else child.value.id
                    out.add((owner, child.attr))
                elif isinstance(child.value, ast.Call) and isinstance(child.value.func, ast.Name):
                    out.add((f"{child.value.func.id}()", child.attr))
            visit(child, cls)

    for name in modules:
        visit(ast.parse((EXTRACTORS / name).read_text(encoding="utf-8")), None)
    return out


def _record_types(tp: typing.Any) -> list[type]:
    if dataclasses.is_dataclass(tp):
        return [tp]  # type: ignore[list-item]
    return [t for a in typing.get_args(tp) for t in _record_types(a)]


def _schemas(root: type) -> list[type]:
    out = [root]
    for f in dataclasses.fields(root):
        for sub in _record_types(typing.get_type_hints(root)[f.name]):
            out += [s for s in _schemas(sub) if s not in out]
    return out


# the names a record is read through in the code (a section's name, a loop variable, the loaded record)
_OWNERS: dict[type, tuple[str, ...]] = {
    PlaceWords: ("WORDS",),
    GazetteerWords: ("gazetteer",),
    Mention: ("mention",),
    Context: ("context", "Context"),
    SharedHead: ("h",),
    Recognition: ("recognition",),
    ActorsFile: ("data", "actors_file()"),
    CountryNames: ("entry",),
    International: ("international",),
    PeopleNouns: ("people",),
    PartyWords: ("party",),
    NumberWords: ("NUMBER_WORDS",),
    CountWords: ("_COUNTS",),
    Bounds: ("bounds",),
    VagueCount: ("v",),
}
_BY_NAME = (EventPreps, KindNouns)  # read with getattr over their fields (see the test above)
_FILES = [
    (PlaceWords, ("places.py", "place_words.py")),
    (ActorsFile, ("actors.py", "places.py")),
    (NumberWords, ("quantities.py", "dates.py")),
]


@pytest.mark.parametrize("root,modules", _FILES, ids=[r.__name__ for r, _ in _FILES])
def test_every_field_is_read_by_the_code(root, modules):
    """A key no code reads is a rule switched off unseen: every field of every record is read as
    `<owner>.<field>` in the modules that use the file."""
    reads = _reads(*modules)
    unread = [
        f"{schema.__name__}.{f.name}"
        for schema in _schemas(root)
        if schema not in _BY_NAME
        for f in dataclasses.fields(schema)
        if not any((owner, f.name) in reads for owner in _OWNERS[schema])
    ]
    assert unread == []


def test_the_read_check_sees_a_missing_read():
    reads = _reads("places.py", "place_words.py")
    assert ("recognition", "loc_preps") in reads and ("Context", "military_stems") in reads
    assert ("recognition", "no_such_list") not in reads


# ---------------------------------------------------------------- the words do what the comments say


def test_alternation_keeps_a_tuples_order_and_escapes():
    assert alternation(("b", "a.b")) == r"b|a\.b"
    assert alternation(frozenset({"ab", "abc"})) == "abc|ab"


@pytest.mark.parametrize("modifier", sorted(places.WORDS.mention.modifiers))
def test_every_modifier_is_dropped_before_a_name(modifier):
    record = places.resolve_place(f"{modifier} Kherson")
    assert record is not None and record.admin1 == "UA-65", modifier


@pytest.mark.parametrize("word", places.WORDS.mention.admin_words)
def test_an_admin_word_after_a_name_wants_a_subdivision(word):
    notes: list[str] = []
    places._parse_mention(places.gazetteer(), f"Qqvarn {word}", notes)  # a name of no place
    assert f"admin word {word!r}: prefer a subdivision" in notes


@pytest.mark.parametrize(
    "text,military",
    [
        ("North Korean troops were fighting near the village.", True),
        ("The counteroffensive began.", True),
        ("The occupation authorities left.", True),
        ("The festival drew a large crowd.", False),
        ("Warfare is old.", False),  # whole words only: "war" is not "warfare"
    ],
)
def test_the_military_sentence_pattern(text, military):
    assert bool(places._MILITARY.search(text)) is military


@pytest.mark.parametrize(
    "context,mention,expected",
    [
        ("Storms hit Hart and Taylor County on Monday.", "Hart", "county"),
        ("Storms hit Hart and Taylor counties on Monday.", "Hart", "county"),
        ("Storms hit Caddo and Bossier Parish.", "Caddo", "parish"),
        ("Storms hit Bossier parishes.", "Bossier", "parish"),
        ("Storms hit Hart and Taylor on Monday.", "Hart", None),
    ],
)
def test_the_shared_head_pattern(context, mention, expected):
    at = context.find(mention)
    m = places._SHARED_HEAD.match(context[at + len(mention) :])
    assert (places.WORDS.context.head_of(m.group(1) or m.group(2)) if m else None) == expected


def test_every_event_type_has_its_prepositions():
    assert places.WORDS.event_preps.deployment >= {"to", "in", "into"}
    for event_type in EVENT_TYPES:
        assert "in" in getattr(places.WORDS.event_preps, event_type)


def test_actor_lexicon_from_the_typed_records():
    lex = actors.actor_lexicon()
    assert lex.phrases[("pyongyang",)] == ("PRK", "government")
    assert lex.phrases[("north", "korean")] == ("PRK", "demonym")
    assert lex.phrases[("nato",)] == (None, "international")
    assert lex.kinds["soldier"] == "military" and lex.kinds["news agency"] == "media"
    demonyms = places.load_demonyms()
    assert demonyms["afghan"] == "AFG" and demonyms["north korean"] == "PRK"


@pytest.mark.parametrize(
    "text,head,country",
    [
        ("The US sent envoys.", "US", "USA"),
        ("Tell us more.", "us", None),
        ("Kim visited the front.", "Kim", "PRK"),
    ],
)
def test_a_cased_name_is_a_country_only_as_written(nlp, text, head, country):
    doc = nlp(text)
    token = next(t for t in doc if t.text == head)
    assert {m.country for m in actors.country_mentions([token])} == ({country} if country else set())


def test_a_count_modifier_is_left_out_of_a_party(nlp):
    doc = nlp("More than 3,000 North Korean troops arrived.")
    troops = next(t for t in doc if t.text == "troops")
    assert "More" not in [t.text for t in actors.party_tokens(troops)]


_COUNTS = quantities.NUMBER_WORDS.counts


@pytest.mark.parametrize("vague", _COUNTS.vague, ids=[v.phrases[0] for v in _COUNTS.vague])
def test_every_vague_count_parses_to_its_bounds_also_after_more_than(vague):
    for phrase in vague.phrases:
        for text in (phrase, f"more than {phrase}", f"at least {phrase}"):
            q = parse_quantity(text)
            assert (q.minimum, q.maximum) == (vague.minimum, vague.maximum), text


@pytest.mark.parametrize(
    "field,expected",
    [("more", (301, None)), ("at_least", (300, None)), ("up_to", (None, 300)), ("below", (None, 299))],
)
def test_every_bound_word_bounds_its_number(field, expected):
    for words in getattr(_COUNTS.bounds, field):
        for filler in ("", *(f"{w} " for w in _COUNTS.bounds.fillers)):
            q = parse_quantity(f"{words} {filler}300")
            assert (q.minimum, q.maximum) == expected, (words, filler)


def test_every_approximation_and_word_after_a_count_is_dropped():
    for words in _COUNTS.approximations:
        assert (parse_quantity(f"{words} 300").minimum, parse_quantity(f"{words} 300").maximum) == (300, 300), words
    for words in _COUNTS.after_count:
        assert parse_quantity(f"300 {words}").minimum == 300, words


def test_count_words_and_unit_nouns(nlp):
    doc = nlp("Thousands of soldiers and two battalions were sent.")
    assert quantities.is_count_word(doc[0])
    battalions = doc[5]
    q = quantities.quantity_of(battalions)
    assert q is not None and q.text == "two battalions" and q.minimum is None
