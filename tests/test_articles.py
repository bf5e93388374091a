"""Reading inputs: articles as read, boilerplate located, every bad input a reject with a reason."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extractors.articles import InputError, locate_body, parse_published, read_articles, related_link
from schemas import ArticleRow, RejectRow

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _write_folder(tmp_path: Path, files: dict[str, bytes], rows: list[str]) -> Path:
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    (tmp_path / "manifest.csv").write_text(
        "file,article_id,title,publisher,url,published,published_note\n" + "\n".join(rows) + "\n"
    )
    return tmp_path


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2025-09-21", (dt.date(2025, 9, 21), "day")),
        ("2025-01", (dt.date(2025, 1, 1), "month")),
        ("2024", (dt.date(2024, 1, 1), "year")),
        ("2025-09-21T08:30:00Z", (dt.date(2025, 9, 21), "day")),
        ("", (None, None)),
    ],
)
def test_parse_published(value, expected):
    p = parse_published(value)
    assert (p.date, p.precision) == expected


@pytest.mark.parametrize("value", ["21/09/2025", "September 2025", "2025-13-01", "yesterday"])
def test_parse_published_rejects_garbage(value):
    with pytest.raises(ValueError):
        parse_published(value)


def test_seeds_read_with_boilerplate_located():
    items = list(read_articles(SEEDS, run_id="t"))
    assert all(isinstance(a, ArticleRow) for a in items) and len(items) == 2
    a, b = items
    assert a.text == (SEEDS / "000_ae47c5515d94b40d.txt").read_bytes().decode("utf-8")
    assert a.text[a.body_start :].startswith("North Korean laborers dispatched")
    assert a.text[a.headline_start : a.headline_end] == a.title
    assert a.body_end == len(a.text.rstrip())
    assert (a.published, a.published_precision) == (dt.date(2025, 9, 21), "day")
    assert (b.published, b.published_precision) == (dt.date(2025, 1, 1), "month")
    assert b.body_start == 0 and b.headline_start is None  # title is not in the text


def test_locate_body_skips_byline_copyright_share_lines():
    text = (
        "World\n\nTroops sent north\n\nBy Jane Roe, Staff Writer\n\nCopyright Example News\n\n"
        "Troops sent north\n\nNorth Korea sent troops to Russia, officials said.\n\nShare this article\n"
    )
    start, end, headline = locate_body(text, "Troops sent north")
    assert text[start:end] == "North Korea sent troops to Russia, officials said."
    assert text[headline[0] : headline[1]] == "Troops sent north"


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Also read | Minister opens a bridge", True),
        ("READ MORE: Storm hits the coast", True),
        ("See also - Talks resume", True),
        ("Also, read the full report below.", False),
        ("Read more about the deployment in our explainer", False),
    ],
)
def test_related_link_lines(line, expected):
    assert related_link(line) is expected


def test_bad_inputs_become_rejects_and_the_rest_is_read(tmp_path):
    folder = _write_folder(
        tmp_path,
        {
            "good.txt": b"North Korea sent troops to Russia.",
            "empty.txt": b"   \n",
            "binary.txt": b"\x00\x01\x02PNG",
            "latin1.txt": "Pyongyang caf\xe9".encode("latin-1"),
            "orphan.txt": b"A file nobody listed.",
            "baddate.txt": b"Some text.",
            "dup.txt": b"Another text.",
        },
        [
            "good.txt,a1,Good,P,u,2025-09-21,",
            "empty.txt,a2,Empty,P,u,2025-09-21,",
            "binary.txt,a3,Bin,P,u,2025-09-21,",
            "latin1.txt,a4,Latin,P,u,2025-09-21,",
            "baddate.txt,a5,Bad,P,u,21 Sept,",
            "dup.txt,a1,Dup,P,u,2025-09-21,",
            "missing.txt,a6,Missing,P,u,2025-09-21,",
        ],
    )
    items = list(read_articles(folder, run_id="t"))
    articles = [i for i in items if isinstance(i, ArticleRow)]
    rejects = {Path(r.input_path).name: r.reason for r in items if isinstance(r, RejectRow)}
    assert [a.article_id for a in articles] == ["a1"]
    assert "empty" in rejects["empty.txt"]
    assert "binary" in rejects["binary.txt"]
    assert "UTF-8" in rejects["latin1.txt"]
    assert "no manifest row" in rejects["orphan.txt"]
    assert "published" in rejects["baddate.txt"]
    assert "duplicate article id" in rejects["dup.txt"]
    assert "does not exist" in rejects["missing.txt"]
    assert len(items) == 8  # nothing disappears


def test_jsonl_input(tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [
        {
            "id": "j1",
            "title": "T",
            "text": "Russia denied the reports.\r\nSecond line.",
            "published": "2025-01",
            "url": "u",
            "publisher": "p",
        },
        {"id": "j1", "title": "T", "text": "dup", "published": "2025-01"},
        {"id": "j2", "text": "", "published": "2025-01"},
        {"id": "j3", "text": "ok", "published": "not a date"},
    ]
    path.write_text("\n".join(json.dumps(l) for l in lines) + "\n{broken json\n")
    items = list(read_articles(path, run_id="t"))
    articles = [i for i in items if isinstance(i, ArticleRow)]
    rejects = [i for i in items if isinstance(i, RejectRow)]
    assert [a.article_id for a in articles] == ["j1"]
    assert articles[0].text == lines[0]["text"]  # \r\n kept: offsets index the text as read
    assert articles[0].published_precision == "month"
    assert len(rejects) == 4
    assert any("bad JSON" in r.reason for r in rejects)


@pytest.mark.parametrize("make", [lambda p: p / "nope", lambda p: (p / "x.txt").write_text("x") and p / "x.txt"])
def test_unreadable_input_kinds_raise_input_error(tmp_path, make):
    with pytest.raises(InputError):
        list(read_articles(make(tmp_path), run_id="t"))


def test_folder_without_manifest_raises(tmp_path):
    (tmp_path / "a.txt").write_text("text")
    with pytest.raises(InputError, match="manifest"):
        list(read_articles(tmp_path, run_id="t"))
