"""Corpus folders (flows/corpus.py), offset gold and the corpus side of `muster eval`, on small texts written here."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from extractors.articles import read_articles
from extractors.events import extract_events
from flows.cli import main
from flows.corpus import CorpusError, check, load_sources, to_jsonl, verified_texts
from flows.evaluate import GoldEvent, evaluate, read_gold, read_offset_gold
from schemas import ArticleRow

ROOT = Path(__file__).resolve().parents[1]

# Our own sentences, one per phrasing the corpus gold depends on (never copied from an article).
TEXTS = {
    "toy-001": "Pyongyang has sent 2,000 soldiers to the Kursk region, officials said on Tuesday. The Kremlin denied the report.",
    "toy-002": "North Korea sent troops to Russia. North Korea sent troops to Russia.",
    "toy-003": "Moscow and Pyongyang signed a defence treaty in June.",
}
SPLITS = {"toy-001": "dev", "toy-002": "dev", "toy-003": "test"}


def _source(source_id: str, text: str, **changes) -> dict:
    record = {
        "id": source_id,
        "url": f"https://example.org/{source_id}",
        "publisher": "Example Wire",
        "country": "GBR",
        "published": "2025-03-14",
        "published_from": "text",
        "style": "wire",
        "query": "toy query",
        "rank": 1,
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "length": len(text),
        "split": SPLITS[source_id],
    }
    record.update(changes)
    return record


def _corpus(folder: Path, records: list[dict] | None = None) -> Path:
    (folder / "texts").mkdir(parents=True)
    records = records if records is not None else [_source(i, t) for i, t in TEXTS.items()]
    with (folder / "sources.jsonl").open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    for source_id, text in TEXTS.items():
        (folder / "texts" / f"{source_id}.txt").write_bytes(text.encode("utf-8"))
    return folder


def _gold(article_id: str, event_type: str, phrase: str, trigger: str, *, occurrence: int = 0, **fields) -> dict:
    """An offset gold record, its offsets found in the text by Python (as the corpus gold is made)."""
    text = TEXTS[article_id]
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(phrase, at + 1)
    t = at + phrase.index(trigger)
    return {
        "article_id": article_id,
        "event_type": event_type,
        "char_start": at,
        "char_end": at + len(phrase),
        "trigger_start": t,
        "trigger_end": t + len(trigger),
        "trigger": trigger,
        **fields,
    }


def _write_gold(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture()
def corpus(tmp_path) -> Path:
    return _corpus(tmp_path / "toy")


@pytest.fixture()
def predicted(corpus, tmp_path, nlp):
    """Real event rows: the corpus written as JSONL input, read by the real reader, run through the real extractor."""
    out = tmp_path / "all.jsonl"
    assert to_jsonl(corpus, "all", out) == len(TEXTS)
    articles = [a for a in read_articles(out, run_id="test") if isinstance(a, ArticleRow)]
    assert [a.article_id for a in articles] == list(TEXTS)
    assert all(a.text == TEXTS[a.article_id] for a in articles)  # texts reach Muster unchanged
    rows = []
    for doc, article in zip(nlp.pipe(a.text for a in articles), articles):
        rows.extend(extract_events(doc, article, run_id="test"))
    return rows


def test_sources_load_as_typed_records(corpus):
    sources = load_sources(corpus)
    assert [s.id for s in sources] == list(TEXTS)
    assert sources[0].rank == 1 and sources[0].split == "dev"


@pytest.mark.parametrize("change", [{"publishr": "Example Wire"}, {"split": "train"}, {"style": "blog"}, {"country": "uk"}])
def test_sources_with_an_unknown_or_bad_key_fail(tmp_path, change):
    record = _source("toy-001", TEXTS["toy-001"], **change)
    with pytest.raises(CorpusError):
        load_sources(_corpus(tmp_path / "bad", [record]))


def test_sources_with_a_missing_key_fail(tmp_path):
    record = _source("toy-001", TEXTS["toy-001"])
    del record["sha256"]
    with pytest.raises(CorpusError, match="missing key"):
        load_sources(_corpus(tmp_path / "bad", [record]))


def test_check_reports_missing_and_changed_texts(corpus):
    assert check(corpus).ok
    (corpus / "texts" / "toy-001.txt").unlink()
    (corpus / "texts" / "toy-002.txt").write_bytes(TEXTS["toy-002"].encode("utf-8") + b"\n")  # one added newline
    report = check(corpus)
    assert report.missing == ("toy-001",) and report.mismatched == ("toy-002",)
    assert not report.ok
    with pytest.raises(CorpusError, match="restore"):
        verified_texts(corpus, "dev")
    assert set(verified_texts(corpus, "test")) == {"toy-003"}  # the other split's texts are still usable


def test_to_jsonl_writes_one_split_as_muster_input(corpus, tmp_path):
    out = tmp_path / "dev.jsonl"
    assert to_jsonl(corpus, "dev", out) == 2
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["toy-001", "toy-002"]
    assert set(records[0]) == {"id", "title", "text", "published", "url", "publisher"}
    assert records[0]["title"] is None and records[0]["text"] == TEXTS["toy-001"]


def test_offset_gold_slices_the_phrase_and_keeps_the_split(corpus, tmp_path):
    gold = _write_gold(
        tmp_path / "gold.jsonl",
        [
            _gold("toy-001", "deployment", "has sent 2,000 soldiers to the Kursk region", "sent", actor_country="PRK"),
            _gold("toy-003", "agreement", "signed a defence treaty", "signed"),
        ],
    )
    dev = read_offset_gold(gold, corpus, "dev")
    assert [g.article_id for g in dev] == ["toy-001"]
    assert dev[0].evidence == "has sent 2,000 soldiers to the Kursk region" and dev[0].actor_country == "PRK"
    assert [g.article_id for g in read_offset_gold(gold, corpus, "all")] == ["toy-001", "toy-003"]


@pytest.mark.parametrize(
    "breakage, message",
    [
        (lambda r: {**r, "trigger": "send"}, "trigger"),
        (lambda r: {**r, "trigger_start": r["trigger_start"] + 1, "trigger_end": r["trigger_end"] + 1}, "trigger"),
        (lambda r: {**r, "char_end": r["trigger_start"]}, "nest"),
        (lambda r: {**r, "article_id": "toy-999"}, "not in"),
        (lambda r: {**r, "evidence": "has sent"}, "unknown gold field"),
        (lambda r: {k: v for k, v in r.items() if k != "char_start"}, "missing gold field"),
    ],
)
def test_offset_gold_that_does_not_fit_the_text_fails_loudly(corpus, tmp_path, breakage, message):
    record = _gold("toy-001", "deployment", "has sent 2,000 soldiers", "sent")
    gold = _write_gold(tmp_path / "gold.jsonl", [breakage(record)])
    with pytest.raises(ValueError, match=message):
        read_offset_gold(gold, corpus, "all")


def test_offset_gold_matches_by_position_not_by_wording(corpus, tmp_path, predicted):
    """The same sentence twice: gold on the second copy matches the second copy's row only."""
    gold = read_offset_gold(
        _write_gold(tmp_path / "gold.jsonl", [_gold("toy-002", "deployment", "sent troops to Russia", "sent", occurrence=1)]),
        corpus,
        "dev",
    )
    rows = [p for p in predicted if p.article_id == "toy-002" and p.event_type == "deployment"]
    assert len(rows) == 2, "the extractor should find the deployment in both copies"
    report = evaluate(gold, predicted, articles=["toy-002"])
    ((g, p),) = report.matched
    assert p.char_start <= g.char_start < g.char_end <= p.char_end
    assert p.char_start == TEXTS["toy-002"].index("North Korea", 1)
    assert report.score("deployment").fp == 1


def test_full_event_needs_date_place_and_polarity(corpus, tmp_path, predicted):
    base = read_offset_gold(
        _write_gold(
            tmp_path / "gold.jsonl", [_gold("toy-001", "deployment", "has sent 2,000 soldiers to the Kursk region", "sent")]
        ),
        corpus,
        "dev",
    )[0]
    (pred,) = [p for p in predicted if p.article_id == "toy-001" and p.event_type == "deployment"]
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    right = dataclasses.replace(
        base,
        date_start=iso(pred.date_start),
        date_end=iso(pred.date_end),
        place_country=pred.place_country,
        place_admin1=pred.place_admin1,
        polarity=pred.polarity,
    )
    report = evaluate([right], predicted, articles=["toy-001"])
    assert report.score("deployment").tp == 1 and report.full_core.tp == 1
    for wrong in (
        dataclasses.replace(right, place_admin1="RU-BEL"),
        dataclasses.replace(right, date_start="1999-01-01", date_end="1999-01-31"),
        dataclasses.replace(right, polarity="negated" if pred.polarity == "affirmed" else "affirmed"),
    ):
        report = evaluate([wrong], predicted, articles=["toy-001"])
        assert report.score("deployment").tp == 1 and report.full_core.tp == 0
        assert report.full_core.fn == 1 and report.full_core.fp == report.core.tp + report.core.fp
        assert {m.attribute for m in report.mismatches} & {"place", "date", "polarity"}


def test_articles_without_gold_still_count_their_spurious_rows(corpus, tmp_path, predicted):
    gold = read_offset_gold(
        _write_gold(
            tmp_path / "gold.jsonl", [_gold("toy-001", "deployment", "has sent 2,000 soldiers to the Kursk region", "sent")]
        ),
        corpus,
        "dev",
    )
    only_gold = evaluate(gold, predicted)
    whole_split = evaluate(gold, predicted, articles=["toy-001", "toy-002"])
    toy2 = sum(1 for p in predicted if p.article_id == "toy-002")
    assert len(whole_split.spurious) == len(only_gold.spurious) + toy2


def test_phrase_gold_of_the_seeds_reads_as_before():
    gold = read_gold(ROOT / "tests" / "gold" / "seeds.jsonl")
    assert gold and all(isinstance(g, GoldEvent) and g.char_start is None for g in gold)


def test_cli_corpus_check_and_jsonl(corpus, tmp_path, capsys):
    assert main(["corpus", "check", str(corpus)]) == 0
    out = tmp_path / "test.jsonl"
    assert main(["corpus", "jsonl", str(corpus), "--split", "test", "--out", str(out)]) == 0
    assert [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()] == ["toy-003"]
    (corpus / "texts" / "toy-003.txt").unlink()
    assert main(["corpus", "check", str(corpus)]) == 1
    assert main(["corpus", "jsonl", str(corpus), "--split", "test", "--out", str(out)]) == 2
    assert "missing" in capsys.readouterr().out


def test_cli_eval_split_needs_texts(tmp_path, capsys):
    gold = _write_gold(tmp_path / "gold.jsonl", [])
    assert main(["eval", "--gold", str(gold), "--split", "dev"]) == 2
    assert "--texts" in capsys.readouterr().err


def test_committed_corpus_sources_load():
    """The in-domain corpus's committed metadata is well formed (its texts are restored separately)."""
    sources = load_sources(ROOT / "tests" / "corpus" / "indomain")
    assert len(sources) >= 45 and len({s.publisher for s in sources}) >= 15
    assert {s.split for s in sources} == {"dev", "test"}


def test_committed_corpus_gold_fits_its_sources():
    """Every gold line names a known article and only GoldEvent fields; with restored texts, every offset fits."""
    folder = ROOT / "tests" / "corpus" / "indomain"
    ids = {s.id for s in load_sources(folder)}
    fields = {f.name for f in dataclasses.fields(GoldEvent)} - {"evidence"}
    lines = [json.loads(line) for line in (folder / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len([r for r in lines if r["event_type"] in ("deployment", "enlistment", "confirmation", "denial")]) >= 200
    assert all(set(r) <= fields and r["article_id"] in ids for r in lines)
    if check(folder).ok:  # texts restored (see the folder's README): the loader checks every trigger
        assert len(read_offset_gold(folder / "gold.jsonl", folder, "all")) == len(lines)
