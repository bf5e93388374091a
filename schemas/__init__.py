"""The one definition of Muster's tables: typed records, Arrow schemas, vocabularies and checks."""

from schemas.records import (
    ArticleRow,
    EventRow,
    RejectRow,
    ARTICLE_SCHEMA,
    ARTICLE_VOCABULARIES,
    EVENT_SCHEMA,
    EVENT_VOCABULARIES,
    REJECT_SCHEMA,
    REJECT_VOCABULARIES,
    to_table,
    vocabularies,
)
from schemas.vocab import (
    ACTOR_KINDS,
    CORE_EVENT_TYPES,
    DATE_PRECISIONS,
    DATE_QUALIFIERS,
    EVENT_TYPES,
    MODALITIES,
    PLACE_PRECISIONS,
    POLARITIES,
    PUBLISHED_PRECISIONS,
)

__all__ = [
    "ArticleRow",
    "EventRow",
    "RejectRow",
    "ARTICLE_SCHEMA",
    "EVENT_SCHEMA",
    "REJECT_SCHEMA",
    "ARTICLE_VOCABULARIES",
    "EVENT_VOCABULARIES",
    "REJECT_VOCABULARIES",
    "to_table",
    "vocabularies",
    "ACTOR_KINDS",
    "CORE_EVENT_TYPES",
    "DATE_PRECISIONS",
    "DATE_QUALIFIERS",
    "EVENT_TYPES",
    "MODALITIES",
    "PLACE_PRECISIONS",
    "POLARITIES",
    "PUBLISHED_PRECISIONS",
]
