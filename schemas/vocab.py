"""Controlled vocabularies of the tables (docs/codebook.md); which column takes which is said in schemas/records.py.

A vocabulary only ever grows (a value is added, never renamed or dropped), so a table written by an
older muster still reads with the current vocabularies as its pl.Enum categories.
"""

CORE_EVENT_TYPES = ("deployment", "enlistment", "confirmation", "denial")
FURTHER_EVENT_TYPES = ("casualty", "combat", "agreement")
EVENT_TYPES = CORE_EVENT_TYPES + FURTHER_EVENT_TYPES
STATEMENT_TYPES = ("confirmation", "denial")  # the types whose rows are about another event (codebook)

ACTOR_KINDS = ("military", "workers", "government", "official", "intelligence", "media", "civilians", "other")
POLARITIES = ("affirmed", "negated")
MODALITIES = ("asserted", "believed", "possible", "planned")
PLACE_PRECISIONS = ("point", "admin1", "region", "country")
DATE_PRECISIONS = ("day", "week", "month", "season", "quarter", "half", "year", "decade", "century")
DATE_QUALIFIERS = ("since", "until", "before", "after", "around", "early", "mid", "late")
PUBLISHED_PRECISIONS = ("day", "month", "year")
ARTICLE_STATUSES = ("ok", "quarantined", "off_topic")  # quarantined: its extraction raised or its rows failed
# validation; off_topic: the topic gate (extractors/topic.py) kept it from being parsed
REJECT_KINDS = ("input", "quarantine")
INPUT_KINDS = ("txt", "jsonl", "html", "warc")
TEXT_METHODS = ("as_read", "trafilatura")
PUBLISHED_SOURCES = ("manifest", "jsonl", "page_meta", "warc_date")
