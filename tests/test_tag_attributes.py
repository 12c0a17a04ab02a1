"""The attribute ruler applied by lookup gives every token what spaCy's own ruler gives it."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from newsgraph.config import Settings
from newsgraph.nlp import load_model
from newsgraph.tag_attributes import AttributeLookup

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
# the packaged ruler's rarer patterns: two-token ones, expressions, "there is", possessive and reflexive pronouns
RARE = ("Y'all gon na see it, ain't it? Let's go. There is a man who said that he himself would've left, but "
        "c'mon, it's theirs. I'd gotta say those are ours, and this one's mine.")


def _attributes(doc: Doc) -> list[tuple[object, ...]]:
    return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_the_lookup_sets_what_the_packaged_ruler_sets() -> None:
    name = Settings().model
    stock = spacy.load(name, exclude=["lemmatizer"])
    ours = load_model(name)
    assert isinstance(ours.get_pipe("attribute_ruler"), AttributeLookup)
    assert not isinstance(stock.get_pipe("attribute_ruler"), AttributeLookup)
    texts = [RARE] + [p.read_text(encoding="utf-8", errors="replace")[:20000] for p in sorted(SAMPLES.glob("*.*"))
                      if p.suffix in (".txt", ".html")]
    compared = 0
    for theirs, mine in zip(stock.pipe(texts), ours.pipe(texts), strict=True):
        assert _attributes(mine) == _attributes(theirs)
        compared += len(mine)
    assert compared > 5000
    rare = ours(RARE)
    # what only the ruler sets: POS from the tag, a pronoun's lemma, a two-token pattern's lemma ("gon na" -> go)
    assert {t.lower_: t.lemma_ for t in rare}["gon"] == "go"
    assert {t.lower_: t.pos_ for t in rare if t.tag_ == "PRP"}["himself"] == "PRON"


def _ruler_and_lookup(patterns: list[dict]) -> tuple[spacy.language.Language, AttributeRuler, AttributeLookup]:
    nlp = spacy.blank("en")
    ruler = AttributeRuler(nlp.vocab)
    ruler.add_patterns(patterns)
    lookup = AttributeLookup(nlp.vocab)
    lookup.take(ruler)
    return nlp, ruler, lookup


@pytest.mark.parametrize("patterns", [
    # later patterns win over earlier ones; membership, exclusion, two tokens with an index past the first
    [{"patterns": [[{"LOWER": {"IN": ["red", "blue"]}}]], "attrs": {"POS": "ADJ"}},
     {"patterns": [[{"LOWER": "blue"}]], "attrs": {"POS": "NOUN"}},
     {"patterns": [[{"LOWER": "big"}, {"LOWER": {"REGEX": "^r"}}]], "attrs": {"LEMMA": "rouge"}, "index": -1},
     {"patterns": [[{"LOWER": {"NOT_IN": ["a"]}, "IS_SPACE": False}]], "attrs": {"MORPH": "Foo=Yes"}}],
    # operators are not the lookup's: such a pattern goes to spaCy's Matcher, in its place among the others
    [{"patterns": [[{"LOWER": "very", "OP": "+"}, {"LOWER": "big"}]], "attrs": {"LEMMA": "huge"}, "index": -1},
     {"patterns": [[{"LOWER": "big"}]], "attrs": {"POS": "ADJ"}}],
])
def test_the_lookup_keeps_the_rulers_order_and_forms(patterns: list[dict]) -> None:
    nlp, ruler, lookup = _ruler_and_lookup(patterns)
    text = "a big red dog and a very very big blue car"
    expected, got = ruler(nlp(text)), lookup(nlp(text))
    assert _attributes(got) == _attributes(expected)
    assert any(t.pos_ or t.lemma_ for t in got)
