"""Seconds per pipeline component: the stock model (the floor's pipeline) vs Muster's pipeline.

    .venv/bin/python bench/bench_components.py [--n 200] [--corpus bench/corpus-1000]

Both pipelines run component by component over the same N articles (each component over all docs
before the next, so the figures add up), after one warm-up pass that fills the caches a long run
would have filled (the attribute lookup's and the lemmatizer's). Prints one JSON object: seconds and
share per component and each pipeline's total. (That Muster's attribute lookup and cached lemmatizer
write exactly what the stock components write is a test: tests/test_nlp.py.)
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _texts(corpus: Path, n: int) -> list[str]:
    with (corpus / "manifest.csv").open(newline="", encoding="utf-8") as fh:
        files = [row["file"] for row in csv.DictReader(fh)][:n]
    return [(corpus / f).read_text(encoding="utf-8") for f in files]


def _timed(nlp, texts: list[str]) -> tuple[dict[str, float], list]:
    docs = [nlp.make_doc(t) for t in texts]
    seconds: dict[str, float] = {}
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=32)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        seconds[name] = round(time.perf_counter() - t0, 3)
    return seconds, docs


def _report(seconds: dict[str, float]) -> dict:
    total = sum(seconds.values())
    return {"total_s": round(total, 2), "components": {k: {"s": v, "share": round(v / total, 3)} for k, v in seconds.items()}}


def main() -> None:
    import spacy

    from extractors.nlp import load_nlp, model_name

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--corpus", type=Path, default=ROOT / "bench" / "corpus-1000")
    args = p.parse_args()
    texts = _texts(args.corpus, args.n)
    stock = spacy.load(model_name())
    muster = load_nlp()
    for nlp in (stock, muster):  # warm-up: caches filled as on a long run
        _timed(nlp, texts[: max(1, len(texts) // 4)])
    stock_s, stock_docs = _timed(stock, texts)
    muster_s, _ = _timed(muster, texts)
    print(
        json.dumps(
            {
                "articles": len(texts),
                "tokens": sum(len(d) for d in stock_docs),
                "stock": _report(stock_s),
                "muster": _report(muster_s),
                "muster_vs_stock_time": round(sum(muster_s.values()) / sum(stock_s.values()), 3),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
