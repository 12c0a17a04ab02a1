"""Human-readable summaries of article records, for `make run` and `analyze --summary`.

Each layer of the analysis gets a compact section (entities, places, times, quotes, events), longest lists
cut to their first rows with a count of the rest, so a reader sees in a terminal what the JSON holds.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

STANDFIRST_CHARS = 300
QUOTE_CHARS = 160
EVIDENCE_CHARS = 100
MAX_ROWS = {"entities": 12, "places": 10, "times": 10, "quotes": 8, "events": 15}


def shorten(text: str, width: int) -> str:
    """`text` on one line, cut at a word boundary to at most `width` characters, with an ellipsis when cut."""
    flat = " ".join(text.split())
    return textwrap.shorten(flat, width=width, placeholder=" …") if len(flat) > width else flat


def _more(console: Console, rows: list[Any], kind: str) -> None:
    """Say how many rows were left out of a section."""
    limit = MAX_ROWS[kind]
    if len(rows) > limit:
        console.print(f"  [dim]… and {len(rows) - limit} more {kind} (the JSON record has them all)[/]")


def _actor_code(actor: dict[str, Any] | None) -> str:
    if not actor:
        return ""
    return f"{actor.get('country') or '---'} {actor.get('sector') or ''}".strip()


def _entities(console: Console, record: dict[str, Any]) -> None:
    entities = sorted(record.get("entities") or [], key=lambda e: -len(e["mentions"]))
    if not entities:
        return
    table = Table("entity", "type", "actor", "roles", "aliases", "mentions", title="entities", title_justify="left")
    shown = entities[:MAX_ROWS["entities"]]
    for entity in shown:
        table.add_row(escape(entity["name"]), entity["type"], _actor_code(entity.get("actor")),
                      escape("; ".join(r["title"] for r in entity.get("roles") or [])),
                      escape(", ".join(entity.get("aliases", [])[:4])), str(len(entity["mentions"])))
    console.print(table)
    _more(console, entities, "entities")


def _places(console: Console, record: dict[str, Any]) -> None:
    places = sorted(record.get("places") or [], key=lambda p: -len(p.get("mentions") or []))
    if not places:
        return
    table = Table("place", "kind", "country", "lat, lon", "GeoNames", "mentions", title="places",
                  title_justify="left")
    for place in places[:MAX_ROWS["places"]]:
        where = "" if place.get("lat") is None else f"{place['lat']:.3f}, {place['lon']:.3f}"
        table.add_row(escape(place["name"]), place.get("feature") or "", place.get("country_code") or "", where,
                      str(place.get("geonames_id") or ""), str(len(place.get("mentions") or [])))
    console.print(table)
    _more(console, places, "places")


def _listed(console: Console, record: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The record's facts of one kind, under their heading (no heading when there are none)."""
    rows: list[dict[str, Any]] = record.get(kind) or []
    if rows:
        console.print(f"[bold]{kind}[/]")
    return rows


def _times(console: Console, record: dict[str, Any]) -> None:
    times = _listed(console, record, "times")
    for time in times[:MAX_ROWS["times"]]:
        console.print(f"  {escape(shorten(time['text'], 40))} → {time.get('value') or '?'} [dim]({time['type']})[/]")
    _more(console, times, "times")


def _quotes(console: Console, record: dict[str, Any]) -> None:
    quotes = _listed(console, record, "quotes")
    names = {e["id"]: e["name"] for e in record.get("entities") or []}
    for quote in quotes[:MAX_ROWS["quotes"]]:
        speaker = quote.get("speaker") or {}
        who = names.get(speaker.get("entity")) or speaker.get("text") or "unattributed"
        cue = (quote.get("cue") or {}).get("text")
        said = shorten(quote["content"]["text"], QUOTE_CHARS)
        console.print(f"  [bold]{escape(who)}[/]{' (' + escape(cue) + ')' if cue else ''} "
                      f"[dim]{quote['kind']}[/]: “{escape(said)}”")
    _more(console, quotes, "quotes")


def _actors(actors: list[dict[str, Any]]) -> str:
    """Actor texts with their codes: `Pakistan (PAK GOV), TTP (PAK REB)`; `?` when unknown."""
    if not actors:
        return "?"
    return ", ".join(f"{a['text']}" + (f" ({code})" if (code := _actor_code(a)) else "") for a in actors)


def _events(console: Console, record: dict[str, Any]) -> None:
    """One line per event (type, confidence, who to whom, where, when, flags), then its sentence, dimmed."""
    events = _listed(console, record, "events")
    places = {p["id"]: p["name"] for p in record.get("places") or []}
    for event in events[:MAX_ROWS["events"]]:
        when = event.get("date") or {}
        parts = [f"{_actors(event.get('source') or [])} → {_actors(event.get('target') or [])}"]
        if event.get("place") in places:
            parts.append(f"in {places[event['place']]}")
        if when.get("value"):
            parts.append(f"{when['value']} ({when.get('basis', '?')})")
        parts += [flag for flag in ("negated", "hypothetical") if event.get(flag)]
        console.print(f"  [bold]{event['type']:<11}[/] {event.get('confidence', 0):.2f}  "
                      + escape(" · ".join(parts)), highlight=False)
        sentence = event.get("sentence") or {}
        if sentence.get("end"):
            trigger = (event.get("trigger") or {}).get("text", "")
            evidence = shorten(record["text"][sentence["start"]:sentence["end"]], EVIDENCE_CHARS)
            console.print(f"  {'':<16}[dim]\\[{escape(trigger)}] {escape(evidence)}[/]", highlight=False)
    _more(console, events, "events")


def print_summary(records: Iterable[dict[str, Any]], console: Console | None = None) -> tuple[int, int]:
    """Print one section per record; returns (analyzed, failed)."""
    console = console or Console()
    analyzed = failed = 0
    for record in records:
        if "error" in record:
            failed += 1
            console.print(f"[bold red]{escape(record['id'])}[/]: error {record['error']['code']}: "
                          f"{escape(record['error']['message'])}")
            continue
        analyzed += 1
        published = record["published"]
        console.rule(f"[bold]{escape(record['title'] or record['id'])}")
        console.print(f"site: {escape(record['site_name'] or '-')}   published: "
                      f"{published['value'] + ' (' + published['source'] + ')' if published else '-'}   "
                      f"authors: {escape(', '.join(record['authors']) or '-')}   "
                      f"words: {len(record['body'].split())}", highlight=False)
        if record.get("url"):
            console.print(f"url: {escape(record['url'])}", highlight=False)
        if record["summary"]:
            console.print(f"[italic]{escape(shorten(record['summary'], STANDFIRST_CHARS))}[/]")
        headings = [record["text"][p["start"]:p["end"]] for p in record["parts"] if p["kind"] == "heading"]
        if headings:
            console.print("headings: " + escape(" | ".join(headings)))
        if record["removed"]:
            console.print("removed: " + escape("; ".join(f"{r['kind']}: {shorten(r['text'], 60)}"
                                                         for r in record["removed"])))
        for section in (_entities, _places, _times, _quotes, _events):
            section(console, record)
        counts = ", ".join(f"{len(record.get(k) or [])} {k}" for k in ("entities", "places", "times", "quotes",
                                                                      "events"))
        console.print(f"[dim]{counts}[/]")
    console.print(f"[bold]{analyzed} analyzed, {failed} failed")
    return analyzed, failed
