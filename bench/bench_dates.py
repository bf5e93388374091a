"""Cost of dates vs parsing: time nlp() on the seed articles against find_dates (+ normalization) on the same Docs.

Run: .venv/bin/python bench/bench_dates.py [--repeat N] [--rounds K]. Prints both timings and the ratio
(target < 5%). The date pass is timed K times and the fastest round is reported: the machine is shared,
and the fastest round is the one least disturbed by other work (compare versions by alternating runs).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.articles import Published, parse_published  # noqa: E402
from extractors.dates import find_dates  # noqa: E402
from extractors.nlp import load_nlp  # noqa: E402


def _seed_articles() -> list[tuple[str, Published]]:
    import csv

    with open(ROOT / "seeds" / "manifest.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [((ROOT / "seeds" / r["file"]).read_text(encoding="utf-8"), parse_published(r["published"])) for r in rows]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=20, help="passes over the seed articles (default 20)")
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds of the date pass; the fastest counts (default 5)")
    args = ap.parse_args()
    articles = _seed_articles()
    nlp = load_nlp()
    docs = [nlp(text) for text, _ in articles]  # warm-up; also the Docs the date pass runs on
    for doc, (_, pub) in zip(docs, articles):
        find_dates(doc, published=pub.date, published_precision=pub.precision)

    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for text, _ in articles:
            nlp(text)
    parse_s = time.perf_counter() - t0

    dates_s = float("inf")
    for _ in range(max(1, args.rounds)):
        t0 = time.perf_counter()
        n_found = 0
        for _ in range(args.repeat):
            for doc, (_, pub) in zip(docs, articles):
                n_found += len(find_dates(doc, published=pub.date, published_precision=pub.precision))
        dates_s = min(dates_s, time.perf_counter() - t0)

    n = args.repeat * len(articles)
    print(f"articles parsed: {n} ({len(articles)} seeds x {args.repeat})")
    print(f"parse (nlp):            {parse_s:8.3f} s  ({1000 * parse_s / n:7.2f} ms/article)")
    print(
        f"find_dates + normalize: {dates_s:8.3f} s  ({1000 * dates_s / n:7.2f} ms/article, "
        f"{n_found // args.repeat} expressions/pass)"
    )
    print(f"ratio dates/parse:      {100 * dates_s / parse_s:7.2f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
