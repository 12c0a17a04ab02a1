"""`analyze --summary`: every layer of the record shown compactly, nothing cut mid-word."""

from __future__ import annotations

import io
import re

from rich.console import Console

from newsgraph.report import MAX_ROWS, print_summary, shorten


def summary_of(record: dict) -> str:
    out = io.StringIO()
    print_summary([record], Console(file=out, width=400, color_system=None))
    return out.getvalue()


def test_summary_shows_every_layer_of_the_seed(seed_record: dict) -> None:
    text = summary_of(seed_record)
    lines = text.splitlines()
    assert seed_record["title"] in lines[0]
    for heading in ("entities", "places", "times", "quotes", "events"):
        assert any(line.strip() == heading for line in lines), heading
    for place in seed_record["places"][:MAX_ROWS["places"]]:
        assert place["name"] in text
    for time in seed_record["times"][:MAX_ROWS["times"]]:
        assert f"{time['text']} → {time['value']}" in text
    names = {e["id"]: e["name"] for e in seed_record["entities"]}
    for quote in seed_record["quotes"][:MAX_ROWS["quotes"]]:
        speaker = quote["speaker"] or {}
        assert (names.get(speaker.get("entity")) or speaker.get("text") or "unattributed") in text
    assert seed_record["events"], "the seed reports events"
    for event in seed_record["events"][:MAX_ROWS["events"]]:
        event_line = next(line for line in lines
                          if line.split()[:2] == [event["type"], f"{event['confidence']:.2f}"])
        for actor in event["source"] + event["target"]:
            assert actor["text"] in event_line
        assert f"[{event['trigger']['text']}]" in text
    left = len(seed_record["quotes"]) - MAX_ROWS["quotes"]
    assert (f"… and {left} more quotes" in text) == (left > 0)
    assert f"{len(seed_record['events'])} events" in text


def test_summary_standfirst_is_cut_at_a_word_boundary(seed_record: dict) -> None:
    record = {**seed_record, "summary": "word " * 100 + "lastword"}
    line = next(line for line in summary_of(record).splitlines() if line.startswith("word"))
    assert line.endswith(" …") and len(line) <= 302
    assert re.fullmatch(r"(word )+…", line), "no word is cut in the middle"


def test_shorten_keeps_short_text_and_flattens_lines() -> None:
    assert shorten("one\n  two", 20) == "one two"
    assert shorten("alpha beta gamma", 12) == "alpha beta …"
    assert shorten("alpha beta gamma", 11) == "alpha …"


def test_summary_prints_markup_in_the_text_literally(seed_record: dict) -> None:
    """Brackets in a title or a quote are text, not rich markup that would vanish or fail."""
    record = {**seed_record, "title": "Talks [bold]resume[/bold] in [Doha]"}
    assert "Talks [bold]resume[/bold] in [Doha]" in summary_of(record)
