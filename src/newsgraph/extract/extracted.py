"""What an extractor returns: the article's metadata and its blocks, before any analysis."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from newsgraph.article import Published, Removed

BlockKind = Literal["heading", "paragraph"]


@dataclass
class Block:
    """One block of the body: a section heading or a paragraph, as plain text on one line or more."""

    kind: BlockKind
    text: str


@dataclass
class Extracted:
    """The extractor's output; `assemble()` (extract/assemble.py) turns it into an Article's text and parts."""

    title: str | None = None
    summary: str | None = None
    blocks: list[Block] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    language: str | None = None
    url: str | None = None
    published: Published | None = None
