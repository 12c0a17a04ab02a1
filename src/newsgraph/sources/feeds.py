"""RSS 0.9x/1.0/2.0 and Atom feeds (feedparser) -> the pages they list."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser

from newsgraph.errors import MalformedSource
from newsgraph.sources.links import Link
from newsgraph.sources.safexml import refuse_entities
from newsgraph.sources.urls import is_web_url


def parse_feed(content: bytes, base_url: str) -> list[Link]:
    """The feed's entries as Links, in feed order; UnsafeXml for entity tricks, MalformedSource for non-feeds."""
    refuse_entities(content, f"the feed {base_url}")
    parsed = feedparser.parse(content, response_headers={"content-location": base_url}, sanitize_html=False)
    if not parsed.entries and not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "no RSS or Atom elements"
        raise MalformedSource(f"{base_url} is not an RSS or Atom feed ({reason}); check the URL")
    links: list[Link] = []
    for entry in parsed.entries:
        href = _entry_href(entry)
        if not href:
            continue
        url = urljoin(base_url, href.strip())
        if not is_web_url(url):
            continue
        # Atom's `updated` stands in where `published` is absent: it is only a hint behind the page's own date.
        published = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
        title = (entry.get("title") or "").strip() or None
        links.append(Link(url=url, title=title, published=published, via=base_url))
    return links


def _entry_href(entry: feedparser.FeedParserDict) -> str | None:
    """The entry's page: its alternate link, else its first link, else an id that is a URL."""
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    if entry.get("link"):
        return str(entry["link"])
    guid = str(entry.get("id") or "")
    return guid if is_web_url(guid) else None


def _iso(moment: time.struct_time | None) -> str | None:
    if moment is None:
        return None
    try:
        return datetime(*moment[:6], tzinfo=UTC).isoformat()
    except (TypeError, ValueError):
        return None
