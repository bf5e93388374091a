"""The Prefect table artifact each run publishes: one stable key, so the UI's Artifacts page shows
every run's summary as versions of one artifact (events by type, rejects by reason, topic counts,
table version), rather than a "k=v,k=v" string in the Delta commit metadata."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Mapping

if TYPE_CHECKING:
    from flows.run_flow import RunSummary

RUN_SUMMARY_KEY = "muster-run-summary"

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUMBER = re.compile(r"\d+(\.\d+)?")


def reason_kind(reason: str) -> str:
    """A reject reason without its particulars (ids, offsets, scores), so like rejects count together:
    "duplicate article id 'a-7'" → "duplicate article id '…'"; "language ru (0.98): …" → "language ru (…): …"."""
    return _NUMBER.sub("…", _QUOTED.sub("'…'", reason))


def topic_counts(summary: "RunSummary") -> Mapping[str, int]:
    """Articles read in this run by topic verdict (with --all-topics every article counts as coded)."""
    if summary.all_topics:
        return {"all coded (--all-topics)": summary.articles_read}
    return {"on topic": summary.on_topic, "off topic (not parsed)": summary.off_topic}


def run_summary_rows(summary: "RunSummary") -> list[dict[str, object]]:
    """The artifact's rows: section (articles, events, rejects, quarantined, topics, table), name, count."""
    rows: list[dict[str, object]] = [
        {"section": "articles", "name": "read", "count": summary.articles_read},
        {"section": "articles", "name": "new or changed", "count": summary.articles_changed},
        {"section": "articles", "name": "unchanged", "count": summary.articles_unchanged},
    ]
    rows += [{"section": "events", "name": t, "count": n} for t, n in sorted(summary.events_by_type.items())]
    rejects = Counter(reason_kind(r.reason) for r in summary.rejects)
    rows += [{"section": "rejects", "name": reason, "count": n} for reason, n in sorted(rejects.items())]
    if summary.rejects_seen:
        rows.append({"section": "rejects", "name": "already recorded by an earlier run", "count": summary.rejects_seen})
    quarantined = Counter(q.check or "?" for q in summary.quarantined)
    rows += [{"section": "quarantined", "name": check, "count": n} for check, n in sorted(quarantined.items())]
    rows += [{"section": "topics", "name": t, "count": n} for t, n in topic_counts(summary).items()]
    rows.append(
        {
            "section": "table",
            "name": "events version" + ("" if summary.committed else " (unchanged)"),
            "count": summary.events_version,
        }
    )
    return rows


def publish_run_summary(summary: "RunSummary") -> None:
    """Publish the run's summary as the table artifact RUN_SUMMARY_KEY (call inside the flow run)."""
    from prefect.artifacts import create_table_artifact

    events = sum(summary.events_by_type.values())
    create_table_artifact(
        key=RUN_SUMMARY_KEY,
        table=run_summary_rows(summary),
        description=(
            f"muster run of `{summary.input_path}` into `{summary.table}`: {summary.articles_changed} new or "
            f"changed article(s), {events} event(s), {len(summary.rejects)} new reject(s); "
            f"events table version {summary.events_version}; run {summary.run_id}"
        ),
    )
