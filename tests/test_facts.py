"""The typed facts read a contract record's items and give them back unchanged, key order and values included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.article import Article
from newsgraph.facts import Event, Place, Quote, Time

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
TYPES = {"places": Place, "times": Time, "quotes": Quote, "events": Event}


@pytest.fixture(scope="module")
def analyzed(pipeline, seed_record: dict) -> list[dict]:
    """The seed's record and the bundled samples', as `newsgraph analyze` prints them."""
    from newsgraph.sources.files import iter_documents

    samples = sorted(str(p) for p in SAMPLES.iterdir() if p.suffix in (".html", ".txt"))
    return [seed_record, *(pipeline.analyze_one(doc) for doc in iter_documents(samples))]


def test_facts_round_trip_every_item_of_analyzed_records_byte_for_byte(analyzed: list[dict]) -> None:
    counts = dict.fromkeys(TYPES, 0)
    for record in analyzed:
        for name, fact in TYPES.items():
            for item in record[name]:
                again = fact.from_record(item).to_record()
                assert json.dumps(again, ensure_ascii=False) == json.dumps(item, ensure_ascii=False), (name, item)
                counts[name] += 1
    assert all(counts.values()), f"the records should carry every kind: {counts}"


def test_facts_article_from_record_gives_the_record_back_byte_for_byte(analyzed: list[dict]) -> None:
    for record in analyzed:
        article = Article.from_record(record)
        assert all(isinstance(p, Place) for p in article.places) and all(isinstance(e, Event) for e in article.events)
        assert json.dumps(article.to_record(), ensure_ascii=False) == json.dumps(record, ensure_ascii=False)
    stored = {**analyzed[0], "story": "s-1", "duplicate_of": None}  # as the store gives it back
    assert Article.from_record(stored).to_record() == analyzed[0]


def test_facts_spans_are_views_of_the_text(analyzed: list[dict]) -> None:
    for record in analyzed:
        text = record["text"]
        for item in record["quotes"]:
            quote = Quote.from_record(item)
            spans = [quote.content, quote.cue, quote.speaker]
            assert all(text[s.start:s.end] == s.text for s in spans if s is not None)
        for item in record["events"]:
            event = Event.from_record(item)
            assert event.trigger is None or text[event.trigger.start:event.trigger.end] == event.trigger.text
            assert all(text[a.start:a.end] == a.text for a in event.source + event.target)
        for item in record["places"]:
            assert all(text[m.start:m.end] == m.text for m in Place.from_record(item).mentions)


def test_facts_an_empty_optional_part_stays_null() -> None:
    quote = {"id": "q1", "kind": "direct", "speaker": None, "cue": None,
             "content": {"start": 1, "end": 4, "text": "abc"}}
    assert Quote.from_record(quote).to_record() == quote
    event = Event.from_record({"id": "ev1", "type": "PROTEST", "mode": None, "context": ["x"], "source": [],
                               "target": [], "trigger": None, "sentence": None, "place": None, "date": None,
                               "negated": True, "hypothetical": False, "quote": None, "confidence": 0.5,
                               "dead": 2, "injured": None})
    assert event.trigger is None and event.sentence is None and event.negated and event.dead == 2
    assert list(event.to_record()) == ["id", "type", "mode", "context", "source", "target", "trigger", "sentence",
                                       "place", "date", "negated", "hypothetical", "quote", "confidence", "dead",
                                       "injured"]
