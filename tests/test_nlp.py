"""Muster's pipeline: the attribute ruler compiled to lookups and the lemmatizer run through its cache
write what the model's own components write, token by token."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from extractors.attribute_lookup import AttributeLookup, compile_rules, use_attribute_lookup
from extractors.lemma_cache import CachedLemmas, use_cached_lemmas
from extractors.nlp import model_name

REPO = Path(__file__).resolve().parent.parent
ATTRS = ("tag_", "pos_", "morph", "lemma_", "dep_", "head")


def _texts() -> list[str]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    gold = [json.loads(line)["text"] for line in (REPO / "tests/gold/sentences.jsonl").read_text().splitlines() if line]
    # forms the two-token and regex rules exist for: contractions, "y'all", "gonna", "let's", expletive "there is"
    odd = [
        "Y'all gonna see it, ain't that right? Let's go; I got ta leave. C'mon, there is no doubt, there were two.",
        "It isn't nothin' - they don't know, do n't they?  \n\n  Spaces   everywhere\t.",
    ]
    return seeds + gold + odd


@pytest.fixture(scope="module")
def pipelines():
    stock = spacy.load(model_name())
    fast = spacy.load(model_name())
    assert use_attribute_lookup(fast), "the default model's attribute ruler should compile"
    assert use_cached_lemmas(fast), "the default model's lemmatizer is a rule lemmatizer"
    assert not use_cached_lemmas(fast)  # once
    return stock, fast


def test_the_lookup_replaces_the_ruler_in_place(pipelines):
    stock, fast = pipelines
    assert fast.pipe_names == stock.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), AttributeLookup)
    assert isinstance(fast.get_pipe("lemmatizer"), CachedLemmas)


def test_every_token_gets_the_same_annotations(pipelines):
    stock, fast = pipelines
    texts = _texts() * 2  # the second pass runs on remembered lemmas
    compared = 0
    for a, b in zip(stock.pipe(texts), fast.pipe(texts)):
        assert len(a) == len(b)
        for s, t in zip(a, b):
            assert [str(getattr(s, x)) for x in ATTRS] == [str(getattr(t, x)) for x in ATTRS], (s.text, s.sent.text)
            compared += 1
    assert compared > 3000


def test_the_rules_were_exercised(pipelines):
    """The comparison above means something only if rules of each kind fired on the texts."""
    _, fast = pipelines
    lookup = fast.get_pipe("attribute_ruler")
    assert len(lookup.rules.single) > 100 and lookup.rules.multi
    docs = list(fast.pipe(_texts()))
    assert sum(len(lookup._multi_hits(doc)) for doc in docs) >= 3  # two-token rules (y'all, gon|na, expletive "there is")
    fired = {rule.order for doc in docs for token in doc for rule in lookup._singles(token)[0]}
    assert len(fired) > 40  # the tag map and word exceptions


def test_a_ruler_it_cannot_compile_is_left_alone():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a"}, {"OP": "+"}]], {"LEMMA": "x"})
    assert compile_rules(ruler) is None
    assert not use_attribute_lookup(nlp)
    assert nlp.get_pipe("attribute_ruler") is ruler
