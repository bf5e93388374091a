"""Shared fixtures: the real model and one real Prefect run on the seeds, each built once per session."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "300")

REPO = Path(__file__).resolve().parent.parent


def article_from_text(text: str, *, article_id: str = "a", published=None, title=None):
    """An ArticleRow for a text written in a test (published: a date, default 2025-09-21, day precision)."""
    import datetime as dt

    from extractors.articles import Published, make_article

    return make_article(
        article_id=article_id,
        raw=text.encode("utf-8", "surrogatepass"),
        text=text,
        source_path="test",
        run_id="r",
        title=title,
        publisher=None,
        url=None,
        published=Published(published or dt.date(2025, 9, 21), "day"),
    )


SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def nlp():
    from extractors.nlp import load_nlp

    return load_nlp()


@pytest.fixture()
def seeds_copy(tmp_path) -> Path:
    """A copy of seeds/ in the test's own folder, free to edit."""
    dst = tmp_path / "seeds"
    shutil.copytree(SEEDS, dst)
    return dst


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server (Prefect's test harness) for every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@dataclass(frozen=True)
class SeedRun:
    """A real `muster run` of seeds/ into a temporary folder: its summary and table paths."""

    summary: object
    store: object
    seeds: Path


@pytest.fixture(scope="session")
def seed_run(prefect_harness, tmp_path_factory) -> SeedRun:
    """The seeds run once through the real flow into real Delta tables (read-only for tests: copy to mutate)."""
    from flows.run_flow import run_muster
    from flows.store import TableStore

    root = tmp_path_factory.mktemp("seed_run")
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    table = root / "output" / "events"
    summary = run_muster(str(seeds), str(table))
    return SeedRun(summary=summary, store=TableStore.at(table), seeds=seeds)
