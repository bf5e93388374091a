"""`muster history`: the versions of the events table with the metadata of each commit."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

NAME = "history"
HELP = "list the versions of the events table with their run metadata"

_COLUMNS = ("run_id", "muster_version", "git_commit", "model", "model_version", "articles_changed", "events", "rejects")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--table", default="output/events", help="events table path (default: output/events)")
    p.add_argument("--json", action="store_true", help="one JSON object per version")


def run(args: argparse.Namespace) -> int:
    from flows.cli import UserError
    from flows.store import history

    versions = history(Path(args.table))
    if not versions:
        raise UserError(f"no Delta table at {args.table!r} (run `muster run` first)")
    for v in versions:
        when = dt.datetime.fromtimestamp(v.timestamp_ms / 1000, dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
        if args.json:
            print(json.dumps({"version": v.version, "timestamp": when, "operation": v.operation, **v.metadata}))
            continue
        if v.metadata.get("muster") == "create":
            print(f"v{v.version:<4} {when}  created (empty)")
            continue
        m = v.metadata
        print(
            f"v{v.version:<4} {when}  run {m.get('run_id', '?')[:8]}  muster {m.get('muster_version', '?')} "
            f"@{m.get('git_commit', '?')}  model {m.get('model', '?')} {m.get('model_version', '')}".rstrip()
        )
        print(
            f"       articles changed {m.get('articles_changed', '?')} of {m.get('articles_read', '?')}, "
            f"events extracted {m.get('events', '?')} ({m.get('events_by_type') or '-'}), new rejects {m.get('rejects', '?')}"
        )
        if "on_topic" in m:
            topics = (
                "all coded (--all-topics)"
                if m.get("all_topics") == "true"
                else f"{m['on_topic']} on topic, {m.get('off_topic', '?')} off topic"
            )
            print(f"       topic: {topics}; quarantined {m.get('quarantined', '0')}")
    return 0
