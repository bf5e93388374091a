"""`muster corpus check DIR` and `muster corpus jsonl DIR [--split dev|test|all] --out FILE`."""
from __future__ import annotations

import argparse
from pathlib import Path

NAME = "corpus"
HELP = "check a corpus folder's restored texts against sources.jsonl, or write one split as JSONL input"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="corpus_command", required=True, metavar="ACTION")
    c = sub.add_parser("check", help="report texts missing or differing from their sha256/length")
    c.add_argument("folder", type=Path, metavar="DIR", help="corpus folder (e.g. tests/corpus/indomain)")
    j = sub.add_parser("jsonl", help="write one split as Muster's JSONL input")
    j.add_argument("folder", type=Path, metavar="DIR", help="corpus folder (e.g. tests/corpus/indomain)")
    j.add_argument("--split", default="all", choices=("dev", "test", "all"), help="which articles (default: all)")
    j.add_argument("--out", required=True, type=Path, metavar="FILE", help="JSONL file to write")


def run(args: argparse.Namespace) -> int:
    from flows.cli import UserError
    from flows.corpus import CorpusError, check, to_jsonl

    try:
        if args.corpus_command == "check":
            report = check(args.folder)
            print(report.format())
            return 0 if report.ok else 1
        n = to_jsonl(args.folder, args.split, args.out)
    except CorpusError as exc:
        raise UserError(str(exc)) from None
    print(f"wrote {n} articles ({args.split}) to {args.out}")
    return 0
