"""One long article through parse + extraction + validation (flows.quarantine.extract_guarded), with its
time and the process's peak RSS: how the rules scale with the length of one text.

    .venv/bin/python bench/long_article.py 100000      # characters (a bench_corpus article repeated)
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import build_corpus  # noqa: E402

from extractors.articles import Published, make_article  # noqa: E402
from extractors.events import extract_events  # noqa: E402
from extractors.nlp import load_nlp  # noqa: E402
from flows.quarantine import extract_guarded  # noqa: E402


def main(argv: list[str]) -> int:
    chars = int(argv[0]) if argv else 100_000
    nlp = load_nlp()
    _, one, _ = build_corpus.make_article(2500, random.Random(13))
    text = (one + "\n\n") * max(1, chars // len(one))
    article = make_article(
        article_id="long",
        raw=text.encode(),
        text=text,
        source_path="bench",
        run_id="bench",
        title=None,
        publisher=None,
        url=None,
        published=Published(dt.date(2025, 6, 1), "day"),
    )
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.monotonic()
    out = extract_guarded(nlp, [article], extract_events, run_id="bench")
    seconds = time.monotonic() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(text):,} characters: {len(out.rows):,} events, {len(out.quarantined)} quarantined, {seconds:.1f} s; "
        f"peak RSS {peak:.0f} MB (after loading the model: {base:.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
