"""`muster resolve-place MENTION [--context S] [--article FILE] [--explain]` or `--jsonl FILE`: place mentions → JSON records.

Both forms call extractors.places.resolve_place, the function the flow uses; the gazetteer is
built once per process, so a JSONL file of thousands of mentions runs in one process.
"""

from __future__ import annotations

import argparse
import json
import sys

NAME = "resolve-place"
HELP = "resolve a place mention (or a JSONL file of {mention, context, article}) to its canonical JSON record"


DESCRIPTION = """Resolve a place mention to its canonical record (country, ISO 3166-2, GeoNames id, point,
precision) with the function `muster run` uses for every place span (extractors.places.resolve_place): the
run passes the span's sentence as the context and the whole article as the article, so giving both here
reproduces a run's choice exactly. --explain shows the weights (data/place_scores.toml) and the sentence and
article evidence behind it. A demonym ("Canadian") is never a place: its record is null."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = DESCRIPTION
    p.add_argument("mention", nargs="?", help='the place as written, e.g. "Kursk region"')
    p.add_argument("--context", default=None, help="the sentence the mention comes from (helps choose among homonyms)")
    p.add_argument(
        "--article",
        metavar="FILE",
        default=None,
        help="a file with the whole text the mention comes from (its other places weigh the choice)",
    )
    p.add_argument(
        "--jsonl",
        metavar="FILE",
        default=None,
        help='read lines of {"mention": ..., "context": ..., "article": ...} (context and article optional; '
        '"-" for stdin); write one record per line, in order',
    )
    p.add_argument("--output", "-o", metavar="FILE", default=None, help="write records here instead of stdout")
    p.add_argument("--explain", action="store_true", help="add the reasons for the choice to each record")


def run(args: argparse.Namespace) -> int:
    from flows.cli import UserError

    if (args.mention is None) == (args.jsonl is None):
        raise UserError("give either a MENTION or --jsonl FILE")
    from extractors.places import resolve_place

    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        if args.mention is not None:
            article = None
            if args.article is not None:
                try:
                    article = open(args.article, encoding="utf-8").read()
                except OSError as exc:
                    raise UserError(f"cannot read {args.article!r}: {exc.strerror}") from None
            record = resolve_place(args.mention, args.context, article)
            out.write(
                json.dumps(
                    record.as_json(explain=args.explain) if record else None,
                    ensure_ascii=False,
                    indent=None if not args.explain else 2,
                )
                + "\n"
            )
            return 0
        try:
            src = sys.stdin if args.jsonl == "-" else open(args.jsonl, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot read {args.jsonl!r}: {exc.strerror}") from None
        with src:
            for n, line in enumerate(src, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    mention, context, article = item["mention"], item.get("context"), item.get("article")
                except (ValueError, KeyError, TypeError, AttributeError):
                    raise UserError(f'{args.jsonl}:{n}: expected a JSON object with a "mention" field') from None
                record = resolve_place(
                    str(mention), context if isinstance(context, str) else None, article if isinstance(article, str) else None
                )
                out.write(json.dumps(record.as_json(explain=args.explain) if record else None, ensure_ascii=False) + "\n")
        return 0
    finally:
        if out is not sys.stdout:
            out.close()
