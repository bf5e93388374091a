"""`muster eval --gold FILE --table PATH [--texts DIR --split S]`: P/R/F1 per event type, full-event F1, attribute accuracy.

Phrase gold (tests/gold/seeds.jsonl) needs only --gold. Offset gold (a corpus folder's gold.jsonl) also
needs --texts, the corpus folder whose restored texts the offsets index; --split keeps that split's articles.
"""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "eval"
HELP = "score an events table against gold annotations (P/R/F1 per type, full-event F1, attribute accuracy)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--gold", required=True, type=Path, help="gold JSONL (e.g. tests/gold/seeds.jsonl)")
    p.add_argument(
        "--texts",
        type=Path,
        default=None,
        metavar="DIR",
        help="corpus folder for offset gold (e.g. tests/corpus/indomain): its texts/ and sources.jsonl",
    )
    p.add_argument(
        "--split",
        default="all",
        choices=("dev", "test", "all"),
        help="with --texts: score only this split's articles (default: all)",
    )
    p.add_argument("--table", default="output/events", help="events table path (default: output/events)")
    p.add_argument("--version", type=int, default=None, help="table version to score (default: the latest)")
    p.add_argument("--min-core-f1", type=float, default=None, help="exit 1 when the core-type micro F1 is below this (for CI)")
    p.add_argument(
        "--verbose",
        action="store_true",
        help="list missed and spurious events, each wrong attribute and each event not fully right",
    )


def _where(g) -> str:
    at = f"@{g.char_start}" if g.char_start is not None else ""
    return f"{g.article_id}{at} {g.event_type} {g.evidence[:60]!r}"


def run(args: argparse.Namespace) -> int:
    from flows.cli import UserError
    from flows.corpus import load_sources, select
    from flows.evaluate import FULL_EVENT_ATTRIBUTES, evaluate, events_from_table, read_gold, read_offset_gold
    from flows.versions import VersionNotFound, read_events

    if not args.gold.is_file():
        raise UserError(f"{args.gold}: no such gold file")
    if args.split != "all" and args.texts is None:
        raise UserError("--split needs --texts DIR (the corpus folder whose sources.jsonl assigns the splits)")
    articles = None
    try:
        if args.texts is not None:
            gold = read_offset_gold(args.gold, args.texts, args.split)
            articles = [s.id for s in select(load_sources(args.texts), args.split)]
        else:
            gold = read_gold(args.gold)
    except (ValueError, TypeError) as exc:  # CorpusError is a ValueError
        raise UserError(f"{args.gold}: {exc}") from None
    try:
        table = read_events(args.table, args.version)
    except VersionNotFound as exc:
        raise UserError(str(exc)) from None
    report = evaluate(gold, events_from_table(table), articles=articles)
    scope = f" ({args.split} split, {len(articles)} articles)" if articles is not None else ""
    print(f"{args.gold} vs {args.table}{scope}: {len(gold)} gold events")
    print(report.format())
    if args.verbose:
        for g in report.missed:
            print(f"  missed   {_where(g)} trigger {g.trigger!r}")
        for p in report.spurious:
            print(f"  spurious {p.article_id}@{p.char_start} {p.event_type}: {p.trigger!r} in {p.evidence[:80]!r}")
        for m in report.mismatches:
            print(f"  wrong {m.attribute:<13} {_where(m.gold)}: want {m.expected!r}, got {m.predicted!r}")
        wrong = {id(m.gold) for m in report.mismatches if m.attribute in FULL_EVENT_ATTRIBUTES}
        print(f"  {len(wrong)} matched event(s) not fully right ({' / '.join(FULL_EVENT_ATTRIBUTES)} wrong above)")
    if args.min_core_f1 is not None and report.core.f1 < args.min_core_f1:
        print(f"FAIL: core F1 {report.core.f1:.3f} < {args.min_core_f1}")
        return 1
    return 0
