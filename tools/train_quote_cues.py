"""Train the learned quote cues (`src/newsgraph/data/quote_cues.npz`) on PolNeAR `train`.

Candidates are the verbs outside the quote stage's list with a subject and a complement
(`newsgraph.analyze.quote_cues.candidates`). A candidate is a cue when the quote the stage builds from it matches
a gold attribution as `newsgraph evaluate quotes` scores one (content overlapping by half, the subject inside the
gold source). Every fifth article is held out first: a model fitted on the others picks the threshold at which
the whole quote stage scores best on them with precision at least `--min-precision` (issue 15 asks 0.88); the
model is then refitted on every article and saved with that threshold. Deterministic (lbfgs); about 6 minutes on
two cores, half of it parsing. Needs scikit-learn (the `[train]` extra).

    python tools/train_quote_cues.py [--polnear ../shared/data/quotes/polnear/train] [--output PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse as sp
from sklearn.linear_model import LogisticRegression

from newsgraph.analyze.event_model import EventModel
from newsgraph.analyze.events import EventStage
from newsgraph.analyze.quote_cues import CUE, LEARNED, QuoteCueModel, candidates, features
from newsgraph.analyze.quotes import QuoteStage, _Finder
from newsgraph.config import Settings
from newsgraph.document import Document
from newsgraph.evaluate.quotes import PolnearDocument, Tally, content_matches, iter_polnear
from newsgraph.extract.document import extract_document
from newsgraph.nlp import context_vectors, load_model, model_view, unwrap
from newsgraph.pipeline import build_stages

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POLNEAR = ROOT.parent / "shared" / "data" / "quotes" / "polnear" / "train"
DEFAULT_OUTPUT = ROOT / "src" / "newsgraph" / "data" / "quote_cues.npz"
MIN_COUNT = 2
HOLDOUT_EVERY = 5
THRESHOLDS = [round(0.30 + 0.05 * i, 2) for i in range(13)]


def parsed(documents: list[PolnearDocument]) -> list[tuple]:
    """(gold document, article, parse) with every stage before the quotes run, as `newsgraph analyze` runs them."""
    settings = Settings(recognizer=False)  # the names the committed weights were trained on
    nlp = load_model(settings.model)
    stages = [s for s in build_stages(settings) if not isinstance(s, QuoteStage | EventStage)]
    out = []
    for number, gold in enumerate(documents):
        article = extract_document(Document(id=gold.id, kind="text", content=gold.text, body_only=True), settings)
        doc = nlp(model_view(article.text))
        for stage in stages:
            stage(article, doc)
        out.append((gold, article, doc))
        if number % 100 == 99:
            print(f"  parsed {number + 1} of {len(documents)}", file=sys.stderr)
    return out


def samples(items: list[tuple]) -> tuple[list[list[str]], np.ndarray, np.ndarray]:
    """Features, context vectors and labels (1: a cue) of every candidate that would make a quote."""
    rules = QuoteStage(learned=False)
    rows: list[list[str]] = []
    vectors: list[np.ndarray] = []
    labels: list[int] = []
    for gold, article, doc in items:
        finder = _Finder(rules, unwrap(article.text), doc)
        found = candidates(doc, lambda t: rules.cue_of(t) is not None)
        kept = []
        for verb, flag, head, subject in found:
            quote = finder._reported(verb, LEARNED, flag)
            if quote is None:
                continue
            speaker = (subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text))
            right = any(content_matches((quote.start, quote.end), g) and g.source is not None
                        and any(a < speaker[1] and speaker[0] < b for a, b in g.source) for g in gold.gold)
            rows.append(features(verb, flag, head, subject))
            labels.append(int(right))
            kept.append(verb.i)
        if kept:
            vectors.append(context_vectors(doc, kept))
    return rows, np.vstack(vectors), np.array(labels)


def fit(rows: list[list[str]], vectors: np.ndarray, labels: np.ndarray) -> EventModel:
    """A logistic regression over the feature strings seen at least MIN_COUNT times and the standardized vectors."""
    counts = Counter(f for row in rows for f in set(row))
    vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    indptr, indices = [0], []
    for row in rows:
        indices += sorted({vocabulary[f] for f in row if f in vocabulary})
        indptr.append(len(indices))
    matrix = sp.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocabulary)))
    mean, scale = vectors.mean(axis=0), vectors.std(axis=0) + 1e-6
    design = sp.hstack([matrix, sp.csr_matrix((vectors - mean) / scale)]).tocsr()
    model = LogisticRegression(C=0.5, max_iter=2000, solver="lbfgs").fit(design, labels)
    weights = model.coef_[0]
    zeros = np.zeros_like(weights)
    both = np.stack([zeros, weights], axis=1)  # softmax over (none, cue) = the logistic probability
    return EventModel(["NONE", CUE], vocabulary, both[:len(vocabulary)], both[len(vocabulary):], mean, scale,
                      np.array([0.0, model.intercept_[0]]))


def score(items: list[tuple], model: QuoteCueModel | None) -> dict:
    """The whole quote stage (rules, and the learned cues when given) scored on the items."""
    stage = QuoteStage(learned=model if model is not None else False)
    tally = Tally()
    for gold, article, doc in items:
        stage(article, doc)
        predicted = [((q.content.start, q.content.end),
                      (q.speaker.start, q.speaker.end) if q.speaker else None, q.kind)
                     for q in article.quotes]
        tally.add(gold, predicted)
    return tally.report()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--min-precision", type=float, default=0.88)
    parser.add_argument("--limit", type=int, help="use only the first N articles (a quick look)")
    args = parser.parse_args()
    started = time.time()
    documents = list(iter_polnear(args.polnear, args.limit))
    items = parsed(documents)
    print(f"{len(items)} articles parsed in {time.time() - started:.0f} s", file=sys.stderr)
    held = [x for i, x in enumerate(items) if i % HOLDOUT_EVERY == 0]
    rest = [x for i, x in enumerate(items) if i % HOLDOUT_EVERY != 0]
    model = fit(*samples(rest))
    base = score(held, None)
    print(f"held out, rules alone: P {base['precision']:.4f} R {base['recall']:.4f} F1 {base['f1']:.4f}")
    least = args.min_precision
    best = None
    for threshold in THRESHOLDS:
        result = score(held, QuoteCueModel(model, threshold))
        print(f"held out, threshold {threshold:.2f}: P {result['precision']:.4f} R {result['recall']:.4f} "
              f"F1 {result['f1']:.4f}")
        if result["precision"] >= least and (best is None or result["f1"] > best[1]):
            best = (threshold, result["f1"])
    if best is None:
        raise SystemExit(f"no threshold keeps precision at {least:.4f}: nothing saved")
    rows, vectors, labels = samples(items)
    final = fit(rows, vectors, labels)
    final.floor = best[0]
    final.save(args.output)
    print(f"threshold {best[0]:.2f} (held-out F1 {best[1]:.4f}); {len(rows)} candidates, {int(labels.sum())} cues, "
          f"{len(final.vocabulary)} features; saved {args.output} ({args.output.stat().st_size / 1e6:.2f} MB) in "
          f"{time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
