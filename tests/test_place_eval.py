"""The place dev set's files and the `muster eval-places` scorer (real pipeline, real gazetteer)."""

from __future__ import annotations

import hashlib
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

from flows.place_eval import SOURCE_KEYS, TOPONYM_KEYS, read_corpus

CORPUS = Path(__file__).parent / "corpus" / "places"


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_corpus_files_are_well_formed():
    sources = _lines(CORPUS / "sources.jsonl")
    toponyms = _lines(CORPUS / "toponyms.jsonl")
    assert all(set(s) == SOURCE_KEYS for s in sources) and all(set(t) == TOPONYM_KEYS for t in toponyms)
    by_id = {s["id"]: s for s in sources}
    assert len(toponyms) >= 300
    for t in toponyms:
        src = by_id[t["article"]]
        assert 0 <= t["start"] < t["end"] <= src["length"] and t["end"] - t["start"] == len(t["mention"])
        assert t["split"] == src["split"] and t["kind"] in ("country", "admin1", "admin2", "capital", "town", "region")
        assert -90 <= t["lat"] <= 90 and -180 <= t["lon"] <= 180 and len(t["country"] or "XXX") == 3
    test_share = sum(t["split"] == "test" for t in toponyms) / len(toponyms)
    assert 0.25 <= test_share <= 0.4
    assert len({(t["article"], t["start"]) for t in toponyms}) == len(toponyms)


def _tiny_corpus(tmp_path: Path) -> Path:
    """Two articles written here (not publishers' text), gold at computed offsets."""
    texts = {
        "t-001": "Tourists flock to Churchill, Man., each autumn.\nPolar bears were seen near Churchill again.",
        "t-002": "Canadian officials met in Paris on Monday.\nThe talks then moved to Blorpington.",
    }
    gold = [
        ("t-001", "Churchill", 0, "town", 58.768, -94.167, "CAN"),
        ("t-001", "Churchill", 1, "town", 58.768, -94.167, "CAN"),
        ("t-001", "Man.", 0, "admin1", 55.0, -97.0, "CAN"),
        ("t-002", "Paris", 0, "capital", 48.853, 2.349, "FRA"),
        ("t-002", "Blorpington", 0, "town", 50.0, 0.0, "GBR"),
    ]
    folder = tmp_path / "corpus"
    (folder / "texts").mkdir(parents=True)
    with (folder / "sources.jsonl").open("w", encoding="utf-8") as fh:
        for n, (aid, text) in enumerate(texts.items()):
            (folder / "texts" / f"{aid}.txt").write_text(text, encoding="utf-8")
            fh.write(
                json.dumps(
                    {
                        "id": aid,
                        "url": f"https://example.org/{aid}",
                        "publisher": "Example",
                        "country": None,
                        "published": None,
                        "published_from": "unknown",
                        "style": "other",
                        "query": "q",
                        "rank": 1,
                        "sha256": hashlib.sha256(text.encode()).hexdigest(),
                        "length": len(text),
                        "split": "test" if n else "dev",
                    }
                )
                + "\n"
            )
    with (folder / "toponyms.jsonl").open("w", encoding="utf-8") as fh:
        for aid, mention, nth, kind, lat, lon, country in gold:
            start = -1
            for _ in range(nth + 1):
                start = texts[aid].index(mention, start + 1)
            fh.write(
                json.dumps(
                    {
                        "article": aid,
                        "start": start,
                        "end": start + len(mention),
                        "mention": mention,
                        "name": mention,
                        "lat": lat,
                        "lon": lon,
                        "country": country,
                        "admin1": None,
                        "geonames_id": None,
                        "kind": kind,
                        "split": "test" if aid == "t-002" else "dev",
                    }
                )
                + "\n"
            )
    return folder


def _run(argv):
    from flows.cli import main

    buf = io.StringIO()
    with redirect_stdout(buf):
        rc = main(argv)
    return rc, buf.getvalue()


def test_eval_places_scores_through_the_flow_path(tmp_path):
    folder = _tiny_corpus(tmp_path)
    rc, out = _run(["eval-places", str(folder), "--split", "all", "--errors"])
    assert rc == 0
    # Churchill twice (the second only through the article's "Churchill, Man."), Man., Paris: 4 of 5
    assert "all            5  acc@161 80.0%  country 80.0%  answered 80.0%" in out
    assert "Blorpington" in out and "no answer" in out
    rc, out = _run(["eval-places", str(folder), "--split", "dev"])
    assert "== dev: 3 toponyms" in out and "test" not in out
    rc, _ = _run(["eval-places", str(folder), "--split", "all", "--min-acc", "0.9"])
    assert rc == 1


def test_eval_places_reports_missing_and_altered_texts(tmp_path):
    folder = _tiny_corpus(tmp_path)
    (folder / "texts" / "t-002.txt").unlink()
    (folder / "texts" / "t-001.txt").write_text("changed", encoding="utf-8")
    texts, toponyms, problems = read_corpus(folder)
    assert texts == {} and toponyms == []
    assert any("t-002: text missing" in p for p in problems) and any("t-001: sha256 differs" in p for p in problems)
    assert _run(["eval-places", str(folder)])[0] == 2  # nothing left to score: a one-line user error
