"""The store: one suite, run on SQLite (in tmp_path) and PostgreSQL (a database of its own, created and dropped)."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import psycopg
import pyarrow.parquet as pq
import pytest
from conftest import SHARED

from newsgraph.errors import BadDatabaseUrl, StoreError, StoreUnavailable
from newsgraph.store import FetchInfo, SearchQuery, StoryLink, default_db_url, open_store
from newsgraph.store.columns import JSON_COLUMNS, KINDS, arrow_schema, column_names
from newsgraph.store.export import export_rows
from newsgraph.store.search import parse_terms, segments

VERSION = "0.1.0"


# ---------------------------------------------------------------- records built by hand, contract-valid


def _find(text: str, form: str, taken: set[int]) -> list[dict]:
    spans = []
    for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
        positions = set(range(match.start(), match.end()))
        if not positions & taken:
            taken |= positions
            spans.append({"start": match.start(), "end": match.end(), "text": match.group()})
    return spans


def _first(text: str, form: str) -> dict:
    start = text.index(form)
    return {"start": start, "end": start + len(form), "text": form}


def build_record(doc_id: str, *, title: str, summary: str | None, body: str, entities: list[dict] = (),
                 places: list[dict] = (), events: list[dict] = (), quotes: list[dict] = (),
                 times: list[tuple[str, str, str]] = (), published: str | None = "2024-04-02",
                 url: str | None = None, site: str | None = None) -> dict:
    """A contract article record whose every span is found in its text."""
    text = "\n\n".join(p for p in (title, summary, body) if p)
    parts, cursor = [], 0
    for kind, chunk in [("title", title), ("summary", summary), *[("paragraph", p) for p in body.split("\n\n")]]:
        if chunk:
            start = text.index(chunk, cursor)
            parts.append({"kind": kind, "start": start, "end": start + len(chunk)})
            cursor = start + len(chunk)
    place_records = []
    for i, spec in enumerate(places, 1):
        place_records.append({
            "id": f"p{i}", "name": spec["name"], "geonames_id": spec.get("geonames_id"), "lat": spec.get("lat"),
            "lon": spec.get("lon"), "country_code": spec.get("country_code"), "admin1": None,
            "feature": spec.get("feature", "PPLC"), "mentions": _find(text, spec["name"], set()),
        })
    place_ids = {p["name"]: p["id"] for p in place_records}
    taken: set[int] = set()
    entity_records = []
    for i, spec in enumerate(entities, 1):
        forms = sorted([spec["name"], *spec.get("aliases", [])], key=len, reverse=True)
        mentions = sorted((m for form in forms for m in _find(text, form, taken)), key=lambda m: m["start"])
        country, sector = spec.get("country"), spec.get("sector")
        entity_records.append({
            "id": f"e{i}", "name": spec["name"], "type": spec["type"], "aliases": list(spec.get("aliases", [])),
            "roles": spec.get("roles", []),
            "actor": {"country": country, "sector": sector} if country or sector else None,
            "place": place_ids.get(spec.get("place") or ""), "mentions": mentions,
        })
    by_name = {e["name"]: e for e in entity_records}
    quote_records = []
    for i, spec in enumerate(quotes, 1):
        speaker = by_name[spec["speaker"]]
        quote_records.append({
            "id": f"q{i}", "kind": spec.get("kind", "indirect"),
            "speaker": {"entity": speaker["id"], **_first(text, spec["speaker_text"])},
            "cue": _first(text, spec["cue"]), "content": _first(text, spec["content"]),
        })

    def actor(name: str | None) -> list[dict]:
        if name is None:
            return []
        entity = by_name[name]
        actor_code = entity["actor"] or {}
        return [{"entity": entity["id"], **{k: entity["mentions"][0][k] for k in ("start", "end", "text")},
                 "country": actor_code.get("country"), "sector": actor_code.get("sector")}]

    event_records = []
    for i, spec in enumerate(events, 1):
        trigger = _first(text, spec["trigger"])
        part = next(p for p in parts if p["start"] <= trigger["start"] < p["end"])
        event_records.append({
            "id": f"ev{i}", "type": spec["type"], "mode": None, "context": spec.get("context", []),
            "source": actor(spec.get("source")), "target": actor(spec.get("target")), "trigger": trigger,
            "sentence": {"start": part["start"], "end": part["end"]}, "place": place_ids.get(spec.get("place") or ""),
            "date": {"value": published, "basis": "published"} if published else None,
            "negated": spec.get("negated", False), "hypothetical": False, "quote": None,
            "confidence": spec.get("confidence", 0.8), "dead": spec.get("dead"), "injured": None,
        })
    time_records = [{**_first(text, t), "type": kind, "value": value} for t, kind, value in times]
    return {
        "schema": "newsgraph.article/1", "id": doc_id, "url": url, "site_name": site, "title": title,
        "summary": summary, "language": "en", "authors": [],
        "published": {"value": published, "source": "input"} if published else None, "body": body,
        "text": text, "parts": parts, "removed": [{"kind": "share", "text": "Share this article"}],
        "entities": entity_records, "places": place_records, "times": time_records, "quotes": quote_records,
        "events": event_records, "pipeline": {"version": VERSION, "model": "hand-built"},
    }


BALOCH = {"name": "Mumtaz Zahra Baloch", "type": "PERSON", "aliases": ["Baloch"], "country": "PAK", "sector": "GOV",
          "roles": [{"title": "Foreign Office spokesperson", "organization": "Foreign Office"}]}
PAKISTAN = {"name": "Pakistan", "type": "GPE", "country": "PAK", "place": "Pakistan"}
PAKISTAN_PLACE = {"name": "Pakistan", "geonames_id": 1168579, "lat": 30.0, "lon": 70.0, "country_code": "PK",
                  "feature": "PCLI"}
ISLAMABAD_PLACE = {"name": "Islamabad", "geonames_id": 1176615, "lat": 33.72, "lon": 73.04, "country_code": "PK"}


def record_talks() -> dict:
    return build_record(
        "talks-1", title="Pakistan rejects talks with militant group",
        summary="Foreign Office spokesperson Mumtaz Zahra Baloch said Islamabad would not negotiate.",
        body=("Pakistan on Tuesday rejected talks with the Tehrik-i-Taliban (TTP), the Foreign Office said.\n\n"
              "Baloch told reporters in Islamabad that the government would not hold talks with the TTP."),
        entities=[BALOCH, PAKISTAN, {"name": "Tehrik-i-Taliban", "type": "ORG", "aliases": ["TTP"], "country": "PAK",
                                     "sector": "REB"},
                  {"name": "Foreign Office", "type": "ORG", "country": "PAK", "sector": "GOV"},
                  {"name": "Islamabad", "type": "GPE", "country": "PAK", "place": "Islamabad"}],
        places=[PAKISTAN_PLACE, ISLAMABAD_PLACE],
        events=[{"type": "REJECT", "trigger": "rejected", "source": "Pakistan", "target": "Tehrik-i-Taliban",
                 "place": "Islamabad"}],
        quotes=[{"speaker": "Mumtaz Zahra Baloch", "speaker_text": "Baloch", "cue": "told",
                 "content": "the government would not hold talks with the TTP"}],
        times=[("Tuesday", "DATE", "2024-04-02")],
        url="https://www.example-times.com/2024/04/02/pakistan-talks", site="Example Times",
    )


def record_airline() -> dict:
    return build_record(
        "airline-1", title="Emirates orders thirty Boeing jets",
        summary="The airline's president Tim Clark announced the order at the Dubai Air Show.",
        body=("Tim Clark said the Boeing order would expand the fleet by the early 2020s.\n\n"
              "Clark also met Pakistani officials; Mumtaz Zahra Baloch welcomed the talks in Dubai."),
        entities=[{"name": "Tim Clark", "type": "PERSON", "aliases": ["Clark"], "country": "ARE", "sector": "BUS"},
                  {"name": "Boeing", "type": "ORG", "sector": "BUS"}, {"name": "Emirates", "type": "ORG"},
                  {**BALOCH, "aliases": []}, {"name": "Dubai", "type": "GPE", "country": "ARE", "place": "Dubai"}],
        places=[{"name": "Dubai", "geonames_id": 292223, "lat": 25.07, "lon": 55.17, "country_code": "AE",
                 "feature": "PPLA"}],
        events=[{"type": "AGREE", "trigger": "announced", "source": "Tim Clark", "target": "Boeing"}],
        times=[("the early 2020s", "DATE", "202X")], published="2019-11-20",
        url="https://ledger.example.org/news/emirates-boeing", site="Daily Ledger",
    )


def record_wellington() -> dict:
    return build_record(
        "nz-1", title="Former prime minister visits Wellington",
        summary=None,
        body=("Helen Clark arrived in Wellington on Friday to protest the new mining law.\n\n"
              "Clark said the protest would continue. Boeing was not mentioned."),
        entities=[{"name": "Helen Clark", "type": "PERSON", "aliases": ["Clark"], "country": "NZL"},
                  {"name": "Wellington", "type": "GPE", "country": "NZL", "place": "Wellington"},
                  {"name": "Boeing", "type": "ORG", "sector": "BUS"}],
        places=[{"name": "Wellington", "geonames_id": 2179537, "lat": -41.29, "lon": 174.78, "country_code": "NZ"}],
        events=[{"type": "PROTEST", "trigger": "protest", "source": "Helen Clark", "place": "Wellington"}],
        times=[("Friday", "DATE", "2024-05-10")], published="2024-05-10", url=None, site="Southern Post",
    )


def all_records() -> list[dict]:
    return [record_talks(), record_airline(), record_wellington()]


def save(store, record: dict, *, content_hash: str | None = None, canonical_url: str | None = None,
         version: str = VERSION) -> str:
    return store.save_article(
        record, content_hash=content_hash or f"hash-{record['id']}", url=record.get("url"),
        canonical_url=canonical_url if canonical_url is not None else record.get("url"), source="tests",
        pipeline_version=version,
    )


# ---------------------------------------------------------------- fixtures: both backends


@pytest.fixture
def store(db_url: str):
    with open_store(db_url) as opened:
        yield opened


@pytest.fixture
def corpus(store):
    for record in all_records():
        save(store, record)
    return store


def without_story(article: dict) -> dict:
    return {k: v for k, v in article.items() if k not in ("story", "duplicate_of")}


# ---------------------------------------------------------------- tests


def test_store_hand_built_records_pass_contract_check(tmp_path: Path):
    tool = SHARED / "tools" / "contract-check"
    if not tool.exists():
        pytest.skip(f"{tool} is absent")
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in all_records()))
    result = subprocess.run([sys.executable, str(tool), str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_store_round_trip_equals_record(store, seed_record):
    for record in [*all_records(), seed_record]:
        article_id = save(store, record)
        assert article_id == record["id"]
        stored = store.get_article(article_id)
        assert without_story(stored) == record
        assert stored["story"] is None and stored["duplicate_of"] is None
    assert store.get_article("no-such-article") is None
    found = store.find_article(content_hash="hash-talks-1")
    assert found is not None and found.id == "talks-1" and found.pipeline_version == VERSION
    assert found.story_id is None
    store.set_story("talks-1", "s-9", None, "{}")
    assert store.find_article(id="talks-1").story_id == "s-9"
    assert store.find_article(url="https://www.example-times.com/2024/04/02/pakistan-talks").id == "talks-1"
    assert store.find_article(id="nz-1").canonical_url is None
    assert store.find_article(id="missing") is None


def test_store_migrations_recorded_once(db_url):
    with open_store(db_url) as first:
        version = first.schema_version()
        save(first, record_talks())
    with open_store(db_url) as second:
        assert second.schema_version() == version >= 1
        assert second.stats()["articles"] == 1


def test_store_saving_twice_stores_once(corpus):
    before = corpus.stats()
    talks = record_talks()
    assert save(corpus, talks) == "talks-1"  # same id
    assert save(corpus, {**talks, "id": "other-id"}) == "talks-1"  # same content hash
    assert save(corpus, {**talks, "id": "third-id"}, content_hash="new-hash") == "talks-1"  # same canonical URL
    assert corpus.stats() == before
    assert corpus.get_article("talks-1")["id"] == "talks-1"
    assert corpus.get_article("other-id") is None and corpus.get_article("third-id") is None


def test_store_resave_replaces_facts_with_new_version(corpus):
    before = corpus.stats()
    talks = record_talks()
    fewer = {**talks, "entities": talks["entities"][:-1], "events": [], "pipeline": {"version": "0.2.0", "model": "m"}}
    fewer["quotes"] = talks["quotes"]
    assert save(corpus, fewer, version="0.2.0") == "talks-1"
    after = corpus.stats()
    assert after["articles"] == before["articles"]
    assert after["article_entities"] == before["article_entities"] - 1
    assert after["events"] == before["events"] - 1
    assert after["mentions"] == before["mentions"] - len(talks["entities"][-1]["mentions"])
    assert corpus.find_article(id="talks-1").pipeline_version == "0.2.0"
    assert without_story(corpus.get_article("talks-1")) == fewer
    versions = {row["pipeline_version"] for row in corpus.iter_rows("articles") if row["article_id"] == "talks-1"}
    assert versions == {"0.2.0"}
    assert corpus.integrity_check() == []


def test_store_entities_resolve_across_documents(corpus):
    hits = corpus.search(SearchQuery(entity="Mumtaz Zahra Baloch"))
    assert {h.article_id for h in hits} == {"talks-1", "airline-1"}
    assert {h.article_id for h in corpus.search(SearchQuery(entity="tim clark"))} == {"airline-1"}
    assert {h.article_id for h in corpus.search(SearchQuery(entity="Helen Clark"))} == {"nz-1"}
    # the shared surname alias belongs to two people: it finds both, yet they stay two entities
    assert {h.article_id for h in corpus.search(SearchQuery(entity="Clark"))} == {"airline-1", "nz-1"}
    assert {h.article_id for h in corpus.search(SearchQuery(entity="Boeing"))} == {"airline-1", "nz-1"}
    stats = corpus.stats()
    distinct = {(e["name"], e["type"]) for r in all_records() for e in r["entities"]}
    assert stats["entities"] == len(distinct)  # Baloch and Boeing once each, the two Clarks apart
    # a later document naming only "Clark" is ambiguous between two stored people: a new entity, not a merge
    lone = build_record("clark-2", title="Clark speaks", summary=None, body="Clark spoke again on Monday.",
                        entities=[{"name": "Clark", "type": "PERSON"}])
    save(corpus, lone)
    assert corpus.stats()["entities"] == stats["entities"] + 1


def test_store_places_resolve_by_geonames_id(corpus):
    other = build_record("isl-2", title="Rain in Islamabad", summary=None, body="Heavy rain fell on ISLAMABAD today.",
                         entities=[{"name": "ISLAMABAD", "type": "GPE", "place": "ISLAMABAD"}],
                         places=[{**ISLAMABAD_PLACE, "name": "ISLAMABAD"}])
    before = corpus.stats()["entities"]
    save(corpus, other)
    assert corpus.stats()["entities"] == before  # same GeoNames id: the stored Islamabad
    assert {h.article_id for h in corpus.search(SearchQuery(place="1176615"))} == {"talks-1", "isl-2"}
    assert {h.article_id for h in corpus.search(SearchQuery(place="islamabad"))} == {"talks-1", "isl-2"}


def test_store_a_published_value_that_is_not_a_date_sorts_and_charts_as_undated(store):
    """A record from before dates were checked (or a hand-made one): never first in search, never a chart day."""
    from newsgraph.store.browse.aggregates import events_by_day

    save(store, record_talks())
    body = "Officials in Islamabad rejected the plan on Monday."
    bad = build_record("undated-1", title="Plan rejected", summary=None, body=body, published="not-a-date",
                       entities=[{"name": "Islamabad", "type": "GPE"}],
                       events=[{"type": "REJECT", "trigger": "rejected"}])
    save(store, bad)
    assert store.get_article("undated-1")["published"]["value"] == "not-a-date", "the record itself is kept"
    for stage in ("as saved", "as an older newsgraph stored it"):
        hits = store.search(SearchQuery(limit=10))
        assert [h.article_id for h in hits] == ["talks-1", "undated-1"], stage
        assert [row["day"] for row in events_by_day(store)] == ["2024-04-02"], stage
        with store._write() as tx:
            tx.execute("UPDATE articles SET published = ? WHERE id = ?", ("not-a-date", "undated-1"))


def test_store_search_ranks_title_matches_first(corpus):
    hits = corpus.search(SearchQuery(text="Boeing"))
    assert [h.article_id for h in hits] == ["airline-1", "nz-1"]
    assert hits[0].score > hits[1].score > 0
    assert hits[0].title == "Emirates orders thirty Boeing jets" and hits[0].site_name == "Daily Ledger"


def test_store_search_words_and_phrases(corpus):
    assert {h.article_id for h in corpus.search(SearchQuery(text="talks government"))} == {"talks-1"}
    assert {h.article_id for h in corpus.search(SearchQuery(text="talks"))} == {"talks-1", "airline-1"}
    assert {h.article_id for h in corpus.search(SearchQuery(text='"hold talks"'))} == {"talks-1"}
    assert corpus.search(SearchQuery(text='"talks hold"')) == []
    assert {h.article_id for h in corpus.search(SearchQuery(text="protesting"))} == {"nz-1"}  # stemmed


@pytest.mark.parametrize(("query", "expected"), [
    (SearchQuery(date_from="2024-01-01"), {"talks-1", "nz-1"}),
    (SearchQuery(date_to="2024-04-02"), {"talks-1", "airline-1"}),
    (SearchQuery(date_from="2024-04-02T00:00:00", date_to="2024-04-02"), {"talks-1"}),
    (SearchQuery(site="Daily Ledger"), {"airline-1"}),
    (SearchQuery(site="example-times.com"), {"talks-1"}),
    (SearchQuery(site="https://www.example-times.com/"), {"talks-1"}),
    (SearchQuery(country="NZL"), {"nz-1"}),
    (SearchQuery(country="AE"), {"airline-1"}),
    (SearchQuery(country="PAK"), {"talks-1", "airline-1"}),
    (SearchQuery(event_type="protest"), {"nz-1"}),
    (SearchQuery(event_type="REJECT"), {"talks-1"}),
    (SearchQuery(place="Dubai"), {"airline-1"}),
    (SearchQuery(place="292223"), {"airline-1"}),
    (SearchQuery(text="talks", country="ARE"), {"airline-1"}),
    (SearchQuery(text="talks", event_type="AGREE", date_to="2020-01-01"), {"airline-1"}),
    (SearchQuery(text="talks", event_type="PROTEST"), set()),
    (SearchQuery(entity="Nobody Known"), set()),
])
def test_store_search_filters(corpus, query, expected):
    assert {h.article_id for h in corpus.search(query)} == expected


def test_store_search_limit_offset_and_order(corpus):
    everything = corpus.search(SearchQuery())
    assert [h.article_id for h in everything] == ["nz-1", "talks-1", "airline-1"]  # newest first
    assert [h.article_id for h in corpus.search(SearchQuery(limit=1, offset=1))] == ["talks-1"]


def test_store_search_snippet_segments(corpus):
    hit = corpus.search(SearchQuery(text="rejected"))[0]
    highlighted = [text for text, flag in hit.snippet if flag]
    assert highlighted and all(t.lower().startswith("reject") for t in highlighted)  # stems match too
    joined = "".join(text for text, _ in hit.snippet)
    assert "reject" in joined and "\x01" not in joined and "\x02" not in joined


def test_store_segments_parse_markers():
    assert segments("a \x01b\x02 c\n\nd") == [("a ", False), ("b", True), (" c d", False)]
    assert segments("\x01x\x02\x01y\x02") == [("xy", True)]
    assert parse_terms('said "hold talks" U.S. -x OR "unbalanced') == ["said", "hold talks", "U S", "x", "OR",
                                                                      "unbalanced"]


INJECTIONS = ["'; DROP TABLE articles; --", '"', '""', "*", "NEAR(", "NEAR(talks rejected)", "OR", "talks OR",
              ":", "title:talks", '"unbalanced talks', "talks\"", "-talks", "!(talks) & |", "^talks", "(", ")",
              "\\", "%", "_", "?", "%s", "\x00talks", "talks AND NOT", "'", "é"]


@pytest.mark.parametrize("text", INJECTIONS)
def test_store_search_injection_strings_never_raise(corpus, text):
    for query in (SearchQuery(text=text), SearchQuery(site=text), SearchQuery(entity=text),
                  SearchQuery(country=text), SearchQuery(event_type=text), SearchQuery(place=text),
                  SearchQuery(date_from=text)):
        hits = corpus.search(query)
        assert isinstance(hits, list)
    assert corpus.stats()["articles"] == 3


def test_store_export_row_counts_and_parquet_schema(corpus, tmp_path: Path):
    corpus.set_story("talks-1", "s-1", None, "{}")
    corpus.save_error("bad-doc", "file.html", "NG101", "empty document")
    records = all_records()
    expected = {
        "articles": 3, "entities": sum(len(r["entities"]) for r in records),
        "places": sum(len(r["places"]) for r in records), "times": sum(len(r["times"]) for r in records),
        "quotes": sum(len(r["quotes"]) for r in records), "events": sum(len(r["events"]) for r in records),
        "stories": 1, "errors": 1,
    }
    assert set(expected) == set(KINDS)
    for kind, count in expected.items():
        assert export_rows(corpus, kind, "jsonl", tmp_path / f"{kind}.jsonl") == count
        lines = (tmp_path / f"{kind}.jsonl").read_text().splitlines()
        assert len(lines) == count and all(list(json.loads(line)) == column_names(kind) for line in lines)
        assert export_rows(corpus, kind, "csv", tmp_path / f"{kind}.csv") == count
        csv_text = (tmp_path / f"{kind}.csv").read_text()
        assert csv_text.splitlines()[0].split(",") == column_names(kind)
        buffer = io.BytesIO()
        assert export_rows(corpus, kind, "parquet", buffer) == count
        table = pq.read_table(io.BytesIO(buffer.getvalue()))
        assert table.schema.equals(arrow_schema(kind)) and table.num_rows == count
    events = pq.read_table(io.BytesIO(_parquet(corpus, "events"))).to_pylist()
    protest = next(e for e in events if e["type"] == "PROTEST")
    assert protest["article_id"] == "nz-1" and protest["negated"] is False
    assert json.loads(protest["source"])[0]["text"] == "Helen Clark"


def test_store_export_jsonl_writes_nested_fields_as_json_and_csv_keeps_text(corpus, tmp_path: Path):
    for kind, nested in JSON_COLUMNS.items():
        export_rows(corpus, kind, "jsonl", tmp_path / f"{kind}.jsonl")
        rows = [json.loads(line) for line in (tmp_path / f"{kind}.jsonl").read_text().splitlines()]
        assert rows, kind
        for row in rows:
            for name in nested:
                assert isinstance(row[name], (list, dict)), f"{kind}.{name} is {row[name]!r}, not JSON"
    events = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    protest = next(e for e in events if e["type"] == "PROTEST")
    assert protest["source"][0]["text"] == "Helen Clark" and protest["source"][0]["country"] == "NZL"
    articles = [json.loads(line) for line in (tmp_path / "articles.jsonl").read_text().splitlines()]
    assert articles[0]["pipeline"]["version"] and {p["kind"] for p in articles[0]["parts"]} >= {"title"}
    export_rows(corpus, "events", "csv", tmp_path / "events.csv")
    with open(tmp_path / "events.csv", newline="", encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["type"] == "PROTEST")
    assert json.loads(row["source"])[0]["text"] == "Helen Clark", "CSV keeps nested fields as JSON text"


def _parquet(store, kind: str) -> bytes:
    buffer = io.BytesIO()
    export_rows(store, kind, "parquet", buffer)
    return buffer.getvalue()


def test_store_export_rejects_unknown_kind(corpus, tmp_path: Path):
    with pytest.raises(StoreError) as caught:
        export_rows(corpus, "people", "jsonl", tmp_path / "x")
    assert caught.value.code == "NG305" and "articles" in caught.value.message


def test_store_iter_rows_streams_lazily(corpus):
    rows = corpus.iter_rows("entities")
    assert not isinstance(rows, list)
    first = next(rows)
    assert first["article_id"] == "talks-1"
    save(corpus, build_record("late-1", title="Late news", summary=None, body="Boeing again."))  # a write mid-stream
    rest = list(rows)
    assert 1 + len(rest) >= sum(len(r["entities"]) for r in all_records())
    unfinished = corpus.iter_rows("articles")
    next(unfinished)
    unfinished.close()  # abandoning a stream releases its connection
    assert corpus.stats()["articles"] == 4


def test_store_stories_and_canonical_events(corpus):
    corpus.set_story("talks-1", "s-1", None, '{"k": 1}')
    corpus.set_story("airline-1", "s-1", "talks-1", '{"k": 2}')
    corpus.set_story("nz-1", "s-2", None, '{"k": 3}')
    assert corpus.get_article("airline-1")["story"] == "s-1"
    assert corpus.get_article("airline-1")["duplicate_of"] == "talks-1"
    features = list(corpus.iter_story_features())
    assert [f[0] for f in features] == ["airline-1", "talks-1", "nz-1"]  # oldest first
    assert features[0] == ("airline-1", "2019-11-20", "s-1", "talks-1", '{"k": 2}')
    assert [f[0] for f in corpus.iter_story_features(since="2024-04-02")] == ["talks-1", "nz-1"]
    corpus.set_story("airline-1", "s-2", None, "{}")  # moved between stories
    assert {r["story_id"]: r for r in corpus.iter_rows("stories")}.keys() == {"s-1", "s-2"}
    row = {"id": "ce-1", "type": "REJECT", "source_country": "PAK", "target_country": "PAK", "geonames_id": 1176615,
           "lat": 33.72, "lon": 73.04, "date": "2024-04-02", "first_seen": "2024-04-02T10:00:00+00:00",
           "report_count": 1}
    corpus.upsert_canonical_event(row)
    corpus.upsert_canonical_event({**row, "report_count": 2})
    corpus.upsert_canonical_event({**row, "id": "ce-0", "date": "2019-01-01"})
    events = list(corpus.iter_canonical_events(since="2024-01-01"))
    assert events == [{**row, "report_count": 2}]
    corpus.link_event("talks-1", "ev1", "ce-1")
    assert corpus.stats()["canonical_events"] == 2
    assert corpus.integrity_check() == []


def test_store_save_with_story_and_canonical_events_is_one_transaction(store, monkeypatch):
    record = record_talks()
    row = {"id": "ce-9", "type": "REJECT", "source_country": "PAK", "target_country": None, "geonames_id": None,
           "lat": None, "lon": None, "date": "2024-04-02", "first_seen": "2024-04-02T10:00:00+00:00",
           "report_count": 1}

    def killed(*args: object) -> None:  # the process dies after the facts and the canonical row are written
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(type(store), "_link_event", staticmethod(killed))
        with pytest.raises(KeyboardInterrupt):
            store.save_article(record, content_hash="h-1", url=None, canonical_url=None, source="tests",
                               pipeline_version=VERSION, story=StoryLink("s-9", None, "{}"),
                               canonical_events=[("ev1", row)])
    assert store.find_article(id=record["id"]) is None
    assert list(store.iter_canonical_events()) == []
    assert store.integrity_check() == []
    article_id = store.save_article(record, content_hash="h-1", url=None, canonical_url=None, source="tests",
                                    pipeline_version=VERSION, story=StoryLink("s-9", None, "{}"),
                                    canonical_events=[("ev1", row)])
    assert store.get_article(article_id)["story"] == "s-9"
    assert [r["id"] for r in store.iter_canonical_events()] == ["ce-9"]
    linked = [r for r in store.iter_rows("events") if r.get("canonical_id") == "ce-9"]
    assert len(linked) == 1


def test_store_fetch_validators(store):
    assert store.fetch_validators("https://a.example/feed") is None
    info = FetchInfo("https://a.example/feed", "https://a.example/feed.xml", 200, {"content-type": "text/xml"},
                     "h1", '"etag-1"', "Tue, 02 Apr 2024 10:00:00 GMT", "2024-04-02T10:00:00+00:00")
    store.record_fetch(info)
    assert store.fetch_validators(info.url) == ('"etag-1"', "Tue, 02 Apr 2024 10:00:00 GMT")
    store.record_fetch(FetchInfo(info.url, info.url, 304, {}, None, '"etag-2"', None, "2024-04-03T10:00:00+00:00"))
    assert store.fetch_validators(info.url) == ('"etag-2"', None)
    assert store.get_fetch(info.url).status == 304
    assert store.stats()["fetches"] == 1


def test_store_errors_counted_once(store):
    store.save_error("doc-1", "a.html", "NG101", "empty")
    store.save_error("doc-1", "a.html", "NG102", "binary")
    store.save_error("doc-2", "b.html", "NG101", "empty")
    assert store.stats()["errors"] == 2
    assert {r["code"] for r in store.iter_rows("errors")} == {"NG102", "NG101"}


def test_store_jobs_lease_and_reschedule(store):
    store.enqueue_job("feed", "https://a.example/feed", "2024-04-02T10:00:00Z")
    store.enqueue_job("feed", "https://a.example/feed", "2024-04-02T12:00:00+02:00")  # idempotent, earlier wins
    store.enqueue_job("feed", "https://b.example/feed", "2024-04-03T10:00:00Z")
    assert store.stats()["jobs"] == 2
    jobs = store.claim_jobs("w1", 10, "2024-04-02T10:05:00Z")
    assert [(j.key, j.attempts) for j in jobs] == [("https://a.example/feed", 1)]
    assert store.claim_jobs("w2", 10, "2024-04-02T10:06:00Z") == []  # leased to w1
    again = store.claim_jobs("w2", 10, "2024-04-02T10:20:00Z")  # w1 died: the lease ran out
    assert [(j.id, j.attempts) for j in again] == [(jobs[0].id, 2)]
    store.finish_job(jobs[0].id, "2024-04-04T00:00:00Z", error="HTTP 503")
    assert [j.key for j in store.claim_jobs("w2", 10, "2024-04-03T12:00:00Z")] == ["https://b.example/feed"]
    store.finish_job(jobs[0].id, None)
    assert store.claim_jobs("w3", 10, "2024-04-03T12:01:00Z") == []  # a is done, b is leased
    store.enqueue_job("feed", "https://a.example/feed", "2024-04-03T12:00:00Z")  # a finished job comes back
    assert [j.key for j in store.claim_jobs("w3", 10, "2024-04-03T12:02:00Z")] == ["https://a.example/feed"]


def test_store_jobs_claimed_exactly_once_by_concurrent_claimers(db_url):
    with open_store(db_url) as first:
        for n in range(60):
            first.enqueue_job("page", f"https://a.example/{n}", "2024-04-02T10:00:00Z")
    stores = [open_store(db_url), open_store(db_url)]  # two connections, as two workers would have
    claimed: dict[str, list[int]] = {"w0": [], "w1": []}
    start = threading.Barrier(2)

    def work(worker: str, store) -> None:
        start.wait()
        while jobs := store.claim_jobs(worker, 3, "2024-04-02T10:01:00Z"):
            claimed[worker] += [j.id for j in jobs]

    threads = [threading.Thread(target=work, args=(f"w{i}", s)) for i, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()
    every = claimed["w0"] + claimed["w1"]
    assert len(every) == len(set(every)) == 60


def test_store_integrity_check_finds_orphans(corpus, db_url):
    assert corpus.integrity_check() == []
    if db_url.startswith("sqlite"):
        connection = sqlite3.connect(db_url.removeprefix("sqlite:///"))
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("INSERT INTO times (article_id, time_index) VALUES ('ghost', 0)")
        connection.commit()
        connection.close()
    else:
        with psycopg.connect(db_url, autocommit=True) as connection:
            connection.execute("SET session_replication_role = replica")  # skip foreign-key triggers
            connection.execute("INSERT INTO times (article_id, time_index) VALUES ('ghost', 0)")
    problems = corpus.integrity_check()
    assert any("times rows without their article" in p for p in problems)


def test_store_open_store_errors(tmp_path: Path, monkeypatch):
    with pytest.raises(BadDatabaseUrl) as caught:
        open_store("mysql://localhost/db")
    assert caught.value.code == "NG301" and "sqlite:///" in caught.value.message
    with pytest.raises(StoreUnavailable) as caught:
        open_store("postgresql://postgres@127.0.0.1:1/none")
    assert caught.value.code == "NG302" and "start the server" in caught.value.message
    with pytest.raises(StoreUnavailable):
        open_store(f"sqlite:///{tmp_path}/missing-folder/x.db")
    with pytest.raises(BadDatabaseUrl):
        open_store("sqlite:///:memory:")
    monkeypatch.delenv("NEWSGRAPH_DB", raising=False)
    assert default_db_url() == "sqlite:///newsgraph.db"
    monkeypatch.setenv("NEWSGRAPH_DB", f"sqlite:///{tmp_path}/env.db")
    assert default_db_url().endswith("env.db")
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///relative.db") as relative:
        assert relative.stats()["articles"] == 0
    assert (tmp_path / "relative.db").exists()


def test_store_concurrent_saves_store_each_document_once(db_url):
    records = all_records()
    stores = [open_store(db_url), open_store(db_url)]
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def work(store) -> None:
        start.wait()
        try:
            for _ in range(3):
                for record in records:
                    save(store, record)
        except BaseException as error:  # noqa: BLE001 (reported below: a thread's exception would otherwise vanish)
            failures.append(error)

    threads = [threading.Thread(target=work, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stats = stores[0].stats()
    problems = stores[0].integrity_check()
    for store in stores:
        store.close()
    assert failures == []
    assert stats["articles"] == 3
    assert stats["article_entities"] == sum(len(r["entities"]) for r in records)
    assert stats["entities"] == len({(e["name"], e["type"]) for r in records for e in r["entities"]})
    assert problems == []
