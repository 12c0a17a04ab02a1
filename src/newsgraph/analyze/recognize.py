"""The trained recognizer: the small pipeline's names, corrected word by word by a model trained on CoNLL-2003.

spaCy's small pipeline finds most names but misreads many kinds (a city heading a sports result is a team, an
agency's acronym a person) and cuts others short. For every word of a sentence, a multinomial logistic regression
reads the pipeline's own verdict (its entity label and whether the word begins or continues a name), the word
and its neighbours (form, shape, affixes, part of speech), whether the text writes the word in lower case
elsewhere, whether the word names a country, and the pipeline's 96-number context vector; it gives the word a
CoNLL tag (B- or I- of PER, ORG, LOC, MISC, or O). The best sequence of tags in which no name begins with I- is
decoded per sentence, and each name takes back a contract type: the pipeline's own when it agrees, else the
type its CoNLL kind and the actor dictionary imply. Trained by `tools/train_recognizer.py`
(`make train-recognizer`) on `eng.train`; weights in `newsgraph/data/recognizer.npz`, loaded once per process.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

from newsgraph.analyze.actor_dictionary import ActorDictionary
from newsgraph.analyze.event_model import EventModel, EventModelError
from newsgraph.analyze.gazetteer import Gazetteer
from newsgraph.analyze.mentions import RawMention, trim
from newsgraph.analyze.place_cues import variants
from newsgraph.nlp import context_vectors

log = logging.getLogger(__name__)
KINDS = ("PER", "ORG", "LOC", "MISC")
LABELS = ["O"] + [f"{edge}-{kind}" for kind in KINDS for edge in "BI"]
# The contract's types folded onto CoNLL's four (as `evaluate ner` scores them).
CONLL_KIND = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "PRODUCT": "MISC", "LAW": "MISC", "WORK_OF_ART": "MISC", "LANGUAGE": "MISC",
}
_SHAPE_RUNS = re.compile(r"(.)\1{2,}")
# Suffixes of nationality and people words ("Kenyan", "Danish", "Sudanese", "Iraqi").
_DEMONYM = re.compile(r"(an|ans|ish|ese|i|is|ic|ch)$")


@functools.lru_cache(maxsize=65536)
def shape(word: str) -> str:
    """Xxxx for "Leeds", XX for "UN", dd-dd for "3-1": character classes with runs cut at two."""
    classes = "".join("X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in word)
    return _SHAPE_RUNS.sub(r"\1\1", classes)


def sequences(doc: Doc) -> list[list[Token]]:
    """The words of each sentence, split where a line breaks (a name never runs across a line)."""
    out: list[list[Token]] = []
    for sentence in doc.sents:
        current: list[Token] = []
        for token in sentence:
            if token.is_space:
                if "\n" in token.text and current:
                    out.append(current)
                    current = []
                continue
            current.append(token)
            if "\n" in token.whitespace_ and current:
                out.append(current)
                current = []
        if current:
            out.append(current)
    return out


def word_tags(tokens: list[Token], spans: list[RawMention]) -> list[tuple[str, str]]:
    """The pipeline's verdict on each word: (B, I or O; contract type) from the mentions it found."""
    tags = [("O", "")] * len(tokens)
    ordered = sorted(spans, key=lambda s: s.start)
    index = 0
    for position, token in enumerate(tokens):
        while index < len(ordered) and ordered[index].end <= token.idx:
            index += 1
        if index < len(ordered) and ordered[index].start <= token.idx:
            span = ordered[index]
            inside = position > 0 and tokens[position - 1].idx >= span.start
            tags[position] = ("I" if inside else "B", span.label)
    return tags


def features(tokens: list[Token], tags: list[tuple[str, str]], lower_words: frozenset[str],
             dictionary: ActorDictionary) -> list[list[str]]:
    """Feature strings of each word of one sequence."""
    forms = [t.text for t in tokens]
    lowers = [f.lower() for f in forms]
    shapes = [shape(f) for f in forms]
    verdicts = [f"{edge}-{CONLL_KIND.get(label, label)}" if edge != "O" else "O" for edge, label in tags]
    out: list[list[str]] = []
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        low, form = lowers[i], forms[i]
        edge, label = tags[i]
        row = [f"w={low}", f"s={shapes[i]}", f"p3={low[:3]}", f"x3={low[-3:]}", f"t={token.tag_}",
               f"v={verdicts[i]}", f"vl={edge}-{label}", f"v+s={verdicts[i]}|{shapes[i]}",
               f"v+w={verdicts[i]}|{low}", f"pv={verdicts[i - 1] if i else '<s>'}|{verdicts[i]}",
               f"nv={verdicts[i]}|{verdicts[i + 1] if i < last else '</s>'}"]
        if i == 0:
            row.append("first")
        if form[:1].isupper() and low in lower_words:
            row.append("lower-elsewhere")
        if form[:1].isupper() and len(form) > 1 and dictionary.country(form):
            row.append("country-word")
            if _DEMONYM.search(low):
                row.append("demonym-like")
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j <= last:
                row.append(f"w{offset}={lowers[j]}")
                if abs(offset) == 1:
                    row.append(f"s{offset}={shapes[j]}")
                    row.append(f"t{offset}={tokens[j].tag_}")
            else:
                row.append(f"w{offset}=<edge>")
        if i and i < last:
            row.append(f"w-1+w1={lowers[i - 1]}|{lowers[i + 1]}")
        out.append(row)
    return out


def lower_words(doc: Doc) -> frozenset[str]:
    """Words the text writes in lower case somewhere: a capital elsewhere is then only the sentence's."""
    return frozenset(t.text for t in doc if t.text.islower())


def decode(probabilities: np.ndarray, labels: list[str]) -> list[str]:
    """The likeliest tag sequence in which an I- tag follows a B- or I- tag of its kind (Viterbi)."""
    best = [labels[k] for k in probabilities.argmax(axis=1)]
    if all(not tag.startswith("I-") or (i and best[i - 1][2:] == tag[2:]) for i, tag in enumerate(best)):
        return best  # the likeliest tag of each word already makes a valid sequence
    logp = np.log(np.maximum(probabilities, 1e-9))
    size = len(labels)
    allowed = np.zeros((size, size), dtype=np.float32)  # from row to column
    for to, label in enumerate(labels):
        if label.startswith("I-"):
            for frm, previous in enumerate(labels):
                if previous[2:] != label[2:]:
                    allowed[frm, to] = -1e9
    starts = np.array([-1e9 if label.startswith("I-") else 0.0 for label in labels], dtype=np.float32)
    score = logp[0] + starts
    back = np.zeros((len(logp), size), dtype=np.int64)
    for i in range(1, len(logp)):
        total = score[:, None] + allowed
        back[i] = total.argmax(axis=0)
        score = total.max(axis=0) + logp[i]
    path = [int(score.argmax())]
    for i in range(len(logp) - 1, 0, -1):
        path.append(int(back[i][path[-1]]))
    return [labels[k] for k in reversed(path)]


def word_rows(doc: Doc, spans: list[RawMention], dictionary: ActorDictionary
              ) -> tuple[list[list[Token]], list[list[str]], np.ndarray]:
    """The document's word sequences, every word's features and context vectors (what training reads too)."""
    groups = sequences(doc)
    lowered = lower_words(doc)
    rows: list[list[str]] = []
    for tokens in groups:
        rows.extend(features(tokens, word_tags(tokens, spans), lowered, dictionary))
    return groups, rows, context_vectors(doc, [t.i for tokens in groups for t in tokens])


class Recognizer:
    """Corrects the pipeline's mentions with the trained model; `None` from `packaged()` when it is missing."""

    def __init__(self, model: EventModel, dictionary: ActorDictionary,
                 known_place: Callable[[str], bool] | None = None) -> None:
        self.model = model
        self.dictionary = dictionary
        self.known_place = known_place

    @staticmethod
    def packaged(dictionary: ActorDictionary, known_place: Callable[[str], bool] | None = None) -> Recognizer | None:
        model = _packaged()
        return Recognizer(model, dictionary, known_place) if model is not None else None

    def __call__(self, doc: Doc, text: str, spans: list[RawMention]) -> list[RawMention]:
        groups, rows, vectors = word_rows(doc, spans, self.dictionary)
        if not rows:
            return spans
        probabilities = self.probabilities(rows, vectors)
        out: list[RawMention] = []
        at = 0
        for tokens in groups:
            tags = decode(probabilities[at:at + len(tokens)], self.model.labels)
            at += len(tokens)
            out.extend(self._mentions(tokens, tags, text, spans))
        return self._keep_places(out, spans) if self.known_place is not None else out

    def _keep_places(self, found: list[RawMention], spans: list[RawMention]) -> list[RawMention]:
        """A name the pipeline reads as a place that the gazetteer knows as a country, state or town ("Northeast
        Texas" with its direction word dropped) stays that place (unless the recognizer reads a place there too).

        CoNLL's Reuters teach that a town's name is often its sports club ("Leeds beat Chelsea"); in other news it
        is the town (a county, a city the training text never names). Sports tables are told apart later
        (`EntityStage._teams`)."""
        assert self.known_place is not None
        kept = [p for p in spans if p.label in ("GPE", "LOC")
                and all(f.label not in ("GPE", "LOC") for f in found if f.start < p.end and p.start < f.end)
                and any(map(self.known_place, variants(p.text)))]
        if not kept:
            return found
        out = [f for f in found if not any(f.start < p.end and p.start < f.end for p in kept)]
        return sorted(out + kept, key=lambda m: m.start)

    def probabilities(self, rows: list[list[str]], vectors: np.ndarray) -> np.ndarray:
        """Tag probabilities of every word (softmax), the feature weights summed for all words at once."""
        vocabulary = self.model.vocabulary
        found = [[vocabulary[f] for f in names if f in vocabulary] for names in rows]
        counts = np.array([len(ids) for ids in found])
        flat = np.fromiter((i for ids in found for i in ids), dtype=np.int64, count=int(counts.sum()))
        scores = np.zeros((len(rows), len(self.model.labels)), dtype=np.float32)
        np.add.at(scores, np.repeat(np.arange(len(rows)), counts), self.model.sparse[flat])
        scores += self.model.bias
        if vectors.shape[1] == self.model.dense.shape[0]:
            scores += ((vectors - self.model.mean) / self.model.scale) @ self.model.dense
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        probabilities: np.ndarray = scores / scores.sum(axis=1, keepdims=True)
        return probabilities

    def _mentions(self, tokens: list[Token], tags: list[str], text: str,
                  spans: list[RawMention]) -> list[RawMention]:
        out: list[RawMention] = []
        begin: int | None = None
        for i, tag in enumerate(tags + ["O"]):
            if begin is not None and not tag.startswith("I-"):
                kind = tags[begin][2:]
                start, end = tokens[begin].idx, tokens[i - 1].idx + len(tokens[i - 1].text)
                mention = trim(text, start, end, self._label(text[start:end], kind, start, end, spans))
                if mention and any(c.isalpha() for c in mention.text):
                    out.append(mention)
                begin = None
            if tag.startswith("B-"):
                begin = i
        return out

    def _label(self, name: str, kind: str, start: int, end: int, spans: list[RawMention]) -> str:
        """The contract type of a name of CoNLL `kind`: the pipeline's, when its overlapping mention agrees."""
        agreeing = [s.label for s in spans if s.start < end and start < s.end and CONLL_KIND.get(s.label) == kind]
        if agreeing:
            return agreeing[0]
        if kind == "PER":
            return "PERSON"
        if kind == "ORG":
            return "ORG"
        if kind == "LOC":
            return "GPE" if self.dictionary.country(name) or self.dictionary.city_country(name) else "LOC"
        return "NORP" if self.dictionary.country(name) or _DEMONYM.search(name.lower()) else "EVENT"


def gazetteer_places(gazetteer: Gazetteer) -> Callable[[str], bool]:
    """Whether a name is a country, an administrative division or a populated place in the gazetteer."""
    def known(name: str) -> bool:
        return any(place.feature_class in ("A", "P") for place, _ in gazetteer.lookup(name))
    return known


@functools.lru_cache(maxsize=1)
def _packaged() -> EventModel | None:
    path = Path(str(resources.files("newsgraph") / "data" / "recognizer.npz"))
    if not path.exists():
        log.warning("%s is missing: names are the small pipeline's alone; reinstall newsgraph or run "
                    "'make train-recognizer'", path)
        return None
    try:
        return EventModel.load(path)
    except EventModelError as exc:
        log.warning("%s", exc)
        return None
