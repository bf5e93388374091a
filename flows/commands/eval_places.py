"""`muster eval-places FOLDER [--split dev|test|all]`: score place resolution on a toponym corpus."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

NAME = "eval-places"
HELP = "score place resolution on a hand-checked toponym corpus (Acc@161 km, country, coverage, by kind)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "folder", type=Path, help="corpus folder with sources.jsonl, toponyms.jsonl and texts/ (e.g. tests/corpus/places)"
    )
    p.add_argument(
        "--split",
        choices=("dev", "test", "all", "both"),
        default="both",
        help="which split to score (default: both, dev then test)",
    )
    p.add_argument("--errors", action="store_true", help="list each toponym answered wrongly or not at all")
    p.add_argument("--output", "-o", type=Path, default=None, help="also write one JSON line per toponym here")
    p.add_argument("--min-acc", type=float, default=None, help="exit 1 when Acc@161 of the scored split(s) is below this")


def run(args: argparse.Namespace) -> int:
    from flows.cli import UserError
    from flows.place_eval import KM, read_corpus, report, resolve_corpus, score

    if not (args.folder / "toponyms.jsonl").is_file() or not (args.folder / "sources.jsonl").is_file():
        raise UserError(f"{args.folder}: needs sources.jsonl and toponyms.jsonl")
    try:
        texts, toponyms, problems = read_corpus(args.folder)
    except (ValueError, TypeError) as exc:
        raise UserError(f"{args.folder}: {exc}") from None
    for p in problems:
        print(f"warning: {p}")
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    chosen = [t for t in toponyms if args.split in ("all", "both") or t.split == args.split]
    if not chosen:
        raise UserError(f"{args.folder}: no toponym to score (texts missing? see the folder's README for the restore step)")
    outcomes = resolve_corpus(texts, chosen)
    print(report(outcomes, splits))
    if args.errors:
        for o in outcomes:
            if o.km is None or o.km > KM or not o.country_ok:
                t, a = o.toponym, o.answer or {}
                got = f"{a.get('place_name')} [{a.get('place_country')} {a.get('place_admin1')}]" if a else "no answer"
                dist = f"{o.km:.0f} km" if o.km is not None else "-"
                print(
                    f"  {t.split} {t.article}:{t.start} {t.kind:<8} {t.mention!r} want {t.name} [{t.country} {t.admin1}]"
                    f" got {got} {dist}"
                )
    if args.output:
        with args.output.open("w", encoding="utf-8") as fh:
            for o in outcomes:
                fh.write(
                    json.dumps(
                        {
                            "article": o.toponym.article,
                            "start": o.toponym.start,
                            "mention": o.toponym.mention,
                            "split": o.toponym.split,
                            "kind": o.toponym.kind,
                            "km": o.km,
                            "country_ok": o.country_ok,
                            "answer": o.answer,
                        },
                        ensure_ascii=False,
                    )
                    + "\n"
                )
    if args.min_acc is not None:
        total = score(outcomes)
        if total.n and total.within / total.n < args.min_acc:
            print(f"FAIL: acc@161 {total.within / total.n:.3f} < {args.min_acc}")
            return 1
    return 0
