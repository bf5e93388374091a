"""Time expressions → inclusive date intervals, resolved against the publication date.

One home for the date rules (../shared/CODEBOOK.md): ``normalize_date`` turns one expression into an
interval with precision, qualifier and its TimeML TIMEX3 value; ``find_dates`` locates expressions in
a parsed article; ``date_for_event`` picks the expression that dates an event trigger through the
dependency parse. Everything is resolved against the publication date, never the clock.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True, slots=True)
class DateNorm:
    date_text: str
    date_start: Optional[dt.date] = None
    date_end: Optional[dt.date] = None
    date_precision: Optional[str] = None
    date_qualifier: Optional[str] = None
    timex: Optional[str] = None

    @property
    def resolved(self) -> bool:
        return self.date_start is not None

    def to_json(self) -> dict:
        """JSON-ready mapping with ISO dates (for the CLI)."""
        return {
            "date_text": self.date_text,
            "date_start": self.date_start.isoformat() if self.date_start else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "date_precision": self.date_precision,
            "date_qualifier": self.date_qualifier,
            "timex": self.timex,
        }


@dataclass(frozen=True, slots=True)
class TimeExpression:
    start_char: int  # offsets in the article text as read
    end_char: int
    text: str
    norm: DateNorm


# ---------------------------------------------------------------------------------------------
# Calendar periods
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Period:
    start: dt.date
    end: dt.date
    precision: Optional[str]
    timex: Optional[str]


@dataclass(frozen=True, slots=True)
class _Ref:
    """The publication period an expression is resolved against, and the tense around it."""

    start: dt.date
    end: dt.date
    precision: str  # day, month, year
    tense: Optional[str]  # past, future, or None (unknown)

    @property
    def day(self) -> Optional[dt.date]:
        return self.start if self.precision == "day" else None


class _Unresolved(Exception):
    """The expression is a date but the publication date is too coarse (or missing) to place it."""


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _day(d: dt.date) -> _Period:
    return _Period(d, d, "day", d.isoformat())


def _month(y: int, m: int) -> _Period:
    return _Period(dt.date(y, m, 1), dt.date(y, m, _last_day(y, m)), "month", f"{y:04d}-{m:02d}")


def _year(y: int) -> _Period:
    return _Period(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", f"{y:04d}")


def _quarter(y: int, q: int) -> _Period:
    m = 3 * (q - 1) + 1
    return _Period(dt.date(y, m, 1), dt.date(y, m + 2, _last_day(y, m + 2)), "quarter", f"{y:04d}-Q{q}")


def _half(y: int, h: int) -> _Period:
    return (_Period(dt.date(y, 1, 1), dt.date(y, 6, 30), "half", f"{y:04d}-H1") if h == 1
            else _Period(dt.date(y, 7, 1), dt.date(y, 12, 31), "half", f"{y:04d}-H2"))


_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # meteorological seasons; winter Y = Dec Y – Feb Y+1


def _season(y: int, code: str) -> _Period:
    m = _SEASON_MONTH[code]
    start = dt.date(y, m, 1)
    end_y, end_m = (y + 1, 2) if code == "WI" else (y, m + 2)
    return _Period(start, dt.date(end_y, end_m, _last_day(end_y, end_m)), "season", f"{y:04d}-{code}")


def _decade(y: int) -> _Period:
    y0 = y - y % 10
    return _Period(dt.date(y0, 1, 1), dt.date(y0 + 9, 12, 31), "decade", f"{y0 // 10:03d}")


def _century(c: int) -> _Period:  # "the 20th century" → 1900..1999, TIMEX "19"
    y0 = (c - 1) * 100
    return _Period(dt.date(max(y0, 1), 1, 1), dt.date(y0 + 99, 12, 31), "century", f"{c - 1:02d}")


def _week(d: dt.date) -> _Period:
    iy, iw, _ = d.isocalendar()
    monday = d - dt.timedelta(days=d.weekday())
    return _Period(monday, monday + dt.timedelta(days=6), "week", f"{iy:04d}-W{iw:02d}")


def _weekend(d: dt.date) -> _Period:
    w = _week(d)
    return _Period(w.end - dt.timedelta(days=1), w.end, "week", f"{w.timex}-WE")


def _shift_month(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _pick(make: Callable[[int], Optional[_Period]], ref: _Ref, mode: str) -> _Period:
    """Choose among yearly recurrences (a month, a season, a month-day) by mode.

    past: the latest that has begun by the end of the publication period; future: the earliest that
    has not ended before it; last/next: strictly before/after the publication period;
    this: the one of the publication year; nearest: the closest to publication.
    """
    y = ref.start.year
    cands = [p for p in (make(y + k) for k in range(-3, 4)) if p is not None]
    if mode == "this":
        return min(cands, key=lambda p: (abs(p.start.year - y), -p.start.year))
    if mode == "past":
        return max((p for p in cands if p.start <= ref.end), key=lambda p: p.start)
    if mode == "future":
        return min((p for p in cands if p.end >= ref.start), key=lambda p: p.start)
    if mode == "last":
        return max((p for p in cands if p.end < ref.start), key=lambda p: p.start)
    if mode == "next":
        return min((p for p in cands if p.start > ref.end), key=lambda p: p.start)
    # nearest: distance from the publication period to the candidate, ties to the past
    def dist(p: _Period) -> tuple[int, int]:
        if p.end < ref.start:
            return (ref.start - p.end).days, 0
        if p.start > ref.end:
            return (p.start - ref.end).days, 1
        return 0, 0
    return min(cands, key=dist)


def _mode(word: Optional[str], ref: _Ref) -> str:
    """Relative word ('last', 'next', 'this') or the tense → a _pick mode."""
    if word in ("last", "past", "previous", "prior"):
        return "last"
    if word in ("next", "coming", "following"):
        return "next"
    if word in ("this", "current"):
        return "this"
    return "future" if ref.tense == "future" else "past"


# ---------------------------------------------------------------------------------------------
# Lexicon
# ---------------------------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3,
    "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4,
}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None, "a few": None,
}
_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                 "eighties": 8, "nineties": 9}

_MON = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WD = r"(?:" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + r")\.?"
_SEA = r"(?:spring|summer|autumn|fall|winter)"
_REL = r"(?:this|last|next|past|previous|prior|coming|following|current)"
_NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|a few|few)"
_YEAR = r"(?:1[6-9]\d\d|2[01]\d\d)"

# Vague references → TIMEX3 token, no interval. Matched against the cleaned text ("the" removed, a leading
# "in"/"at"/"for" stripped): "in the past" arrives as "past", "at the moment" as "moment".
_PRESENT = re.compile(r"(?:now|right now|currently|present|presently|moment|these days|nowadays|this point|"
                      r"this time|so far|to date|by now|as of now|time being|present time|present day|current time)")
_PAST = re.compile(r"(?:recently|lately|earlier|previously|formerly|past|"
                   r"(?:in )?recent (?:days|weeks|months|years|times|decades)|"
                   r"(?:past|last) (?:few|several|couple of) (?:days|weeks|months|years|decades)|"
                   r"(?:(?:several|a few|few|many|some|a couple of|couple of) )?"
                   r"(?:some time|a while|long|years|months|weeks|days|decades) ago|years past|other day)")
_FUTURE = re.compile(r"(?:soon|shortly|future|near future|distant future|someday|"
                     r"(?:coming|next few|next several) (?:days|weeks|months|years|decades)|"
                     r"(?:years|days|weeks|months) ahead)")

_QUAL_PREFIX = [  # longest first; (pattern, qualifier or None)
    (r"starting(?: in| from| on)?", "since"), (r"beginning (?:in|from|on)", "since"), (r"ever since", "since"),
    (r"since", "since"), (r"from", "since"),
    (r"up (?:un)?til", "until"), (r"up to", "until"), (r"until", "until"), (r"till", "until"), (r"til", "until"),
    (r"throughout", None), (r"through", "until"), (r"thru", "until"), (r"by", "until"), (r"no later than", "until"),
    (r"prior to", "before"), (r"ahead of", "before"), (r"before", "before"), (r"earlier than", "before"),
    (r"following", "after"), (r"after", "after"), (r"later than", "after"), (r"no earlier than", "after"),
    (r"around", "around"), (r"about", "around"), (r"approximately", "around"), (r"roughly", "around"),
    (r"circa", "around"), (r"c\.", "around"), (r"some ?time(?: in| around| during)?", "around"),
    (r"as (?:early|late|recently|soon) as", None), (r"as of", None), (r"at least", None),
    (r"in|on|at|during|of|for|within|over|effective", None),
]
_QUAL_RE = [(re.compile(rf"^(?:{p})\s+"), q) for p, q in _QUAL_PREFIX]
_QUAL_RANK = {"since": 3, "until": 3, "before": 3, "after": 3, "around": 2}

_FUTURE_CUE = re.compile(r"\b(?:will|shall|won't|wo n't|'ll|going to|gonna|plans? to|planned|planning to|"
                         r"intends? to|is to|are to|is set to|are set to|scheduled|expects? to|is expected to|"
                         r"are expected to|due to (?:be|begin|start|meet|visit|hold|take|arrive|open|close)|"
                         r"upcoming|next|coming)\b", re.I)
_PAST_CUE = re.compile(r"\b(?:was|were|had|did|said|told|met|sent|went|came|took|made|began|left|held|saw|gave|"
                       r"found|got|fought|won|lost|fell|rose|struck|became|brought|led|ran|set off|spoke|wrote|"
                       r"paid|kept|built|sold|bought|put|hit|ago|last|earlier|previously|\w{3,}ed)\b", re.I)


def _tense_of(context: Optional[str]) -> Optional[str]:
    if not context:
        return None
    if _FUTURE_CUE.search(context):
        return "future"
    if _PAST_CUE.search(context):
        return "past"
    return None


# ---------------------------------------------------------------------------------------------
# Normalization
# ---------------------------------------------------------------------------------------------

_CLEAN_SUBS = [
    (re.compile(r"[’‘`´]"), "'"),
    (re.compile(r"[–—−]"), "-"),
    (re.compile(r"\s+"), " "),
]


def _clean(text: str) -> str:
    s = text.lower()
    for rx, rep in _CLEAN_SUBS:
        s = rx.sub(rep, s)
    s = s.strip(" \t\n,;:!?()[]\"'")
    s = re.sub(r"(?<!0)'s$", "", s)
    s = re.sub(r"\bthe\b\s*", "", s).strip()
    s = re.sub(r"\bthis past\b", "last", s)
    s = re.sub(r"\bof (this|last|next) year\b", r"\1 year", s)
    s = re.sub(r"\s*,\s*", ", ", s)
    s = re.sub(r"\.$", "", s) if not re.search(rf"(?:^|\s){_MON}$", s) else s
    return s.strip()


def normalize_date(text: str, published: Optional[dt.date], *, published_precision: Optional[str] = "day",
                   context: Optional[str] = None) -> DateNorm:
    """One time expression → interval, precision, qualifier and TIMEX3, against the publication date.

    ``context`` (the sentence the expression comes from) lets the tense choose between the last and the
    next occurrence of a month, season or weekday. Unresolvable expressions keep their text, null dates.
    """
    return _normalize(text, published, published_precision, _tense_of(context))


def _normalize(text: str, published: Optional[dt.date], published_precision: Optional[str],
               tense: Optional[str]) -> DateNorm:
    ref = _make_ref(published, published_precision, tense)
    s = _clean(text)
    if m := re.match(r"(?:from|between)\s+(?=.+\s(?:to|and|until|till|through|thru)\s)", s):
        try:
            rng = _parse_range(s[m.end():], ref)
        except _Unresolved:
            return DateNorm(text)
        if rng is not None:
            return DateNorm(text, rng.start, rng.end, rng.precision, None, rng.timex)
    qualifier = None
    while True:  # strip leading prepositions; the strongest qualifier wins ("since around July" → since)
        for rx, q in _QUAL_RE:
            m = rx.match(s)
            if m and len(s) > m.end():
                if q and _QUAL_RANK.get(q, 0) > _QUAL_RANK.get(qualifier, 0):
                    qualifier = q
                s = s[m.end():]
                break
        else:
            break
    try:
        result = _parse(s, ref)
    except _Unresolved:
        return DateNorm(text, date_qualifier=qualifier)
    if result is None:
        return DateNorm(text, date_qualifier=qualifier)
    if isinstance(result, str):  # a vague reference
        return DateNorm(text, date_qualifier=qualifier, timex=result)
    period, inner_q = result
    start, end = period.start, period.end
    if qualifier == "since":
        if ref is None:
            return DateNorm(text, date_qualifier=qualifier, timex=period.timex, date_precision=period.precision)
        end = max(ref.end, start)
    return DateNorm(text, start, end, period.precision, qualifier or inner_q, period.timex)


def _make_ref(published: Optional[dt.date], precision: Optional[str], tense: Optional[str]) -> Optional[_Ref]:
    if published is None:
        return None
    precision = precision or "day"
    if precision == "day":
        return _Ref(published, published, "day", tense)
    if precision == "month":
        start = published.replace(day=1)
        return _Ref(start, start.replace(day=_last_day(start.year, start.month)), "month", tense)
    if precision == "year":
        return _Ref(dt.date(published.year, 1, 1), dt.date(published.year, 12, 31), "year", tense)
    raise ValueError(f"published_precision must be day, month or year, not {precision!r}")


def _need(ref: Optional[_Ref], level: str) -> _Ref:
    """The reference, if it is precise enough for `level` ('day', 'month', 'year'); else unresolved."""
    order = {"day": 0, "month": 1, "year": 2}
    if ref is None or order[ref.precision] > order[level]:
        raise _Unresolved
    return ref


_PART_WORDS = [
    (r"(?:early|beginning of|start of|dawn of|first days? of|opening of)", "early"),
    (r"(?:mid|middle of|midway through|halfway through|mid-?point of)", "mid"),
    (r"(?:late|end of|close of|end|latter part of|last days? of|final days? of)", "late"),
]
_PART_RE = [(re.compile(rf"^{p}(?:[\s-]+|-?(?=\d))(?:of\s+)?(?P<rest>.+)$"), q) for p, q in _PART_WORDS]


def _parse(s: str, ref: Optional[_Ref]):
    """Returns (period, qualifier), a TIMEX3 reference token, or None."""
    if not s:
        return None
    if s in ("earlier this year", "earlier in year", "earlier this month", "later this year", "later this month",
             "later in year", "earlier this week", "later this week", "earlier in month", "later in month"):
        inner = _parse_point(f"this {s.split()[-1]}", ref)
        if s.startswith("earlier"):
            return _Period(inner.start, max(inner.start, ref.end), inner.precision, inner.timex), None
        return _Period(min(ref.start, inner.end), inner.end, inner.precision, inner.timex), None
    # ranges: "between July and September", "from 2023 to 2024", "March-May 2024", "Dec. 19-20"
    rng = _parse_range(s, ref)
    if rng is not None:
        return rng, None
    # parts: "early 2023", "mid-December", "the end of last year", "late 1990s"
    for rx, q in _PART_RE:
        m = rx.match(s)
        if m:
            rest = m["rest"]
            if rest in ("year", "month"):  # "the end of the year": the latest such part begun by publication
                return _unanchored_part(rest, q, ref), q
            inner = _parse_point(rest, ref)
            if inner is not None:
                return _part(inner, q), q
    if m := re.fullmatch(r"(year|month)[\s-]?(end|start|beginning)", s):
        q = "late" if m[2] == "end" else "early"
        return _unanchored_part(m[1], q, ref), q
    p = _parse_point(s, ref)
    if p is not None:
        return p, None
    for rx, token in ((_PRESENT, "PRESENT_REF"), (_PAST, "PAST_REF"), (_FUTURE, "FUTURE_REF")):
        if rx.fullmatch(s):
            return token
    return None


def _unanchored_part(unit: str, q: str, ref: Optional[_Ref]) -> _Period:
    """"year-end", "the end of the month": this year's/month's part, or the previous one when that part
    has not begun by publication and the tense is not future."""
    ref = _need(ref, "year" if unit == "year" else "month")
    this = _year(ref.start.year) if unit == "year" else _month(ref.start.year, ref.start.month)
    part = _part(this, q)
    if part.start > ref.end and ref.tense != "future":
        prev = _year(ref.start.year - 1) if unit == "year" else _month(*_shift_month(ref.start.year, ref.start.month, -1))
        part = _part(prev, q)
    return part


def _part(p: _Period, q: str) -> _Period:
    """The early/mid/late third of a year (Jan–Apr, May–Aug, Sep–Dec), month (1–10, 11–20, 21–end) or decade."""
    i = {"early": 0, "mid": 1, "late": 2}[q]
    if p.precision == "year":
        y = p.start.year
        sm, em = (1, 4) if i == 0 else (5, 8) if i == 1 else (9, 12)
        return _Period(dt.date(y, sm, 1), dt.date(y, em, _last_day(y, em)), "year", p.timex)
    if p.precision == "month":
        y, m = p.start.year, p.start.month
        sd, ed = (1, 10) if i == 0 else (11, 20) if i == 1 else (21, _last_day(y, m))
        return _Period(dt.date(y, m, sd), dt.date(y, m, ed), "month", p.timex)
    if p.precision == "decade":
        y0 = p.start.year
        sy, ey = (y0, y0 + 3) if i == 0 else (y0 + 4, y0 + 6) if i == 1 else (y0 + 7, y0 + 9)
        return _Period(dt.date(sy, 1, 1), dt.date(ey, 12, 31), "decade", p.timex)
    return p


def _range_bound(s: str, ref: Optional[_Ref], year_hint: Optional[int]) -> Optional[_Period]:
    if year_hint is not None and re.fullmatch(rf"(?:{_MON}|{_SEA})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?|"
                                              rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON}", s):
        return _parse_point(f"{s} {year_hint}", ref)
    return _parse_point(s, ref)


def _parse_range(s: str, ref: Optional[_Ref]) -> Optional[_Period]:
    if re.fullmatch(r"\d{4}-(?:(?:0?[1-9]|1[0-2])(?:-\d{1,2})?|w\d{2}(?:-we)?|q[1-4]|h[12]|sp|su|fa|wi)", s):
        return None
    m = (re.fullmatch(r"(?:between\s+)?(?P<a>.+?)\s+(?:and|to|until|till|through|thru)\s+(?P<b>.+)", s)
         or re.fullmatch(r"(?P<a>.+?)\s*-\s*(?P<b>.+)", s))
    if m is None:
        return None
    a, b = m["a"].strip(), m["b"].strip()
    if re.fullmatch(r"\d{2}", b) and re.fullmatch(_YEAR, a):  # "2023-24"
        pa = _year(int(a))
        pb = _year(int(a[:2] + b)) if int(a[:2] + b) > int(a) else None
        if pb is None:
            return None
    elif re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", b):  # "Dec. 19-20"
        pa = _parse_point(a, ref)
        if pa is None or pa.precision != "day":
            return None
        try:
            pb = _day(pa.start.replace(day=int(re.match(r"\d+", b)[0])))
        except ValueError:
            return None
    else:
        if m2 := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", a):  # "19 to 23 December 2024"
            pb = _parse_point(b, ref)
            if pb is None or pb.precision != "day":
                return None
            try:
                pa = _day(pb.start.replace(day=int(m2[1])))
            except ValueError:
                return None
        else:
            pb = _parse_point(b, ref)
            if pb is None:
                return None
            yh = pb.start.year if re.search(_YEAR + r"$", b) else None
            pa = _range_bound(a, ref, yh)
            if pa is None:
                return None
            if pa.start > pb.start and yh is not None and pa.start.year == pb.start.year:
                pa = _range_bound(a, ref, yh - 1)
    if pa is None or pb is None or pa.start > pb.end:
        return None
    order = ["day", "week", "month", "season", "quarter", "half", "year", "decade", "century"]
    prec = max((pa.precision, pb.precision), key=lambda x: order.index(x) if x in order else 99)
    return _Period(pa.start, pb.end, prec, None)


def _num(word: str) -> Optional[int]:
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


def _month_num(word: str) -> int:
    return _MONTHS[word.rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> Optional[dt.date]:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


_POINT_RULES: list[tuple[re.Pattern, Callable]] = []


def _rule(pattern: str):
    def deco(fn):
        _POINT_RULES.append((re.compile(pattern), fn))
        return fn
    return deco


def _parse_point(s: str, ref: Optional[_Ref]) -> Optional[_Period]:
    s = re.sub(rf"^{_WD},?\s+(?=(?:{_MON}|\d))", "", s)  # "Friday, Dec. 19" → the date
    for rx, fn in _POINT_RULES:
        m = rx.fullmatch(s)
        if m:
            return fn(m, ref)
    return None


# --- explicit calendar dates -------------------------------------------------------------------

@_rule(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?:t[\d:.]+z?)?")
def _iso(m, ref):
    d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _day(d) if d else None


@_rule(r"(?P<y>\d{4})-(?P<m>\d{2})")
def _iso_month(m, ref):
    return _month(int(m["y"]), int(m["m"])) if 1 <= int(m["m"]) <= 12 else None


@_rule(r"(?P<y>\d{4})-w(?P<w>\d{2})(?P<we>-we)?")
def _iso_week(m, ref):
    try:
        monday = dt.date.fromisocalendar(int(m["y"]), int(m["w"]), 1)
    except ValueError:
        return None
    return _weekend(monday) if m["we"] else _week(monday)


@_rule(r"(?P<y>\d{4})-(?:q(?P<q>[1-4])|h(?P<h>[12])|(?P<s>sp|su|fa|wi))")
def _timex_period(m, ref):
    y = int(m["y"])
    return _quarter(y, int(m["q"])) if m["q"] else _half(y, int(m["h"])) if m["h"] else _season(y, m["s"].upper())


@_rule(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2}|\d{4})")
def _us_numeric(m, ref):
    y = int(m["y"])
    y = y + (2000 if y < 50 else 1900) if y < 100 else y
    d = _safe_date(y, int(m["m"]), int(m["d"])) or _safe_date(y, int(m["d"]), int(m["m"]))
    return _day(d) if d else None


def _month_day(mon: int, day: int, year: Optional[int], ref: Optional[_Ref]) -> Optional[_Period]:
    if year is not None:
        d = _safe_date(year, mon, day)
        return _day(d) if d else None
    ref = _need(ref, "month")
    if _safe_date(2000, mon, day) is None:
        return None
    mode = {"future": "future", "past": "past"}.get(ref.tense, "nearest")
    return _pick(lambda y: (lambda d: _day(d) if d else None)(_safe_date(y, mon, day)), ref, mode)


@_rule(rf"(?P<mon>{_MON})\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s*(?P<y>{_YEAR}))?")
def _mdy(m, ref):
    return _month_day(_month_num(m["mon"]), int(m["d"]), int(m["y"]) if m["y"] else None, ref)


@_rule(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<mon>{_MON}),?(?:\s*(?P<y>{_YEAR}))?")
def _dmy(m, ref):
    return _month_day(_month_num(m["mon"]), int(m["d"]), int(m["y"]) if m["y"] else None, ref)


@_rule(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)(?:\s+of\s+(?:this|current)\s+month)?")
def _nth(m, ref):
    ref = _need(ref, "day")
    day = int(m["d"])
    if not 1 <= day <= 31:
        return None
    y, mo = ref.day.year, ref.day.month
    step = 1 if ref.tense == "future" else -1
    for _ in range(13):
        d = _safe_date(y, mo, day)
        if d and ((d <= ref.day) if step < 0 else (d >= ref.day)):
            return _day(d)
        y, mo = _shift_month(y, mo, step)
    return None


# --- months and seasons ---------------------------------------------------------------------------

@_rule(rf"(?P<mon>{_MON}),?\s+(?:of\s+)?(?P<y>{_YEAR}|'\d\d)")
def _month_year(m, ref):
    y = m["y"]
    y = int(y) if not y.startswith("'") else _two_digit_year(int(y[1:]), ref)
    return _month(y, _month_num(m["mon"]))


def _two_digit_year(yy: int, ref: Optional[_Ref]) -> int:
    base = ref.start.year if ref else 2000
    y = base - base % 100 + yy
    return y - 100 if y > base + 10 else y


@_rule(rf"(?P<mon>{_MON})\s+(?P<rel>this|last|next|previous|prior|past|coming)\s+year")
def _month_rel_year(m, ref):
    ref = _need(ref, "year")
    k = {"this": 0, "last": -1, "previous": -1, "prior": -1, "past": -1, "next": 1, "coming": 1}[m["rel"]]
    return _month(ref.start.year + k, _month_num(m["mon"]))


@_rule(rf"(?:(?P<rel>{_REL})\s+)?(?P<mon>{_MON})")
def _month_alone(m, ref):
    ref = _need(ref, "year" if m["rel"] in ("this", "current") else "month")
    mon = _month_num(m["mon"])
    return _pick(lambda y: _month(y, mon), ref, _mode(m["rel"], ref))


@_rule(rf"(?P<s>{_SEA})(?:\s+of)?,?\s+(?P<y>{_YEAR})")
def _season_year(m, ref):
    return _season(int(m["y"]), _SEASONS[m["s"]])


@_rule(rf"(?P<s>{_SEA})\s+(?P<rel>this|last|next|previous|prior|past|coming)\s+year")
def _season_rel_year(m, ref):
    ref = _need(ref, "year")
    k = {"this": 0, "next": 1, "coming": 1}.get(m["rel"], -1)
    return _season(ref.start.year + k, _SEASONS[m["s"]])


@_rule(rf"(?:(?P<rel>{_REL})\s+)?(?P<s>{_SEA})")
def _season_alone(m, ref):
    ref = _need(ref, "month")
    code = _SEASONS[m["s"]]
    mode = _mode(m["rel"], ref)
    if mode == "this":  # the season of the publication's season-year (January is still last year's winter)
        y = ref.start.year - (1 if code == "WI" and ref.start.month <= 2 else 0)
        return _season(y, code)
    return _pick(lambda y: _season(y, code), ref, mode)


# --- years, decades, quarters, halves -------------------------------------------------------------

@_rule(rf"(?:(?:fiscal|calendar|financial|fy|model|school)(?:\s+year)?\s*|year\s+)?(?P<y>{_YEAR})")
def _plain_year(m, ref):
    return _year(int(m["y"]))


@_rule(r"(?:fiscal\s+|fy\s*)?'(?P<yy>\d\d)|(?:fiscal\s+|fy\s*)(?P<yy2>\d\d)")
def _fiscal_two_digit(m, ref):
    return _year(_two_digit_year(int(m["yy"] or m["yy2"]), ref))


@_rule(r"(?P<y>1[6-9]\d|2[01]\d)0'?s")
def _decade_full(m, ref):
    return _decade(int(m["y"]) * 10)


@_rule(r"'?(?P<d>[1-9])0'?s")
def _decade_short(m, ref):
    base = ref.start.year if ref else 2000
    y = 1900 + int(m["d"]) * 10
    return _decade(y + 100 if y + 100 <= base else y)


@_rule(r"(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)")
def _decade_word(m, ref):
    return _decade(1900 + 10 * _DECADE_WORDS[m["w"]])


@_rule(r"(?P<c>1\d|2[01])(?:st|nd|rd|th)[\s-]+century")
def _century_rule(m, ref):
    return _century(int(m["c"]))


@_rule(r"(?:(?P<rel>this|last|next|past|previous|prior|coming|current|following|same)\s+)?(?:calendar\s+|fiscal\s+)?"
       r"year|(?P<before>(?:a\s+)?year\s+(?:before|earlier))")
def _rel_year(m, ref):
    if m["rel"] == "past":  # "the past year" is a duration, not a date
        return None
    ref = _need(ref, "year")  # a bare "the year" is the publication's year
    k = -1 if m["before"] else {None: 0, "this": 0, "current": 0, "same": 0, "next": 1, "coming": 1,
                                "following": 1}.get(m["rel"], -1)
    return _year(ref.start.year + k)


@_rule(r"(?P<rel>this|last|next|past|previous|prior|coming|current)\s+decade")
def _rel_decade(m, ref):
    ref = _need(ref, "year")
    k = {"this": 0, "current": 0, "next": 10, "coming": 10}.get(m["rel"], -10)
    return _decade(ref.start.year + k)


_QUARTER_WORD = r"(?P<q>first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?quarter"
_HALF_WORD = r"(?P<h>first|second|1st|2nd|latter|back|last)[\s-]+half"


def _with_year(make: Callable[[int], _Period], yword: Optional[str], ref: Optional[_Ref]) -> _Period:
    if yword:
        if re.fullmatch(_YEAR, yword):
            return make(int(yword))
        if yword.startswith("'") or yword.isdigit():
            return make(_two_digit_year(int(yword.strip("'")), ref))
        ref = _need(ref, "year")
        k = {"this": 0, "current": 0, "next": 1, "coming": 1}.get(yword.split()[0], -1)
        return make(ref.start.year + k)
    ref = _need(ref, "month")
    return _pick(make, ref, "future" if ref.tense == "future" else "past")


_YEAR_TAIL = rf"(?:,?\s+(?:of\s+|in\s+|for\s+)?(?:fiscal\s+|fy\s*)?(?P<y>{_YEAR}|'?\d\d|(?:this|last|next|previous|prior|current|coming)\s+year))?"


@_rule(_QUARTER_WORD + _YEAR_TAIL)
def _quarter_word(m, ref):
    q = _ORDINALS[m["q"]]
    return _with_year(lambda y: _quarter(y, q), m["y"], ref)


_PART_CODE = r"(?:q(?P<q>[1-4])|h(?P<h>[12]))"  # Q3, H2


def _part_of_year(m) -> Callable[[int], _Period]:
    """The quarter or half a "Q3"/"H2" code names, for the year it will be given."""
    if m["q"]:
        return lambda y: _quarter(y, int(m["q"]))
    return lambda y: _half(y, int(m["h"]))


@_rule(_PART_CODE + _YEAR_TAIL)
def _part_code(m, ref):
    return _with_year(_part_of_year(m), m["y"], ref)


@_rule(rf"(?P<y>{_YEAR})\s*" + _PART_CODE)
def _year_part_code(m, ref):
    return _part_of_year(m)(int(m["y"]))


@_rule(r"(?:(?P<rel>this|last|next|previous|prior|current|latest|recent|coming|same|year-ago|year-earlier|"
       r"year-before|year ago|prior-year|previous-year|comparable|corresponding|fiscal|latest fiscal|just-ended|"
       r"just-completed|recently ended)\s+)?(?:fiscal\s+)?quarter(?:\s+(?P<ago>a year (?:ago|earlier)|(?:of\s+)?last year))?|"
       r"(?P<rel2>year-ago|year-earlier|year-before|prior-year|previous-year|comparable|corresponding|same)\s+"
       r"(?:fiscal\s+)?period(?:\s+(?:a year (?:ago|earlier)|(?:of\s+)?last year))?")
def _rel_quarter(m, ref):
    ref = _need(ref, "day")
    cur = (ref.day.month - 1) // 3 + 1
    y = ref.day.year
    rel = m["rel"] or m["rel2"]
    if m["ago"] or rel in ("year-ago", "year-earlier", "year-before", "year ago", "prior-year", "previous-year",
                           "comparable", "corresponding", "same"):
        # the reported (latest completed) quarter, one year earlier
        ly, lq = (y, cur - 1) if cur > 1 else (y - 1, 4)
        return _quarter(ly - 1, lq)
    if rel in ("this", "current") or (rel is None and ref.tense == "future"):
        return _quarter(y, cur)
    if rel in ("next", "coming"):
        return _quarter(y + (cur == 4), cur % 4 + 1)
    ly, lq = (y, cur - 1) if cur > 1 else (y - 1, 4)
    return _quarter(ly, lq)  # "the quarter", "last quarter", "the latest quarter": the one just ended


@_rule(_HALF_WORD + _YEAR_TAIL)
def _half_word(m, ref):
    h = 1 if m["h"] in ("first", "1st") else 2
    return _with_year(lambda y: _half(y, h), m["y"], ref)


@_rule(rf"(?P<n>first|second|third|fourth|last|final)\s+week\s+(?:of|in)\s+(?P<rest>.+)")
def _week_of_month(m, ref):
    month = _parse_point(m["rest"], ref)
    if month is None or month.precision != "month":
        return None
    n = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(m["n"])
    start = month.start + dt.timedelta(days=7 * (n - 1)) if n else month.end - dt.timedelta(days=6)
    end = start + dt.timedelta(days=6)
    return _Period(start, end, "week", _week(start + dt.timedelta(days=3)).timex)


# --- holidays (dated like a month-day without a year) ---------------------------------------------

def _nth_weekday(y: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th (1-based; -1 = last) given weekday of a month."""
    if n > 0:
        first = dt.date(y, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(y, month, _last_day(y, month))
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _easter(y: int) -> dt.date:  # anonymous Gregorian computus
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l) // 433
    return dt.date(y, (h + l - 7 * m + 90) // 25, (h + l - 7 * m + 33 * ((h + l - 7 * m + 90) // 25) + 19) % 32)


_HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    "christmas": lambda y: dt.date(y, 12, 25), "christmas day": lambda y: dt.date(y, 12, 25),
    "christmas eve": lambda y: dt.date(y, 12, 24), "new year's day": lambda y: dt.date(y, 1, 1),
    "new year's eve": lambda y: dt.date(y, 12, 31), "valentine's day": lambda y: dt.date(y, 2, 14),
    "halloween": lambda y: dt.date(y, 10, 31), "independence day": lambda y: dt.date(y, 7, 4),
    "fourth of july": lambda y: dt.date(y, 7, 4), "boxing day": lambda y: dt.date(y, 12, 26),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4), "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1), "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "easter": _easter, "easter sunday": _easter, "good friday": lambda y: _easter(y) - dt.timedelta(days=2),
    "victory day": lambda y: dt.date(y, 5, 9),
}
_HOLIDAY_RE = "|".join(re.escape(h) for h in sorted(_HOLIDAYS, key=len, reverse=True))


@_rule(rf"(?:(?P<rel>last|this|next)\s+)?(?P<h>{_HOLIDAY_RE})(?:,?\s+(?P<y>{_YEAR}))?")
def _holiday(m, ref):
    day_of = _HOLIDAYS[m["h"]]
    if m["y"]:
        return _day(day_of(int(m["y"])))
    ref = _need(ref, "month")
    mode = _mode(m["rel"], ref) if m["rel"] else {"future": "future", "past": "past"}.get(ref.tense, "nearest")
    return _pick(lambda y: _day(day_of(y)), ref, mode)


# --- relative to the publication day ---------------------------------------------------------------

@_rule(r"(?:today|this (?:morning|afternoon|evening)|tonight|earlier today|later today)")
def _today(m, ref):
    return _day(_need(ref, "day").day)


@_rule(r"(?:yesterday|last night|yesterday (?:morning|afternoon|evening)|overnight|a day (?:ago|earlier)|"
       r"previous day|day before)")
def _yesterday(m, ref):
    return _day(_need(ref, "day").day - dt.timedelta(days=1))


@_rule(r"(?:tomorrow|tomorrow (?:morning|afternoon|evening|night)|next day|following day|day after)")
def _tomorrow(m, ref):
    return _day(_need(ref, "day").day + dt.timedelta(days=1))


@_rule(r"day before yesterday")
def _before_yesterday(m, ref):
    return _day(_need(ref, "day").day - dt.timedelta(days=2))


@_rule(rf"(?P<n>{_NUM})\s+(?P<u>day|week|month|year|decade)s?\s+(?P<dir>ago|earlier|before|later|from now|hence)")
def _n_ago(m, ref):
    n = _num(m["n"])
    if n is None:
        return None
    sign = 1 if m["dir"] in ("later", "from now", "hence") else -1
    u = m["u"]
    if u in ("day", "week"):
        ref = _need(ref, "day")
        d = ref.day + dt.timedelta(days=sign * n * (7 if u == "week" else 1))
        return _day(d) if u == "day" else _week(d)
    if u == "month":
        ref = _need(ref, "month")
        return _month(*_shift_month(ref.start.year, ref.start.month, sign * n))
    ref = _need(ref, "year")
    return _year(ref.start.year + sign * n * (10 if u == "decade" else 1))  # "a decade ago" → that year


@_rule(rf"(?:(?P<rel>{_REL})\s+)?week")
def _rel_week(m, ref):
    if m["rel"] == "past":
        return None
    ref = _need(ref, "day")
    k = {None: 0, "this": 0, "current": 0, "next": 1, "coming": 1, "following": 1}.get(m["rel"], -1)
    return _week(ref.day + dt.timedelta(days=7 * k))


@_rule(rf"(?:(?P<rel>{_REL})\s+)?weekend")
def _rel_weekend(m, ref):
    ref = _need(ref, "day")
    rel = m["rel"]
    cands = [_weekend(ref.day + dt.timedelta(days=7 * k)) for k in (-1, 0, 1)]
    if rel in ("last", "past", "previous", "prior"):
        return max((w for w in cands if w.end < ref.day), key=lambda w: w.start)
    if rel in ("next", "coming", "following"):
        return min((w for w in cands if w.start > ref.day), key=lambda w: w.start)
    if rel in ("this", "current") or ref.tense == "future":
        return min((w for w in cands if w.end >= ref.day), key=lambda w: w.start)
    return max((w for w in cands if w.start <= ref.day), key=lambda w: w.start)


@_rule(rf"(?:(?P<rel>{_REL})\s+)?month")
def _rel_month(m, ref):
    if m["rel"] == "past":
        return None
    ref = _need(ref, "month")
    k = {None: 0, "this": 0, "current": 0, "next": 1, "coming": 1, "following": 1}.get(m["rel"], -1)
    return _month(*_shift_month(ref.start.year, ref.start.month, k))


@_rule(rf"(?:(?P<rel>{_REL}|on|this coming)\s+)?(?P<wd>{_WD})(?:\s+(?:morning|afternoon|evening|night))?")
def _weekday(m, ref):
    ref = _need(ref, "day")
    wd = _WEEKDAYS[m["wd"].rstrip(".")]
    rel = m["rel"]
    back = (ref.day.weekday() - wd) % 7  # days since the latest such day on or before publication
    fwd = (wd - ref.day.weekday()) % 7
    if rel in ("last", "past", "previous", "prior"):
        return _day(ref.day - dt.timedelta(days=back or 7))
    if rel in ("next", "coming", "following", "this coming"):
        return _day(ref.day + dt.timedelta(days=fwd or 7))
    if ref.tense == "future":
        return _day(ref.day + dt.timedelta(days=fwd))
    return _day(ref.day - dt.timedelta(days=back))


# ---------------------------------------------------------------------------------------------
# Finding expressions in a Doc
# ---------------------------------------------------------------------------------------------

_CAP_MON = r"(?-i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|" \
           r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_CAP_MON_ALONE = r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December|" \
                 r"(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec)\.)"
_CAP_WD = r"(?-i:Mon(?:day)?|Tue(?:s|sday)?|Wed(?:nesday)?|Thu(?:rs?|rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)"
_CAP_WD_FULL = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_F_REL = r"(?:this|last|next|past|previous|prior|coming|following|current)"
_F_PART = r"(?:(?:the\s+)?(?:early|mid|late|end|start|beginning|middle|close)(?:\s+of|-|\s+)\s*(?:the\s+)?)"
_F_QUAL = (r"(?:(?:ever\s+)?since|until|till|up\s+to|through|before|after|prior\s+to|ahead\s+of|following|"
           r"around|about|approximately|roughly|circa|as\s+early\s+as|as\s+late\s+as|as\s+of|starting\s+(?:in\s+)?|"
           r"between|from|by)\s+")
_F_YEAR = r"(?:1[89]\d\d|20\d\d)"
_F_CORE = "|".join([
    rf"\d{{4}}-\d{{2}}-\d{{2}}",
    rf"\d{{1,2}}/\d{{1,2}}/\d{{2,4}}",
    rf"(?:{_CAP_WD},?\s+)?{_CAP_MON}\s*\d{{1,2}}(?:st|nd|rd|th)?\b(?:\s*-\s*\d{{1,2}}\b)?(?:,?\s*{_F_YEAR})?",
    rf"(?:{_CAP_WD},?\s+)?\d{{1,2}}(?:st|nd|rd|th)?(?:\s*-\s*\d{{1,2}})?(?:\s+of)?\s+{_CAP_MON}(?:,?\s*{_F_YEAR})?",
    rf"{_CAP_MON}(?:,?\s+(?:of\s+)?{_F_YEAR})",
    rf"(?:{_F_REL}\s+)?{_CAP_MON_ALONE}(?:,?\s+(?:of\s+)?(?:(?:this|last|next)\s+year))?(?!\s*\d)",
    rf"(?:{_F_REL}|in|during|the|early|late|mid|this\s+past)[\s-]+(?:spring|summer|autumn|fall|winter)"
    rf"(?:\s+(?:of\s+)?(?:{_F_YEAR}|(?:this|last|next)\s+year)|(?!\s+of\s))",
    rf"(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?{_F_YEAR}",
    rf"(?:{_F_REL}\s+)?{_CAP_WD_FULL}(?:\s+(?:morning|afternoon|evening|night))?",
    rf"(?:the\s+)?(?:first|second|third|fourth|final|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?quarter"
    rf"(?:\s+(?:of\s+)?(?:{_F_YEAR}|(?:this|last|next)\s+year))?",
    rf"(?:the\s+)?(?:this|last|next|previous|prior|current|latest|year-ago|year-earlier|same)\s+quarter",
    rf"(?:the\s+)?(?:first|second|third|fourth|last|final)\s+week\s+(?:of|in)\s+{_CAP_MON_ALONE}(?:\s+{_F_YEAR})?",
    rf"\bQ[1-4](?:\s+{_F_YEAR})?",
    rf"\bH[12]\s+{_F_YEAR}",
    rf"(?:the\s+)?(?:first|second|latter)[\s-]+half(?:\s+of\s+(?:{_F_YEAR}|(?:this|last|next)\s+year))",
    rf"(?:the\s+)?(?:19|20)\d0'?s\b",
    rf"(?:the\s+)?'[1-9]0s\b",
    rf"(?:fiscal\s+(?:year\s+)?){_F_YEAR}",
    rf"{_F_YEAR}(?:\s*-\s*(?:{_F_YEAR}|\d\d))?\b",
    rf"{_F_REL}\s+(?:year|month|week|weekend|decade)\b",
    rf"(?:year|month)-end\b",
    rf"(?:earlier|later)\s+(?:this|in\s+the)\s+(?:year|month|week)",
    rf"(?:the\s+)?day\s+before\s+yesterday|today|yesterday|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening)",
    rf"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{{1,2}}|several|a\s+few)\s+(?:day|week|month|year|decade)s?\s+ago",
    rf"(?:the\s+)?(?:1[89]|2[01])(?:st|nd|rd|th)[\s-]+century",
    rf"(?:(?:last|this|next)\s+)?(?-i:Christmas(?:\s+(?:Eve|Day))?|New\s+Year['’]s\s+(?:Day|Eve)|Thanksgiving|"
    rf"Easter|Good\s+Friday|Halloween|Independence\s+Day|Labor\s+Day|Memorial\s+Day|Victory\s+Day|"
    rf"Valentine['’]s\s+Day|Boxing\s+Day)(?:,?\s+{_F_YEAR})?",
    rf"the\s+(?:1st|2nd|3rd|\d{{1,2}}th|2[1-3](?:st|nd|rd)|31st)\b(?!\s+[A-Za-z])",
    rf"now|currently|nowadays|recently|in\s+recent\s+(?:days|weeks|months|years)|in\s+the\s+past|in\s+the\s+future|"
    rf"in\s+(?:the\s+)?coming\s+(?:days|weeks|months|years)",
])
_FINDER = re.compile(rf"(?i)\b(?:{_F_QUAL})?(?:{_F_PART})?(?:{_F_CORE})(?![\w-])")
_YEAR_ONLY = re.compile(rf"(?:{_F_QUAL})?{_F_YEAR}")
_YEAR_CONTEXT = re.compile(r"(?i)\b(?:in|since|by|of|from|until|till|before|after|during|early|mid|late|year|"
                           r"through|between|and|to|around|fiscal|circa|the|end|spring|summer|autumn|fall|winter)"
                           r"[\s-]*$")
_STRIP_LEAD = re.compile(r"(?i)^(?:in|on|at|during|of|for)\s+")
_LEAD_QUAL = re.compile(r"(?i)(?:\b(?:(?:ever\s+)?since|until|till|up\s+to|before|after|prior\s+to|ahead\s+of|around|about|"
                        r"approximately|roughly|circa|as\s+early\s+as|as\s+late\s+as|as\s+of|starting\s+(?:in\s+)?|"
                        r"between|from)\s+)+$")
_RANGE_GAP = re.compile(r"(?i)\s*(?:-|–|—|to|and|until|till|through)\s*")
_LEAD_PART = re.compile(rf"(?i)\b(?:the\s+)?(?:early|mid|late|end\s+of|start\s+of|beginning\s+of|middle\s+of)[\s-]+(?:the\s+)?$")


def find_dates(doc: Doc, *, published: Optional[dt.date], published_precision: Optional[str],
               start_char: int = 0, end_char: Optional[int] = None,
               date_ents: Optional[Sequence[tuple[int, int]]] = None, text: Optional[str] = None) -> list[TimeExpression]:
    """Every point-in-time expression of the Doc (NER DATE spans and our own patterns), normalized.

    Durations ("three years") and numbers that are not dates are dropped; a leading preposition that
    qualifies the interval ("since", "until", "before", "around") is kept in the expression.
    With ``start_char``/``end_char``, only expressions that start in that stretch of the text are
    looked for (an event extractor asks per sentence, for the sentences that have events);
    ``date_ents`` (the Doc's DATE entity offsets) and ``text`` (doc.text, which spaCy rebuilds from the
    tokens on every access) may be passed by a caller that has them already.
    """
    text = doc.text if text is None else text
    end_char = len(text) if end_char is None else end_char
    spans: list[tuple[int, int]] = []
    for m in _finder_matches(doc, text, start_char, end_char):
        s, e = m.span()
        if _YEAR_ONLY.fullmatch(m[0]) and not _YEAR_CONTEXT.search(text[max(0, s - 20):s]):
            if not _in_date_entity(doc, s, e):
                continue
        spans.append((s, e))
    ours = list(spans)
    if date_ents is None:
        date_ents = date_entities(doc)
    for ent_start, ent_end in date_ents:  # the model's DATE spans fill in what the patterns miss, never override them
        if start_char <= ent_start < end_char and not any(s < ent_end and ent_start < e for s, e in ours):
            spans.append((ent_start, ent_end))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    found: list[TimeExpression] = []
    for s, e in merged:
        s, e = _trim(text, s, e)
        if s >= e or _is_junk(doc, text, s, e):
            continue
        s = _drop_modifier_qualifier(doc, text, s, e)
        norm = _normalize(text[s:e], published, published_precision, _tense_at(doc, s, e))
        if norm.timex is None and norm.date_start is None and not _looks_like_date(text[s:e]):
            continue
        prev = found[-1] if found else None
        if prev is not None and _RANGE_GAP.fullmatch(text[prev.end_char:s]):
            # "between July and September", "from 2023 to 2024": one interval when both ends read as one
            joined = _normalize(text[prev.start_char:e], published, published_precision, _tense_at(doc, prev.start_char, e))
            if joined.date_start is not None or (prev.norm.date_start is None and norm.date_start is None
                                                 and re.match(r"(?i)between|from", prev.text)):
                found[-1] = TimeExpression(prev.start_char, e, text[prev.start_char:e], joined)
                continue
        found.append(TimeExpression(s, e, text[s:e], norm))
    return found


def date_entities(doc: Doc) -> list[tuple[int, int]]:
    """Character offsets of the model's DATE entities."""
    return [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ == "DATE"]


_FIRST_WORDS = frozenset(
    "since ever until till up through before after prior ahead following around about approximately roughly circa "
    "as starting between from by the early mid late end start beginning middle close this last next past previous "
    "coming current latest year-ago year-earlier same spring summer autumn fall winter first second third fourth final "
    "1st 2nd 3rd 4th latter fiscal year month earlier later day today yesterday tomorrow tonight a an one two three "
    "four five six seven eight nine ten several now currently nowadays recently in christmas new thanksgiving "
    "easter good halloween independence labor memorial victory valentine boxing".split()
    + list(_MONTHS) + list(_WEEKDAYS) + ["sept.", "jan.", "feb.", "mar.", "apr.", "aug.", "oct.", "nov.", "dec."])


def _finder_matches(doc: Doc, text: str, start_char: int, end_char: int):
    """The finder pattern tried only where a time expression can begin (a cue word or a number), left to
    right, at tokens that start within [start_char, end_char)."""
    end = 0
    for tok in doc.char_span(start_char, end_char, alignment_mode="expand") or ():
        if tok.idx < end or tok.idx < start_char:  # "expand" may take in a token begun before the stretch
            continue
        low = tok.lower_
        if low in _FIRST_WORDS or tok.is_digit or low[:1].isdigit() or low[:1] == "'" or \
                (len(low) == 2 and low[0] in "qh" and low[1] in "1234"):
            m = _FINDER.match(text, tok.idx)
            if m:
                end = m.end()
                yield m


def _in_date_entity(doc: Doc, s: int, e: int) -> bool:
    span = doc.char_span(s, e, alignment_mode="expand")
    return span is not None and any(t.ent_type_ == "DATE" for t in span)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Extend to a qualifier just before (spaCy leaves out "since"), drop a plain leading "in"/"on"."""
    before = text[max(0, s - 40):s]
    if m := _LEAD_PART.search(before):
        s -= len(before) - m.start()
        before = text[max(0, s - 40):s]
    if m := _LEAD_QUAL.search(before):
        s -= len(before) - m.start()
    while e > s and text[e - 1] in " .,;:'’\"":
        if text[e - 1] == "." and re.search(rf"(?i)\b{_CAP_MON}$", text[s:e]):
            break
        e -= 1
    while True:
        m = _STRIP_LEAD.match(text, s, e)
        if not m:
            break
        s = m.end()
    return s, e


_TIME_NOUNS = frozenset("day days week weeks month months year years quarter quarters period time decade".split())


def _drop_modifier_qualifier(doc: Doc, text: str, s: int, e: int) -> int:
    """"up from 2023 levels": a date that modifies a noun takes no "from"/"since" from the phrase around it.

    ``text`` is doc.text, passed in: spaCy rebuilds doc.text from the tokens on every access."""
    m = re.match(rf"(?i)(?:{_F_QUAL})+", text[s:e])
    if not m or re.match(r"(?i)between|from\s.+\s(?:to|until|through)\s", text[s:e]):
        return s
    span = doc.char_span(s + m.end(), e, alignment_mode="expand")
    if span is not None and span.root.dep_ in ("compound", "nummod", "amod", "nmod") \
            and span.root.head.pos_ == "NOUN" and span.root.head.lower_ not in _TIME_NOUNS and span.root.head.i >= span.end:
        return s + m.end()
    return s


def _is_junk(doc: Doc, text: str, s: int, e: int) -> bool:
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return True
    words = text[s:e]
    # "By Japan Today Editor": a capitalised relative word inside a name is not a date
    if re.fullmatch(r"(?:Today|Tomorrow|Yesterday|Now)", words):
        prev = doc[span.start - 1] if span.start > 0 else None
        if prev is not None and prev.is_alpha and prev.is_title and not prev.whitespace_.count("\n"):
            return True
    if all(t.ent_type_ in ("ORG", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "FAC") for t in span):
        return True  # "the Sunday Times", "Vision 2030"
    return False


def _looks_like_date(words: str) -> bool:
    return bool(re.search(r"(?i)\b(?:ago|since|until|before|after|yesterday|tomorrow|today)\b|" + _CAP_MON, words))


def _tense_at(doc: Doc, s: int, e: int) -> Optional[str]:
    """The tense of the clause governing the span: its nearest verb's auxiliaries and tag."""
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return None
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX"):
            break
        if tok.head.i == tok.i:  # the root (Token objects are made afresh: compare positions)
            return None
        tok = tok.head
    else:
        return None
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    words = [c for c in tok.children if c.dep_ in ("aux", "auxpass")] + [tok]
    lemmas = {w.lower_ for w in words}
    if lemmas & {"will", "'ll", "shall", "wo"} or (tok.tag_ == "VB" and any(w.tag_ == "MD" for w in words)):
        return "future"
    if any(w.tag_ in ("VBD", "VBN") for w in words):
        return "past"
    if any(w.lower_ in ("going", "plans", "plan", "expected", "set", "scheduled") for w in words):
        return "future"
    return None


# ---------------------------------------------------------------------------------------------
# Which expression dates an event
# ---------------------------------------------------------------------------------------------

_PRECISION_RANK = {p: i for i, p in enumerate(("day", "week", "month", "season", "quarter", "half", "year", "decade"))}
_CLAUSE_DEPS = {"ROOT", "ccomp", "advcl", "relcl", "conj", "parataxis", "acl", "csubj", "xcomp", "pcomp"}


def date_for_event(trigger: Token, event_type: str, expressions: Sequence[TimeExpression]) -> Optional[TimeExpression]:
    """The expression in the trigger's own clause (reported speech dates the statement, not the fact).

    An expression counts when its head chain reaches the trigger (or a verb the trigger is the
    xcomp of: "began arriving … in late 2023") without passing through another clause-heading verb.
    Among several, a resolved and finer one wins. ``event_type`` is part of the contract; the clause rule
    is the same for every type.
    """
    doc = trigger.doc
    heads = {trigger.i}
    t = trigger
    while t.dep_ in ("xcomp", "auxpass", "aux") and t.head.i != t.i:
        t = t.head
        heads.add(t.i)
    best: Optional[tuple[tuple, TimeExpression]] = None
    for ex in expressions:
        span = doc.char_span(ex.start_char, ex.end_char, alignment_mode="expand")
        if span is None or span.sent.start != trigger.sent.start:
            continue
        if trigger.i in range(span.start, span.end):
            continue
        steps = _steps_to_clause(span, heads)
        if steps is None:
            continue
        # a resolved, finer expression beats a vague or coarser one in the same clause ("on Dec. 19" over "year-end")
        key = (ex.norm.date_start is None, _PRECISION_RANK.get(ex.norm.date_precision, 99), steps,
               abs(span.start - trigger.i))
        if best is None or key < best[0]:
            best = (key, ex)
    return best[1] if best else None


def _steps_to_clause(span: Span, heads: set[int]) -> Optional[int]:
    tok = span.root
    steps = 0
    while tok.head.i != tok.i:  # up to the root (a new Token each time: `is` would never stop)
        tok = tok.head
        steps += 1
        if tok.i in heads:
            return steps
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ in _CLAUSE_DEPS and tok.pos_ not in ("NOUN", "PROPN", "PRON"):
            return None
    return None
