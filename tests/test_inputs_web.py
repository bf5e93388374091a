"""Web inputs: saved pages, WARC crawls and HTML inside .txt/JSONL, read with trafilatura and warcio.

The pages are written here (navigation, scripts, comments, share bars, a meta published date);
the WARC files are built in the test with warcio.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extractors.articles import InputError, check_input, read_articles
from extractors.html_input import looks_like_html
from extractors.warc_input import warc_article_id
from schemas import ArticleRow, RejectRow

BODY = (
    "North Korea sent about 1,500 soldiers to the Kursk region on Monday, South Korean intelligence "
    "officials told lawmakers in Seoul.",
    "The officials said the soldiers travelled by train from Vladivostok and would be trained before "
    "joining Russian units near the border.",
    "Moscow has denied that any foreign troops are fighting for Russia.",
)


def saved_page(
    *,
    title: str = "Troops sent north",
    published: str | None = "2025-03-14T08:00:00+00:00",
    author: str = "Jane Roe",
    canonical: str = "https://herald.example/world/troops-sent-north",
    body: tuple[str, ...] = BODY,
) -> str:
    meta_date = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Example Herald</title>
<meta property="og:title" content="{title}">
<meta name="author" content="{author}">
{meta_date}
<link rel="canonical" href="{canonical}">
<script>var tracker = {{site: "herald"}}; function onScroll() {{ return "tracking pixel fired"; }}</script>
<style>.nav {{ color: red }}</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet this</a> <a href="#">Email</a></div>
<article>
<h1>{title}</h1>
<p class="byline">By {author}</p>
{paragraphs}
</article>
<!-- editor's note: check the figure before publishing -->
<section id="comments"><h3>Comments</h3>
<div class="comment"><p>Reader42 wrote: nobody was sent anywhere, this is invented.</p></div></section>
<footer><p>Copyright 2025 Example Herald. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def _items(path: Path) -> tuple[list[ArticleRow], list[RejectRow]]:
    items = list(read_articles(path, run_id="t"))
    return [i for i in items if isinstance(i, ArticleRow)], [i for i in items if isinstance(i, RejectRow)]


def test_saved_page_main_text_and_metadata(tmp_path):
    page = tmp_path / "troops.html"
    page.write_text(saved_page(), encoding="utf-8")
    (a,), rejects = _items(page)
    assert not rejects
    for sentence in BODY:
        assert sentence in a.text
    for chrome in (
        "Home",
        "tracker",
        "Share on Facebook",
        "Tweet this",
        "Reader42",
        "editor's note",
        "Copyright",
        "Privacy policy",
        "<",
        "By Jane Roe",
    ):
        assert chrome not in a.text
    assert a.text[a.headline_start : a.headline_end] == "Troops sent north" == a.title
    assert a.text[a.body_start :].startswith(BODY[0])
    assert (a.published, a.published_precision, a.published_source) == (dt.date(2025, 3, 14), "day", "page_meta")
    assert (a.author, a.url) == ("Jane Roe", "https://herald.example/world/troops-sent-north")
    assert (a.article_id, a.input_kind, a.text_method, a.language) == ("troops", "html", "trafilatura", "en")
    import hashlib

    assert a.sha256 == hashlib.sha256(page.read_bytes()).hexdigest()  # the raw bytes are hashed


def test_folder_of_pages_needs_no_manifest_and_a_manifest_row_wins(tmp_path):
    (tmp_path / "a.html").write_text(saved_page(), encoding="utf-8")
    (tmp_path / "b.htm").write_text(
        saved_page(title="Second report", published=None, canonical="https://herald.example/world/second"), encoding="utf-8"
    )
    assert check_input(tmp_path) == "folder"
    articles, rejects = _items(tmp_path)
    assert [a.article_id for a in articles] == ["a", "b"] and not rejects
    assert articles[1].published is None and articles[1].published_source is None

    (tmp_path / "manifest.csv").write_text(
        "file,article_id,title,publisher,url,published\n"
        "a.html,herald-1,Troops sent to Kursk,Herald,https://x.example/1,2025-03-20\n"
    )
    articles, rejects = _items(tmp_path)
    first = articles[0]
    assert (first.article_id, first.title, first.publisher, first.url) == (
        "herald-1",
        "Troops sent to Kursk",
        "Herald",
        "https://x.example/1",
    )
    assert (first.published, first.published_source) == (dt.date(2025, 3, 20), "manifest")
    assert first.author == "Jane Roe"  # what the row does not give comes from the page
    assert [a.article_id for a in articles] == ["herald-1", "b"]


def test_html_inside_jsonl_and_txt_is_extracted_as_html(tmp_path):
    jsonl = tmp_path / "feed.jsonl"
    jsonl.write_text(
        json.dumps({"id": "j1", "text": saved_page(), "published": "", "title": "", "url": "", "publisher": "Feed"})
        + "\n"
        + json.dumps({"id": "j2", "text": " ".join(BODY), "published": "2025-03-15"})
        + "\n",
        encoding="utf-8",
    )
    (j1, j2), rejects = _items(jsonl)
    assert not rejects
    assert "on Monday" in j1.text and "<p>" not in j1.text and "Reader42" not in j1.text
    assert (j1.text_method, j1.input_kind, j1.published_source, j1.publisher) == ("trafilatura", "jsonl", "page_meta", "Feed")
    assert (j2.text_method, j2.published_source, j2.text) == ("as_read", "jsonl", " ".join(BODY))

    folder = tmp_path / "txt"
    folder.mkdir()
    (folder / "page.txt").write_text(saved_page(), encoding="utf-8")
    (folder / "manifest.csv").write_text("file,article_id,title,publisher,url,published\npage.txt,t1,,,,2025-03-16\n")
    (t1,), _ = _items(folder)
    assert (t1.input_kind, t1.text_method, t1.published, t1.published_source) == (
        "txt",
        "trafilatura",
        dt.date(2025, 3, 16),
        "manifest",
    )
    assert BODY[0] in t1.text and "<" not in t1.text


@pytest.mark.parametrize(
    "text,expected",
    [
        (saved_page(), True),
        ("  <html><body><p>Short page.</p></body></html>", True),
        ("<div><p>One</p><p>Two paragraphs of a pasted fragment.</p></div>", True),
        ("North Korea sent troops.\n\nThe figure rose to <1,000> by some counts, and 3 < 4 as ever.", False),
        ("Seoul said a <b> tag means nothing here; the troops moved on Monday.", False),
    ],
)
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


def test_page_without_main_text_is_a_reject(tmp_path):
    (tmp_path / "empty.html").write_text("<html><head><title></title></head><body><script>var page = 1;</script></body></html>")
    (tmp_path / "zero.html").write_bytes(b"")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    articles, rejects = _items(tmp_path)
    assert not articles
    reasons = {Path(r.input_path).name: r.reason for r in rejects}
    assert "no main text" in reasons["empty.html"] and reasons["zero.html"] == "empty file"
    assert "unsupported file type '.pdf'" in reasons["notes.pdf"]


def test_input_errors_say_what_is_accepted(tmp_path):
    (tmp_path / "only.txt").write_text("text without a manifest")
    with pytest.raises(InputError, match="no manifest.csv"):
        check_input(tmp_path)
    (tmp_path / "data.csv").write_text("a,b\n")
    with pytest.raises(InputError, match=r"\.warc\.gz"):
        check_input(tmp_path / "data.csv")


# --- WARC -------------------------------------------------------------------------------------


def _response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    *,
    content_type: str = "text/html; charset=utf-8",
    status: str = "200 OK",
    date: str = "2025-04-02T10:11:12Z",
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict={"WARC-Date": date}
    )
    writer.write_record(record)


def build_warc(path: Path, *, gzip_records: bool = True) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip_records)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "muster tests"}))
        request = writer.create_warc_record("https://herald.example/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
        _response(writer, "https://herald.example/a", saved_page().encode("utf-8"))
        _response(
            writer,
            "https://herald.example/b",
            saved_page(title="Undated report", published=None, canonical="https://herald.example/b").encode("utf-8"),
        )
        _response(writer, "https://herald.example/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
        _response(writer, "https://herald.example/gone", b"<html><body>Not found</body></html>", status="404 Not Found")
        _response(writer, "https://herald.example/a", saved_page().encode("utf-8"))  # crawled twice


@pytest.mark.parametrize("name,gz", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_warc_each_html_response_is_an_article(tmp_path, name, gz):
    warc = tmp_path / name
    build_warc(warc, gzip_records=gz)
    assert check_input(warc) == "warc"
    (a, b), rejects = _items(warc)
    assert (a.url, a.article_id, a.input_kind, a.text_method) == (
        "https://herald.example/a",
        warc_article_id("https://herald.example/a"),
        "warc",
        "trafilatura",
    )
    assert (a.published, a.published_source) == (dt.date(2025, 3, 14), "page_meta")  # the page's own date wins
    assert (b.published, b.published_precision, b.published_source) == (dt.date(2025, 4, 2), "day", "warc_date")
    assert BODY[0] in a.text and "Reader42" not in a.text
    assert a.source_path.startswith(f"{warc}#")
    (dup,) = rejects  # the image, the 404, the request and warcinfo records are not articles
    assert "duplicate article id" in dup.reason and "https://herald.example/a" in dup.reason


@pytest.mark.parametrize("keep", [1 / 3, 1 / 2, -10])
@pytest.mark.parametrize("junk", [b"", b"this is not gzip at all" * 20])
def test_damaged_warc_is_a_reject_not_a_crash(tmp_path, keep, junk):
    """A download cut short (with or without junk after it): whatever was read is kept, the damage is a reject."""
    good = tmp_path / "good.warc.gz"
    build_warc(good)
    data = good.read_bytes()
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(data[: int(len(data) * keep) if keep > 0 else keep] + junk)
    articles, rejects = _items(damaged)
    assert any(r.reason.startswith(("unreadable WARC record", "truncated WARC file", "damaged WARC record")) for r in rejects), [
        r.reason for r in rejects
    ]
    assert all(BODY[0] in a.text for a in articles)


def test_a_file_that_is_not_a_warc_is_a_reject(tmp_path):
    garbage = tmp_path / "garbage.warc"
    garbage.write_bytes(b"HTTP/1.1 200 OK\r\n\r\nnot a WARC file\n")
    articles, rejects = _items(garbage)
    assert not articles and len(rejects) == 1 and "unreadable WARC record" in rejects[0].reason


def test_mixed_folder_reads_every_kind(tmp_path):
    (tmp_path / "page.html").write_text(saved_page(), encoding="utf-8")
    build_warc(tmp_path / "crawl.warc.gz")
    (tmp_path / "feed.jsonl").write_text(json.dumps({"id": "j1", "text": " ".join(BODY), "published": "2025-03-15"}) + "\n")
    (tmp_path / "note.txt").write_text("\n\n".join(BODY))
    (tmp_path / "manifest.csv").write_text("file,article_id,title,publisher,url,published\nnote.txt,n1,,,,2025-03-17\n")
    articles, rejects = _items(tmp_path)
    assert sorted(a.input_kind for a in articles) == ["html", "jsonl", "txt", "warc", "warc"]
    assert len(rejects) == 1  # the WARC's second crawl of the same url


# --- the real flow over a mixed folder ------------------------------------------------------------


def test_muster_run_over_a_mixed_folder_publishes_its_summary_and_logs(prefect_harness, tmp_path):
    """`muster run` as a user types it (default runner and workers), over pages, a WARC, JSONL and .txt:
    every kind is coded, the run publishes its table artifact and logs its progress through Prefect,
    and the terminal stays short."""
    import os
    import subprocess
    import sys
    import uuid

    import polars as pl
    from prefect.settings import PREFECT_API_URL

    from flows.artifacts import RUN_SUMMARY_KEY
    from flows.store import TableStore
    from tests.test_language import RUSSIAN

    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "page.html").write_text(saved_page(), encoding="utf-8")
    build_warc(folder / "crawl.warc.gz")
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "j1", "text": " ".join(BODY), "published": "2025-03-15"})
        + "\n"
        + json.dumps({"id": "ru1", "text": RUSSIAN, "published": "2025-03-15"})
        + "\n"
    )
    (folder / "note.txt").write_text("\n\n".join(BODY))
    (folder / "manifest.csv").write_text("file,article_id,title,publisher,url,published\nnote.txt,n1,,,,2025-03-17\n")
    table = tmp_path / "out" / "events"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_LOGGING_LEVEL"}  # as a user runs it
    env["PREFECT_API_URL"] = PREFECT_API_URL.value()
    run = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", str(folder), "--table", str(table)],
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert "articles read:    5 (5 new or changed" in run.stdout
    assert "language ru (" in run.stdout and "duplicate article id" in run.stdout
    assert len(run.stderr.strip().splitlines()) <= 3 and "INFO" not in run.stderr, run.stderr  # as short as before

    articles = pl.read_delta(str(TableStore.at(table).articles))
    assert sorted(articles["input_kind"]) == ["html", "jsonl", "txt", "warc", "warc"]
    events = pl.read_delta(str(TableStore.at(table).events))
    page = articles.filter(pl.col("input_kind") == "html").row(0, named=True)
    deployment = events.filter((pl.col("article_id") == page["article_id"]) & (pl.col("event_type") == "deployment"))
    assert deployment.height and deployment["date_start"][0] == dt.date(2025, 3, 10)  # "on Monday" before 14 March 2025

    run_id = uuid.UUID(re.search(r"run id:\s+(\S+)", run.stdout)[1])
    import httpx

    api = PREFECT_API_URL.value()
    # the REST API directly: Prefect 3.8's client sends nulls for the filters left out, which its server refuses
    found = httpx.post(
        f"{api}/artifacts/filter",
        json={"artifacts": {"key": {"any_": [RUN_SUMMARY_KEY]}, "flow_run_id": {"any_": [str(run_id)]}}},
    ).json()
    (artifact,) = found
    logs = httpx.post(
        f"{api}/logs/filter", json={"logs": {"flow_run_id": {"any_": [str(run_id)]}}, "limit": 200, "offset": 0}
    ).json()
    rows = json.loads(artifact["data"]) if isinstance(artifact["data"], str) else artifact["data"]
    counts = {(r["section"], r["name"]): r["count"] for r in rows}
    assert counts[("articles", "read")] == 5
    assert counts[("rejects", "language ru (…): only English is coded")] == 1
    assert counts[("events", "deployment")] == events.filter(pl.col("event_type") == "deployment").height
    assert counts[("table", "events version")] == 1
    assert any("new or changed article(s)" in log["message"] for log in logs)
