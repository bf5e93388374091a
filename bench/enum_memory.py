"""Memory of the events table read as a Polars frame: vocabulary columns as String (`pl.read_delta`) vs
pl.Enum (`flows.store.read_frame`). Not a test: it prints figures for bench/README.md.

    .venv/bin/python bench/enum_memory.py                       # the seeds' events, repeated to 1,000,000 rows
    .venv/bin/python bench/enum_memory.py --table output/events --rows 0   # a table as it is

The rows of the source table are repeated (`--rows`) into a scratch Delta table, which each way of
reading then reads in a fresh process: Polars' estimated_size of the frame and of its vocabulary
columns, and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _seed_table(folder: Path) -> Path:
    from flows.run_flow import run_muster

    table = folder / "seed-run" / "events"
    run_muster(str(REPO / "seeds"), str(table))
    return table


def _scaled(source: Path, rows: int, folder: Path) -> Path:
    import polars as pl
    from deltalake import write_deltalake

    frame = pl.read_delta(str(source))
    if rows and frame.height:
        frame = pl.concat([frame] * -(-rows // frame.height)).head(rows)
    out = folder / "scaled-events"
    write_deltalake(str(out), frame.to_arrow())
    return out


def _read(mode: str, path: str) -> dict:
    import polars as pl

    from flows.store import read_frame
    from schemas import EVENT_VOCABULARIES, EventRow

    frame = pl.read_delta(path) if mode == "string" else read_frame(path, EventRow)
    vocab = frame.select(list(EVENT_VOCABULARIES))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_pages = int(Path("/proc/self/statm").read_text().split()[1])
    return {
        "mode": mode,
        "rows": frame.height,
        "frame_mb": round(frame.estimated_size("mb"), 1),
        "vocabulary_columns_mb": round(vocab.estimated_size("mb"), 1),
        "rss_after_read_mb": round(rss_pages * resource.getpagesize() / 2**20),
        "peak_rss_mb": round(peak_kb / 1024),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--table", help="an events table (default: a fresh run of seeds/)")
    parser.add_argument("--rows", type=int, default=1_000_000, help="repeat the rows to this many (0: as they are)")
    parser.add_argument("--read", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.read:
        print(json.dumps(_read(*args.read)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(args.table) if args.table else _seed_table(Path(tmp))
        scaled = _scaled(source, args.rows, Path(tmp))
        results = []
        for mode in ("string", "enum"):
            out = subprocess.run(
                [sys.executable, __file__, "--read", mode, str(scaled)], check=True, capture_output=True, text=True
            ).stdout
            results.append(json.loads(out.strip().splitlines()[-1]))
    s, e = results
    for r in results:
        print(json.dumps(r))
    print(
        f"{s['rows']:,} event rows: vocabulary columns {s['vocabulary_columns_mb']} MB as String, "
        f"{e['vocabulary_columns_mb']} MB as Enum ({s['vocabulary_columns_mb'] / max(e['vocabulary_columns_mb'], 0.1):.1f}x); "
        f"whole frame {s['frame_mb']} MB vs {e['frame_mb']} MB; process RSS after the read {s['rss_after_read_mb']} MB vs "
        f"{e['rss_after_read_mb']} MB, peak {s['peak_rss_mb']} MB vs {e['peak_rss_mb']} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
