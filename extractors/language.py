"""Language identification, offline: only English articles are coded; the others become rejects.

py3langid (BSD-3, langid.py's model shipped inside the package; nothing is downloaded) judges the
article's body. It is told to reject only when it is sure: a text too short to judge, or one
with enough English in it (an English report quoting a Russian statement, a Korean page with an
English summary), is kept. A kept article records the language and confidence found.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Optional

from schemas import ArticleRow, RejectRow

CODED_LANGUAGE = "en"
MIN_WORDS = 20  # fewer words in the body: too short to judge, kept
REJECT_CONFIDENCE = 0.90  # a non-English verdict below this confidence is not trusted: kept
MIN_ENGLISH_SHARE = 0.30  # kept when paragraphs judged English hold at least this share of the words
SAMPLE_CHARS = 2000  # the body's opening this long is judged (the verdict is settled well before;
# a rerun judges every article again, so the cost per article stays small)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    language: Optional[str]  # None: too short to judge
    confidence: float


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify_language(text: str) -> LanguageGuess:
    """The text's language (ISO 639-1) and the identifier's confidence; None when too short to judge."""
    if len(_WORD.findall(text)) < MIN_WORDS:
        return LanguageGuess(None, 0.0)
    language, confidence = _identifier().classify(text)
    return LanguageGuess(language, round(float(confidence), 4))


def english_share(text: str) -> float:
    """Share of the words that are in paragraphs (blocks between blank lines, else lines) judged English."""
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(blocks) < 2:
        blocks = [b for b in text.splitlines() if b.strip()]
    counts = [(len(_WORD.findall(b)), b) for b in blocks]
    total = sum(n for n, _ in counts) or 1
    english = sum(n for n, b in counts if n and _identifier().classify(b)[0] == CODED_LANGUAGE)
    return english / total


def language_reject_reason(text: str) -> tuple[LanguageGuess, Optional[str]]:
    """(the guess, the reason to reject the text or None to keep it)."""
    guess = identify_language(text)
    if guess.language in (None, CODED_LANGUAGE) or guess.confidence < REJECT_CONFIDENCE:
        return guess, None
    if english_share(text) >= MIN_ENGLISH_SHARE:
        return guess, None  # mixed: enough English to code
    return guess, f"language {guess.language} ({guess.confidence:.2f}): only English is coded"


def keep_english(items: Iterable[ArticleRow | RejectRow], *, run_id: str) -> Iterator[ArticleRow | RejectRow]:
    """Pass rejects through; judge each article's body: English (or unsure) articles go on with their
    language recorded, the others become rejects."""
    for item in items:
        if not isinstance(item, ArticleRow):
            yield item
            continue
        guess, reason = language_reject_reason(item.text[item.body_start : min(item.body_end, item.body_start + SAMPLE_CHARS)])
        if reason:
            yield RejectRow(
                input_path=item.source_path, reason=reason, run_id=run_id, article_id=item.article_id, sha256=item.sha256
            )
        else:
            yield dataclasses.replace(item, language=guess.language, language_score=guess.confidence if guess.language else None)
