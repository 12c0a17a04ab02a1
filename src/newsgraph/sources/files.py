"""Turn command-line inputs (files, folders, JSON Lines, URLs, stdin) into documents, in input order."""

from __future__ import annotations

import gzip
import json
import sys
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from newsgraph.dates import ISO_FORMS, iso_date
from newsgraph.document import Document, Kind, content_id, without_lone_surrogates
from newsgraph.errors import (
    BadDocumentFields,
    BadJsonLine,
    CorruptArchive,
    DocumentError,
    DocumentTooLarge,
    FetchError,
    UnsupportedScheme,
    UnsupportedUrl,
    UsageError,
)
from newsgraph.sources.sniff import BYTE_ORDER_MARKS, gunzip
from newsgraph.sources.urls import is_web_url, unsupported_scheme

Format = Literal["auto", "html", "text", "jsonl"]
FOLDER_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", ".txt", ".jsonl", ".jsonl.gz")
MAX_JSONL_GZ_FACTOR = 100  # a .jsonl.gz holds many documents: it may unpack to this many times --max-bytes
USER_AGENT = "newsgraph/0.1 (+https://pypi.org/project/newsgraph/)"


@dataclass(frozen=True)
class Overrides:
    """Single-document metadata given on the command line (`--id`, `--title`, ...)."""

    id: str | None = None
    title: str | None = None
    url: str | None = None
    published: str | None = None
    body_only: bool = False


def iter_documents(inputs: Iterable[str], fmt: Format = "auto", max_bytes: int = 10_000_000,
                   overrides: Overrides = Overrides()) -> Iterator[Document]:
    """Yield documents in input order; a bad document yields a Document carrying its error."""
    for item in inputs:
        if item == "-":
            yield from _from_bytes(sys.stdin.buffer.read(), "<stdin>", fmt, max_bytes, overrides)
        elif item.startswith(("http://", "https://")):
            yield _apply(_fetch(item, max_bytes), overrides)
        elif scheme := unsupported_scheme(item):
            raise UnsupportedScheme(scheme_message(item, scheme, "input"))
        else:
            path = Path(item)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(FOLDER_SUFFIXES))
                for file in files:
                    yield from _from_file(file, fmt, max_bytes, overrides)
            elif path.is_file():
                yield from _from_file(path, fmt, max_bytes, overrides)
            else:
                raise UsageError(f"cannot read input {item!r}: no such file or folder")


def _from_file(path: Path, fmt: Format, max_bytes: int, overrides: Overrides) -> Iterator[Document]:
    size = path.stat().st_size
    name = path.name.lower()
    is_jsonl = fmt == "jsonl" or (fmt == "auto" and name.endswith((".jsonl", ".jsonl.gz")))
    if size > max_bytes and not is_jsonl:
        yield too_large_document(str(path), size, max_bytes)
        return
    if name.endswith(".gz") and is_jsonl:
        yield from _from_jsonl_gzip(path, max_bytes)
        return
    try:
        data = path.read_bytes()
        if name.endswith(".gz"):
            data = gunzip(data, max_bytes, str(path), CorruptArchive)
    except OSError as exc:
        raise UsageError(f"cannot read input {str(path)!r}: {exc}") from None
    except DocumentError as exc:
        yield failed_document(content_id(str(path)), str(path), exc)
        return
    if fmt == "auto":
        stem = name.removesuffix(".gz")
        if stem.endswith((".html", ".htm")):
            fmt = "html"
        elif stem.endswith(".txt"):
            fmt = "text"
        elif stem.endswith(".jsonl"):
            fmt = "jsonl"
    yield from _from_bytes(data, str(path), fmt, max_bytes, overrides)


def _from_jsonl_gzip(path: Path, max_bytes: int) -> Iterator[Document]:
    """A .jsonl.gz file read line by line: each line capped at `max_bytes`, the whole at MAX_JSONL_GZ_FACTOR times.

    A damaged file gives the documents before the damage, then one error document.
    """
    origin, total, number = str(path), 0, 0
    try:
        with gzip.open(path, "rb") as handle:
            while line := handle.readline(max_bytes + 1):
                number += 1
                total += len(line)
                if len(line) > max_bytes:
                    while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                        total += len(rest)  # the rest of the over-long line is skipped, never held
                        if total > max_bytes * MAX_JSONL_GZ_FACTOR:
                            break
                if total > max_bytes * MAX_JSONL_GZ_FACTOR:
                    raise DocumentTooLarge(f"{origin} unpacks to more than {max_bytes * MAX_JSONL_GZ_FACTOR:,} bytes; "
                                           "split it or raise --max-bytes")
                doc = _jsonl_line(line.rstrip(b"\n"), number, origin, max_bytes)
                if doc is not None:
                    yield doc
    except DocumentError as exc:
        yield failed_document(content_id(f"{origin}:{number}"), origin, exc)
    except (OSError, EOFError, zlib.error) as exc:
        yield failed_document(content_id(f"{origin}:{number}"), origin, CorruptArchive(
            f"{origin} is damaged after line {number} ({exc}); the lines before were read: copy it again"))


def _from_bytes(data: bytes, origin: str, fmt: Format, max_bytes: int, overrides: Overrides) -> Iterator[Document]:
    if fmt == "auto":
        fmt = sniff_format(data)
    if fmt == "jsonl":
        yield from _from_jsonl(data, origin, max_bytes)
        return
    if len(data) > max_bytes:
        yield too_large_document(origin, len(data), max_bytes)
        return
    kind: Kind = "html" if fmt == "html" else "text"
    doc = Document(id=content_id(data), kind=kind, content=data, origin=origin)
    yield _apply(doc, overrides)


def sniff_format(data: bytes) -> Format:
    """Guess html, jsonl or text from the first bytes (read in the encoding a UTF-16 or UTF-32 BOM names)."""
    head = data[:2048]
    for bom, encoding in BYTE_ORDER_MARKS:
        if encoding != "utf-8-sig" and head.startswith(bom):  # UTF-8's is stripped below
            head = data[:8192].decode(encoding, errors="ignore").encode()
            break
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<!--")) or b"<p>" in head \
            or b"<div" in head:
        return "html"
    return "text"


def _from_jsonl(data: bytes, origin: str, max_bytes: int) -> Iterator[Document]:
    for number, line in enumerate(data.split(b"\n"), start=1):
        doc = _jsonl_line(line, number, origin, max_bytes)
        if doc is not None:
            yield doc


def _jsonl_line(line: bytes, number: int, origin: str, max_bytes: int) -> Document | None:
    """The document on one JSON line (None for a blank line); a bad line is a Document carrying its error."""
    if not line.strip():
        return None
    where = f"{origin}:{number}"
    if len(line) > max_bytes:
        doc = too_large_document(where, len(line), max_bytes)
        doc.jsonl = True
        return doc
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        doc = failed_document(content_id(line), where, BadJsonLine(
            f"line {number} of {origin} is not valid JSON ({exc}); fix the line, the others are analyzed"))
    else:
        doc = _from_object(obj, line, where)
    doc.jsonl = True
    return doc


def _from_object(obj: Any, line: bytes, where: str) -> Document:
    if isinstance(obj, dict):
        obj = {key: without_lone_surrogates(value) if isinstance(value, str) else value for key, value in obj.items()}
    if not isinstance(obj, dict):
        return failed_document(content_id(line), where, BadDocumentFields(
            f"{where}: a JSON Lines document must be an object with one of html, text or url"))
    raw_id = obj.get("id")
    doc_id = str(raw_id) if raw_id is not None else content_id(line)
    # `url` is the content's address when html or text is given (the contract's first example), else the source
    sources = [k for k in ("html", "text") if obj.get(k) is not None] or (["url"] if obj.get("url") is not None else [])
    if len(sources) != 1 or not isinstance(obj[sources[0]], str):
        return failed_document(doc_id, where, BadDocumentFields(
            f"{where}: give exactly one of html, text or url as a string (found: {', '.join(sources) or 'none'})"))
    for key in ("title", "url", "published", "language"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return failed_document(doc_id, where, BadDocumentFields(f"{where}: {key} must be a string"))
    published = obj.get("published")
    if published is not None and (published := iso_date(published)) is None:
        return failed_document(doc_id, where, BadDocumentFields(
            f"{where}: published {obj['published']!r} is not a date; give {ISO_FORMS}, or leave it out"))
    kind: Kind = sources[0]  # type: ignore[assignment]
    if kind == "url":
        doc = _fetch(obj["url"], None)
        doc.id = doc_id
    else:
        doc = Document(id=doc_id, kind=kind, content=obj[kind], url=obj.get("url"), origin=where)
    doc.title = obj.get("title")
    doc.published = published
    doc.language = obj.get("language")
    doc.body_only = bool(obj.get("body_only", False))
    return doc


def _apply(doc: Document, overrides: Overrides) -> Document:
    if overrides.id:
        doc.id = overrides.id
    doc.title = overrides.title or doc.title
    doc.url = overrides.url or doc.url
    doc.published = overrides.published or doc.published
    doc.body_only = overrides.body_only or doc.body_only
    return doc


def _fetch(url: str, max_bytes: int | None) -> Document:
    """Fetch one page for `analyze URL`; the polite crawler with robots and retries is `ingest`'s."""
    limit = max_bytes or 10_000_000
    if not is_web_url(url):  # urllib would also read ftp: and file: URLs
        return failed_document(content_id(url), url, UnsupportedUrl(
            f"{url!r} is not an http(s) URL with a host; only web pages are fetched: give the text or html instead"))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 (checked above)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (http/https checked above)
            data = response.read(limit + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return failed_document(content_id(url), url, FetchError(
            f"could not fetch {url}: {exc}; check the URL or save the page"))
    if len(data) > limit:
        return too_large_document(url, len(data), limit)
    return Document(id=content_id(url), kind="html", content=data, url=url, origin=url)


def scheme_message(item: str, scheme: str, what: str) -> str:
    """Why an INPUT or SOURCE with another URL scheme is refused, and what is read instead."""
    return (f"cannot read {what} {item!r}: the {scheme}: scheme is not supported; URLs are read over http and "
            "https only, and a local file or folder is given as its path (no file:// prefix)")


def too_large_document(origin: str, size: int, limit: int) -> Document:
    """A Document carrying DocumentTooLarge, its id derived from where it came from."""
    return failed_document(content_id(origin), origin, DocumentTooLarge(
        f"{origin} is {size:,} bytes, above the limit of {limit:,}; raise --max-bytes to analyze it"))


def failed_document(doc_id: str, origin: str, error: DocumentError) -> Document:
    """A Document that carries an error instead of content: it becomes an error record."""
    return Document(id=doc_id, kind="text", content="", error=error, origin=origin)
