"""The server-rendered pages (Jinja2, autoescaped): dashboard, search, reader, entity, events, place, story."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader

from newsgraph.analyze.plover import EVENT_TYPES, QUAD_CLASSES, QUADS
from newsgraph.errors import NewsgraphError, NotFound, WebError
from newsgraph.store import SearchQuery
from newsgraph.store.browse.aggregates import event_places, top_actors
from newsgraph.store.browse.articles import article_entity_ids
from newsgraph.store.browse.entities import co_mentioned, counterparts, entity_articles, get_entity
from newsgraph.store.browse.events import EventFilter, get_event, list_events
from newsgraph.store.browse.paging import MAX_LIMIT
from newsgraph.store.browse.places import get_place, place_articles
from newsgraph.store.browse.quotes import list_quotes
from newsgraph.store.browse.stories import get_story, list_stories
from newsgraph.store.labels import lead_label, untitled_article_labels
from newsgraph.web import display
from newsgraph.web.actions import AnalyzeIn, analyze_document, run_search
from newsgraph.web.reader import reader_view
from newsgraph.web.state import MAX_BODY_BYTES, WebState, state

router = APIRouter(include_in_schema=False)
TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True,
                        auto_reload=False, trim_blocks=True, lstrip_blocks=True)
TEMPLATES.globals.update(event_types=EVENT_TYPES, quads=QUADS, quad_classes=QUAD_CLASSES,
                         counted=display.counted, date_basis=display.date_basis)
Web = Annotated[WebState, Depends(state)]
Opt = Annotated[str | None, Query(max_length=500)]


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(TEMPLATES.get_template(name).render(**context), status_code=status)


def render_error(error: NewsgraphError, status: int) -> HTMLResponse:
    return page("error.html", status, title=f"Error {error.code}", error=error)


def with_params(path: str, **params: Any) -> str:
    """`path?query` with the non-empty parameters."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


TEMPLATES.globals["with_params"] = with_params


@router.get("/", response_class=HTMLResponse)
def dashboard(web: Web) -> HTMLResponse:
    stories = list_stories(web.store, limit=10).items
    display.label_stories(web.store, stories)
    return page("dashboard.html", title="Dashboard", stats=web.store.stats(), stories=stories,
                actors=top_actors(web.store, limit=10), places=event_places(web.store, limit=10))


@router.get("/search", response_class=HTMLResponse)
def search(web: Web, q: Annotated[str, Query(max_length=500)] = "",
           date_from: Annotated[str | None, Query(alias="from", max_length=40)] = None,
           date_to: Annotated[str | None, Query(alias="to", max_length=40)] = None, site: Opt = None,
           entity: Opt = None, country: Opt = None, event_type: Opt = None, place: Opt = None,
           cursor: Annotated[str | None, Query(max_length=2000)] = None) -> HTMLResponse:
    filters = {"q": q, "from": date_from, "to": date_to, "site": site, "entity": entity, "country": country,
               "event_type": event_type, "place": place}
    query = SearchQuery(q, date_from, date_to, site, entity, country, event_type or None, place)
    hits, next_cursor = run_search(web, query, cursor, 20)
    return page("search.html", title=f"Search {q}".strip(), filters=filters, hits=hits,
                labels=untitled_article_labels(web.store, [hit.article_id for hit in hits if not hit.title]),
                next_url=with_params("/search", **filters, cursor=next_cursor) if next_cursor else None)


def _article_context(record: dict[str, Any], links: dict[str, int]) -> dict[str, Any]:
    """What the reader view template needs: the highlighted text and the facts, each with its anchor."""
    view = reader_view(record)
    places = {place["id"]: place for place in record.get("places", [])}
    entities = {entity["id"]: entity for entity in record.get("entities", [])}
    heading = record.get("title") or lead_label(record.get("body")) or record.get("id") or "Analysis"
    return {"record": record, "view": view, "links": links, "places": places, "entities": entities,
            "heading": heading}


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(web: Web, article_id: str) -> HTMLResponse:
    record = web.store.get_article(article_id)
    if record is None:
        raise NotFound(f"no article {article_id!r}: search for it at /search")
    context = _article_context(record, article_entity_ids(web.store, article_id))
    return page("article.html", title=context["heading"], stored=True, **context)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(web: Web, entity_id: int, cursor: Annotated[str | None, Query(max_length=2000)] = None) -> HTMLResponse:
    found = get_entity(web.store, entity_id)
    if found is None:
        raise NotFound(f"no entity {entity_id}: find entities through /search or the dashboard")
    events = list_events(web.store, EventFilter(actor=str(entity_id)), cursor=cursor, limit=50)
    display.prepare_events(web.store, events.items)
    quotes = list_quotes(web.store, entity=entity_id, limit=30).items
    display.label_articles(web.store, [quote["article"] for quote in quotes])
    articles = entity_articles(web.store, entity_id, limit=20).items
    display.label_articles(web.store, articles)
    for event in events.items:
        event["roles"] = [side for side in ("source", "target")
                          if any(actor["entity_id"] == entity_id for actor in event[side])]
    return page("entity.html", title=found["name"], entity=found, events=events,
                next_url=with_params(f"/entities/{entity_id}", cursor=events.next_cursor)
                if events.next_cursor else None,
                quotes=quotes, counterparts=counterparts(web.store, entity_id),
                co_mentioned=co_mentioned(web.store, entity_id), articles=articles)


@router.get("/events", response_class=HTMLResponse)
def events(web: Web, type: Opt = None, actor: Opt = None, country: Opt = None, place: Opt = None,
           date_from: Annotated[str | None, Query(alias="from", max_length=40)] = None,
           date_to: Annotated[str | None, Query(alias="to", max_length=40)] = None, story: Opt = None,
           cursor: Annotated[str | None, Query(max_length=2000)] = None) -> HTMLResponse:
    if type and type.upper() not in EVENT_TYPES:
        raise WebError(f"unknown event type {type!r}: use one of {', '.join(EVENT_TYPES)}", "NG400")
    filters = {"type": type, "actor": actor, "country": country, "place": place, "from": date_from,
               "to": date_to, "story": story}
    found = list_events(web.store, EventFilter(type=type, actor=actor, country=country, place=place,
                                                      date_from=date_from, date_to=date_to, story=story),
                               cursor=cursor, limit=50)
    display.prepare_events(web.store, found.items)
    return page("events.html", title="Events", filters=filters, events=found,
                query=urlencode({k: v for k, v in filters.items() if v}),
                next_url=with_params("/events", **filters, cursor=found.next_cursor) if found.next_cursor else None)


@router.get("/events/{article_id}/{event_id}", response_class=HTMLResponse)
def event(web: Web, article_id: str, event_id: str) -> HTMLResponse:
    found = get_event(web.store, article_id, event_id)
    if found is None:
        raise NotFound(f"no event {event_id!r} in article {article_id!r}: browse events at /events")
    display.label_articles(web.store, [found["article"]])
    if found["canonical"]:
        display.label_articles(web.store, found["canonical"]["reports"], id_key="article_id")
    return page("event.html", title=f"{found['type']} event", event=found)


@router.get("/places/{place_id}", response_class=HTMLResponse)
def place(web: Web, place_id: str) -> HTMLResponse:
    found = get_place(web.store, place_id)
    if found is None:
        raise NotFound(f"no place {place_id!r}: places are listed at /api/places")
    articles = place_articles(web.store, place_id, limit=50).items
    display.label_articles(web.store, articles)
    events = list_events(web.store, EventFilter(place=place_id), limit=50).items
    display.prepare_events(web.store, events)
    return page("place.html", title=found["name"], place=found, articles=articles, events=events)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(web: Web, story_id: str) -> HTMLResponse:
    found = get_story(web.store, story_id)
    if found is None:
        raise NotFound(f"no story {story_id!r}: the dashboard lists the latest stories")
    display.label_stories(web.store, [found])
    display.label_articles(web.store, found["articles"])
    by_source: dict[str, list[dict[str, Any]]] = {}
    for item in found["articles"]:
        by_source.setdefault(display.source_name(item), []).append(item)
    events = list_events(web.store, EventFilter(story=story_id), limit=MAX_LIMIT).items
    display.prepare_events(web.store, events)
    canonical = display.canonical_reports(web.store, found["canonical_events"], events)
    return page("story.html", title=found["label"], story=found, by_source=by_source, canonical=canonical,
                events=events)


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form() -> HTMLResponse:
    return page("analyze.html", title="Analyze", form={}, result=None)


@router.post("/analyze", response_class=HTMLResponse)
async def analyze(request: Request) -> HTMLResponse:
    """Form fields are parsed here (urlencoded); the analysis runs in a worker thread."""
    from starlette.concurrency import run_in_threadpool

    raw = (await request.body()).decode("utf-8", errors="replace")
    fields = {k: v[0] for k, v in parse_qs(raw, max_num_fields=10).items()}
    content = fields.get("content", "")
    kind = "html" if fields.get("kind") == "html" else "text"
    if not content.strip():  # the form again, with what was typed and what to do
        return page("analyze.html", 400, title="Analyze", form=fields, result=None,
                    error={"code": WebError.code, "message": "nothing to analyze: paste some text or HTML first"})
    body = AnalyzeIn(**{kind: content}, title=fields.get("title") or None, published=fields.get("published") or None,
                     body_only=fields.get("body_only") == "on")
    record = await run_in_threadpool(analyze_document, state(request), body)
    if "error" in record:
        return page("analyze.html", title="Analyze", form=fields, result=None, error=record["error"],
                    limit=MAX_BODY_BYTES)
    context = _article_context(record, {})
    return page("article.html", title=context["heading"], stored=False, **context)
