"""The trained event model: which PLOVER category (or none) a candidate word reports, with a probability.

A multinomial logistic regression over the candidate's feature strings (`event_features`) and the pipeline's
context vector of the word, trained by `tools/train_event_model.py` (`make train-events`) on the annotated
articles in `../shared/data/events/articles/train.json`. Inference is numpy only: a row lookup per feature and
one matrix product per sentence. The weights live in `newsgraph/data/event_model.npz`, loaded once per process.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Self, TypeVar

import numpy as np

from newsgraph.analyze.event_features import Candidate

FORMAT = 2
NONE = "NONE"
log = logging.getLogger(__name__)


class EventModelError(RuntimeError):
    """The event model file is missing, unreadable or of another format: reinstall, or run `make train-events`."""


@dataclass
class EventModel:
    """Weights of the event classifier; `floor` is the least probability at which a word is an event at all.

    With the event encoder, the two models' probabilities are averaged; `encoder_weight`, the encoder's share, was
    chosen on articles held out of training (`tools/train_event_model.py --encoder-holdout`).
    """

    labels: list[str]
    vocabulary: dict[str, int]
    sparse: np.ndarray  # (features, labels)
    dense: np.ndarray  # (vector size, labels)
    mean: np.ndarray  # standardization of the context vector
    scale: np.ndarray
    bias: np.ndarray
    floor: float = 0.05
    encoder_weight: float = 0.0

    @classmethod
    def load(cls, path: Path) -> EventModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                if int(data["format"]) != FORMAT:
                    raise EventModelError(f"{path} is of format {int(data['format'])}, this code reads {FORMAT}: "
                                          f"run 'make train-events' or reinstall newsgraph")
                return cls([str(x) for x in data["labels"]], {str(f): i for i, f in enumerate(data["features"])},
                           data["sparse"].astype(np.float32), data["dense"].astype(np.float32),
                           data["mean"].astype(np.float32), data["scale"].astype(np.float32),
                           data["bias"].astype(np.float32), float(data["floor"]), float(data["encoder_weight"]))
        except (OSError, KeyError, ValueError) as exc:
            raise EventModelError(f"cannot read the event model {path} ({exc}); reinstall newsgraph or run "
                                  f"'make train-events'") from None

    @staticmethod
    def packaged() -> EventModel:
        return _packaged()

    def save(self, path: Path) -> None:
        features = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        np.savez_compressed(path, format=np.array(FORMAT), labels=np.array(self.labels),
                            features=np.array(features), sparse=self.sparse.astype(np.float16),
                            dense=self.dense.astype(np.float16), mean=self.mean.astype(np.float32),
                            scale=self.scale.astype(np.float32), bias=self.bias.astype(np.float32),
                            floor=np.array(self.floor), encoder_weight=np.array(self.encoder_weight))

    def scores(self, features: list[list[str]], vectors: np.ndarray) -> np.ndarray:
        """Unnormalized label scores, one row per candidate."""
        out = np.tile(self.bias, (len(features), 1))
        lookup = self.vocabulary.get
        found = [[i for i in map(lookup, names) if i is not None] for names in features]
        # each candidate's weights summed by one `reduceat` over the rows of all candidates laid end to end
        owners = [row for row, indices in enumerate(found) if indices]
        if owners:
            sizes = np.array([len(found[row]) for row in owners])
            starts = np.concatenate([[0], np.cumsum(sizes[:-1])])
            out[owners] += np.add.reduceat(self.sparse[[i for row in owners for i in found[row]]], starts, axis=0)
        if vectors.shape[1] == self.dense.shape[0] and len(features):
            out += ((vectors - self.mean) / self.scale) @ self.dense
        return out

    def predict(self, candidates: list[Candidate], vectors: np.ndarray) -> np.ndarray:
        """Probabilities of each label (softmax), one row per candidate."""
        return self.probabilities([c.features for c in candidates], vectors)

    def probabilities(self, features: list[list[str]], vectors: np.ndarray) -> np.ndarray:
        scores = self.scores(features, vectors)
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        probabilities: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
        return probabilities

    def probability(self, row: np.ndarray, label: str) -> float:
        return float(row[self.labels.index(label)]) if label in self.labels else 0.0

    def best(self, row: np.ndarray) -> tuple[str | None, float]:
        """The most probable category other than none, and its probability (None under the floor)."""
        order = np.argsort(-row)
        for index in order:
            label = self.labels[int(index)]
            if label != NONE:
                probability = float(row[index])
                return (label if probability >= self.floor else None), probability
        return None, 0.0


@dataclass
class Ranker:
    """A linear scorer of candidates described by feature strings alone, one column per decision (the role and
    place models); its weights are stored as an event model file whose labels name the columns."""

    model: EventModel

    @classmethod
    def load(cls, path: Path) -> Self:
        return cls(EventModel.load(path))

    def save(self, path: Path) -> None:
        self.model.save(path)

    def score(self, features: list[list[str]]) -> np.ndarray:
        """One row per candidate, one column per decision."""
        return self.model.scores(features, np.zeros((len(features), 0), dtype=np.float32))


R = TypeVar("R", bound=Ranker)


def packaged_ranker(kind: type[R], name: str, without: str) -> R | None:
    """A ranker shipped in newsgraph/data (`name`); None, said on the log with what happens `without` it, when the
    file is missing."""
    path = Path(str(resources.files("newsgraph") / "data" / name))
    if not path.exists():
        log.warning("%s is missing: %s; reinstall newsgraph or run 'make train-events'", path, without)
        return None
    return kind.load(path)


@functools.lru_cache(maxsize=1)
def _packaged() -> EventModel:
    path = Path(str(resources.files("newsgraph") / "data" / "event_model.npz"))
    return EventModel.load(path)
