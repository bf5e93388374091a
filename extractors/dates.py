"""Time expressions → inclusive date intervals, resolved against the publication date.

The date grammar is data, in data/dates/ (HeidelTime's three layers): vocabulary.toml (value tables),
patterns.toml (named sub-patterns), rules.toml (one record per rule with its examples) and holidays.toml
(per calendar, with sources). One loader compiles from it both the finder (``find_dates``, on running text)
and the normalizer (``normalize_date``), so they cannot disagree. ``date_for_event`` picks the expression
that dates an event trigger through the dependency parse. Everything is resolved against the publication
date, never the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import inspect
import os
import re
import re._constants as _sre_c  # type: ignore[import-not-found]
import re._parser as _sre_p  # type: ignore[import-not-found]
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Optional, Sequence, Union

from spacy.attrs import IDX, LOWER
from spacy.tokens import Doc, Token

from extractors.quantities import NUMBER_WORDS
from extractors.syntax import nearest_verb, steps_to_clause, verb_chain

# the grammar's folder; $MUSTER_DATE_GRAMMAR points elsewhere to try an edited copy (the tests do)
GRAMMAR_DIR = Path(os.environ.get("MUSTER_DATE_GRAMMAR") or Path(__file__).with_name("data") / "dates")


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
    """The publication period an expression is resolved against, the tense around it, and (lazily) the
    sentence it stands in with its offset there (a holiday's calendar is read from it)."""

    start: dt.date
    end: dt.date
    precision: str  # day, month, year
    tense: Optional[str]  # past, future, or None (unknown)
    context: Optional[Callable[[], tuple[str, int]]] = None

    @property
    def day(self) -> Optional[dt.date]:
        return self.start if self.precision == "day" else None


_Qualified = tuple[_Period, Optional[str]]  # a period and the qualifier its phrase carries ("late 2023")
# what a rule's normalization yields: a period (perhaps qualified), a TIMEX3 reference token, or None
_Value = Union[_Period, _Qualified, str, None]


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
    return (
        _Period(dt.date(y, 1, 1), dt.date(y, 6, 30), "half", f"{y:04d}-H1")
        if h == 1
        else _Period(dt.date(y, 7, 1), dt.date(y, 12, 31), "half", f"{y:04d}-H2")
    )


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


# ---------------------------------------------------------------------------------------------
# The grammar: loaded from data/dates/ into typed records, checked, compiled once
# ---------------------------------------------------------------------------------------------


class DateGrammarError(ValueError):
    """The date grammar files are inconsistent (unknown, missing or unused key; bad value)."""


def _keys(table: object, where: str, required: Sequence[str] = (), optional: Sequence[str] = ()) -> dict:
    if not isinstance(table, dict):
        raise DateGrammarError(f"{where}: expected a table, got {type(table).__name__}")
    missing = [k for k in required if k not in table]
    unknown = sorted(set(table) - set(required) - set(optional))
    if missing or unknown:
        raise DateGrammarError(
            f"{where}: " + "; ".join(([f"missing {missing}"] if missing else []) + ([f"unknown {unknown}"] if unknown else []))
        )
    return table


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DateGrammarError(f"{where}: expected a list of strings")
    return tuple(value)


def _int_table(value: object, where: str) -> dict[str, int]:
    table = _keys(value, where, optional=list(value) if isinstance(value, dict) else ())
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in table.values()):
        raise DateGrammarError(f"{where}: every value must be an integer")
    return dict(table)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """vocabulary.toml: the value tables."""

    first_year: int
    last_year: int
    months: dict[str, int]  # every form (full name and abbreviation) → month number
    month_names: tuple[str, ...]  # full names
    month_abbreviations: tuple[str, ...]
    weekdays: dict[str, int]
    weekday_names: tuple[str, ...]
    seasons: dict[str, str]
    relative: dict[str, int]
    durations: frozenset[str]
    ordinals: dict[str, int]
    numbers: dict[str, int]  # number words, from the one table (data/numbers.toml, extractors.quantities)
    vague_counts: tuple[str, ...]
    decade_words: dict[str, int]
    day_parts: tuple[str, ...]
    parts: dict[str, tuple[str, ...]]  # early/mid/late → phrases (regex)
    qualifiers: dict[str, tuple[str, ...]]  # since/until/before/after/around → phrases (regex)
    kept: tuple[str, ...]
    dropped: tuple[str, ...]
    qualifier_rank: dict[str, int]
    range_openers: tuple[str, ...]
    range_connectors: tuple[str, ...]
    year_context: tuple[str, ...]
    date_words: tuple[str, ...]
    time_nouns: frozenset[str]
    name_words: tuple[str, ...]
    name_entities: frozenset[str]
    future_auxiliaries: frozenset[str]
    future_heads: frozenset[str]


_QUALIFIER_VALUES = ("since", "until", "before", "after", "around")
_SEASON_CODES = ("SP", "SU", "FA", "WI")


def _vocabulary(raw: dict) -> Vocabulary:
    w = "vocabulary.toml"
    sections = (
        "years",
        "months",
        "weekdays",
        "seasons",
        "relative",
        "durations",
        "ordinals",
        "vague_counts",
        "decade_words",
        "day_parts",
        "parts",
        "qualifiers",
        "qualifier_rank",
        "ranges",
        "finder",
        "tense",
    )
    _keys(raw, w, sections)
    years = _keys(raw["years"], f"{w} [years]", ("first", "last"))
    first, last = years["first"], years["last"]
    if not (isinstance(first, int) and isinstance(last, int) and first % 100 == 0 and last % 100 == 99 and first < last):
        raise DateGrammarError(f"{w} [years]: first must start a century and last end one (e.g. 1600, 2199)")

    def named(section: str, count: int, base: int) -> tuple[dict[str, int], tuple[str, ...], tuple[str, ...]]:
        table = _keys(raw[section], f"{w} [{section}]", optional=list(raw[section]))
        forms: dict[str, int] = {}
        abbreviations: list[str] = []
        for name, value in table.items():
            if not (
                isinstance(value, list) and value and isinstance(value[0], int) and all(isinstance(a, str) for a in value[1:])
            ):
                raise DateGrammarError(f"{w} [{section}] {name}: expected [number, abbreviations...]")
            for form in (name, *value[1:]):
                if form in forms:
                    raise DateGrammarError(f"{w} [{section}]: {form!r} twice")
                forms[form] = value[0]
            abbreviations.extend(value[1:])
        if sorted(set(forms.values())) != list(range(base, base + count)) or len(table) != count:
            raise DateGrammarError(f"{w} [{section}]: expected {count} entries numbered from {base}")
        return forms, tuple(table), tuple(abbreviations)

    months, month_names, month_abbr = named("months", 12, 1)
    weekdays, weekday_names, _ = named("weekdays", 7, 0)
    seasons = _keys(raw["seasons"], f"{w} [seasons]", optional=list(raw["seasons"]))
    if set(seasons.values()) != set(_SEASON_CODES):
        raise DateGrammarError(f"{w} [seasons]: the values must be the codes {_SEASON_CODES}")
    relative = _int_table(raw["relative"], f"{w} [relative]")
    durations = _strings(_keys(raw["durations"], f"{w} [durations]", ("words",))["words"], f"{w} [durations] words")
    if not set(durations) <= set(relative):
        raise DateGrammarError(f"{w} [durations]: words must be relative words")
    parts = _keys(raw["parts"], f"{w} [parts]", ("early", "mid", "late"))
    qualifiers = _keys(raw["qualifiers"], f"{w} [qualifiers]", (*_QUALIFIER_VALUES, "kept", "dropped"))
    rank = _int_table(_keys(raw["qualifier_rank"], f"{w} [qualifier_rank]", _QUALIFIER_VALUES), f"{w} [qualifier_rank]")
    ranges = _keys(raw["ranges"], f"{w} [ranges]", ("openers", "connectors"))
    finder = _keys(raw["finder"], f"{w} [finder]", ("year_context", "date_words", "time_nouns", "name_words", "name_entities"))
    tense = _keys(raw["tense"], f"{w} [tense]", ("future_auxiliaries", "future_heads"))
    return Vocabulary(
        first_year=first,
        last_year=last,
        months=months,
        month_names=month_names,
        month_abbreviations=month_abbr,
        weekdays=weekdays,
        weekday_names=weekday_names,
        seasons=dict(seasons),
        relative=relative,
        durations=frozenset(durations),
        ordinals=_int_table(raw["ordinals"], f"{w} [ordinals]"),
        numbers=NUMBER_WORDS.units,
        vague_counts=_strings(_keys(raw["vague_counts"], f"{w} [vague_counts]", ("words",))["words"], f"{w} [vague_counts]"),
        decade_words=_int_table(raw["decade_words"], f"{w} [decade_words]"),
        day_parts=_strings(_keys(raw["day_parts"], f"{w} [day_parts]", ("words",))["words"], f"{w} [day_parts]"),
        parts={q: _strings(parts[q], f"{w} [parts] {q}") for q in ("early", "mid", "late")},
        qualifiers={q: _strings(qualifiers[q], f"{w} [qualifiers] {q}") for q in _QUALIFIER_VALUES},
        kept=_strings(qualifiers["kept"], f"{w} [qualifiers] kept"),
        dropped=_strings(qualifiers["dropped"], f"{w} [qualifiers] dropped"),
        qualifier_rank=rank,
        range_openers=_strings(ranges["openers"], f"{w} [ranges] openers"),
        range_connectors=_strings(ranges["connectors"], f"{w} [ranges] connectors"),
        year_context=_strings(finder["year_context"], f"{w} [finder] year_context"),
        date_words=_strings(finder["date_words"], f"{w} [finder] date_words"),
        time_nouns=frozenset(_strings(finder["time_nouns"], f"{w} [finder] time_nouns")),
        name_words=_strings(finder["name_words"], f"{w} [finder] name_words"),
        name_entities=frozenset(_strings(finder["name_entities"], f"{w} [finder] name_entities")),
        future_auxiliaries=frozenset(_strings(tense["future_auxiliaries"], f"{w} [tense] future_auxiliaries")),
        future_heads=frozenset(_strings(tense["future_heads"], f"{w} [tense] future_heads")),
    )


@dataclass(frozen=True, slots=True)
class Holiday:
    """One holiday of one calendar (holidays.toml)."""

    calendar: str
    names: tuple[str, ...]  # as written in English news, capitalised
    source: str
    date: Optional[tuple[int, int]] = None  # (month, day)
    weekday: Optional[tuple[int, int, int]] = None  # (month, weekday, n); n = -1: the last
    easter: Optional[int] = None  # days after Western Easter Sunday

    def day_in(self, y: int) -> dt.date:
        if self.date is not None:
            return dt.date(y, *self.date)
        if self.weekday is not None:
            return _nth_weekday(y, *self.weekday)
        return _easter(y) + dt.timedelta(days=self.easter or 0)


@dataclass(frozen=True, slots=True)
class Calendar:
    name: str
    cues: tuple[str, ...]  # names whose presence in the sentence points to this calendar
    holidays: tuple[Holiday, ...]


def _calendars(raw: dict) -> tuple[tuple[Calendar, ...], tuple[str, ...]]:
    w = "holidays.toml"
    _keys(raw, w, ("default_order", "calendars"))
    order = _strings(raw["default_order"], f"{w} default_order")
    tables = _keys(raw["calendars"], f"{w} [calendars]", order)
    calendars = []
    for name in order:
        table = _keys(tables[name], f"{w} [calendars.{name}]", ("cues", "holidays"))
        holidays = []
        for i, h in enumerate(table["holidays"]):
            where = f"{w} [calendars.{name}] holiday {i + 1}"
            _keys(h, where, ("names", "source"), ("date", "weekday", "easter"))
            rules = [k for k in ("date", "weekday", "easter") if k in h]
            if len(rules) != 1:
                raise DateGrammarError(f"{where}: give exactly one of date, weekday, easter")
            date = weekday = easter = None
            if "date" in h:
                if not (isinstance(h["date"], str) and re.fullmatch(r"\d\d-\d\d", h["date"])):
                    raise DateGrammarError(f"{where}: date must be MM-DD")
                date = (int(h["date"][:2]), int(h["date"][3:]))
                dt.date(2000, *date)  # a real day (29 February included)
            elif "weekday" in h:
                wk = h["weekday"]
                if not (
                    isinstance(wk, list) and len(wk) == 3 and 1 <= wk[0] <= 12 and 0 <= wk[1] <= 6 and wk[2] in (-1, 1, 2, 3, 4)
                ):
                    raise DateGrammarError(f"{where}: weekday must be [month, weekday 0-6, n 1-4 or -1]")
                weekday = (wk[0], wk[1], wk[2])
            else:
                if not isinstance(h["easter"], int):
                    raise DateGrammarError(f"{where}: easter must be a number of days")
                easter = h["easter"]
            if not isinstance(h["source"], str) or not h["source"].strip():
                raise DateGrammarError(f"{where}: a holiday needs its source")
            holidays.append(Holiday(name, _strings(h["names"], f"{where} names"), h["source"], date, weekday, easter))
        calendars.append(Calendar(name, _strings(table["cues"], f"{w} [calendars.{name}] cues"), tuple(holidays)))
    return tuple(calendars), order


@dataclass(frozen=True, slots=True)
class SubPattern:
    """patterns.toml: a named sub-pattern, the same in both compilations or one form each (and why)."""

    name: str
    text: str
    norm: str
    why: Optional[str] = None


def _subpatterns(raw: dict) -> dict[str, SubPattern]:
    out = {}
    for name, value in raw.items():
        if isinstance(value, str):
            out[name] = SubPattern(name, value, value)
        else:
            t = _keys(value, f"patterns.toml [{name}]", ("text", "norm", "why"))
            out[name] = SubPattern(name, t["text"], t["norm"], t["why"])
    return out


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    published: str
    timex: Optional[str]  # None: no value
    context: Optional[str] = None
    sentence: Optional[str] = None


@dataclass(frozen=True, slots=True)
class Rule:
    """rules.toml: one rule of the grammar."""

    name: str
    pattern: str
    normalize: str
    find: bool
    examples: tuple[Example, ...]
    args: tuple[tuple[str, object], ...] = ()


def _rules(raw: dict) -> tuple[Rule, ...]:
    _keys(raw, "rules.toml", ("rule",))
    rules, names = [], set()
    for i, r in enumerate(raw["rule"]):
        where = f"rules.toml rule {i + 1} ({r.get('name', '?') if isinstance(r, dict) else '?'})"
        _keys(r, where, ("name", "pattern", "normalize", "find", "examples"), ("args",))
        if r["name"] in names:
            raise DateGrammarError(f"{where}: the name is taken")
        names.add(r["name"])
        if not isinstance(r["find"], bool):
            raise DateGrammarError(f"{where}: find must be true or false")
        examples = []
        for e in r["examples"]:
            _keys(e, f"{where} example", ("text", "published", "timex"), ("context", "sentence"))
            examples.append(
                Example(e["text"], e["published"], None if e["timex"] == "-" else e["timex"], e.get("context"), e.get("sentence"))
            )
        if not examples:
            raise DateGrammarError(f"{where}: a rule needs an example")
        if r["find"] and not any(e.sentence for e in examples):
            raise DateGrammarError(f"{where}: a find rule needs an example with a sentence")
        args = _keys(r.get("args", {}), f"{where} args", optional=list(r.get("args", {})))
        rules.append(Rule(r["name"], r["pattern"], r["normalize"], r["find"], tuple(examples), tuple(sorted(args.items()))))
    return tuple(rules)


def _load_toml(name: str) -> dict:
    with open(GRAMMAR_DIR / name, "rb") as fh:
        return tomllib.load(fh)


VOCAB = _vocabulary(_load_toml("vocabulary.toml"))
CALENDARS, _CALENDAR_ORDER = _calendars(_load_toml("holidays.toml"))
SUBPATTERNS = _subpatterns(_load_toml("patterns.toml"))
RULES = _rules(_load_toml("rules.toml"))


# --- sub-patterns generated from the value tables -------------------------------------------------


def _alt(words: Sequence[str], *, spaces: str = r"\s+") -> str:
    """Longest first, regex-escaped, spaces as `spaces`."""
    return "|".join(re.escape(w).replace(r"\ ", spaces) for w in sorted(set(words), key=len, reverse=True))


def _clean_name(name: str) -> str:
    """A holiday name as the normalizer sees it (lower case, straight apostrophes, no "the")."""
    return re.sub(r"\s+", " ", re.sub(r"\bthe\b\s*", "", name.lower().replace("’", "'"))).strip()


def _holiday_forms() -> tuple[str, str]:
    names = [n for c in CALENDARS for h in c.holidays for n in h.names]
    text = "|".join(re.escape(n).replace(r"\ ", r"\s+").replace("'", "['’]") for n in sorted(set(names), key=len, reverse=True))
    return f"(?-i:{text})", f"(?:{_alt([_clean_name(n) for n in names], spaces=' ')})"


def _year_pattern(first: int, last: int, digits: str) -> str:
    centuries = list(range(first // 100, last // 100 + 1))
    by_tens: dict[int, list[int]] = {}
    for c in centuries:
        by_tens.setdefault(c // 10, []).append(c % 10)
    alts = [f"{t}[{min(u)}-{max(u)}]" if len(u) > 1 else f"{t}{u[0]}" for t, u in by_tens.items()]
    return f"(?:(?:{'|'.join(alts)}){digits})"


def _generated() -> dict[str, SubPattern]:
    v = VOCAB
    caps = [m.capitalize() for m in v.months]
    alone_abbr = [a.capitalize() for a in v.month_abbreviations]
    wd_caps = [w.capitalize() for w in v.weekdays]
    holiday_text, holiday_norm = _holiday_forms()
    rel_norm = _alt(list(v.relative))
    g = {
        "month": (rf"(?-i:{_alt(caps)})\.?", rf"(?:{_alt(list(v.months))})\.?"),
        "month_alone": (
            rf"(?-i:{_alt([m.capitalize() for m in v.month_names])}|(?:{_alt(alone_abbr)})\.)",
            rf"(?:{_alt(list(v.months))})\.?",
        ),
        "weekday": (rf"(?-i:{_alt(wd_caps)})\.?", rf"(?:{_alt(list(v.weekdays))})\.?"),
        "weekday_alone": (rf"(?-i:{_alt([w.capitalize() for w in v.weekday_names])})", rf"(?:{_alt(list(v.weekdays))})\.?"),
        "season": (f"(?:{_alt(list(v.seasons))})",) * 2,
        "rel": (f"(?:{rel_norm})",) * 2,
        "ordinal": (f"(?:{_alt(list(v.ordinals))})",) * 2,
        "num": (rf"(?:\d{{1,2}}|{_alt([*v.numbers, *v.vague_counts])})",) * 2,
        "year": (_year_pattern(v.first_year, v.last_year, r"\d\d"),) * 2,
        "decade_year": (_year_pattern(v.first_year, v.last_year, r"\d"),) * 2,
        "decade_word": (f"(?:{_alt(list(v.decade_words))})",) * 2,
        "day_part": (f"(?:{_alt(v.day_parts)})",) * 2,
        "holiday": (holiday_text, holiday_norm),
    }
    return {k: SubPattern(k, t, n) for k, (t, n) in g.items()}


_GENERATED = _generated()
_REF = re.compile(r"\{([a-z_]+)\}")


def _expand(pattern: str, mode: str, used: set[str], stack: tuple[str, ...] = ()) -> str:
    """A pattern with its {sub-patterns} filled in for `mode` ("text": the finder, "norm": the normalizer)."""

    def sub(m: re.Match) -> str:
        name = m[1]
        if name in stack:
            raise DateGrammarError(f"patterns.toml: {name} refers to itself")
        sp = SUBPATTERNS.get(name) or _GENERATED.get(name)
        if sp is None:
            raise DateGrammarError(f"unknown sub-pattern {{{name}}} in {pattern!r}")
        used.add(name)
        return _expand(sp.text if mode == "text" else sp.norm, mode, used, (*stack, name))

    return _REF.sub(sub, pattern)


def _phrase(p: str) -> str:
    """A vocabulary phrase (plain spaces) as a regex over running text."""
    return p.replace(" ?", r"\s*").replace(" ", r"\s+")


_UNNAMED = re.compile(r"\(\?P<\w+>")


@dataclass(frozen=True, slots=True)
class _CompiledRule:
    rule: Rule
    norm: re.Pattern
    text: Optional[str]  # the finder's alternative (groups unnamed), for find rules
    fn: Callable[..., _Value]
    args: dict


_NORMALIZERS: dict[str, Callable] = {}


def _normalizer(name: str) -> Callable[[Callable], Callable]:
    """Register a normalization function under the name rules.toml gives in `normalize`."""

    def register(fn: Callable) -> Callable:
        _NORMALIZERS[name] = fn
        return fn

    return register


# ---------------------------------------------------------------------------------------------
# Normalization functions (what a rule's groups mean); rules.toml names them in `normalize`
# ---------------------------------------------------------------------------------------------


def _g(m: re.Match, name: str) -> Optional[str]:
    """A group of the match, None when the rule's pattern has no such group or it did not take part."""
    return m.groupdict().get(name)


def _need(ref: Optional[_Ref], level: str) -> _Ref:
    """The reference, if it is precise enough for `level` ('day', 'month', 'year'); else unresolved."""
    order = {"day": 0, "month": 1, "year": 2}
    if ref is None or order[ref.precision] > order[level]:
        raise _Unresolved
    return ref


def _offset(word: Optional[str]) -> int:
    return 0 if word is None else VOCAB.relative[re.sub(r"\s+", " ", word)]


def _mode(word: Optional[str], ref: _Ref) -> str:
    """Relative word ('last', 'next', 'this') or the tense → a _pick mode."""
    if word is not None:
        k = _offset(word)
        return "last" if k < 0 else "next" if k > 0 else "this"
    return "future" if ref.tense == "future" else "past"


def _num(word: str) -> Optional[int]:
    if word.isdigit():
        return int(word)
    return VOCAB.numbers.get(re.sub(r"\s+", " ", word))  # vague counts ("several") give None


def _month_num(word: str) -> int:
    return VOCAB.months[word.rstrip(".")]


def _safe_date(y: int, m: int, d: int) -> Optional[dt.date]:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _two_digit_year(yy: int, ref: Optional[_Ref]) -> int:
    base = ref.start.year if ref else 2000
    y = base - base % 100 + yy
    return y - 100 if y > base + 10 else y


def _with_year(make: Callable[[int], _Period], m: re.Match, ref: Optional[_Ref]) -> _Period:
    """A quarter or half: of the year the tail names ("of 2024", "'24", "of last year"), else by tense."""
    y, yrel = _g(m, "y"), _g(m, "yrel")
    if y:
        return make(int(y)) if len(y) == 4 else make(_two_digit_year(int(y.strip("'")), ref))
    if yrel:
        return make(_need(ref, "year").start.year + _offset(yrel))
    ref = _need(ref, "month")
    return _pick(make, ref, "future" if ref.tense == "future" else "past")


@_normalizer("calendar_date")
def _norm_calendar_date(m, ref):
    d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _day(d) if d else None


@_normalizer("calendar_month")
def _norm_calendar_month(m, ref):
    return _month(int(m["y"]), int(m["m"])) if 1 <= int(m["m"]) <= 12 else None


@_normalizer("iso_week")
def _norm_iso_week(m, ref):
    try:
        monday = dt.date.fromisocalendar(int(m["y"]), int(m["w"]), 1)
    except ValueError:
        return None
    return _weekend(monday) if m["we"] else _week(monday)


@_normalizer("timex_period")
def _norm_timex_period(m, ref):
    y = int(m["y"])
    return _quarter(y, int(m["q"])) if m["q"] else _half(y, int(m["h"])) if m["h"] else _season(y, m["s"].upper())


@_normalizer("numeric_date")
def _norm_numeric_date(m, ref):
    y = int(m["y"])
    y = y + (2000 if y < 50 else 1900) if y < 100 else y
    d = _safe_date(y, int(m["m"]), int(m["d"])) or _safe_date(y, int(m["d"]), int(m["m"]))
    return _day(d) if d else None


def _month_day_of(mon: int, day: int, year: Optional[int], ref: Optional[_Ref]) -> Optional[_Period]:
    if year is not None:
        d = _safe_date(year, mon, day)
        return _day(d) if d else None
    ref = _need(ref, "month")
    if _safe_date(2000, mon, day) is None:
        return None
    mode = ref.tense if ref.tense in ("future", "past") else "nearest"
    return _pick(lambda y: (lambda d: _day(d) if d else None)(_safe_date(y, mon, day)), ref, mode)


@_normalizer("month_day")
def _norm_month_day(m, ref):
    if _g(m, "d2"):  # "Dec. 19-35": a day range the range reader did not take
        return None
    return _month_day_of(_month_num(m["mon"]), int(m["d"]), int(m["y"]) if m["y"] else None, ref)


@_normalizer("nth_of_month")
def _norm_nth_of_month(m, ref):
    ref = _need(ref, "day")
    day = int(re.match(r"\d+", m["d"])[0])
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


@_normalizer("month_of_year")
def _norm_month_of_year(m, ref):
    y = m["y"]
    y = int(y) if not y.startswith("'") else _two_digit_year(int(y[1:]), ref)
    return _month(y, _month_num(m["mon"]))


@_normalizer("month")
def _norm_month(m, ref):
    mon = _month_num(m["mon"])
    if m["yrel"]:  # "August last year", "April of this year"
        return _month(_need(ref, "year").start.year + _offset(m["yrel"]), mon)
    rel = m["rel"]
    ref = _need(ref, "year" if rel is not None and _offset(rel) == 0 else "month")
    return _pick(lambda y: _month(y, mon), ref, _mode(rel, ref))


@_normalizer("season")
def _norm_season(m, ref):
    code = VOCAB.seasons[m["s"]]
    if _g(m, "y"):
        return _season(int(m["y"]), code)
    if _g(m, "yrel"):
        return _season(_need(ref, "year").start.year + _offset(m["yrel"]), code)
    ref = _need(ref, "month")
    mode = _mode(_g(m, "rel"), ref)
    if mode == "this":  # the season of the publication's season-year (January is still last year's winter)
        y = ref.start.year - (1 if code == "WI" and ref.start.month <= 2 else 0)
        return _season(y, code)
    return _pick(lambda y: _season(y, code), ref, mode)


@_normalizer("year")
def _norm_year(m, ref):
    if _g(m, "y2"):  # "2024-23": a year range the range reader did not take
        return None
    return _year(int(m["y"]))


@_normalizer("two_digit_year")
def _norm_two_digit_year(m, ref):
    return _year(_two_digit_year(int(m["yy"] or m["yy2"]), ref))


@_normalizer("decade")
def _norm_decade(m, ref):
    return _decade(int(m["y"]) * 10)


@_normalizer("decade_two_digit")
def _norm_decade_two_digit(m, ref):
    base = ref.start.year if ref else 2000
    y = 1900 + int(m["d"]) * 10
    return _decade(y + 100 if y + 100 <= base else y)


@_normalizer("decade_word")
def _norm_decade_word(m, ref):
    return _decade(1900 + 10 * VOCAB.decade_words[m["w"]])


@_normalizer("century")
def _norm_century(m, ref):
    return _century(int(m["c"]))


@_normalizer("relative_year")
def _norm_relative_year(m, ref, offset=None):
    rel = _g(m, "rel")
    if rel in VOCAB.durations:  # "the past year" is a duration, not a date
        return None
    ref = _need(ref, "year")  # a bare "the year" is the publication's year
    k = offset if offset is not None else 0 if rel in (None, "same") else _offset(rel)
    return _year(ref.start.year + k)


@_normalizer("relative_decade")
def _norm_relative_decade(m, ref):
    return _decade(_need(ref, "year").start.year + 10 * _offset(m["rel"]))


@_normalizer("relative_month")
def _norm_relative_month(m, ref):
    if m["rel"] in VOCAB.durations:
        return None
    ref = _need(ref, "month")
    return _month(*_shift_month(ref.start.year, ref.start.month, _offset(m["rel"])))


@_normalizer("relative_week")
def _norm_relative_week(m, ref):
    if m["rel"] in VOCAB.durations:
        return None
    ref = _need(ref, "day")
    return _week(ref.day + dt.timedelta(days=7 * _offset(m["rel"])))


@_normalizer("relative_weekend")
def _norm_relative_weekend(m, ref):
    ref = _need(ref, "day")
    rel = m["rel"]
    k = _offset(rel)
    cands = [_weekend(ref.day + dt.timedelta(days=7 * i)) for i in (-1, 0, 1)]
    if k < 0:
        return max((w for w in cands if w.end < ref.day), key=lambda w: w.start)
    if k > 0:
        return min((w for w in cands if w.start > ref.day), key=lambda w: w.start)
    if rel is not None or ref.tense == "future":
        return min((w for w in cands if w.end >= ref.day), key=lambda w: w.start)
    return max((w for w in cands if w.start <= ref.day), key=lambda w: w.start)


@_normalizer("quarter")
def _norm_quarter(m, ref):
    q = VOCAB.ordinals[m["q"]]
    return _with_year(lambda y: _quarter(y, q), m, ref)


@_normalizer("year_part_code")
def _norm_year_part_code(m, ref):
    """Q3, H2, "2024 Q3": the quarter or half, of the year given or by tense."""
    q, h = _g(m, "q"), _g(m, "h")
    make = (lambda y: _quarter(y, int(q))) if q else (lambda y: _half(y, int(h)))
    return _with_year(make, m, ref)


@_normalizer("half")
def _norm_half(m, ref):
    h = 1 if m["h"] in ("first", "1st") else 2
    return _with_year(lambda y: _half(y, h), m, ref)


_YEAR_AGO_QUARTER = frozenset(
    {"year-ago", "year-earlier", "year-before", "year ago", "prior-year", "previous-year", "comparable", "corresponding", "same"}
)


@_normalizer("relative_quarter")
def _norm_relative_quarter(m, ref):
    ref = _need(ref, "day")
    cur = (ref.day.month - 1) // 3 + 1
    y = ref.day.year
    rel = _g(m, "rel") or _g(m, "rel2")
    if _g(m, "ago") or rel in _YEAR_AGO_QUARTER or _g(m, "rel2"):
        # the reported (latest completed) quarter, one year earlier
        ly, lq = (y, cur - 1) if cur > 1 else (y - 1, 4)
        return _quarter(ly - 1, lq)
    if rel in ("this", "current") or (rel is None and ref.tense == "future"):
        return _quarter(y, cur)
    if rel in ("next", "coming"):
        return _quarter(y + (cur == 4), cur % 4 + 1)
    ly, lq = (y, cur - 1) if cur > 1 else (y - 1, 4)
    return _quarter(ly, lq)  # "the quarter", "last quarter", "the latest quarter": the one just ended


@_normalizer("week_of_month")
def _norm_week_of_month(m, ref):
    month = _parse_point(m["rest"], ref)
    if month is None or month.precision != "month":
        return None
    n = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(m["n"])
    start = month.start + dt.timedelta(days=7 * (n - 1)) if n else month.end - dt.timedelta(days=6)
    end = start + dt.timedelta(days=6)
    return _Period(start, end, "week", _week(start + dt.timedelta(days=3)).timex)


def _unanchored_part(unit: str, q: str, ref: Optional[_Ref]) -> _Period:
    """ "year-end", "the end of the month": this year's/month's part, or the previous one when that part
    has not begun by publication and the tense is not future."""
    ref = _need(ref, "year" if unit == "year" else "month")
    this = _year(ref.start.year) if unit == "year" else _month(ref.start.year, ref.start.month)
    part = _part(this, q)
    if part.start > ref.end and ref.tense != "future":
        prev = _year(ref.start.year - 1) if unit == "year" else _month(*_shift_month(ref.start.year, ref.start.month, -1))
        part = _part(prev, q)
    return part


@_normalizer("unit_edge")
def _norm_unit_edge(m, ref):
    q = "late" if m["p"] == "end" else "early"
    return _unanchored_part(m["u"], q, ref), q


@_normalizer("earlier_later")
def _norm_earlier_later(m, ref):
    unit = m["u"]
    if unit == "year":
        ref = _need(ref, "year")
        inner = _year(ref.start.year)
    elif unit == "month":
        ref = _need(ref, "month")
        inner = _month(ref.start.year, ref.start.month)
    else:
        ref = _need(ref, "day")
        inner = _week(ref.day)
    if m["dir"] == "earlier":
        return _Period(inner.start, max(inner.start, ref.end), inner.precision, inner.timex)
    return _Period(min(ref.start, inner.end), inner.end, inner.precision, inner.timex)


@_normalizer("day_offset")
def _norm_day_offset(m, ref, days):
    return _day(_need(ref, "day").day + dt.timedelta(days=days))


@_normalizer("units_from_publication")
def _norm_units_from_publication(m, ref, sign):
    n = _num(m["n"])
    if n is None:
        return None
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
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the computus's own letters
    m = (a + 11 * h + 19 * l) // 433
    return dt.date(y, (h + l - 7 * m + 90) // 25, (h + l - 7 * m + 33 * ((h + l - 7 * m + 90) // 25) + 19) % 32)


_HOLIDAYS: dict[str, tuple[Holiday, ...]] = {}  # cleaned name → its holidays, in the default calendar order
for _cal in CALENDARS:
    for _h in _cal.holidays:
        for _n in _h.names:
            _HOLIDAYS.setdefault(_clean_name(_n), ())
            if _h not in _HOLIDAYS[_clean_name(_n)]:
                _HOLIDAYS[_clean_name(_n)] += (_h,)
_CUES = {c.name: re.compile(r"\b(?:" + _alt(c.cues) + r")\b") for c in CALENDARS if c.cues}


def _holiday_in_context(name: str, ref: Optional[_Ref]) -> Holiday:
    """The holiday a name means: the only one, or the one whose calendar's cue stands nearest in the sentence."""
    holidays = _HOLIDAYS[name]
    if len(holidays) == 1 or ref is None or ref.context is None:
        return holidays[0]
    text, at = ref.context()
    best: Optional[tuple[int, int, Holiday]] = None
    for rank, h in enumerate(holidays):
        cue = _CUES.get(h.calendar)
        for m in cue.finditer(text) if cue else ():
            key = (min(abs(m.start() - at), abs(m.end() - at)), rank, h)
            if best is None or key[:2] < best[:2]:
                best = key
    return best[2] if best else holidays[0]


@_normalizer("holiday")
def _norm_holiday(m, ref):
    holiday = _holiday_in_context(re.sub(r"\s+", " ", m["h"]), ref)
    if m["y"]:
        return _day(holiday.day_in(int(m["y"])))
    ref = _need(ref, "month")
    mode = _mode(m["rel"], ref) if m["rel"] else {"future": "future", "past": "past"}.get(ref.tense, "nearest")
    return _pick(lambda y: _day(holiday.day_in(y)), ref, mode)


@_normalizer("weekday")
def _norm_weekday(m, ref):
    ref = _need(ref, "day")
    wd = VOCAB.weekdays[m["wd"].rstrip(".")]
    k = None if m["rel"] is None else _offset(m["rel"])
    back = (ref.day.weekday() - wd) % 7  # days since the latest such day on or before publication
    fwd = (wd - ref.day.weekday()) % 7
    if k is not None and k < 0:
        return _day(ref.day - dt.timedelta(days=back or 7))
    if k is not None and k > 0:
        return _day(ref.day + dt.timedelta(days=fwd or 7))
    if ref.tense == "future":
        return _day(ref.day + dt.timedelta(days=fwd))
    return _day(ref.day - dt.timedelta(days=back))


@_normalizer("reference")
def _norm_reference(m, ref, timex):
    return timex


# --- compiling the rules ---------------------------------------------------------------------------


def _compile() -> tuple[tuple[_CompiledRule, ...], set[str]]:
    used: set[str] = set()
    compiled = []
    for rule in RULES:
        fn = _NORMALIZERS.get(rule.normalize)
        if fn is None:
            raise DateGrammarError(f"rules.toml {rule.name}: no normalization {rule.normalize!r} (one of {sorted(_NORMALIZERS)})")
        params = list(inspect.signature(fn).parameters.values())[2:]
        args = dict(rule.args)
        required = [p.name for p in params if p.default is inspect.Parameter.empty]
        _keys(args, f"rules.toml {rule.name} args", required, [p.name for p in params])
        try:
            norm = re.compile(_expand(rule.pattern, "norm", used))
            text = _UNNAMED.sub("(?:", _expand(rule.pattern, "text", used)) if rule.find else None
            if text is not None:
                re.compile(text)
        except re.error as exc:
            raise DateGrammarError(f"rules.toml {rule.name}: bad pattern ({exc})") from None
        compiled.append(_CompiledRule(rule, norm, text, fn, args))
    unused_fns = set(_NORMALIZERS) - {r.normalize for r in RULES}
    if unused_fns:
        raise DateGrammarError(f"normalization functions no rule uses: {sorted(unused_fns)}")
    return tuple(compiled), used


_COMPILED, _used = _compile()
_POINT_RULES = tuple(r for r in _COMPILED if r.rule.normalize != "reference")
_REFERENCE_RULES = tuple(r for r in _COMPILED if r.rule.normalize == "reference")

_MON = _expand("{month}", "norm", _used)
_WD = _expand("{weekday}", "norm", _used)
_SEA = _expand("{season}", "norm", _used)
_YEAR = _expand("{year}", "norm", _used)
_CAP_MON = _expand("{month}", "text", _used)

# one pattern for a leading qualifier: the group that matched names it ("none": kept or dropped, no qualifier)
_QUAL_LEAD = re.compile(
    "(?:"
    + "|".join(
        f"(?P<{q}>{'|'.join(_phrase(p) for p in phrases)})"
        for q, phrases in (*((q, VOCAB.qualifiers[q]) for q in _QUALIFIER_VALUES), ("none", VOCAB.kept + VOCAB.dropped))
    )
    + r")\s+"
)
_QUAL_RANK = VOCAB.qualifier_rank
_RANGE_OPEN = re.compile(rf"(?:{_alt(VOCAB.range_openers)})\s+(?=.+\s(?:{_alt(VOCAB.range_connectors)})\s)")
_RANGE_SPLIT = re.compile(rf"(?:between\s+)?(?P<a>.+?)\s+(?:{_alt(VOCAB.range_connectors)})\s+(?P<b>.+)")
_PART_RE = [
    (re.compile(rf"^(?:{'|'.join(_phrase(p) for p in VOCAB.parts[q])})(?:[\s-]+|-?(?=\d))(?:of\s+)?(?P<rest>.+)$"), q)
    for q in ("early", "mid", "late")
]


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


def normalize_date(
    text: str, published: Optional[dt.date], *, published_precision: Optional[str] = "day", context: Optional[str] = None
) -> DateNorm:
    """One time expression → interval, precision, qualifier and TIMEX3, against the publication date.

    ``context`` (the sentence the expression comes from) is parsed with the run's pipeline
    (extractors.nlp.load_nlp) and read as a run reads it: the tense of the clause that governs the
    expression (or, when the expression is not in the sentence, of its main clause) chooses between the
    last and the next occurrence of a month, season or weekday; the names around it choose a holiday's
    calendar. Unresolvable expressions keep their text, null dates.
    """
    if not context:
        return _normalize(text, published, published_precision, None)
    doc = _context_doc(context)
    where = _locate(context, text)
    if where is None:
        sent = next(iter(doc.sents), None)
        tense = _clause_tense(sent.root) if sent is not None else None
        at = 0
    else:
        tense, at = _tense_at(doc, *where), where[0]
    return _normalize(text, published, published_precision, tense, lambda: (context, at))


@lru_cache(maxsize=512)
def _context_doc(context: str) -> Doc:
    from extractors.nlp import load_nlp  # the run's pipeline (a lazy import: nlp loads the extractors)

    return load_nlp()(context)


def _locate(context: str, text: str) -> Optional[tuple[int, int]]:
    """Where the expression stands in its sentence (case, spacing and hyphens aside)."""
    words = re.findall(r"\w+|[^\w\s-]", text)
    if not words:
        return None
    rx = re.compile(r"(?<!\w)" + r"[\s-]*".join(re.escape(w) for w in words) + r"(?!\w)", re.I)
    m = rx.search(context)
    return m.span() if m else None


def rule_for(text: str, published: Optional[dt.date], *, published_precision: Optional[str] = "day") -> Optional[str]:
    """The name of the rule that reads an expression ("range" and "part:<rule>" for the two combinators),
    or None when none does: for tests and for explaining a value."""
    ref = _make_ref(published, published_precision, None)
    s = _strip_qualifiers(_clean(text))[0]
    try:
        return _parse(s, ref)[1]
    except _Unresolved:  # a date the publication is too coarse to place: the rule that matched it
        return next((r.rule.name for r in _POINT_RULES if r.norm.fullmatch(_WEEKDAY_LEAD.sub("", s))), None)


def _normalize(
    text: str,
    published: Optional[dt.date],
    published_precision: Optional[str],
    tense: Optional[str],
    context: Optional[Callable[[], tuple[str, int]]] = None,
) -> DateNorm:
    ref = _make_ref(published, published_precision, tense, context)
    s = _clean(text)
    if m := _RANGE_OPEN.match(s):
        try:
            rng = _parse_range(s[m.end() :], ref)
        except _Unresolved:
            return DateNorm(text)
        if rng is not None:
            return DateNorm(text, rng.start, rng.end, rng.precision, None, rng.timex)
    s, qualifier = _strip_qualifiers(s)
    try:
        result = _parse(s, ref)[0]
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


def _strip_qualifiers(s: str) -> tuple[str, Optional[str]]:
    """Leading prepositions off; the strongest qualifier wins ("since around July" → since)."""
    qualifier = None
    while (m := _QUAL_LEAD.match(s)) and len(s) > m.end():
        q = m.lastgroup if m.lastgroup != "none" else None
        if q and _QUAL_RANK.get(q, 0) > (_QUAL_RANK.get(qualifier, 0) if qualifier is not None else 0):
            qualifier = q
        s = s[m.end() :]
    return s, qualifier


def _make_ref(
    published: Optional[dt.date],
    precision: Optional[str],
    tense: Optional[str],
    context: Optional[Callable[[], tuple[str, int]]] = None,
) -> Optional[_Ref]:
    if published is None:
        return None
    precision = precision or "day"
    if precision == "day":
        return _Ref(published, published, "day", tense, context)
    if precision == "month":
        start = published.replace(day=1)
        return _Ref(start, start.replace(day=_last_day(start.year, start.month)), "month", tense, context)
    if precision == "year":
        return _Ref(dt.date(published.year, 1, 1), dt.date(published.year, 12, 31), "year", tense, context)
    raise ValueError(f"published_precision must be day, month or year, not {precision!r}")


def _parse(s: str, ref: Optional[_Ref]) -> tuple[Union[_Qualified, str, None], Optional[str]]:
    """(result, rule name): result is (period, qualifier), a TIMEX3 reference token, or None."""
    if not s:
        return None, None
    # ranges: "between July and September", "from 2023 to 2024", "March-May 2024", "Dec. 19-20"
    rng = _parse_range(s, ref)
    if rng is not None:
        return (rng, None), "range"
    # parts: "early 2023", "mid-December", "the end of last year", "late 1990s"
    for rx, q in _PART_RE:
        m = rx.match(s)
        if m:
            rest = m["rest"]
            if rest in ("year", "month"):  # "the end of the year": the latest such part begun by publication
                return (_unanchored_part(rest, q, ref), q), "part"
            inner, name = _match_point(rest, ref)
            if isinstance(inner, tuple):  # "late year-end": the period, not its own qualifier
                inner = inner[0]
            if isinstance(inner, _Period):
                return (_part(inner, q), q), f"part:{name}"
    p, name = _match_point(s, ref)
    if p is not None:
        return ((p, None) if isinstance(p, _Period) else p), name
    for r in _rules_starting(s, _REFERENCE_RULES):
        if m := r.norm.fullmatch(s):
            value = r.fn(m, ref, **r.args)
            assert not isinstance(value, (_Period, tuple))  # a reference rule yields its TIMEX3 token
            return value, r.rule.name
    return None, name


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


_RANGE_BOUND = re.compile(rf"(?:{_MON}|{_SEA})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON}")
_TIMEX_FORM = re.compile(r"\d{4}-(?:(?:0?[1-9]|1[0-2])(?:-\d{1,2})?|w\d{2}(?:-we)?|q[1-4]|h[12]|sp|su|fa|wi)")
_PRECISION_ORDER = ("day", "week", "month", "season", "quarter", "half", "year", "decade", "century")


def _range_bound(s: str, ref: Optional[_Ref], year_hint: Optional[int]) -> Optional[_Period]:
    if year_hint is not None and _RANGE_BOUND.fullmatch(s):
        return _parse_point(f"{s} {year_hint}", ref)
    return _parse_point(s, ref)


def _parse_range(s: str, ref: Optional[_Ref]) -> Optional[_Period]:
    if _TIMEX_FORM.fullmatch(s):
        return None
    m = _RANGE_SPLIT.fullmatch(s) or re.fullmatch(r"(?P<a>.+?)\s*-\s*(?P<b>.+)", s)
    if m is None:
        return None
    a, b = m["a"].strip(), m["b"].strip()
    pa: Optional[_Period]
    pb: Optional[_Period]
    if re.fullmatch(r"\d{2}", b) and re.fullmatch(_YEAR, a):  # "2023-24"
        pa = _year(int(a))
        pb = _year(int(a[:2] + b)) if int(a[:2] + b) > int(a) else None
        if pb is None:
            return None
    elif mb := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", b):  # "Dec. 19-20"
        pa = _parse_point(a, ref)
        if pa is None or pa.precision != "day":
            return None
        try:
            pb = _day(pa.start.replace(day=int(mb[1])))
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
    prec = max((pa.precision, pb.precision), key=lambda x: _PRECISION_ORDER.index(x) if x in _PRECISION_ORDER else 99)
    return _Period(pa.start, pb.end, prec, None)


_WEEKDAY_LEAD = re.compile(rf"^{_WD},?\s+(?=(?:{_MON}|\d))")


def _match_point(s: str, ref: Optional[_Ref]) -> tuple[_Value, Optional[str]]:
    """The first rule (not a reference) whose pattern matches the whole expression: (its value, its name)."""
    s = _WEEKDAY_LEAD.sub("", s)  # "Friday, Dec. 19" → the date
    for r in _rules_starting(s, _POINT_RULES):
        m = r.norm.fullmatch(s)
        if m:
            return r.fn(m, ref, **r.args), r.rule.name
    return None, None


_RULES_FOR: dict[tuple[int, str], tuple[_CompiledRule, ...]] = {}
_NORM_STARTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {}


def _rules_starting(s: str, rules: tuple[_CompiledRule, ...]) -> tuple[_CompiledRule, ...]:
    """The rules, in order, whose pattern can begin as `s` begins (the others cannot match it whole)."""
    key = _start_key(s)
    found = _RULES_FOR.get((id(rules), key))
    if found is None:

        def can(r: _CompiledRule) -> bool:
            if r.rule.name not in _NORM_STARTS:
                _NORM_STARTS[r.rule.name] = _first_words(r.norm.pattern)
            words, marks = _NORM_STARTS[r.rule.name]
            return "any" in marks or key in marks or key in words

        found = _RULES_FOR[(id(rules), key)] = tuple(r for r in rules if can(r))
    return found


def _parse_point(s: str, ref: Optional[_Ref]) -> Optional[_Period]:
    p = _match_point(s, ref)[0]
    assert not isinstance(p, str)  # TIMEX3 reference tokens come from the reference rules, not the point rules
    return p[0] if isinstance(p, tuple) else p


# ---------------------------------------------------------------------------------------------
# Finding expressions in a Doc: the find rules, after an optional qualifier and part
# ---------------------------------------------------------------------------------------------

_QUAL_PHRASES = [_phrase(p) for q in _QUALIFIER_VALUES for p in VOCAB.qualifiers[q]] + [
    _phrase(p) for p in VOCAB.kept + VOCAB.range_openers
]
_F_QUAL = rf"(?:{'|'.join(_QUAL_PHRASES)})\s+"
_PART_PHRASES = "|".join(_phrase(p) for q in ("early", "mid", "late") for p in VOCAB.parts[q])
_F_PART = rf"(?:(?:the\s+)?(?:{_PART_PHRASES})(?:[\s-]+|-?(?=\d))(?:of\s+)?(?:the\s+)?)"
_F_CORE = "|".join(r.text for r in _COMPILED if r.text is not None)
_FINDER = re.compile(rf"(?i)\b(?:{_F_QUAL})?(?:{_F_PART})?(?:{_F_CORE})(?![\w-])")
_YEAR_ONLY = re.compile(rf"(?:{_F_QUAL})?{_YEAR}")
_YEAR_CONTEXT = re.compile(rf"(?i)\b(?:{_alt(VOCAB.year_context)})[\s-]*$")
_STRIP_LEAD = re.compile(rf"(?i)^(?:{_alt(VOCAB.dropped)})\s+")
_LEAD_QUAL = re.compile(rf"(?i)(?:\b(?:{'|'.join(_QUAL_PHRASES)})\s+)+$")
_RANGE_GAP = re.compile(rf"(?i)\s*(?:-|–|—|{_alt(VOCAB.range_connectors)})\s*")
_LEAD_PART = re.compile(rf"(?i)\b(?:the\s+)?(?:{_PART_PHRASES})[\s-]+(?:of\s+)?(?:the\s+)?$")
_LOOKS_LIKE_DATE = re.compile(rf"(?i)\b(?:{_alt(VOCAB.date_words)})\b|{_CAP_MON}")
_NAME_WORD = re.compile(rf"(?:{_alt(VOCAB.name_words)})")
_ENDS_IN_MONTH = re.compile(rf"(?i)\b{_CAP_MON}$")
_HOLIDAY_NAME = re.compile(_expand("{holiday}", "text", _used))


if _unused := sorted((set(SUBPATTERNS) | set(_GENERATED)) - _used):
    raise DateGrammarError(f"sub-patterns no rule uses: {_unused}")


def _first_words(pattern: str) -> tuple[frozenset[str], frozenset[str]]:
    """What can begin a match of `pattern`: the lower-case words (letters up to the first non-letter), and
    marks for a first character that is not a letter ("digit", "apostrophe", "any"). Read from the
    compiled pattern itself, so the token gate of the finder cannot fall behind the grammar."""
    c = _sre_c
    words: set[str] = set()
    marks: set[str] = set()

    def stop(prefix: str, ch: Optional[str]) -> None:
        if prefix:
            words.add(prefix)
        elif ch is not None and ch.isdigit():
            marks.add("digit")
        elif ch == "'":
            marks.add("apostrophe")
        else:
            marks.add("any")

    def walk(items: list, prefix: str) -> None:
        if len(prefix) > 40:
            marks.add("any")
            return
        if not items:
            stop(prefix, None)
            return
        op, av = items[0]
        rest = items[1:]
        if op is c.LITERAL:
            ch = chr(av).lower()
            walk(rest, prefix + ch) if ch.isalpha() else stop(prefix, ch)
        elif op is c.IN:
            chars: set[str] = set()
            for iop, iav in av:
                if iop is c.LITERAL:
                    chars.add(chr(iav).lower())
                elif iop is c.RANGE and iav[1] - iav[0] < 40:
                    chars.update(chr(x).lower() for x in range(iav[0], iav[1] + 1))
                elif iop is c.CATEGORY and iav is c.CATEGORY_DIGIT:
                    chars.add("0")
                else:
                    stop(prefix, None)
            for ch in chars:
                walk(rest, prefix + ch) if ch.isalpha() else stop(prefix, ch)
        elif op is c.SUBPATTERN:
            walk(list(av[-1]) + rest, prefix)
        elif op is c.BRANCH:
            for alt in av[1]:
                walk(list(alt) + rest, prefix)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av
            if lo == 0:
                walk(rest, prefix)
            if hi != 0:
                again = [(op, (max(lo - 1, 0), hi - 1, sub))] if hi > 1 else []
                walk(list(sub) + again + rest, prefix)
        elif op is c.ASSERT and av[0] == 1 and _non_letter_start(list(av[1])):
            stop(prefix, "0")  # "mid-?(?=\d)": a lookahead for a digit ends the word
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            walk(rest, prefix)
        else:
            stop(prefix, None)

    def _non_letter_start(items: list) -> bool:
        if not items:
            return False
        op, av = items[0]
        if op is c.LITERAL:
            return not chr(av).isalpha()
        if op is c.IN:
            return all(iop is c.CATEGORY and iav is c.CATEGORY_DIGIT for iop, iav in av)
        return False

    walk(list(_sre_p.parse(pattern)), "")
    return frozenset(words), frozenset(marks)


_PREFIX_STARTS = _first_words(rf"(?:{_F_QUAL})|(?:{_F_PART})")
_CORE_STARTS = [(r.text, *_first_words(r.text)) for r in _COMPILED if r.text is not None]
_FINDER_FOR: dict[str, Optional[re.Pattern]] = {}
_UNSEEN = re.compile("")  # a cache miss (None means: no rule begins there)


def _start_key(low: str) -> str:
    """What a token offers the grammar as a beginning: its leading letters, or a mark for a digit or apostrophe."""
    first = low[:1]
    if first.isdigit():
        return "digit"
    if first == "'":
        return "apostrophe"
    m = re.match(r"[^\W\d_]+", low)
    return m[0] if m else "any"


def _finder_for(low: str) -> Optional[re.Pattern]:
    """The finder pattern to try at a token with this lower-case text, or None when no rule can begin there:
    the whole finder after a word that can begin a qualifier or part, else only the find rules that can begin
    with the word (the same matches: the other alternatives could not match there). Cached per word form."""
    if low in _FINDER_FOR:
        return _FINDER_FOR[low]
    key = _start_key(low)

    def starts(words: frozenset[str], marks: frozenset[str]) -> bool:
        return "any" in marks or key in marks or key in words

    if starts(*_PREFIX_STARTS):
        rx: Optional[re.Pattern] = _FINDER
    else:
        cores = [text for text, words, marks in _CORE_STARTS if starts(words, marks)]
        rx = re.compile(rf"(?i)\b(?:{'|'.join(cores)})(?![\w-])") if cores else None
    _FINDER_FOR[low] = rx
    return rx


def find_dates(
    doc: Doc,
    *,
    published: Optional[dt.date],
    published_precision: Optional[str],
    start_char: int = 0,
    end_char: Optional[int] = None,
    date_ents: Optional[Sequence[tuple[int, int]]] = None,
    text: Optional[str] = None,
) -> list[TimeExpression]:
    """Every point-in-time expression of the Doc (NER DATE spans and our own patterns), normalized.

    Durations ("three years") and numbers that are not dates are dropped; a leading preposition that
    qualifies the interval ("since", "until", "before", "around", "no later than") is kept in the expression.
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
        if _YEAR_ONLY.fullmatch(m[0]) and not _YEAR_CONTEXT.search(text[max(0, s - 20) : s]):
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
        norm = _normalize(text[s:e], published, published_precision, _tense_at(doc, s, e), _sentence_context(doc, s, e))
        if norm.timex is None and norm.date_start is None and not _LOOKS_LIKE_DATE.search(text[s:e]):
            continue
        prev = found[-1] if found else None
        if prev is not None and _RANGE_GAP.fullmatch(text[prev.end_char : s]):
            # "between July and September", "from 2023 to 2024": one interval when both ends read as one
            joined = _normalize(
                text[prev.start_char : e],
                published,
                published_precision,
                _tense_at(doc, prev.start_char, e),
                _sentence_context(doc, prev.start_char, e),
            )
            if joined.date_start is not None or (
                prev.norm.date_start is None and norm.date_start is None and re.match(r"(?i)between|from", prev.text)
            ):
                found[-1] = TimeExpression(prev.start_char, e, text[prev.start_char : e], joined)
                continue
        found.append(TimeExpression(s, e, text[s:e], norm))
    return found


def _sentence_context(doc: Doc, s: int, e: int) -> Callable[[], tuple[str, int]]:
    """The sentence of an expression and the expression's offset in it, computed only when asked."""

    def context() -> tuple[str, int]:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            return doc.text, s
        sent = span.sent
        return sent.text, s - sent.start_char

    return context


def date_entities(doc: Doc) -> list[tuple[int, int]]:
    """Character offsets of the model's DATE entities."""
    return [(ent.start_char, ent.end_char) for ent in doc.ents if ent.label_ == "DATE"]


def _finder_matches(doc: Doc, text: str, start_char: int, end_char: int) -> Iterator[re.Match]:
    """The finder pattern tried only where a time expression can begin (a word or character the grammar
    can start with), left to right, at tokens that start within [start_char, end_char).

    Tokens are read as two integer columns (offset, lower-case form), not as Token objects: the finder
    looks at every token of a sentence, and building a Token per word cost more than the patterns."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None:
        return
    rows = doc.to_array(_TOKEN_COLUMNS)[span.start : span.end].tolist()
    strings = doc.vocab.strings
    end = 0
    for idx, low in rows:
        if idx < end or idx < start_char:  # "expand" may take in a token begun before the stretch
            continue
        rx = _FINDER_BY_FORM.get(low, _UNSEEN)
        if rx is _UNSEEN:
            rx = _FINDER_BY_FORM[low] = _finder_for(strings[low])
        if rx is not None:
            m = rx.match(text, idx)
            if m:
                end = m.end()
                yield m


_TOKEN_COLUMNS = [IDX, LOWER]
_FINDER_BY_FORM: dict[int, Optional[re.Pattern]] = {}  # the lower-case form's string hash → _finder_for(form)


def _in_date_entity(doc: Doc, s: int, e: int) -> bool:
    span = doc.char_span(s, e, alignment_mode="expand")
    return span is not None and any(t.ent_type_ == "DATE" for t in span)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Extend to a qualifier or part just before (spaCy leaves out "since"), drop a plain leading "in"/"on"."""
    before = text[max(0, s - 40) : s]
    if m := _LEAD_PART.search(before):
        s -= len(before) - m.start()
        before = text[max(0, s - 40) : s]
    if m := _LEAD_QUAL.search(before):
        s -= len(before) - m.start()
    while e > s and text[e - 1] in " .,;:'’\"":
        if text[e - 1] == "." and _ENDS_IN_MONTH.search(text[s:e]):
            break
        e -= 1
    while True:
        m = _STRIP_LEAD.match(text, s, e)
        if not m:
            break
        s = m.end()
    return s, e


def _drop_modifier_qualifier(doc: Doc, text: str, s: int, e: int) -> int:
    """ "up from 2023 levels": a date that modifies a noun takes no "from"/"since" from the phrase around it.

    ``text`` is doc.text, passed in: spaCy rebuilds doc.text from the tokens on every access."""
    m = re.match(rf"(?i)(?:{_F_QUAL})+", text[s:e])
    if not m or re.match(r"(?i)between|from\s.+\s(?:to|until|through)\s", text[s:e]):
        return s
    span = doc.char_span(s + m.end(), e, alignment_mode="expand")
    if (
        span is not None
        and span.root.dep_ in ("compound", "nummod", "amod", "nmod")
        and span.root.head.pos_ == "NOUN"
        and span.root.head.lower_ not in VOCAB.time_nouns
        and span.root.head.i >= span.end
    ):
        return s + m.end()
    return s


def _is_junk(doc: Doc, text: str, s: int, e: int) -> bool:
    span = doc.char_span(s, e, alignment_mode="expand")
    if span is None:
        return True
    words = text[s:e]
    # "By Japan Today Editor": a capitalised relative word inside a name is not a date
    if _NAME_WORD.fullmatch(words):
        prev = doc[span.start - 1] if span.start > 0 else None
        if prev is not None and prev.is_alpha and prev.is_title and not prev.whitespace_.count("\n"):
            return True
    if all(t.ent_type_ in VOCAB.name_entities for t in span) and not _HOLIDAY_NAME.search(words):
        return True  # "the Sunday Times", "Vision 2030" (a holiday the model calls an EVENT is still a date)
    return False


def _tense_at(doc: Doc, s: int, e: int) -> Optional[str]:
    """The tense of the clause governing the span (see _clause_tense)."""
    span = doc.char_span(s, e, alignment_mode="expand")
    return None if span is None else _clause_tense(span.root)


def _clause_tense(tok: Token) -> Optional[str]:
    """The tense of the nearest verb above a token: its auxiliaries and tag, or a governing verb of intent
    ("are expected to rise" is future)."""
    verb = nearest_verb(tok, limit=7)
    if verb is None:
        return None
    tok = verb
    words = [c for c in tok.children if c.dep_ in ("aux", "auxpass")] + [tok]
    lemmas = {w.lower_ for w in words}
    if lemmas & VOCAB.future_auxiliaries or (tok.tag_ == "VB" and any(w.tag_ == "MD" for w in words)):
        return "future"
    head = tok.head
    if (
        tok.dep_ == "xcomp"
        and tok.tag_ == "VB"
        and head.lower_ in VOCAB.future_heads
        and head.tag_ != "VBD"
        and not any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in head.children)
    ):
        return "future"
    if any(w.tag_ in ("VBD", "VBN") for w in words):
        return "past"
    if any(w.lower_ in VOCAB.future_heads for w in words):
        return "future"
    return None


# ---------------------------------------------------------------------------------------------
# Which expression dates an event
# ---------------------------------------------------------------------------------------------

_PRECISION_RANK = {p: i for i, p in enumerate(_PRECISION_ORDER)}


def date_for_event(
    trigger: Token, event_type: str, expressions: Sequence[TimeExpression], *, stop_at: frozenset[str] = frozenset()
) -> Optional[TimeExpression]:
    """The expression in the trigger's own clause (reported speech dates the statement, not the fact).

    An expression counts when its head chain reaches the trigger (or a verb the trigger is the
    xcomp of: "began arriving … in late 2023") without passing through another clause-heading verb.
    Among several, a resolved and finer one wins. ``event_type`` is part of the contract; the clause rule
    is the same for every type. ``stop_at``: lemmas of verbs the chain stops below ("in a statement on
    Wednesday, Pyongyang denied sending troops": Wednesday dates the denial, not the sending).
    """
    doc = trigger.doc
    chain = verb_chain(trigger)
    cut = next((k for k, t in enumerate(chain) if k and t.lemma_.lower() in stop_at), len(chain))
    heads = {t.i for t in chain[:cut]}
    best: Optional[tuple[tuple, TimeExpression]] = None
    for ex in expressions:
        span = doc.char_span(ex.start_char, ex.end_char, alignment_mode="expand")
        if span is None or span.sent.start != trigger.sent.start:
            continue
        if trigger.i in range(span.start, span.end):
            continue
        steps = steps_to_clause(span.root, heads)
        if steps is None:
            continue
        # a resolved, finer expression beats a vague or coarser one in the same clause ("on Dec. 19" over "year-end")
        precision = ex.norm.date_precision
        rank = _PRECISION_RANK.get(precision, 99) if precision is not None else 99
        key = (ex.norm.date_start is None, rank, steps, abs(span.start - trigger.i))
        if best is None or key < best[0]:
            best = (key, ex)
    return best[1] if best else None
