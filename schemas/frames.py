"""The tables as Polars frames: each column with its record's type, a controlled-vocabulary column as a
``pl.Enum`` of its vocabulary (schemas/records.py says which).

Delta has no dictionary or enum type (deltalake writes a dictionary column as a plain string; its Parquet
pages are dictionary-encoded all the same), so the Enum is applied when a table is read: `flows/store.py`
`read_frame` for the analysts and the commands, or `pl.read_delta(path).cast(enum_dtypes(EventRow))` by
hand. A table written by an older muster reads too: vocabularies only grow, so its values fit, and the
columns added since are there, null.
"""

from __future__ import annotations

from typing import TypeVar

import polars as pl
import pyarrow as pa

from schemas.records import ARTICLE_SCHEMA, EVENT_SCHEMA, REJECT_SCHEMA, ArticleRow, EventRow, RejectRow, vocabularies

_ARROW = {EventRow: EVENT_SCHEMA, ArticleRow: ARTICLE_SCHEMA, RejectRow: REJECT_SCHEMA}

Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


class VocabularyError(ValueError):
    """A column holds a value outside its vocabulary (a table written by a newer muster, or edited by hand)."""


def enum_dtypes(record_type: type) -> dict[str, pl.Enum]:
    """Column → pl.Enum of its vocabulary, for a record's controlled-vocabulary columns."""
    return {name: pl.Enum(vocab) for name, vocab in vocabularies(record_type).items()}


def frame_schema(record_type: type) -> pl.Schema:
    """The Polars schema of a record's table as read: the Arrow types, vocabulary columns as pl.Enum."""
    plain = arrow_frame(_ARROW[record_type].empty_table())
    return pl.Schema({**dict(plain.schema), **enum_dtypes(record_type)})


def conform(frame: Frame, record_type: type) -> Frame:
    """A frame read from a record's table, with the schema's dtypes: vocabulary columns cast to pl.Enum
    (strictly: a value outside the vocabulary raises when the frame is collected) and the record's
    columns the table does not have yet added as nulls. Other columns are kept, after the record's."""
    have = frame.collect_schema().names() if isinstance(frame, pl.LazyFrame) else frame.columns
    schema = frame_schema(record_type)
    columns = [pl.col(name).cast(dtype) if name in have else pl.lit(None, dtype).alias(name) for name, dtype in schema.items()]
    return frame.select(*columns, *(pl.col(name) for name in have if name not in schema))


def to_frame(table: pa.Table | pl.DataFrame, record_type: type) -> pl.DataFrame:
    """An Arrow table or a frame of a record's table → the frame with the schema's dtypes (see `conform`);
    VocabularyError names the column and the values that fit no vocabulary."""
    frame = table if isinstance(table, pl.DataFrame) else arrow_frame(table)
    check_vocabularies(frame, record_type)
    return conform(frame, record_type)


def check_vocabularies(frame: pl.DataFrame, record_type: type) -> None:
    """Raise VocabularyError when a vocabulary column of `frame` holds a value not in its vocabulary."""
    for name, vocab in vocabularies(record_type).items():
        if name not in frame.columns or isinstance(frame.schema[name], pl.Enum):
            continue
        values = frame.get_column(name).drop_nulls().cast(pl.String).unique().sort()
        outside = values.filter(~values.is_in(list(vocab))).to_list()
        if outside:
            raise VocabularyError(
                f"column {name} holds {', '.join(map(repr, outside[:5]))}, not in its vocabulary ({', '.join(vocab)}): "
                "a table written by a newer muster? read it with that version"
            )


def arrow_frame(table: pa.Table) -> pl.DataFrame:
    """An Arrow table as a Polars frame (`pl.from_arrow` is typed DataFrame | Series; a Table gives a frame)."""
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame


def plain_frame(table: pa.Table | pl.DataFrame) -> pl.DataFrame:
    """An Arrow table or a frame as a frame whose values compare as text (see `plain_strings`)."""
    return plain_strings(table) if isinstance(table, pl.DataFrame) else arrow_frame(table)


def plain_strings(frame: pl.DataFrame) -> pl.DataFrame:
    """Enum and Categorical columns back to String: for code that compares or sorts values as text
    (diff, snapshot, report), so an Arrow table and a frame read with `read_frame` give the same result."""
    coded = [name for name, dtype in frame.schema.items() if isinstance(dtype, (pl.Enum, pl.Categorical))]
    return frame.with_columns(pl.col(coded).cast(pl.String)) if coded else frame
