"""The browse queries of the web (store/browse/), the same tests on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgraph.analyze.plover import QUADS
from newsgraph.config import Settings
from newsgraph.errors import BadCursor
from newsgraph.ingest import ingest
from newsgraph.store import SearchQuery, Store, open_store
from newsgraph.store.browse.aggregates import event_places, events_by_day, top_actors
from newsgraph.store.browse.articles import list_articles
from newsgraph.store.browse.entities import co_mentioned, counterparts, get_entity, list_entities
from newsgraph.store.browse.events import EventFilter, list_events
from newsgraph.store.browse.paging import decode_cursor, encode_cursor
from newsgraph.store.browse.places import get_place, list_places, place_articles
from newsgraph.store.browse.quotes import list_quotes
from newsgraph.store.browse.stories import get_story, list_stories

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store(request, tmp_path_factory) -> Iterator[Store]:
    """The bundled samples ingested into each backend (PostgreSQL: a database created and dropped here)."""
    if request.param == "sqlite":
        url, admin, name = f"sqlite:///{tmp_path_factory.mktemp('browse') / 'browse.db'}", None, None
    else:
        from conftest import _admin

        admin = _admin()
        name = f"newsgraph_browse_{uuid.uuid4().hex[:12]}"
        admin.execute(f'CREATE DATABASE "{name}"')
        url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    try:
        with open_store(url) as opened:
            report = ingest([str(SAMPLES)], opened, Settings())
            assert report.stored == 4
            yield opened
    finally:
        if admin is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


def _all(fetch, **kwargs) -> list[dict]:
    items, cursor = [], None
    while True:
        page = fetch(cursor=cursor, **kwargs)
        items += page.items
        if page.next_cursor is None:
            return items
        cursor = page.next_cursor


def test_store_browse_keyset_pages_are_complete_and_ordered(store):
    stats = store.stats()
    events = _all(lambda cursor: list_events(store, cursor=cursor, limit=4))
    assert len({(e["article_id"], e["event_id"]) for e in events}) == len(events) == stats["events"]
    keys = [(e["day"] or "", e["article_id"], e["event_id"]) for e in events]
    assert keys == sorted(keys, reverse=True)
    articles = _all(lambda cursor: list_articles(store, cursor=cursor, limit=3))
    assert len({a["id"] for a in articles}) == stats["articles"]
    entities = _all(lambda cursor: list_entities(store, cursor=cursor, limit=7))
    assert len({e["id"] for e in entities}) == len(entities) == stats["entities"]
    counts = [e["article_count"] for e in entities]
    assert counts == sorted(counts, reverse=True)
    places = _all(lambda cursor: list_places(store, cursor=cursor, limit=5))
    assert len({p["id"] for p in places}) == len(places)
    quotes = _all(lambda cursor: list_quotes(store, cursor=cursor, limit=5))
    assert len(quotes) == stats["quotes"]
    stories = _all(lambda cursor: list_stories(store, cursor=cursor, limit=2))
    assert sum(s["article_count"] for s in stories) == stats["articles"]


def test_store_browse_cursor_is_opaque_and_checked():
    cursor = encode_cursor("events", ["2024-01-02", "a", "ev1"])
    assert "2024" not in cursor
    assert decode_cursor("events", cursor, 3) == ["2024-01-02", "a", "ev1"]
    for bad, kind, width in ((cursor, "articles", 3), (cursor, "events", 2), ("%%%", "events", 3),
                             (encode_cursor("events", [None, "a", "b"]), "events", 3)):
        with pytest.raises(BadCursor) as caught:
            decode_cursor(kind, bad, width)
        assert caught.value.code == "NG401"


def test_store_browse_event_filters(store):
    every = _all(lambda cursor: list_events(store, cursor=cursor, limit=100))
    for event_type in {e["type"] for e in every}:
        typed = list_events(store, EventFilter(type=event_type), limit=500).items
        assert len(typed) == sum(e["type"] == event_type for e in every)
    actors = [(a["entity_id"], e) for e in every for a in e["source"] + e["target"] if a["entity_id"]]
    entity_id = actors[0][0]
    mine = list_events(store, EventFilter(actor=str(entity_id)), limit=500).items
    expected = {(e["article_id"], e["event_id"]) for i, e in actors if i == entity_id}
    assert {(e["article_id"], e["event_id"]) for e in mine} == expected
    country = next(a["country"] for e in every for a in e["source"] + e["target"] if a["country"])
    by_country = list_events(store, EventFilter(country=country), limit=500).items
    assert by_country and all(any(a["country"] == country for a in e["source"] + e["target"])
                              or (e["place"] and e["place"]["country_code"]) for e in by_country)
    placed = next(e for e in every if e["place"] and e["place"]["geonames_id"])
    at_place = list_events(store, EventFilter(place=str(placed["place"]["geonames_id"])), limit=500).items
    assert at_place and all(e["place"]["geonames_id"] == placed["place"]["geonames_id"] for e in at_place)


def test_store_browse_a_place_filter_means_the_same_to_search_and_to_events(store):
    """One place condition (search.place_clause), by GeoNames id or by name, for search and the events explorer."""
    every = _all(lambda cursor: list_events(store, cursor=cursor, limit=500))
    placed = next(e for e in every if e["place"] and e["place"]["geonames_id"])
    for value in (str(placed["place"]["geonames_id"]), placed["place"]["name"]):
        events = list_events(store, EventFilter(place=value), limit=500).items
        hits = store.search(SearchQuery(place=value, limit=100))
        assert events and {e["article_id"] for e in events} <= {hit.article_id for hit in hits}, value
    assert {h.article_id for h in store.search(SearchQuery(place="no such place anywhere"))} == set()


def test_store_browse_entity_detail_and_counterparts(store):
    actor = top_actors(store, limit=1)[0]
    entity = get_entity(store, actor["id"])
    assert entity["name"] == actor["name"] and entity["article_count"] >= 1
    assert entity["name"] not in entity["aliases"]
    for other in counterparts(store, actor["id"]):
        assert actor["id"] in {c["id"] for c in counterparts(store, other["id"])}
    for other in co_mentioned(store, actor["id"], 3):
        assert actor["id"] in {c["id"] for c in co_mentioned(store, other["id"], 500)}
    assert get_entity(store, 10**9) is None


def test_store_browse_quotes_by_speaker(store):
    quotes = _all(lambda cursor: list_quotes(store, cursor=cursor, limit=50))
    spoken = [q for q in quotes if q["speaker"] and q["speaker"]["entity_id"]]
    assert spoken
    speaker = spoken[0]["speaker"]["entity_id"]
    theirs = list_quotes(store, entity=speaker, limit=500).items
    assert {(q["article_id"], q["quote_id"]) for q in theirs} == {
        (q["article_id"], q["quote_id"]) for q in spoken if q["speaker"]["entity_id"] == speaker}


def test_store_browse_canonical_events_count_once(store):
    before = sum(row["count"] for row in events_by_day(store))
    events = list_events(store, limit=500).items
    groups: dict[tuple, list[dict]] = {}
    for event in events:
        groups.setdefault((event["day"], event["type"]), []).append(event)
    # b must be the only report of its canonical event, so that moving it into a's leaves one event fewer
    reports: dict[str | None, int] = {}
    for event in events:
        reports[event["canonical_id"]] = reports.get(event["canonical_id"], 0) + 1
    pairs = [(g[0], e) for key, g in groups.items() if key[0] for e in g
             if e["canonical_id"] != g[0]["canonical_id"]
             and (e["canonical_id"] is None or reports[e["canonical_id"]] == 1)]
    if not pairs:
        pytest.skip("no two separate events of one type on one day in the samples")
    a, b = pairs[0]
    shared = a["canonical_id"] or "ce-shared"
    with store._write() as tx:
        if not a["canonical_id"]:
            tx.execute('INSERT INTO canonical_events (id, "type", report_count) VALUES (?, ?, 2)', (shared, a["type"]))
        for event in (a, b):
            tx.execute("UPDATE events SET canonical_id = ? WHERE article_id = ? AND event_id = ?",
                       (shared, event["article_id"], event["event_id"]))
    try:
        after = sum(row["count"] for row in events_by_day(store))
        assert after == before - 1
    finally:
        with store._write() as tx:
            for event in (a, b):
                tx.execute("UPDATE events SET canonical_id = ? WHERE article_id = ? AND event_id = ?",
                           (event["canonical_id"], event["article_id"], event["event_id"]))


def test_store_browse_stories_places_and_aggregates(store):
    story = list_stories(store, limit=1).items[0]
    detail = get_story(store, story["id"])
    assert len(detail["articles"]) == detail["article_count"] == story["article_count"]
    reported = {e["canonical_id"] for e in list_events(store, EventFilter(story=story["id"]), limit=500).items}
    assert {c["id"] for c in detail["canonical_events"]} == reported - {None}
    assert get_story(store, "no-such-story") is None
    place = list_places(store, limit=1).items[0]
    again = get_place(store, place["id"])
    assert again == place
    articles = place_articles(store, place["id"], limit=500).items
    assert len(articles) == place["articles"]
    points = event_places(store, limit=500)
    assert all(p["lat"] is not None and p["events"] > 0 for p in points)
    quads = {row["quad_class"] for row in events_by_day(store)}
    assert quads <= set(QUADS)


US_ARTICLES = ("conll-train-0173", "conll-train-0199", "polnear-wash-post_2016-08-10_philippine-lawmaker-wants-trump-",
               "polnear-wash-post_2016-05-26_hacker-who-revealed-private-clin")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def us_store(request, tmp_path_factory) -> Iterator[Store]:
    """Four articles of ../shared/data that name the United States as "U.S.", "United States" and "American(s)"."""
    import json
    from contextlib import ExitStack

    from conftest import DATA, need, postgres_database

    documents = json.loads(need(DATA / "events" / "articles" / "train.json").read_text())["documents"]
    folder = tmp_path_factory.mktemp("us")
    for document in documents:
        if document["id"] in US_ARTICLES:
            (folder / f"{document['id']}.txt").write_text(document["text"], encoding="utf-8")
    with ExitStack() as stack:
        url = f"sqlite:///{folder / 'us.db'}" if request.param == "sqlite" else stack.enter_context(postgres_database())
        with open_store(url) as opened:
            assert ingest([str(folder)], opened, Settings()).stored == len(US_ARTICLES)
            yield opened


def test_store_browse_one_canonical_entity_for_a_country_and_its_people(us_store):
    found = _all(lambda cursor: list_entities(us_store, cursor=cursor, q="united"))
    united = [e for e in found if e["geonames_id"] == 6252001]
    assert len(united) == 1
    entity = get_entity(us_store, united[0]["id"])
    assert entity is not None and entity["type"] == "GPE"
    assert {"U.S.", "United States", "American"} <= {entity["name"], *entity["aliases"]}
    assert united[0]["article_count"] == len(US_ARTICLES)
    # whatever it is asked by, a name or an alias, in any case: the same one entity
    for q in ("AMERICAN", "u.s", "States"):
        ids = {e["id"] for e in _all(lambda cursor, q=q: list_entities(us_store, cursor=cursor, q=q))
               if e["geonames_id"] == 6252001 or e["name"] in ("American", "Americans", "U.S.")}
        assert ids == {united[0]["id"]}, q
