"""A page found in a feed or sitemap: fetched later, one by one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Link:
    """A page to fetch; `published` is the feed's or news sitemap's date, a hint where the page has none."""

    url: str
    title: str | None = None
    published: str | None = None
    via: str | None = None
    modified: str | None = None
