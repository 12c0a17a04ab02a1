"""The kinds of fact an article record holds (entities, places, times, quotes, events), each declared once.

A kind says everything the layers after the analysis need to know about it: its key in the record (also its
export kind and its batch dataset), its store table and the side tables filled from the same items, the
columns of its rows (the same in the store, in `export` and in the batch Parquet), how a record becomes rows
and how a row becomes the record's item again. The store, `export`, the batch job and its loader, and the
web's reader go through `FACT_KINDS`, and `tests/test_kinds.py` checks that they agree with it. It imports
only the article's typed facts, so anything may read it (the command line does, before anything heavy loads).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from newsgraph.article import Actor, Entity, Role
from newsgraph.facts import Event, EventActor, EventDate, Place, Quote, Range, Speaker, TextSpan, Time

Record = dict[str, Any]
Fact = Entity | Place | Time | Quote | Event
Row = dict[str, Any]
# A column and its type: "str", "int", "float", "bool", or "json" (JSON text in a string column).
Column = tuple[str, str]
COLUMN_TYPES = frozenset({"str", "int", "float", "bool", "json"})


@dataclass(frozen=True)
class Table:
    """A store table filled from a kind's items, and how a record becomes its rows."""

    name: str
    rows: Callable[[Record], list[Row]]
    versioned: bool = True  # has a pipeline_version column


@dataclass(frozen=True)
class Kind:
    """One kind of fact: where it lives in the record, the store, the exports and the batch output."""

    name: str  # the record's key, the export kind, the batch dataset
    table: str  # the store table of its rows
    key: str  # the column that tells one row from another within its article
    count: str  # the `articles` row's column counting its items
    columns: tuple[Column, ...]
    rows: Callable[[Record], list[Row]]  # a record's items as rows with exactly `columns`
    item: Callable[[Row], Fact]  # a row back into the fact it was made from
    side_tables: tuple[Table, ...] = ()  # store tables filled from the same items, never exported
    rows_sorted_by_key: bool = False  # the items are in the order of their key (times: their index)

    def column_names(self) -> list[str]:
        return [name for name, _ in self.columns]

    def store_tables(self) -> tuple[Table, ...]:
        """Every store table holding this kind's rows, its own first."""
        return (Table(self.table, self.rows), *self.side_tables)


def json_text(value: Any) -> str:
    """A nested value as compact JSON text, for a "json" column."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _loads(text: str | None, default: Any) -> Any:
    return default if text is None else json.loads(text)


def _span_columns(prefix: str, span: dict[str, Any] | None) -> Row:
    span = span or {}
    return {f"{prefix}_start": span.get("start"), f"{prefix}_end": span.get("end"), f"{prefix}_text": span.get("text")}


def _span_from_columns(row: Row, prefix: str) -> TextSpan | None:
    if row.get(f"{prefix}_start") is None:
        return None
    return TextSpan(row[f"{prefix}_start"], row[f"{prefix}_end"], row[f"{prefix}_text"])


# entities -------------------------------------------------------------------------------------------------

def entity_rows(record: Record) -> list[Row]:
    rows = []
    for entity in record.get("entities") or []:
        actor = entity.get("actor") or {}
        mentions = entity.get("mentions") or []
        rows.append({
            "article_id": record["id"],
            "entity_id": entity["id"],
            "name": entity.get("name"),
            "type": entity.get("type"),
            "aliases": json_text(entity.get("aliases") or []),
            "roles": json_text(entity.get("roles") or []),
            "actor_country": actor.get("country"),
            "actor_sector": actor.get("sector"),
            "place_id": entity.get("place"),
            "mention_count": len(mentions),
            "mentions": json_text(mentions),
        })
    return rows


def mention_rows(record: Record) -> list[Row]:
    return [
        {"article_id": record["id"], "entity_id": entity["id"], "start": m["start"], "end": m["end"], "text": m["text"]}
        for entity in record.get("entities") or []
        for m in entity.get("mentions") or []
    ]


def entity_item(row: Row) -> Entity:
    has_actor = row.get("actor_country") is not None or row.get("actor_sector") is not None
    return Entity(
        id=row["entity_id"], name=row["name"], type=row["type"],
        mentions=[TextSpan.from_record(m) for m in _loads(row["mentions"], [])], aliases=_loads(row["aliases"], []),
        roles=[Role.from_record(r) for r in _loads(row["roles"], [])],
        actor=Actor(row["actor_country"], row["actor_sector"]) if has_actor else None, place=row["place_id"],
    )


ENTITIES = Kind(
    name="entities", table="article_entities", key="entity_id", count="entity_count",
    columns=(
        ("article_id", "str"), ("entity_id", "str"), ("name", "str"), ("type", "str"), ("aliases", "json"),
        ("roles", "json"), ("actor_country", "str"), ("actor_sector", "str"), ("place_id", "str"),
        ("mention_count", "int"), ("mentions", "json"),
    ),
    rows=entity_rows, item=entity_item, side_tables=(Table("mentions", mention_rows),),
)


# places ---------------------------------------------------------------------------------------------------

def place_rows(record: Record) -> list[Row]:
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
            "mentions": json_text(mentions),
        })
    return rows


def place_item(row: Row) -> Place:
    return Place(
        id=row["place_id"], name=row["name"], geonames_id=row["geonames_id"], lat=row["lat"], lon=row["lon"],
        country_code=row["country_code"], admin1=row["admin1"], feature=row["feature"],
        mentions=[TextSpan.from_record(m) for m in _loads(row["mentions"], [])],
    )


PLACES = Kind(
    name="places", table="places", key="place_id", count="place_count",
    columns=(
        ("article_id", "str"), ("place_id", "str"), ("name", "str"), ("geonames_id", "int"), ("lat", "float"),
        ("lon", "float"), ("country_code", "str"), ("admin1", "str"), ("feature", "str"), ("mention_count", "int"),
        ("mentions", "json"),
    ),
    rows=place_rows, item=place_item,
)


# times ----------------------------------------------------------------------------------------------------

def time_rows(record: Record) -> list[Row]:
    return [
        {"article_id": record["id"], "time_index": index, "start": time.get("start"), "end": time.get("end"),
         "text": time.get("text"), "type": time.get("type"), "value": time.get("value")}
        for index, time in enumerate(record.get("times") or [])
    ]


def time_item(row: Row) -> Time:
    return Time(row["start"], row["end"], row["text"], row["type"], row["value"])


TIMES = Kind(
    name="times", table="times", key="time_index", count="time_count",
    columns=(
        ("article_id", "str"), ("time_index", "int"), ("start", "int"), ("end", "int"), ("text", "str"),
        ("type", "str"), ("value", "str"),
    ),
    rows=time_rows, item=time_item, rows_sorted_by_key=True,
)


# quotes ---------------------------------------------------------------------------------------------------

def quote_rows(record: Record) -> list[Row]:
    rows = []
    for quote in record.get("quotes") or []:
        speaker = quote.get("speaker") or {}
        rows.append({
            "article_id": record["id"],
            "quote_id": quote["id"],
            "kind": quote.get("kind"),
            "speaker_entity": speaker.get("entity"),
            **_span_columns("speaker", quote.get("speaker")),
            **_span_columns("cue", quote.get("cue")),
            **_span_columns("content", quote.get("content")),
        })
    return rows


def quote_item(row: Row) -> Quote:
    named = _span_from_columns(row, "speaker")
    speaker = None if named is None else Speaker(row["speaker_entity"], named.start, named.end, named.text)
    content = _span_from_columns(row, "content")
    assert content is not None  # a quote always has its content
    return Quote(row["quote_id"], row["kind"], speaker, _span_from_columns(row, "cue"), content)


QUOTES = Kind(
    name="quotes", table="quotes", key="quote_id", count="quote_count",
    columns=(
        ("article_id", "str"), ("quote_id", "str"), ("kind", "str"), ("speaker_entity", "str"),
        ("speaker_start", "int"), ("speaker_end", "int"), ("speaker_text", "str"), ("cue_start", "int"),
        ("cue_end", "int"), ("cue_text", "str"), ("content_start", "int"), ("content_end", "int"),
        ("content_text", "str"),
    ),
    rows=quote_rows, item=quote_item,
)


# events ---------------------------------------------------------------------------------------------------

def event_rows(record: Record) -> list[Row]:
    rows = []
    for event in record.get("events") or []:
        sentence = event.get("sentence") or {}
        date = event.get("date") or {}
        rows.append({
            "article_id": record["id"],
            "event_id": event["id"],
            "type": event.get("type"),
            "mode": event.get("mode"),
            "context": json_text(event.get("context") or []),
            "source": json_text(event.get("source") or []),
            "target": json_text(event.get("target") or []),
            **_span_columns("trigger", event.get("trigger")),
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


def event_actor_rows(record: Record) -> list[Row]:
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


def event_item(row: Row) -> Event:
    sentence = None if row["sentence_start"] is None else Range(row["sentence_start"], row["sentence_end"])
    date = None if row["date_value"] is None else EventDate(row["date_value"], row["date_basis"])
    return Event(
        id=row["event_id"], type=row["type"], mode=row["mode"], context=_loads(row["context"], []),
        source=[EventActor.from_record(a) for a in _loads(row["source"], [])],
        target=[EventActor.from_record(a) for a in _loads(row["target"], [])],
        trigger=_span_from_columns(row, "trigger"), sentence=sentence, place=row["place_id"], date=date,
        negated=row["negated"], hypothetical=row["hypothetical"], quote=row["quote_id"],
        confidence=row["confidence"], dead=row["dead"], injured=row["injured"],
    )


EVENTS = Kind(
    name="events", table="events", key="event_id", count="event_count",
    columns=(
        ("article_id", "str"), ("event_id", "str"), ("type", "str"), ("mode", "str"), ("context", "json"),
        ("source", "json"), ("target", "json"), ("trigger_start", "int"), ("trigger_end", "int"),
        ("trigger_text", "str"), ("sentence_start", "int"), ("sentence_end", "int"), ("place_id", "str"),
        ("date_value", "str"), ("date_basis", "str"), ("negated", "bool"), ("hypothetical", "bool"),
        ("quote_id", "str"), ("confidence", "float"), ("dead", "int"), ("injured", "int"), ("canonical_id", "str"),
    ),
    rows=event_rows, item=event_item, side_tables=(Table("event_actors", event_actor_rows, versioned=False),),
)


# In the record's order: every list of kinds in the package follows it.
FACT_KINDS: tuple[Kind, ...] = (ENTITIES, PLACES, TIMES, QUOTES, EVENTS)
FACT_NAMES: tuple[str, ...] = tuple(kind.name for kind in FACT_KINDS)
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in FACT_KINDS}
