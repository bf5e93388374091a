"""The place-choice weights table (extractors/data/place_scores.toml): checked at load, every weight
used, and the explanation of a choice adds up to its score."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from extractors import places
from extractors.place_scores import PLACE_SCORES_TOML, PlaceScores, load_place_scores
from extractors.ruledata import RuleDataError

SIGNED = re.compile(r"(?<![\w.])([+-]\d+(?:\.\d+)?)$")


def _sum_of(explanation_line: str) -> tuple[float, float]:
    """(score, base + every signed weight) of a 'chose/over ... score S: base B (...); ... +w; ...' line."""
    head, _, body = explanation_line.partition(": ")
    score = float(head.rsplit("score ", 1)[1])
    parts = body.split("; ")
    base = total = float(parts[0].split()[1])  # the base as shown already holds a curated name's floor
    cap = None
    for part in parts[1:]:
        if part.startswith("evidence capped at "):
            cap = float(part.rsplit(" ", 1)[1])
            continue
        m = SIGNED.search(part)
        if m and "at least" not in part:
            total += float(m.group(1))
    return score, total if cap is None else base + cap


@pytest.mark.parametrize(
    "mention,context,article",
    [
        ("Kursk", "North Korean troops were sent to Kursk.", None),
        (
            "Warren County",
            "Damage was worst in Warren County.",
            "Storms hit Bowling Green, Ky.\nDamage was worst in Warren County.",
        ),
        (
            "Nelson",
            "Fires near Nelson forced evacuations.",
            "Fires near Nelson, B.C., forced evacuations.\nNelson is in the Kootenays.",
        ),
        ("Georgia", "The minister flew to Georgia on Monday.", None),
    ],
)
def test_the_explanation_adds_up_to_the_score(mention, context, article):
    record = places.resolve_place(mention, context, article)
    assert record is not None
    lines = [x for x in record.explanation if x.startswith(("chose ", "over "))]
    assert lines
    for line in lines:
        score, total = _sum_of(line)
        assert total == pytest.approx(score, abs=0.11), line


def test_a_weight_changed_in_the_table_changes_the_explanation(tmp_path):
    text = PLACE_SCORES_TOML.read_text(encoding="utf-8")
    changed = tmp_path / "s.toml"
    changed.write_text(text.replace("[context_country]\nvalue = 22.0", "[context_country]\nvalue = 7.5"), encoding="utf-8")
    w = load_place_scores(changed)
    why: list[str] = []
    assert w.context_country.add(why, country="KOR") == 7.5
    assert why == ["country KOR named in context +7.5"]


def test_a_misspelled_or_missing_key_fails_at_load(tmp_path):
    text = PLACE_SCORES_TOML.read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("[article_pair]", "[article_pairs]"), encoding="utf-8")
    with pytest.raises(RuleDataError, match="article_pair"):
        load_place_scores(bad)
    bad.write_text(text.replace("town_million = 6.0", ""), encoding="utf-8")
    with pytest.raises(RuleDataError, match="town_million"):
        load_place_scores(bad)
    bad.write_text(text.replace("admin1 = 40.0, ", ""), encoding="utf-8")
    with pytest.raises(RuleDataError, match="by_kind"):
        load_place_scores(bad)


def test_every_weight_is_used_by_the_code():
    source = Path(places.__file__).read_text(encoding="utf-8")
    for f in dataclasses.fields(PlaceScores):
        if f.name != "base":
            assert f"w.{f.name}." in source, f"{f.name} is in place_scores.toml but places.py never uses it"
    for f in dataclasses.fields(type(load_place_scores().base)):
        if not f.name.startswith("town_"):
            assert f"w.base.{f.name}" in source, f"base.{f.name} is never used"
