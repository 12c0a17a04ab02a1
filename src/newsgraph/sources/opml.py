"""OPML subscription lists -> the feed URLs they name (defusedxml)."""

from __future__ import annotations

from newsgraph.errors import MalformedSource
from newsgraph.sources.safexml import local_name, parse_xml
from newsgraph.sources.urls import is_web_url


def parse_opml(content: bytes) -> list[str]:
    """Every outline's xmlUrl, in document order, once each; UnsafeXml / MalformedSource on bad input."""
    root = parse_xml(content, "the OPML list")
    if local_name(root.tag) != "opml":
        raise MalformedSource(f"the OPML list has root <{local_name(root.tag)}>, not <opml>; check the file")
    feeds: list[str] = []
    for element in root.iter():
        if local_name(element.tag) != "outline":
            continue
        for key, value in element.attrib.items():
            if key.lower() == "xmlurl" and is_web_url(value):
                feeds.append(value.strip())
    return list(dict.fromkeys(feeds))

