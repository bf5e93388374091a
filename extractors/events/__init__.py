"""Event rows from a parsed article (issue 4): every codebook type with actors, sources, counts and framing.

Triggers are lemmas of the parse looked up in the one lexicon (data/triggers.toml); arguments come from
the dependency tree (subjects, objects, passives, nominal "of" arguments). Dates and places come from
extractors.dates / extractors.places.

The package, in reading order: `sentences` (the coded sentences of an article), `candidates` (the
Candidate record and the token helpers the detectors share), one module per family of detectors
(`movement`, `enlistment`, `statements`, `violence`, `agreements`), `detectors` (all of them in one
tuple and candidate finding), `rows` (event rows from the candidates).
"""

from extractors.events.candidates import FACT_TYPES, Candidate, subject_of
from extractors.events.detectors import DETECTORS, _trigger_lemmas, find_candidates
from extractors.events.rows import extract_events
from extractors.events.sentences import coded_sentences
from schemas.vocab import STATEMENT_TYPES

__all__ = [
    "DETECTORS",
    "FACT_TYPES",
    "STATEMENT_TYPES",
    "Candidate",
    "_trigger_lemmas",
    "coded_sentences",
    "extract_events",
    "find_candidates",
    "subject_of",
]
