"""`muster normalize-date`: one time expression (or a JSONL file of them) → normalized interval as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from flows.cli import UserError

NAME = "normalize-date"
HELP = "Normalize a time expression against a publication date (prints JSON), as `muster run` reads it."
DESCRIPTION = """Normalize a time expression against a publication date, with the rules `muster run` uses
(extractors/data/dates/). With --context, the sentence is parsed with the run's spaCy pipeline (the
configured model, as loaded by the run) and read the way a run reads it: the tense of the clause that
governs the expression (or, when the expression is not in the sentence, of its main clause) chooses the
last or the next April; the names around a holiday choose its calendar (Victory Day in Pyongyang is
27 July, in Moscow 9 May). Without --context, the tense is unknown, as for a headline."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", nargs="?", help='the time expression, e.g. "late 2023"')
    parser.add_argument("--published", help="publication date: YYYY-MM-DD, YYYY-MM or YYYY")
    parser.description = DESCRIPTION
    parser.add_argument(
        "--context",
        help="the sentence the expression came from: parsed with the run's pipeline; "
        "its tense decides last vs next, its names a holiday's calendar",
    )
    parser.add_argument(
        "--jsonl", type=Path, metavar="FILE", help='lines of {"text", "published", "context"}; writes one JSON result per line'
    )


def _published(value: str | None, where: str = "--published"):
    from extractors.articles import parse_published

    try:
        return parse_published(value)
    except ValueError as exc:
        raise UserError(f"{where}: {value!r} is not a date ({exc}); use YYYY-MM-DD, YYYY-MM or YYYY") from None


def _result(text: str, published: str | None, context: str | None, where: str = "--published") -> dict:
    from extractors.dates import normalize_date

    pub = _published(published, where)
    norm = normalize_date(text, pub.date, published_precision=pub.precision or "day", context=context)
    return norm.to_json()


def run(args: argparse.Namespace) -> int:
    if args.jsonl is None:
        if not args.text:
            raise UserError('give a time expression ("late 2023") or --jsonl FILE')
        print(json.dumps(_result(args.text, args.published, args.context), ensure_ascii=False))
        return 0
    if args.text:
        raise UserError("give either a time expression or --jsonl FILE, not both")
    try:
        lines = args.jsonl.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UserError(f"cannot read {args.jsonl}: {exc.strerror}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(f"{args.jsonl}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise UserError(f'{args.jsonl}:{n}: expected an object with a "text" string')
        published = item.get("published", args.published)
        out = _result(item["text"], published, item.get("context"), where=f"{args.jsonl}:{n}: published")
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0
