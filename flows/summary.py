"""The end-of-run summary a user reads."""

from __future__ import annotations

from flows.run_flow import RunSummary

_LISTED = 20  # quarantined articles listed by name; the rest are counted


def format_summary(s: RunSummary) -> str:
    total = sum(s.events_by_type.values())
    lines = [
        f"articles read:    {s.articles_read} ({s.articles_changed} new or changed, {s.articles_unchanged} unchanged)",
        (
            f"topic:            all {s.articles_read} coded (--all-topics)"
            if s.all_topics
            else f"topic:            {s.on_topic} on topic, {s.off_topic} off topic (recorded, not parsed)"
        ),
        f"events extracted: {total}" + (" (" + ", ".join(f"{k} {v}" for k, v in s.events_by_type.items()) + ")" if total else ""),
        f"rejected inputs:  {len(s.rejects)} new" + (f", {s.rejects_seen} already recorded" if s.rejects_seen else ""),
    ]
    for r in s.rejects:
        lines.append(f"  - {r.input_path}: {r.reason}")
    if s.quarantined or s.quarantined_seen:
        lines.append(
            f"quarantined:      {len(s.quarantined)} article(s)"
            + (
                f"; {s.quarantined_seen} quarantined earlier, not retried (same article, same muster)"
                if s.quarantined_seen
                else ""
            )
        )
    shown = s.quarantined[:_LISTED]
    for q in shown:
        lines.append(f"  - {q.article_id} ({q.input_path}): {q.reason.removeprefix('quarantined: ')}")
    if len(s.quarantined) > len(shown):
        lines.append(f"  ... and {len(s.quarantined) - len(shown)} more (the rejects table has them all, kind = quarantine)")
    if s.committed:
        lines.append(f"table version:    {s.events_version} (new) — {s.table}")
    else:
        lines.append(f"table version:    {s.events_version} (unchanged: nothing new to commit) — {s.table}")
    lines.append(f"run id:           {s.run_id} ({s.seconds:.1f} s)")
    return "\n".join(lines)
