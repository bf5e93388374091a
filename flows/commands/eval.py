"""`muster eval --gold FILE --table PATH`: precision/recall/F1 per event type and attribute accuracy."""
from __future__ import annotations

import argparse
from pathlib import Path

NAME = "eval"
HELP = "score an events table against gold annotations (P/R/F1 per type, attribute accuracy)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--gold", required=True, type=Path, help="gold JSONL (e.g. tests/gold/seeds.jsonl)")
    p.add_argument("--table", default="output/events", help="events table path (default: output/events)")
    p.add_argument("--version", type=int, default=None, help="table version to score (default: the latest)")
    p.add_argument("--min-core-f1", type=float, default=None,
                   help="exit 1 when the core-type micro F1 is below this (for CI)")
    p.add_argument("--verbose", action="store_true", help="list missed, spurious and mismatched events")


def run(args: argparse.Namespace) -> int:
    from flows.cli import UserError
    from flows.evaluate import evaluate, events_from_table, read_gold
    from flows.versions import VersionNotFound, read_events

    if not args.gold.is_file():
        raise UserError(f"{args.gold}: no such gold file")
    try:
        gold = read_gold(args.gold)
    except (ValueError, TypeError) as exc:
        raise UserError(f"{args.gold}: {exc}") from None
    try:
        table = read_events(args.table, args.version)
    except VersionNotFound as exc:
        raise UserError(str(exc)) from None
    report = evaluate(gold, events_from_table(table))
    print(f"{args.gold} vs {args.table}: {len(gold)} gold events")
    print(report.format())
    if args.verbose:
        for g in report.missed:
            print(f"  missed   {g.article_id} {g.event_type}: {g.evidence!r}")
        for p in report.spurious:
            print(f"  spurious {p.article_id} {p.event_type}: {p.trigger!r} in {p.evidence[:80]!r}")
        for m in report.mismatches:
            print(f"  {m.attribute:<13} {m.gold.event_type} {m.gold.evidence[:50]!r}: want {m.expected!r}, got {m.predicted!r}")
    if args.min_core_f1 is not None and report.core.f1 < args.min_core_f1:
        print(f"FAIL: core F1 {report.core.f1:.3f} < {args.min_core_f1}")
        return 1
    return 0
