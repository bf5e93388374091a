"""The model's attribute ruler, compiled to dictionary lookups.

en_core_web_sm's `attribute_ruler` maps fine tags to POS and morphology and fixes a few words
(179 rules). spaCy runs it as a Matcher that tries every rule at every token: about 12 % of the
whole pipeline's time on news text. Every rule there is one or two tokens constrained by
TAG / LOWER / ORTH / DEP / IS_SPACE (equality, IN, NOT_IN, REGEX). What the one-token rules do to
a token depends only on its text, tag and dependency, so it is worked out once per distinct triple;
two-token rules are found through the lower form one of their tokens must have. The rules are
applied exactly as spaCy does (all matched against the tokens as they were before the ruler; later
rules win; spaCy's own attribute setter), so the annotations are the same: `tests/test_nlp.py`
compares every token's tag, POS, morphology, lemma and dependency with the stock pipeline.
`bench/bench_components.py` times each component of both pipelines.

A model whose ruler uses anything else (operators, other attributes, a two-token rule with no
fixed word) keeps spaCy's own ruler: `compile_rules` returns None and `use_attribute_lookup`
leaves the pipeline alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

# token attributes a rule may test, and how to read them from a Token
_GETTERS: dict[str, Callable[[Token], Any]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "ORTH": lambda t: t.text,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}


@dataclass(frozen=True, slots=True)
class _Test:
    """One attribute test of a token spec: equality, IN, NOT_IN or REGEX."""

    attr: str
    op: str  # "==", "IN", "NOT_IN", "REGEX"
    value: Any

    def __call__(self, token: Token) -> bool:
        got = _GETTERS[self.attr](token)
        if self.op == "==":
            return got == self.value
        if self.op == "IN":
            return got in self.value
        if self.op == "REGEX":  # as the Matcher does: re.search on the attribute's string
            return bool(self.value.search(got))
        return got not in self.value


@dataclass(frozen=True, slots=True)
class _Rule:
    order: int  # the rule's position in the ruler: later rules win
    specs: tuple[tuple[_Test, ...], ...]  # one tuple of tests per token of the pattern
    index: int  # which token of the match gets the attributes
    attrs: dict  # normalized attributes, as spaCy's ruler holds them


def _compile_spec(spec: dict) -> Optional[tuple[_Test, ...]]:
    tests = []
    for attr, value in spec.items():
        if attr not in _GETTERS:
            return None
        if isinstance(value, dict):
            if len(value) != 1 or next(iter(value)) not in ("IN", "NOT_IN", "REGEX"):
                return None
            op, items = next(iter(value.items()))
            tests.append(_Test(attr, op, re.compile(items) if op == "REGEX" else frozenset(items)))
        elif isinstance(value, (str, bool)):
            tests.append(_Test(attr, "==", value))
        else:
            return None
    return tuple(tests)


@dataclass(slots=True)
class CompiledRules:
    """Single-token rules (decided by a token's own text, tag and dependency), and multi-token rules
    indexed by the lower form (as a string-store hash) that one of their tokens must have."""

    single: list[_Rule]
    multi: dict[int, list[tuple[int, _Rule]]]  # lower hash → (position of that token in the rule, rule)


def _anchor(specs: tuple[tuple[_Test, ...], ...]) -> Optional[tuple[int, frozenset[str]]]:
    """A token position whose LOWER must be one of a few strings, to index a multi-token rule by."""
    for k, spec in enumerate(specs):
        for test in spec:
            if test.attr == "LOWER" and test.op == "==":
                return k, frozenset([test.value])
            if test.attr == "LOWER" and test.op == "IN":
                return k, test.value
    return None


def _compile_pattern(pattern: list[dict]) -> Optional[tuple[tuple[_Test, ...], ...]]:
    """One tuple of tests per token of a pattern, or None when a token's spec uses something unimplemented."""
    specs = []
    for spec in pattern:
        tests = _compile_spec(spec)
        if tests is None:
            return None
        specs.append(tests)
    return tuple(specs)


def compile_rules(ruler: AttributeRuler) -> Optional[CompiledRules]:
    """The ruler's rules as lookups, or None when a rule uses something this does not implement."""
    compiled = CompiledRules([], {})
    for order, pattern_list in enumerate(_patterns_by_rule(ruler)):
        attrs, index = ruler.attrs[order], ruler.indices[order]
        for pattern in pattern_list:
            specs = _compile_pattern(pattern)
            if not specs:
                return None
            size = len(specs)
            if not 0 <= (index if index >= 0 else size + index) < size:
                return None  # spaCy raises on such a rule at match time; keep its behaviour
            rule = _Rule(order, specs, index if index >= 0 else size + index, attrs)
            if size == 1:
                compiled.single.append(rule)
                continue
            anchor = _anchor(specs)
            if anchor is None:
                return None
            position, lowers = anchor
            for lower in lowers:
                compiled.multi.setdefault(ruler.vocab.strings.add(lower), []).append((position, rule))
    return compiled


def _patterns_by_rule(ruler: AttributeRuler) -> list[list[list[dict]]]:
    """The Matcher patterns of each rule, in the ruler's order (rule i has match key str(i))."""
    out = []
    for order in range(len(ruler.attrs)):
        key = ruler.vocab.strings[str(order)]
        _, patterns = ruler.matcher.get(key)
        out.append(patterns)
    return out


_CACHE_LIMIT = 500_000  # distinct (text, tag, dependency) triples remembered; cleared beyond that


class AttributeLookup:
    """A drop-in for the model's AttributeRuler that finds rules by lookup (same annotations).

    What the single-token rules do to a token depends only on its text, tag and dependency, so it is
    worked out once per distinct triple and remembered (the rules that matched, and their attributes
    merged in rule order, later rules winning, which is what applying them one by one does)."""

    def __init__(self, rules: CompiledRules):
        self.rules = rules
        self._cache: dict[tuple[int, int, int], tuple[tuple[_Rule, ...], dict]] = {}

    def _singles(self, token: Token) -> tuple[tuple[_Rule, ...], dict]:
        hits = tuple(rule for rule in self.rules.single if all(test(token) for test in rule.specs[0]))
        merged: dict = {}
        for rule in hits:
            merged.update(rule.attrs)
        return hits, merged

    def _multi_hits(self, doc: Doc) -> dict[int, list[tuple[int, int, _Rule]]]:
        """Target token → (rule order, match start, rule) of the multi-token rules that match."""
        index, n = self.rules.multi, len(doc)
        out: dict[int, list[tuple[int, int, _Rule]]] = {}
        if not index or not n:
            return out
        for j, lower in enumerate(doc.to_array(LOWER).tolist()):
            for position, rule in index.get(lower, ()):
                i, size = j - position, len(rule.specs)
                if i >= 0 and i + size <= n and all(all(test(doc[i + k]) for test in spec) for k, spec in enumerate(rule.specs)):
                    out.setdefault(i + rule.index, []).append((rule.order, i, rule))
        return out

    def __call__(self, doc: Doc) -> Doc:
        cache = self._cache
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        multi = self._multi_hits(doc)
        for token in doc:
            key = (token.orth, token.tag, token.dep)
            entry = cache.get(key)
            if entry is None:
                entry = cache[key] = self._singles(token)
            singles, merged = entry
            if token.i in multi:
                # spaCy's order: by rule, then by match start; each rule's attributes set in turn
                hits = sorted([(r.order, token.i, r) for r in singles] + multi[token.i], key=lambda h: (h[0], h[1]))
                for _, _, rule in hits:
                    set_token_attrs(token, rule.attrs)
            elif merged:
                set_token_attrs(token, merged)
        return doc


@Language.factory("muster_attribute_lookup")
def make_attribute_lookup(nlp: Language, name: str) -> AttributeLookup:
    """Placeholder until `use_attribute_lookup` compiles the model's ruler into it."""
    return AttributeLookup(CompiledRules([], {}))


def use_attribute_lookup(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Replace the model's attribute ruler by its compiled form; False (pipeline unchanged) if it can't."""
    ruler = nlp.get_pipe(name) if name in nlp.pipe_names else None
    if not isinstance(ruler, AttributeRuler):
        return False
    rules = compile_rules(ruler)
    if rules is None:
        return False
    nlp.replace_pipe(name, "muster_attribute_lookup")
    lookup = nlp.get_pipe(name)
    assert isinstance(lookup, AttributeLookup)  # just made by make_attribute_lookup
    lookup.rules = rules
    return True
