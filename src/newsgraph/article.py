"""The Article and its span types; `to_record()` gives the contract's JSON article record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class Mention:
    start: int
    end: int
    text: str


@dataclass
class Role:
    """A title held by a person; `country` (from `Afghan` in `Afghan minister`) feeds the actor code only."""

    title: str
    organization: str | None = None
    country: str | None = None


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
            "roles": [{"title": r.title, "organization": r.organization} for r in self.roles],
            "actor": None if self.actor is None else {"country": self.actor.country, "sector": self.actor.sector},
            "place": self.place,
            "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in self.mentions],
        }


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
    places: list[dict[str, Any]] = field(default_factory=list)
    times: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    pipeline: dict[str, Any] = field(default_factory=dict)

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
            "places": self.places,
            "times": self.times,
            "quotes": self.quotes,
            "events": self.events,
            "pipeline": self.pipeline,
        }
