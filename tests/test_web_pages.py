"""The server-rendered pages, in process: highlights at the record's offsets, facts linked to evidence, navigation."""

from __future__ import annotations

from collections.abc import Iterator

import lxml.html
import pytest
from fastapi.testclient import TestClient
from web_corpus import corpus_db

from newsgraph.config import Settings
from newsgraph.store import open_store
from newsgraph.web.app import create_app
from newsgraph.web.reader import Span, reader_view, render


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(corpus_db(), Settings()), raise_server_exceptions=False) as opened:
        yield opened


@pytest.fixture(scope="module")
def records() -> list[dict]:
    with open_store(corpus_db()) as store:
        with store._read() as tx:
            ids = [row["id"] for row in tx.all("SELECT id FROM articles ORDER BY id")]
        return [store.get_article(i) for i in ids]


def _doc(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(html)


def test_web_pages_reader_highlights_sit_on_the_record_spans(client, records):
    for record in records:
        page = _doc(client.get(f"/articles/{record['id']}").text)
        reader = page.get_element_by_id("reader")
        assert reader.text_content() == record["text"]
        marks = reader.xpath(".//mark")
        assert marks
        for mark in marks:
            start, end = int(mark.get("data-start")), int(mark.get("data-end"))
            assert mark.text_content() == record["text"][start:end]
        for event in record["events"]:
            mark = page.get_element_by_id(f"event-{event['id']}", None)
            if mark is not None:
                assert mark.text_content() == event["trigger"]["text"]


def test_web_pages_every_fact_links_to_its_evidence(client, records):
    record = max(records, key=lambda r: len(r["events"]))
    page = _doc(client.get(f"/articles/{record['id']}").text)
    links = page.xpath("//aside//a[@class='evidence']")
    assert len(links) >= len(record["events"])
    for link in links:
        target = page.get_element_by_id(link.get("href").removeprefix("#"))
        assert target.tag == "mark"
    entity_links = page.xpath("//a[@class='entity-link']/@href")
    assert len(entity_links) == len(record["entities"])


def test_web_pages_reader_skips_crossing_spans_and_escapes():
    text = "<b>Alpha Beta</b> Gamma"
    view = render(text, [Span(3, 13, "a", "entity", "x"), Span(9, 19, "b", "quote", "y"),
                         Span(3, 8, "c", "event", "z"), Span(3, 13, "d", "place", "w")])
    assert view.skipped == ["b"]
    assert view.anchors == {"a": "a", "d": "a", "c": "c"}
    assert "<b>" not in view.markup and "&lt;b&gt;" in view.markup
    assert lxml.html.fragment_fromstring(f"<div>{view.markup}</div>").text_content() == text


def test_web_pages_removed_boilerplate_is_listed(client, records):
    with_removed = [r for r in records if r["removed"]]
    if not with_removed:
        pytest.skip("no sample has removed boilerplate")
    record = with_removed[0]
    page = _doc(client.get(f"/articles/{record['id']}").text)
    items = page.xpath("//details[@class='removed']//li")
    assert len(items) == len(record["removed"])


def test_web_pages_dashboard_lists_actors_and_stories(client):
    page = _doc(client.get("/").text)
    actors = client.get("/api/aggregates").json()["top_actors"]
    shown = page.xpath("//ol[@class='top-actors']/li/a/text()")
    assert shown == [a["name"] for a in actors]
    stories = page.xpath("//ul[@class='stories']/li/a/@href")
    assert stories and all(href.startswith("/stories/") for href in stories)
    assert page.xpath("//div[@id='map']") and page.xpath("//div[@id='chart']")
    assert page.xpath("//script/@src")[-1] == "/static/app.js"


def test_web_pages_search_to_article_to_entity(client):
    page = _doc(client.get("/search", params={"q": "Boeing"}).text)
    article = page.xpath("//a[@class='hit-title']/@href")[0]
    reader = _doc(client.get(article).text)
    entity = reader.xpath("//a[@class='entity-link']/@href")[0]
    entity_page = client.get(entity)
    assert entity_page.status_code == 200
    name = _doc(entity_page.text).xpath("//h1[@class='entity-name']/text()")[0].strip()
    assert name in reader.get_element_by_id("reader").text_content()


def test_web_pages_events_explorer_filters_and_exports(client):
    page = _doc(client.get("/events", params={"type": "AGREE"}).text)
    types = page.xpath("//table[@class='events']//span[contains(@class, 'type')]/text()")
    assert types and set(types) == {"AGREE"}
    export = page.xpath("//p[@class='export']/a/@href")
    assert any("format=csv" in href and "type=AGREE" in href for href in export)
    assert client.get("/events", params={"type": "NOPE"}, headers={"accept": "text/html"}).status_code == 400


def test_web_pages_story_place_event_and_missing(client):
    story = client.get("/api/stories").json()["items"][0]
    page = _doc(client.get(f"/stories/{story['id']}").text)
    assert len(page.xpath("//ul[@class='articles']/li")) == story["article_count"]
    place = client.get("/api/places").json()["items"][0]
    assert place["name"] in client.get(f"/places/{place['id']}").text
    event = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    detail = _doc(client.get(f"/events/{event['article_id']}/{event['event_id']}").text)
    assert detail.xpath("//dd[@class='event-trigger']/text()")[0] == event["trigger"]["text"]
    missing = client.get("/articles/none-such", headers={"accept": "text/html"})
    assert missing.status_code == 404 and "NG404" in missing.text


def test_web_pages_analyze_shows_the_reader_view_without_storing(client):
    with open_store(corpus_db()) as store:
        before = store.stats()["articles"]
        text = "Kenya and Uganda signed a trade agreement in Nairobi on Friday."
        response = client.post("/analyze", data={"content": text, "kind": "text", "body_only": "on"})
        assert response.status_code == 200
        page = _doc(response.text)
        assert page.get_element_by_id("reader").text_content() == text
        assert "nothing was stored" in response.text
        assert store.stats()["articles"] == before


def test_web_pages_refusals_are_error_pages_for_browsers_and_json_for_the_api():
    """Refusals made before any route (body too large, too many requests) answer a browser with a page."""
    from newsgraph.web.state import MAX_BODY_BYTES

    browser = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    big = {"content": "word " * (MAX_BODY_BYTES // 5 + 10), "kind": "text"}
    with TestClient(create_app(corpus_db(), Settings()), raise_server_exceptions=False) as fresh:
        refused = fresh.post("/analyze", data=big, headers=browser)
        assert refused.status_code == 413 and refused.headers["content-type"].startswith("text/html")
        assert _doc(refused.text).xpath("//h1/text()") == ["Error NG413"]
        api = fresh.post("/api/analyze", json={"text": big["content"]}, headers=browser)
        assert api.status_code == 413 and api.json()["error"]["code"] == "NG413"
    with TestClient(create_app(corpus_db(), Settings(rate_limit=2)), raise_server_exceptions=False) as limited:
        for _ in range(2):
            assert limited.get("/", headers=browser).status_code == 200
        page = limited.get("/", headers=browser)
        assert page.status_code == 429 and "NG429" in _doc(page.text).xpath("//h1/text()")[0]
        assert int(page.headers["retry-after"]) >= 1
        assert limited.get("/api/stats", headers=browser).json()["error"]["code"] == "NG429"


def test_web_pages_reader_view_of_a_record_without_facts():
    view = reader_view({"text": "Just text.", "entities": [], "times": [], "quotes": [], "events": []})
    assert str(view.markup) == "Just text." and view.skipped == []


def test_web_pages_every_route_answers_on_postgresql():
    """The same pages and API over PostgreSQL (a database created and dropped here)."""
    import uuid

    from conftest import _admin
    from web_corpus import SAMPLES

    from newsgraph.ingest import ingest

    admin = _admin()
    name = f"newsgraph_web_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql://postgres@127.0.0.1:5432/{name}"
    try:
        with open_store(url) as store:
            assert ingest([str(SAMPLES)], store, Settings()).stored == 4
        with TestClient(create_app(url, Settings()), raise_server_exceptions=False) as pg:
            event = pg.get("/api/events", params={"limit": 1}).json()["items"][0]
            actor = pg.get("/api/aggregates").json()["top_actors"][0]
            place = pg.get("/api/places").json()["items"][0]
            story = pg.get("/api/stories").json()["items"][0]
            for path in ("/", "/search?q=trade", f"/articles/{event['article_id']}", f"/entities/{actor['id']}",
                         "/events?type=" + event["type"], f"/events/{event['article_id']}/{event['event_id']}",
                         f"/places/{place['id']}", f"/stories/{story['id']}", "/api/quotes", "/api/entities?q=pak",
                         f"/api/entities/{actor['id']}/quotes", "/api/events/export?format=csv"):
                response = pg.get(path)
                assert response.status_code == 200, (path, response.text[:300])
            page = _doc(pg.get(f"/articles/{event['article_id']}").text)
            record = pg.get(f"/api/articles/{event['article_id']}").json()
            for mark in page.get_element_by_id("reader").xpath(".//mark"):
                assert mark.text_content() == record["text"][int(mark.get("data-start")):int(mark.get("data-end"))]
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def test_web_pages_events_table_shows_date_basis_sentence_confidence_and_flags(client, records):
    from newsgraph.web.display import DATE_BASIS

    texts = {record["id"]: record["text"] for record in records}
    items = client.get("/api/events", params={"limit": 50}).json()["items"]
    rows = _doc(client.get("/events").text).xpath("//table[@class='events']/tbody/tr[@data-event]")
    assert [(row.get("data-article"), row.get("data-event")) for row in rows] == \
        [(event["article_id"], event["event_id"]) for event in items]
    flagged = 0
    for row, event in zip(rows, items, strict=True):
        date = row.xpath("td[@class='date']")[0].text_content()
        assert event["date"]["value"] in date and DATE_BASIS[event["date"]["basis"]] in date
        cell = row.xpath("td[@class='sentence']")[0]
        assert cell.xpath("mark/text()") == [event["trigger"]["text"]]
        sentence = texts[event["article_id"]][event["sentence"]["start"]:event["sentence"]["end"]]
        assert all(piece.strip() in sentence for piece in cell.text_content().split("…"))
        assert row.xpath("td[@class='confidence']")[0].text_content() == f"{event['confidence']:.2f}"
        flags = set(row.xpath("td[@class='flags']/span[@class='flag']/text()"))
        assert flags == {name for name in ("negated", "hypothetical") if event[name]}
        flagged += bool(flags)
    assert flagged, "the corpus has hypothetical events: their flag is shown"


def test_web_pages_story_lists_canonical_events_with_actors_and_linked_reports(client):
    stories = client.get("/api/stories").json()["items"]
    story = max(stories, key=lambda s: s["events"])
    events = client.get("/api/events", params={"story": story["id"], "limit": 500}).json()["items"]
    page = _doc(client.get(f"/stories/{story['id']}").text)
    rows = page.xpath("//table[contains(@class, 'canonical')]/tbody/tr[@data-canonical]")
    assert len(rows) == len(client.get(f"/api/stories/{story['id']}").json()["canonical_events"]) > 0
    for row in rows:
        reports = [e for e in events if e["canonical_id"] == row.get("data-canonical")]
        assert reports
        assert row.xpath(".//a[@class='report-event']/@href") == \
            [f"/events/{e['article_id']}/{e['event_id']}" for e in reports]
        assert row.xpath(".//a[@class='report-article']/@href") == \
            [f"/articles/{e['article_id']}#event-{e['event_id']}" for e in reports]
        for side in ("source", "target"):
            shown = row.xpath(f"td[@class='canonical-{side}']")[0].text_content()
            assert all(actor["text"] in shown for e in reports for actor in e[side])
        linked = {int(href.rsplit("/", 1)[1]) for href in row.xpath(".//td[@class='canonical-source']/a/@href")}
        assert linked == {a["entity_id"] for e in reports for a in e["source"] if a["entity_id"]}


@pytest.fixture(scope="module")
def edited(records, tmp_path_factory) -> Iterator[tuple[TestClient, dict]]:
    """A store holding one untitled article of unknown site, in its own story, with an event dated 1938."""
    from newsgraph.store.base import StoryLink

    base = max(records, key=lambda r: len(r["events"]))
    record = {**base, "id": "untitled-probe", "title": None, "site_name": None, "url": None,
              "events": [dict(e) for e in base["events"]]}
    record["events"][0]["date"] = {"value": "1938", "basis": "explicit"}
    url = f"sqlite:///{tmp_path_factory.mktemp('edited') / 'web.db'}"
    with open_store(url) as store:
        store.save_article(record, content_hash="h-untitled", url=None, canonical_url=None, source="tests",
                           pipeline_version="tests", story=StoryLink("s-untitled-probe", None, "{}"))
    with TestClient(create_app(url, Settings()), raise_server_exceptions=False) as opened:
        yield opened, record


def test_web_pages_events_show_their_own_date_not_the_articles(edited):
    client, record = edited
    event = record["events"][0]
    row = _doc(client.get("/events").text).xpath(f"//tr[@data-event='{event['id']}']")[0]
    date = row.xpath("td[@class='date']")[0].text_content()
    assert "1938" in date and "stated in the text" in date and record["published"]["value"][:10] not in date
    detail = _doc(client.get(f"/events/{record['id']}/{event['id']}").text)
    assert "1938" in detail.xpath("//dd[@class='date']")[0].text_content()


def test_web_pages_untitled_documents_get_a_readable_name_and_counts_read_well(edited):
    client, record = edited
    words = record["body"].split()
    label = " ".join(words[:10]) + "…"
    dashboard = _doc(client.get("/").text)
    story = dashboard.xpath("//ul[@class='stories']/li")[0]
    assert story.xpath("a/text()") == [label]
    assert "1 article from 1 source ·" in story.text_content()
    assert "1 article ·" in dashboard.xpath("//main/p[@class='muted']")[0].text_content()
    story_page = _doc(client.get("/stories/s-untitled-probe").text)
    assert story_page.xpath("//h1/text()") == [label]
    assert story_page.xpath("//h3/text()") == ["unknown source"]
    assert story_page.xpath("//ul[@class='articles']/li/a/text()") == [label]
    assert _doc(client.get(f"/articles/{record['id']}").text).xpath("//h1/text()") == [label]
    hits = _doc(client.get("/search", params={"q": words[3]}).text).xpath("//a[@class='hit-title']/text()")
    assert hits == [label]
