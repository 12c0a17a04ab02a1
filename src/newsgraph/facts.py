"""Typed facts of an article after the entity layer: places, times, quotes and events, each a view of `text`.

Every offset is a half-open range of the article's `text`, and a span's `text` is `text[start:end]`, as a
spaCy `Span` is a view of its `Doc`. `to_record()` gives the contract's JSON item for a fact, key for key
and in the contract's key order, and `from_record()` reads one back; `Article.to_record()` and
`Article.from_record()` are the only callers, so the JSON shape is known here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Item = dict[str, Any]


@dataclass
class TextSpan:
    """A range of the article's text with the text it covers."""

    start: int
    end: int
    text: str

    def to_record(self) -> Item:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_record(cls, item: Item) -> TextSpan:
        return cls(item["start"], item["end"], item["text"])


def _span_or_none(item: Item | None) -> TextSpan | None:
    return None if item is None else TextSpan.from_record(item)


@dataclass
class Place:
    """A place the article names, resolved to GeoNames where the gazetteer knows it."""

    id: str
    name: str
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    feature: str | None = None  # GeoNames feature code
    mentions: list[TextSpan] = field(default_factory=list)

    def to_record(self) -> Item:
        return {
            "id": self.id, "name": self.name, "geonames_id": self.geonames_id, "lat": self.lat, "lon": self.lon,
            "country_code": self.country_code, "admin1": self.admin1, "feature": self.feature,
            "mentions": [m.to_record() for m in self.mentions],
        }

    @classmethod
    def from_record(cls, item: Item) -> Place:
        return cls(
            id=item["id"], name=item["name"], geonames_id=item["geonames_id"], lat=item["lat"], lon=item["lon"],
            country_code=item["country_code"], admin1=item["admin1"], feature=item["feature"],
            mentions=[TextSpan.from_record(m) for m in item["mentions"]],
        )


@dataclass
class Time:
    """A time expression and its TIMEX3 type and value."""

    start: int
    end: int
    text: str
    type: str  # DATE, TIME, DURATION, SET
    value: str

    def to_record(self) -> Item:
        return {"start": self.start, "end": self.end, "text": self.text, "type": self.type, "value": self.value}

    @classmethod
    def from_record(cls, item: Item) -> Time:
        return cls(item["start"], item["end"], item["text"], item["type"], item["value"])


@dataclass
class Speaker:
    """The span naming a quote's speaker (a pronoun included) and the entity it resolves to, if any."""

    entity: str | None
    start: int
    end: int
    text: str

    def to_record(self) -> Item:
        return {"entity": self.entity, "start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_record(cls, item: Item) -> Speaker:
        return cls(item["entity"], item["start"], item["end"], item["text"])


@dataclass
class Quote:
    """An attributed statement: what was said, who said it, the words that introduce it."""

    id: str
    kind: str  # direct, indirect, mixed
    speaker: Speaker | None
    cue: TextSpan | None
    content: TextSpan

    def to_record(self) -> Item:
        return {
            "id": self.id, "kind": self.kind,
            "speaker": None if self.speaker is None else self.speaker.to_record(),
            "cue": None if self.cue is None else self.cue.to_record(),
            "content": self.content.to_record(),
        }

    @classmethod
    def from_record(cls, item: Item) -> Quote:
        speaker = item["speaker"]
        return cls(item["id"], item["kind"], None if speaker is None else Speaker.from_record(speaker),
                   _span_or_none(item["cue"]), TextSpan.from_record(item["content"]))


@dataclass
class EventActor:
    """A source or target of an event: the span naming it, its entity and its CAMEO country and sector."""

    entity: str | None
    start: int
    end: int
    text: str
    country: str | None = None
    sector: str | None = None

    def to_record(self) -> Item:
        return {"entity": self.entity, "start": self.start, "end": self.end, "text": self.text,
                "country": self.country, "sector": self.sector}

    @classmethod
    def from_record(cls, item: Item) -> EventActor:
        return cls(item["entity"], item["start"], item["end"], item["text"], item["country"], item["sector"])


@dataclass
class Range:
    """A range of the article's text without its text (an event's sentence)."""

    start: int
    end: int

    def to_record(self) -> Item:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_record(cls, item: Item) -> Range:
        return cls(item["start"], item["end"])


@dataclass
class EventDate:
    """When an event happened: a TIMEX3 value, `explicit` (said in its sentence) or `published` (the article's date)."""

    value: str
    basis: str

    def to_record(self) -> Item:
        return {"value": self.value, "basis": self.basis}

    @classmethod
    def from_record(cls, item: Item) -> EventDate:
        return cls(item["value"], item["basis"])


@dataclass
class Event:
    """A coded PLOVER event, reported by its trigger in one sentence."""

    id: str
    type: str  # a PLOVER category
    trigger: TextSpan | None
    sentence: Range | None
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    source: list[EventActor] = field(default_factory=list)
    target: list[EventActor] = field(default_factory=list)
    place: str | None = None  # a place id
    date: EventDate | None = None
    negated: bool = False
    hypothetical: bool = False
    quote: str | None = None  # the id of the quote it is reported in
    confidence: float = 0.0
    dead: int | None = None
    injured: int | None = None

    def to_record(self) -> Item:
        return {
            "id": self.id, "type": self.type, "mode": self.mode, "context": list(self.context),
            "source": [a.to_record() for a in self.source], "target": [a.to_record() for a in self.target],
            "trigger": None if self.trigger is None else self.trigger.to_record(),
            "sentence": None if self.sentence is None else self.sentence.to_record(),
            "place": self.place, "date": None if self.date is None else self.date.to_record(),
            "negated": self.negated, "hypothetical": self.hypothetical, "quote": self.quote,
            "confidence": self.confidence, "dead": self.dead, "injured": self.injured,
        }

    @classmethod
    def from_record(cls, item: Item) -> Event:
        sentence, date = item["sentence"], item["date"]
        return cls(
            id=item["id"], type=item["type"], trigger=_span_or_none(item["trigger"]),
            sentence=None if sentence is None else Range.from_record(sentence), mode=item["mode"],
            context=list(item["context"]), source=[EventActor.from_record(a) for a in item["source"]],
            target=[EventActor.from_record(a) for a in item["target"]], place=item["place"],
            date=None if date is None else EventDate.from_record(date), negated=item["negated"],
            hypothetical=item["hypothetical"], quote=item["quote"], confidence=item["confidence"],
            dead=item["dead"], injured=item["injured"],
        )
