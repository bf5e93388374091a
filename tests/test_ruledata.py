"""The checked loader for rule data files (extractors/ruledata.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

from extractors.ruledata import RuleDataError, load


@dataclass(frozen=True)
class _Weights:
    capital: float
    town: float = 0.0


@dataclass(frozen=True)
class _Cues:
    negation: frozenset[str]
    order: tuple[str, ...]
    weights: _Weights
    counts: dict[str, int]
    note: Optional[str] = None


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "rules.toml"
    p.write_text(body, encoding="utf-8")
    return p


GOOD = """
[cues]
negation = ["not", "never"]
order = ["a", "b"]
counts = { dozens = 24 }
[cues.weights]
capital = 2
"""


def test_a_good_file_loads_into_typed_records(tmp_path):
    cues = load(_write(tmp_path, GOOD), _Cues, section="cues")
    assert cues.negation == frozenset({"not", "never"})
    assert cues.order == ("a", "b")
    assert cues.weights == _Weights(capital=2.0, town=0.0)
    assert cues.counts == {"dozens": 24}
    assert cues.note is None


@pytest.mark.parametrize(
    "body, message",
    [
        (GOOD.replace("negation =", "negaton ="), "unknown key(s) 'negaton'"),
        (GOOD.replace('order = ["a", "b"]\n', ""), "missing key 'order'"),
        (GOOD.replace('["not", "never"]', '["not", 3]'), "negation[1]: expected str"),
        (GOOD.replace("capital = 2", 'capital = "high"'), "weights.capital: expected a number"),
        (GOOD.replace("capital = 2", "capital = 2\ncapitol = 1"), "unknown key(s) 'capitol'"),
        (GOOD.replace("counts = { dozens = 24 }", 'counts = { dozens = "24" }'), "counts.dozens: expected int"),
    ],
)
def test_a_wrong_file_fails_at_load_naming_the_key(tmp_path, body, message):
    with pytest.raises(RuleDataError) as exc:
        load(_write(tmp_path, body), _Cues, section="cues")
    assert message in str(exc.value)
    assert "rules.toml" in str(exc.value)


def test_a_missing_table_and_bad_toml_are_named(tmp_path):
    with pytest.raises(RuleDataError, match=r"missing table \[cues\]"):
        load(_write(tmp_path, "[other]\nx = 1\n"), _Cues, section="cues")
    with pytest.raises(RuleDataError, match="not valid TOML"):
        load(_write(tmp_path, "[cues\n"), _Cues, section="cues")
