"""Counts over the (filtered) events: per day and quad class, top actors, the places of the map.

What the dashboard shows and the events explorer charts.
"""

from __future__ import annotations

from typing import Any

from newsgraph.analyze.plover import QUAD_CLASSES
from newsgraph.dates import iso_date
from newsgraph.store.base import Store
from newsgraph.store.browse.entities import entity_item
from newsgraph.store.browse.events import ACTOR_JOIN, EVENT_DAY, EVENT_FROM, EVENT_KEY, EventFilter
from newsgraph.store.browse.paging import clamp_limit
from newsgraph.store.browse.places import PLACE_KEY, place_item
from newsgraph.store.search import where


def events_by_day(store: Store, filters: EventFilter | None = None) -> list[dict[str, Any]]:
    """Event counts per day and PLOVER quad class (canonical events counted once), oldest day first."""
    clauses, params = (filters or EventFilter()).sql()
    statement = (f'SELECT {EVENT_DAY} AS day, e."type" AS "type", count(DISTINCT {EVENT_KEY}) AS n {EVENT_FROM} '
                 f'WHERE {where(clauses)} GROUP BY {EVENT_DAY}, e."type"')
    counts: dict[tuple[str, str], int] = {}
    with store.read() as tx:
        for row in tx.all(statement, params):
            if iso_date(row["day"] or "") is None:  # undated, or a date stored by an older newsgraph that is none
                continue
            key = (row["day"], QUAD_CLASSES.get(row["type"] or "", "material conflict"))
            counts[key] = counts.get(key, 0) + int(row["n"])
    return [{"day": day, "quad_class": quad, "count": n} for (day, quad), n in sorted(counts.items())]


def top_actors(store: Store, filters: EventFilter | None = None, limit: int = 10) -> list[dict[str, Any]]:
    """The entities that appear most often as the source or target of events."""
    clauses, params = (filters or EventFilter()).sql()
    statement = (
        'SELECT en.id, en.name, en."type" AS "type", en.actor_country, en.actor_sector, '
        f"count(DISTINCT {EVENT_KEY}) AS events FROM event_actors ea {ACTOR_JOIN} "
        "JOIN entities en ON en.id = ae.global_entity_id "
        "JOIN events e ON e.article_id = ea.article_id AND e.event_id = ea.event_id "
        "JOIN articles a ON a.id = e.article_id "
        "LEFT JOIN places p ON p.article_id = e.article_id AND p.place_id = e.place_id "
        f'WHERE {where(clauses)} GROUP BY en.id, en.name, en."type", en.actor_country, en.actor_sector '
        "ORDER BY events DESC, en.id LIMIT ?"
    )
    with store.read() as tx:
        rows = tx.all(statement, params + [clamp_limit(limit)])
    return [{**entity_item(row), "events": int(row["events"])} for row in rows]


def event_places(store: Store, filters: EventFilter | None = None, limit: int = 300) -> list[dict[str, Any]]:
    """Places with coordinates and the number of (filtered) events there: the points of the events map."""
    clauses, params = (filters or EventFilter()).sql()
    clauses += ["p.lat IS NOT NULL", "p.lon IS NOT NULL"]
    statement = (
        f"SELECT {PLACE_KEY} AS place_key, max(p.name) AS name, max(p.geonames_id) AS geonames_id, "
        "max(p.lat) AS lat, max(p.lon) AS lon, max(p.country_code) AS country_code, max(p.feature) AS feature, "
        f"count(DISTINCT e.article_id) AS articles, count(DISTINCT {EVENT_KEY}) AS events {EVENT_FROM} "
        f"WHERE {where(clauses)} GROUP BY {PLACE_KEY} ORDER BY events DESC, place_key LIMIT ?"
    )
    with store.read() as tx:
        rows = tx.all(statement, params + [clamp_limit(limit)])
    return [place_item(row) for row in rows]
