"""Quick in-process scoring while working on rules (no Prefect, no Delta): parse a corpus split once,
extract, and print the eval report (in-domain) or core events per 100 articles (general news).

    .venv/bin/python bench/quick_eval.py indomain dev      # P/R/F1 against tests/corpus/indomain/gold.jsonl
    .venv/bin/python bench/quick_eval.py general dev       # core events per 100 articles, all coded
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from extractors.articles import make_article, parse_published  # noqa: E402
from extractors.events import extract_events  # noqa: E402
from extractors.nlp import load_nlp, parse_articles  # noqa: E402
from flows.corpus import verified_texts  # noqa: E402
from flows.evaluate import evaluate, read_offset_gold  # noqa: E402
from schemas.vocab import CORE_EVENT_TYPES  # noqa: E402


def rows_for(name: str, split: str):
    folder = REPO / "tests" / "corpus" / name
    articles = [
        make_article(
            article_id=s.id,
            raw=t.encode(),
            text=t,
            source_path=s.id,
            run_id="quick",
            title=None,
            publisher=s.publisher,
            url=s.url,
            published=parse_published(s.published),
        )
        for s, t in verified_texts(folder, split).values()
    ]
    nlp = load_nlp()
    rows = []
    for doc, article in parse_articles(nlp, articles):
        rows.extend(extract_events(doc, article, run_id="quick"))
    return folder, articles, rows


def main(argv: list[str]) -> int:
    name, split = argv[0], argv[1] if len(argv) > 1 else "dev"
    folder, articles, rows = rows_for(name, split)
    if (folder / "gold.jsonl").is_file():
        report = evaluate(read_offset_gold(folder / "gold.jsonl", folder, split), rows)
        print(report.format())
    core = [r for r in rows if r.event_type in CORE_EVENT_TYPES]
    print(
        f"{len(articles)} articles, {len(core)} core events = {100 * len(core) / len(articles):.1f} per 100 articles;"
        f" by type {dict(Counter(r.event_type for r in core))}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
