"""What an extractor returns: the article's metadata and its blocks, before any analysis."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph"]


@dataclass
class Published:
    """A publication date and where it was found (`input`, `meta`, `dateline`, `url`, ...)."""

    value: str
    source: str


@dataclass
class Block:
    """One block of the body: a section heading or a paragraph, as plain text on one line or more."""

    kind: BlockKind
    text: str


@dataclass
class Removed:
    """Boilerplate found and left out of the body (`banner`, `promo`, `share`, `caption`, ...)."""

    kind: str
    text: str


@dataclass
class Extracted:
    """The extractor's output; `assemble()` in article.py turns it into an Article's text and parts."""

    title: str | None = None
    summary: str | None = None
    blocks: list[Block] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    language: str | None = None
    url: str | None = None
    published: Published | None = None
