"""Cross-document entity resolution: one `entities` row per real-world entity across articles.

A document's entity joins a stored entity when they agree on type and actor country (or one country is
unknown) and on a name: the same normalized canonical name, or a multi-word alias of one equal to the
other's name. Single-word aliases ("Clark") never join two different full names; a document that only
names "Clark" joins a stored entity only when exactly one stored entity of that type has that alias.
Places and the GPE/LOC/FAC entities that resolve to one are keyed by their GeoNames id, and so is a
nationality word whose place is a country ("American" joins the United States, named as the gazetteer names it
when the demonym comes first).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GEO_TYPES = frozenset({"GPE", "LOC", "FAC"})
COUNTRY_FEATURES = frozenset({"PCL", "PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR"})

Query = Callable[[str, tuple[Any, ...]], list[dict[str, Any]]]
InsertMany = Callable[[str, list[Sequence[Any]], str], None]


def normalize(name: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name: "U.S." -> "u s", "Zürich" -> "zurich"."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def _compatible(stored: str | None, country: str | None) -> bool:
    return stored is None or country is None or stored == country


def _choose(rows: list[dict[str, Any]], country: str | None) -> int | None:
    """The stored entity among compatible candidates, or None when there is none or it is ambiguous."""
    fits = {row["id"]: row["actor_country"] for row in rows if _compatible(row["actor_country"], country)}
    if not fits:
        return None
    exact = [i for i, c in fits.items() if c == country]
    if len(exact) == 1:
        return exact[0]
    return next(iter(fits)) if len(fits) == 1 else None


@dataclass
class _Local:
    """One document entity with what resolution compares."""

    id: str
    kind: str
    name: str
    norm: str
    country: str | None
    sector: str | None
    geonames_id: int | None
    names: set[str]  # the normalized name and multi-word aliases, matched against stored aliases
    aliases: list[str]
    row_kind: str  # the type and name a new stored entity takes (a demonym's row is its country's)
    row_name: str

    @property
    def key(self) -> str:
        if self.geonames_id is not None:
            return f"geo:{self.geonames_id}"
        return f"{self.kind}|{self.norm}|{self.country or ''}"


def _local(entity: dict[str, Any], place: dict[str, Any]) -> _Local:
    kind = entity.get("type") or "UNKNOWN"
    name = entity.get("name") or ""
    norm = normalize(name)
    actor = entity.get("actor") or {}
    aliases = list(entity.get("aliases") or [])
    names = ({norm} | {n for n in map(normalize, aliases) if len(n.split()) > 1}) - {""}
    geonames_id = place.get("geonames_id")
    demonym = kind == "NORP" and place.get("feature") in COUNTRY_FEATURES and bool(place.get("name"))
    keyed = geonames_id if kind in GEO_TYPES or demonym else None
    row_kind, row_name = ("GPE", str(place["name"])) if demonym and keyed is not None else (kind, name)
    return _Local(entity["id"], kind, name, norm, actor.get("country"), actor.get("sector"), keyed, names, aliases,
                  row_kind, row_name)


def _marks(values: Iterable[Any]) -> str:
    return ", ".join("?" for _ in values)


def resolve_entities(query: Query, insert_many: InsertMany, entities: list[tuple[dict[str, Any], dict[str, Any]]]
                     ) -> dict[str, int]:
    """Global entity ids for one document's entities (local id -> id), creating rows and aliases as needed.

    `entities` pairs each contract entity with its place (the contract's place object, or an empty dict). A few
    batched statements per document, whatever its number of entities.
    """
    locals_ = [_local(entity, place) for entity, place in entities]
    if not locals_:
        return {}
    norms = sorted({e.norm for e in locals_ if e.geonames_id is None})
    keys = sorted({e.key for e in locals_})
    stored = query(
        f'SELECT id, resolve_key, "type", norm_name, actor_country FROM entities WHERE resolve_key IN ({_marks(keys)})'
        + (f" OR norm_name IN ({_marks(norms)})" if norms else ""),
        (*keys, *norms),
    )
    by_key = {row["resolve_key"]: row["id"] for row in stored}
    found: dict[str, int] = {}
    unmatched: list[_Local] = []
    for entity in locals_:
        if entity.geonames_id is not None:
            match = by_key.get(entity.key)
        else:
            same_name = [r for r in stored if r["type"] == entity.kind and r["norm_name"] == entity.norm]
            match = _choose(same_name, entity.country)
        if match is None:
            unmatched.append(entity)
        else:
            found[entity.id] = match
    named = [e for e in unmatched if e.geonames_id is None and e.names]
    if named:
        alias_norms = sorted(set().union(*(e.names for e in named)))
        by_alias = query(
            "SELECT DISTINCT al.norm, e.id, e.\"type\", e.actor_country FROM entity_aliases al "
            f"JOIN entities e ON e.id = al.entity_id WHERE al.norm IN ({_marks(alias_norms)}) ORDER BY e.id",
            tuple(alias_norms),
        )
        for entity in named:
            rows = list({r["id"]: r for r in by_alias
                         if r["type"] == entity.kind and r["norm"] in entity.names}.values())
            if len(entity.norm.split()) > 1 or len(rows) == 1:
                match = _choose(rows, entity.country)
                if match is not None:
                    found[entity.id] = match
    new = [e for e in locals_ if e.id not in found]
    if new:
        now = datetime.now(UTC).isoformat()
        insert_many(
            'INSERT INTO entities (resolve_key, "type", name, norm_name, actor_country, actor_sector, geonames_id, '
            "created_at)",
            [(e.key, e.row_kind, e.row_name, normalize(e.row_name), e.country, e.sector, e.geonames_id, now)
             for e in new],
            "ON CONFLICT (resolve_key) DO NOTHING",
        )
        new_keys = sorted({e.key for e in new})
        ids = {r["resolve_key"]: r["id"] for r in query(
            f"SELECT id, resolve_key FROM entities WHERE resolve_key IN ({_marks(new_keys)})", tuple(new_keys))}
        found.update({e.id: ids[e.key] for e in new})
    aliases = {(found[e.id], normalize(alias)): alias for e in locals_ for alias in [e.name, *e.aliases]}
    insert_many(
        "INSERT INTO entity_aliases (entity_id, norm, alias)",
        [(entity_id, norm, alias) for (entity_id, norm), alias in sorted(aliases.items()) if norm],
        "ON CONFLICT DO NOTHING",
    )
    return found
