"""The ScrapingHub article-extraction benchmark: read its layout, score bodies the way it does.

Layout (github.com/scrapinghub/article-extraction-benchmark): `html/<hash>.html.gz` (UTF-8 pages),
`ground-truth.json` mapping each hash to `{"articleBody": ..., "url": ...}`, and `peers/<name>.json`,
other extractors' outputs in the same shape, either flat or wrapped as `{"output": {...}, "version": ...}`.

The metric is the benchmark's own (its `evaluate.py`): tokens are `\\w+` runs, case kept; a document's
bag of 4-token shingles is matched against the gold bag, giving tp/fp/fn normalized by their sum so long
pages weigh no more than short ones; precision is the mean over documents that predicted anything,
recall the mean over documents whose gold or prediction is non-empty, F1 the harmonic mean of the two
means. A text shorter than four tokens is one shorter shingle.

The benchmark has no gold dates, so newsgraph's own run also checks its publication date against htmldate's
(`find_date` on the page's metadata and URL, original dates): the share of pages htmldate dates where ours is
the same day. Ours should never be worse than htmldate's where a page carries a date in its metadata.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from newsgraph.errors import NewsgraphError

Extractor = Callable[[bytes, str | None], str]
Counts = tuple[float, float, float]

_TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE = 4


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    """The bag of n-token shingles; a text of fewer than n tokens (but at least one) is one shingle."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)))


def match_counts(gold: str, predicted: str, n: int = SHINGLE) -> Counts:
    """True positives, false positives and false negatives over shingles, normalized to sum to 1."""
    true_bag, pred_bag = shingles(gold, n), shingles(predicted, n)
    tp = float(sum((true_bag & pred_bag).values()))
    fp = float(sum(pred_bag.values())) - tp
    fn = float(sum(true_bag.values())) - tp
    total = tp + fp + fn
    if total > 0:
        return tp / total, fp / total, fn / total
    return 0.0, 0.0, 0.0


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def aggregate(counts: list[Counts]) -> dict[str, float]:
    """Mean per-document precision and recall, and the F1 of those two means (the benchmark's choice)."""
    precisions = [_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def load_ground_truth(path: Path) -> dict[str, dict[str, Any]]:
    """`ground-truth.json` of a benchmark folder: hash -> `{"articleBody", "url"}`."""
    return _load_bodies(path / "ground-truth.json")


def iter_pages(path: Path, limit: int | None = None) -> Iterator[tuple[str, bytes, str | None, str]]:
    """(hash, raw HTML bytes, url, gold body) for each gold document, in sorted hash order."""
    gold = load_ground_truth(path)
    for number, key in enumerate(sorted(gold)):
        if limit is not None and number >= limit:
            return
        page = path / "html" / f"{key}.html.gz"
        with gzip.open(page, "rb") as handle:
            data = handle.read()
        yield key, data, gold[key].get("url"), gold[key].get("articleBody") or ""


def dated_extractor(data: bytes, url: str | None) -> tuple[str, str | None, str | None]:
    """newsgraph's body and publication day, and htmldate's own day for the same page (metadata and URL only)."""
    from htmldate import find_date

    from newsgraph.extract.html import decode_html, extract_html

    html = decode_html(data)
    extracted = extract_html(html, url=url)
    ours = extracted.published.value[:10] if extracted.published else None
    theirs = find_date(html, extensive_search=False, original_date=True, url=url or "")
    return "\n\n".join(block.text for block in extracted.blocks), ours, theirs


def evaluate_extraction(path: Path, extractor: Extractor | None = None, limit: int | None = None) -> dict[str, Any]:
    """Run `extractor` (default: newsgraph's) over the benchmark's pages and score the bodies.

    A page whose extraction raises counts as an empty prediction and as one error, as the benchmark
    would score a missing body; `per_document` rows say which and why. newsgraph's own run adds
    `dated_by_htmldate` (pages htmldate dates) and `date_agrees_with_htmldate` (the share of those where
    our publication day is htmldate's); `date_disagreements` lists the others.
    """
    path = Path(path)
    counts: list[Counts] = []
    rows: list[dict[str, Any]] = []
    disagreements: list[dict[str, Any]] = []
    errors = dated = 0
    started = time.perf_counter()
    for key, data, url, gold in iter_pages(path, limit):
        error: str | None = None
        try:
            if extractor is None:
                predicted, ours, theirs = dated_extractor(data, url)
                dated += theirs is not None
                if theirs is not None and ours != theirs:
                    disagreements.append({"id": key, "url": url, "ours": ours, "htmldate": theirs})
            else:
                predicted = extractor(data, url) or ""
        except NewsgraphError as exc:
            predicted, error = "", f"{exc.code}: {exc.message}"
        except Exception as exc:  # noqa: BLE001 - one page failing must not end the evaluation
            predicted, error = "", f"{type(exc).__name__}: {exc}"
        errors += error is not None
        counts.append(match_counts(gold, predicted))
        rows.append(_row(key, url, counts[-1], error))
    scores: dict[str, Any] = {"documents": len(counts), **aggregate(counts), "errors": errors}
    if extractor is None:
        scores["dated_by_htmldate"] = dated
        scores["date_agrees_with_htmldate"] = (dated - len(disagreements)) / dated if dated else 0.0
        scores["date_disagreements"] = disagreements
    scores["seconds"] = round(time.perf_counter() - started, 2)
    scores["per_document"] = rows
    return scores


def score_peer(path: Path, name: str) -> dict[str, Any]:
    """Score `peers/<name>.json` against the gold bodies; a document missing from it counts as empty."""
    path = Path(path)
    gold = load_ground_truth(path)
    predictions = _load_bodies(path / "peers" / f"{name}.json")
    counts: list[Counts] = []
    rows: list[dict[str, Any]] = []
    missing = 0
    for key in sorted(gold):
        item = predictions.get(key)
        missing += item is None
        predicted = (item or {}).get("articleBody") or ""
        counts.append(match_counts(gold[key].get("articleBody") or "", predicted))
        rows.append(_row(key, gold[key].get("url"), counts[-1], None if item is not None else "missing"))
    return {"name": name, "documents": len(counts), **aggregate(counts), "errors": missing, "per_document": rows}


def _row(key: str, url: str | None, counts: Counts, error: str | None) -> dict[str, Any]:
    precision, recall = _precision(*counts), _recall(*counts)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {"id": key, "url": url, "precision": precision, "recall": recall, "f1": f1, "error": error}


def _load_bodies(file: Path) -> dict[str, dict[str, Any]]:
    """A benchmark JSON file, flat or wrapped in `{"output": ...}`; clear errors when it is unusable."""
    try:
        raw = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"{file}: cannot read it ({exc.strerror}); check the benchmark folder") from None
    if not raw.strip():
        raise ValueError(f"{file} is empty; regenerate it or leave it out")
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{file} is not valid JSON (line {exc.lineno}): {exc.msg}") from None
    if isinstance(data, dict) and isinstance(data.get("output"), dict):
        data = data["output"]
    if not isinstance(data, dict):
        raise ValueError(f"{file}: expected an object mapping document hashes to {{\"articleBody\": ...}}")
    return {str(k): (v if isinstance(v, dict) else {"articleBody": v}) for k, v in data.items()}
