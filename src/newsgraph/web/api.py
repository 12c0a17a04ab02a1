"""The JSON API under /api/: records, entities, events, quotes, places, stories, search, aggregates, analyze."""

from __future__ import annotations

import csv
import hmac
import io
import json
from collections.abc import Iterator
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Header, Path, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from newsgraph.analyze.plover import EVENT_TYPES
from newsgraph.errors import NotFound, TokenRequired, UrlNotAllowed
from newsgraph.store import SearchQuery
from newsgraph.store.browse.aggregates import event_places, events_by_day, top_actors
from newsgraph.store.browse.articles import list_articles
from newsgraph.store.browse.entities import co_mentioned, counterparts, get_entity, list_entities
from newsgraph.store.browse.entities import entity_articles as articles_of_entity  # `entity_articles` is a route
from newsgraph.store.browse.events import EventFilter, get_event, list_events
from newsgraph.store.browse.paging import MAX_LIMIT, Page
from newsgraph.store.browse.places import get_place, list_places, place_articles
from newsgraph.store.browse.quotes import list_quotes
from newsgraph.store.browse.stories import get_story, list_stories
from newsgraph.web.actions import AnalyzeIn, analyze_document, run_search
from newsgraph.web.state import WebState, state

router = APIRouter(prefix="/api")
EXPORT_MAX_ROWS = 100_000
EXPORT_COLUMNS = ("article_id", "event_id", "type", "quad_class", "day", "date", "source", "target", "trigger",
                  "place", "negated", "hypothetical", "confidence", "dead", "injured", "canonical_id")

Web = Annotated[WebState, Depends(state)]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page; omit for the first page",
                                     max_length=2000)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Text = Annotated[str | None, Query(max_length=500)]
EventType = Annotated[Literal[EVENT_TYPES] | None, Query(description="PLOVER event type")]  # type: ignore[valid-type]


class PageOut(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None = Field(description="pass as `cursor` for the next page; null on the last page")


class SearchHitOut(BaseModel):
    article_id: str
    title: str | None
    url: str | None
    site_name: str | None
    published: str | None
    score: float
    snippet: list[tuple[str, bool]] = Field(description="(text, highlighted) segments")


class SearchOut(BaseModel):
    items: list[SearchHitOut]
    next_cursor: str | None


class AggregatesOut(BaseModel):
    by_day: list[dict[str, Any]] = Field(description="event counts per day and PLOVER quad class")
    top_actors: list[dict[str, Any]]
    top_places: list[dict[str, Any]]


class IngestIn(BaseModel):
    url: str = Field(max_length=2000, description="a page, feed or sitemap URL (http or https)")


def _page(page: Page) -> PageOut:
    return PageOut(items=page.items, next_cursor=page.next_cursor)


class EventQuery:
    """The events explorer's filters as query parameters (shared by list, export and aggregates)."""

    def __init__(self, type: EventType = None, actor: Text = None,
                 role: Annotated[Literal["source", "target"] | None, Query()] = None,
                 country: Text = None, place: Text = None,
                 date_from: Annotated[str | None, Query(alias="from", max_length=40)] = None,
                 date_to: Annotated[str | None, Query(alias="to", max_length=40)] = None,
                 article: Text = None, story: Text = None) -> None:
        self.filter = EventFilter(type=type, actor=actor, role=role, country=country, place=place,
                                  date_from=date_from, date_to=date_to, article=article, story=story)


Events = Annotated[EventQuery, Depends()]


# ---------------------------------------------------------------- articles and search


@router.get("/articles", response_model=PageOut, summary="Articles, newest first")
def articles(web: Web, cursor: Cursor = None, limit: Limit = 50, site: Text = None, story: Text = None) -> PageOut:
    return _page(list_articles(web.store, cursor=cursor, limit=limit, site=site, story=story))


@router.get("/articles/{article_id}", summary="One article's full record (the contract's), with its story")
def article(web: Web, article_id: Annotated[str, Path(max_length=500)]) -> dict[str, Any]:
    record = web.store.get_article(article_id)
    if record is None:
        raise NotFound(f"no article {article_id!r}: list them at /api/articles or search at /api/search")
    return record


@router.get("/search", response_model=SearchOut, summary="Full-text and structured search, ranked")
def search(web: Web, q: Annotated[str, Query(max_length=500)] = "",
           date_from: Annotated[str | None, Query(alias="from", max_length=40)] = None,
           date_to: Annotated[str | None, Query(alias="to", max_length=40)] = None,
           site: Text = None, entity: Text = None, country: Text = None, event_type: EventType = None,
           place: Text = None, cursor: Cursor = None, limit: Limit = 20) -> SearchOut:
    hits, next_cursor = run_search(web, SearchQuery(q, date_from, date_to, site, entity, country, event_type, place),
                                   cursor, limit)
    return SearchOut(items=[SearchHitOut(**vars(hit)) for hit in hits], next_cursor=next_cursor)


# ---------------------------------------------------------------- entities and quotes


def _entity_or_404(web: WebState, entity_id: int) -> dict[str, Any]:
    entity = get_entity(web.store, entity_id)
    if entity is None:
        raise NotFound(f"no entity {entity_id}: list them at /api/entities")
    return entity


EntityId = Annotated[int, Path(ge=1, le=2**62)]


@router.get("/entities", response_model=PageOut, summary="Entities across articles, most mentioned first")
def entities(web: Web, q: Text = None, type: Text = None, cursor: Cursor = None, limit: Limit = 50) -> PageOut:
    return _page(list_entities(web.store, cursor=cursor, limit=limit, q=q, type=type))


@router.get("/entities/{entity_id}", summary="An entity: aliases, roles over time, actor codes, counterparts")
def entity(web: Web, entity_id: EntityId) -> dict[str, Any]:
    found = _entity_or_404(web, entity_id)
    found["counterparts"] = counterparts(web.store, entity_id)
    found["co_mentioned"] = co_mentioned(web.store, entity_id)
    return found


@router.get("/entities/{entity_id}/events", response_model=PageOut, summary="Events with the entity as an actor")
def entity_events(web: Web, entity_id: EntityId, role: Annotated[Literal["source", "target"] | None, Query()] = None,
                  cursor: Cursor = None, limit: Limit = 50) -> PageOut:
    _entity_or_404(web, entity_id)
    filters = EventFilter(actor=str(entity_id), role=role)
    return _page(list_events(web.store, filters, cursor=cursor, limit=limit))


@router.get("/entities/{entity_id}/quotes", response_model=PageOut, summary="Quotes the entity is the speaker of")
def entity_quotes(web: Web, entity_id: EntityId, cursor: Cursor = None, limit: Limit = 50) -> PageOut:
    _entity_or_404(web, entity_id)
    return _page(list_quotes(web.store, entity=entity_id, cursor=cursor, limit=limit))


@router.get("/entities/{entity_id}/articles", response_model=PageOut, summary="Articles naming the entity")
def entity_articles(web: Web, entity_id: EntityId, cursor: Cursor = None, limit: Limit = 50) -> PageOut:
    _entity_or_404(web, entity_id)
    return _page(articles_of_entity(web.store, entity_id, cursor=cursor, limit=limit))


@router.get("/quotes", response_model=PageOut, summary="Quotes, newest first")
def quotes(web: Web, entity: Annotated[int | None, Query(ge=1, le=2**62)] = None, article: Text = None,
           cursor: Cursor = None, limit: Limit = 50) -> PageOut:
    return _page(list_quotes(web.store, entity=entity, article=article, cursor=cursor, limit=limit))


# ---------------------------------------------------------------- events


@router.get("/events", response_model=PageOut, summary="Events, newest first, with the explorer's filters")
def events(web: Web, query: Events, cursor: Cursor = None, limit: Limit = 50) -> PageOut:
    return _page(list_events(web.store, query.filter, cursor=cursor, limit=limit))


@router.get("/events/export", summary="The filtered events as CSV or JSON Lines (streamed)",
            responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}})
def events_export(web: Web, query: Events,
                  format: Annotated[Literal["csv", "jsonl"], Query()] = "jsonl") -> StreamingResponse:
    rows = _all_events(web, query.filter)
    if format == "jsonl":
        body: Iterator[str] = (json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        media = "application/x-ndjson"
    else:
        body = _csv_lines(rows)
        media = "text/csv; charset=utf-8"
    return StreamingResponse(body, media_type=media, headers={
        "content-disposition": f'attachment; filename="events.{format}"'})


def _all_events(web: WebState, filters: EventFilter) -> Iterator[dict[str, Any]]:
    """Every matching event, page by page (so the export never holds them all), up to EXPORT_MAX_ROWS."""
    cursor: str | None = None
    sent = 0
    while sent < EXPORT_MAX_ROWS:
        page = list_events(web.store, filters, cursor=cursor, limit=MAX_LIMIT)
        for item in page.items:
            yield {key: item[key] for key in EXPORT_COLUMNS}
        sent += len(page.items)
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def _csv_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v
                         for k, v in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


@router.get("/events/{article_id}/{event_id}", summary="One event: its sentence and its canonical event's reports")
def event(web: Web, article_id: Annotated[str, Path(max_length=500)],
          event_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    found = get_event(web.store, article_id, event_id)
    if found is None:
        raise NotFound(f"no event {event_id!r} in article {article_id!r}: list events at /api/events")
    return found


@router.get("/aggregates", response_model=AggregatesOut,
            summary="Event counts by day and quad class, top actors and top places (canonical events counted once)")
def aggregates(web: Web, query: Events, limit: Annotated[int, Query(ge=1, le=100)] = 10) -> AggregatesOut:
    return AggregatesOut(by_day=events_by_day(web.store, query.filter),
                         top_actors=top_actors(web.store, query.filter, limit),
                         top_places=event_places(web.store, query.filter, limit))


@router.get("/map", summary="Places with coordinates and their (filtered) event counts")
def event_map(web: Web, query: Events, limit: Annotated[int, Query(ge=1, le=500)] = 300) -> list[dict[str, Any]]:
    return event_places(web.store, query.filter, limit)


# ---------------------------------------------------------------- places and stories


@router.get("/places", response_model=PageOut, summary="Places by events, then articles")
def places(web: Web, country: Text = None, cursor: Cursor = None, limit: Limit = 50) -> PageOut:
    return _page(list_places(web.store, cursor=cursor, limit=limit, country=country))


@router.get("/places/{place_id}", summary="A place (GeoNames id, or name when unresolved) and its articles")
def place(web: Web, place_id: Annotated[str, Path(max_length=300)], cursor: Cursor = None,
          limit: Limit = 50) -> dict[str, Any]:
    found = get_place(web.store, place_id)
    if found is None:
        raise NotFound(f"no place {place_id!r}: list them at /api/places")
    page = place_articles(web.store, place_id, cursor=cursor, limit=limit)
    return {**found, "articles_page": _page(page).model_dump()}


@router.get("/stories", response_model=PageOut, summary="Stories by their latest article, newest first")
def stories(web: Web, min_articles: Annotated[int, Query(ge=1, le=10_000)] = 1, cursor: Cursor = None,
            limit: Limit = 20) -> PageOut:
    return _page(list_stories(web.store, cursor=cursor, limit=limit, min_articles=min_articles))


@router.get("/stories/{story_id}", summary="A story: its articles by source and time, its canonical events")
def story(web: Web, story_id: Annotated[str, Path(max_length=300)]) -> dict[str, Any]:
    found = get_story(web.store, story_id)
    if found is None:
        raise NotFound(f"no story {story_id!r}: list them at /api/stories")
    return found


@router.get("/stats", summary="Row counts of the store's tables")
def stats(web: Web) -> dict[str, int]:
    return web.store.stats()


# ---------------------------------------------------------------- analyze and ingest


@router.post("/analyze", summary="Analyze pasted text or HTML and return its article record; nothing is stored")
def analyze(web: Web, body: AnalyzeIn) -> dict[str, Any]:
    return analyze_document(web, body)


def check_token(web: WebState, authorization: str | None) -> None:
    if web.token is None:
        raise TokenRequired("this server is read-only: start it with --token (or NEWSGRAPH_TOKEN) to allow ingest")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), web.token.encode()):
        raise TokenRequired("missing or wrong token: send `Authorization: Bearer <token>` as configured on the server")


def check_url(web: WebState, url: str) -> None:
    """Only http(s) URLs to public hosts, unless the server allows private addresses."""
    from newsgraph.sources.fetch import address_error

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UrlNotAllowed(f"{url[:200]!r} is not an http or https URL with a host")
    if not web.allow_private and (refused := address_error(parts.hostname, url)):
        raise UrlNotAllowed(f"{refused.message} (start the server with --allow-private to fetch such hosts)")


@router.post("/ingest", summary="Fetch, analyze and store a URL (needs the server's token)",
             responses={"403": {"description": "no or wrong token, or no token configured",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}},
                        "413": {"description": "request body too large"}})
def ingest(web: Web, body: IngestIn,
           authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
    from newsgraph.ingest import Ingester
    from newsgraph.sources.fetch import Fetcher

    check_token(web, authorization)
    check_url(web, body.url)
    fetcher = Fetcher(max_bytes=web.settings.max_bytes, allow_private=web.allow_private)
    with web.pipeline_lock:
        ingester = Ingester(web.store, web.settings, fetcher=fetcher)
        try:
            report = ingester.run([body.url])
        finally:
            fetcher.close()
    return {"stored": report.stored, "reanalyzed": report.reanalyzed, "skipped": report.skipped,
            "failed": report.failed, "errors": [{"id": i, "code": c, "message": m} for i, c, m in report.errors]}
