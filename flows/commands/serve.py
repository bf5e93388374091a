"""`muster serve --cron "0 6 * * *"`: run the flow on a schedule, as a Prefect deployment."""

from __future__ import annotations

import argparse
import os

NAME = "serve"
HELP = "serve the run flow as a scheduled Prefect deployment (needs a Prefect server: see README)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", nargs="?", default="seeds", help="input folder or .jsonl (default: seeds)")
    p.add_argument("--table", default="output/events", help="events table path (default: output/events)")
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", help='cron schedule, e.g. "0 6 * * *" (06:00 every day, server time zone UTC)')
    when.add_argument("--interval", type=float, help="run every N seconds instead of a cron schedule")
    p.add_argument("--model", default=None, help="spaCy model package")
    p.add_argument("--name", default="muster-scheduled", help="deployment name")


def run(args: argparse.Namespace) -> int:
    from flows.cli import UserError
    from flows.commands.run import check_paths
    from flows.prefect_env import configure_prefect

    check_paths(args.input, args.table)
    if not os.environ.get("PREFECT_API_URL"):
        raise UserError(
            "set PREFECT_API_URL to a running Prefect server first, e.g. "
            "`prefect server start` then `export PREFECT_API_URL=http://127.0.0.1:4200/api`"
        )
    configure_prefect(verbose=True)
    from flows.serve import serve_muster

    try:
        serve_muster(
            os.path.abspath(args.input),
            os.path.abspath(args.table),
            cron=args.cron,
            interval=args.interval,
            model=args.model,
            name=args.name,
        )
    except KeyboardInterrupt:
        pass
    return 0
