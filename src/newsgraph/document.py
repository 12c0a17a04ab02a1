"""The input document every reader produces and every later step takes, and the ids and hashes of its content."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Literal

from newsgraph.errors import DocumentError

Kind = Literal["html", "text", "url"]


@dataclass
class Document:
    """One input document and the metadata that overrides what is found in it."""

    id: str
    kind: Kind
    content: str | bytes
    url: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    body_only: bool = False
    error: DocumentError | None = None
    origin: str = ""
    jsonl: bool = False
    # A date from the feed or news sitemap that listed the page: used only where the page states none.
    published_hint: str | None = None


def content_id(content: str | bytes) -> str:
    """A stable id derived from the document's content, for inputs that carry none."""
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    return "doc-" + hashlib.sha256(data).hexdigest()[:16]


def content_hash(content: str | bytes) -> str:
    """The whole SHA-256 of the content: how `ingest` and `batch` recognize a document already stored."""
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    return hashlib.sha256(data).hexdigest()


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(text: str) -> str:
    """U+FFFD for each lone surrogate (a JSON `\\ud800` escape): UTF-8 cannot encode one, and one crashed a batch.

    One character for one, so every offset stays where it was.
    """
    return _LONE_SURROGATE.sub("\ufffd", text)
