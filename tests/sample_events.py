"""A small, valid events + articles pair built from typed records, for tests that need events
whatever the extractors produce today (validator, diff, snapshot, report tests break it or
change it on purpose). Offsets are computed from the article text, never typed by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
from deltalake import CommitProperties, write_deltalake

from schemas import ArticleRow, EventRow, to_table

TEXT_A1 = (
    "North Korean troops deployed to Kursk\n\n"
    "Hundreds of North Korean soldiers were deployed to Russia's Kursk region in July, officials said. "
    "Pyongyang confirmed the deployment on Friday."
)
TEXT_A2 = "Workers enlist\n\nNorth Korean workers signed contracts with the Russian military in Moscow on Dec. 19, 2024."


def _span(text: str, sentence_start: str, trigger: str) -> dict:
    start = text.index(sentence_start)
    end = text.index(".", start) + 1
    t = text.index(trigger, start)
    return dict(
        evidence=text[start:end], char_start=start, char_end=end, trigger=trigger, trigger_start=t, trigger_end=t + len(trigger)
    )


def sample_rows(run_id: str = "run-1") -> list[EventRow]:
    base = dict(run_id=run_id, polarity="affirmed", modality="asserted", in_headline=False)
    return [
        EventRow(
            event_id="ev-deploy",
            article_id="a1",
            event_type="deployment",
            **_span(TEXT_A1, "Hundreds", "deployed"),
            **base,
            actor="North Korean soldiers",
            actor_country="PRK",
            actor_kind="military",
            target="Russia",
            target_country="RUS",
            source="officials",
            place_text="Russia's Kursk region",
            place_name="Kursk Oblast",
            place_country="RUS",
            place_admin1="RU-KRS",
            latitude=51.75,
            longitude=36.19,
            place_precision="admin1",
            date_start=dt.date(2025, 7, 1),
            date_end=dt.date(2025, 7, 31),
            date_precision="month",
            date_text="in July",
            quantity_min=200,
            quantity_max=999,
            quantity_text="Hundreds",
        ),
        EventRow(
            event_id="ev-confirm",
            article_id="a1",
            event_type="confirmation",
            **_span(TEXT_A1, "Pyongyang", "confirmed"),
            **base,
            actor="Pyongyang",
            actor_country="PRK",
            actor_kind="government",
            date_start=dt.date(2025, 9, 19),
            date_end=dt.date(2025, 9, 19),
            date_precision="day",
            date_text="on Friday",
            about_event_id="ev-deploy",
        ),
        EventRow(
            event_id="ev-enlist",
            article_id="a2",
            event_type="enlistment",
            **_span(TEXT_A2, "North Korean workers", "signed contracts with"),
            **base,
            actor="North Korean workers",
            actor_country="PRK",
            actor_kind="workers",
            target="the Russian military",
            target_country="RUS",
            place_text="Moscow",
            place_name="Moscow",
            place_country="RUS",
            place_admin1="RU-MOW",
            place_geonames_id=524901,
            latitude=55.75,
            longitude=37.62,
            place_precision="point",
            date_start=dt.date(2024, 12, 19),
            date_end=dt.date(2024, 12, 19),
            date_precision="day",
            date_text="Dec. 19, 2024",
        ),
    ]


def sample_articles(run_id: str = "run-1") -> list[ArticleRow]:
    out = []
    for article_id, text, title in (("a1", TEXT_A1, "North Korean troops deployed to Kursk"), ("a2", TEXT_A2, "Workers enlist")):
        body = text.index("\n\n") + 2
        out.append(
            ArticleRow(
                article_id=article_id,
                sha256=f"sha-{article_id}",
                input_sha256=f"in-{article_id}",
                text=text,
                body_start=body,
                body_end=len(text),
                status="ok",
                run_id=run_id,
                source_path=f"{article_id}.txt",
                title=title,
                headline_start=0,
                headline_end=len(title),
                published=dt.date(2025, 9, 21),
                published_precision="day",
            )
        )
    return out


def sample_tables(run_id: str = "run-1") -> tuple[pa.Table, pa.Table]:
    return to_table(sample_rows(run_id), EventRow), to_table(sample_articles(run_id), ArticleRow)


def commit_version(root: Path, events: pa.Table, articles: pa.Table, run_id: str) -> None:
    """Commit one version of output-like events/ and articles/ tables, the way a run does (events first)."""
    props = CommitProperties(custom_metadata={"run_id": run_id})
    write_deltalake(str(root / "events"), events, mode="overwrite", commit_properties=props)
    write_deltalake(str(root / "articles"), articles, mode="overwrite", commit_properties=props)
