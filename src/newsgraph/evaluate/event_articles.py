"""Events in whole news articles, scored against exhaustive gold annotations (`events/articles/*.json`).

The matching follows the annotation guideline (`../shared/data/events/articles/README.md`), the same rules as
`../shared/tools/score-events`, so the two print the same figures:
* an extracted event matches a gold event when its trigger starts inside the gold sentence and its category is
  one of the gold categories; each gold event is matched once (the best of several candidates: trigger words
  inside the gold trigger, then actors right, then required before optional);
* precision counts extracted events that match any gold event; recall counts required gold events matched;
* an actor is right when a gold name and an extracted actor's text, entity name or alias contain one another as
  whole words (case-insensitive), or the gold code's country is the actor's; an empty gold actor is right only
  when nothing was extracted; "full" needs category, source and target right;
* a place is right when the extracted place's name or one of its mentions and the gold place contain one another,
  or the place's name holds the gold place's first word.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from newsgraph.config import Settings
from newsgraph.document import Document
from newsgraph.errors import UsageError
from newsgraph.evaluate.running import analyze_exact

Record = dict[str, Any]


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("\u2019", "'")).strip().lower()


def _contains(big: str, small: str) -> bool:
    """`small` occurs in `big` as whole words."""
    big, small = _norm(big), _norm(small)
    return bool(big and small) and re.search(r"(?<!\w)" + re.escape(small) + r"(?!\w)", big) is not None


def names_match(names: list[str], gold_names: list[str]) -> bool:
    """An actor's name and a gold name contain each other as whole words (score-events' rule for actors)."""
    return any(_contains(n, g) or _contains(g, n) for n in names for g in gold_names)


def place_matches(names: list[str], gold_place: str) -> bool:
    """A place's name or mention and the gold place contain each other, or holds the gold's first word
    ("Shangla District" for "Shangla")."""
    first = _norm(gold_place).split(" ")[0]
    return any(_contains(n, gold_place) or _contains(gold_place, n) or (bool(first) and _contains(n, first))
               for n in names if n)


def code_country(code: str | None) -> str:
    """The country of a gold actor code ("TUR REB": TUR); empty when it names none."""
    country = code.split()[0] if code and code.split() else ""
    return country if len(country) == 3 and country != "---" else ""


def _types(gold: Record) -> set[str]:
    kind = gold["type"]
    return set(kind) if isinstance(kind, list) else {kind}


class _Article:
    """One gold article beside its record: where each gold sentence is, and the record's entities and places."""

    def __init__(self, gold: Record, record: Record) -> None:
        self.gold, self.record = gold, record
        self.text: str = record.get("text") or gold["text"]
        self.entities = {e["id"]: e for e in record.get("entities", [])}
        self.places = {p["id"]: p for p in record.get("places", [])}
        self.spans: list[tuple[int, int] | None] = []
        for event in gold["events"]:
            at = self.text.find(event["sentence"])
            self.spans.append((at, at + len(event["sentence"])) if at >= 0 else None)

    def names(self, actor: Record) -> list[str]:
        names = [actor.get("text") or ""]
        entity = self.entities.get(actor.get("entity") or "")
        if entity:
            names += [entity.get("name") or "", *(entity.get("aliases") or [])]
        return [n for n in names if n]

    def actor_right(self, gold_names: list[str], gold_code: str | None, got: list[Record]) -> bool:
        if not gold_names and not gold_code:
            return not got
        country = code_country(gold_code)
        return any((country and actor.get("country") == country) or names_match(self.names(actor), gold_names)
                   for actor in got)

    def place_right(self, gold_place: str, place_id: str | None) -> bool:
        place = self.places.get(place_id or "")
        if not place:
            return False
        names = [place.get("name") or ""]
        names += [self.text[m["start"]:m["end"]] for m in place.get("mentions") or []]
        return place_matches(names, gold_place)

    def roles_right(self, gold: Record, event: Record) -> tuple[bool, bool]:
        return (self.actor_right(gold.get("source") or [], gold.get("source_code"), event.get("source") or []),
                self.actor_right(gold.get("target") or [], gold.get("target_code"), event.get("target") or []))


def _match_quality(article: _Article, gold: Record, event: Record) -> tuple[bool, int, bool]:
    """How well an extracted event fits a gold one it overlaps: trigger inside the gold's, actors right, required."""
    inside = _norm((event.get("trigger") or {}).get("text")) in _norm(gold.get("trigger"))
    return inside, sum(article.roles_right(gold, event)), not gold.get("optional")


def read_articles(path: Path, limit: int | None = None) -> list[Record]:
    try:
        documents: list[Record] = json.loads(path.read_text(encoding="utf-8"))["documents"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"cannot read annotated articles at {path} ({exc}); give a file in the format of "
                         f"events/articles/README.md") from exc
    return documents[:limit] if limit is not None else documents


def score_articles(golds: list[Record], records: dict[str, Record]) -> dict[str, Any]:
    """Every figure of the module docstring, from gold articles and the records made for them (by id)."""
    c: Counter[str] = Counter()
    recall_by_type: dict[str, list[float]] = {}
    for gold_article in golds:
        article = _Article(gold_article, records.get(gold_article["id"], {}))
        gold_events = gold_article["events"]
        matched: dict[int, Record] = {}
        for event in article.record.get("events", []):
            c["extracted"] += 1
            trigger = (event.get("trigger") or {}).get("start", -1)
            candidates = [i for i, g in enumerate(gold_events) if i not in matched and article.spans[i]
                          and article.spans[i][0] <= trigger < article.spans[i][1]  # type: ignore[index]
                          and event.get("type") in _types(g)]
            if not candidates:
                continue
            c["true"] += 1
            matched[max(candidates, key=lambda i: _match_quality(article, gold_events[i], event))] = event
        for i, g in enumerate(gold_events):
            required = not g.get("optional")
            c["required"] += required
            share = 1 / len(_types(g))
            for kind in _types(g):
                recall_by_type.setdefault(kind, [0.0, 0.0])[1] += required * share
            event = matched.get(i)
            if event is None:
                continue
            source, target = article.roles_right(g, event)
            c["matched"] += 1
            c["matched_required"] += required
            c["source"] += source
            c["target"] += target
            c["full"] += source and target
            c["full_required"] += source and target and required
            for kind in _types(g):
                recall_by_type[kind][0] += required * share
            if g.get("place"):
                c["place_judged"] += 1
                c["place"] += article.place_right(g["place"], event.get("place"))
    type_p, type_r = c["true"] / max(c["extracted"], 1), c["matched_required"] / max(c["required"], 1)
    full_p, full_r = c["full"] / max(c["extracted"], 1), c["full_required"] / max(c["required"], 1)
    return {
        "documents": len(golds), "extracted": c["extracted"], "gold_required": c["required"],
        "type_precision": round(type_p, 3), "type_recall": round(type_r, 3), "type_f1": round(_f1(type_p, type_r), 3),
        "full_precision": round(full_p, 3), "full_recall": round(full_r, 3), "full_f1": round(_f1(full_p, full_r), 3),
        "source_right_of_matched": round(c["source"] / max(c["matched"], 1), 3),
        "target_right_of_matched": round(c["target"] / max(c["matched"], 1), 3),
        "place_right_of_matched": round(c["place"] / max(c["place_judged"], 1), 3),
        "per_type": {kind: {"recall": round(m / n, 3) if n else 0.0, "required": round(n, 2)}
                     for kind, (m, n) in sorted(recall_by_type.items())},
    }


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def evaluate_event_articles(path: Path, settings: Settings | None = None, limit: int | None = None
                            ) -> dict[str, Any]:
    """Analyze each annotated article as `score-events` does (body_only, its publication date) and score it."""
    golds = read_articles(path, limit)
    inputs = [Document(id=g["id"], kind="text", content=g["text"], published=g.get("published"), body_only=True)
              for g in golds]
    records = {record["id"]: record for record in analyze_exact(inputs, settings)}
    return score_articles(golds, records)
