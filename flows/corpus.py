"""A corpus folder (tests/corpus/<name>/): sources.jsonl (committed) and texts/<id>.txt (git-ignored).

The texts belong to their publishers and are restored by a documented step, so every consumer first
checks them against the sha256 and length recorded in sources.jsonl. `to_jsonl` turns one split into
Muster's JSONL input. `python -m flows.corpus check DIR` runs the check from a bare checkout.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

SOURCES = "sources.jsonl"
TEXTS = "texts"
STYLES = ("wire", "analysis", "state_media", "brief", "editorial", "feature", "local", "other")
PUBLISHED_FROM = ("url", "text", "unknown")
SPLITS = ("dev", "test")


class CorpusError(ValueError):
    """A corpus folder that cannot be used as is (bad sources line, missing or changed text)."""


@dataclass(frozen=True, slots=True)
class Source:
    """One line of sources.jsonl: where an excerpt came from and how to verify its restored text."""

    id: str
    url: str
    publisher: str
    country: Optional[str]
    published: Optional[str]
    published_from: str
    style: str
    query: str
    rank: int
    sha256: str
    length: int
    split: str
    group: Optional[str] = None  # general-news sample only: general, borderline or nk_other
    topic_note: Optional[str] = None  # general-news sample only: what the excerpt is about

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise CorpusError(f"{self.id}: style {self.style!r} not one of {STYLES}")
        if self.published_from not in PUBLISHED_FROM:
            raise CorpusError(f"{self.id}: published_from {self.published_from!r} not one of {PUBLISHED_FROM}")
        if self.split not in SPLITS:
            raise CorpusError(f"{self.id}: split {self.split!r} not one of {SPLITS}")
        if self.country is not None and not (len(self.country) == 3 and self.country.isupper()):
            raise CorpusError(f"{self.id}: country {self.country!r} is not ISO alpha-3")
        if self.group is not None and self.group not in GROUPS:
            raise CorpusError(f"{self.id}: group {self.group!r} not one of {GROUPS}")
        if not isinstance(self.rank, int) or not isinstance(self.length, int):
            raise CorpusError(f"{self.id}: rank and length must be integers")


FIELDS = tuple(f.name for f in dataclasses.fields(Source))
OPTIONAL_FIELDS = ("group", "topic_note")
GROUPS = ("general", "borderline", "nk_other")


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Result of comparing restored texts with sources.jsonl."""

    sources: tuple[Source, ...]
    missing: tuple[str, ...]
    mismatched: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.missing and not self.mismatched

    def format(self) -> str:
        good = len(self.sources) - len(self.missing) - len(self.mismatched)
        lines = [f"{len(self.sources)} sources: {good} texts ok, {len(self.missing)} missing, {len(self.mismatched)} mismatched"]
        lines += [f"  missing    {i}" for i in self.missing]
        lines += [f"  mismatched {i}" for i in self.mismatched]
        return "\n".join(lines)


def load_sources(folder: Path) -> list[Source]:
    """sources.jsonl → Source records; an unknown or missing key, or a repeated id, is an error."""
    path = Path(folder) / SOURCES
    if not path.is_file():
        raise CorpusError(f"{path}: no such file")
    out: list[Source] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            extra, missing = set(record) - set(FIELDS), set(FIELDS) - set(record) - set(OPTIONAL_FIELDS)
            if extra or missing:
                raise CorpusError(f"{path}:{lineno}: unknown key(s) {sorted(extra)}, missing key(s) {sorted(missing)}")
            out.append(Source(**record))
    ids = [s.id for s in out]
    if len(ids) != len(set(ids)):
        raise CorpusError(f"{path}: repeated id(s) {sorted({i for i in ids if ids.count(i) > 1})}")
    return out


def text_path(folder: Path, source_id: str) -> Path:
    return Path(folder) / TEXTS / f"{source_id}.txt"


def read_text(folder: Path, source: Source) -> str:
    """The restored text exactly as stored (UTF-8, no newline translation)."""
    return text_path(folder, source.id).read_bytes().decode("utf-8")


def check(folder: Path) -> CheckReport:
    """Which texts are missing, and which differ from their recorded sha256 or length."""
    sources = load_sources(folder)
    missing, mismatched = [], []
    for s in sources:
        path = text_path(folder, s.id)
        if not path.is_file():
            missing.append(s.id)
            continue
        raw = path.read_bytes()
        try:
            length = len(raw.decode("utf-8"))
        except UnicodeDecodeError:
            length = -1
        if hashlib.sha256(raw).hexdigest() != s.sha256 or length != s.length:
            mismatched.append(s.id)
    return CheckReport(tuple(sources), tuple(missing), tuple(mismatched))


def select(sources: Iterable[Source], split: str) -> list[Source]:
    """The sources of one split ("dev", "test") or all of them ("all")."""
    if split not in (*SPLITS, "all"):
        raise CorpusError(f"split {split!r} not one of {(*SPLITS, 'all')}")
    return [s for s in sources if split == "all" or s.split == split]


def verified_texts(folder: Path, split: str = "all") -> dict[str, tuple[Source, str]]:
    """id → (source, text) for one split, once those texts pass the check (else CorpusError)."""
    report = check(folder)
    chosen = select(report.sources, split)
    ids = {s.id for s in chosen}
    bad = [i for i in (*report.missing, *report.mismatched) if i in ids]
    if bad:
        raise CorpusError(
            f"{folder}: {len(bad)} text(s) missing or changed ({', '.join(bad[:5])}"
            f"{', ...' if len(bad) > 5 else ''}); restore them (see the folder's README)"
        )
    return {s.id: (s, read_text(folder, s)) for s in chosen}


def to_jsonl(folder: Path, split: str, out: Path) -> int:
    """Write one split as Muster's JSONL input (id, title, text, published, url, publisher); returns the count."""
    texts = verified_texts(folder, split)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for source, text in texts.values():
            record = {
                "id": source.id,
                "title": None,
                "text": text,
                "published": source.published,
                "url": source.url,
                "publisher": source.publisher,
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(texts)


def main(argv: list[str] | None = None) -> int:
    """`python -m flows.corpus check DIR`: exit 1 when a text is missing or mismatched."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "check":
        print("usage: python -m flows.corpus check DIR", file=sys.stderr)
        return 2
    try:
        report = check(Path(args[1]))
    except CorpusError as exc:
        print(f"corpus: {exc}", file=sys.stderr)
        return 2
    print(report.format())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
