"""Extraction cost vs parsing cost: nlp.pipe over the seed texts (repeated) vs extract_events on the same docs.

Usage: .venv/bin/python bench/bench_events.py [--repeat N] [--input seeds]
Target (issue 4): extraction adds no more than 15% to the parse time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.articles import read_articles  # noqa: E402
from extractors.events import extract_events  # noqa: E402
from extractors.nlp import load_nlp  # noqa: E402
from schemas import ArticleRow  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20, help="times to repeat the input (default 20)")
    ap.add_argument("--input", type=Path, default=ROOT / "seeds", help="folder with manifest.csv or a .jsonl file")
    args = ap.parse_args(argv)

    nlp = load_nlp()
    articles = [a for a in read_articles(args.input, run_id="bench") if isinstance(a, ArticleRow)] * args.repeat
    # warm up: the model, the lexicons and the matchers are built once per process
    warm = articles[0]
    extract_events(nlp(warm.text), warm, run_id="bench")

    t0 = time.perf_counter()
    docs = list(nlp.pipe((a.text for a in articles), batch_size=32))
    parse_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_events = sum(len(extract_events(doc, a, run_id="bench")) for doc, a in zip(docs, articles))
    extract_s = time.perf_counter() - t0

    # of which: the date and place finders extract_events calls once per doc (their own modules)
    from extractors import dates, places

    t0 = time.perf_counter()
    for doc, a in zip(docs, articles):
        dates.find_dates(doc, published=a.published, published_precision=a.published_precision)
        places.find_places(doc)
    finders_s = time.perf_counter() - t0

    chars = sum(len(a.text) for a in articles)
    print(f"{len(articles)} articles, {chars} chars, {n_events} events")
    print(f"parse   {parse_s:8.3f} s")
    print(f"extract {extract_s:8.3f} s")
    print(f"  of which find_dates + find_places {finders_s:8.3f} s")
    print(f"ratio   {extract_s / parse_s:8.3f} (extraction time / parse time; target <= 0.15)")
    print(f"ratio without the date/place finders {(extract_s - finders_s) / parse_s:8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
