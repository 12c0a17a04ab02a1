"""Flatten one contract article record into rows per kind (the columns of `columns.py`).

Both backends insert these rows and `export` writes them, so the SQL of the two backends is the only
thing that differs between them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from newsgraph.dates import iso_date


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _span(prefix: str, span: dict | None) -> dict[str, Any]:
    span = span or {}
    return {f"{prefix}_start": span.get("start"), f"{prefix}_end": span.get("end"), f"{prefix}_text": span.get("text")}


def published_value(record: dict) -> str | None:
    """The record's publication date as ISO 8601; None when absent or not a date (a record from an older
    newsgraph), so it neither sorts first nor breaks the charts."""
    published = record.get("published")
    value = published.get("value") if isinstance(published, dict) else None
    return iso_date(value) if isinstance(value, str) else None


def article_rows(record: dict) -> list[dict[str, Any]]:
    published = (record.get("published") or {}) if published_value(record) else {}
    pipeline = record.get("pipeline") or {}
    return [{
        "article_id": record["id"],
        "schema": record.get("schema"),
        "url": record.get("url"),
        "site_name": record.get("site_name"),
        "title": record.get("title"),
        "summary": record.get("summary"),
        "language": record.get("language"),
        "authors": _json(record.get("authors") or []),
        "published": published_value(record),
        "published_source": published.get("source"),
        "body": record.get("body"),
        "text": record.get("text"),
        "parts": _json(record.get("parts") or []),
        "removed": _json(record.get("removed") or []),
        "pipeline_version": pipeline.get("version"),
        "pipeline_model": pipeline.get("model"),
        "pipeline": _json(pipeline),
        "entity_count": len(record.get("entities") or []),
        "place_count": len(record.get("places") or []),
        "time_count": len(record.get("times") or []),
        "quote_count": len(record.get("quotes") or []),
        "event_count": len(record.get("events") or []),
    }]


def entity_rows(record: dict) -> list[dict[str, Any]]:
    rows = []
    for entity in record.get("entities") or []:
        actor = entity.get("actor") or {}
        mentions = entity.get("mentions") or []
        rows.append({
            "article_id": record["id"],
            "entity_id": entity["id"],
            "name": entity.get("name"),
            "type": entity.get("type"),
            "aliases": _json(entity.get("aliases") or []),
            "roles": _json(entity.get("roles") or []),
            "actor_country": actor.get("country"),
            "actor_sector": actor.get("sector"),
            "place_id": entity.get("place"),
            "mention_count": len(mentions),
            "mentions": _json(mentions),
        })
    return rows


def place_rows(record: dict) -> list[dict[str, Any]]:
    rows = []
    for place in record.get("places") or []:
        mentions = place.get("mentions") or []
        rows.append({
            "article_id": record["id"],
            "place_id": place["id"],
            "name": place.get("name"),
            "geonames_id": place.get("geonames_id"),
            "lat": place.get("lat"),
            "lon": place.get("lon"),
            "country_code": place.get("country_code"),
            "admin1": place.get("admin1"),
            "feature": place.get("feature"),
            "mention_count": len(mentions),
            "mentions": _json(mentions),
        })
    return rows


def time_rows(record: dict) -> list[dict[str, Any]]:
    return [
        {"article_id": record["id"], "time_index": index, "start": time.get("start"), "end": time.get("end"),
         "text": time.get("text"), "type": time.get("type"), "value": time.get("value")}
        for index, time in enumerate(record.get("times") or [])
    ]


def quote_rows(record: dict) -> list[dict[str, Any]]:
    rows = []
    for quote in record.get("quotes") or []:
        speaker = quote.get("speaker") or {}
        rows.append({
            "article_id": record["id"],
            "quote_id": quote["id"],
            "kind": quote.get("kind"),
            "speaker_entity": speaker.get("entity"),
            **_span("speaker", quote.get("speaker")),
            **_span("cue", quote.get("cue")),
            **_span("content", quote.get("content")),
        })
    return rows


def event_rows(record: dict) -> list[dict[str, Any]]:
    rows = []
    for event in record.get("events") or []:
        sentence = event.get("sentence") or {}
        date = event.get("date") or {}
        rows.append({
            "article_id": record["id"],
            "event_id": event["id"],
            "type": event.get("type"),
            "mode": event.get("mode"),
            "context": _json(event.get("context") or []),
            "source": _json(event.get("source") or []),
            "target": _json(event.get("target") or []),
            **_span("trigger", event.get("trigger")),
            "sentence_start": sentence.get("start"),
            "sentence_end": sentence.get("end"),
            "place_id": event.get("place"),
            "date_value": date.get("value"),
            "date_basis": date.get("basis"),
            "negated": bool(event.get("negated", False)),
            "hypothetical": bool(event.get("hypothetical", False)),
            "quote_id": event.get("quote"),
            "confidence": event.get("confidence"),
            "dead": event.get("dead"),
            "injured": event.get("injured"),
            "canonical_id": None,  # set by the store when the event joins a canonical event
        })
    return rows


def event_actor_rows(record: dict) -> list[dict[str, Any]]:
    """One row per source/target actor span of every event: what the actor-country filter searches."""
    rows = []
    for event in record.get("events") or []:
        for role in ("source", "target"):
            for actor in event.get(role) or []:
                rows.append({
                    "article_id": record["id"], "event_id": event["id"], "role": role,
                    "entity_id": actor.get("entity"), "start": actor.get("start"), "end": actor.get("end"),
                    "text": actor.get("text"), "country": actor.get("country"), "sector": actor.get("sector"),
                })
    return rows


def mention_rows(record: dict) -> list[dict[str, Any]]:
    return [
        {"article_id": record["id"], "entity_id": entity["id"], "start": m["start"], "end": m["end"], "text": m["text"]}
        for entity in record.get("entities") or []
        for m in entity.get("mentions") or []
    ]


ROW_BUILDERS: dict[str, Callable[[dict], list[dict[str, Any]]]] = {
    "articles": article_rows,
    "entities": entity_rows,
    "places": place_rows,
    "times": time_rows,
    "quotes": quote_rows,
    "events": event_rows,
}


def record_rows(record: dict, kind: str) -> list[dict[str, Any]]:
    """The rows of one kind for one record, each with exactly the columns of `columns.COLUMNS[kind]`."""
    return ROW_BUILDERS[kind](record)
