"""Places: the list by events there, a place's page and its articles.

A place is keyed by its GeoNames id, or by its name when it was never resolved (`PLACE_KEY`).
"""

from __future__ import annotations

from typing import Any

from newsgraph.store.base import Store
from newsgraph.store.browse.articles import article_page
from newsgraph.store.browse.events import EVENT_KEY
from newsgraph.store.browse.paging import Page, keyset_page
from newsgraph.store.search import as_id, country_codes, place_clause, where

PLACE_KEY = "CASE WHEN p.geonames_id IS NOT NULL THEN CAST(p.geonames_id AS TEXT) ELSE p.norm_name END"


def place_item(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["place_key"], "name": row["name"], "geonames_id": row["geonames_id"], "lat": row["lat"],
            "lon": row["lon"], "country_code": row["country_code"], "feature": row["feature"],
            "articles": int(row["articles"]), "events": int(row["events"])}


def _places_inner(condition: str) -> str:
    return (f"SELECT {PLACE_KEY} AS place_key, max(p.name) AS name, max(p.geonames_id) AS geonames_id, "
            "max(p.lat) AS lat, max(p.lon) AS lon, max(p.country_code) AS country_code, max(p.feature) AS feature, "
            f"count(DISTINCT p.article_id) AS articles, count(DISTINCT {EVENT_KEY}) AS events, "
            f"-count(DISTINCT {EVENT_KEY}) AS neg_events, -count(DISTINCT p.article_id) AS neg_articles "
            "FROM places p LEFT JOIN events e ON e.article_id = p.article_id AND e.place_id = p.place_id "
            f"WHERE {condition} GROUP BY {PLACE_KEY}")


def list_places(store: Store, *, cursor: str | None = None, limit: int = 50, country: str | None = None) -> Page:
    """Places by the number of events there, then of articles naming them."""
    clauses, params = ["p.norm_name IS NOT NULL"], []
    if country:
        clauses.append("p.country_code = ?")
        params.append(country_codes(country)[1])
    with store.read() as tx:
        return keyset_page(tx, "places", _places_inner(where(clauses)), params,
                           ("neg_events", "neg_articles", "place_key"), False, cursor, limit, place_item)


def _place_clause(place_key: str) -> tuple[str, list[Any]]:
    """The places of one key: a GeoNames id, or a name for the places of that name never resolved."""
    clause, params = place_clause(place_key)
    return (clause if as_id(place_key) is not None else f"p.geonames_id IS NULL AND {clause}"), params


def get_place(store: Store, place_key: str) -> dict[str, Any] | None:
    """A place (by GeoNames id, or by name when unresolved) with its article and event counts."""
    clause, params = _place_clause(place_key)
    with store.read() as tx:
        row = tx.one(_places_inner(clause), params)
    return None if row is None else place_item(row)


def place_articles(store: Store, place_key: str, *, cursor: str | None = None, limit: int = 50) -> Page:
    clause, params = _place_clause(place_key)
    return article_page(store, f"place-articles-{place_key}", f"a.id IN (SELECT p.article_id FROM places p "
                        f"WHERE {clause})", params, cursor, limit)
