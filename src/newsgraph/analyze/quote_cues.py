"""Learned attribution cues: verbs outside the reporting-verb list that attribute what follows to their subject.

PolNeAR counts far more attributions than the verbs of saying: `the study shows`, `Republicans want`, `she
blasted the media`, `he warned against`. The quote stage's list finds about half of them. For every other verb
with a subject and a complement (a clause, an infinitive, an object, or a phrase after `of`, `about`, `on`,
`for`, `against`, `over`), a logistic regression over features of the verb, its complement and its subject, and
the pipeline's context vector of the verb, says whether the complement is content attributed to the subject.
Trained by `tools/train_quote_cues.py` (`make train-quotes`) on PolNeAR `train`; the threshold was chosen on
articles held out of that training. Weights in `newsgraph/data/quote_cues.npz`, loaded once per process.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from importlib import resources

from spacy.tokens import Doc, Token

from newsgraph.analyze.event_model import EventModel, EventModelError
from newsgraph.analyze.speakers import subject_of
from newsgraph.nlp import context_vectors

LEARNED = "*"  # the lemma the quote stage gives a cue the model found
PREPOSITIONS = ("of", "about", "on", "for", "against", "over")
CUE = "CUE"
log = logging.getLogger(__name__)


def complement(token: Token) -> tuple[str, Token] | None:
    """(flag, head) of the content a verb could attribute: c a clause, x an infinitive, o an object, p a phrase."""
    children = list(token.children)
    for flag, dep in (("c", "ccomp"), ("x", "xcomp"), ("o", "dobj")):
        found = next((c for c in children if c.dep_ == dep), None)
        if found is not None and (dep == "ccomp" or found.pos_ != "PRON"):
            return flag, found
    prep = next((c for c in children if c.dep_ == "prep" and c.lower_ in PREPOSITIONS), None)
    found = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    return ("p", found) if found is not None else None


def candidates(doc: Doc, is_cue: Callable[[Token], bool]) -> list[tuple[Token, str, Token, Token]]:
    """(verb, flag, content head, subject) for every verb outside the cue list with a subject and a complement."""
    out = []
    for token in doc:
        if token.pos_ not in ("VERB", "AUX") or is_cue(token):
            continue
        found = complement(token)
        if found is None:
            continue
        subject = subject_of(token)
        if subject is not None:
            out.append((token, found[0], found[1], subject))
    return out


def features(verb: Token, flag: str, head: Token, subject: Token) -> list[str]:
    """What the model reads of one candidate."""
    word = verb.lower_
    prep = head.head.lower_ if flag == "p" else ""
    marks = {c.lower_ for c in head.children if c.dep_ == "mark"}
    governor = verb.head if verb.head is not verb else None
    length = head.right_edge.i - head.left_edge.i + 1
    return [
        f"w={word}", f"w+f={word}|{flag}{prep}", f"f={flag}{prep}", f"tag={verb.tag_}", f"dep={verb.dep_}",
        f"head={head.pos_}", f"head_tag={head.tag_}", f"that={'that' in marks}",
        f"if={'if' in marks or 'whether' in marks}",
        f"subj_pos={subject.pos_}", f"subj_ent={subject.ent_type_ or '-'}", f"subj={subject.lower_}"
        if subject.pos_ == "PRON" else f"subj_dep={subject.dep_}",
        f"neg={any(c.dep_ == 'neg' for c in verb.children)}",
        f"gov={governor.lower_ if governor is not None else '-'}|{verb.dep_}",
        f"len={min(length, 12) // 3}", f"w+len={word}|{min(length, 12) // 3}",
        f"aux={'+'.join(sorted(c.lower_ for c in verb.children if c.dep_ in ('aux', 'auxpass')))}",
        f"stem={stem(word)}", f"stem+f={stem(word)}|{flag}{prep}",
        f"subj_w={subject.lower_}" if subject.pos_ == "NOUN" else "subj_w=-",
    ]


def stem(word: str) -> str:
    """The word less an inflection (`supported`, `supports`, `supporting` -> `support`), so forms share weight."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


class QuoteCueModel:
    """The trained cue classifier and its threshold."""

    def __init__(self, model: EventModel, threshold: float) -> None:
        self.model = model
        self.threshold = threshold

    def cues(self, doc: Doc, is_cue: Callable[[Token], bool]) -> dict[int, str]:
        """Token index -> the flag of the content it attributes, for verbs the model takes as cues."""
        found = candidates(doc, is_cue)
        if not found:
            return {}
        rows = self.model.probabilities([features(*c) for c in found],
                                        context_vectors(doc, [c[0].i for c in found]))
        column = self.model.labels.index(CUE)
        return {c[0].i: c[1] for c, p in zip(found, rows[:, column], strict=True) if p >= self.threshold}


@functools.lru_cache(maxsize=1)
def packaged() -> QuoteCueModel | None:
    """The packaged model, or None (with a warning) when its file is missing or unreadable."""
    path = resources.files("newsgraph") / "data" / "quote_cues.npz"
    try:
        with resources.as_file(path) as file:
            model = EventModel.load(file)
    except (EventModelError, FileNotFoundError):
        log.warning("learned quote cues are off: %s is missing or unreadable; reinstall newsgraph or run "
                    "'make train-quotes'", path)
        return None
    return QuoteCueModel(model, model.floor)
