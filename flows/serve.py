"""Serve the run flow as a scheduled Prefect deployment (`muster serve`)."""

from __future__ import annotations

from typing import Optional

DEPLOYMENT_NAME = "muster-scheduled"


def serve_muster(
    input_path: str,
    table: str,
    *,
    cron: Optional[str] = None,
    interval: Optional[float] = None,
    model: Optional[str] = None,
    name: str = DEPLOYMENT_NAME,
    limit: int = 1,
) -> None:
    """Create (or update) the deployment of `muster_run` and execute its scheduled runs until stopped.

    limit=1: runs on the same tables never overlap; a late run waits for the previous one.
    """
    from flows.run_flow import muster_run

    params = {"input_path": input_path, "table": table}
    if model:
        params["model"] = model
    muster_run.serve(name=name, cron=cron, interval=interval, parameters=params, limit=limit, print_starting_message=True)
