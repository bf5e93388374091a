"""A deliberately faulty extractor for the quarantine tests: the real extractor, with two planted bugs.

An article whose text holds "OFFSET-BUG" gets its first event's offset moved by one (a validator
failure); one holding "RAISE-BUG" raises. Every other article is extracted as usual. Plugged into the
flow through its `extractor` parameter (an import path), never by patching.
"""

from __future__ import annotations

import dataclasses

from extractors.events import extract_events as real_extract_events


class PlantedBug(RuntimeError):
    pass


def extract_events(doc, article, *, run_id):
    if "RAISE-BUG" in article.text:
        raise PlantedBug("a planted bug")
    rows = real_extract_events(doc, article, run_id=run_id)
    if rows and "OFFSET-BUG" in article.text:
        rows[0] = dataclasses.replace(rows[0], char_start=rows[0].char_start + 1)
    return rows
