"""Mixed-stream bench for the topic gate: a feed where about 1 article in 50 is on topic.

    .venv/bin/python bench/bench_topic.py [--n 1000] [--on-every 50] [--repeat 2]

Builds N articles with bench/build_corpus.py; all but every `--on-every`-th have the topic's anchor
names (extractors/data/topic.toml) replaced by another country's, so they read like war news that does
not involve North Korea and the gate keeps them out. Then, in alternation (this machine's speed drifts
10-20 % over minutes), the floor — bare `nlp.pipe` with the same model and one process over ALL the
texts (`bench/run --floor`) — and a whole `muster run` command into an empty table, as words per
second over the same words. Target (issue 16): muster >= 5x the floor. Writes bench/out-topic/result.json.
"""

from __future__ import annotations

import argparse
import csv
import importlib.machinery
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import build_corpus  # noqa: E402

from extractors.topic import gate, topic  # noqa: E402


def _bench_run_module():
    loader = importlib.machinery.SourceFileLoader("bench_run", str(REPO / "bench" / "run"))
    spec = importlib.util.spec_from_loader("bench_run", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def _replacement(name: str) -> str:
    if "Korean" in name:
        return "Belarusian"
    if name.startswith("Kim") or name[0].isupper() and " " in name and "Korea" not in name:
        return "Lukashenko"
    if name == "Pyongyang":
        return "Minsk"
    return "Belarus"


def build(n: int, on_every: int, out: Path) -> dict:
    stats = build_corpus.build(n, out)
    t = topic()
    names = sorted(set(t.anchors) | set(t.contextual), key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(x) for x in names) + r")(?!\w)")
    rows = list(csv.DictReader((out / "manifest.csv").open(newline="", encoding="utf-8")))
    on = 0
    for i, row in enumerate(rows):
        path = out / row["file"]
        if i % on_every:
            path.write_text(pattern.sub(lambda m: _replacement(m[1]), path.read_text(encoding="utf-8")), encoding="utf-8")
        on += gate(path.read_text(encoding="utf-8")).on_topic
    return {**stats, "on_topic": on, "off_topic": n - on}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--on-every", type=int, default=50)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--out", type=Path, default=REPO / "bench" / "out-topic")
    args = p.parse_args(argv)
    bench = _bench_run_module()
    corpus = args.out / "corpus"
    built = build(args.n, args.on_every, corpus)
    words = bench.corpus_words(corpus)
    print(f"corpus: {built}", file=sys.stderr)
    pairs = []
    for rep in range(args.repeat):
        floor = bench.measure(
            [sys.executable, str(REPO / "bench" / "run"), "--floor", str(corpus), "--workers", "1"],
            env=bench.child_env(),
            log=args.out / f"floor-{rep}.log",
        )
        floor.update(json.loads(floor.pop("stdout").strip().splitlines()[-1]))
        table = args.out / f"tables-{rep}" / "events"
        shutil.rmtree(table.parent, ignore_errors=True)
        full = bench.measure(bench.muster_cmd(corpus, table, 1), env=bench.child_env(), log=args.out / f"muster-{rep}.log")
        full.update(bench.parse_summary(full.pop("stdout")))
        ratio = round(floor["pipe_s"] / full["wall_s"], 2)
        pairs.append(
            {
                "floor_pipe_s": floor["pipe_s"],
                "floor_words_per_s": round(words / floor["pipe_s"]),
                "muster_wall_s": full["wall_s"],
                "muster_words_per_s": round(words / full["wall_s"]),
                "muster_vs_floor": ratio,
                "events": full.get("events"),
            }
        )
        print(f"pair {rep}: {pairs[-1]}", file=sys.stderr, flush=True)
    ratios = sorted(x["muster_vs_floor"] for x in pairs)
    median = ratios[(len(ratios) - 1) // 2]  # the lower middle one when the count is even
    result = {
        "corpus": built,
        "words": words,
        "pairs": pairs,
        "median_muster_vs_floor": median,
        "target_ge_5x": median >= 5.0,
        "machine": bench.machine(),
    }
    (args.out / "result.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
