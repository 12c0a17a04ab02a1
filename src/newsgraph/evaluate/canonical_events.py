"""Canonical events scored on ECB+: is one canonical event one real-world event?

ECB+ marks event mentions and links those that refer to one real-world event across documents. An extracted
event whose trigger overlaps a gold mention stands for that mention's event (`GoldDocument.event_mentions`).
The records go through `StoryClusterer` and `EventMerger` in a shuffled order fixed by `seed`, as `newsgraph
ingest` would meet them (each article's story first, then its events), and every pair of such events from two
different documents is scored: merged into one canonical event or not, one gold event or not. Precision is the
share of merged pairs that are one gold event, recall the share of gold pairs merged (pairs the merger can never
join, of two PLOVER types, are counted too). Events the merger skips (negated, hypothetical) take no part.

The merger decides as reports arrive, so one order's figures say as much about the order as about the merger:
over 32 orders of the same records, precision spreads over about 0.07 (standard deviation 0.019). The figures
reported (`score_orders`) are the means over `ORDERS` orders, seeds 0 to `ORDERS` - 1, with their spread.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from statistics import mean, pstdev
from typing import Any

from newsgraph.config import Settings
from newsgraph.evaluate.stories import DEFAULT_SEED, GoldDocument, analyze, read_corpus, shuffled
from newsgraph.stories.cluster import StoryClusterer
from newsgraph.stories.features import StoryFeatures, features_of
from newsgraph.stories.merge_events import EventMerger

ORDERS = 32  # the mean over this many orders moves by about 0.003 from the choice of orders


def _gold_event(doc: GoldDocument, event: dict[str, Any]) -> str | None:
    """The gold event the extracted event's trigger overlaps (the first mention it overlaps), or None."""
    trigger = event.get("trigger") or {}
    start, end = trigger.get("start"), trigger.get("end")
    if start is None or end is None:
        return None
    for m_start, m_end, instance in doc.event_mentions:
        if m_start < end and start < m_end:
            return instance
    return None


def score_canonical_events(records: Sequence[dict[str, Any]], docs: Sequence[GoldDocument],
                           seed: int = DEFAULT_SEED, features: Sequence[StoryFeatures | None] | None = None
                           ) -> dict[str, Any]:
    """Pairwise precision and recall of the merger's canonical events against ECB+'s gold events.

    `features`: the records' story features (`story_features`), computed once for many orders."""
    if features is None:
        features = story_features(records)
    clusterer = StoryClusterer()
    merger = EventMerger()
    # (document index, gold event, canonical event) of every extracted event that is a gold mention
    matched: list[tuple[int, str, str]] = []
    merged_unmatched = 0
    canonical_docs: dict[str, set[int]] = defaultdict(set)
    for i in shuffled(docs, seed):
        record = records[i]
        if "error" in record:
            continue
        events = {str(e.get("id")): e for e in record.get("events") or []}
        feature = features[i]
        story = clusterer.add(feature).story_id if feature is not None else None
        for event_id, row in merger.add(record["id"], record, story=story):
            gold = _gold_event(docs[i], events[event_id])
            canonical_docs[row["id"]].add(i)
            if gold is not None:
                matched.append((i, gold, row["id"]))
            elif len(canonical_docs[row["id"]]) > 1:
                merged_unmatched += 1
    merged = merged_right = gold_pairs = gold_merged = 0
    for (doc_a, gold_a, canon_a), (doc_b, gold_b, canon_b) in combinations(matched, 2):
        if doc_a == doc_b:
            continue
        same_canonical, same_gold = canon_a == canon_b, gold_a == gold_b
        merged += same_canonical
        merged_right += same_canonical and same_gold
        gold_pairs += same_gold
        gold_merged += same_gold and same_canonical
    precision = merged_right / merged if merged else 0.0
    recall = gold_merged / gold_pairs if gold_pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "documents": len(docs), "canonical_events": len(merger), "events_on_gold_mentions": len(matched),
        "merged_pairs": merged, "gold_pairs": gold_pairs, "precision": round(precision, 4),
        "recall": round(recall, 4), "f1": round(f1, 4),
        "merged_events_off_gold_mentions": merged_unmatched, "order_seed": seed,
    }


def story_features(records: Sequence[dict[str, Any]]) -> list[StoryFeatures | None]:
    """Each record's story features, without the lead embedding (stories do not read it), None for errors."""
    return [None if "error" in record else features_of(record, lead=False) for record in records]


def score_orders(records: Sequence[dict[str, Any]], docs: Sequence[GoldDocument], orders: int = ORDERS
                 ) -> dict[str, Any]:
    """`score_canonical_events` over `orders` article orders (seeds 0 to `orders` - 1): the mean of every figure
    (counts too: how many pairs merge depends on the order), and the spread of precision and recall (standard
    deviation, lowest, highest)."""
    if orders < 1:
        raise ValueError("orders must be at least 1")
    features = story_features(records)
    runs = [score_canonical_events(records, docs, seed, features) for seed in range(orders)]
    figures: dict[str, Any] = {"orders": orders}
    for key in runs[0]:
        if key == "order_seed":
            continue
        values = [run[key] for run in runs]
        figures[key] = round(mean(values), 4 if key in ("precision", "recall", "f1") else 1)
        if key in ("precision", "recall"):
            figures[f"{key}_sd"] = round(pstdev(values), 4)
            figures[f"{key}_lowest"], figures[f"{key}_highest"] = min(values), max(values)
    return figures


def evaluate_canonical_events(path: str | Path, settings: Settings | None = None, limit: int | None = None,
                              orders: int = ORDERS) -> dict[str, Any]:
    """Score canonical events on the ECB+ folder at `path` (`newsgraph evaluate canonical-events`), as the mean
    over `orders` article orders."""
    from newsgraph.pipeline import Pipeline

    docs = read_corpus(Path(path), limit)
    records = analyze(docs, Pipeline(settings))
    return {**score_orders(records, docs, orders), "errors": sum("error" in r for r in records)}
