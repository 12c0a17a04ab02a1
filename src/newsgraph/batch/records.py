"""Rows per kind (the columns of `store/columns.py`) back into contract article records, and the date partition.

The batch job writes `rows.record_rows(record, kind)` for every kind; `record_from_rows` is its inverse, so
a batch output can be loaded into a store without analyzing the pages again.
"""

from __future__ import annotations

import json
import re
from typing import Any

Row = dict[str, Any]
PARTITION_COLUMN = "published_date"
UNKNOWN_DATE = "unknown"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def publication_date(published: str | None) -> str:
    """The partition value: the `YYYY-MM-DD` prefix of the record's `published.value`, else `unknown`.

    Computed from the `published` column alone, so an export (`newsgraph export articles --format parquet`)
    can be partitioned the same way from its own rows.
    """
    if published and _ISO_DATE.match(published):
        return published[:10]
    return UNKNOWN_DATE


def _loads(text: str | None, default: Any) -> Any:
    return default if text is None else json.loads(text)


def _span(row: Row, prefix: str) -> dict[str, Any] | None:
    if row.get(f"{prefix}_start") is None:
        return None
    return {"start": row[f"{prefix}_start"], "end": row[f"{prefix}_end"], "text": row[f"{prefix}_text"]}


def _entity(row: Row) -> dict[str, Any]:
    has_actor = row.get("actor_country") is not None or row.get("actor_sector") is not None
    return {
        "id": row["entity_id"], "name": row["name"], "type": row["type"],
        "aliases": _loads(row["aliases"], []), "roles": _loads(row["roles"], []),
        "actor": {"country": row["actor_country"], "sector": row["actor_sector"]} if has_actor else None,
        "place": row["place_id"], "mentions": _loads(row["mentions"], []),
    }


def _place(row: Row) -> dict[str, Any]:
    return {
        "id": row["place_id"], "name": row["name"], "geonames_id": row["geonames_id"], "lat": row["lat"],
        "lon": row["lon"], "country_code": row["country_code"], "admin1": row["admin1"], "feature": row["feature"],
        "mentions": _loads(row["mentions"], []),
    }


def _time(row: Row) -> dict[str, Any]:
    return {"start": row["start"], "end": row["end"], "text": row["text"], "type": row["type"], "value": row["value"]}


def _quote(row: Row) -> dict[str, Any]:
    speaker = _span(row, "speaker")
    if speaker is not None:
        speaker = {"entity": row["speaker_entity"], **speaker}
    return {"id": row["quote_id"], "kind": row["kind"], "speaker": speaker, "cue": _span(row, "cue"),
            "content": _span(row, "content")}


def _event(row: Row) -> dict[str, Any]:
    sentence = None if row["sentence_start"] is None else {"start": row["sentence_start"], "end": row["sentence_end"]}
    date = None if row["date_value"] is None else {"value": row["date_value"], "basis": row["date_basis"]}
    return {
        "id": row["event_id"], "type": row["type"], "mode": row["mode"], "context": _loads(row["context"], []),
        "source": _loads(row["source"], []), "target": _loads(row["target"], []), "trigger": _span(row, "trigger"),
        "sentence": sentence, "place": row["place_id"], "date": date, "negated": row["negated"],
        "hypothetical": row["hypothetical"], "quote": row["quote_id"], "confidence": row["confidence"],
        "dead": row["dead"], "injured": row["injured"],
    }


def record_from_rows(article: Row, children: dict[str, list[Row]]) -> dict[str, Any]:
    """The contract record rebuilt from its `articles` row and its rows of the other kinds, in row order."""
    published = None if article["published"] is None else {
        "value": article["published"], "source": article["published_source"]}
    return {
        "schema": article["schema"],
        "id": article["article_id"],
        "url": article["url"],
        "site_name": article["site_name"],
        "title": article["title"],
        "summary": article["summary"],
        "language": article["language"],
        "authors": _loads(article["authors"], []),
        "published": published,
        "body": article["body"],
        "text": article["text"],
        "parts": _loads(article["parts"], []),
        "removed": _loads(article["removed"], []),
        "entities": [_entity(r) for r in children.get("entities", [])],
        "places": [_place(r) for r in children.get("places", [])],
        "times": [_time(r) for r in sorted(children.get("times", []), key=lambda r: r["time_index"])],
        "quotes": [_quote(r) for r in children.get("quotes", [])],
        "events": [_event(r) for r in children.get("events", [])],
        "pipeline": _loads(article["pipeline"], {}),
    }
