"""The Article and its span types; `to_record()` gives the contract's JSON article record, `from_record()` reads one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsgraph.facts import Event, Place, Quote, TextSpan, Time

SCHEMA = "newsgraph.article/1"


@dataclass
class Published:
    """A publication date and where it was found (`input`, `meta`, `dateline`, `url`, ...)."""

    value: str
    source: str


@dataclass
class Removed:
    """Boilerplate found and left out of the body (`banner`, `promo`, `share`, `caption`, ...)."""

    kind: str
    text: str


@dataclass
class Part:
    """A title, summary, heading or paragraph: a half-open range of `Article.text`."""

    kind: str
    start: int
    end: int


Mention = TextSpan  # an entity's mention is a span of the text like any other


@dataclass
class Role:
    """A title held by a person; `country` (from `Afghan` in `Afghan minister`) feeds the actor code only."""

    title: str
    organization: str | None = None
    country: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {"title": self.title, "organization": self.organization}

    @classmethod
    def from_record(cls, item: dict[str, Any]) -> Role:
        return cls(item["title"], item["organization"])


@dataclass
class Actor:
    country: str | None
    sector: str | None


@dataclass
class Entity:
    """One real-world entity of the document with every mention of it."""

    id: str
    name: str
    type: str
    mentions: list[Mention]
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    actor: Actor | None = None
    place: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "roles": [r.to_record() for r in self.roles],
            "actor": None if self.actor is None else {"country": self.actor.country, "sector": self.actor.sector},
            "place": self.place,
            "mentions": [m.to_record() for m in self.mentions],
        }

    @classmethod
    def from_record(cls, item: dict[str, Any]) -> Entity:
        actor = item["actor"]
        return cls(
            id=item["id"], name=item["name"], type=item["type"],
            mentions=[Mention.from_record(m) for m in item["mentions"]],
            aliases=list(item["aliases"]), roles=[Role.from_record(r) for r in item["roles"]],
            actor=None if actor is None else Actor(actor["country"], actor["sector"]), place=item["place"],
        )


@dataclass
class Article:
    """One analyzed document: owns `text`; every finding is a span into it."""

    id: str
    text: str
    body: str
    parts: list[Part]
    title: str | None = None
    summary: str | None = None
    url: str | None = None
    site_name: str | None = None
    language: str | None = None
    authors: list[str] = field(default_factory=list)
    published: Published | None = None
    removed: list[Removed] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    pipeline: dict[str, Any] = field(default_factory=dict)
    # The article as the small pipeline's names alone read it, when the recognizer relabels the published names:
    # the event stage finds events and their actors there (`analyze/actor_view.py`). Never part of the record.
    actor_view: Article | None = field(default=None, repr=False, compare=False)

    def body_start(self) -> int:
        """Offset of `body` inside `text` (after title and summary)."""
        return len(self.text) - len(self.body)

    def to_record(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "id": self.id,
            "url": self.url,
            "site_name": self.site_name,
            "title": self.title,
            "summary": self.summary,
            "language": self.language,
            "authors": list(self.authors),
            "published": None if self.published is None
            else {"value": self.published.value, "source": self.published.source},
            "body": self.body,
            "text": self.text,
            "parts": [{"kind": p.kind, "start": p.start, "end": p.end} for p in self.parts],
            "removed": [{"kind": r.kind, "text": r.text} for r in self.removed],
            "entities": [e.to_record() for e in self.entities],
            "places": [p.to_record() for p in self.places],
            "times": [t.to_record() for t in self.times],
            "quotes": [q.to_record() for q in self.quotes],
            "events": [e.to_record() for e in self.events],
            "pipeline": self.pipeline,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Article:
        """The Article of a contract record (not an error record); `to_record()` gives the record back."""
        published = record["published"]
        return cls(
            id=record["id"], text=record["text"], body=record["body"],
            parts=[Part(p["kind"], p["start"], p["end"]) for p in record["parts"]], title=record["title"],
            summary=record["summary"], url=record["url"], site_name=record["site_name"], language=record["language"],
            authors=list(record["authors"]),
            published=None if published is None else Published(published["value"], published["source"]),
            removed=[Removed(r["kind"], r["text"]) for r in record["removed"]],
            entities=[Entity.from_record(e) for e in record["entities"]],
            places=[Place.from_record(p) for p in record["places"]],
            times=[Time.from_record(t) for t in record["times"]],
            quotes=[Quote.from_record(q) for q in record["quotes"]],
            events=[Event.from_record(e) for e in record["events"]],
            pipeline=dict(record["pipeline"]),
        )

