"""`muster diff [--from N] [--to M]`: events added, removed or changed between two table versions."""

from __future__ import annotations

import argparse
import json
import os
import sys

NAME = "diff"
HELP = "show events added, removed or changed between two versions of the events table"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--table", default="output/events", help="events table path (default: output/events)")
    p.add_argument(
        "--from",
        dest="from_version",
        type=int,
        default=None,
        metavar="N",
        help="older version (default: the version before --to)",
    )
    p.add_argument("--to", dest="to_version", type=int, default=None, metavar="M", help="newer version (default: the latest)")
    p.add_argument("--json", action="store_true", help="print the diff as one JSON object")
    p.add_argument("--fail-on-change", action="store_true", help="exit 1 when the versions differ")


def pick_versions(available: list[int], from_version: int | None, to_version: int | None) -> tuple[int, int]:
    """(from, to) with the defaults: `to` = latest, `from` = the version just before `to`."""
    from flows.cli import UserError

    ordered = sorted(available)
    for v, flag in ((from_version, "--from"), (to_version, "--to")):
        if v is not None and v not in ordered:
            raise UserError(f"{flag} {v}: no such version (the table has versions {ordered[0]}..{ordered[-1]})")
    to = ordered[-1] if to_version is None else to_version
    if from_version is None:
        earlier = [v for v in ordered if v < to]
        if not earlier:
            raise UserError(f"version {to} is the first one: nothing to compare it with (give --from)")
        from_version = earlier[-1]
    return from_version, to


def run(args: argparse.Namespace) -> int:
    from flows.cli import UserError
    from flows.diff import diff_to_json, diff_versions, format_diff
    from flows.versions import VersionNotFound, read_events, versions

    try:
        available = [v.version for v in versions(args.table)]
        old, new = pick_versions(available, args.from_version, args.to_version)
        diff = diff_versions(read_events(args.table, old), read_events(args.table, new), old_label=f"v{old}", new_label=f"v{new}")
    except VersionNotFound as exc:
        raise UserError(str(exc)) from None
    except ValueError as exc:  # duplicate event_id: the table breaks its own contract
        raise UserError(f"cannot match events by event_id: {exc} (see `muster validate`)") from None
    try:
        print(json.dumps(diff_to_json(diff), ensure_ascii=False, indent=1) if args.json else format_diff(diff), flush=True)
    except BrokenPipeError:  # `muster diff | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1 if args.fail_on_change and not diff.empty else 0
