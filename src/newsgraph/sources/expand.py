"""Turn one `ingest` SOURCE (file, folder, WARC, OPML, feed, sitemap or page URL) into documents and links."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from newsgraph.document import Document, Kind, content_id
from newsgraph.errors import DocumentError, MalformedSource, UnsupportedScheme, UsageError
from newsgraph.sources.feeds import parse_feed
from newsgraph.sources.fetch import Fetcher, FetchResult
from newsgraph.sources.files import (
    FOLDER_SUFFIXES,
    Format,
    failed_document,
    iter_documents,
    scheme_message,
    too_large_document,
)
from newsgraph.sources.links import Link
from newsgraph.sources.opml import parse_opml
from newsgraph.sources.sitemaps import parse_sitemap
from newsgraph.sources.sniff import gunzip, is_gzip, sniff_source
from newsgraph.sources.urls import canonical_url, is_web_url, unsupported_scheme
from newsgraph.sources.warc import WARC_SUFFIXES, iter_warc

__all__ = ["Item", "Link", "expand", "fetch_document", "folder_files"]

Item = Document | Link
Validators = Callable[[str], tuple[str | None, str | None] | None]
OnFetch = Callable[[FetchResult], None]
INGEST_FOLDER_SUFFIXES = FOLDER_SUFFIXES + WARC_SUFFIXES
LOCAL_LIST_SUFFIXES = (".opml", ".xml", ".rss", ".atom")
MAX_NESTING = 5  # sitemap index -> sitemap -> ..., OPML -> feed: deeper than this is refused


def _no_validators(url: str) -> tuple[str | None, str | None] | None:
    return None


def _ignore(result: FetchResult) -> None:
    return None


def expand(source: str, fetcher: Fetcher, *, fmt: Format = "auto", max_bytes: int = 10_000_000,
           validators: Validators = _no_validators, on_fetch: OnFetch = _ignore) -> Iterator[Item]:
    """Documents to analyze and Links to fetch, in source order; failures come as Documents carrying errors.

    `validators(url)` gives the (ETag, Last-Modified) stored for a URL, for a conditional GET;
    `on_fetch(result)` is called after every fetch so the caller can record it. Raises UsageError only
    for a SOURCE that is neither a URL nor an existing file or folder.
    """
    expansion = _Expansion(fetcher, max_bytes, validators, on_fetch)
    if source == "-":
        yield from iter_documents(["-"], fmt, max_bytes)
    elif is_web_url(source):
        yield from expansion.url(source, depth=0)
    elif scheme := unsupported_scheme(source):
        raise UnsupportedScheme(scheme_message(source, scheme, "source"))
    else:
        path = Path(source)
        if path.is_dir():
            for file in folder_files(path):
                yield from expansion.file(file, fmt)
        elif path.is_file():
            yield from expansion.file(path, fmt)
        else:
            raise UsageError(f"cannot read source {source!r}: not an http(s) URL, file or folder")


def folder_files(folder: Path) -> list[Path]:
    """The files `ingest` reads from a folder: those `analyze` reads, plus web archives; sorted by path."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name.lower().endswith(INGEST_FOLDER_SUFFIXES))


def fetch_document(link: Link, fetcher: Fetcher, *, max_bytes: int = 10_000_000,
                   on_fetch: OnFetch = _ignore) -> Document:
    """Fetch the page a Link points to.

    The feed's or sitemap's date goes to `published_hint`, not `published`: `published` overrides what the
    page says, and a page's own date (its metadata, its dateline) is the better evidence; feeds round dates,
    reuse them for updates, or stamp the time of syndication. The hint serves where the page has none.
    """
    result = fetcher.get(link.url)
    on_fetch(result)
    if result.error is not None:
        return _url_failed(link.url, result.error)
    doc = _page(result, max_bytes)
    doc.published_hint = link.published
    return doc


class _Expansion:
    """One SOURCE's walk: remembers the feeds, sitemaps and links already seen so each comes once."""

    def __init__(self, fetcher: Fetcher, max_bytes: int, validators: Validators, on_fetch: OnFetch) -> None:
        self.fetcher = fetcher
        self.max_bytes = max_bytes
        self.validators = validators
        self.on_fetch = on_fetch
        self.visited: set[str] = set()
        self.linked: set[str] = set()

    def file(self, path: Path, fmt: Format) -> Iterator[Item]:
        name = path.name.lower()
        if name.endswith(WARC_SUFFIXES):
            yield from iter_warc(path, self.max_bytes)
        elif fmt == "auto" and name.endswith(LOCAL_LIST_SUFFIXES):
            yield from self._local_list(path, fmt)
        else:
            yield from iter_documents([str(path)], fmt, self.max_bytes)

    def _local_list(self, path: Path, fmt: Format) -> Iterator[Item]:
        """A local OPML list, feed or sitemap is expanded; any other XML file is a document, as for `analyze`."""
        size = path.stat().st_size
        if size > self.max_bytes:
            yield too_large_document(str(path), size, self.max_bytes)
            return
        data = path.read_bytes()
        kind = sniff_source(data)
        if kind == "html":
            yield from iter_documents([str(path)], fmt, self.max_bytes)
            return
        try:
            yield from self._listing(kind, data, path.resolve().as_uri(), depth=0)
        except DocumentError as error:
            yield failed_document(content_id(data), str(path), error)

    def url(self, url: str, depth: int) -> Iterator[Item]:
        key = canonical_url(url)
        if key in self.visited:
            return
        self.visited.add(key)
        if depth > MAX_NESTING:
            yield _url_failed(url, MalformedSource(
                f"{url} is nested more than {MAX_NESTING} levels deep in sitemaps or lists; give it as a source"))
            return
        etag, last_modified = self.validators(url) or (None, None)
        result = self.fetcher.get(url, etag=etag, last_modified=last_modified)
        self.on_fetch(result)
        if result.error is not None:
            yield _url_failed(url, result.error)
            return
        if result.not_modified:
            return
        data = result.content
        try:
            if is_gzip(data):
                data = gunzip(data, self.max_bytes, url)
            kind = sniff_source(data)
            if kind == "html":
                yield _page(result, self.max_bytes)
                return
            yield from self._listing(kind, data, result.final_url, depth)
        except DocumentError as error:
            yield _url_failed(url, error)

    def _listing(self, kind: str, data: bytes, base_url: str, depth: int) -> Iterator[Item]:
        """Expand a feed, sitemap or OPML list; raises DocumentError when it cannot be parsed."""
        if kind == "feed":
            yield from self._new_links(parse_feed(data, base_url))
        elif kind == "sitemap":
            pages, children = parse_sitemap(data, base_url)
            yield from self._new_links(pages)
            for child in children:
                yield from self.url(child, depth + 1)
        elif kind == "opml":
            for feed in parse_opml(data):
                yield from self.url(feed, depth + 1)

    def _new_links(self, links: list[Link]) -> Iterator[Link]:
        for link in links:
            key = canonical_url(link.url)
            if key not in self.linked:
                self.linked.add(key)
                yield link


def _page(result: FetchResult, max_bytes: int) -> Document:
    """A fetched page as a Document: HTML unless the server says plain text."""
    data = result.content
    try:
        if is_gzip(data):
            data = gunzip(data, max_bytes, result.url)
    except DocumentError as error:
        return _url_failed(result.url, error)
    if len(data) > max_bytes:
        return too_large_document(result.url, len(data), max_bytes)
    mime = result.headers.get("content-type", "").split(";")[0].strip().lower()
    kind: Kind = "text" if mime == "text/plain" else "html"
    return Document(id=content_id(data), kind=kind, content=data, url=result.final_url, origin=result.url)


def _url_failed(url: str, error: DocumentError) -> Document:
    doc = failed_document(content_id(url), url, error)
    doc.url = url
    return doc
