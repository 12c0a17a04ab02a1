"""Read queries for browsing the corpus (web pages and API): entities, events, quotes, places, stories, aggregates.

Written once for both backends through `Store.read()` and `Tx` (`?` placeholders). Lists are paginated by
keyset: a cursor is the opaque, URL-safe encoding of the last row's sort key, so a page never shifts when
rows are added before it (unlike offsets). Event counts are of events, not reports: reports merged into one
canonical event count once.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from newsgraph.analyze.plover import QUAD_CLASSES
from newsgraph.dates import iso_date
from newsgraph.errors import BadCursor
from newsgraph.store.base import Store, Tx
from newsgraph.store.resolve import normalize
from newsgraph.store.search import PUBLISHED_DATE, as_id, country_codes

MAX_LIMIT = 500

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
ENTITY_IDS = ("SELECT x.id FROM entities x WHERE x.norm_name = ? "
              "UNION SELECT al.entity_id FROM entity_aliases al WHERE al.norm = ?")
ACTOR_JOIN = "JOIN article_entities ae ON ae.article_id = ea.article_id AND ae.entity_id = ea.entity_id"


@dataclass
class Page:
    """One page of a list and the cursor of the next page (None on the last one)."""

    items: list[dict[str, Any]]
    next_cursor: str | None = None


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
            if (geonames_id := as_id(self.place)) is not None:
                clauses.append("p.geonames_id = ?")
                params.append(geonames_id)
            else:
                clauses.append("p.norm_name = ?")
                params.append(normalize(self.place))
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


def _where(clauses: list[str]) -> str:
    return " AND ".join(clauses) if clauses else "1 = 1"


# ---------------------------------------------------------------- cursors and keyset pages


def encode_cursor(kind: str, values: Sequence[Any]) -> str:
    raw = json.dumps({"k": kind, "v": list(values)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str, width: int) -> list[Any]:
    """The sort key a cursor of this list holds; BadCursor for anything else."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        values = data["v"]
        ok = data["k"] == kind and isinstance(values, list) and len(values) == width
        ok = ok and all(isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in values)
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        ok = False
    if not ok:
        raise BadCursor(f"the cursor {cursor[:40]!r} does not belong to this list: pass the `next_cursor` of its "
                        "previous page, or no cursor for the first page")
    return values


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def keyset_page(tx: Tx, kind: str, inner: str, params: Sequence[Any], keys: Sequence[str], descending: bool,
                cursor: str | None, limit: int, item: Callable[[dict[str, Any]], dict[str, Any]]) -> Page:
    """Rows of `inner` (a SELECT whose `keys` columns are never NULL) after the cursor, in key order."""
    limit = _limit(limit)
    order = " DESC" if descending else ""
    statement = f"SELECT * FROM ({inner}) k"
    params = list(params)
    if cursor:
        values = decode_cursor(kind, cursor, len(keys))
        statement += f" WHERE ({', '.join('k.' + key for key in keys)}) {'<' if descending else '>'} " \
                     f"({', '.join('?' for _ in keys)})"
        params += values
    statement += f" ORDER BY {', '.join('k.' + key + order for key in keys)} LIMIT ?"
    rows = tx.all(statement, params + [limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(kind, [rows[-1][key] for key in keys]) if more and rows else None
    return Page([item(row) for row in rows], next_cursor)


# ---------------------------------------------------------------- articles


def _article_item(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in ("id", "title", "url", "site_name", "published", "story_id", "duplicate_of")}


def list_articles(store: Store, *, cursor: str | None = None, limit: int = 50, site: str | None = None,
                  story: str | None = None) -> Page:
    clauses, params = [], []
    if site:
        clauses.append("(lower(a.site_name) = ? OR a.host = ?)")
        params += [site.strip().lower(), site.strip().lower().removeprefix("www.")]
    if story:
        clauses.append("a.story_id = ?")
        params.append(story)
    inner = ("SELECT a.id, a.title, a.url, a.site_name, a.published, a.story_id, a.duplicate_of, "
             f"coalesce({PUBLISHED_DATE}, '') AS sort_day FROM articles a WHERE {_where(clauses)}")
    with store.read() as tx:
        return keyset_page(tx, "articles", inner, params, ("sort_day", "id"), True, cursor, limit, _article_item)


def article_entity_ids(store: Store, article_id: str) -> dict[str, int]:
    """The article's own entity ids mapped to the corpus-wide entity ids."""
    with store.read() as tx:
        rows = tx.all("SELECT entity_id, global_entity_id FROM article_entities WHERE article_id = ?", (article_id,))
    return {row["entity_id"]: int(row["global_entity_id"]) for row in rows if row["global_entity_id"] is not None}


# ---------------------------------------------------------------- entities


def _entity_item(row: dict[str, Any]) -> dict[str, Any]:
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
             f"WHERE {_where(clauses)}")
    with store.read() as tx:
        return keyset_page(tx, "entities", inner, params, ("neg_count", "id"), False, cursor, limit, _entity_item)


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
    entity = _entity_item({**row, "article_count": span["n"] if span else 0})
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
    inner = ("SELECT a.id, a.title, a.url, a.site_name, a.published, a.story_id, a.duplicate_of, "
             f"coalesce({PUBLISHED_DATE}, '') AS sort_day FROM articles a "
             "WHERE a.id IN (SELECT ae.article_id FROM article_entities ae WHERE ae.global_entity_id = ?)")
    with store.read() as tx:
        return keyset_page(tx, f"entity-articles-{entity_id}", inner, [entity_id], ("sort_day", "id"), True,
                           cursor, limit, _article_item)


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
        rows = tx.all(statement, (entity_id, entity_id, _limit(limit)))
    return [{**_entity_item(row), "events": int(row["events"])} for row in rows]


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
        rows = tx.all(statement, (entity_id, entity_id, _limit(limit)))
    return [{**_entity_item(row), "articles": int(row["articles"])} for row in rows]


# ---------------------------------------------------------------- events


def _span(start: Any, end: Any, text: Any) -> dict[str, Any] | None:
    return None if start is None else {"start": int(start), "end": int(end), "text": text}


def _event_item(row: dict[str, Any], global_ids: dict[tuple[str, str], int]) -> dict[str, Any]:
    def actors(raw: str | None) -> list[dict[str, Any]]:
        out = []
        for actor in json.loads(raw or "[]"):
            out.append({**actor, "entity_id": global_ids.get((row["article_id"], actor.get("entity") or ""))})
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
        "trigger": _span(row["trigger_start"], row["trigger_end"], row["trigger_text"]),
        "sentence": None if row["sentence_start"] is None else {"start": int(row["sentence_start"]),
                                                                 "end": int(row["sentence_end"])},
        "place": place, "negated": bool(row["negated"]), "hypothetical": bool(row["hypothetical"]),
        "quote": row["quote_id"], "confidence": row["confidence"], "dead": row["dead"], "injured": row["injured"],
        "canonical_id": row["canonical_id"],
        "article": {"id": row["article_id"], "title": row["title"], "published": row["published"],
                    "site_name": row["site_name"]},
    }


def _global_ids(tx: Tx, article_ids: set[str]) -> dict[tuple[str, str], int]:
    if not article_ids:
        return {}
    ids = sorted(article_ids)
    rows = tx.all("SELECT article_id, entity_id, global_entity_id FROM article_entities "
                  f"WHERE article_id IN ({', '.join('?' for _ in ids)})", ids)
    return {(r["article_id"], r["entity_id"]): int(r["global_entity_id"]) for r in rows
            if r["global_entity_id"] is not None}


def _event_select(where: str) -> str:
    return (f"SELECT {EVENT_COLUMNS}, {EVENT_DAY} AS day, a.title, a.published, a.site_name, p.name AS place_name, "
            f"p.geonames_id, p.lat, p.lon, p.country_code {EVENT_FROM} WHERE {where}")


def list_events(store: Store, filters: EventFilter | None = None, *, cursor: str | None = None,
                limit: int = 50) -> Page:
    """Events matching the filters, newest day first."""
    clauses, params = (filters or EventFilter()).sql()
    with store.read() as tx:
        page = keyset_page(tx, "events", _event_select(_where(clauses)), params, ("day", "article_id", "event_id"),
                           True, cursor, limit, lambda row: row)
        ids = _global_ids(tx, {row["article_id"] for row in page.items})
    return Page([_event_item(row, ids) for row in page.items], page.next_cursor)


def get_event(store: Store, article_id: str, event_id: str) -> dict[str, Any] | None:
    """One event with its sentence text and the other reports of the same canonical event."""
    with store.read() as tx:
        row = tx.one(_event_select("e.article_id = ? AND e.event_id = ?"), (article_id, event_id))
        if row is None:
            return None
        event = _event_item(row, _global_ids(tx, {article_id}))
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


# ---------------------------------------------------------------- quotes


def list_quotes(store: Store, *, entity: int | None = None, article: str | None = None, cursor: str | None = None,
                limit: int = 50) -> Page:
    """Quotes, newest first; `entity` keeps those whose speaker is that corpus-wide entity."""
    clauses: list[str] = []
    params: list[Any] = []
    join = ""
    if entity is not None:
        join = "JOIN article_entities ae ON ae.article_id = q.article_id AND ae.entity_id = q.speaker_entity "
        clauses.append("ae.global_entity_id = ?")
        params.append(entity)
    if article:
        clauses.append("q.article_id = ?")
        params.append(article)
    inner = ("SELECT q.article_id, q.quote_id, q.kind, q.speaker_entity, q.speaker_start, q.speaker_end, "
             "q.speaker_text, q.cue_start, q.cue_end, q.cue_text, q.content_start, q.content_end, q.content_text, "
             f"a.title, a.published, a.site_name, coalesce({PUBLISHED_DATE}, '') AS sort_day "
             f"FROM quotes q JOIN articles a ON a.id = q.article_id {join}WHERE {_where(clauses)}")
    with store.read() as tx:
        page = keyset_page(tx, f"quotes-{entity}-{article}", inner, params, ("sort_day", "article_id", "quote_id"),
                           True, cursor, limit, lambda row: row)
        ids = _global_ids(tx, {row["article_id"] for row in page.items})
    return Page([_quote_item(row, ids) for row in page.items], page.next_cursor)


def _quote_item(row: dict[str, Any], global_ids: dict[tuple[str, str], int]) -> dict[str, Any]:
    speaker = _span(row["speaker_start"], row["speaker_end"], row["speaker_text"])
    if speaker is not None:
        speaker["entity"] = row["speaker_entity"]
        speaker["entity_id"] = global_ids.get((row["article_id"], row["speaker_entity"] or ""))
    return {
        "article_id": row["article_id"], "quote_id": row["quote_id"], "kind": row["kind"], "speaker": speaker,
        "cue": _span(row["cue_start"], row["cue_end"], row["cue_text"]),
        "content": _span(row["content_start"], row["content_end"], row["content_text"]),
        "article": {"id": row["article_id"], "title": row["title"], "published": row["published"],
                    "site_name": row["site_name"]},
    }


# ---------------------------------------------------------------- places

PLACE_KEY = "CASE WHEN p.geonames_id IS NOT NULL THEN CAST(p.geonames_id AS TEXT) ELSE p.norm_name END"


def _place_item(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["place_key"], "name": row["name"], "geonames_id": row["geonames_id"], "lat": row["lat"],
            "lon": row["lon"], "country_code": row["country_code"], "feature": row["feature"],
            "articles": int(row["articles"]), "events": int(row["events"])}


def _places_inner(where: str) -> str:
    return (f"SELECT {PLACE_KEY} AS place_key, max(p.name) AS name, max(p.geonames_id) AS geonames_id, "
            "max(p.lat) AS lat, max(p.lon) AS lon, max(p.country_code) AS country_code, max(p.feature) AS feature, "
            f"count(DISTINCT p.article_id) AS articles, count(DISTINCT {EVENT_KEY}) AS events, "
            f"-count(DISTINCT {EVENT_KEY}) AS neg_events, -count(DISTINCT p.article_id) AS neg_articles "
            "FROM places p LEFT JOIN events e ON e.article_id = p.article_id AND e.place_id = p.place_id "
            f"WHERE {where} GROUP BY {PLACE_KEY}")


def list_places(store: Store, *, cursor: str | None = None, limit: int = 50, country: str | None = None) -> Page:
    """Places by the number of events there, then of articles naming them."""
    clauses, params = ["p.norm_name IS NOT NULL"], []
    if country:
        clauses.append("p.country_code = ?")
        params.append(country_codes(country)[1])
    with store.read() as tx:
        return keyset_page(tx, "places", _places_inner(_where(clauses)), params,
                           ("neg_events", "neg_articles", "place_key"), False, cursor, limit, _place_item)


def _place_clause(place_key: str) -> tuple[str, list[Any]]:
    if (geonames_id := as_id(place_key)) is not None:
        return "p.geonames_id = ?", [geonames_id]
    return "p.geonames_id IS NULL AND p.norm_name = ?", [normalize(place_key)]


def get_place(store: Store, place_key: str) -> dict[str, Any] | None:
    """A place (by GeoNames id, or by name when unresolved) with its article and event counts."""
    clause, params = _place_clause(place_key)
    with store.read() as tx:
        row = tx.one(_places_inner(clause), params)
    return None if row is None else _place_item(row)


def place_articles(store: Store, place_key: str, *, cursor: str | None = None, limit: int = 50) -> Page:
    clause, params = _place_clause(place_key)
    inner = ("SELECT a.id, a.title, a.url, a.site_name, a.published, a.story_id, a.duplicate_of, "
             f"coalesce({PUBLISHED_DATE}, '') AS sort_day FROM articles a WHERE a.id IN "
             f"(SELECT p.article_id FROM places p WHERE {clause})")
    with store.read() as tx:
        return keyset_page(tx, f"place-articles-{place_key}", inner, params, ("sort_day", "id"), True, cursor,
                           limit, _article_item)


# ---------------------------------------------------------------- stories


def _story_inner(where: str) -> str:
    """Articles of unknown site (no site name, no host) count as one source: the story page's "unknown source"."""
    return ("SELECT s.id, count(a.id) AS article_count, count(DISTINCT coalesce(a.site_name, a.host, '')) AS sources, "
            "min(a.published) AS first_published, coalesce(max(a.published), '') AS latest "
            f"FROM stories s JOIN articles a ON a.story_id = s.id WHERE {where} GROUP BY s.id")


def _with_story_details(tx: Tx, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stories with the title of their first article and the number of canonical events they report."""
    ids = [row["id"] for row in rows]
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    titles: dict[str, str | None] = {}
    for row in tx.all(f"SELECT story_id, title FROM articles WHERE story_id IN ({marks}) "
                      "ORDER BY published NULLS LAST, seq", ids):
        if titles.get(row["story_id"]) is None:
            titles[row["story_id"]] = row["title"]
    counts = {row["story_id"]: int(row["n"]) for row in tx.all(
        f"SELECT a.story_id, count(DISTINCT {EVENT_KEY}) AS n FROM events e JOIN articles a ON a.id = e.article_id "
        f"WHERE a.story_id IN ({marks}) GROUP BY a.story_id", ids)}
    return [{"id": row["id"], "title": titles.get(row["id"]), "article_count": int(row["article_count"]),
             "sources": int(row["sources"]), "first_published": row["first_published"],
             "last_published": row["latest"] or None, "events": counts.get(row["id"], 0)} for row in rows]


def list_stories(store: Store, *, cursor: str | None = None, limit: int = 20, min_articles: int = 1) -> Page:
    """Stories by their latest article, newest first (the dashboard's latest stories are the first page)."""
    inner = f"{_story_inner('1 = 1')} HAVING count(a.id) >= ?"
    with store.read() as tx:
        page = keyset_page(tx, "stories", inner, [max(1, min_articles)], ("latest", "id"), True, cursor, limit,
                           lambda row: row)
        return Page(_with_story_details(tx, page.items), page.next_cursor)


def get_story(store: Store, story_id: str) -> dict[str, Any] | None:
    """A story with its articles (by time, with their source) and its canonical events."""
    with store.read() as tx:
        rows = tx.all(_story_inner("s.id = ?"), (story_id,))
        if not rows:
            return None
        story = _with_story_details(tx, rows)[0]
        story["articles"] = [_article_item(row) for row in tx.all(
            "SELECT id, title, url, site_name, published, story_id, duplicate_of FROM articles WHERE story_id = ? "
            "ORDER BY published NULLS LAST, seq", (story_id,))]
        story["canonical_events"] = tx.all(
            'SELECT c.id, c."type" AS "type", c.source_country, c.target_country, c.geonames_id, c.lat, c.lon, '
            'c."date" AS "date", c.report_count FROM canonical_events c WHERE c.id IN (SELECT e.canonical_id '
            "FROM events e JOIN articles a ON a.id = e.article_id WHERE a.story_id = ?) "
            'ORDER BY c."date" NULLS LAST, c.id', (story_id,))
    for event in story["canonical_events"]:
        event["quad_class"] = QUAD_CLASSES.get(event["type"] or "")
    return story


# ---------------------------------------------------------------- aggregates


def events_by_day(store: Store, filters: EventFilter | None = None) -> list[dict[str, Any]]:
    """Event counts per day and PLOVER quad class (canonical events counted once), oldest day first."""
    clauses, params = (filters or EventFilter()).sql()
    statement = (f'SELECT {EVENT_DAY} AS day, e."type" AS "type", count(DISTINCT {EVENT_KEY}) AS n {EVENT_FROM} '
                 f'WHERE {_where(clauses)} GROUP BY {EVENT_DAY}, e."type"')
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
        f'WHERE {_where(clauses)} GROUP BY en.id, en.name, en."type", en.actor_country, en.actor_sector '
        "ORDER BY events DESC, en.id LIMIT ?"
    )
    with store.read() as tx:
        rows = tx.all(statement, params + [_limit(limit)])
    return [{**_entity_item(row), "events": int(row["events"])} for row in rows]


def event_places(store: Store, filters: EventFilter | None = None, limit: int = 300) -> list[dict[str, Any]]:
    """Places with coordinates and the number of (filtered) events there: the points of the events map."""
    clauses, params = (filters or EventFilter()).sql()
    clauses += ["p.lat IS NOT NULL", "p.lon IS NOT NULL"]
    statement = (
        f"SELECT {PLACE_KEY} AS place_key, max(p.name) AS name, max(p.geonames_id) AS geonames_id, "
        "max(p.lat) AS lat, max(p.lon) AS lon, max(p.country_code) AS country_code, max(p.feature) AS feature, "
        f"count(DISTINCT e.article_id) AS articles, count(DISTINCT {EVENT_KEY}) AS events {EVENT_FROM} "
        f"WHERE {_where(clauses)} GROUP BY {PLACE_KEY} ORDER BY events DESC, place_key LIMIT ?"
    )
    with store.read() as tx:
        rows = tx.all(statement, params + [_limit(limit)])
    return [_place_item(row) for row in rows]
