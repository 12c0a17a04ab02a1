"""Canonical URLs, so the same page reached through different links is stored once."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, default port, tracking parameters (utm_*, fbclid, ...) and fragment dropped."""
    url = url.strip()
    try:
        normalized = normalize_url(url)
        parts = urlsplit(normalized)
    except ValueError:
        return url
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def is_web_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def unsupported_scheme(text: str) -> str | None:
    """The scheme of a `scheme://...` address that is not http(s) (`ftp`, `file`, `s3` ...), else None."""
    match = _SCHEME.match(text.strip())
    if match is None or match.group(1).lower() in ("http", "https"):
        return None
    return match.group(1).lower()
