"""Entities: the list by how many articles name them, an entity's page, its articles, counterparts and
co-mentions."""

from __future__ import annotations

import json
from typing import Any

from newsgraph.store.base import Store
from newsgraph.store.browse.articles import article_page
from newsgraph.store.browse.paging import Page, clamp_limit, keyset_page
from newsgraph.store.resolve import normalize
from newsgraph.store.search import where


def entity_item(row: dict[str, Any]) -> dict[str, Any]:
    item = {"id": int(row["id"]), "name": row["name"], "type": row["type"],
            "actor": _actor(row["actor_country"], row["actor_sector"])}
    for key in ("geonames_id", "article_count"):
        if key in row:
            item[key] = row[key]
    return item


def _actor(country: str | None, sector: str | None) -> dict[str, str | None] | None:
    return None if country is None and sector is None else {"country": country, "sector": sector}


def list_entities(store: Store, *, cursor: str | None = None, limit: int = 50, q: str | None = None,
                  type: str | None = None) -> Page:
    """Entities by the number of articles that mention them, most first; `q` matches any part of a name or of an
    alias, whatever the case and accents ("united" finds the United States also named "U.S.")."""
    clauses, params = [], []
    if q:
        pattern = "%" + normalize(q).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"
        clauses.append("(x.norm_name LIKE ? ESCAPE '!' OR x.id IN "
                       "(SELECT al.entity_id FROM entity_aliases al WHERE al.norm LIKE ? ESCAPE '!'))")
        params.extend([pattern, pattern])
    if type:
        clauses.append('x."type" = ?')
        params.append(type.strip().upper())
    inner = ('SELECT x.id, x.name, x."type" AS "type", x.actor_country, x.actor_sector, x.geonames_id, '
             "c.n AS article_count, -c.n AS neg_count FROM entities x JOIN (SELECT global_entity_id AS gid, "
             "count(DISTINCT article_id) AS n FROM article_entities GROUP BY global_entity_id) c ON c.gid = x.id "
             f"WHERE {where(clauses)}")
    with store.read() as tx:
        return keyset_page(tx, "entities", inner, params, ("neg_count", "id"), False, cursor, limit, entity_item)


def get_entity(store: Store, entity_id: int) -> dict[str, Any] | None:
    """An entity with its aliases, actor codes seen, roles over time and first and last mention."""
    with store.read() as tx:
        row = tx.one('SELECT id, name, "type" AS "type", actor_country, actor_sector, geonames_id FROM entities '
                     "WHERE id = ?", (entity_id,))
        if row is None:
            return None
        aliases = [r["alias"] for r in tx.all("SELECT alias FROM entity_aliases WHERE entity_id = ? ORDER BY alias",
                                              (entity_id,))]
        span = tx.one("SELECT count(DISTINCT ae.article_id) AS n, min(a.published) AS first, max(a.published) AS last "
                      "FROM article_entities ae JOIN articles a ON a.id = ae.article_id WHERE ae.global_entity_id = ?",
                      (entity_id,))
        codes = tx.all("SELECT actor_country, actor_sector, count(DISTINCT article_id) AS n FROM article_entities "
                       "WHERE global_entity_id = ? AND (actor_country IS NOT NULL OR actor_sector IS NOT NULL) "
                       "GROUP BY actor_country, actor_sector ORDER BY n DESC", (entity_id,))
        role_rows = tx.all("SELECT ae.roles, a.id, a.title, a.published FROM article_entities ae "
                           "JOIN articles a ON a.id = ae.article_id WHERE ae.global_entity_id = ? "
                           "AND ae.roles IS NOT NULL AND ae.roles <> '[]' ORDER BY a.published, a.id", (entity_id,))
    entity = entity_item({**row, "article_count": span["n"] if span else 0})
    names = {row["name"]}
    entity["aliases"] = [alias for alias in aliases if alias not in names]
    entity["first_seen"], entity["last_seen"] = (span["first"], span["last"]) if span else (None, None)
    entity["actor_codes"] = [{"country": c["actor_country"], "sector": c["actor_sector"], "articles": int(c["n"])}
                             for c in codes]
    entity["roles"] = _roles_over_time(role_rows)
    return entity


def _roles_over_time(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each distinct (title, organization) with the first and last article that gives it."""
    roles: dict[tuple[str | None, str | None], dict[str, Any]] = {}
    for row in rows:
        for role in json.loads(row["roles"] or "[]"):
            key = (role.get("title"), role.get("organization"))
            seen = roles.setdefault(key, {"title": key[0], "organization": key[1], "articles": 0,
                                          "first": row["published"], "first_article": row["id"]})
            seen["articles"] += 1
            seen["last"], seen["last_article"] = row["published"], row["id"]
    return sorted(roles.values(), key=lambda r: (r["first"] or "", r["title"] or ""))


def entity_articles(store: Store, entity_id: int, *, cursor: str | None = None, limit: int = 50) -> Page:
    return article_page(store, f"entity-articles-{entity_id}", "a.id IN (SELECT ae.article_id FROM "
                        "article_entities ae WHERE ae.global_entity_id = ?)", [entity_id], cursor, limit)


def counterparts(store: Store, entity_id: int, limit: int = 10) -> list[dict[str, Any]]:
    """The actors this entity meets most often on the other side of (or beside it in) coded events."""
    statement = (
        'SELECT en.id, en.name, en."type" AS "type", en.actor_country, en.actor_sector, '
        "count(DISTINCT ea2.article_id || ':' || ea2.event_id) AS events FROM event_actors ea1 "
        "JOIN article_entities ae1 ON ae1.article_id = ea1.article_id AND ae1.entity_id = ea1.entity_id "
        "JOIN event_actors ea2 ON ea2.article_id = ea1.article_id AND ea2.event_id = ea1.event_id "
        "JOIN article_entities ae2 ON ae2.article_id = ea2.article_id AND ae2.entity_id = ea2.entity_id "
        "JOIN entities en ON en.id = ae2.global_entity_id "
        "WHERE ae1.global_entity_id = ? AND ae2.global_entity_id <> ? "
        'GROUP BY en.id, en.name, en."type", en.actor_country, en.actor_sector ORDER BY events DESC, en.id LIMIT ?'
    )
    with store.read() as tx:
        rows = tx.all(statement, (entity_id, entity_id, clamp_limit(limit)))
    return [{**entity_item(row), "events": int(row["events"])} for row in rows]


def co_mentioned(store: Store, entity_id: int, limit: int = 10) -> list[dict[str, Any]]:
    """The entities named most often in the same articles."""
    statement = (
        'SELECT en.id, en.name, en."type" AS "type", en.actor_country, en.actor_sector, '
        "count(DISTINCT ae1.article_id) AS articles "
        "FROM article_entities ae1 JOIN article_entities ae2 ON ae2.article_id = ae1.article_id "
        "JOIN entities en ON en.id = ae2.global_entity_id WHERE ae1.global_entity_id = ? "
        "AND ae2.global_entity_id <> ? "
        'GROUP BY en.id, en.name, en."type", en.actor_country, en.actor_sector ORDER BY articles DESC, en.id LIMIT ?'
    )
    with store.read() as tx:
        rows = tx.all(statement, (entity_id, entity_id, clamp_limit(limit)))
    return [{**entity_item(row), "articles": int(row["articles"])} for row in rows]
