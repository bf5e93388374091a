"""The one validator of an events table version: every check a row (and the table) must pass.

Used by `muster run` before each commit (a failing batch is never committed) and by
`muster validate [--version N]`. Checks are Polars expressions over columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import polars as pl
import pyarrow as pa

from schemas.frames import arrow_frame
from schemas.records import EVENT_SCHEMA, EVENT_VOCABULARIES
from schemas.vocab import STATEMENT_TYPES


@dataclass(frozen=True, slots=True)
class Violation:
    check: str
    event_id: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}" + (f" (event {self.event_id})" if self.event_id else "")


@lru_cache(maxsize=1)
def _iso_codes() -> tuple[frozenset[str], frozenset[str]]:
    import pycountry

    alpha3 = frozenset(c.alpha_3 for c in pycountry.countries) | {"XKX"}  # Kosovo: user-assigned, widely used
    admin1 = frozenset(s.code for s in pycountry.subdivisions)
    return alpha3, admin1


@lru_cache(maxsize=1)
def _alpha2_to_alpha3() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries} | {"XK": "XKX"}


def _rows(frame: pl.DataFrame, mask: pl.Expr, check: str, message: str, limit: int = 20) -> list[Violation]:
    bad = frame.filter(mask.fill_null(False)).head(limit)
    return [Violation(check, r["event_id"], message.format(**r)) for r in bad.iter_rows(named=True)]


def _slices(ev: pl.DataFrame, articles: pa.Table) -> dict[str, pl.Series]:
    """Per event: its article's text length (null when the article is missing), and the text at its
    evidence and trigger offsets."""
    texts = dict(zip(articles.column("article_id").to_pylist(), articles.column("text").to_pylist()))
    lengths, evidence, trigger = [], [], []
    for aid, c0, c1, t0, t1 in ev.select("article_id", "char_start", "char_end", "trigger_start", "trigger_end").iter_rows():
        text = texts.get(aid)
        lengths.append(len(text) if text is not None else None)
        evidence.append(text[max(c0, 0) : max(c1, 0)] if text is not None else None)
        trigger.append(text[max(t0, 0) : max(t1, 0)] if text is not None else None)
    return {
        "_length": pl.Series(lengths, dtype=pl.Int64),
        "_evidence": pl.Series(evidence, dtype=pl.String),
        "_trigger": pl.Series(trigger, dtype=pl.String),
    }


def check_schema(events: pa.Table) -> list[Violation]:
    out = []
    expected = {f.name: f for f in EVENT_SCHEMA}
    actual = {f.name: f for f in events.schema}
    for name in expected.keys() - actual.keys():
        out.append(Violation("schema", None, f"missing column {name}"))
    for name in actual.keys() - expected.keys():
        out.append(Violation("schema", None, f"unexpected column {name}"))
    for name in expected.keys() & actual.keys():
        if not actual[name].type.equals(expected[name].type):
            out.append(Violation("schema", None, f"column {name} is {actual[name].type}, expected {expected[name].type}"))
        elif not expected[name].nullable and events.column(name).null_count:
            out.append(Violation("schema", None, f"column {name} has {events.column(name).null_count} nulls"))
    return out


def validate_events(events: pa.Table, articles: pa.Table) -> list[Violation]:
    """All violations of an events table against the articles it was extracted from ([] = valid)."""
    out = check_schema(events)
    if out:
        return out  # the remaining checks assume the schema
    ev = arrow_frame(events)
    alpha3, admin1 = _iso_codes()

    dup = ev.group_by("event_id").len().filter(pl.col("len") > 1)
    out += [
        Violation("unique_event_id", r["event_id"], f"event_id appears {r['len']} times")
        for r in dup.head(20).iter_rows(named=True)
    ]

    out += _rows(ev, pl.col("date_start") > pl.col("date_end"), "date_order", "date_start {date_start} after date_end {date_end}")
    out += _rows(
        ev, pl.col("date_start").is_null() != pl.col("date_end").is_null(), "date_order", "only one of date_start/date_end is set"
    )
    out += _rows(
        ev,
        (pl.col("quantity_min") > pl.col("quantity_max")),
        "quantity_order",
        "quantity_min {quantity_min} > quantity_max {quantity_max}",
    )

    for column, vocab in EVENT_VOCABULARIES.items():
        out += _rows(
            ev,
            pl.col(column).is_not_null() & ~pl.col(column).is_in(list(vocab)),
            "vocabulary",
            f"{column}={{{column}}} is not one of {', '.join(vocab)}",
        )
    for column in ("actor_country", "target_country", "source_country", "place_country"):
        out += _rows(
            ev,
            pl.col(column).is_not_null() & ~pl.col(column).is_in(list(alpha3)),
            "iso3166",
            f"{column}={{{column}}} is not an ISO 3166-1 alpha-3 code",
        )
    out += _rows(
        ev,
        pl.col("place_admin1").is_not_null() & ~pl.col("place_admin1").is_in(list(admin1)),
        "iso3166",
        "place_admin1={place_admin1} is not an ISO 3166-2 code",
    )

    # the text itself is never joined onto the events: one copy per event of a long article's text
    # would take memory in proportion to events x length; slices are cut per row instead
    joined = ev.with_columns(**_slices(ev, articles))
    out += _rows(joined, pl.col("_length").is_null(), "article", "article {article_id} is not in the articles table")
    in_text = pl.col("_length").is_not_null()
    out += _rows(
        joined,
        in_text
        & ((pl.col("char_start") < 0) | (pl.col("char_start") >= pl.col("char_end")) | (pl.col("char_end") > pl.col("_length"))),
        "offsets",
        "char_start {char_start}..char_end {char_end} is not a span of the article text",
    )
    spans = joined.filter(in_text & (pl.col("char_start") >= 0) & (pl.col("char_start") < pl.col("char_end")))
    out += _rows(
        spans, pl.col("_evidence") != pl.col("evidence"), "offsets", "text[{char_start}:{char_end}] is not the stored evidence"
    )
    out += _rows(
        ev,
        (pl.col("trigger_start") < pl.col("char_start"))
        | (pl.col("trigger_end") > pl.col("char_end"))
        | (pl.col("trigger_start") >= pl.col("trigger_end")),
        "offsets",
        "trigger offsets fall outside the evidence",
    )
    out += _rows(ev, pl.col("trigger").str.strip_chars() == "", "trigger", "empty trigger")
    out += _rows(
        spans,
        pl.col("_trigger") != pl.col("trigger"),
        "offsets",
        "text[{trigger_start}:{trigger_end}] is not the stored trigger {trigger!r}",
    )

    out += _rows(
        ev,
        pl.col("date_start").is_not_null() & pl.col("date_precision").is_null(),
        "date_precision",
        "dated event without date_precision",
    )
    out += _rows(
        ev, pl.col("latitude").is_null() != pl.col("longitude").is_null(), "coordinates", "only one of latitude/longitude is set"
    )
    out += _rows(
        ev,
        ~pl.col("latitude").is_between(-90, 90) | ~pl.col("longitude").is_between(-180, 180),
        "coordinates",
        "latitude {latitude}, longitude {longitude} is not on Earth",
    )
    admin1_country = pl.col("place_admin1").str.split("-").list.first().replace_strict(_alpha2_to_alpha3(), default=None)
    out += _rows(
        ev,
        pl.col("place_admin1").is_not_null()
        & pl.col("place_country").is_not_null()
        & (admin1_country != pl.col("place_country")),
        "iso3166",
        "place_admin1={place_admin1} is not a subdivision of place_country={place_country}",
    )

    out += _rows(
        ev,
        pl.col("about_event_id").is_not_null() & ~pl.col("event_type").is_in(list(STATEMENT_TYPES)),
        "about_event_id",
        "a {event_type} has about_event_id (only {statement_types} are about another event)".replace(
            "{statement_types}", "/".join(STATEMENT_TYPES)
        ),
    )
    out += _rows(ev, pl.col("about_event_id") == pl.col("event_id"), "about_event_id", "event is about itself")
    linked = ev.filter(pl.col("about_event_id").is_not_null()).join(
        ev.select(pl.col("event_id").alias("about_event_id"), pl.col("article_id").alias("_about_article")),
        on="about_event_id",
        how="left",
    )
    out += _rows(
        linked,
        pl.col("_about_article").is_null() | (pl.col("_about_article") != pl.col("article_id")),
        "about_event_id",
        "about_event_id {about_event_id} is not an event of the same article",
    )
    return out
