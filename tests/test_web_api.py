"""The JSON API, in process (FastAPI TestClient), over a store filled by `ingest` with real analyzed records."""

from __future__ import annotations

import csv
import io
import json

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from web_corpus import XSS_ID, corpus_db

from newsgraph.analyze.plover import QUADS
from newsgraph.config import Settings
from newsgraph.store import open_store
from newsgraph.store.browse.paging import encode_cursor
from newsgraph.web.app import create_app


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(corpus_db(), Settings()), raise_server_exceptions=False) as opened:
        yield opened


@pytest.fixture(scope="module")
def store():
    with open_store(corpus_db()) as opened:
        yield opened


def _walk(client: TestClient, path: str, limit: int, **params: str) -> list[dict]:
    """Every item of a paginated list, following `next_cursor`."""
    items, cursor = [], None
    for _ in range(1000):
        response = client.get(path, params={**params, "limit": limit, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("pagination never ended")


def test_web_api_article_is_the_stored_record(client, store):
    article_id = XSS_ID
    body = client.get(f"/api/articles/{article_id}").json()
    assert body["schema"] == "newsgraph.article/1"
    assert body == store.get_article(article_id)
    for entity in body["entities"]:
        for mention in entity["mentions"]:
            assert body["text"][mention["start"]:mention["end"]] == mention["text"]


def test_web_api_cursor_pages_cover_every_event_once(client, store):
    events = _walk(client, "/api/events", 3)
    keys = [(e["article_id"], e["event_id"]) for e in events]
    assert len(keys) == len(set(keys)) == store.stats()["events"]
    days = [e["day"] or "" for e in events]
    assert days == sorted(days, reverse=True)


def test_web_api_cursor_of_another_list_is_refused(client):
    cursor = client.get("/api/events", params={"limit": 1}).json()["next_cursor"]
    response = client.get("/api/entities", params={"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "NG401"
    garbage = client.get("/api/articles", params={"cursor": "not-a-cursor"})
    assert garbage.status_code == 400 and garbage.json()["error"]["code"] == "NG401"


@pytest.mark.parametrize("offset", [-5, "ten", 2.5])
def test_web_api_forged_search_cursor_is_refused(client, offset):
    """A search cursor holds a rank position: anything but a whole number from 0 is NG401, never a 500."""
    forged = encode_cursor("search", [offset])
    for path in ("/api/search", "/search"):
        response = client.get(path, params={"q": "talks", "cursor": forged}, headers={"accept": "application/json"})
        assert response.status_code == 400 and response.json()["error"]["code"] == "NG401", (path, response.text)


def test_web_api_search_filters_and_pages(client, store):
    hits = _walk(client, "/api/search", 1, q="Boeing")
    assert hits and all(isinstance(seg, list) and len(seg) == 2 for hit in hits for seg in hit["snippet"])
    assert any(marked and "boeing" in text.lower() for hit in hits for text, marked in hit["snippet"])
    everything = _walk(client, "/api/search", 2)
    assert len(everything) == store.stats()["articles"]
    typed = client.get("/api/search", params={"event_type": "SANCTION"}).json()["items"]
    for hit in typed:
        record = store.get_article(hit["article_id"])
        assert any(event["type"] == "SANCTION" for event in record["events"])
    assert client.get("/api/search", params={"event_type": "NOT_A_TYPE"}).status_code == 422


def test_web_api_event_filters_hold(client):
    every = _walk(client, "/api/events", 50)
    one_type = every[0]["type"]
    typed = _walk(client, "/api/events", 50, type=one_type)
    assert typed and all(e["type"] == one_type for e in typed)
    assert len(typed) == sum(e["type"] == one_type for e in every)
    actor = next(a for e in every for a in e["source"] + e["target"] if a["entity_id"])
    by_actor = _walk(client, "/api/events", 50, actor=str(actor["entity_id"]))
    assert by_actor and all(any(a["entity_id"] == actor["entity_id"] for a in e["source"] + e["target"])
                            for e in by_actor)
    first_day = min(e["day"] for e in every if e["day"])
    dated = _walk(client, "/api/events", 50, to=first_day)
    assert dated and all(e["day"] <= first_day for e in dated)


def test_web_api_entity_links_its_events_quotes_and_counterparts(client):
    actors = client.get("/api/aggregates").json()["top_actors"]
    top = actors[0]
    entity = client.get(f"/api/entities/{top['id']}").json()
    assert entity["name"] == top["name"] and entity["article_count"] >= 1
    events = _walk(client, f"/api/entities/{top['id']}/events", 5)
    assert len({(e["article_id"], e["event_id"]) for e in events}) >= top["events"]
    for other in entity["counterparts"]:
        back = client.get(f"/api/entities/{other['id']}").json()["counterparts"]
        assert top["id"] in {c["id"] for c in back}
    sources = _walk(client, f"/api/entities/{top['id']}/events", 5, role="source")
    assert all(any(a["entity_id"] == top["id"] for a in e["source"]) for e in sources)
    assert client.get("/api/entities/999999999").json()["error"]["code"] == "NG404"


def test_web_api_aggregates_count_canonical_events_once(client, store):
    by_day = client.get("/api/aggregates").json()["by_day"]
    assert {row["quad_class"] for row in by_day} <= set(QUADS)
    total = sum(row["count"] for row in by_day)
    with store._read() as tx:
        distinct = tx.one("SELECT count(DISTINCT coalesce(canonical_id, article_id || ':' || event_id)) AS n "
                          "FROM events")["n"]
    assert 0 < total <= distinct


def test_web_api_places_and_stories(client, store):
    places = _walk(client, "/api/places", 4)
    assert places and len({p["id"] for p in places}) == len(places)
    place = client.get(f"/api/places/{places[0]['id']}").json()
    assert place["name"] == places[0]["name"] and place["articles_page"]["items"]
    stories = _walk(client, "/api/stories", 2)
    assert len(stories) == len({s["id"] for s in stories}) >= 1
    story = client.get(f"/api/stories/{stories[0]['id']}").json()
    assert len(story["articles"]) == story["article_count"]
    assert all(store.get_article(a["id"])["story"] == story["id"] for a in story["articles"])


def test_web_api_export_is_the_filtered_selection(client):
    events = _walk(client, "/api/events", 50, type="AGREE")
    jsonl = client.get("/api/events/export", params={"type": "AGREE", "format": "jsonl"})
    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in jsonl.text.splitlines()]
    assert [(r["article_id"], r["event_id"]) for r in rows] == [(e["article_id"], e["event_id"]) for e in events]
    table = list(csv.DictReader(io.StringIO(client.get("/api/events/export",
                                                       params={"type": "AGREE", "format": "csv"}).text)))
    assert len(table) == len(rows) and all(row["type"] == "AGREE" for row in table)


def test_web_api_analyze_returns_a_record_and_stores_nothing(client, store):
    before = store.stats()["articles"]
    text = "Japan's prime minister met the Chinese foreign minister in Tokyo on Tuesday to discuss trade."
    response = client.post("/api/analyze", json={"text": text, "body_only": True, "published": "2024-05-07"})
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["text"] == text and record["schema"] == "newsgraph.article/1"
    assert any(e["name"].startswith("Tokyo") for e in record["entities"])
    assert store.stats()["articles"] == before
    both = client.post("/api/analyze", json={"text": "a", "html": "<p>b</p>"})
    assert both.status_code == 400 and both.json()["error"]["code"] == "NG400"


def test_web_api_errors_are_json_with_codes(client):
    for path, status in (("/api/articles/none-such", 404), ("/api/entities/0", 422), ("/api/events?limit=0", 422),
                         ("/api/nothing-here", 404)):
        response = client.get(path)
        assert response.status_code == status
        error = response.json()["error"]
        assert error["code"].startswith("NG4") and error["message"]


# ---------------------------------------------------------------- the OpenAPI schema, fuzzed

@pytest.fixture(scope="module")
def web_schema():
    app = create_app(corpus_db(), Settings())
    # analyze runs the NLP model (tested above); ingest needs a token (tested in test_web_security)
    return schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path="/api/analyze")


def test_web_api_schema_fuzz_has_no_server_errors(web_schema):
    """Every operation of /openapi.json, with generated parameters: never a 5xx, errors always coded JSON."""
    tried = 0
    for result in web_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def check(case) -> None:
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])
            if response.status_code >= 400:
                assert response.json()["error"]["code"].startswith("NG4"), (case.path, response.text)

        check()
        tried += 1
    assert tried >= 15
