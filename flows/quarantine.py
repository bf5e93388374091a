"""Per-article failure handling: an article whose extraction raises, or whose rows fail validation, is
quarantined (a rejects row with the check and the offending event) while the rest of its chunk goes on.

The parse runs in batches for speed; when a batch raises, its articles are parsed one by one so only
the article that raises is quarantined. Validation runs once per chunk; the articles its violations
point at are set aside and the rest is validated again.
"""

from __future__ import annotations

import dataclasses
import json
import traceback
from pathlib import Path
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Optional

import pyarrow as pa
from spacy.language import Language
from spacy.tokens import Doc

from extractors.nlp import parse_articles
from schemas import ArticleRow, EventRow, RejectRow, to_table
from schemas.validate import Violation, validate_events


@dataclass(frozen=True, slots=True)
class Quarantined:
    """One article set aside, and why."""

    article: ArticleRow
    check: str  # the validator check, or "exception"
    message: str
    detail: Optional[str]  # the offending event as JSON, or the exception and where it was raised

    def reject(self, run_id: str, muster_version: str) -> RejectRow:
        return RejectRow(
            input_path=self.article.source_path,
            reason=f"quarantined: {self.check}: {self.message}",
            run_id=run_id,
            article_id=self.article.article_id,
            sha256=self.article.input_sha256,
            kind="quarantine",
            check=self.check,
            detail=self.detail,
            muster_version=muster_version,
        )


@dataclass(slots=True)
class ChunkOutcome:
    rows: list[EventRow]
    quarantined: list[Quarantined]


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    last = frames[-1] if frames else None
    at = f" at {Path(last.filename).name}:{last.lineno} in {last.name}" if last else ""
    return f"{type(exc).__name__}: {exc}"[:500] + at


def _parse_guarded(
    nlp: Language, articles: list[ArticleRow]
) -> Iterator[tuple[ArticleRow, Optional[Doc], Optional[BaseException]]]:
    """(article, doc, None) for each article that parses, (article, None, exception) for one that raises."""
    i = 0
    while i < len(articles):
        try:
            for doc, article in parse_articles(nlp, articles[i:]):
                yield article, doc, None
                i += 1
        except Exception:  # noqa: BLE001 - some article of the batch raised: find it by parsing one at a time
            article = articles[i]
            try:
                ((doc, _),) = list(parse_articles(nlp, [article]))
            except Exception as exc:  # noqa: BLE001 - this one is the culprit
                yield article, None, exc
            else:
                yield article, doc, None
            i += 1


def _json_event(row: EventRow) -> str:
    return json.dumps(
        {
            k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in dataclasses.asdict(row).items()
            if k not in ("evidence",)
        },
        ensure_ascii=False,
    )


def extract_guarded(
    nlp: Language, articles: list[ArticleRow], extract: Callable[..., list[EventRow]], *, run_id: str
) -> ChunkOutcome:
    """Parse and extract every article; quarantine those that raise or whose rows fail validation."""
    rows: list[EventRow] = []
    quarantined: list[Quarantined] = []
    kept: list[ArticleRow] = []
    for article, doc, error in _parse_guarded(nlp, articles):
        if error is None:
            try:
                found = extract(doc, article, run_id=run_id)
            except Exception as exc:  # noqa: BLE001 - quarantined with the exception and where it was raised
                error = exc
        if error is not None:
            quarantined.append(Quarantined(article, "exception", f"extraction raised {type(error).__name__}", _where(error)))
            continue
        kept.append(article)
        rows.extend(found)
    rows, more = _validated(rows, kept)
    quarantined.extend(more)
    return ChunkOutcome(rows, quarantined)


def _validated(rows: list[EventRow], articles: list[ArticleRow]) -> tuple[list[EventRow], list[Quarantined]]:
    """Rows that pass the validator, and the articles whose rows did not (with the first violation)."""
    by_article = {a.article_id: a for a in articles}
    quarantined: list[Quarantined] = []
    while rows:
        violations = validate_events(to_table(rows, EventRow), _articles_table(by_article.values()))
        if not violations:
            break
        bad = _offenders(violations, rows)
        if not bad:  # a violation no event points at (a schema problem): validate article by article
            bad = {
                aid: v
                for aid in {r.article_id for r in rows}
                if (v := _first_violation([r for r in rows if r.article_id == aid], by_article[aid]))
            }
            if not bad:  # only the rows together break a check: none of them may be committed
                bad = {aid: (violations[0], None) for aid in {r.article_id for r in rows}}
        for aid, (violation, row) in bad.items():
            quarantined.append(
                Quarantined(
                    by_article.pop(aid), violation.check, violation.message, _json_event(row) if row is not None else None
                )
            )
        rows = [r for r in rows if r.article_id not in bad]
    return rows, quarantined


def _articles_table(articles: Iterable[ArticleRow]) -> pa.Table:
    return to_table(list(articles), ArticleRow)


def _offenders(violations: list[Violation], rows: list[EventRow]) -> dict[str, tuple[Violation, Optional[EventRow]]]:
    by_id = {r.event_id: r for r in rows}
    out: dict[str, tuple[Violation, Optional[EventRow]]] = {}
    for v in violations:
        row = by_id.get(v.event_id) if v.event_id else None
        if row is not None and row.article_id not in out:
            out[row.article_id] = (v, row)
    return out


def _first_violation(rows: list[EventRow], article: ArticleRow) -> Optional[tuple[Violation, Optional[EventRow]]]:
    violations = validate_events(to_table(rows, EventRow), _articles_table([article]))
    if not violations:
        return None
    by_id = {r.event_id: r for r in rows}
    v = violations[0]
    return v, by_id.get(v.event_id) if v.event_id else (rows[0] if rows else None)
