"""Prefect settings for a command-line run: quiet logs, no analytics."""
from __future__ import annotations

import os


def configure_prefect(*, verbose: bool = False) -> None:
    """Set Prefect's environment before it is imported (settings are read at import)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # the temporary server needs ~7 s idle, far more on a busy machine: don't give up at the default
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "300")
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
