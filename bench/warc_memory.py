"""WARC reading at scale: peak memory of reading a generated WARC of N pages, at two sizes.

    .venv/bin/python bench/warc_memory.py                    # 1,000 and 10,000 records
    .venv/bin/python bench/warc_memory.py --sizes 1000,10000 --scan

Builds bench/warc-N.warc.gz (git-ignored) from bench/build_corpus.py's synthetic articles, each
wrapped as a saved page (navigation, scripts, a share bar, comments, a footer, a meta published
date) in an HTTP response record, with a request record and, every tenth page, an image response
beside it, as a crawl has. Then, in a fresh child process per size, reads the file through
`read_articles` (warcio stream → trafilatura → language gate), or with --scan through the flow's
`scan_inputs` step (which also stages the articles in Parquet chunks, no Prefect server needed),
and reports the child's peak RSS (ru_maxrss), its time, and the 10,000 / 1,000 ratio: a reader
that streams keeps the ratio near 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path
from typing import Any, Iterator

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))


def page_html(title: str, text: str, published: str, url: str) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()][1:]  # the first is the title
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | Bench News</title>
<meta property="article:published_time" content="{published}"><link rel="canonical" href="{url}">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<style>body {{ font-family: serif }} .share a {{ margin: 2px }}</style></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav>
<div class="share"><a href="#">Share</a> <a href="#">Tweet</a> <a href="#">Email</a></div>
<article><h1>{escape(title)}</h1>
{body}
</article>
<section class="comments"><h3>Comments</h3><p>Comments are closed for this story.</p></section>
<footer>Copyright Bench News. All rights reserved. <a href="/privacy">Privacy</a></footer></body></html>"""


def build_warc(n: int, out: Path, seed: int = 8) -> dict:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    sys.path.insert(0, str(BENCH))
    from build_corpus import make_article

    r = random.Random(seed)
    tmp = out.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(n):
            title, text, published = make_article(i, r)
            url = f"https://bench.example/news/{i:06d}"
            payload = page_html(title, text, published if len(published) == 10 else published + "-01", url).encode("utf-8")
            writer.write_record(
                writer.create_warc_record(url, "request", payload=io.BytesIO(f"GET /news/{i:06d} HTTP/1.1\r\n\r\n".encode()))
            )
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            crawled = (dt.datetime(2025, 1, 1) + dt.timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(payload), http_headers=http, warc_headers_dict={"WARC-Date": crawled}
                )
            )
            if i % 10 == 0:
                png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                writer.write_record(
                    writer.create_warc_record(
                        url + ".png", "response", payload=io.BytesIO(b"\x89PNG" + bytes(2000)), http_headers=png
                    )
                )
    tmp.replace(out)
    return {"records_html": n, "bytes": out.stat().st_size}


def child(path: str, scan: bool) -> None:
    """Read the WARC (or scan it as the flow does); print counts, seconds and memory as JSON: the peak
    RSS of the whole process (ru_maxrss, imports and model loads included) and the RSS sampled every
    100 articles, from the first article on, which shows any growth with the number of records."""
    import psutil

    me = psutil.Process()
    samples: list[int] = []
    started = time.monotonic()
    articles = rejects = 0

    def sample(item) -> None:
        nonlocal articles, rejects
        from schemas import ArticleRow

        if isinstance(item, ArticleRow):
            articles += 1
            if articles == 1 or articles % 100 == 0:
                samples.append(me.memory_info().rss)
        else:
            rejects += 1

    from extractors.articles import ArticleOrReject, read_articles

    if scan:
        import flows.run_flow as run_flow
        from flows.store import TableStore

        def sampled(path: Path, *, run_id: str, skip_warc: bool = False) -> Iterator[ArticleOrReject]:
            # the flow's scan step, reading through this counter
            for item in read_articles(path, run_id=run_id, skip_warc=skip_warc):
                sample(item)
                yield item

        run_flow.read_articles = sampled
        with tempfile.TemporaryDirectory() as tmp:
            run_flow.scan_inputs.fn(path, TableStore.at(Path(tmp) / "events"), "bench", 64)
    else:
        for item in read_articles(Path(path), run_id="bench"):
            sample(item)
    mb = lambda b: round(b / 2**20, 1)  # noqa: E731
    print(
        json.dumps(
            {
                "articles": articles,
                "rejects": rejects,
                "seconds": round(time.monotonic() - started, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "rss_at_first_article_mb": mb(samples[0]),
                "rss_max_sampled_mb": mb(max(samples)),
                "rss_last_sample_mb": mb(samples[-1]),
            }
        )
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="1000,10000")
    p.add_argument(
        "--scan", action="store_true", help="measure the flow's scan step (reading + staging) instead of reading alone"
    )
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args.child, args.scan)
        return 0
    results: dict[int | str, Any] = {}  # by size: the child's measures; then the ratios by name
    for n in (int(s) for s in args.sizes.split(",")):
        path = BENCH / f"warc-{n}.warc.gz"
        if not path.is_file():
            print(f"bench: building {path.name} ...", file=sys.stderr, flush=True)
            info = build_warc(n, path)
        else:
            info = {"records_html": n, "bytes": path.stat().st_size}
        print(
            f"bench: reading {path.name} ({info['bytes'] / 2**20:.1f} MB){' through scan_inputs' if args.scan else ''} ...",
            file=sys.stderr,
            flush=True,
        )
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(path), *(["--scan"] if args.scan else [])],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PREFECT_LOGGING_LEVEL": "WARNING"},
        )
        results[n] = {**info, **json.loads(out.stdout.strip().splitlines()[-1])}
        print(f"  {results[n]}", file=sys.stderr, flush=True)
    sizes = sorted(n for n in results if isinstance(n, int))
    if len(sizes) > 1:
        big, small = results[sizes[-1]], results[sizes[0]]
        results["peak_rss_ratio_largest_vs_smallest"] = round(big["peak_rss_mb"] / small["peak_rss_mb"], 3)
        results["sampled_rss_ratio_largest_vs_smallest"] = round(big["rss_max_sampled_mb"] / small["rss_max_sampled_mb"], 3)
    print(
        json.dumps(
            {
                "mode": "scan_inputs" if args.scan else "read_articles",
                "results": results,
                "cores": os.cpu_count(),
                "load_avg_1m": round(os.getloadavg()[0], 2),
                "date_utc": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M"),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
