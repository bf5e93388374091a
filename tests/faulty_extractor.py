"""A deliberately faulty extractor for the commit-gate test: the real extractor, then one offset off by one.

Plugged into the flow through its `extractor` parameter (an import path), never by patching.
"""
from __future__ import annotations

import dataclasses

from extractors.events import extract_events as real_extract_events


def extract_events(doc, article, *, run_id):
    rows = real_extract_events(doc, article, run_id=run_id)
    if rows:
        rows[0] = dataclasses.replace(rows[0], char_start=rows[0].char_start + 1)
    return rows
