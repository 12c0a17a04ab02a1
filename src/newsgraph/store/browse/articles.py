"""Articles: the list (newest first) that other pages narrow, and what points into an article's text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsgraph.store.base import Store, Tx
from newsgraph.store.browse.paging import Page, keyset_page
from newsgraph.store.search import PUBLISHED_DATE, where

ARTICLE_ROWS = ("SELECT a.id, a.title, a.url, a.site_name, a.published, a.story_id, a.duplicate_of, "
                f"coalesce({PUBLISHED_DATE}, '') AS sort_day FROM articles a")


def article_item(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in ("id", "title", "url", "site_name", "published", "story_id", "duplicate_of")}


def article_page(store: Store, kind: str, condition: str, params: Sequence[Any], cursor: str | None,
                 limit: int) -> Page:
    """The articles meeting `condition` (over `articles a`), newest first: a list of `kind`."""
    with store.read() as tx:
        return keyset_page(tx, kind, f"{ARTICLE_ROWS} WHERE {condition}", params, ("sort_day", "id"), True,
                           cursor, limit, article_item)


def list_articles(store: Store, *, cursor: str | None = None, limit: int = 50, site: str | None = None,
                  story: str | None = None) -> Page:
    clauses, params = [], []
    if site:
        clauses.append("(lower(a.site_name) = ? OR a.host = ?)")
        params += [site.strip().lower(), site.strip().lower().removeprefix("www.")]
    if story:
        clauses.append("a.story_id = ?")
        params.append(story)
    return article_page(store, "articles", where(clauses), params, cursor, limit)


def span(start: Any, end: Any, text: Any) -> dict[str, Any] | None:
    """A stored span of the article's text (trigger, speaker, cue, content) as items give it."""
    return None if start is None else {"start": int(start), "end": int(end), "text": text}


def global_ids(tx: Tx, article_ids: set[str]) -> dict[tuple[str, str], int]:
    """(article id, the article's own entity id) -> the corpus-wide entity id."""
    if not article_ids:
        return {}
    ids = sorted(article_ids)
    rows = tx.all("SELECT article_id, entity_id, global_entity_id FROM article_entities "
                  f"WHERE article_id IN ({', '.join('?' for _ in ids)})", ids)
    return {(r["article_id"], r["entity_id"]): int(r["global_entity_id"]) for r in rows
            if r["global_entity_id"] is not None}


def article_entity_ids(store: Store, article_id: str) -> dict[str, int]:
    """The article's own entity ids mapped to the corpus-wide entity ids."""
    with store.read() as tx:
        return {entity_id: gid for (_, entity_id), gid in global_ids(tx, {article_id}).items()}
