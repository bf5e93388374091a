"""The model's rule lemmatizer, run through its own cache without a Token per word.

spaCy's rule lemmatizer caches each lemma by (text, POS, morphology), but still visits every token
as a Python Token object and asks for its morphology as an object, which costs more than the lemma
once it is cached (about 4 % of the pipeline on news text). `CachedLemmas` reads those three keys
for the whole Doc as one array, calls the lemmatizer itself only for keys it has not seen, and
writes the lemmas back as one array: the lemmatizer decides every lemma, so the result is the
same (`tests/test_nlp.py` compares every token).

Only spaCy's `Lemmatizer` in "rule" mode is wrapped (that is where the cache lives); anything
else is left as it is.
"""

from __future__ import annotations

from typing import cast

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc
from thinc.types import Ints2d

_MEMO_LIMIT = 500_000  # distinct (text, POS, morphology) keys remembered; cleared beyond that


class CachedLemmas:
    """Wraps the model's rule Lemmatizer (kept as `.lemmatizer`, with its tables and cache).

    The rule lemmatizer's answer depends only on the token's text, POS and morphology (which is why
    spaCy caches it under that key), so each key's lemma is asked of it once and then remembered as a
    string-store hash."""

    def __init__(self, lemmatizer: Lemmatizer):
        self.lemmatizer = lemmatizer
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        lem = self.lemmatizer
        if not lem._validated:
            lem._validate_tables()
        if not len(doc):
            return doc
        memo, strings, overwrite = self._memo, doc.vocab.strings, lem.overwrite
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        lemmas = []
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma and not overwrite:  # set by the attribute ruler's exceptions: kept, as spaCy does
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            value = memo.get(key)
            if value is None:
                value = memo[key] = strings.add(lem.lemmatize(doc[i])[0])
            lemmas.append(value)
            changed = True
        if changed:
            # cast: spaCy annotates thinc's Ints2d (a typing class no numpy array is an instance of); it takes a numpy array
            doc.from_array([LEMMA], cast(Ints2d, numpy.asarray(lemmas, dtype="uint64").reshape(-1, 1)))
        return doc


@Language.factory("muster_cached_lemmas")
def make_cached_lemmas(nlp: Language, name: str) -> CachedLemmas:
    """Placeholder until `use_cached_lemmas` hands it the model's lemmatizer."""
    return CachedLemmas(None)  # type: ignore[arg-type]


def use_cached_lemmas(nlp: Language, name: str = "lemmatizer") -> bool:
    """Wrap the model's rule lemmatizer; False (pipeline unchanged) when there is none to wrap."""
    if name not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe(name)
    if type(lemmatizer).__name__ == "CachedLemmas" or not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule":
        return False
    nlp.replace_pipe(name, "muster_cached_lemmas")
    cached = nlp.get_pipe(name)
    assert isinstance(cached, CachedLemmas)  # just made by make_cached_lemmas
    cached.lemmatizer = lemmatizer
    return True
