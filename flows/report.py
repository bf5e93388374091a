"""One self-contained HTML report of an events table version (`muster report`).

A timeline of events by type (each dated event a bar from date_start to date_end, its
precision written on the bar), a map of placed events, and a sortable table with the
evidence sentence. Plotly draws the two figures; its JavaScript and the world base map
(plotly.js's own world_110m topojson, in flows/data/) are inlined, so the file opens
with no network. Page errors are recorded on <html data-errors> for the headless test.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
import pyarrow as pa
from plotly.colors import qualitative
from plotly.offline import get_plotlyjs

from schemas import EVENT_TYPES
from schemas.frames import arrow_frame, plain_frame

WORLD_TOPOJSON = Path(__file__).with_name("data") / "world_110m.json"
TYPE_COLOURS = dict(zip(EVENT_TYPES, qualitative.Plotly))
_SORT = ["date_start", "event_type", "article_id", "char_start", "event_id"]


@dataclass(frozen=True, slots=True)
class ReportInfo:
    path: Path
    events: int
    dated: int
    placed: int
    html_bytes: int


def _frame(events: Union[pa.Table, pl.DataFrame], articles: Union[pa.Table, pl.DataFrame, None]) -> pl.DataFrame:
    # sorted and grouped as text: a frame read with Enum columns (read_frame) reports as its Arrow table does
    ev = plain_frame(events).sort(_SORT, nulls_last=True).with_row_index("n", offset=1)
    if articles is None:
        return ev.with_columns(pl.lit(None, pl.String).alias(c) for c in ("title", "publisher", "url"))
    art = plain_frame(articles)
    return ev.join(art.select("article_id", "title", "publisher", "url", "published"), on="article_id", how="left")


def _esc(v: object) -> str:
    return "" if v is None else html.escape(str(v))


def _when(row: dict) -> str:
    if row["date_start"] is None:
        return "undated" + (f" ({row['date_text']})" if row.get("date_text") else "")
    span = row["date_start"].isoformat() if row["date_start"] == row["date_end"] else f"{row['date_start']} – {row['date_end']}"
    extra = ", ".join(x for x in (row.get("date_precision"), row.get("date_qualifier")) if x)
    return f"{span} ({extra})" if extra else span


def _quantity(row: dict) -> str:
    lo, hi = row.get("quantity_min"), row.get("quantity_max")
    if lo is None and hi is None:
        return ""
    if lo == hi:
        return f"{lo:,}"
    return f"{'' if lo is None else f'{lo:,}'}..{'' if hi is None else f'{hi:,}'}"


def _place(row: dict) -> str:
    parts = [row.get("place_name") or row.get("place_text"), row.get("place_admin1") or row.get("place_country")]
    return ", ".join(p for p in parts if p)


def _clip(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _label(row: dict) -> str:
    return f"#{row['n']} {row['event_type']}"


def timeline_figure(frame: pl.DataFrame) -> Optional[go.Figure]:
    """Dated events as horizontal bars date_start → date_end (inclusive), one row each, coloured by type."""
    dated = frame.filter(pl.col("date_start").is_not_null())
    if not dated.height:
        return None
    fig = go.Figure()
    day_ms = 86_400_000
    for etype in [t for t in EVENT_TYPES if t in set(dated["event_type"])] + sorted(set(dated["event_type"]) - set(EVENT_TYPES)):
        rows = list(dated.filter(pl.col("event_type") == etype).iter_rows(named=True))
        fig.add_bar(
            orientation="h",
            name=etype,
            marker_color=TYPE_COLOURS.get(etype, "#777"),
            y=[_label(r) for r in rows],
            base=[r["date_start"].isoformat() for r in rows],
            x=[((r["date_end"] - r["date_start"]).days + 1) * day_ms for r in rows],
            text=[r["date_precision"] or "" for r in rows],
            textposition="inside",
            insidetextanchor="start",
            customdata=[[_when(r), r.get("date_text") or "", _clip(r["evidence"], 120)] for r in rows],
            hovertemplate="<b>%{y}</b><br>%{customdata[0]}<br>“%{customdata[1]}”<br>%{customdata[2]}<extra></extra>",
        )
    fig.update_layout(
        title="Timeline of dated events (bars span date_start–date_end; text = date precision)",
        barmode="overlay",
        height=min(160 + 26 * dated.height, 4000),
        margin=dict(l=10, r=10, t=50, b=40),
        legend_title_text="event type",
        xaxis=dict(type="date", title="date"),
        yaxis=dict(autorange="reversed", title=None, type="category"),
    )
    return fig


def _axis_range(degrees: pl.Series, margin: float, limit: float) -> list[float]:
    """The span of some coordinates, widened by `margin` on each side, within ±`limit`."""
    low, high = degrees.min(), degrees.max()
    assert isinstance(low, (int, float)) and isinstance(high, (int, float))  # a non-empty column of numbers
    return [max(low - margin, -limit), min(high + margin, limit)]


def map_figure(frame: pl.DataFrame) -> Optional[go.Figure]:
    """Placed events on a world base map: one marker per (place, type), sized by the number of events."""
    placed = frame.filter(pl.col("latitude").is_not_null() & pl.col("longitude").is_not_null())
    if not placed.height:
        return None
    groups = placed.group_by("event_type", "latitude", "longitude", maintain_order=True).agg(
        pl.col("place_name").drop_nulls().first(),
        pl.col("place_admin1").drop_nulls().first(),
        pl.col("place_country").drop_nulls().first(),
        pl.col("place_precision").drop_nulls().first(),
        pl.len().alias("events"),
        pl.col("quantity_min").sum().alias("people_min"),
        pl.col("n").alias("numbers"),
    )
    fig = go.Figure()
    for etype in groups["event_type"].unique(maintain_order=True):
        rows = list(groups.filter(pl.col("event_type") == etype).iter_rows(named=True))
        fig.add_scattergeo(
            name=etype,
            lat=[r["latitude"] for r in rows],
            lon=[r["longitude"] for r in rows],
            mode="markers",
            marker=dict(
                size=[8 + 4 * min(r["events"], 8) for r in rows],
                color=TYPE_COLOURS.get(etype, "#777"),
                line=dict(width=1, color="#333"),
                opacity=0.8,
            ),
            customdata=[
                [
                    r["place_name"] or "?",
                    ", ".join(x for x in (r["place_admin1"], r["place_country"]) if x),
                    r["place_precision"] or "",
                    r["events"],
                    _people(r),
                    " ".join(f"#{n}" for n in r["numbers"]),
                ]
                for r in rows
            ],
            hovertemplate=(
                "<b>%{customdata[0]}</b> (%{customdata[1]}, %{customdata[2]})<br>"
                + etype
                + ": %{customdata[3]} event(s)%{customdata[4]}<br>%{customdata[5]}<extra></extra>"
            ),
        )
    fig.update_geos(
        scope="world",
        resolution=110,
        projection_type="natural earth",
        showcountries=True,
        showland=True,
        landcolor="#f2efe6",
        countrycolor="#999",
        showocean=True,
        oceancolor="#e6f0f7",
        lataxis_range=_axis_range(placed["latitude"], 12, 90),
        lonaxis_range=_axis_range(placed["longitude"], 25, 180),
    )
    fig.update_layout(
        title="Where placed events happen (marker size: number of events)",
        height=560,
        margin=dict(l=10, r=10, t=50, b=10),
        legend_title_text="event type",
    )
    return fig


def _people(r: dict) -> str:
    return f", at least {r['people_min']:,} people (sum of quantity_min)" if r["people_min"] else ""


def _evidence_html(row: dict) -> str:
    """The evidence sentence with its trigger marked (offsets are into the article text)."""
    ev, start = row["evidence"], row["char_start"]
    a, b = row["trigger_start"] - start, row["trigger_end"] - start
    if 0 <= a < b <= len(ev):
        return f"{_esc(ev[:a])}<mark>{_esc(ev[a:b])}</mark>{_esc(ev[b:])}"
    return _esc(ev)


_COLUMNS = (
    ("#", "num"),
    ("date", "text"),
    ("type", "text"),
    ("polarity / modality", "text"),
    ("actor", "text"),
    ("place", "text"),
    ("people", "num"),
    ("evidence", "text"),
    ("article", "text"),
)


def events_table(frame: pl.DataFrame) -> str:
    head = "".join(f'<th data-type="{kind}" title="click to sort">{_esc(name)}</th>' for name, kind in _COLUMNS)
    body = []
    for r in frame.sort("n").iter_rows(named=True):
        colour = TYPE_COLOURS.get(r["event_type"], "#777")
        sort_date = r["date_start"].isoformat() if r["date_start"] else "9999"
        article = _esc(r.get("title") or r["article_id"])
        if r.get("url"):
            article = f'<a href="{_esc(r["url"])}">{article}</a>'
        actor = _esc(r.get("actor") or "") + (f" <small>({_esc(r['actor_country'])})</small>" if r.get("actor_country") else "")
        people = (
            ""
            if r.get("quantity_min") is None and r.get("quantity_max") is None
            else str(r.get("quantity_min") or r.get("quantity_max"))
        )
        body.append(
            f'<tr data-event-id="{_esc(r["event_id"])}"{" class=headline" if r["in_headline"] else ""}>'
            f'<td data-sort="{r["n"]}">{r["n"]}</td>'
            f'<td data-sort="{sort_date}">{_esc(_when(r))}</td>'
            f'<td><span class="swatch" style="background:{colour}"></span>{_esc(r["event_type"])}</td>'
            f"<td>{_esc(r['polarity'])} / {_esc(r['modality'])}</td>"
            f"<td>{actor}</td><td>{_esc(_place(r))}</td>"
            f'<td data-sort="{people}">{_esc(_quantity(r))}</td>'
            f'<td class="evidence">{_evidence_html(r)}</td>'
            f"<td><small>{article}</small></td></tr>"
        )
    return (
        f'<table id="events" class="sortable" data-events="{frame.height}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


@lru_cache(maxsize=1)
def _world_topojson() -> str:
    return WORLD_TOPOJSON.read_text(encoding="utf-8")


_ERRORS_JS = """
window.__musterErrors = [];
function __musterRecord(message) {
  window.__musterErrors.push(String(message));
  document.documentElement.setAttribute('data-errors', JSON.stringify(window.__musterErrors));
}
window.addEventListener('error', function (e) { __musterRecord(e.message || e.type); }, true);
window.addEventListener('unhandledrejection', function (e) { __musterRecord('unhandled rejection: ' + (e.reason && e.reason.message || e.reason)); });
(function () {
  var original = console.error;
  console.error = function () { __musterRecord(Array.prototype.join.call(arguments, ' ')); return original.apply(console, arguments); };
})();
"""

_SORT_JS = """
document.querySelectorAll('table.sortable').forEach(function (table) {
  table.querySelectorAll('th').forEach(function (th, i) {
    th.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var numeric = th.dataset.type === 'num';
      var key = function (row) {
        var cell = row.cells[i], v = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
        return numeric ? (v === '' ? Infinity : Number(v)) : v.toLowerCase();
      };
      var body = table.tBodies[0];
      Array.from(body.rows).sort(function (a, b) {
        var x = key(a), y = key(b), c = x < y ? -1 : x > y ? 1 : 0;
        return asc ? c : -c;
      }).forEach(function (row) { body.appendChild(row); });
    });
  });
});
document.documentElement.setAttribute('data-ready', '1');
"""

_CSS = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; margin-bottom: .2em; } .meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: #f4f4f4; cursor: pointer; position: sticky; top: 0; white-space: nowrap; }
th[aria-sort=ascending]::after { content: " ▲"; } th[aria-sort=descending]::after { content: " ▼"; }
td.evidence { max-width: 42em; } mark { background: #ffe58a; }
tr.headline td { background: #fafaf0; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .35em; border-radius: 2px; }
.note { color: #555; } section { margin-bottom: 2em; }
"""


def _figure_html(fig: go.Figure, div_id: str) -> str:
    return pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=False,
        div_id=div_id,
        config={"displaylogo": False, "responsive": True},
        post_script=f"document.getElementById('{div_id}').setAttribute('data-plotted', '1');",
    )


def article_statuses(articles: Union[pa.Table, pl.DataFrame, None]) -> Optional[dict[str, int]]:
    """Articles by status (ok = on topic and coded, off_topic, quarantined), or None without the table."""
    if articles is None:
        return None
    frame = plain_frame(articles)
    if "status" not in frame.columns:
        return None
    return dict(frame.group_by("status").len().iter_rows())


def build_report(
    events: Union[pa.Table, pl.DataFrame],
    articles: Union[pa.Table, pl.DataFrame, None] = None,
    *,
    title: str = "Muster events",
    subtitle: str = "",
) -> str:
    """The report as one HTML document (plotly.js and the base map inlined)."""
    frame = _frame(events, articles)
    timeline, geo = timeline_figure(frame), map_figure(frame)
    undated = frame.filter(pl.col("date_start").is_null())
    unplaced = frame.filter(pl.col("latitude").is_null()).height
    by_type = ", ".join(f"{t} {n}" for t, n in frame.group_by("event_type").len().sort("event_type").iter_rows())
    scripts = [f"<script>{_ERRORS_JS}</script>"]
    if geo is not None:  # before plotly.js: it keeps a PlotlyGeoAssets that is already there
        scripts.append(
            "<script>window.PlotlyGeoAssets = {topojson: {world_110m: " + _world_topojson().replace("</", "<\\/") + "}};</script>"
        )
    scripts.append(f"<script>{get_plotlyjs()}</script>")

    parts = [
        f"<h1>{_esc(title)}</h1>",
        f'<p class="meta">{_esc(subtitle)}</p>',
        f"<p>{frame.height} events{': ' + _esc(by_type) if by_type else ''}. "
        f"{frame.height - undated.height} dated, {frame.height - unplaced} placed.</p>",
    ]
    if (statuses := article_statuses(articles)) is not None:
        parts.append(
            f'<p id="articles">{sum(statuses.values())} articles: {statuses.get("ok", 0)} on topic and coded, '
            f"{statuses.get('off_topic', 0)} off topic (not parsed), {statuses.get('quarantined', 0)} quarantined.</p>"
        )
    parts.append('<section id="timeline-section"><h2>Timeline</h2>')
    parts.append(_figure_html(timeline, "timeline") if timeline is not None else '<p class="note">No dated events.</p>')
    if undated.height:
        items = "".join(
            f"<li>#{r['n']} {_esc(r['event_type'])}: {_esc(_clip(r['evidence']))}</li>" for r in undated.iter_rows(named=True)
        )
        parts.append(
            f'<details id="undated"><summary>{undated.height} undated event(s) (not on the timeline)</summary>'
            f"<ul>{items}</ul></details>"
        )
    parts.append("</section>")
    parts.append('<section id="map-section"><h2>Map</h2>')
    parts.append(_figure_html(geo, "map") if geo is not None else '<p class="note">No placed events.</p>')
    if unplaced and geo is not None:
        parts.append(f'<p class="note">{unplaced} event(s) have no coordinates and are not on the map.</p>')
    parts.append("</section>")
    parts.append(
        f'<section id="table-section"><h2>Events</h2><p class="note">Click a column heading to sort. '
        f"The trigger is highlighted in each evidence sentence.</p>{events_table(frame)}</section>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{_esc(title)}</title><style>{_CSS}</style>{''.join(scripts)}</head>"
        f"<body>{''.join(parts)}<script>{_SORT_JS}</script></body></html>\n"
    )


def write_report(events_path: Union[str, Path], out: Union[str, Path], version: Optional[int] = None) -> ReportInfo:
    """Read a version of the events table (None = latest) and write its report to `out`."""
    from flows.versions import load_version

    tv = load_version(events_path, version)
    subtitle = (
        f"{events_path} version {tv.version}, committed {tv.committed_at}"
        + (f" by run {tv.info.metadata['run_id']}" if tv.info.metadata.get("run_id") else "")
        + f"; report written {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M}Z"
    )
    page = build_report(tv.events, tv.articles, title="Muster: North Korea–Russia military cooperation events", subtitle=subtitle)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    frame = arrow_frame(tv.events)
    return ReportInfo(
        path=path,
        events=frame.height,
        dated=frame.filter(pl.col("date_start").is_not_null()).height,
        placed=frame.filter(pl.col("latitude").is_not_null()).height,
        html_bytes=len(page.encode()),
    )
