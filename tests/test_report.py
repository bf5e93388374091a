"""`muster report` writes one self-contained HTML file; headless Chromium renders it offline.

The page records JavaScript errors, unhandled rejections and console.error calls on
<html data-errors>; Chromium runs with every host name unresolvable, so a fetch from the
network fails (and is recorded) instead of passing silently.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from flows.cli import main as muster
from flows.report import build_report
from sample_events import commit_version, sample_tables

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have Debian's chromium (.ci/run installs it)")
        pytest.skip("chromium is not installed (apt-get install -y chromium); CI installs it")
    return CHROMIUM


def _chromium_args(profile: Path) -> list[str]:
    return [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--virtual-time-budget=15000",
        "--window-size=1280,2000",
        "--hide-scrollbars",
    ]


def render(page: Path, tmp_path: Path, screenshot: Path | None = None) -> str:
    """The DOM after the page ran (and optionally a screenshot)."""
    profile = tmp_path / "chromium-profile"
    args = _chromium_args(profile)
    dom = subprocess.run(args + ["--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    if screenshot is not None:
        shot = subprocess.run(args + [f"--screenshot={screenshot}", page.as_uri()], capture_output=True, timeout=120)
        assert shot.returncode == 0 and screenshot.stat().st_size > 10_000, shot.stderr[-2000:]
    return dom.stdout


def page_errors(dom: str) -> list[str]:
    root = re.search(r"<html[^>]*>", dom).group(0)
    found = re.search(r'data-errors="([^"]*)"', root)
    return json.loads(html.unescape(found.group(1))) if found else []


def event_rows(dom: str) -> int:
    return len(re.findall(r"<tr data-event-id=", dom))


def _check_rendered(dom: str, events: int) -> None:
    assert 'data-ready="1"' in re.search(r"<html[^>]*>", dom).group(0), "the page's scripts did not finish"
    assert page_errors(dom) == []
    assert event_rows(dom) == events
    assert f'data-events="{events}"' in dom


def test_report_of_placed_and_dated_events_renders_offline(tmp_path, chromium, capsys):
    commit_version(tmp_path, *sample_tables(), "run-1")
    out = tmp_path / "report.html"
    assert muster(["report", "--table", str(tmp_path / "events"), "--out", str(out)]) == 0
    assert "3 events, 3 dated, 2 placed" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"""<script[^>]+src=|<link[^>]+href=["']https?:""", page), "must not load external files"

    shot = tmp_path / "report.png"
    dom = render(out, tmp_path, screenshot=shot)
    _check_rendered(dom, 3)
    assert re.search(r'<div id="timeline"[^>]*data-plotted="1"', dom)
    assert re.search(r'<div id="map"[^>]*data-plotted="1"', dom)
    assert len(re.findall(r"<g class=\"trace bars\"", dom)) == 3  # one bar trace per dated type
    assert re.search(r'<g class="layer countries">\s*<path', dom), "the inlined base map was drawn"
    assert len(re.findall(r'<path class="point"', dom)) == 2  # two places on the map
    assert dom.count("<mark>") == 3  # every trigger marked in its evidence
    if os.environ.get("CI") != "true":
        (REPO / "output").mkdir(exist_ok=True)
        shutil.copy(shot, REPO / "output" / "report.png")


def test_the_error_check_catches_a_page_that_needs_the_network(tmp_path, chromium):
    """Control: without the inlined base map plotly.js fetches it from its CDN, which fails here and is recorded."""
    events, articles = sample_tables()
    page = build_report(events, articles)
    start = page.index("<script>window.PlotlyGeoAssets")
    page = page[:start] + page[page.index("</script>", start) + len("</script>") :]
    path = tmp_path / "needs-network.html"
    path.write_text(page, encoding="utf-8")
    errors = page_errors(render(path, tmp_path))
    assert errors and all("topojson" in e for e in errors), errors


def test_report_of_the_seed_run(seed_run, tmp_path, chromium, capsys):
    out = tmp_path / "seeds.html"
    assert muster(["report", "--table", str(seed_run.store.events), "--out", str(out)]) == 0
    n = sum(seed_run.summary.events_by_type.values())
    assert f": {n} events" in capsys.readouterr().out
    _check_rendered(render(out, tmp_path), n)


def test_report_user_errors(tmp_path, capsys):
    assert muster(["report", "--table", str(tmp_path / "none"), "--out", str(tmp_path / "r.html")]) == 2
    assert "no Delta table" in capsys.readouterr().err
