"""Quotes: the list, newest first, of the corpus, of one speaker or of one article."""

from __future__ import annotations

from typing import Any

from newsgraph.store.base import Store
from newsgraph.store.browse.articles import global_ids, span
from newsgraph.store.browse.paging import Page, keyset_page
from newsgraph.store.search import PUBLISHED_DATE, where


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
             f"FROM quotes q JOIN articles a ON a.id = q.article_id {join}WHERE {where(clauses)}")
    with store.read() as tx:
        page = keyset_page(tx, f"quotes-{entity}-{article}", inner, params, ("sort_day", "article_id", "quote_id"),
                           True, cursor, limit, lambda row: row)
        ids = global_ids(tx, {row["article_id"] for row in page.items})
    return Page([_quote_item(row, ids) for row in page.items], page.next_cursor)


def _quote_item(row: dict[str, Any], ids: dict[tuple[str, str], int]) -> dict[str, Any]:
    speaker = span(row["speaker_start"], row["speaker_end"], row["speaker_text"])
    if speaker is not None:
        speaker["entity"] = row["speaker_entity"]
        speaker["entity_id"] = ids.get((row["article_id"], row["speaker_entity"] or ""))
    return {
        "article_id": row["article_id"], "quote_id": row["quote_id"], "kind": row["kind"], "speaker": speaker,
        "cue": span(row["cue_start"], row["cue_end"], row["cue_text"]),
        "content": span(row["content_start"], row["content_end"], row["content_text"]),
        "article": {"id": row["article_id"], "title": row["title"], "published": row["published"],
                    "site_name": row["site_name"]},
    }
