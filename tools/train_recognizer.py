"""Train the recognizer (`src/newsgraph/data/recognizer.npz`) on CoNLL-2003 `eng.train`.

Usage (from the repository root, after `pip install -e .[train]`; `make train-recognizer` does both):
`.venv/bin/python tools/train_recognizer.py [--train FILE] [--output FILE] [--holdout F] [--c C ...]`

Each document is read as `newsgraph evaluate ner` reads it (tokens joined by spaces, a sentence per line), parsed
by the packaged pipeline, and its names found as the entity stage finds them before the recognizer
(`EntityStage.model_mentions`). Every word is labelled with its gold CoNLL tag (B- where a gold name starts, I-
inside it, O elsewhere). The model is scikit-learn's multinomial logistic regression (lbfgs) over the feature
strings seen at least twice and the standardized context vector. `--holdout F` first trains without the last
fraction F of the documents and reports span F1 on them for each `--c` (the penalty shipped is the best there);
then the model is trained on every document. Deterministic; a few minutes on two cores. `eng.testa` is never read.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from newsgraph.analyze.actor_dictionary import ActorDictionary
from newsgraph.analyze.entities import EntityStage
from newsgraph.analyze.event_model import EventModel
from newsgraph.analyze.recognize import LABELS, decode, word_rows
from newsgraph.config import Settings
from newsgraph.document import Document
from newsgraph.evaluate.ner import read_conll
from newsgraph.extract.document import extract_document
from newsgraph.nlp import load_model, model_view

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TRAIN = ROOT.parent / "shared" / "data" / "ner" / "conll2003" / "eng.train"
DEFAULT_OUTPUT = ROOT / "src" / "newsgraph" / "data" / "recognizer.npz"
MIN_COUNT = 2


@dataclass
class Sequence:
    """One sentence's words: their features, context vectors, gold tags and character offsets."""

    features: list[list[str]]
    vectors: np.ndarray
    labels: list[str]
    offsets: list[tuple[int, int]]


def read_sequences(path: Path) -> list[list[Sequence]]:
    """Every document of the CoNLL file as the recognizer sees it, gold tags attached."""
    settings = Settings()
    nlp = load_model(settings.model)
    dictionary = ActorDictionary.load()
    stage = EntityStage(dictionary)
    documents: list[list[Sequence]] = []
    for conll in read_conll(path):
        article = extract_document(Document(id=conll.id, kind="text", content=conll.text, body_only=True), settings)
        doc = nlp(model_view(article.text))
        spans, _ = stage.model_mentions(doc, article.text)
        found, rows, vectors = word_rows(doc, spans, dictionary)
        gold = sorted(conll.gold)
        out: list[Sequence] = []
        for begin, end in found.bounds:
            labels = []
            for start in found.starts[begin:end]:
                inside = next((g for g in gold if g[0] <= start < g[1]), None)
                labels.append("O" if inside is None else ("B-" if start == inside[0] else "I-") + inside[2])
            offsets = [(start, start + len(form))
                       for start, form in zip(found.starts[begin:end], found.forms[begin:end], strict=True)]
            out.append(Sequence(rows[begin:end], vectors[begin:end], labels, offsets))
        documents.append(out)
    return documents


def matrix(sequences: list[Sequence], vocabulary: dict[str, int], mean: np.ndarray,
           scale: np.ndarray) -> sparse.csr_matrix:
    rows, cols = [], []
    number = 0
    for sequence in sequences:
        for names in sequence.features:
            for name in names:
                column = vocabulary.get(name)
                if column is not None:
                    rows.append(number)
                    cols.append(column)
            number += 1
    words = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                              shape=(number, len(vocabulary)))
    dense = (np.concatenate([s.vectors for s in sequences]) - mean) / scale
    return sparse.hstack([words, sparse.csr_matrix(dense.astype(np.float32))], format="csr")


def train(sequences: list[Sequence], c: float, seed: int) -> EventModel:
    counts = Counter(name for s in sequences for names in s.features for name in set(names))
    vocabulary = {name: i for i, name in enumerate(sorted(n for n, k in counts.items() if k >= MIN_COUNT))}
    vectors = np.concatenate([s.vectors for s in sequences])
    mean, scale = vectors.mean(axis=0), vectors.std(axis=0) + 1e-6
    x = matrix(sequences, vocabulary, mean, scale)
    y = np.array([LABELS.index(label) for s in sequences for label in s.labels])
    classifier = LogisticRegression(C=c, max_iter=400, random_state=seed)
    classifier.fit(x, y)
    weights = np.zeros((x.shape[1], len(LABELS)), dtype=np.float32)
    bias = np.full(len(LABELS), -30.0, dtype=np.float32)  # a tag never seen in training is never given
    for row, label in enumerate(classifier.classes_):
        weights[:, label] = classifier.coef_[row]
        bias[label] = classifier.intercept_[row]
    size = len(vocabulary)
    return EventModel(list(LABELS), vocabulary, weights[:size], weights[size:], mean.astype(np.float32),
                      scale.astype(np.float32), bias, floor=0.0)


def spans(labels: list[str], offsets: list[tuple[int, int]]) -> set[tuple[int, int, str]]:
    out: set[tuple[int, int, str]] = set()
    begin: int | None = None
    for i, label in enumerate(labels + ["O"]):
        if begin is not None and not label.startswith("I-"):
            out.add((offsets[begin][0], offsets[i - 1][1], labels[begin][2:]))
            begin = None
        if label.startswith("B-") or (label.startswith("I-") and begin is None):
            begin = i
    return out


def span_f1(model: EventModel, documents: list[list[Sequence]]) -> tuple[float, float]:
    """Span F1 of the model's decoded tags, and of the pipeline's own tags, on these documents."""
    correct = predicted = gold = 0
    base_correct = base_predicted = 0
    for number, document in enumerate(documents):
        for sequence in document:
            probabilities = model.probabilities(sequence.features, sequence.vectors)
            tags = decode(probabilities, model.labels)
            truth = {(number, *s) for s in spans(sequence.labels, sequence.offsets)}
            guess = {(number, *s) for s in spans(tags, sequence.offsets)}
            verdicts = [next((f[2:] for f in names if f.startswith("v=")), "O") for names in sequence.features]
            base = {(number, *s) for s in spans(verdicts, sequence.offsets)}
            correct += len(truth & guess)
            predicted += len(guess)
            gold += len(truth)
            base_correct += len(truth & base)
            base_predicted += len(base)

    def f1(right: int, found: int) -> float:
        return 2 * right / (found + gold) if found + gold else 0.0
    return f1(correct, predicted), f1(base_correct, base_predicted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--holdout", type=float, default=0.0, help="report span F1 on the last fraction first")
    parser.add_argument("--c", type=float, nargs="+", default=[0.3])
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    started = time.time()
    documents = read_sequences(args.train)
    words = sum(len(s.labels) for d in documents for s in d)
    print(f"{len(documents)} documents, {words:,} words read in {time.time() - started:.0f} s", flush=True)
    best_c = args.c[0]
    if args.holdout:
        cut = int(len(documents) * (1 - args.holdout))
        fitted, held = [s for d in documents[:cut] for s in d], documents[cut:]
        best = -1.0
        for c in args.c:
            model = train(fitted, c, args.seed)
            score, base = span_f1(model, held)
            print(f"C {c}: held-out span F1 {score:.4f} (the pipeline's own {base:.4f}) "
                  f"[{time.time() - started:.0f} s]", flush=True)
            if score > best:
                best, best_c = score, c
    model = train([s for d in documents for s in d], best_c, args.seed)
    model.save(args.output)
    print(f"C {best_c}: {len(model.vocabulary):,} features, wrote {args.output} "
          f"({args.output.stat().st_size / 1e6:.1f} MB) in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
