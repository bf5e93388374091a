"""Property tests of normalize_date: intervals are ordered, open intervals end on publication, weekdays fall
in the week before publication, and nothing depends on the clock (run under frozen clocks far away)."""

from __future__ import annotations

import calendar
import datetime as dt

from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.dates import normalize_date
from schemas.vocab import DATE_PRECISIONS, DATE_QUALIFIERS

MONTHS = list(calendar.month_name)[1:]
ABBR = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
WEEKDAYS = list(calendar.day_name)
SEASONS = ["spring", "summer", "autumn", "fall", "winter"]

published = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))
years = st.integers(min_value=1950, max_value=2040)

month_expr = st.builds(
    lambda rel, m: f"{rel}{m}".strip(), st.sampled_from(["", "in ", "last ", "next ", "this "]), st.sampled_from(MONTHS)
)
month_year = st.builds(
    lambda m, rel: f"{m} {rel}",
    st.sampled_from(MONTHS + ABBR),
    st.sampled_from(["last year", "this year", "next year", "2019", "of 2024"]),
)
month_day = st.builds(
    lambda m, d, y: f"{m} {d}{y}", st.sampled_from(MONTHS + ABBR), st.integers(1, 28), st.sampled_from(["", ", 2021", " 2030"])
)
day_month = st.builds(lambda d, suf, m: f"{d}{suf} {m}", st.integers(1, 28), st.sampled_from(["", "th"]), st.sampled_from(MONTHS))
weekday_expr = st.builds(
    lambda rel, w: f"{rel}{w}", st.sampled_from(["", "on ", "last ", "next ", "this "]), st.sampled_from(WEEKDAYS)
)
season_expr = st.builds(
    lambda rel, s: f"{rel}{s}", st.sampled_from(["", "last ", "next ", "this ", "the "]), st.sampled_from(SEASONS)
)
part_expr = st.builds(
    lambda p, y: f"{p} {y}",
    st.sampled_from(["early", "mid", "late", "the end of", "mid-"]),
    st.one_of(years.map(str), st.sampled_from(MONTHS), st.sampled_from(["last year", "the 1990s"])),
)
quarter_expr = st.builds(
    lambda q, tail: f"the {q} quarter{tail}",
    st.sampled_from(["first", "second", "third", "fourth"]),
    st.sampled_from(["", " of 2024", " of last year"]),
)
relative = st.sampled_from(
    [
        "yesterday",
        "today",
        "tomorrow",
        "last week",
        "this week",
        "next month",
        "last month",
        "two years ago",
        "three days ago",
        "a month ago",
        "last year",
        "next year",
        "this year",
        "the year-ago quarter",
        "the second half of 2024",
        "the first half",
        "year-end",
        "between July and September",
        "from 2023 to 2024",
        "now",
        "recently",
        "currently",
        "earlier this year",
        "later this year",
        "the weekend",
        "last weekend",
    ]
)
any_expr = st.one_of(
    month_expr,
    month_year,
    month_day,
    day_month,
    weekday_expr,
    season_expr,
    part_expr,
    quarter_expr,
    relative,
    years.map(str),
    years.map(lambda y: f"in {y}"),
)
qualified = st.builds(
    lambda q, e: f"{q} {e}", st.sampled_from(["since", "until", "before", "after", "around", "since around"]), any_expr
)
contexts = st.sampled_from([None, "The troops arrived then.", "The troops will arrive then.", "Officials say so."])


@settings(max_examples=200, deadline=None)
@given(st.one_of(any_expr, qualified), published, st.sampled_from(["day", "month", "year"]), contexts)
def test_intervals_are_ordered_and_in_vocabulary(text, pub, precision, context):
    norm = normalize_date(text, pub, published_precision=precision, context=context)
    assert norm.date_text == text
    assert (norm.date_start is None) == (norm.date_end is None)
    if norm.date_start is not None:
        assert norm.date_start <= norm.date_end
    assert norm.date_precision in (None, *DATE_PRECISIONS)
    assert norm.date_qualifier in (None, *DATE_QUALIFIERS)


past_anchor = st.one_of(
    st.sampled_from(MONTHS).map(lambda m: f"{m}"),
    years.filter(lambda y: y <= 1989).map(str),
    st.sampled_from(
        ["last year", "around July", "early 1985", "last month", "last winter", "the 1980s", "Monday", "yesterday", "last Friday"]
    ),
)


@settings(max_examples=200, deadline=None)
@given(past_anchor, published)
def test_since_intervals_end_on_the_publication_date(anchor, pub):
    norm = normalize_date(f"since {anchor}", pub, published_precision="day")
    assert norm.date_qualifier == "since"
    assert norm.date_start is not None and norm.date_start <= pub
    assert norm.date_end == pub


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["", "on ", "last "]),
    st.sampled_from(WEEKDAYS),
    published,
    st.sampled_from([None, "Officials said on that day that troops arrived."]),
)
def test_a_past_weekday_is_within_the_week_before_publication(prefix, weekday, pub, context):
    norm = normalize_date(f"{prefix}{weekday}", pub, published_precision="day", context=context)
    assert norm.date_start == norm.date_end
    assert 0 <= (pub - norm.date_start).days <= 7
    assert norm.date_start.strftime("%A") == weekday
    assert norm.timex == norm.date_start.isoformat()


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(MONTHS), published)
def test_a_bare_month_is_the_whole_month_in_the_past(month, pub):
    norm = normalize_date(f"in {month}", pub, published_precision="day", context="Troops were sent in that month.")
    assert norm.date_start.day == 1 and norm.date_start.strftime("%B") == month
    assert norm.date_end == norm.date_start.replace(day=calendar.monthrange(norm.date_start.year, norm.date_start.month)[1])
    assert norm.date_start <= pub < norm.date_start.replace(year=norm.date_start.year + 1)


@settings(max_examples=150, deadline=None)
@given(st.one_of(weekday_expr, st.sampled_from(["yesterday", "today", "tomorrow", "last week", "three days ago"])), published)
def test_day_needing_expressions_stay_unresolved_with_a_month_precision_publication(text, pub):
    norm = normalize_date(text, pub.replace(day=1), published_precision="month")
    assert norm.date_start is None and norm.date_end is None and norm.date_text == text


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        month_expr,
        weekday_expr,
        season_expr,
        relative.filter(
            lambda r: (
                r
                not in (
                    "the second half of 2024",
                    "between July and September",
                    "from 2023 to 2024",
                    "now",
                    "recently",
                    "currently",
                )
            )
        ),
    )
)
def test_relative_expressions_need_a_publication_date(text):
    norm = normalize_date(text, None)
    assert norm.date_start is None


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(any_expr, qualified),
    published,
    st.sampled_from(["day", "month"]),
    contexts,
    st.sampled_from(["1971-03-04 05:06:07", "2099-11-30 23:59:59"]),
)
def test_results_never_depend_on_the_clock(text, pub, precision, context, frozen_at):
    reference = normalize_date(text, pub, published_precision=precision, context=context)
    with freeze_time(frozen_at):
        assert dt.date.today().year in (1971, 2099)
        frozen = normalize_date(text, pub, published_precision=precision, context=context)
    assert frozen == reference


words = st.sampled_from(
    [
        "since",
        "around",
        "the",
        "early",
        "late",
        "mid-",
        "end of",
        "last",
        "next",
        "this",
        "year",
        "month",
        "week",
        "quarter",
        "half",
        "first",
        "second",
        "April",
        "Dec.",
        "19",
        "19th",
        "2024",
        "'90s",
        "1990s",
        "-",
        "to",
        "and",
        "between",
        "from",
        "ago",
        "two",
        "Sunday",
        "summer",
        "fiscal",
        "Q3",
        "H2",
        "now",
        "of",
        "in",
        ",",
        "Christmas",
        "week of",
        "31",
        "Feb. 29",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.lists(words, min_size=1, max_size=6).map(" ".join), st.text(max_size=30)),
    published,
    st.sampled_from(["day", "month", "year"]),
)
def test_any_text_normalizes_without_error(text, pub, precision):
    norm = normalize_date(text, pub, published_precision=precision)
    assert norm.date_text == text
    if norm.date_start is not None:
        assert norm.date_start <= norm.date_end
