"""The date grammar as data (extractors/data/dates/): every rule's examples run, through that rule, in the
normalizer and (for find rules) in running text; the loader refuses unknown, missing and unused keys."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extractors import dates
from extractors.articles import parse_published
from extractors.dates import RULES, find_dates, normalize_date, rule_for

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [pytest.param(rule, ex, id=f"{rule.name}:{ex.text}@{ex.published}") for rule in RULES for ex in rule.examples]
SENTENCES = [pytest.param(rule, ex, id=f"{rule.name}:{ex.text}") for rule in RULES for ex in rule.examples if ex.sentence]


@pytest.mark.parametrize("rule,example", EXAMPLES)
def test_rule_example_normalizes_through_its_rule(rule, example):
    pub = parse_published(example.published)
    norm = normalize_date(example.text, pub.date, published_precision=pub.precision, context=example.context or example.sentence)
    assert norm.timex == example.timex
    assert rule_for(example.text, pub.date, published_precision=pub.precision) in (rule.name, f"part:{rule.name}")


@pytest.mark.parametrize("rule,example", SENTENCES)
def test_rule_example_is_found_in_running_text_with_the_same_value(nlp, rule, example):
    pub = parse_published(example.published)
    found = find_dates(nlp(example.sentence), published=pub.date, published_precision=pub.precision)
    hits = [e for e in found if e.text == example.text]
    assert hits, f"found {[e.text for e in found]}"
    assert hits[0].norm.timex == example.timex
    assert rule_for(hits[0].text, pub.date, published_precision=pub.precision) == rule.name


def test_every_find_rule_has_a_sentence_and_every_rule_is_used():
    assert all(any(e.sentence for e in r.examples) for r in RULES if r.find)
    assert {r.normalize for r in RULES} == set(dates._NORMALIZERS)


def test_one_year_range_in_finder_and_normalizer(nlp):
    first, last = dates.VOCAB.first_year, dates.VOCAB.last_year
    for y, ok in ((first, True), (last, True), (first - 1, False), (last + 1, False)):
        norm = normalize_date(str(y), dt.date(2025, 9, 21))
        assert (norm.timex == str(y)) is ok
        found = find_dates(nlp(f"The fort was built in {y} by hand."), published=dt.date(2025, 9, 21), published_precision="day")
        assert (f"{y}" in [e.text for e in found]) is ok, [e.text for e in found]


def test_qualifiers_are_one_table_for_finder_and_normalizer(nlp):
    """Every qualifier phrase normalize-date knows is kept in running text, with the same qualifier."""
    cases = {
        "no later than March": "until",
        "sometime in 2023": "around",
        "up until late 2024": "until",
        "no earlier than June": "after",
        "earlier than 2020": "before",
        "c. 1990": "around",
    }
    for phrase, qualifier in cases.items():
        found = find_dates(
            nlp(f"Officials said the troops would stay {phrase}, a report said."),
            published=dt.date(2025, 9, 21),
            published_precision="day",
        )
        assert [(e.text, e.norm.date_qualifier) for e in found] == [(phrase, qualifier)]
        assert normalize_date(phrase, dt.date(2025, 9, 21)).date_qualifier == qualifier


def test_holiday_calendar_follows_the_names_around_it(nlp):
    pub = dt.date(2025, 9, 21)

    def day(sentence):
        return [e.norm.timex for e in find_dates(nlp(sentence), published=pub, published_precision="day")]

    assert day("North Korea marked Victory Day with a rally in Pyongyang.") == ["2025-07-27"]
    assert day("Pyongyang sent a delegation to the Victory Day parade in Moscow.") == ["2025-05-09"]
    assert normalize_date("Victory Day", pub, context="Kim Jong Un spoke on Victory Day.").timex == "2025-07-27"
    assert normalize_date("Victory Day", pub).timex == "2025-05-09"  # no cue: the first calendar of default_order
    assert normalize_date("Independence Day", pub, context="Kyiv marked Independence Day.").timex == "2025-08-24"


def test_every_holiday_has_a_source_and_resolves():
    for cal in dates.CALENDARS:
        for h in cal.holidays:
            assert h.source.strip()
            for name in h.names:
                norm = normalize_date(f"{name} 2024", dt.date(2025, 9, 21))
                assert norm.date_start is not None and norm.date_start.year == 2024, name


# --- the loader refuses a bad grammar (each case a real import of the module on an edited copy) ---------


def _load_with(tmp_path: Path, edit) -> subprocess.CompletedProcess:
    folder = tmp_path / "dates"
    shutil.copytree(ROOT / "extractors" / "data" / "dates", folder)
    edit(folder)
    env = {**os.environ, "MUSTER_DATE_GRAMMAR": str(folder)}
    return subprocess.run(
        [sys.executable, "-c", "import extractors.dates"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _replace(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    "file,old,new,message",
    [
        ("rules.toml", 'normalize = "month_day"', 'normalise = "month_day"', "unknown ['normalise']"),
        ("rules.toml", 'find = false\nexamples = [{ text = "2024-12"', 'examples = [{ text = "2024-12"', "missing ['find']"),
        ("vocabulary.toml", "[durations]\n", "[duration]\n", "unknown ['duration']"),
        ("vocabulary.toml", 'until = ["up (?:un)?til"', 'untill = ["up (?:un)?til"', "missing ['until']"),
        (
            "patterns.toml",
            "th = '(?:st|nd|rd|th)'\n",
            "th = '(?:st|nd|rd|th)'\nspare = 'x'\n",
            "sub-patterns no rule uses: ['spare']",
        ),
        (
            "rules.toml",
            "pattern = '{weekday_lead}(?P<mon>",
            "pattern = '{weekdays_lead}(?P<mon>",
            "unknown sub-pattern {weekdays_lead}",
        ),
        ("rules.toml", "args = { days = -2 }", "args = { day = -2 }", "missing ['days']"),
        ("holidays.toml", 'date = "05-09", source', 'date = "05-09", sauce', "unknown ['sauce']"),
        ("holidays.toml", 'date = "07-27", source', 'date = "07-32", source', "day is out of range"),
    ],
)
def test_a_bad_grammar_fails_at_load_time(tmp_path, file, old, new, message):
    result = _load_with(tmp_path, lambda folder: _replace(folder, file, old, new))
    assert result.returncode != 0
    assert message in result.stderr, result.stderr[-600:]


def test_the_shipped_grammar_loads(tmp_path):
    assert _load_with(tmp_path, lambda folder: None).returncode == 0
