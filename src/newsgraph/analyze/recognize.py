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
import string
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import NamedTuple

import numpy as np
from spacy.tokens import Doc

from newsgraph.analyze import name_bounds
from newsgraph.analyze.actor_dictionary import ActorDictionary
from newsgraph.analyze.event_model import EventModel, EventModelError
from newsgraph.analyze.gazetteer import Gazetteer
from newsgraph.analyze.mentions import RawMention, trim
from newsgraph.analyze.name_bounds import CONLL_KIND
from newsgraph.nlp import context_vectors

log = logging.getLogger(__name__)
KINDS = ("PER", "ORG", "LOC", "MISC")
LABELS = ["O"] + [f"{edge}-{kind}" for kind in KINDS for edge in "BI"]
_SHAPE_RUNS = re.compile(r"(.)\1{2,}")
# `shape`'s classes of the ASCII letters and digits (what isupper, islower and isdigit say of them)
_ASCII_CLASSES = str.maketrans(string.ascii_uppercase + string.ascii_lowercase + string.digits,
                               "X" * 26 + "x" * 26 + "d" * 10)
# Suffixes of nationality and people words ("Kenyan", "Danish", "Sudanese", "Iraqi").
_DEMONYM = re.compile(r"(an|ans|ish|ese|i|is|ic|ch)$")
# One capitalized word in the plural ("Democrats", "Islamists", "Tamils"): CoNLL's MISC of such a word is a group.
_PLURAL = re.compile(r"[A-Z][a-z]+[^s]s")
# The most words times sequences `viterbi` decodes side by side (its back pointers take 72 bytes a word).
_VITERBI_CELLS = 65536


@functools.lru_cache(maxsize=65536)
def shape(word: str) -> str:
    """Xxxx for "Leeds", XX for "UN", dd-dd for "3-1": character classes with runs cut at two."""
    if word.isascii():
        classes = word.translate(_ASCII_CLASSES)
    else:
        classes = "".join("X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in word)
    return _SHAPE_RUNS.sub(r"\1\1", classes)


@dataclass
class Words:
    """A document's words as the recognizer reads them: flat lists, one entry a word, cut into `bounds`
    (each sequence's first and past-last entry)."""

    positions: list[int]  # the word's token index in the doc
    starts: list[int]  # its character offset
    forms: list[str]
    pos: list[str]  # its fine-grained part of speech (`Token.tag_`)
    bounds: list[tuple[int, int]]
    lowercase: frozenset[str]  # the forms the text writes in lower case somewhere


def words(doc: Doc) -> Words:
    """The words of each sentence, split where a line breaks (a name never runs across a line): space tokens are
    left out, a space token holding a line break ends the sequence.

    The tokens' attributes are read once as arrays (`Doc.to_array`), each distinct string looked up once: making
    a spaCy `Token` per word (as iterating the doc or reading `Doc.text` does) costs more than its features."""
    if not len(doc):
        return Words([], [], [], [], [], frozenset())
    orth, tag, idx, space = doc.to_array(["ORTH", "TAG", "IDX", "IS_SPACE"]).T
    orths = orth.tolist()
    strings = doc.vocab.strings
    text_of = {h: strings[h] for h in set(orths)}
    # a sequence begins at each sentence and after each space token holding a line break
    opens = np.zeros(len(orths), dtype=np.int64)
    opens[[sentence.start for sentence in doc.sents]] = 1
    spaces = np.flatnonzero(space)
    opens[[at for at in spaces.tolist() if "\n" in text_of[orths[at]]]] = 1
    kept = np.flatnonzero(space == 0)
    sequence = np.cumsum(opens)[kept]
    begins = np.flatnonzero(np.diff(sequence, prepend=-1)).tolist()
    tag_of = {h: strings[h] for h in set(tag.tolist())}
    return Words(kept.tolist(), idx[kept].tolist(), [text_of[h] for h in orth[kept].tolist()],
                 [tag_of[h] for h in tag[kept].tolist()], list(zip(begins, [*begins[1:], len(kept)], strict=True)),
                 frozenset(form for form in text_of.values() if form.islower()))


def word_tags(starts: list[int], spans: list[RawMention], bounds: list[tuple[int, int]] | None = None
              ) -> list[tuple[str, str]]:
    """The pipeline's verdict on each word (given by the words' character offsets, in order): (B, I or O; contract
    type) from the mentions it found. `bounds` cut the words into sequences (all one when not given): a name
    never runs on into a sequence from the one before."""
    tags = [("O", "")] * len(starts)
    opening = {begin for begin, _ in bounds} if bounds is not None else {0}
    ordered = sorted(spans, key=lambda s: s.start)
    index = 0
    for position, start in enumerate(starts):
        while index < len(ordered) and ordered[index].end <= start:
            index += 1
        if index < len(ordered) and ordered[index].start <= start:
            span = ordered[index]
            inside = position not in opening and starts[position - 1] >= span.start
            tags[position] = ("I" if inside else "B", span.label)
    return tags


# A word's features in the order `features` gives them; `Recognizer.feature_ids` fills one column each.
SLOTS = ("w", "s", "p3", "x3", "t", "v", "vl", "v+s", "v+w", "pv", "nv", "first", "lower-elsewhere", "country-word",
         "demonym-like", "w-2", "w-1", "s-1", "t-1", "w1", "s1", "t1", "w2", "w-1+w1")
_COLUMN = {name: column for column, name in enumerate(SLOTS)}
# The columns of `Recognizer._ids_of_form`: what a form gives itself and its neighbours, and itself outside a name.
_FORM_COLUMN = {name: column for column, name in enumerate(
    ("w", "s", "p3", "x3", "w-2", "w-1", "s-1", "w1", "s1", "w2", "v+s", "v+w", "country-word", "demonym-like"))}


class _Form(NamedTuple):
    """The features a word form gives itself and its neighbours, made once per form (see `features`)."""

    low: str
    shape: str
    own: tuple[str, str, str, str]  # w=, s=, p3=, x3=
    two_before: str  # w-2=, on the word two after this one
    before: tuple[str, str]  # w-1=, s-1=, on the next word
    after: tuple[str, str]  # w1=, s1=, on the word before
    two_after: str  # w2=


@functools.lru_cache(maxsize=8192)
def _form(form: str) -> _Form:
    low, kind = form.lower(), shape(form)
    return _Form(low, kind, (f"w={low}", f"s={kind}", f"p3={low[:3]}", f"x3={low[-3:]}"), f"w-2={low}",
                 (f"w-1={low}", f"s-1={kind}"), (f"w1={low}", f"s1={kind}"), f"w2={low}")


@functools.lru_cache(maxsize=1024)
def _pos(tag: str) -> tuple[str, str, str]:
    return f"t={tag}", f"t-1={tag}", f"t1={tag}"


@functools.lru_cache(maxsize=1024)
def _verdict(edge: str, label: str) -> tuple[str, str, str]:
    """The pipeline's verdict in CoNLL's kinds ("B-LOC" for a B GPE), and its features v= and vl=."""
    verdict = f"{edge}-{CONLL_KIND.get(label, label)}" if edge != "O" else "O"
    return verdict, f"v={verdict}", f"vl={edge}-{label}"


def _country(form: str, low: str, dictionary: ActorDictionary) -> tuple[bool, bool]:
    """Whether a form is a capitalized country word, and whether it also ends like a demonym."""
    country = form[:1].isupper() and len(form) > 1 and bool(dictionary.country(form))
    return country, country and _DEMONYM.search(low) is not None


def _flags(form: str, low: str, lower_words: frozenset[str], dictionary: ActorDictionary) -> tuple[str, ...]:
    """What a capitalized form says beyond itself: written in lower case elsewhere, a country word, a demonym."""
    out = ["lower-elsewhere"] if form[:1].isupper() and low in lower_words else []
    country, demonym = _country(form, low, dictionary)
    if country:
        out.append("country-word")
    if demonym:
        out.append("demonym-like")
    return tuple(out)


def features(forms: list[str], pos: list[str], tags: list[tuple[str, str]], lower_words: frozenset[str],
             dictionary: ActorDictionary, flags: dict[str, tuple[str, ...]] | None = None) -> list[list[str]]:
    """Feature strings of each word of one sequence (its forms, parts of speech and the pipeline's `word_tags`).

    The strings a form gives are made once (`_form`), and `flags` keeps what `_flags` said of each form for the
    document: the same strings in the same order as formatting each feature for each word."""
    flags = {} if flags is None else flags
    info = [_form(f) for f in forms]
    marks = [_pos(p) for p in pos]
    verdicts = [_verdict(edge, label) for edge, label in tags]
    out: list[list[str]] = []
    last = len(forms) - 1
    for i, form in enumerate(forms):
        me = info[i]
        verdict, v, vl = verdicts[i]
        row = [*me.own, marks[i][0], v, vl, f"v+s={verdict}|{me.shape}", f"v+w={verdict}|{me.low}",
               f"pv={verdicts[i - 1][0] if i else '<s>'}|{verdict}",
               f"nv={verdict}|{verdicts[i + 1][0] if i < last else '</s>'}"]
        if i == 0:
            row.append("first")
        said = flags.get(form)
        if said is None:
            said = flags[form] = _flags(form, me.low, lower_words, dictionary)
        row.extend(said)
        row.append(info[i - 2].two_before if i >= 2 else "w-2=<edge>")
        if i:
            row.extend(info[i - 1].before)
            row.append(marks[i - 1][1])
        else:
            row.append("w-1=<edge>")
        if i < last:
            row.extend(info[i + 1].after)
            row.append(marks[i + 1][2])
        else:
            row.append("w1=<edge>")
        row.append(info[i + 2].two_after if i + 2 <= last else "w2=<edge>")
        if i and i < last:
            row.append(f"w-1+w1={info[i - 1].low}|{info[i + 1].low}")
        out.append(row)
    return out


def valid(tags: list[str]) -> bool:
    """Whether every I- tag follows a B- or I- tag of its kind."""
    return all(not tag.startswith("I-") or (i and tags[i - 1][2:] == tag[2:]) for i, tag in enumerate(tags))


@functools.lru_cache(maxsize=8)
def _transitions(labels: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """What `decode` adds for a tag following another (row to column) and for a tag opening the sequence: -1e9
    where an I- tag would not continue a name of its kind."""
    size = len(labels)
    allowed = np.zeros((size, size), dtype=np.float32)  # from row to column
    for to, label in enumerate(labels):
        if label.startswith("I-"):
            for frm, previous in enumerate(labels):
                if previous[2:] != label[2:]:
                    allowed[frm, to] = -1e9
    starts = np.array([-1e9 if label.startswith("I-") else 0.0 for label in labels], dtype=np.float32)
    allowed.flags.writeable = starts.flags.writeable = False
    return allowed, starts


def decode(probabilities: np.ndarray, labels: list[str]) -> list[str]:
    """The likeliest tag sequence in which an I- tag follows a B- or I- tag of its kind (Viterbi)."""
    best = [labels[k] for k in probabilities.argmax(axis=1)]
    if valid(best):
        return best  # the likeliest tag of each word already makes a valid sequence
    return [labels[k] for k in viterbi([np.log(np.maximum(probabilities, 1e-9))], labels)[0]]


def viterbi(logps: list[np.ndarray], labels: list[str]) -> list[list[int]]:
    """The best tag sequence (numbers of `labels`) of each sequence of log probabilities in which an I- tag
    follows a B- or I- tag of its kind; sequences of like length are decoded side by side (`_viterbi`)."""
    paths: list[list[int]] = [[] for _ in logps]
    batch: list[int] = []
    for row in sorted(range(len(logps)), key=lambda row: len(logps[row])):
        if batch and (len(batch) + 1) * len(logps[row]) > _VITERBI_CELLS:
            for at, path in zip(batch, _viterbi([logps[at] for at in batch], labels), strict=True):
                paths[at] = path
            batch = []
        batch.append(row)
    if batch:
        for at, path in zip(batch, _viterbi([logps[at] for at in batch], labels), strict=True):
            paths[at] = path
    return paths


def _viterbi(logps: list[np.ndarray], labels: list[str]) -> list[list[int]]:
    """`viterbi` of sequences taken side by side, each sequence's arithmetic that of decoding it alone."""
    allowed, starts = _transitions(tuple(labels))
    lengths = [len(logp) for logp in logps]
    longest = max(lengths)
    steps = np.zeros((len(logps), longest, len(labels)), dtype=np.result_type(*logps))
    for row, logp in enumerate(logps):
        steps[row, :len(logp)] = logp
    ending: dict[int, list[int]] = {}  # the sequences whose last word is at each step
    for row, length in enumerate(lengths):
        ending.setdefault(length - 1, []).append(row)
    score = steps[:, 0] + starts
    last = score.copy()
    back = np.zeros((len(logps), longest, len(labels)), dtype=np.int64)
    for i in range(1, longest):
        total = score[:, :, None] + allowed  # sequence, from, to
        back[:, i] = total.argmax(axis=1)
        score = total.max(axis=1) + steps[:, i]
        if i in ending:
            last[ending[i]] = score[ending[i]]
    paths: list[list[int]] = []
    for row, length in enumerate(lengths):
        path = [int(last[row].argmax())]
        for i in range(length - 1, 0, -1):
            path.append(int(back[row, i, path[-1]]))
        paths.append(path[::-1])
    return paths


def word_rows(doc: Doc, spans: list[RawMention], dictionary: ActorDictionary
              ) -> tuple[Words, list[list[str]], np.ndarray]:
    """The document's words, every word's features and context vectors (what training reads too)."""
    found = words(doc)
    flags: dict[str, tuple[str, ...]] = {}
    tags = word_tags(found.starts, spans, found.bounds)
    rows: list[list[str]] = []
    for begin, end in found.bounds:
        rows.extend(features(found.forms[begin:end], found.pos[begin:end], tags[begin:end], found.lowercase, dictionary,
                             flags))
    return found, rows, context_vectors(doc, found.positions)


class Recognizer:
    """Corrects the pipeline's mentions with the trained model; `None` from `packaged()` when it is missing."""

    def __init__(self, model: EventModel, dictionary: ActorDictionary,
                 known_place: Callable[[str], bool] | None = None) -> None:
        self.model = model
        self.dictionary = dictionary
        self.known_place = known_place
        # the feature weights and a row of zeros at -1, where a word has no feature of a column
        self._weights = np.vstack([model.sparse, np.zeros((1, model.sparse.shape[1]), dtype=model.sparse.dtype)])
        self._form_ids = functools.lru_cache(maxsize=32768)(self._ids_of_form)

    @staticmethod
    def packaged(dictionary: ActorDictionary, known_place: Callable[[str], bool] | None = None) -> Recognizer | None:
        model = _packaged()
        return Recognizer(model, dictionary, known_place) if model is not None else None

    def __call__(self, doc: Doc, text: str, spans: list[RawMention]) -> list[RawMention]:
        found = words(doc)
        if not found.forms:
            return spans
        ids = self.feature_ids(found, spans)
        probabilities = self.probabilities(ids, context_vectors(doc, found.positions))
        out = name_bounds.keep_joined(self._names(found, probabilities, text, spans), spans, text, self.known_place)
        out = name_bounds.surnames(out, spans)
        out = name_bounds.unintroduced_people(out, spans, text, self.dictionary)
        out = name_bounds.keep_whole(out, spans, text, self.dictionary, self.known_place)
        out = name_bounds.title_modifiers(out, spans, text, self.dictionary)
        out = name_bounds.slashed_acronyms(out, text)
        out = name_bounds.quoted_titles(out, spans, text)
        out = name_bounds.whole_names_elsewhere(out, spans, text)
        out = name_bounds.pipeline_on_title_lines(out, spans, text)
        out = name_bounds.pipeline_on_line_labels(out, spans, text)
        if self.known_place is not None:
            out = self._keep_places(name_bounds.hyphenated_places(out, spans, self.known_place), spans)
        out = name_bounds.landform_names(out, spans, text, self.dictionary)
        out = name_bounds.titles_alone(out, spans, self.dictionary)
        out = name_bounds.people_on_transcript_labels(out, text)
        out = name_bounds.names_on_line_labels(out, spans, text)
        return name_bounds.family_plurals(out, spans)

    def _names(self, found: Words, probabilities: np.ndarray, text: str, spans: list[RawMention]
               ) -> list[RawMention]:
        """The names of the best tags of each sequence (`decode`)."""
        labels = self.model.labels
        best = probabilities.argmax(axis=1)
        # as `decode` would find sequence by sequence: the likeliest tags, unless an I- tag does not continue a
        # name of its kind; and the sequences where a name is tagged at all
        inside = np.array([label.startswith("I-") for label in labels])
        kinds = {label[2:]: k for k, label in enumerate(labels)}
        kind = np.array([kinds[label[2:]] for label in labels])[best]
        begins = np.array([begin for begin, _ in found.bounds])
        opening = np.zeros(len(best), dtype=bool)
        opening[begins] = True
        broken = inside[best] & (opening | (kind != np.roll(kind, 1)))
        named = np.array([label != "O" for label in labels])[best]
        chosen = [found.bounds[k] for k in np.flatnonzero(np.add.reduceat(broken | named, begins)).tolist()]
        redone = [(begin, end) for begin, end in chosen if broken[begin:end].any()]
        decoded = dict(zip(redone, viterbi([np.log(np.maximum(probabilities[begin:end], 1e-9))
                                            for begin, end in redone], labels) if redone else [], strict=True))
        out: list[RawMention] = []
        for begin, end in chosen:
            tags = [labels[k] for k in decoded.get((begin, end), best[begin:end].tolist())]
            out.extend(self._mentions(found, begin, tags, text, spans))
        return out

    def _keep_places(self, found: list[RawMention], spans: list[RawMention]) -> list[RawMention]:
        """A name the pipeline reads as a place that the gazetteer knows as a country, state or town ("Northeast
        Texas" with its direction word dropped) stays that place, unless the recognizer reads a place there too
        that covers it (a piece of it, "Anderson" of "Anderson County", is no better name).

        CoNLL's Reuters teach that a town's name is often its sports club ("Leeds beat Chelsea"); in other news it
        is the town (a county, a city the training text never names). Sports tables are told apart later
        (`EntityStage._teams`)."""
        assert self.known_place is not None
        kept = [p for p in spans if p.label in ("GPE", "LOC")
                and not any(f.label in ("GPE", "LOC") and f.start <= p.start and p.end <= f.end for f in found)
                and name_bounds.named_place(self.known_place, p.text)]
        if not kept:
            return found
        out = [f for f in found if not any(f.start < p.end and p.start < f.end for p in kept)]
        return sorted(out + kept, key=lambda m: m.start)

    def feature_ids(self, found: Words, spans: list[RawMention]) -> np.ndarray:
        """The model's row of each feature of each word, a column per feature in `SLOTS` (-1 where the word has
        no such feature or the model does not know it): what looking up `features`' strings gives, with the
        strings of each distinct form, part of speech and verdict made and looked up once."""
        get = self.model.vocabulary.get
        size = len(found.forms)
        out = np.full((size, len(SLOTS)), -1, dtype=np.int64)
        if not size:
            return out
        column = _COLUMN
        begins, ends = (np.array(edge) for edge in zip(*found.bounds, strict=True))
        index = np.arange(size)
        before = index - np.repeat(begins, ends - begins)  # the words before it in its sequence
        after = np.repeat(ends, ends - begins) - 1 - index  # and after it
        has_before, has_after = before > 0, after > 0

        codes: dict[str, int] = {}
        form = np.array([codes.setdefault(f, len(codes)) for f in found.forms])
        forms = np.array([self._form_ids(f) for f in codes], dtype=np.int64)
        lows = [f.lower() for f in codes]
        elsewhere = get("lower-elsewhere", -1)
        out[:, column["lower-elsewhere"]] = np.array([elsewhere if f[:1].isupper() and low in found.lowercase else -1
                                                      for f, low in zip(codes, lows, strict=True)])[form]
        mine = forms[form]
        for name in ("w", "s", "p3", "x3", "country-word", "demonym-like"):
            out[:, column[name]] = mine[:, _FORM_COLUMN[name]]
        for name, shift, near in (("w-2", 2, before > 1), ("w-1", 1, has_before), ("s-1", 1, has_before),
                                  ("w1", -1, has_after), ("s1", -1, has_after), ("w2", -2, after > 1)):
            edge = get(f"{name}=<edge>", -1) if name[0] == "w" else -1
            out[:, column[name]] = np.where(near, forms[np.roll(form, shift), _FORM_COLUMN[name]], edge)
        word_lows = [lows[code] for code in form.tolist()]
        inner = np.flatnonzero(has_before & has_after).tolist()
        out[inner, column["w-1+w1"]] = [get(f"w-1+w1={word_lows[i - 1]}|{word_lows[i + 1]}", -1) for i in inner]

        tag_codes: dict[str, int] = {}
        tag = np.array([tag_codes.setdefault(p, len(tag_codes)) for p in found.pos])
        tags = np.array([[get(name, -1) for name in _pos(p)] for p in tag_codes], dtype=np.int64)
        out[:, column["t"]] = tags[tag, 0]
        out[:, column["t-1"]] = np.where(has_before, tags[np.roll(tag, 1), 1], -1)
        out[:, column["t1"]] = np.where(has_after, tags[np.roll(tag, -1), 2], -1)

        self._verdict_ids(out, found, spans, has_before, has_after, mine)
        out[before == 0, column["first"]] = get("first", -1)
        return out

    def _verdict_ids(self, out: np.ndarray, found: Words, spans: list[RawMention], has_before: np.ndarray,
                     has_after: np.ndarray, mine: np.ndarray) -> None:
        """The columns of the pipeline's verdicts (v, vl, v+s, v+w, pv, nv) in `feature_ids`' `out`."""
        get = self.model.vocabulary.get
        column = _COLUMN
        codes: dict[tuple[str, str], int] = {}
        verdict = np.array([codes.setdefault(tag, len(codes)) for tag in word_tags(found.starts, spans, found.bounds)])
        verdicts = [_verdict(edge, label) for edge, label in codes]
        table = np.array([[get(v, -1), get(vl, -1)] for _, v, vl in verdicts], dtype=np.int64)
        out[:, column["v"]] = table[verdict, 0]
        out[:, column["vl"]] = table[verdict, 1]
        out[:, column["v+s"]] = mine[:, _FORM_COLUMN["v+s"]]  # a word outside the pipeline's names: v=O
        out[:, column["v+w"]] = mine[:, _FORM_COLUMN["v+w"]]
        names = [name for name, _, _ in verdicts]
        named = np.flatnonzero(np.array([name != "O" for name in names])[verdict]).tolist()
        for i in named:
            name, form = names[verdict[i]], _form(found.forms[i])
            out[i, column["v+s"]] = get(f"v+s={name}|{form.shape}", -1)
            out[i, column["v+w"]] = get(f"v+w={name}|{form.low}", -1)
        # the verdicts of neighbouring words; code len(names) stands for the sequence's edge
        edge = len(names)
        before = np.where(has_before, np.roll(verdict, 1), edge)
        after = np.where(has_after, np.roll(verdict, -1), edge)
        around = [*names, ""]
        pairs = np.full((edge + 1, edge + 1), -1, dtype=np.int64)
        for a, b in set(zip(before.tolist(), verdict.tolist(), strict=True)):
            pairs[a, b] = get(f"pv={around[a] if a < edge else '<s>'}|{around[b]}", -1)
        out[:, column["pv"]] = pairs[before, verdict]
        pairs.fill(-1)
        for a, b in set(zip(verdict.tolist(), after.tolist(), strict=True)):
            pairs[a, b] = get(f"nv={around[a]}|{around[b] if b < edge else '</s>'}", -1)
        out[:, column["nv"]] = pairs[verdict, after]

    def _ids_of_form(self, form: str) -> tuple[int, ...]:
        """The model's rows of the features a form gives (`_FORM_COLUMN`), whatever the document."""
        get = self.model.vocabulary.get
        made = _form(form)
        country, demonym = _country(form, made.low, self.dictionary)
        names = (*made.own, made.two_before, *made.before, *made.after, made.two_after,
                 f"v+s=O|{made.shape}", f"v+w=O|{made.low}")
        return (*(get(name, -1) for name in names), get("country-word", -1) if country else -1,
                get("demonym-like", -1) if demonym else -1)

    def probabilities(self, ids: np.ndarray, vectors: np.ndarray) -> np.ndarray:
        """Tag probabilities of every word (softmax) from `feature_ids`, the feature weights summed for all words
        at once, column after column: for each word, the float sums of its features in their order."""
        scores = np.zeros((len(ids), len(self.model.labels)), dtype=np.float32)
        weights = np.empty_like(scores)
        for column in np.ascontiguousarray(ids.T):
            np.take(self._weights, column, axis=0, out=weights)
            scores += weights  # adding the row of zeros, where a word has no feature here, changes no sum
        scores += self.model.bias
        if vectors.shape[1] == self.model.dense.shape[0]:
            standard = vectors - self.model.mean
            standard /= self.model.scale
            scores += standard @ self.model.dense
        scores -= scores.max(axis=1, keepdims=True)
        np.exp(scores, out=scores)
        probabilities: np.ndarray = scores / scores.sum(axis=1, keepdims=True)
        return probabilities

    def _mentions(self, found: Words, at: int, tags: list[str], text: str,
                  spans: list[RawMention]) -> list[RawMention]:
        """The names that a sequence's tags mark, the sequence's first word being word `at` of `found`."""
        out: list[RawMention] = []
        begin: int | None = None
        for i, tag in enumerate(tags + ["O"]):
            if begin is not None and not tag.startswith("I-"):
                kind = tags[begin][2:]
                start, end = found.starts[at + begin], found.starts[at + i - 1] + len(found.forms[at + i - 1])
                end, kind = name_bounds.cut(text, start, end, kind, spans, self.dictionary, self.known_place)
                start, end, kind = name_bounds.widen(found, at, begin, i, tags, text, (start, end, kind),
                                                     self.known_place)
                start = name_bounds.titles_before(text, start, end, kind, spans, self.dictionary)
                mention = trim(text, start, end, self._label(text, start, end, kind, spans)) \
                    if end > start else None
                if mention and any(c.isalpha() for c in mention.text):
                    out.append(mention)
                begin = None
            if tag.startswith("B-"):
                begin = i
        return out

    def _label(self, text: str, start: int, end: int, kind: str, spans: list[RawMention]) -> str:
        """The contract type of the name `text[start:end]` of CoNLL `kind`: the pipeline's, when its overlapping
        mention agrees; a division the gazetteer knows ("Anderson County") is a place, not the organization that
        governs it; a person to the pipeline after a job title ("President | Assad") stays a person."""
        name = text[start:end]
        if kind != "PER" and any(s.label == "PERSON" and (s.start, s.end) == (start, end) for s in spans) \
                and name_bounds.after_title(text, start, self.dictionary):
            return "PERSON"
        if kind == "ORG" and name_bounds.division(name, self.known_place):
            return "GPE"
        words = name.split()
        if len(words) > 1 and all(map(self.dictionary.country, words)) and not self.dictionary.country(name):
            return "NORP"  # a people named by demonyms ("Bosnian Serbs"), whatever kind the model gave it
        # a group the dictionary knows: "Hizbollah"; "al-Qaida", an organization to the pipeline too
        if (kind == "PER" and len(words) == 1
                or kind == "MISC" and any(s.label == "ORG" and (s.start, s.end) == (start, end) for s in spans)) \
                and self.dictionary.group(name) is not None and not self.dictionary.country(name):
            return "ORG"
        agreeing = [s.label for s in spans if s.start < end and start < s.end and CONLL_KIND.get(s.label) == kind]
        if agreeing:
            return agreeing[0]
        if kind == "PER":
            return "PERSON"
        if kind == "ORG":
            return "ORG"
        if kind == "LOC":
            if self.dictionary.country(name) or self.dictionary.city_country(name):
                return "GPE"
            if name_bounds.acronym(name) \
                    and not (self.known_place is not None and name_bounds.named_place(self.known_place, name)):
                return "ORG"  # an acronym the model alone reads as a place, known as none: a body's ("SPLM")
            return "LOC"
        if self.dictionary.country(name) or _DEMONYM.search(name.lower()) or _PLURAL.fullmatch(name):
            return "NORP"  # a capitalized plural is the members of a people, party or movement ("Maoists")
        if " " in name and self.known_place is not None and self.known_place(name):
            return "GPE"  # a town of several words the model takes for an event or a work ("of Grand Prairie")
        # CoNLL's MISC holds peoples ("Hutu", "Chechens") and the words joining two parties ("EU-Turkey") beside
        # events, works and laws: one word that the pipeline reads as a person, an organization or a place names a
        # people or a group (NORP), no event (the kind, hence CoNLL's score, stays the model's). Events are mostly
        # several words ("Gulf War"), and a name of several words the model reads as MISC is left to it.
        if " " not in name and any(s.label in ("PERSON", "ORG", "GPE") and s.start < end and start < s.end
                                   for s in spans):
            return "NORP"
        return "EVENT"


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
