"""The pipeline's attribute ruler (fine tag -> POS and morphology, pronoun lemmas) applied by table lookup.

spaCy's AttributeRuler runs a token Matcher over all its 179 patterns for every token: on the benchmark's 80
pages it took 1.5 s of spaCy's 12.2 s. Its patterns test a token's TAG, LOWER, DEP or IS_SPACE for equality,
membership or a regular expression, a few over two tokens. Such a test depends only on a token's tag, dependency,
whether it is a space, and which of the patterns' words and expressions its lower case meets: that "signature"
is computed once per distinct word in a document, and which patterns it meets once per signature. Matches apply
in the ruler's order, later patterns over earlier ones, as the ruler does, so every token gets the same
attributes (a test compares them on real text). A pattern of any other form stays with spaCy's Matcher.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

FACTORY = "newsgraph_attribute_lookup"
TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")  # in the order of `doc.to_array` below
Signature = tuple[int, int, int, int]  # tag, lower-case class, dependency, is_space
Setting = tuple[int, dict[int, int]]  # (pattern number, attributes by id)


class _Test:
    """One token of a pattern: per tested attribute, the hashes it must be among (True) or not among (False), and
    an expression LOWER must meet."""

    def __init__(self, allowed: dict[str, tuple[frozenset[int], bool]], expression: re.Pattern[str] | None) -> None:
        self.allowed = allowed
        self.expression = expression


class AttributeLookup:
    """A drop-in for the pipeline's `attribute_ruler`, loaded from it with `take`."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.patterns: list[tuple[list[_Test], int, Setting]] = []  # tokens, the index set, what it sets
        self.rest = Matcher(vocab)
        self.rest_settings: dict[int, tuple[dict[int, int], int]] = {}
        self.written: list[int | str] = []  # the attributes the patterns set, written back with `doc.from_array`
        self.words: set[int] = set()  # lower-case words some pattern names
        self.expressions: list[re.Pattern[str]] = []
        self.first: dict[Signature, list[int]] = {}  # per signature, the patterns whose first token it meets
        self.meets: dict[tuple[Signature, int, int], bool] = {}

    def take(self, ruler: AttributeRuler) -> None:
        """Read the ruler's patterns; one the lookup cannot test goes to a Matcher of its own."""
        for number, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices, strict=True)):
            _, patterns = ruler.matcher.get(str(number))
            for pattern in patterns:
                tests = [self._test(token) for token in pattern]
                known = [t for t in tests if t is not None]
                if len(known) == len(tests) and -len(tests) <= index < len(tests):
                    self.patterns.append((known, index % len(tests), (number, dict(attrs))))
                else:
                    self.rest.add(str(number), [pattern])
                    self.rest_settings[number] = (dict(attrs), index)
        self.written = sorted({attr for attrs in ruler.attrs for attr in attrs})
        self.first.clear()
        self.meets.clear()

    def _test(self, token: dict[str, Any]) -> _Test | None:
        if not set(token) <= set(TESTED):
            return None
        allowed: dict[str, tuple[frozenset[int], bool]] = {}
        expression = None
        for name, spec in token.items():
            if isinstance(spec, dict) and set(spec) == {"REGEX"} and name == "LOWER":
                expression = re.compile(spec["REGEX"])
                self.expressions.append(expression)
                continue
            among = True
            if isinstance(spec, dict):
                if len(spec) != 1 or next(iter(spec)) not in ("IN", "NOT_IN"):
                    return None
                among = "IN" in spec
                spec = next(iter(spec.values()))
                if not isinstance(spec, list) or (name == "LOWER" and not among):
                    return None  # the signature keeps only the words patterns name: "not one of them" is unknown
            options = spec if isinstance(spec, list) else [spec]
            if name == "IS_SPACE":
                if not all(isinstance(o, bool) for o in options):
                    return None
                allowed[name] = (frozenset(int(o) for o in options), among)
                continue
            if not all(isinstance(o, str) for o in options):
                return None
            allowed[name] = (frozenset(self.vocab.strings.add(o) for o in options), among)
            if name == "LOWER":
                self.words |= allowed[name][0]
        return _Test(allowed, expression)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or not self.written:
            return doc
        signatures = self._signatures(doc)
        found: dict[int, list[Setting]] = {}
        for start, signature in enumerate(signatures):
            for number in self._first(signature):
                tests, index, setting = self.patterns[number]
                end = start + len(tests)
                if end <= len(signatures) and all(self._meets(signatures[start + k], number, k)
                                                  for k in range(1, len(tests))):
                    found.setdefault(start + index, []).append(setting)
        if self.rest_settings:
            for match_id, start, end in self.rest(doc, allow_missing=True):
                number = int(self.vocab.strings[match_id])
                attrs, index = self.rest_settings[number]
                found.setdefault(range(start, end)[index], []).append((number, attrs))
        values: np.ndarray = doc.to_array(self.written)
        column = {attr: c for c, attr in enumerate(self.written)}
        for i, settings in found.items():
            for _, attrs in sorted(settings, key=lambda setting: setting[0]):
                for attr, value in attrs.items():
                    values[i, column[attr]] = value
        doc.from_array(self.written, values)  # type: ignore[arg-type]  # uint64, as to_array gave it
        return doc

    def _signatures(self, doc: Doc) -> list[Signature]:
        """Each token's signature: its lower case is kept only when a pattern names it, and its class among the
        patterns' expressions is added (computed once per distinct word of the document)."""
        keys: np.ndarray = doc.to_array(list(TESTED))
        lowers = keys[:, 1]
        distinct, where = np.unique(lowers, return_inverse=True)
        own = np.array([self._lower_class(int(h)) for h in distinct.tolist()], dtype=np.uint64)
        keys[:, 1] = own[where.reshape(-1)]
        return [(tag, lower, dep, space) for tag, lower, dep, space in keys.tolist()]

    def _lower_class(self, lower: int) -> int:
        """The word's hash when a pattern names it, else an odd small number whose other bits say which of the
        patterns' expressions it meets (0: none); hashes of real words are not that small."""
        if lower in self.words:
            return lower
        if not self.expressions:
            return 0
        text = self.vocab.strings[lower]
        bits = sum(1 << n for n, e in enumerate(self.expressions) if e.search(text))
        return (bits << 1) | 1 if bits else 0  # an odd small number stands for the expressions met

    def _first(self, signature: Signature) -> list[int]:
        found = self.first.get(signature)
        if found is None:
            found = self.first[signature] = [n for n in range(len(self.patterns)) if self._meets(signature, n, 0)]
        return found

    def _meets(self, signature: Signature, number: int, position: int) -> bool:
        key = (signature, number, position)
        known = self.meets.get(key)
        if known is None:
            known = self.meets[key] = self._evaluate(signature, self.patterns[number][0][position])
        return known

    def _evaluate(self, signature: Signature, test: _Test) -> bool:
        tag, lower, dep, space = signature
        values = {"TAG": tag, "LOWER": lower, "DEP": dep, "IS_SPACE": space}
        if any((values[name] in allowed) != among for name, (allowed, among) in test.allowed.items()):
            return False
        if test.expression is None:
            return True
        n = self.expressions.index(test.expression)
        text = self.vocab.strings[lower] if lower in self.words else None
        if text is not None:
            return test.expression.search(text) is not None
        return bool(lower & 1) and bool((lower >> 1) >> n & 1)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@Language.factory(FACTORY)
def make_lookup(nlp: Language, name: str) -> AttributeLookup:
    return AttributeLookup(nlp.vocab)


def speed_up(nlp: Language) -> None:
    """Replace the pipeline's attribute ruler, when it has one, by the lookup of the same patterns."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        return
    nlp.replace_pipe("attribute_ruler", FACTORY)
    lookup = nlp.get_pipe("attribute_ruler")
    assert isinstance(lookup, AttributeLookup)
    lookup.take(ruler)
