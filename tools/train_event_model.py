"""Train the event model (`src/newsgraph/data/event_model.npz`) on annotated news articles.

Usage (from the repository root, after `pip install -e .[train]`; `make train-events` does both):
`.venv/bin/python tools/train_event_model.py [--train FILE ...] [--output FILE] [--folds K] [--seed N]`

Data: `../shared/data/events/articles/train.json` (180 articles, 2,818 events; see its README), never `dev.json`.
Every verb, common noun and adjective of every sentence is a candidate (`analyze/event_features.py`); a candidate
is labelled with the category of the gold event whose trigger it heads, else NONE (the annotation is
exhaustive: a sentence not listed reports no event). Gold events marked optional are events too: they are
defensible, and the scorer counts them as matches. The model is scikit-learn's multinomial logistic regression
over the feature strings seen at least twice and the standardized context vector; `--folds K` first reports
cross-validated figures by article, per probability threshold, in the scorer's terms (one event per category
and sentence). Deterministic for a given seed and data; a few minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from spacy.language import Language
from spacy.tokens import Doc

from newsgraph.analyze.event_features import vectors
from newsgraph.analyze.event_model import NONE, EventModel
from newsgraph.analyze.events import DEFAULT_THRESHOLD, EventStage
from newsgraph.article import Article
from newsgraph.config import Settings
from newsgraph.document import Document
from newsgraph.evaluate.events import read_records
from newsgraph.extract.document import extract_document
from newsgraph.nlp import load_model, model_view
from newsgraph.pipeline import build_stages

sys.path.insert(0, str(Path(__file__).resolve().parent))
import annotation_text
import gsr_annotations

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
DEFAULT_TRAIN = [SHARED_DATA / "events" / "articles" / "train.json"]
# The project's own annotations of 261 further articles of ../shared/data (kept without their texts:
# tools/annotation_text.py reads them). Pass them with --train to add them; docs/events.md says what they changed
# when measured (better on training articles held out, worse on dev.json: not used by the shipped models yet).
DEFAULT_OUTPUT = ROOT / "src" / "newsgraph" / "data" / "event_model.npz"
MIN_COUNT = 2


@dataclass
class Sample:
    """One candidate word: its features, context vector, label, and where it stands (for scoring folds)."""

    doc: int
    sentence: tuple[int, int]
    features: list[str]
    vector: np.ndarray
    label: str
    at: int = -1  # the word's offset in the text


def _gold_trigger(sentence_at: int, event: dict) -> tuple[int, int] | None:
    """The gold trigger's span in the text (its first word's when the whole is not found in the sentence)."""
    sentence = event["sentence"]
    trigger = event.get("trigger") or ""
    lowered = sentence.lower()
    for words in (trigger, trigger.split(" ")[0] if trigger else ""):
        at = lowered.find(words.lower()) if words else -1
        if at >= 0:
            return sentence_at + at, sentence_at + at + len(words)
    return None


def _with_text(document: dict, path: Path) -> dict:
    """An annotation kept without its article (`source`: where ../shared/data holds it) gets the article's text."""
    try:
        return annotation_text.with_text(document)
    except annotation_text.SourceError as exc:
        raise SystemExit(f"{path}: {document['id']}: {exc}") from None


def read_documents(paths: list[Path]) -> list[dict]:
    """Annotated articles; a file holding a JSON list is the PLOVER GSR, read as one short document per text."""
    documents: list[dict] = []
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, list):
            documents += gsr_annotations.documents(read_records(path))
        else:
            documents += [_with_text(d, path) for d in data["documents"]]
    return documents


def parse(gold: dict, settings: Settings, nlp: Language) -> tuple[Article, Doc]:
    """The annotated article as `newsgraph analyze` reads it (body only), and its parse."""
    source = Document(id=gold["id"], kind="text", content=gold["text"], published=gold.get("published"),
                      body_only=True)
    article = extract_document(source, settings)
    return article, nlp(model_view(article.text))


def analyzed(documents: list[dict]) -> Iterator[tuple[int, dict, Article, Doc]]:
    """Each annotated article (numbered) as the pipeline leaves it for the event stage, with its parse."""
    # the pipeline's names alone, as the committed weights were trained (NEWSGRAPH_RECOGNIZER=1 to try the recognizer's)
    os.environ.setdefault("NEWSGRAPH_RECOGNIZER", "0")
    settings = Settings.from_env(event_min_confidence=0.0)
    nlp = load_model(settings.model)
    stages = [s for s in build_stages(settings) if not isinstance(s, EventStage)]
    for number, gold in enumerate(documents):
        article, doc = parse(gold, settings, nlp)
        for stage in stages:
            stage(article, doc)
        yield number, gold, article, doc


def gold_spans(text: str, gold: dict) -> list[dict]:
    """Each gold event's sentence span, trigger span, categories and whether it is optional, in the text."""
    spans = []
    for event in gold["events"]:
        at = text.find(event["sentence"])
        if at < 0:
            continue
        types = event["type"] if isinstance(event["type"], list) else [event["type"]]
        spans.append({"sentence": (at, at + len(event["sentence"])), "trigger": _gold_trigger(at, event),
                      "types": types, "optional": bool(event.get("optional"))})
    return spans


def collect(paths: list[Path]) -> tuple[list[Sample], list[dict], list[dict]]:
    """Samples of every candidate, and per document its gold events located in the text (for fold scoring)."""
    events = EventStage(min_confidence=0.0, model=False)
    documents = read_documents(paths)
    samples: list[Sample] = []
    located: list[dict] = []
    for number, gold, article, doc in analyzed(documents):
        spans = gold_spans(article.text, gold)
        located.append({"id": gold["id"], "events": spans})
        for work in events.sentences(article, doc, with_candidates=True):
            if not work.candidates:
                continue
            vecs = vectors(work.candidates)
            labels = _labels(work.candidates, spans, gold.get("exhaustive", True))
            for candidate, vector, label in zip(work.candidates, vecs, labels, strict=True):
                if label is None or candidate.token.i in work.consumed:
                    continue  # a non-head word inside a gold trigger: neither event nor non-event
                samples.append(Sample(number, (work.sentence.start_char, work.sentence.end_char),
                                      candidate.features, vector, label, candidate.token.idx))
        if number % 20 == 0:
            print(f"  {number + 1}/{len(documents)} documents, {len(samples)} candidates", file=sys.stderr)
    return samples, documents, located


def _labels(candidates: list, spans: list[dict], exhaustive: bool = True) -> list[str | None]:
    """NONE, a category (the candidate heads a gold trigger), or None (inside a trigger it does not head, or
    outside every trigger of a document not annotated exhaustively)."""
    labels: list[str | None] = [NONE if exhaustive else None] * len(candidates)
    for span in spans:
        trigger = span["trigger"]
        if trigger is None:
            continue
        inside = [i for i, c in enumerate(candidates) if trigger[0] <= c.token.idx < trigger[1]]
        if not inside:
            continue
        heads = [i for i in inside if not (trigger[0] <= candidates[i].token.head.idx < trigger[1])
                 or candidates[i].token.head.i == candidates[i].token.i]
        head = (heads or inside)[0]
        for i in inside:
            if labels[i] == NONE:
                labels[i] = None
        if labels[head] in (None, NONE):
            labels[head] = span["types"][0]
    return labels


def design(samples: list[Sample], vocabulary: dict[str, int], mean: np.ndarray, scale: np.ndarray
           ) -> sparse.csr_matrix:
    rows, cols = [], []
    for r, sample in enumerate(samples):
        for f in set(sample.features):
            c = vocabulary.get(f)
            if c is not None:
                rows.append(r)
                cols.append(c)
    hot = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                            shape=(len(samples), len(vocabulary)))
    dense = (np.stack([s.vector for s in samples]) - mean) / scale
    return sparse.hstack([hot, sparse.csr_matrix(dense.astype(np.float32))]).tocsr()


def fit(samples: list[Sample], c: float, seed: int) -> EventModel:
    counts = Counter(f for s in samples for f in set(s.features))
    vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    matrix = np.stack([s.vector for s in samples])
    mean, scale = matrix.mean(axis=0), matrix.std(axis=0) + 1e-6
    x = design(samples, vocabulary, mean, scale)
    y = [s.label for s in samples]
    model = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    model.fit(x, y)
    labels = [str(label) for label in model.classes_]
    weights = model.coef_.T.astype(np.float32)
    size = len(vocabulary)
    return EventModel(labels, vocabulary, weights[:size], weights[size:], mean.astype(np.float32),
                      scale.astype(np.float32), model.intercept_.astype(np.float32))


def predictions(labels: list[str], probabilities: np.ndarray, where: list[tuple[int, tuple[int, int]]],
                located: dict[int, dict]) -> list[tuple[float, bool, bool]]:
    """The scorer's view of held-out words (`where`: each row's document and sentence span): one event per category
    and sentence at its likeliest word, each with its probability, whether it matches a gold event (by sentence and
    category) and whether that one is required."""
    by_sentence: dict[tuple[int, tuple[int, int]], dict[str, float]] = {}
    events = [i for i, label in enumerate(labels) if label != NONE]
    for place, row in zip(where, probabilities, strict=True):
        best: dict[str, float] = by_sentence.setdefault(place, {})
        index = max(events, key=lambda i: row[i])
        best[labels[index]] = max(best.get(labels[index], 0.0), float(row[index]))
    out = []
    for doc, gold in located.items():
        matched: set[int] = set()
        found = sorted(((probability, sentence, label) for (d, sentence), best in by_sentence.items() if d == doc
                        for label, probability in best.items()), reverse=True)
        for probability, sentence, label in found:  # likeliest first, as a threshold would keep them
            hit = [i for i, g in enumerate(gold["events"]) if i not in matched and label in g["types"]
                   and sentence[0] <= (g["trigger"] or g["sentence"])[0] < sentence[1]]
            hit.sort(key=lambda i: gold["events"][i]["optional"])
            if hit:
                matched.add(hit[0])
            out.append((probability, bool(hit), bool(hit) and not gold["events"][hit[0]]["optional"]))
    return out


def figures(found: list[tuple[float, bool, bool]], required: int, threshold: float) -> tuple[float, float, float]:
    """Type precision, recall of required events and F1 of the predictions at or above the threshold."""
    kept = [f for f in found if f[0] >= threshold]
    p = sum(f[1] for f in kept) / max(len(kept), 1)
    r = sum(f[2] for f in kept) / max(required, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def required_of(located: dict[int, dict]) -> int:
    return sum(not g["optional"] for gold in located.values() for g in gold["events"])


def fold_table(documents: int, folds: int, seed: int) -> list[int]:
    """Each document's fold (of `folds`, by article): the split of `--folds` here and of the other trainers'
    cross-validation and `--holdout` (`--fold-seed`)."""
    table = [0] * documents
    for position, doc in enumerate(np.random.default_rng(seed).permutation(documents)):
        table[int(doc)] = position % folds
    return table


def out_of_fold(samples: list[Sample], documents: int, folds: int, c: float, seed: int
                ) -> tuple[list[str], list[int], np.ndarray]:
    """Every sample's probabilities from the model fitted without its article's fold: the labels (the columns; a
    label a fold's model never saw gets 0), each sample's fold, and the probabilities."""
    table = fold_table(documents, folds, seed)
    fold = [table[s.doc] for s in samples]
    labels = sorted({s.label for s in samples})
    out = np.zeros((len(samples), len(labels)), dtype=np.float32)
    for k in range(folds):
        model = fit([s for s, f in zip(samples, fold, strict=True) if f != k], c, seed)
        rows = [i for i, f in enumerate(fold) if f == k]
        if not rows:
            continue
        test = [samples[i] for i in rows]
        own = model.probabilities([s.features for s in test], np.stack([s.vector for s in test]))
        out[np.ix_(rows, [labels.index(label) for label in model.labels])] = own
    return labels, fold, out


def dump_oof(path: Path, labels: list[str], folds: list[int], probabilities: np.ndarray, samples: list[Sample],
             located: list[dict], seed: int) -> None:
    """The out-of-fold probabilities of every candidate word, with its place, label and features, and the gold
    events located in the texts: what a model over the event model's and the encoder's outputs learns from
    (the encoder's side: `train_event_encoder.py --holdout K --dump`, one file per fold)."""
    rows = [{"doc": s.doc, "at": s.at, "sentence": list(s.sentence), "fold": f, "label": s.label,
             "p": [round(float(v), 5) for v in row], "features": s.features}
            for s, f, row in zip(samples, folds, probabilities, strict=True)]
    path.write_text(json.dumps({"labels": labels, "seed": seed, "folds": max(folds) + 1, "rows": rows,
                                "gold": located}))
    print(f"wrote {path}: {len(rows)} candidates' out-of-fold probabilities")


def encoder_weight(path: Path, samples: list[Sample], located: list[dict], c: float, seed: int) -> float:
    """The encoder's share in the average of its probabilities and the model's, chosen on the fold the encoder's
    dump held out: the model is fitted on the other folds; the share is the one with the best type F1 at any
    threshold (the F1 at the default threshold is printed too)."""
    dump = json.loads(path.read_text(encoding="utf-8"))
    held = set(dump["held"])
    read = {(r["doc"], r["at"]): np.array(r["p"], dtype=np.float32) for r in dump["rows"]}
    model = fit([s for s in samples if s.doc not in held], c, seed)
    test = [s for s in samples if s.doc in held]
    own = model.probabilities([s.features for s in test], np.stack([s.vector for s in test]))
    columns = [dump["labels"].index(label) if label in dump["labels"] else None for label in model.labels]
    theirs = np.zeros_like(own)
    for row, sample in enumerate(test):
        words = read.get((sample.doc, sample.at))
        for column, index in enumerate(columns):
            theirs[row, column] = words[index] if words is not None and index is not None else \
                float(model.labels[column] == NONE)
    gold = {d: located[d] for d in held}
    required = required_of(gold)
    where = [(s.doc, s.sentence) for s in test]
    best = (-1.0, 0.0)
    for weight in (0.0, 0.3, 0.5, 0.7, 0.85, 1.0):
        found = predictions(model.labels, (1 - weight) * own + weight * theirs, where, gold)
        f1, threshold, p, r = max((*figures(found, required, t / 20)[2:], t / 20,
                                   *figures(found, required, t / 20)[:2]) for t in range(2, 16))
        p_default, r_default, f1_default = figures(found, required, DEFAULT_THRESHOLD)
        print(f"  encoder weight {weight:.2f}: held-out type F1 {f1_default:.3f} (precision {p_default:.3f}, recall "
              f"{r_default:.3f}) at {DEFAULT_THRESHOLD}; best {f1:.3f} ({p:.3f}, {r:.3f}) at {threshold:.2f}")
        best = max(best, (f1, weight))
    return best[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", type=Path, nargs="+", default=DEFAULT_TRAIN,
                        help="annotated article files (default: train.json; more: tools/annotations/events_*.json)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--folds", type=int, default=0, help="report K-fold figures by article first (0: none)")
    parser.add_argument("--c", type=float, default=0.5, help="inverse regularization strength")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--dump-oof", type=Path, help="with --folds: write every candidate's out-of-fold "
                        "probabilities, features and the gold events here (JSON)")
    parser.add_argument("--encoder-holdout", type=Path,
                        help="the encoder's probabilities on a held-out fold (train_event_encoder.py --holdout 0 "
                             "--dump FILE): choose the encoder's share in the average on them")
    args = parser.parse_args()
    started = time.monotonic()
    samples, documents, located = collect(args.train)
    labels = Counter(s.label for s in samples)
    print(f"{len(documents)} documents, {len(samples)} candidates, {sum(n for k, n in labels.items() if k != NONE)} "
          f"event words; parsed in {time.monotonic() - started:.0f} s")
    if args.folds:
        all_labels, folds, probabilities = out_of_fold(samples, len(documents), args.folds, args.c, args.seed)
        found, required = [], 0
        table = fold_table(len(documents), args.folds, args.seed)
        for fold in range(args.folds):
            rows = [i for i, f in enumerate(folds) if f == fold]
            gold = {d: located[d] for d in range(len(documents)) if table[d] == fold}
            found += predictions(all_labels, probabilities[rows], [(samples[i].doc, samples[i].sentence) for i in rows],
                                 gold)
            required += required_of(gold)
        for t in (0.2, 0.3, 0.4, 0.5, 0.6):
            p, r, f1 = figures(found, required, t)
            print(f"  cross-validated at {t:.1f}: type precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")
        if args.dump_oof:
            dump_oof(args.dump_oof, all_labels, folds, probabilities, samples, located, args.seed)
    weight = encoder_weight(args.encoder_holdout, samples, located, args.c, args.seed) \
        if args.encoder_holdout else 0.0
    model = fit(samples, args.c, args.seed)
    model.encoder_weight = weight
    model.save(args.output)
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.1f} MB: {len(model.vocabulary)} features, "
          f"{len(model.labels)} labels) in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
