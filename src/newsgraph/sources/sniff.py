"""Tell a fetched or local source's kind (feed, sitemap, OPML, HTML) from its first element; gunzip with a cap."""

from __future__ import annotations

import codecs
import re
import zlib
from typing import Literal

from newsgraph.errors import DocumentError, DocumentTooLarge, MalformedSource

SourceKind = Literal["feed", "sitemap", "opml", "html"]
GZIP_MAGIC = b"\x1f\x8b"
# Byte-order marks and the codec each names; UTF-32's first, since UTF-32-LE's opens with UTF-16-LE's.
BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
                    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_PROLOG = re.compile(
    rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!doctype[^\[>]*(?:\[.*?\])?\s*>)*", re.DOTALL | re.IGNORECASE)
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w:.-]*)")
_KINDS: dict[bytes, SourceKind] = {
    b"rss": "feed", b"rdf": "feed", b"feed": "feed", b"channel": "feed",
    b"urlset": "sitemap", b"sitemapindex": "sitemap",
    b"opml": "opml",
}


def sniff_source(content: bytes) -> SourceKind:
    """The kind named by the root element; anything unrecognised is treated as an HTML page."""
    head = content[:65536].removeprefix(b"\xef\xbb\xbf")
    prolog = _PROLOG.match(head)
    start = prolog.end() if prolog else 0
    match = _FIRST_TAG.match(head, start)
    if not match:
        return "html"
    name = match.group(1).rsplit(b":", 1)[-1].lower()
    return _KINDS.get(name, "html")


def is_gzip(content: bytes) -> bool:
    return content.startswith(GZIP_MAGIC)


def gunzip(content: bytes, max_bytes: int, what: str,
           broken: type[DocumentError] = MalformedSource) -> bytes:
    """Decompress gzip without ever holding more than `max_bytes` (a gzip bomb stops at the cap).

    Invalid or truncated data raises `broken` (a fetched feed is malformed; a local file is a corrupt archive).
    """
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(content, max_bytes + 1)
    except zlib.error as exc:
        raise broken(f"{what} is not valid gzip ({exc}); fix, fetch or copy it again") from None
    if len(data) > max_bytes:
        raise DocumentTooLarge(f"{what} unpacks to more than {max_bytes:,} bytes; raise --max-bytes to read it")
    if not inflater.eof:
        raise broken(f"{what} is a truncated gzip file; fetch or copy it again")
    return data
