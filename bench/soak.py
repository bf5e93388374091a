"""Soak run: thousands of varied, real-looking articles in ONE `muster run`, checking that nothing aborts,
memory stays flat and every input is accounted for (inputs = articles + rejects).

    .venv/bin/python bench/soak.py [--n 5000] [--out bench/out-soak]

The input is one JSONL file: most lines are synthetic domain articles (bench/build_corpus.py's templates,
cut to a few paragraphs), the rest are hostile: punctuation and emoji storms, HTML fragments, RTL and
combining marks, odd whitespace, very long lines, two articles long enough to be parsed in sections, one
over the hard cap, empty texts, bad JSON lines, duplicate ids, numbers and dates everywhere. Memory is the
RSS of muster's whole process tree, sampled every 0.5 s and lined up with the run's progress lines.
Writes OUT/soak.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import build_corpus  # noqa: E402

HOSTILE = [
    "!" * 4000,
    "🚀" * 3000,
    "(" * 2000,
    "troops, " * 3000,
    "\u200f\u202e" * 500,
    "e\u0301" * 2000,
    "<div><p>North Korea sent troops</p><script>x=1</script></div>" * 50,
    "\t\x0b\x0c\u2028\u2029" * 300,
    "1,500 2023 $25 10% " * 400,
    "In March, since July, early 2024, the 21st century, last June. " * 100,
    "a" * 20000,
    "\n" * 3000,
]


def build(n: int, path: Path, seed: int = 13) -> dict:
    r = random.Random(seed)
    counts = {"domain": 0, "hostile": 0, "long": 0, "over_cap": 0, "empty": 0, "bad_json": 0, "duplicate_id": 0}
    with path.open("w", encoding="utf-8") as fh:

        def put(kind: str, aid: str, text: str, published: str | None = "2025-06-01") -> None:
            counts[kind] += 1
            fh.write(
                json.dumps(
                    {
                        "id": aid,
                        "title": None,
                        "text": text,
                        "published": published,
                        "url": f"https://example.org/{aid}",
                        "publisher": "Soak",
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )

        for i in range(n):
            roll = r.random()
            aid = f"soak-{i:05d}"
            if i == 10 or i == n // 2:
                title, text, published = build_corpus.make_article(i, r)
                put("long", aid, (text + "\n\n") * (1_500_000 // max(len(text), 1)), published)  # ~1.5M characters
            elif i == 20:
                put("over_cap", aid, "North Korea sent troops to Russia. " * 70_000)  # 2.45M characters
            elif roll < 0.80:
                title, text, published = build_corpus.make_article(i, r)
                put("domain", aid, "\n\n".join(text.split("\n\n")[:4]), published)
            elif roll < 0.97:
                title, text, _ = build_corpus.make_article(i, r)
                pieces = text.split(" ")
                for _ in range(r.randint(1, 4)):
                    pieces.insert(r.randrange(len(pieces) + 1), r.choice(HOSTILE)[: r.randint(10, 20000)])
                put("hostile", aid, " ".join(pieces[:400]))
            elif roll < 0.98:
                put("empty", aid, r.choice(["", "   ", "\n\n"]))
            elif roll < 0.99:
                counts["bad_json"] += 1
                fh.write('{"id": "broken-%d", "text": "unterminated\n' % i)
            else:
                put("duplicate_id", "soak-00001", "North Korea sent workers to Russia.")
    return counts


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=5000)
    p.add_argument("--out", type=Path, default=REPO / "bench" / "out-soak")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    src = args.out / "soak.jsonl"
    counts = build(args.n, src)
    lines = sum(1 for _ in src.open(encoding="utf-8"))
    table = args.out / "tables" / "events"
    import shutil

    shutil.rmtree(table.parent, ignore_errors=True)
    cmd = [str(REPO / ".venv" / "bin" / "muster"), "run", str(src), "--table", str(table)]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout, stderr = proc.stdout, proc.stderr
    assert stdout is not None and stderr is not None  # both piped
    progress: list[tuple[float, str]] = []
    err_lines: list[str] = []

    def read_err() -> None:
        for line in stderr:
            err_lines.append(line)
            progress.append((time.monotonic() - start, line.strip()))

    reader = threading.Thread(target=read_err, daemon=True)
    reader.start()
    samples: list[tuple[float, int]] = []
    while proc.poll() is None:
        samples.append((time.monotonic() - start, _tree_rss(proc.pid)))
        time.sleep(0.5)
    out = stdout.read()
    reader.join()
    wall = time.monotonic() - start

    import polars as pl

    articles = pl.read_delta(str(table.parent / "articles"))
    rejects = pl.read_delta(str(table.parent / "rejects"))
    # memory during extraction, by tenths of the progress: flat means the last tenths are not above the first
    done = [(t, int(line.split()[1].split("/")[0])) for t, line in progress if line.startswith("extracted ")]
    total = int(done[-1][1]) if done else 0
    by_tenth: dict[int, list[int]] = {}
    for t, rss in samples:
        before = [d for tt, d in done if tt <= t]
        if before and total:
            by_tenth.setdefault(min(9, before[-1] * 10 // total), []).append(rss)
    tenths = {k: round(max(v) / 2**20) for k, v in sorted(by_tenth.items())}
    early = statistics.median(list(tenths.values())[1:4]) if len(tenths) >= 4 else None
    late = statistics.median(list(tenths.values())[-3:]) if len(tenths) >= 4 else None
    result = {
        "n": args.n,
        "input_lines": lines,
        "built": counts,
        "exit_code": proc.returncode,
        "wall_s": round(wall, 1),
        "summary": out.strip().splitlines(),
        "articles_table": articles.height,
        "articles_by_status": dict(articles.group_by("status").len().iter_rows()),
        "rejects_table": rejects.height,
        "accounted": articles.height + rejects.height,
        "peak_rss_tree_mb": round(max(r for _, r in samples) / 2**20) if samples else None,
        "rss_mb_by_tenth_of_extraction": tenths,
        "rss_late_over_early": round(late / early, 3) if early and late else None,
        "traceback_in_output": "Traceback" in out + "".join(err_lines),
    }
    (args.out / "soak.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    ok = proc.returncode in (0, 3) and result["accounted"] == lines and not result["traceback_in_output"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
