"""Behaviour check for refactors: every event row Muster extracts from the seeds and the restored real
corpora, written as sorted JSON lines, so two versions of the code can be compared row by row.

    .venv/bin/python bench/dump_rows.py output/rows-before.jsonl            # before the change
    .venv/bin/python bench/dump_rows.py output/rows-after.jsonl             # after it
    .venv/bin/python bench/dump_rows.py --compare output/rows-before.jsonl output/rows-after.jsonl

Corpora whose texts are not restored are skipped (and named). The run_id is fixed, so identical code
gives identical files.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CORPORA = ("indomain", "general", "places")


def _articles():
    from extractors.articles import ArticleRow, make_article, parse_published, read_articles
    from flows.corpus import CorpusError, verified_texts

    for item in read_articles(REPO / "seeds", run_id="dump"):
        if isinstance(item, ArticleRow):
            yield item
    for name in CORPORA:
        folder = REPO / "tests" / "corpus" / name
        try:
            texts = verified_texts(folder, "all")
        except CorpusError as exc:
            print(f"skipped {name}: {exc}", file=sys.stderr)
            continue
        for s, t in texts.values():
            yield make_article(
                article_id=s.id,
                raw=t.encode(),
                text=t,
                source_path=s.id,
                run_id="dump",
                title=None,
                publisher=s.publisher,
                url=s.url,
                published=parse_published(s.published),
            )


def dump(out: Path) -> int:
    from extractors.events import extract_events
    from extractors.nlp import load_nlp, parse_articles

    nlp = load_nlp()
    lines = []
    for doc, article in parse_articles(nlp, list(_articles())):
        for row in extract_events(doc, article, run_id="dump"):
            lines.append(json.dumps(dataclasses.asdict(row), sort_keys=True, default=str, ensure_ascii=False))
    lines.sort()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} rows -> {out}")
    return 0


def compare(a: Path, b: Path) -> int:
    left = a.read_text(encoding="utf-8").splitlines()
    right = b.read_text(encoding="utf-8").splitlines()
    only_a, only_b = sorted(set(left) - set(right)), sorted(set(right) - set(left))
    print(f"{a}: {len(left)} rows; {b}: {len(right)} rows; {len(only_a)} only in the first, {len(only_b)} only in the second")
    for tag, rows in (("-", only_a), ("+", only_b)):
        for line in rows[:40]:
            r = json.loads(line)
            keep = ("article_id", "event_type", "trigger", "actor", "actor_country", "place_name", "date_start", "polarity")
            print(tag, json.dumps({k: r.get(k) for k in keep}, ensure_ascii=False))
    return 0 if not only_a and not only_b else 1


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out", nargs="?", type=Path)
    p.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    args = p.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        p.error("give OUT or --compare A B")
    return dump(args.out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
