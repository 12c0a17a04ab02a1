"""Stories: the list by latest article (the dashboard's latest stories are its first page) and a story's page."""

from __future__ import annotations

from typing import Any

from newsgraph.analyze.plover import QUAD_CLASSES
from newsgraph.store.base import Store, Tx
from newsgraph.store.browse.articles import article_item
from newsgraph.store.browse.events import EVENT_KEY
from newsgraph.store.browse.paging import Page, keyset_page


def _story_inner(condition: str) -> str:
    """Articles of unknown site (no site name, no host) count as one source: the story page's "unknown source"."""
    return ("SELECT s.id, count(a.id) AS article_count, count(DISTINCT coalesce(a.site_name, a.host, '')) AS sources, "
            "min(a.published) AS first_published, coalesce(max(a.published), '') AS latest "
            f"FROM stories s JOIN articles a ON a.story_id = s.id WHERE {condition} GROUP BY s.id")


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
        story["articles"] = [article_item(row) for row in tx.all(
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
