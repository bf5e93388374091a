"""Prefect settings for a command-line run: quiet logs, no analytics."""
from __future__ import annotations

import os


def configure_prefect(*, verbose: bool = False) -> None:
    """Set Prefect's environment before it is imported (settings are read at import)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
