"""Every ```python block of docs/analysts.md runs against a real run on the seeds, and gives what it says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import polars as pl
import pytest

from flows.store import read_frame
from schemas import EventRow
from schemas.frames import frame_schema

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "analysts.md"


def python_blocks(text: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


@pytest.fixture(scope="module")
def guide(seed_run):
    """Run the blocks in order, in one namespace, with output/ meaning the seed run's folder."""
    root = str(Path(seed_run.store.events).parent)
    blocks = python_blocks(GUIDE.read_text(encoding="utf-8"))
    namespace: dict = {}
    printed = io.StringIO()
    for i, block in enumerate(blocks):
        code = block.replace('"output/', f'"{root}/')
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"{GUIDE.name} block {i + 1}", "exec"), namespace)
    return namespace, printed.getvalue(), len(blocks)


def test_the_readme_polars_block_runs_on_the_seed_run(seed_run):
    readme = (GUIDE.parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Reading the table (Polars)", 1)[1]
    (block,) = python_blocks(section)[:1]
    namespace: dict = {}
    exec(compile(block.replace('"output/', f'"{Path(seed_run.store.events).parent}/'), "README.md", "exec"), namespace)
    assert isinstance(namespace["events"].schema["event_type"], pl.Enum)
    assert namespace["plain"].schema["event_type"] == pl.String
    assert namespace["v1"].height == namespace["events"].height  # the seed run is the table's only run
    assert namespace["articles"].columns == ["article_id", "title", "published", "input_kind"]


def test_the_guide_has_the_recipes_it_promises():
    text = GUIDE.read_text(encoding="utf-8")
    assert len(python_blocks(text)) == 5
    for heading in (
        "latest and by version",
        "per month and type",
        "Deployments by place",
        "Confirmations and denials",
        "What changed between two versions",
    ):
        assert heading in text


def test_every_block_runs_on_the_seed_run(guide, seed_run):
    ns, printed, blocks = guide
    assert blocks == 5 and printed
    events = read_frame(seed_run.store.events, EventRow)
    assert ns["events"].equals(events)
    assert ns["events"].schema == frame_schema(EventRow)  # vocabulary columns as pl.Enum
    assert isinstance(ns["events"].schema["event_type"], pl.Enum)
    assert ns["plain"].schema["event_type"] == pl.String and ns["plain"].height == events.height
    assert ns["first_run"].height == sum(seed_run.summary.events_by_type.values())


def test_events_per_month_count_every_dated_event(guide, seed_run):
    ns, _, _ = guide
    events = ns["events"]
    assert ns["per_month"]["events"].sum() == events.filter(pl.col("date_start").is_not_null()).height
    fine = events.filter(pl.col("date_precision").is_in(["day", "week", "month"]))
    assert ns["grid"].height == fine.select(pl.col("date_start").dt.truncate("1mo")).n_unique()


def test_deployments_by_place_cover_every_affirmed_deployment(guide):
    ns, _, _ = guide
    events = ns["events"]
    affirmed = events.filter((pl.col("event_type") == "deployment") & (pl.col("polarity") == "affirmed"))
    assert ns["deployments"]["mentions"].sum() == affirmed.height
    if affirmed["quantity_min"].drop_nulls().len():
        assert ns["deployments"]["largest_min"].max() == affirmed["quantity_min"].max()


def test_statements_are_linked_to_their_events(guide):
    ns, _, _ = guide
    events, statements = ns["events"], ns["statements"]
    assert statements.height == events.filter(pl.col("event_type").is_in(["confirmation", "denial"])).height
    linked = events.filter(pl.col("about_event_id").is_not_null()).height
    assert statements.filter(pl.col("about_type").is_not_null()).height == linked


def test_version_diff_recipe_agrees_with_polars(guide):
    ns, _, _ = guide
    diff = ns["diff"]
    assert diff.counts()["added"] == ns["added"].height == ns["after"].height  # version 0 is empty
    assert diff.counts()["removed"] == ns["removed"].height == 0
    assert ns["redated"].height == 0
