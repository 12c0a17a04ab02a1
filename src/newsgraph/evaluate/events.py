"""The event gate: PLOVER's gold-standard records (sentences of the CAMEO manual coded in PLOVER), scored.

Each record's `text` is analyzed as a `body_only` document by the whole pipeline with the event stage. Scores:

* `type_accuracy`: share of records whose gold category is among the categories predicted for the sentence;
* `macro_f1`, `per_type`: the sentence's most confident event as a single-label classification (no event: NONE),
  F1 per gold category, averaged over the categories the gold uses;
* `source_f1`, `target_f1`: actors of the event that codes the gold category (else the most confident event)
  against the gold actors, one to one, matching by country code and, where the gold codes one, sector;
* `precision_at_default`, `pr_curve`: every predicted event is right when its category is one the gold gives
  that sentence (a sentence may carry several records); precision and recall over `confidence` thresholds.

The gold's `FIGHT` (an older PLOVER category) is ASSAULT in the contract; CAMEO's non-ISO country codes are
mapped to ISO (JAP: JPN), IGO/NGO/IMG codes compare as sectors, and religion sectors (MOS, CHR, ...) as REL.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from newsgraph.analyze.event_lexicon import EventLexicon
from newsgraph.analyze.events import DEFAULT_THRESHOLD, EventStage
from newsgraph.config import Settings
from newsgraph.document import Document
from newsgraph.errors import UsageError

Actor = tuple[str | None, str | None]

GOLD_TYPES = {"FIGHT": "ASSAULT"}
CAMEO_COUNTRIES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
NON_STATE_CODES = {"IGO": "IGO", "NGO": "NGO", "IMG": "REB", "ISM": "REL"}
RELIGIONS = frozenset({"MOS", "CHR", "JEW", "HIN", "BUD", "SIK", "REL"})
SECTOR_FIXES = {"CIV": "CVL"}
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(1, 20))


def gold_actors(value: Any) -> list[Actor]:
    """The gold `source` or `target` as (country, sector) pairs; an empty or textual field is no actor."""
    if not isinstance(value, list):
        return []
    actors: list[Actor] = []
    for item in value:
        if not isinstance(item, dict):
            continue
        code = str(item.get("code") or "").strip().upper()[:3] or None
        sector = str(item.get("sector") or "").strip().upper()[:3] or None
        if sector == "***":
            sector = None
        sector = "REL" if sector in RELIGIONS else SECTOR_FIXES.get(sector or "", sector)
        if code in NON_STATE_CODES:
            actors.append((None, NON_STATE_CODES[code]))
        else:
            actors.append((CAMEO_COUNTRIES.get(code or "", code), sector))
    return actors


def actor_matches(predicted: Actor, gold: Actor) -> bool:
    country, sector = gold
    if country is None:
        return predicted[1] == sector
    return predicted[0] == country and (sector is None or predicted[1] == sector)


def match_actors(predicted: list[Actor], gold: list[Actor]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives), one predicted actor per gold actor."""
    unused = list(predicted)
    tp = 0
    for actor in gold:
        hit = next((p for p in unused if actor_matches(p, actor)), None)
        if hit is not None:
            unused.remove(hit)
            tp += 1
    return tp, len(unused), len(gold) - tp


def f1(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def read_records(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The gold records with a text (the DOCUMENT records that document the file are skipped)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the PLOVER gold records at {path}: {exc}") from exc
    if not isinstance(data, list):
        raise UsageError(f"{path} is not a JSON list of PLOVER records")
    records = [r for r in data if isinstance(r, dict) and r.get("event") != "DOCUMENT" and r.get("text")]
    return records[:limit] if limit is not None else records


def evaluate_events(path: Path, settings: Settings | None = None, limit: int | None = None,
                    lexicon: EventLexicon | None = None) -> dict[str, Any]:
    """Score the event stage on PLOVER_GSR_CAMEO.json (see the module docstring for the measures)."""
    records = read_records(path, limit)
    outputs = analyze_texts(records, settings, lexicon)
    scores = score(records, {text: output.get("events", []) for text, output in outputs.items()}, DEFAULT_THRESHOLD)
    scores["errors"] = sum("error" in output for output in outputs.values())
    return scores


def analyze_texts(records: list[dict[str, Any]], settings: Settings | None = None,
                  lexicon: EventLexicon | None = None) -> dict[str, dict[str, Any]]:
    """Each distinct record text's analysis by the whole pipeline, with every event whatever its confidence (so
    that the precision-recall curve covers all thresholds)."""
    from newsgraph.pipeline import Pipeline, check_stages

    pipeline = Pipeline(settings)
    pipeline.stages = [stage for stage in pipeline.stages if not isinstance(stage, EventStage)]
    learned = pipeline.settings.event_coder == "learned"
    pipeline.stages = check_stages([*pipeline.stages, EventStage(lexicon=lexicon, min_confidence=0.0, model=learned)])
    texts = list(dict.fromkeys(r["text"] for r in records))
    documents = (Document(id=f"gsr-{i}", kind="text", content=t, body_only=True) for i, t in enumerate(texts))
    return dict(zip(texts, pipeline.analyze(documents), strict=True))


def score(records: list[dict[str, Any]], events: dict[str, list[dict[str, Any]]], threshold: float
          ) -> dict[str, Any]:
    """All the gate's measures from the gold records and the events predicted for each text."""
    gold_by_text: dict[str, set[str]] = defaultdict(set)
    for record in records:
        gold_by_text[record["text"]].add(GOLD_TYPES.get(record["event"], record["event"]))
    hits = 0
    confusion: Counter[tuple[str, str]] = Counter()
    actor_counts = {"source": [0, 0, 0], "target": [0, 0, 0]}
    for record in records:
        gold = GOLD_TYPES.get(record["event"], record["event"])
        shown = [e for e in events.get(record["text"], []) if e["confidence"] >= threshold]
        hits += gold in {e["type"] for e in shown}
        primary = max(shown, key=lambda e: e["confidence"], default=None)
        confusion[(gold, primary["type"] if primary else "NONE")] += 1
        same = [e for e in shown if e["type"] == gold]
        chosen = max(same, key=lambda e: e["confidence"]) if same else primary
        for role in ("source", "target"):
            predicted = [(a["country"], a["sector"]) for a in chosen[role]] if chosen else []
            for i, n in enumerate(match_actors(predicted, gold_actors(record.get(role)))):
                actor_counts[role][i] += n
    labels = sorted({g for g, _ in confusion})
    per_type = {}
    for label in labels:
        tp = confusion[(label, label)]
        fp = sum(n for (g, p), n in confusion.items() if p == label and g != label)
        fn = sum(n for (g, p), n in confusion.items() if g == label and p != label)
        precision, recall, f = f1(tp, fp, fn)
        per_type[label] = {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f, 4),
                           "support": tp + fn}
    curve = pr_curve(gold_by_text, events)
    at_default = next((p for p in curve if p["threshold"] == threshold), None)
    result: dict[str, Any] = {
        "documents": len(records),
        "texts": len(gold_by_text),
        "threshold": threshold,
        "type_accuracy": round(hits / len(records), 4) if records else 0.0,
        "macro_f1": round(sum(p["f1"] for p in per_type.values()) / len(per_type), 4) if per_type else 0.0,
        "per_type": per_type,
        "precision_at_default": at_default["precision"] if at_default else None,
        "recall_at_default": at_default["recall"] if at_default else None,
        "pr_curve": curve,
    }
    for role, (tp, fp, fn) in actor_counts.items():
        precision, recall, f = f1(tp, fp, fn)
        result[f"{role}_precision"], result[f"{role}_recall"] = round(precision, 4), round(recall, 4)
        result[f"{role}_f1"] = round(f, 4)
    return result


def pr_curve(gold_by_text: dict[str, set[str]], events: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Precision and recall of the events at or above each confidence threshold."""
    total = sum(len(types) for types in gold_by_text.values())
    curve = []
    for threshold in THRESHOLDS:
        shown = right = 0
        found = 0
        for text, types in gold_by_text.items():
            kept = [e for e in events.get(text, []) if e["confidence"] >= threshold]
            shown += len(kept)
            right += sum(e["type"] in types for e in kept)
            found += len(types & {e["type"] for e in kept})
        curve.append({"threshold": threshold, "events": shown,
                      "precision": round(right / shown, 4) if shown else None,
                      "recall": round(found / total, 4) if total else None})
    return curve
