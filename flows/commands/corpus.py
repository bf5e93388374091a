"""`muster corpus check DIR`, `muster corpus jsonl DIR [--split dev|test|all] --out FILE` and
`muster corpus gate DIR [--split …] [--list]` (the topic gate's verdicts on a corpus, by group and split)."""

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
    g = sub.add_parser("gate", help="the topic gate's verdicts on a corpus, counted by group and split")
    g.add_argument("folder", type=Path, metavar="DIR", help="corpus folder (e.g. tests/corpus/general)")
    g.add_argument("--split", default="all", choices=("dev", "test", "all"), help="which articles (default: all)")
    g.add_argument("--list", action="store_true", help="also list each article on topic, with the reason")


def run(args: argparse.Namespace) -> int:
    from flows.cli import UserError
    from flows.corpus import CorpusError, check, to_jsonl

    try:
        if args.corpus_command == "check":
            report = check(args.folder)
            print(report.format())
            return 0 if report.ok else 1
        if args.corpus_command == "gate":
            return _gate(args.folder, args.split, args.list)
        n = to_jsonl(args.folder, args.split, args.out)
    except CorpusError as exc:
        raise UserError(str(exc)) from None
    print(f"wrote {n} articles ({args.split}) to {args.out}")
    return 0


def _gate(folder: Path, split: str, listed: bool) -> int:
    from collections import Counter

    from extractors.topic import gate
    from flows.corpus import verified_texts

    seen: Counter[tuple[str, str]] = Counter()
    on: Counter[tuple[str, str]] = Counter()
    for source, text in verified_texts(folder, split).values():
        verdict = gate(text)
        key = (source.group or folder.name, source.split)
        seen[key] += 1
        on[key] += verdict.on_topic
        if listed and verdict.on_topic:
            print(f"  {source.id} ({key[0]}, {key[1]}): {verdict.reason}")
    for key in sorted(seen):
        print(f"{key[0]:<12} {key[1]:<5} {on[key]:>4} / {seen[key]:<4} on topic ({on[key] / seen[key]:.1%})")
    total, total_on = sum(seen.values()), sum(on.values())
    print(f"{'all':<12} {split:<5} {total_on:>4} / {total:<4} on topic ({total_on / total:.1%})")
    return 0
