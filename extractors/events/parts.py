"""The typed parts an event row is assembled from, each owning its columns of the row.

A row is its mention (type, trigger, evidence sentence, framing), its parties, its place, its date and
its count. Each part is a small frozen record (or the record of the extractor that found it: a
PlaceMention, a TimeExpression, a Quantity), and one function per part gives that part's columns; a new
column touches EventRow, the part it comes from and that part's columns function only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional, TypedDict

from extractors.actors import Party
from extractors.dates import TimeExpression
from extractors import places
from extractors.places import PlaceMention
from extractors.quantities import Quantity
from schemas import EventRow


@dataclass(frozen=True, slots=True)
class Mention:
    """Where and how the event is said: its type, its trigger and evidence sentence (offsets in the article
    text as read) and its framing."""

    event_id: str
    event_type: str
    trigger: str
    trigger_start: int
    trigger_end: int
    evidence: str
    char_start: int
    char_end: int
    in_headline: bool
    polarity: str
    modality: str


@dataclass(frozen=True, slots=True)
class Parties:
    """Who did it (actor), to or with whom (target), and who says so (source)."""

    actor: Optional[Party] = None
    target: Optional[Party] = None
    source: Optional[Party] = None


@dataclass(frozen=True, slots=True)
class EventParts:
    """Everything one row says about one candidate."""

    mention: Mention
    parties: Parties
    place: Optional[PlaceMention] = None
    date: Optional[TimeExpression] = None
    quantity: Optional[Quantity] = None


class MentionColumns(TypedDict):
    event_id: str
    event_type: str
    trigger: str
    evidence: str
    char_start: int
    char_end: int
    trigger_start: int
    trigger_end: int
    polarity: str
    modality: str
    in_headline: bool


class PartyColumns(TypedDict):
    actor: Optional[str]
    actor_country: Optional[str]
    actor_kind: Optional[str]
    target: Optional[str]
    target_country: Optional[str]
    source: Optional[str]
    source_country: Optional[str]


class PlaceColumns(places.PlaceColumns):
    place_text: Optional[str]


class DateColumns(TypedDict):
    date_start: Optional[dt.date]
    date_end: Optional[dt.date]
    date_precision: Optional[str]
    date_qualifier: Optional[str]
    date_text: Optional[str]
    date_timex: Optional[str]


class QuantityColumns(TypedDict):
    quantity_min: Optional[int]
    quantity_max: Optional[int]
    quantity_text: Optional[str]


# the columns no part fills: the row's provenance, and links made after the rows exist
ROW_COLUMNS = ("article_id", "run_id", "about_event_id", "cluster_id")
PART_COLUMNS = (MentionColumns, PartyColumns, PlaceColumns, DateColumns, QuantityColumns)


def mention_columns(m: Mention) -> MentionColumns:
    return MentionColumns(
        event_id=m.event_id,
        event_type=m.event_type,
        trigger=m.trigger,
        evidence=m.evidence,
        char_start=m.char_start,
        char_end=m.char_end,
        trigger_start=m.trigger_start,
        trigger_end=m.trigger_end,
        polarity=m.polarity,
        modality=m.modality,
        in_headline=m.in_headline,
    )


def party_columns(p: Parties) -> PartyColumns:
    actor, target, source = p.actor, p.target, p.source
    return PartyColumns(
        actor=actor.text if actor else None,
        actor_country=actor.country if actor else None,
        actor_kind=actor.kind if actor else None,
        target=target.text if target else None,
        target_country=target.country if target else None,
        source=source.text if source else None,
        source_country=source.country if source else None,
    )


def place_columns(place: Optional[PlaceMention]) -> PlaceColumns:
    record = place.record if place is not None else None
    return {"place_text": place.text if place is not None else None, **(record.columns() if record else places.NO_PLACE)}


def date_columns(date: Optional[TimeExpression]) -> DateColumns:
    norm = date.norm if date is not None else None
    return DateColumns(
        date_start=norm.date_start if norm else None,
        date_end=norm.date_end if norm else None,
        date_precision=norm.date_precision if norm else None,
        date_qualifier=norm.date_qualifier if norm else None,
        date_text=norm.date_text if norm else None,
        date_timex=norm.timex if norm else None,
    )


def quantity_columns(quantity: Optional[Quantity]) -> QuantityColumns:
    return QuantityColumns(
        quantity_min=quantity.minimum if quantity else None,
        quantity_max=quantity.maximum if quantity else None,
        quantity_text=quantity.text if quantity else None,
    )


def event_row(parts: EventParts, *, article_id: str, run_id: str) -> EventRow:
    """The row of one event, each part giving its own columns."""
    return EventRow(
        article_id=article_id,
        run_id=run_id,
        **mention_columns(parts.mention),
        **party_columns(parts.parties),
        **place_columns(parts.place),
        **date_columns(parts.date),
        **quantity_columns(parts.quantity),
    )
