"""The reader view: an article's text with its facts highlighted at their offsets, every piece escaped.

Each highlight is a `<mark>` whose text is exactly `text[start:end]` of the span it shows. Spans that
cover the same range share one element; a span that crosses another's boundary (rare) is left out of the
text and listed in `skipped`, so the markup always nests. Text pieces go through `markupsafe.escape`
one by one: scraped text can never become markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from newsgraph.kinds import FACT_NAMES


@dataclass
class Span:
    start: int
    end: int
    anchor: str  # the id other parts of the page link to
    kind: str  # entity, time, quote, speaker, cue, event
    label: str


@dataclass
class Element:
    start: int
    end: int
    anchors: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


@dataclass
class ReaderView:
    markup: Markup
    anchors: dict[str, str]  # span anchor -> id of the element that shows it
    skipped: list[str]


def _entity_spans(entities: list[dict[str, Any]]) -> Iterator[Span]:
    for entity in entities:
        for index, mention in enumerate(entity.get("mentions", [])):
            yield Span(mention["start"], mention["end"], f"ent-{entity['id']}-{index}",
                       f"entity entity-{entity.get('type', '')}", f"{entity.get('type')}: {entity['name']}")


def _place_spans(places: list[dict[str, Any]]) -> Iterator[Span]:
    for place in places:
        for index, mention in enumerate(place.get("mentions", [])):
            yield Span(mention["start"], mention["end"], f"place-{place['id']}-{index}", "place",
                       f"place: {place['name']}")


def _time_spans(times: list[dict[str, Any]]) -> Iterator[Span]:
    for index, time in enumerate(times):
        yield Span(time["start"], time["end"], f"time-{index}", "time", f"time: {time.get('value')}")


def _quote_spans(quotes: list[dict[str, Any]]) -> Iterator[Span]:
    for quote in quotes:
        for part, kind in (("content", "quote"), ("speaker", "speaker"), ("cue", "cue")):
            span = quote.get(part)
            if span:
                yield Span(span["start"], span["end"], f"{kind}-{quote['id']}", kind, f"{kind} {quote['id']}")


def _event_spans(events: list[dict[str, Any]]) -> Iterator[Span]:
    for event in events:
        trigger = event.get("trigger")
        if trigger:
            yield Span(trigger["start"], trigger["end"], f"event-{event['id']}", "event", f"event {event['type']}")


# How each kind of fact (`newsgraph/kinds.py`) shows in the text; tests/test_kinds.py checks none is missing.
HIGHLIGHTS: dict[str, Callable[[list[dict[str, Any]]], Iterator[Span]]] = {
    "entities": _entity_spans, "places": _place_spans, "times": _time_spans, "quotes": _quote_spans,
    "events": _event_spans,
}


def record_spans(record: dict[str, Any]) -> list[Span]:
    """Every highlightable span of a contract record, with a stable anchor name, kind by kind."""
    return [span for kind in FACT_NAMES for span in HIGHLIGHTS[kind](record.get(kind, []))]


def render(text: str, spans: list[Span]) -> ReaderView:
    """The text as escaped markup with one `<mark>` per distinct span range, properly nested."""
    elements: dict[tuple[int, int], Element] = {}
    for span in spans:
        if not 0 <= span.start < span.end <= len(text):
            continue
        element = elements.setdefault((span.start, span.end), Element(span.start, span.end))
        element.anchors.append(span.anchor)
        element.kinds.extend(k for k in span.kind.split() if k not in element.kinds)
        element.labels.append(span.label)
    ordered = sorted(elements.values(), key=lambda e: (e.start, -e.end))
    out: list[str] = []
    anchors: dict[str, str] = {}
    skipped: list[str] = []
    stack: list[Element] = []
    position = 0

    def close_until(limit: int) -> None:
        nonlocal position
        while stack and stack[-1].end <= limit:
            top = stack.pop()
            out.append(escape(text[position:top.end]))
            out.append("</mark>")
            position = top.end

    for element in ordered:
        close_until(element.start)
        if stack and element.end > stack[-1].end:
            skipped.extend(element.anchors)
            continue
        out.append(escape(text[position:element.start]))
        position = element.start
        element_id = element.anchors[0]
        anchors.update(dict.fromkeys(element.anchors, element_id))
        classes = " ".join(f"hl-{kind}" for kind in element.kinds)
        out.append(f'<mark id="{escape(element_id)}" class="hl {escape(classes)}" '
                   f'title="{escape("; ".join(element.labels))}" data-start="{element.start}" '
                   f'data-end="{element.end}">')
        stack.append(element)
    close_until(len(text))
    out.append(escape(text[position:]))
    return ReaderView(Markup("".join(out)), anchors, skipped)  # noqa: S704 (every piece of text was escaped)


def reader_view(record: dict[str, Any]) -> ReaderView:
    return render(record.get("text") or "", record_spans(record))
