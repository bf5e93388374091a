"""The end-of-run summary a user reads."""
from __future__ import annotations

from flows.run_flow import RunSummary


def format_summary(s: RunSummary) -> str:
    total = sum(s.events_by_type.values())
    lines = [
        f"articles read:    {s.articles_read} ({s.articles_changed} new or changed, {s.articles_unchanged} unchanged)",
        f"events extracted: {total}" + (" (" + ", ".join(f"{k} {v}" for k, v in s.events_by_type.items()) + ")" if total else ""),
        f"rejected inputs:  {len(s.rejects)} new" + (f", {s.rejects_seen} already recorded" if s.rejects_seen else ""),
    ]
    for r in s.rejects:
        lines.append(f"  - {r.input_path}: {r.reason}")
    if s.committed:
        lines.append(f"table version:    {s.events_version} (new) — {s.table}")
    else:
        lines.append(f"table version:    {s.events_version} (unchanged: nothing new to commit) — {s.table}")
    lines.append(f"run id:           {s.run_id} ({s.seconds:.1f} s)")
    return "\n".join(lines)
