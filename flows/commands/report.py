"""`muster report [--version N] --out report.html`: one self-contained HTML report of a table version."""

from __future__ import annotations

import argparse

NAME = "report"
HELP = "write a self-contained HTML report (timeline, map, sortable table) of a version of the events table"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--table", default="output/events", help="events table path (default: output/events)")
    p.add_argument("--version", type=int, default=None, metavar="N", help="table version (default: the latest)")
    p.add_argument("--out", default="report.html", help="HTML file to write (default: report.html)")


def run(args: argparse.Namespace) -> int:
    from flows.cli import UserError
    from flows.report import write_report
    from flows.versions import VersionNotFound

    try:
        info = write_report(args.table, args.out, args.version)
    except VersionNotFound as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"cannot write {args.out!r}: {exc.strerror or exc}") from None
    print(
        f"wrote {info.path} ({info.html_bytes / 1e6:.1f} MB): {info.events} events, "
        f"{info.dated} dated, {info.placed} placed — opens offline in any browser"
    )
    return 0
