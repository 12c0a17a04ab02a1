"""Events: the filters of the events explorer, the list (newest day first) and an event's page."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from newsgraph.analyze.plover import QUAD_CLASSES
from newsgraph.store.base import Store
from newsgraph.store.browse.articles import global_ids, span
from newsgraph.store.browse.paging import Page, keyset_page
from newsgraph.store.resolve import normalize
from newsgraph.store.search import ENTITY_IDS, as_id, country_codes, place_clause, where

# An event's day: its own explicit date when it is a calendar day, else the article's publication day.
# (no LIKE pattern: a literal % would be a placeholder to psycopg)
EVENT_DAY = ("coalesce(CASE WHEN substr(e.date_value, 1, 1) BETWEEN '0' AND '9' AND substr(e.date_value, 8, 1) = '-' "
             "AND substr(e.date_value, 10, 1) BETWEEN '0' AND '9' THEN substr(e.date_value, 1, 10) "
             "ELSE substr(a.published, 1, 10) END, '')")
EVENT_KEY = "coalesce(e.canonical_id, e.article_id || ':' || e.event_id)"
EVENT_COLUMNS = (
    'e.article_id, e.event_id, e."type", e.mode, e.context, e.source, e.target, e.trigger_start, e.trigger_end, '
    "e.trigger_text, e.sentence_start, e.sentence_end, e.place_id, e.date_value, e.date_basis, e.negated, "
    "e.hypothetical, e.quote_id, e.confidence, e.dead, e.injured, e.canonical_id"
)
EVENT_FROM = ("FROM events e JOIN articles a ON a.id = e.article_id "
              "LEFT JOIN places p ON p.article_id = e.article_id AND p.place_id = e.place_id")
ACTOR_JOIN = "JOIN article_entities ae ON ae.article_id = ea.article_id AND ae.entity_id = ea.entity_id"


@dataclass
class EventFilter:
    """Filters of the events explorer; every one optional, all combined with AND."""

    type: str | None = None
    actor: str | None = None  # a global entity id or a name or alias
    role: str | None = None  # with `actor`: only as "source" or as "target"
    country: str | None = None  # actor country (alpha-3) or place country (alpha-2)
    place: str | None = None  # GeoNames id or place name
    date_from: str | None = None
    date_to: str | None = None
    article: str | None = None
    story: str | None = None
    canonical: str | None = None

    def sql(self) -> tuple[list[str], list[Any]]:
        """WHERE clauses over `events e`, `articles a`, `places p`, and their parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.type:
            clauses.append('e."type" = ?')
            params.append(self.type.strip().upper())
        if self.actor:
            ids, id_params = entity_ids_sql(self.actor)
            role = "AND ea.role = ?" if self.role in ("source", "target") else ""
            # driven from the entity's rows (indexed), not checked event by event
            clauses.append(f"(e.article_id, e.event_id) IN (SELECT ea.article_id, ea.event_id FROM event_actors ea "
                           f"{ACTOR_JOIN} WHERE ae.global_entity_id IN ({ids}) {role})")
            params += id_params + ([self.role] if role else [])
        if self.country:
            alpha3, alpha2 = country_codes(self.country)
            clauses.append("(p.country_code = ? OR EXISTS (SELECT 1 FROM event_actors ea WHERE "
                           "ea.article_id = e.article_id AND ea.event_id = e.event_id AND ea.country = ?))")
            params += [alpha2, alpha3]
        if self.place:
            clause, place_params = place_clause(self.place)
            clauses.append(clause)
            params += place_params
        if self.date_from:
            clauses.append(f"{EVENT_DAY} >= ?")
            params.append(self.date_from[:10])
        if self.date_to:
            clauses.append(f"{EVENT_DAY} <= ?")
            params.append(self.date_to[:10])
        for column, value in (("e.article_id", self.article), ("a.story_id", self.story),
                              ("e.canonical_id", self.canonical)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        return clauses, params


def entity_ids_sql(value: str) -> tuple[str, list[Any]]:
    """A subquery of global entity ids for an id (digits) or a name or alias."""
    text = value.strip()
    if (entity_id := as_id(text)) is not None:
        return "SELECT ?", [entity_id]
    norm = normalize(text)
    return ENTITY_IDS, [norm, norm]


def _event_item(row: dict[str, Any], ids: dict[tuple[str, str], int]) -> dict[str, Any]:
    def actors(raw: str | None) -> list[dict[str, Any]]:
        out = []
        for actor in json.loads(raw or "[]"):
            out.append({**actor, "entity_id": ids.get((row["article_id"], actor.get("entity") or ""))})
        return out

    place = None
    if row["place_id"] is not None and row["place_name"] is not None:
        place = {"id": row["place_id"], "name": row["place_name"], "geonames_id": row["geonames_id"],
                 "lat": row["lat"], "lon": row["lon"], "country_code": row["country_code"]}
    return {
        "article_id": row["article_id"], "event_id": row["event_id"], "type": row["type"],
        "quad_class": QUAD_CLASSES.get(row["type"] or ""), "mode": row["mode"],
        "context": json.loads(row["context"] or "[]"), "day": row["day"] or None,
        "date": None if row["date_value"] is None else {"value": row["date_value"], "basis": row["date_basis"]},
        "source": actors(row["source"]), "target": actors(row["target"]),
        "trigger": span(row["trigger_start"], row["trigger_end"], row["trigger_text"]),
        "sentence": None if row["sentence_start"] is None else {"start": int(row["sentence_start"]),
                                                                 "end": int(row["sentence_end"])},
        "place": place, "negated": bool(row["negated"]), "hypothetical": bool(row["hypothetical"]),
        "quote": row["quote_id"], "confidence": row["confidence"], "dead": row["dead"], "injured": row["injured"],
        "canonical_id": row["canonical_id"],
        "article": {"id": row["article_id"], "title": row["title"], "published": row["published"],
                    "site_name": row["site_name"]},
    }


def _event_select(condition: str) -> str:
    return (f"SELECT {EVENT_COLUMNS}, {EVENT_DAY} AS day, a.title, a.published, a.site_name, p.name AS place_name, "
            f"p.geonames_id, p.lat, p.lon, p.country_code {EVENT_FROM} WHERE {condition}")


def list_events(store: Store, filters: EventFilter | None = None, *, cursor: str | None = None,
                limit: int = 50) -> Page:
    """Events matching the filters, newest day first."""
    clauses, params = (filters or EventFilter()).sql()
    with store.read() as tx:
        page = keyset_page(tx, "events", _event_select(where(clauses)), params, ("day", "article_id", "event_id"),
                           True, cursor, limit, lambda row: row)
        ids = global_ids(tx, {row["article_id"] for row in page.items})
    return Page([_event_item(row, ids) for row in page.items], page.next_cursor)


def get_event(store: Store, article_id: str, event_id: str) -> dict[str, Any] | None:
    """One event with its sentence text and the other reports of the same canonical event."""
    with store.read() as tx:
        row = tx.one(_event_select("e.article_id = ? AND e.event_id = ?"), (article_id, event_id))
        if row is None:
            return None
        event = _event_item(row, global_ids(tx, {article_id}))
        record = tx.one("SELECT record FROM articles WHERE id = ?", (article_id,))
        canonical = None
        if row["canonical_id"]:
            canonical = tx.one("SELECT * FROM canonical_events WHERE id = ?", (row["canonical_id"],))
            reports = tx.all("SELECT e.article_id, e.event_id, a.title, a.site_name, a.published FROM events e "
                             "JOIN articles a ON a.id = e.article_id WHERE e.canonical_id = ? "
                             "ORDER BY a.published, e.article_id, e.event_id", (row["canonical_id"],))
            canonical = {**(canonical or {"id": row["canonical_id"]}), "reports": reports}
    text = json.loads(record["record"])["text"] if record else ""
    sentence = event["sentence"]
    event["sentence_text"] = text[sentence["start"]:sentence["end"]] if sentence else None
    event["canonical"] = canonical
    return event
