"""Shared fixtures: the real model, loaded once per test session."""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def nlp():
    from extractors.nlp import load_nlp

    return load_nlp()
