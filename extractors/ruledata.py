"""Rule data files (TOML) loaded into typed, checked records.

Every rule set Muster reads from `extractors/data/` declares its shape as frozen dataclasses; `load`
builds them from the file and fails at load time, naming the file and the key, on

- a key the schema does not declare (a misspelling never silently becomes an empty list),
- a declared key that is missing (unless the field has a default),
- a value of the wrong type (a number where words are expected, a word list with a non-string).

Supported field types: str, int, float, bool, Optional[X], tuple[X, ...], frozenset[X], dict[str, X] and
nested dataclasses (a TOML table), with X any of these. Lists become tuples or frozensets, so records
stay immutable and hashable.

    @dataclass(frozen=True)
    class Cues:
        negation: frozenset[str]
        hedges: frozenset[str] = frozenset()

    cues = load(Path("extractors/data/triggers.toml"), Cues, section="cues")
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import types
import typing
from pathlib import Path
from typing import Any, TypeVar, Union

T = TypeVar("T")


class RuleDataError(ValueError):
    """A rule data file does not match its declared schema (raised at load time)."""


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise RuleDataError(f"{path}: cannot read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleDataError(f"{path}: not valid TOML ({exc})") from None


def alternation(words: tuple[str, ...] | frozenset[str]) -> str:
    """Words of a rule file as one regex alternation, escaped: a tuple in its order (a regex tries them
    in turn), a set longest first."""
    ordered = words if isinstance(words, tuple) else sorted(words, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in ordered)


def load(path: Path, schema: type[T], *, section: str | None = None) -> T:
    """The file (or one of its top-level tables) as an instance of `schema`, checked."""
    data: Any = read_toml(path)
    where = path.name
    if section is not None:
        if section not in data:
            raise RuleDataError(f"{where}: missing table [{section}]")
        data, where = data[section], f"{where} [{section}]"
    return build(schema, data, where)


def build(schema: type[T], data: Any, where: str) -> T:
    """`data` (parsed TOML) as an instance of the dataclass `schema`; `where` names it in errors."""
    if not dataclasses.is_dataclass(schema):
        raise TypeError(f"{schema!r} is not a dataclass")
    if not isinstance(data, dict):
        raise RuleDataError(f"{where}: expected a table, got {type(data).__name__}")
    hints = typing.get_type_hints(schema)
    fields = {f.name: f for f in dataclasses.fields(schema) if f.init}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise RuleDataError(f"{where}: unknown key(s) {', '.join(map(repr, unknown))} (declared: {', '.join(sorted(fields))})")
    values: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise RuleDataError(f"{where}: missing key {name!r}")
            continue
        values[name] = _convert(hints[name], data[name], f"{where}.{name}")
    try:
        return schema(**values)
    except (ValueError, TypeError) as exc:  # a __post_init__ check
        raise RuleDataError(f"{where}: {exc}") from None


def _convert(tp: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        if len(inner) == 1:
            return _convert(inner[0], value, where)
        for a in inner:
            try:
                return _convert(a, value, where)
            except RuleDataError:
                continue
        raise RuleDataError(f"{where}: {value!r} matches none of {tp}")
    if dataclasses.is_dataclass(tp):
        return build(tp, value, where)  # type: ignore[arg-type]
    if origin in (tuple, frozenset, list):
        if not isinstance(value, list):
            raise RuleDataError(f"{where}: expected a list, got {type(value).__name__}")
        item = args[0] if args else Any
        items = [_convert(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
        return frozenset(items) if origin is frozenset else tuple(items) if origin is tuple else items
    if origin is dict:
        if not isinstance(value, dict):
            raise RuleDataError(f"{where}: expected a table, got {type(value).__name__}")
        _, vt = args if args else (str, Any)
        return {str(k): _convert(vt, v, f"{where}.{k}") for k, v in value.items()}
    if tp is Any:
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise RuleDataError(f"{where}: expected a number, got {value!r}")
        return float(value)
    if tp in (str, int, bool):
        if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
            raise RuleDataError(f"{where}: expected {tp.__name__}, got {value!r}")
        return value
    raise TypeError(f"{where}: unsupported schema type {tp!r}")
