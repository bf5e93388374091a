"""Typed records and the Arrow schemas derived from them: one definition per table.

Each record is a frozen dataclass; its Arrow schema is derived from the annotations,
so a column cannot exist in one and not the other. ``arrow`` metadata overrides the
default Arrow type; ``required`` marks non-nullable columns; ``vocab`` names the controlled
vocabulary (schemas/vocab.py) a column's values come from: the validator checks it, and
readers get the column as a ``pl.Enum`` of it (schemas/frames.py). Vocabularies only grow,
so every value an older table holds is still in its column's vocabulary.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Iterable, Optional

import pyarrow as pa

from schemas.vocab import (
    ACTOR_KINDS,
    ARTICLE_STATUSES,
    DATE_PRECISIONS,
    DATE_QUALIFIERS,
    EVENT_TYPES,
    INPUT_KINDS,
    MODALITIES,
    PLACE_PRECISIONS,
    POLARITIES,
    PUBLISHED_PRECISIONS,
    PUBLISHED_SOURCES,
    REJECT_KINDS,
    TEXT_METHODS,
)

_DEFAULT_ARROW = {str: pa.string(), int: pa.int64(), float: pa.float64(), bool: pa.bool_(), dt.date: pa.date32()}


def _col(
    arrow: pa.DataType | None = None, *, required: bool = False, doc: str = "", vocab: tuple[str, ...] | None = None, default=None
):
    return field(default=default, metadata={"arrow": arrow, "required": required, "doc": doc, "vocab": vocab})


def _req(arrow: pa.DataType | None = None, doc: str = "", vocab: tuple[str, ...] | None = None):
    return field(metadata={"arrow": arrow, "required": True, "doc": doc, "vocab": vocab})


def arrow_schema(record_type: type) -> pa.Schema:
    hints = typing.get_type_hints(record_type)
    fields = []
    for f in dataclasses.fields(record_type):
        hint = hints[f.name]
        if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        arrow = f.metadata.get("arrow") or _DEFAULT_ARROW[hint]
        meta = {"doc": f.metadata.get("doc", "")} if f.metadata.get("doc") else None
        fields.append(pa.field(f.name, arrow, nullable=not f.metadata.get("required", False), metadata=meta))
    return pa.schema(fields)


def vocabularies(record_type: type) -> dict[str, tuple[str, ...]]:
    """Column → its controlled vocabulary, for the columns of a record that have one (in record order)."""
    return {f.name: f.metadata["vocab"] for f in dataclasses.fields(record_type) if f.metadata.get("vocab")}


@dataclass(frozen=True, slots=True)
class EventRow:
    """One event mention, every field of the codebook (docs/codebook.md)."""

    event_id: str = _req(doc="stable hash of article content and event (type, sentence, trigger)")
    article_id: str = _req()
    run_id: str = _req()
    event_type: str = _req(vocab=EVENT_TYPES)
    trigger: str = _req(doc="the word or phrase that signals the event")
    evidence: str = _req(doc="the sentence holding the event")
    char_start: int = _req(pa.int32(), doc="offset of evidence in the article text as read")
    char_end: int = _req(pa.int32())
    trigger_start: int = _req(pa.int32(), doc="offset of the trigger in the article text as read")
    trigger_end: int = _req(pa.int32())
    polarity: str = _req(vocab=POLARITIES)
    modality: str = _req(vocab=MODALITIES)
    in_headline: bool = _req()
    actor: Optional[str] = _col()
    actor_country: Optional[str] = _col(doc="ISO 3166-1 alpha-3")
    actor_kind: Optional[str] = _col(vocab=ACTOR_KINDS)
    target: Optional[str] = _col()
    target_country: Optional[str] = _col()
    source: Optional[str] = _col()
    source_country: Optional[str] = _col()
    place_text: Optional[str] = _col(doc="the place as written in the evidence")
    place_name: Optional[str] = _col(doc="canonical English name")
    place_country: Optional[str] = _col()
    place_admin1: Optional[str] = _col(doc="ISO 3166-2")
    place_geonames_id: Optional[int] = _col()
    latitude: Optional[float] = _col()
    longitude: Optional[float] = _col()
    place_precision: Optional[str] = _col(vocab=PLACE_PRECISIONS)
    date_start: Optional[dt.date] = _col()
    date_end: Optional[dt.date] = _col()
    date_precision: Optional[str] = _col(vocab=DATE_PRECISIONS)
    date_qualifier: Optional[str] = _col(vocab=DATE_QUALIFIERS)
    date_text: Optional[str] = _col()
    date_timex: Optional[str] = _col(doc="TimeML TIMEX3 value")
    quantity_min: Optional[int] = _col()
    quantity_max: Optional[int] = _col()
    quantity_text: Optional[str] = _col()
    about_event_id: Optional[str] = _col(doc="for confirmation/denial: the event it is about")
    cluster_id: Optional[str] = _col(doc="cross-article grouping; not yet filled")


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One input article as read, with its provenance and boilerplate-free body span."""

    article_id: str = _req()
    sha256: str = _req(doc="sha256 of the raw bytes read")
    input_sha256: str = _req(
        doc="sha256 of the content and the manifest fields extraction depends on "
        "(title, published): an article is re-extracted when it changes"
    )
    text: str = _req(doc="the text exactly as read; every offset indexes it")
    body_start: int = _req(pa.int32())
    body_end: int = _req(pa.int32())
    status: str = _req(vocab=ARTICLE_STATUSES)
    run_id: str = _req()
    source_path: str = _req()
    title: Optional[str] = _col()
    headline_start: Optional[int] = _col(pa.int32(), doc="offset of the headline in text, when it is there")
    headline_end: Optional[int] = _col(pa.int32())
    publisher: Optional[str] = _col()
    url: Optional[str] = _col()
    published: Optional[dt.date] = _col(doc="first day of the published period")
    published_precision: Optional[str] = _col(doc="day, month or year", vocab=PUBLISHED_PRECISIONS)
    status_reason: Optional[str] = _col(doc="why the status is not ok (the check that quarantined it, ...)")
    muster_version: Optional[str] = _col(
        doc="the muster version (and git commit) that extracted it: a quarantined article is retried when this changes"
    )
    author: Optional[str] = _col(doc="as given by the page's metadata (HTML and WARC inputs)")
    input_kind: Optional[str] = _col(doc="what the article was read from: txt, jsonl, html or warc", vocab=INPUT_KINDS)
    text_method: Optional[str] = _col(
        doc="how text was obtained: as_read (the input's text) or trafilatura "
        "(main text extracted from an HTML page; the raw bytes are hashed)",
        vocab=TEXT_METHODS,
    )
    published_source: Optional[str] = _col(
        doc="where published came from: manifest, jsonl, page_meta (the page's metadata or url) or warc_date (the crawl date)",
        vocab=PUBLISHED_SOURCES,
    )
    language: Optional[str] = _col(doc="ISO 639-1 code identified from the body (null: too short to judge)")
    language_score: Optional[float] = _col(doc="the identifier's confidence in language, 0..1")


@dataclass(frozen=True, slots=True)
class RejectRow:
    """An input that could not become an article, or an article quarantined by extraction, with the reason."""

    input_path: str = _req()
    reason: str = _req()
    run_id: str = _req()
    article_id: Optional[str] = _col()
    sha256: Optional[str] = _col(doc="sha256 of the input read (for a quarantined article: its input_sha256)")
    kind: Optional[str] = _col(
        doc="input (could not be read as an article) or quarantine (extraction or validation failed)", vocab=REJECT_KINDS
    )
    check: Optional[str] = _col(doc="quarantine: the validator check that failed, or 'exception'")
    detail: Optional[str] = _col(doc="quarantine: the offending event (JSON) or the exception and where it was raised")
    muster_version: Optional[str] = _col(doc="the muster version (and git commit) that wrote the row")


EVENT_SCHEMA = arrow_schema(EventRow)
ARTICLE_SCHEMA = arrow_schema(ArticleRow)
REJECT_SCHEMA = arrow_schema(RejectRow)
EVENT_VOCABULARIES = vocabularies(EventRow)
ARTICLE_VOCABULARIES = vocabularies(ArticleRow)
REJECT_VOCABULARIES = vocabularies(RejectRow)
_SCHEMAS = {EventRow: EVENT_SCHEMA, ArticleRow: ARTICLE_SCHEMA, RejectRow: REJECT_SCHEMA}


def to_table(rows: Iterable, record_type: type) -> pa.Table:
    """Records → Arrow table with the record's schema (column-wise, no per-row dicts)."""
    schema = _SCHEMAS[record_type]
    rows = list(rows)
    columns = {name: [getattr(r, name) for r in rows] for name in schema.names}
    return pa.table(columns, schema=schema)
