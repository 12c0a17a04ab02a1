"""Search: user words made into a safe full-text query, structured filters, snippets as segments.

User input never reaches SQL or the full-text query language as syntax: every filter is a bound
parameter, and every word or "quoted phrase" becomes a quoted phrase of word characters, so FTS5 and
tsquery operators (OR, NEAR, *, :, -, parentheses) in what the user typed are just text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pycountry

from newsgraph.store.resolve import normalize

MARK_START = "\x01"
MARK_END = "\x02"
_WORD = re.compile(r"\w+")
_MARK = re.compile(f"[{MARK_START}{MARK_END}]")


@dataclass
class SearchQuery:
    text: str = ""
    date_from: str | None = None
    date_to: str | None = None
    site: str | None = None
    entity: str | None = None
    country: str | None = None
    event_type: str | None = None
    place: str | None = None
    limit: int = 20
    offset: int = 0


@dataclass
class SearchHit:
    article_id: str
    title: str | None
    url: str | None
    site_name: str | None
    published: str | None
    score: float
    snippet: list[tuple[str, bool]] = field(default_factory=list)


def parse_terms(text: str) -> list[str]:
    """Words and "quoted phrases" as phrases of word characters; an unbalanced quote is ignored."""
    pieces = text.split('"')
    closed = len(pieces) % 2 == 1  # an even number of quote marks
    terms: list[str] = []
    for index, piece in enumerate(pieces):
        inside = index % 2 == 1 and (closed or index < len(pieces) - 1)
        if inside:
            phrase = " ".join(_WORD.findall(piece))
            if phrase:
                terms.append(phrase)
            continue
        for chunk in piece.split():
            words = _WORD.findall(chunk)  # "U.S." and "al-Qaeda" stay one phrase
            if words:
                terms.append(" ".join(words))
    return terms


def quoted_query(terms: list[str]) -> str:
    """Every term double-quoted: FTS5 and websearch_to_tsquery both read this as an AND of phrases."""
    return " ".join(f'"{term}"' for term in terms)


def segments(marked: str) -> list[tuple[str, bool]]:
    """A snippet with MARK_START/MARK_END around matches turned into (text, highlighted) segments."""
    marked = " ".join(marked.split())
    out: list[tuple[str, bool]] = []
    highlighted = False
    position = 0
    for match in _MARK.finditer(marked):
        if match.start() > position:
            out.append((marked[position:match.start()], highlighted))
        highlighted = match.group() == MARK_START
        position = match.end()
    if position < len(marked):
        out.append((marked[position:], highlighted))
    merged: list[tuple[str, bool]] = []
    for text, flag in out:
        if merged and merged[-1][1] == flag:
            merged[-1] = (merged[-1][0] + text, flag)
        else:
            merged.append((text, flag))
    return merged


def site_host(value: str) -> str:
    """The host of a site given as a URL or a bare host name, lower case, without `www.`."""
    value = value.strip().lower()
    try:
        host = urlsplit(value if "//" in value else f"//{value}").hostname or value
    except ValueError:  # "[0]" and other bracketed non-addresses: match the text as given
        host = value
    return host.removeprefix("www.")


def as_id(value: str) -> int | None:
    """A numeric id given as text (ASCII digits, within a 64-bit integer), else None: a name to look up."""
    text = value.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def country_codes(value: str) -> tuple[str, str]:
    """(alpha-3, alpha-2) for a country code of either length; the input itself where unknown."""
    code = value.strip().upper()
    country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else pycountry.countries.get(alpha_2=code)
    if country is None:
        return code, code
    return country.alpha_3, country.alpha_2


# The ids of the corpus-wide entities with a name or alias (two parameters: the normalized name twice).
ENTITY_IDS = ("SELECT x.id FROM entities x WHERE x.norm_name = ? "
              "UNION SELECT al.entity_id FROM entity_aliases al WHERE al.norm = ?")


def place_clause(value: str) -> tuple[str, list[Any]]:
    """A condition over `places p` for a place given as a GeoNames id or a name (any place of that name)."""
    if (geonames_id := as_id(value)) is not None:
        return "p.geonames_id = ?", [geonames_id]
    return "p.norm_name = ?", [normalize(value)]


def cleaned(query: SearchQuery) -> SearchQuery:
    """The query without NUL and other control characters, which no backend stores, and with sane paging."""
    def clean(value: str | None) -> str | None:
        return None if value is None else "".join(c for c in value if c.isprintable() or c.isspace())

    return SearchQuery(
        text=clean(query.text) or "", date_from=clean(query.date_from), date_to=clean(query.date_to),
        site=clean(query.site), entity=clean(query.entity), country=clean(query.country),
        event_type=clean(query.event_type), place=clean(query.place),
        limit=max(0, int(query.limit)), offset=max(0, int(query.offset)),
    )


def filter_sql(query: SearchQuery) -> tuple[list[str], list[Any]]:
    """WHERE clauses over `articles a` (combined with AND) and their parameters, in order."""
    clauses: list[str] = []
    params: list[Any] = []
    if query.date_from:
        clauses.append("substr(a.published, 1, 10) >= ?")
        params.append(query.date_from[:10])
    if query.date_to:
        clauses.append("substr(a.published, 1, 10) <= ?")
        params.append(query.date_to[:10])
    if query.site:
        host = site_host(query.site)
        clauses.append("(lower(a.site_name) = ? OR a.host = ? OR a.host LIKE ? ESCAPE '!')")
        params += [query.site.strip().lower(), host, "%." + re.sub(r"([!%_])", r"!\1", host)]
    if query.entity:
        norm = normalize(query.entity)
        ids = ENTITY_IDS
        params += [norm, norm]
        if (entity_id := as_id(query.entity)) is not None:
            ids += " UNION SELECT e2.id FROM entities e2 WHERE e2.id = ?"
            params.append(entity_id)
        clauses.append(f"a.id IN (SELECT ae.article_id FROM article_entities ae WHERE ae.global_entity_id IN ({ids}))")
    if query.country:
        alpha3, alpha2 = country_codes(query.country)
        clauses.append(
            "a.id IN (SELECT ae.article_id FROM article_entities ae WHERE ae.actor_country = ?"
            " UNION SELECT ea.article_id FROM event_actors ea WHERE ea.country = ?"
            " UNION SELECT p.article_id FROM places p WHERE p.country_code = ?)"
        )
        params += [alpha3, alpha3, alpha2]
    if query.event_type:
        clauses.append('a.id IN (SELECT ev.article_id FROM events ev WHERE ev."type" = ?)')
        params.append(query.event_type.strip().upper())
    if query.place:
        clause, place_params = place_clause(query.place)
        clauses.append(f"a.id IN (SELECT p.article_id FROM places p WHERE {clause})")
        params += place_params
    return clauses, params


# `a.published` where it is a date: a value stored by an older newsgraph that took any text sorts as undated.
PUBLISHED_DATE = "CASE WHEN substr(a.published, 1, 1) BETWEEN '0' AND '9' THEN a.published END"


def where(clauses: list[str]) -> str:
    return " AND ".join(clauses) if clauses else "1 = 1"


def browse_sql(query: SearchQuery) -> tuple[str, list[Any]]:
    """Filters only, no words: newest first; the snippet is the summary or the start of the body."""
    clauses, params = filter_sql(query)
    sql = (
        "SELECT a.id, a.title, a.url, a.site_name, a.published, 0.0 AS score, "
        "coalesce(a.summary, substr(a.body, 1, 240)) AS snip "
        f"FROM articles a WHERE {where(clauses)} "
        f"ORDER BY {PUBLISHED_DATE} DESC NULLS LAST, a.id LIMIT ? OFFSET ?"
    )
    return sql, params + [query.limit, query.offset]


def to_hit(row: dict[str, Any]) -> SearchHit:
    return SearchHit(
        article_id=row["id"], title=row["title"], url=row["url"], site_name=row["site_name"],
        published=row["published"], score=float(row["score"] or 0.0), snippet=segments(row["snip"] or ""),
    )
