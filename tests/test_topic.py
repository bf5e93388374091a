"""The topic gate: articles scored before parsing; off-topic ones recorded, not parsed; a topic change
re-evaluates exactly the articles whose verdict it flips; --all-topics codes everything."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from extractors.topic import TOPIC_FILE, TopicConfigError, gate, load_topic
from flows.run_flow import run_muster
from flows.store import TableStore

# Articles written for these tests (not from any publisher).
ON = {
    "on-wire": "North Korea has sent thousands of soldiers to Russia's Kursk region, Seoul's spy agency said on Monday.",
    "on-brief": "Pyongyang dispatched another 3,000 troops this month, South Korean officials said. The North Korean "
    "soldiers are being trained at bases in Russia's east.",
    "on-state": "The DPRK and the Russian Federation signed a treaty on comprehensive strategic partnership.",
    "on-north": "The North has sent engineers to help rebuild Kursk, Seoul said. Moscow did not comment.",
}
OFF = {
    "off-local": "The city council voted on Tuesday to raise parking fees downtown. The mayor said the money would "
    "go to road repairs, and residents sent 40 letters opposing the plan.",
    "off-sk-only": "South Korea's exports rose 8 percent in October as chip shipments surged, Seoul's trade ministry "
    "said. Samsung sent more engineers to its Texas plant.",
    "off-ru-only": "Russia launched 90 drones at Ukraine overnight, Kyiv said, and Ukrainian troops repelled an "
    "assault near Pokrovsk. The Kremlin denied targeting civilians.",
    "off-sport": "The Lakers deployed a new lineup on Sunday and sent two players to the bench in the second half.",
    "off-nk-once": "Markets shrugged off a report about North Korean hackers; the dollar was flat against the yen.",
    "off-nk-missile": "North Korea fired a ballistic missile into the sea on Sunday, Japan's defense ministry said. "
    "Pyongyang has launched more than a dozen missiles this year, and Kim Jong Un watched the test.",
}


@pytest.mark.parametrize("aid,text", list(ON.items()))
def test_on_topic_articles_pass_the_gate(aid, text):
    v = gate(text)
    assert v.on_topic, v.reason
    assert v.reason.startswith("on topic") and v.anchors >= 1


@pytest.mark.parametrize("aid,text", list(OFF.items()))
def test_off_topic_and_borderline_articles_do_not(aid, text):
    v = gate(text)
    assert not v.on_topic
    assert v.reason.startswith("off topic")


def test_the_north_counts_only_beside_korea():
    assert (
        gate("The North fired two missiles, South Korea said, and North Korea's army moved.").anchors == 2
    )  # The North, North Korea's
    assert gate("The North won the derby; the North fans sang.").anchors == 0


def _write_topic(tmp_path: Path, edit) -> Path:
    import tomllib

    data = tomllib.loads(TOPIC_FILE.read_text())
    edit(data)
    lines = [f"name = {json.dumps(data.pop('name'))}"] if "name" in data else []
    for section, table in data.items():
        lines.append(f"[{section}]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in table.items()]
    path = tmp_path / "topic.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(
    "edit,message",
    [
        (lambda d: d["anchors"].update(nmaes=["x"]), "unknown keys ['nmaes']"),
        (lambda d: d["anchors"].pop("names"), "missing keys ['names']"),
        (lambda d: d["partners"].update(names=[]), "non-empty list"),
        (lambda d: d["rule"].update(min_anchor="one"), "must be int"),
        (lambda d: d.update(extra={"a": 1}), "unknown keys ['extra']"),
    ],
)
def test_a_misspelled_or_missing_key_fails_at_load_time(tmp_path, edit, message):
    with pytest.raises(TopicConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_topic(_write_topic(tmp_path, edit))


def _jsonl(path: Path, articles: dict[str, str]) -> Path:
    with path.open("w") as fh:
        for aid, text in articles.items():
            fh.write(json.dumps({"id": aid, "text": text, "published": "2025-09-21"}) + "\n")
    return path


def _articles(store: TableStore) -> dict[str, str]:
    frame = pl.read_delta(str(store.articles))
    return dict(zip(frame["article_id"], frame["status"]))


def test_off_topic_articles_are_recorded_not_parsed_and_a_topic_change_reevaluates(prefect_harness, tmp_path, monkeypatch):
    src = _jsonl(tmp_path / "in.jsonl", ON | OFF)
    table = tmp_path / "out" / "events"
    store = TableStore.at(table)
    s = run_muster(str(src), str(table))
    assert (s.on_topic, s.off_topic) == (len(ON), len(OFF))
    statuses = _articles(store)
    assert {a for a, st in statuses.items() if st == "off_topic"} == set(OFF)
    reasons = pl.read_delta(str(store.articles)).filter(pl.col("status") == "off_topic")["status_reason"].to_list()
    assert all(r.startswith("off topic") for r in reasons)
    events = pl.read_delta(str(store.events))
    assert set(events["article_id"]) <= set(ON) and events.height > 0  # nothing coded off topic

    again = run_muster(str(src), str(table))
    assert not again.committed and again.articles_unchanged == len(ON) + len(OFF)

    # the topic now also counts "Samsung" (an anchor) and "Seoul" (a partner): only the article whose verdict
    # flips is re-evaluated (and parsed)
    def edit(d):
        d["anchors"]["names"].append("Samsung")
        d["partners"]["names"].append("Seoul")

    topic = _write_topic(tmp_path, edit)
    monkeypatch.setenv("MUSTER_TOPIC_FILE", str(topic))
    changed = run_muster(str(src), str(table))
    assert changed.committed and changed.articles_changed == 1
    assert _articles(store)["off-sk-only"] == "ok"


def test_all_topics_codes_every_article_and_a_gated_run_sets_them_back(prefect_harness, tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", ON | OFF)
    table = tmp_path / "out" / "events"
    store = TableStore.at(table)
    s = run_muster(str(src), str(table), all_topics=True)
    assert s.all_topics and s.on_topic == len(ON) + len(OFF)
    assert set(_articles(store).values()) == {"ok"}
    gated = run_muster(str(src), str(table))
    assert gated.articles_changed == len(OFF)  # exactly the off-topic ones flip
    events = pl.read_delta(str(store.events))
    assert not set(events["article_id"]) & set(OFF)
