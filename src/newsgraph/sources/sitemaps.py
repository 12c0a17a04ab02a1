"""Sitemaps (urlset, with the news extension) and sitemap indexes, gzipped or not, parsed with defusedxml."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin
from xml.etree.ElementTree import Element

from newsgraph.errors import MalformedSource
from newsgraph.sources.links import Link
from newsgraph.sources.safexml import local_name, parse_xml
from newsgraph.sources.sniff import gunzip, is_gzip
from newsgraph.sources.urls import is_web_url

MAX_SITEMAP_BYTES = 52_428_800  # the sitemaps.org limit for one uncompressed file


def parse_sitemap(content: bytes, base_url: str, max_bytes: int = MAX_SITEMAP_BYTES) -> tuple[list[Link], list[str]]:
    """(pages, child sitemaps); UnsafeXml for entity tricks, MalformedSource for anything not a sitemap."""
    what = f"the sitemap {base_url}"
    if is_gzip(content):
        content = gunzip(content, max_bytes, what)
    root = parse_xml(content, what)
    kind = local_name(root.tag)
    if kind == "sitemapindex":
        children = [url for entry in _children(root, "sitemap") if (url := _loc(entry, base_url))]
        return [], list(dict.fromkeys(children))
    if kind != "urlset":
        raise MalformedSource(f"{what} has root <{kind}>, not <urlset> or <sitemapindex>; check the URL")
    pages: list[Link] = []
    for entry in _children(root, "url"):
        url = _loc(entry, base_url)
        if url is None:
            continue
        news = next(_children(entry, "news"), None)
        pages.append(Link(
            url=url,
            title=_text(news, "title") if news is not None else None,
            published=_text(news, "publication_date") if news is not None else None,
            via=base_url,
            modified=_text(entry, "lastmod"),
        ))
    return pages, []


def _children(parent: Element, name: str) -> Iterator[Element]:
    return (child for child in parent if local_name(child.tag) == name)


def _text(parent: Element, name: str) -> str | None:
    for child in _children(parent, name):
        text = (child.text or "").strip()
        if text:
            return text
    return None


def _loc(entry: Element, base_url: str) -> str | None:
    loc = _text(entry, "loc")
    if loc is None:
        return None
    url = urljoin(base_url, loc)
    return url if is_web_url(url) else None
