"""Language identification: non-English articles are rejects with the language and confidence;
short and mixed texts are kept. Texts written for these tests."""

from __future__ import annotations

import json
import re

import pytest

from extractors.articles import read_articles
from extractors.language import MIN_WORDS, identify_language, language_reject_reason
from schemas import ArticleRow, RejectRow

ENGLISH = (
    "North Korea has sent about 1,500 soldiers to eastern Russia, South Korea's spy agency said on Friday, "
    "adding that more troops were expected to follow in the coming weeks after training near Vladivostok."
)
RUSSIAN = (
    "Министерство обороны сообщило в понедельник, что новые подразделения прибыли в приграничный район. "
    "По словам представителя ведомства, военные проведут совместные учения до конца месяца, а местные власти "
    "попросили жителей сохранять спокойствие и следить за официальными сообщениями."
)
KOREAN = (
    "국방부는 월요일 새로운 부대가 국경 지역에 도착했다고 밝혔다. 대변인에 따르면 군은 이달 말까지 합동 훈련을 "
    "실시할 예정이며, 지방 당국은 주민들에게 침착함을 유지하고 공식 발표를 확인해 달라고 요청했다. 전문가들은 "
    "이번 배치가 지역 안보 상황에 큰 영향을 미칠 것이라고 분석했다."
)
REASON = re.compile(r"language (\w+) \((\d\.\d\d)\): only English is coded")


@pytest.mark.parametrize("text,language", [(RUSSIAN, "ru"), (KOREAN, "ko")])
def test_non_english_is_rejected_with_language_and_confidence(text, language):
    guess, reason = language_reject_reason(text)
    m = REASON.fullmatch(reason or "")
    assert m and m[1] == language == guess.language and float(m[2]) >= 0.9


def test_english_is_kept_and_recorded():
    guess, reason = language_reject_reason(ENGLISH)
    assert reason is None and guess.language == "en" and guess.confidence > 0.9


def test_short_texts_are_not_judged():
    short = "Войска прибыли в понедельник."
    assert len(short.split()) < MIN_WORDS
    guess, reason = language_reject_reason(short)
    assert reason is None and guess.language is None


def test_mixed_text_with_enough_english_is_kept():
    """A Russian statement quoted in full, with the English report around it: coded."""
    mixed = f"{RUSSIAN}\n\n{ENGLISH}\n\nThe statement was read out on state television, officials in Seoul said."
    assert identify_language(mixed).language in ("ru", "en")
    assert language_reject_reason(mixed)[1] is None


def test_read_articles_turns_other_languages_into_rejects(tmp_path):
    path = tmp_path / "mixed-languages.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({"id": i, "text": t, "published": "2025-03-10"})
            for i, t in (("en-1", ENGLISH), ("ru-1", RUSSIAN), ("ko-1", KOREAN))
        )
        + "\n",
        encoding="utf-8",
    )
    items = list(read_articles(path, run_id="t"))
    (en,) = [i for i in items if isinstance(i, ArticleRow)]
    assert (en.article_id, en.language) == ("en-1", "en") and en.language_score > 0.9
    rejects = {r.article_id: r.reason for r in items if isinstance(r, RejectRow)}
    assert REASON.fullmatch(rejects["ru-1"])[1] == "ru" and REASON.fullmatch(rejects["ko-1"])[1] == "ko"
