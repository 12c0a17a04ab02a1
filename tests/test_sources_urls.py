"""Canonical URLs: one spelling per page."""

from __future__ import annotations

import pytest

from newsgraph.sources.urls import canonical_url, is_web_url


@pytest.mark.parametrize(("url", "canonical"), [
    ("HTTPS://Example.COM:443/News/a.html#comments", "https://example.com/News/a.html"),
    ("http://example.com:80", "http://example.com/"),
    ("https://example.com/a?utm_source=rss&utm_medium=feed&id=42", "https://example.com/a?id=42"),
    ("https://example.com/a?fbclid=XYZ&gclid=1&page=2", "https://example.com/a?page=2"),
    ("https://example.com/search?q=kabul+talks&lang=en", "https://example.com/search?lang=en&q=kabul+talks"),
    ("https://example.com:8443/a", "https://example.com:8443/a"),
    ("  https://example.com/a  ", "https://example.com/a"),
])
def test_urls_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_urls_same_page_same_canonical_form() -> None:
    spellings = ["https://EXAMPLE.com/story?id=7&utm_campaign=x", "https://example.com:443/story?id=7#top",
                 "https://example.com/story?id=7"]
    assert len({canonical_url(u) for u in spellings}) == 1


@pytest.mark.parametrize(("text", "web"), [
    ("https://example.com/", True), ("http://a.b/c", True), ("ftp://example.com/", False),
    ("/local/file.html", False), ("http://", False), ("file:///etc/passwd", False),
])
def test_urls_is_web_url(text: str, web: bool) -> None:
    assert is_web_url(text) is web
