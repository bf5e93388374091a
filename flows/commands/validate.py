"""`muster validate [--version N]`: run the table's one validator (schemas/validate.py) on a version."""

from __future__ import annotations

import argparse
from collections import Counter

NAME = "validate"
HELP = "check a version of the events table (schema, dates, offsets, ISO codes, vocabularies, links)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--table", default="output/events", help="events table path (default: output/events)")
    p.add_argument("--version", type=int, default=None, metavar="N", help="table version to check (default: the latest)")


def run(args: argparse.Namespace) -> int:
    from flows.cli import UserError
    from flows.versions import VersionNotFound, load_version
    from schemas.validate import validate_events

    try:
        tv = load_version(args.table, args.version)
    except VersionNotFound as exc:
        raise UserError(str(exc)) from None
    violations = validate_events(tv.events, tv.articles)
    where = (
        f"{args.table} v{tv.version} ({tv.committed_at}; articles "
        f"{'v' + str(tv.articles_version) if tv.articles_version is not None else 'missing'})"
    )
    if not violations:
        by_type = Counter(tv.events.column("event_type").to_pylist())
        types = ", ".join(f"{k} {v}" for k, v in sorted(by_type.items()))
        print(f"OK {where}: {tv.events.num_rows} events{' (' + types + ')' if types else ''}, {tv.articles.num_rows} articles")
        return 0
    by_check = Counter(v.check for v in violations)
    print(
        f"INVALID {where}: {len(violations)} violation(s) "
        f"({', '.join(f'{k} {n}' for k, n in sorted(by_check.items()))}; at most 20 listed per check)"
    )
    for v in violations:
        print(f"  {v}")
    return 1
