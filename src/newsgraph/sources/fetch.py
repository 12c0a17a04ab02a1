"""The polite HTTP client of `ingest` and `watch`: robots.txt, per-host pacing, retries, size and time limits."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Self
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from newsgraph.errors import (
    AddressNotAllowed,
    DocumentError,
    FetchError,
    FetchTimeout,
    FetchTooLarge,
    HttpStatusError,
    RobotsDisallowed,
    TooManyRedirects,
    UnsupportedContentType,
)
from newsgraph.sources.files import USER_AGENT

DEFAULT_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                  "application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512_000
# Exact types besides text/*, */xml, *+xml and *+json; octet-stream because servers label .xml.gz sitemaps so.
ACCEPTED_TYPES = frozenset({
    "application/json", "application/gzip", "application/x-gzip", "application/octet-stream",
})


@dataclass
class FetchResult:
    """What one `Fetcher.get` found; `error` is set instead of raising."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    not_modified: bool
    fetched_at: str
    error: DocumentError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and not self.not_modified


@dataclass
class _Response:
    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""


class _Failure(Exception):
    """Unwinds a fetch with the error to report and what was known when it happened."""

    def __init__(self, error: DocumentError, url: str, status: int = 0, headers: dict[str, str] | None = None) -> None:
        super().__init__(error.message)
        self.error = error
        self.url = url
        self.status = status
        self.headers = headers or {}


class _RobotsServerError:
    """robots.txt answered 5xx: the site is treated as closed until the next run."""


class Fetcher:
    """One per ingest run: a shared httpx client, robots.txt per host, and the time of each host's last request."""

    def __init__(self, *, user_agent: str = USER_AGENT, timeout: float = 20.0, max_bytes: int = 10_000_000,
                 max_redirects: int = 5, retries: int = 3, backoff: float = 0.5, per_host_interval: float = 1.0,
                 respect_robots: bool = True, allow_private: bool = True, total_timeout: float | None = None,
                 max_retry_after: float = 60.0, max_crawl_delay: float = 60.0) -> None:
        self.user_agent = user_agent
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.retries = retries
        self.backoff = backoff
        self.per_host_interval = per_host_interval
        self.respect_robots = respect_robots
        self.allow_private = allow_private
        self.total_timeout = total_timeout if total_timeout is not None else 3 * timeout
        self.max_retry_after = max_retry_after
        self.max_crawl_delay = max_crawl_delay
        self._client = httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False,
                                    headers={"User-Agent": user_agent})
        self._robots: dict[str, Protego | _RobotsServerError | None] = {}
        self._last_request: dict[str, float] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str | None = None) -> FetchResult:
        """Fetch one URL; never raises: failures come back in `FetchResult.error`."""
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        headers = {"Accept": accept or DEFAULT_ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            response = self._follow(url, headers)
        except _Failure as failure:
            return FetchResult(url, failure.url, failure.status, failure.headers, b"", False, fetched_at, failure.error)
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError, ValueError) as exc:
            error = FetchError(f"could not fetch {url}: {exc}; check the URL")
            return FetchResult(url, url, 0, {}, b"", False, fetched_at, error)
        not_modified = response.status == 304
        return FetchResult(url, response.url, response.status, response.headers, response.content, not_modified,
                           fetched_at)

    def _follow(self, url: str, headers: dict[str, str]) -> _Response:
        """Follow redirects by hand so that every hop is checked (address, robots, pacing)."""
        current = url
        visited = {url}
        for _ in range(self.max_redirects + 1):
            self._check_allowed(current)
            response = self._with_retries(current, headers, self.max_bytes)
            if response.status not in REDIRECT_STATUSES:
                if response.status != 304 and response.status >= 400:
                    raise _Failure(HttpStatusError(
                        f"{current} answered HTTP {response.status}; check the URL or try again later"),
                        current, response.status, response.headers)
                return response
            location = response.headers.get("location")
            if not location:
                raise _Failure(HttpStatusError(f"{current} redirects (HTTP {response.status}) without a Location"),
                               current, response.status, response.headers)
            target = urljoin(current, location.strip())
            if target in visited:
                raise _Failure(TooManyRedirects(f"{url} redirects in a loop (back to {target}); fix the URL"),
                               current, response.status, response.headers)
            visited.add(target)
            current = target
        raise _Failure(TooManyRedirects(
            f"{url} redirects more than {self.max_redirects} times; give the final URL"), current)

    def _check_allowed(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise _Failure(FetchError(f"{url} is not an http(s) URL with a host; only web pages can be fetched"), url)
        if not self.allow_private and (refused := address_error(parts.hostname, url)):
            raise _Failure(refused, url)
        if self.respect_robots and not self._robots_allow(url):
            raise _Failure(RobotsDisallowed(
                f"robots.txt of {parts.netloc} does not allow {self.user_agent!r} to fetch {url}; skip this URL"), url)

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            self._robots[key] = self._load_robots(key)
        robots = self._robots[key]
        if isinstance(robots, _RobotsServerError):
            return False
        return robots is None or robots.can_fetch(url, self.user_agent)

    def _load_robots(self, origin: str) -> Protego | _RobotsServerError | None:
        """robots.txt of one origin: None (everything allowed) when absent, 4xx or unreachable."""
        url = origin + "/robots.txt"
        try:
            for _ in range(self.max_redirects + 1):
                if not self.allow_private and address_error(urlsplit(url).hostname or "", url):
                    return None
                response = self._once(url, {"Accept": "text/plain,*/*;q=0.5"}, ROBOTS_MAX_BYTES)
                location = response.headers.get("location")
                if response.status in REDIRECT_STATUSES and location:
                    url = urljoin(url, location)
                    continue
                break
            else:
                return None
        except (_Failure, httpx.HTTPError, httpx.InvalidURL, OSError, ValueError):
            return None
        if response.status >= 500:
            return _RobotsServerError()
        if response.status >= 400 or response.status in REDIRECT_STATUSES:
            return None
        return Protego.parse(response.content.decode("utf-8", errors="replace"))

    def _with_retries(self, url: str, headers: dict[str, str], max_bytes: int) -> _Response:
        """One request, retried with exponential backoff on 429, 5xx and connection errors."""
        for attempt in range(self.retries + 1):
            retry_after: float | None = None
            try:
                response = self._once(url, headers, max_bytes)
            except httpx.TimeoutException as exc:
                failure = _Failure(FetchTimeout(
                    f"{url} did not answer in time ({type(exc).__name__}); try again later"), url)
            except httpx.TransportError as exc:
                failure = _Failure(FetchError(f"could not connect to {url}: {exc}; check the URL or try later"), url)
            else:
                if response.status != 429 and response.status < 500:
                    return response
                failure = _Failure(HttpStatusError(
                    f"{url} answered HTTP {response.status} after {attempt + 1} attempts; try again later"),
                    url, response.status, response.headers)
                retry_after = parse_retry_after(response.headers.get("retry-after"))
            if attempt == self.retries:
                raise failure
            delay = max(self.backoff * 2 ** attempt, retry_after or 0.0)
            time.sleep(min(delay, self.max_retry_after))
        raise AssertionError("unreachable")  # the loop returns or raises

    def _once(self, url: str, headers: dict[str, str], max_bytes: int) -> _Response:
        """One paced GET; the body is read only for a final answer, streamed and cut at `max_bytes`."""
        self._wait_turn(url)
        deadline = time.monotonic() + self.total_timeout
        with self._client.stream("GET", url, headers=headers) as response:
            found = {key.lower(): value for key, value in response.headers.items()}
            status = response.status_code
            if status in REDIRECT_STATUSES or status == 304 or status == 429 or status >= 400:
                return _Response(url, status, found)
            content_type = found.get("content-type", "")
            if not content_type_allowed(content_type):
                raise _Failure(UnsupportedContentType(
                    f"{url} is {content_type.split(';')[0]}, not HTML, XML, a feed or text; only those are analyzed"),
                    url, status, found)
            declared = found.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise _Failure(_too_large(url, max_bytes), url, status, found)
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise _Failure(_too_large(url, max_bytes), url, status, found)
                if time.monotonic() > deadline:
                    raise _Failure(FetchTimeout(f"{url} took longer than {self.total_timeout:g} s to send; "
                                                "try again later"), url, status, found)
            return _Response(str(response.url), status, found, bytes(body))

    def _wait_turn(self, url: str) -> None:
        """Sleep until this host's interval (or its robots Crawl-delay, when larger) has passed."""
        parts = urlsplit(url)
        host = parts.netloc.lower()
        interval = self.per_host_interval
        robots = self._robots.get(f"{parts.scheme}://{parts.netloc}")
        if isinstance(robots, Protego):
            delay = robots.crawl_delay(self.user_agent)
            if delay:
                interval = max(interval, min(float(delay), self.max_crawl_delay))
        last = self._last_request.get(host)
        if last is not None:
            wait = last + interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        self._last_request[host] = time.monotonic()


def content_type_allowed(content_type: str) -> bool:
    """HTML, XML, feeds, JSON, text and gzip pass; images, audio, video, PDF and other binaries do not."""
    mime = content_type.split(";")[0].strip().lower()
    if not mime or mime.startswith("text/") or mime in ACCEPTED_TYPES:
        return True
    return mime.endswith(("/xml", "+xml", "+json"))


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def address_error(host: str, url: str) -> DocumentError | None:
    """Why the host may not be fetched when private addresses are refused, or None when all its addresses are public."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        return FetchError(f"cannot resolve the host of {url} ({exc}); check the URL")
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global or address.is_multicast:
            return AddressNotAllowed(
                f"{url} resolves to {address}, a private or reserved address; only public hosts are fetched")
    return None


def _too_large(url: str, limit: int) -> FetchTooLarge:
    return FetchTooLarge(f"{url} is larger than {limit:,} bytes; raise --max-bytes to fetch it")
