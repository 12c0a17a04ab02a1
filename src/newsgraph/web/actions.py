"""What the API and the pages both do: analyze pasted text, and run one page of a search."""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import BaseModel, Field

from newsgraph.document import Document
from newsgraph.errors import BadCursor, WebError
from newsgraph.store import SearchQuery
from newsgraph.store.browse.paging import decode_cursor, encode_cursor
from newsgraph.web.state import WebState


class AnalyzeIn(BaseModel):
    text: str | None = Field(None, description="plain text; give exactly one of text and html")
    html: str | None = None
    title: str | None = Field(None, max_length=2000)
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=40, description="ISO date: the reference for relative times")
    body_only: bool = False


def analyze_document(web: WebState, body: AnalyzeIn) -> dict[str, Any]:
    """The record for pasted text or HTML; nothing is stored."""
    given = [(kind, value) for kind, value in (("text", body.text), ("html", body.html)) if value]
    if len(given) != 1:
        raise WebError("give exactly one of `text` and `html`, not empty", "NG400")
    kind, content = given[0]
    doc_id = "analyze-" + hashlib.sha256(content.encode()).hexdigest()[:16]
    document = Document(id=doc_id, kind=kind, content=content, url=body.url, title=body.title,  # type: ignore[arg-type]
                        published=body.published, body_only=body.body_only, origin="web")
    pipeline = web.pipeline()
    with web.pipeline_lock:
        record: dict[str, Any] = pipeline.analyze_one(document)
        return record


def run_search(web: WebState, query: SearchQuery, cursor: str | None, limit: int) -> tuple[list[Any], str | None]:
    """One page of ranked hits; the cursor holds the rank position (ranks are not a key a row keeps)."""
    offset = decode_cursor("search", cursor, 1)[0] if cursor else 0
    if not isinstance(offset, int) or offset < 0:
        raise BadCursor("the search cursor is invalid: pass the `next_cursor` of the previous page")
    query.limit, query.offset = limit + 1, offset
    hits = web.store.search(query)
    more = len(hits) > limit
    return hits[:limit], encode_cursor("search", [offset + limit]) if more else None
