"""The polite HTTP client against a local server: robots, pacing, retries, conditional GET, limits."""

from __future__ import annotations

import gzip
import socket
import time
from collections.abc import Callable
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from itertools import pairwise

import pytest
from test_sources_site import Site, html, respond, site_fixture  # noqa: F401 (the `site` fixture)

from newsgraph.sources.fetch import Fetcher, address_error, content_type_allowed, parse_retry_after


def fetcher(**options: object) -> Fetcher:
    settings: dict[str, object] = {"per_host_interval": 0.0, "backoff": 0.05, "timeout": 5.0}
    settings.update(options)
    return Fetcher(**settings)  # type: ignore[arg-type]


def test_fetch_returns_page_content_and_headers(site: Site) -> None:
    site.page("/a.html", html("Alpha"), headers={"ETag": '"abc"'})
    with fetcher() as client:
        result = client.get(site.url("/a.html"))
    assert result.error is None and result.ok
    assert result.status == 200
    assert b"<h1>Alpha</h1>" in result.content
    assert result.final_url == site.url("/a.html")
    assert result.headers["etag"] == '"abc"'
    assert datetime.fromisoformat(result.fetched_at).utcoffset().total_seconds() == 0
    assert "newsgraph" in site.hits("/a.html")[0].headers["user-agent"]


def test_fetch_conditional_get_gives_not_modified(site: Site) -> None:
    def handle(request: BaseHTTPRequestHandler) -> None:
        if request.headers.get("If-None-Match") == '"v1"' or request.headers.get("If-Modified-Since"):
            respond(request, 304, b"", {"ETag": '"v1"'})
        else:
            respond(request, 200, html("Versioned").encode(), {"Content-Type": "text/html", "ETag": '"v1"'})

    site.routes["/etag"] = handle
    with fetcher() as client:
        first = client.get(site.url("/etag"))
        again = client.get(site.url("/etag"), etag=first.headers["etag"])
        dated = client.get(site.url("/etag"), last_modified="Tue, 02 Apr 2024 10:00:00 GMT")
    assert first.ok and not first.not_modified
    assert again.not_modified and again.error is None and again.content == b"" and again.status == 304
    assert dated.not_modified
    sent = site.hits("/etag")
    assert sent[1].headers["if-none-match"] == '"v1"'
    assert sent[2].headers["if-modified-since"] == "Tue, 02 Apr 2024 10:00:00 GMT"


def test_fetch_retries_503_then_succeeds(site: Site) -> None:
    calls: list[int] = []

    def handle(request: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        if len(calls) == 1:
            respond(request, 503, b"busy", {"Content-Type": "text/plain"})
        else:
            respond(request, 200, html("Back").encode(), {"Content-Type": "text/html"})

    site.routes["/flaky"] = handle
    with fetcher(backoff=0.1) as client:
        result = client.get(site.url("/flaky"))
    assert result.ok and b"Back" in result.content
    hits = site.hits("/flaky")
    assert len(hits) == 2
    assert hits[1].at - hits[0].at >= 0.09


def test_fetch_honours_retry_after_on_429(site: Site) -> None:
    calls: list[int] = []

    def handle(request: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        if len(calls) == 1:
            respond(request, 429, b"slow down", {"Retry-After": "1", "Content-Type": "text/plain"})
        else:
            respond(request, 200, html("Patience").encode(), {"Content-Type": "text/html"})

    site.routes["/busy"] = handle
    with fetcher(backoff=0.01) as client:
        result = client.get(site.url("/busy"))
    hits = site.hits("/busy")
    assert result.ok and len(hits) == 2
    assert hits[1].at - hits[0].at >= 0.95


def test_fetch_gives_up_after_the_retries(site: Site) -> None:
    site.page("/down", "maintenance", "text/plain", status=503)
    with fetcher(retries=2, backoff=0.01) as client:
        result = client.get(site.url("/down"))
    assert result.error is not None and result.error.code == "NG116"
    assert result.status == 503
    assert len(site.hits("/down")) == 3


def test_fetch_does_not_retry_a_404(site: Site) -> None:
    with fetcher(retries=3) as client:
        result = client.get(site.url("/missing"))
    assert result.error is not None and result.error.code == "NG116" and result.status == 404
    assert len(site.hits("/missing")) == 1


def test_fetch_caps_an_endless_body_while_streaming(site: Site) -> None:
    def endless(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.end_headers()
        try:
            while True:
                request.wfile.write(b"<p>" + b"x" * 8192 + b"</p>")
        except OSError:
            return

    site.routes["/endless"] = endless
    site.page("/declared", "x" * 5000, headers={})
    with fetcher(max_bytes=100_000, retries=0) as client:
        endless_result = client.get(site.url("/endless"))
        declared_result = client.get(site.url("/declared"))
        client.max_bytes = 1000
        declared_small = client.get(site.url("/declared"))
    assert endless_result.error is not None and endless_result.error.code == "NG111"
    assert declared_result.ok and len(declared_result.content) == 5000
    assert declared_small.error is not None and declared_small.error.code == "NG111"


def test_fetch_times_out_on_a_stalling_server(site: Site) -> None:
    def stall(request: BaseHTTPRequestHandler) -> None:
        time.sleep(2)

    def drip(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.end_headers()
        try:
            for _ in range(40):
                request.wfile.write(b"x")
                request.wfile.flush()
                time.sleep(0.05)
        except OSError:
            return

    site.routes["/stall"] = stall
    site.routes["/drip"] = drip
    site.page("/fine", html("Fine"))
    with fetcher(timeout=0.3, retries=0, total_timeout=0.5) as client:
        stalled = client.get(site.url("/stall"))
        dripped = client.get(site.url("/drip"))
        after = client.get(site.url("/fine"))
    assert stalled.error is not None and stalled.error.code == "NG115"
    assert dripped.error is not None and dripped.error.code == "NG115"
    assert after.ok


def test_fetch_obeys_robots_txt(site: Site) -> None:
    site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    site.page("/private/x.html", html("Secret"))
    site.page("/public.html", html("Open"))
    with fetcher() as client:
        blocked = client.get(site.url("/private/x.html"))
        allowed = client.get(site.url("/public.html"))
        client.get(site.url("/public.html"))
    assert blocked.error is not None and blocked.error.code == "NG110"
    assert site.hits("/private/x.html") == []
    assert allowed.ok
    assert len(site.hits("/robots.txt")) == 1  # cached per host
    with fetcher(respect_robots=False) as client:
        assert client.get(site.url("/private/x.html")).ok


@pytest.mark.parametrize(("robots_status", "allowed"), [(404, True), (403, True), (500, False)])
def test_fetch_robots_status_decides(site: Site, robots_status: int, allowed: bool) -> None:
    site.page("/robots.txt", "User-agent: *\nDisallow: /\n", "text/plain", status=robots_status)
    site.page("/p.html", html("Page"))
    with fetcher(retries=0) as client:
        result = client.get(site.url("/p.html"))
    assert result.ok is allowed
    assert (result.error is None) or result.error.code == "NG110"


def test_fetch_spaces_requests_to_one_host(site: Site) -> None:
    site.page("/p.html", html("Paced"))
    with fetcher(per_host_interval=0.2) as client:
        results = [client.get(site.url("/p.html")) for _ in range(4)]
    assert all(r.ok for r in results)
    times = [hit.at for hit in site.seen]  # robots.txt (404) then four pages
    assert len(times) == 5
    # the server sees arrivals, which jitter by a few milliseconds on a loaded machine; unpaced requests arrive
    # within a millisecond or two of each other
    assert min(b - a for a, b in pairwise(times)) >= 0.15


def test_fetch_honours_a_larger_crawl_delay(site: Site) -> None:
    site.page("/robots.txt", "User-agent: *\nCrawl-delay: 0.4\n", "text/plain")
    site.page("/p.html", html("Slow"))
    with fetcher(per_host_interval=0.01) as client:
        for _ in range(3):
            assert client.get(site.url("/p.html")).ok
    times = [hit.at for hit in site.hits("/p.html")]
    assert min(b - a for a, b in pairwise(times)) >= 0.38


def test_fetch_redirects_within_the_limit_and_refuses_loops(site: Site) -> None:
    def redirect(target: str) -> Callable[[BaseHTTPRequestHandler], None]:
        return lambda request: respond(request, 302, b"", {"Location": target})

    site.routes["/loop/a"] = redirect("/loop/b")
    site.routes["/loop/b"] = redirect("/loop/a")
    for n in range(8):
        site.routes[f"/chain/{n}"] = redirect(f"/chain/{n + 1}")
    site.page("/chain/8", html("End of chain"))
    site.routes["/short"] = redirect("/chain/6")
    with fetcher(max_redirects=5) as client:
        loop = client.get(site.url("/loop/a"))
        long_chain = client.get(site.url("/chain/0"))
        short = client.get(site.url("/short"))
    assert loop.error is not None and loop.error.code == "NG114" and "loop" in loop.error.message
    assert long_chain.error is not None and long_chain.error.code == "NG114"
    assert short.ok and short.final_url == site.url("/chain/8") and short.url == site.url("/short")


@pytest.mark.parametrize(("content_type", "accepted"), [
    ("application/pdf", False), ("image/png", False), ("video/mp4", False), ("audio/mpeg", False),
    ("text/html; charset=utf-8", True), ("application/rss+xml", True), ("application/xml", True),
    ("application/x-gzip", True), ("text/plain", True), ("", True),
])
def test_fetch_content_type_policy(content_type: str, accepted: bool) -> None:
    assert content_type_allowed(content_type) is accepted


def test_fetch_refuses_a_pdf_with_a_clear_error(site: Site) -> None:
    site.page("/report.pdf", b"%PDF-1.7 binary", "application/pdf")
    with fetcher() as client:
        result = client.get(site.url("/report.pdf"))
    assert result.error is not None and result.error.code == "NG112"
    assert "application/pdf" in result.error.message and result.content == b""


def test_fetch_refuses_private_addresses_when_asked(site: Site) -> None:
    site.page("/p.html", html("Internal"))
    with fetcher(allow_private=False) as client:
        by_ip = client.get(site.url("/p.html"))
        by_name = client.get(site.url("/p.html").replace("127.0.0.1", "localhost"))
    assert by_ip.error is not None and by_ip.error.code == "NG113"
    assert by_name.error is not None and by_name.error.code == "NG113"
    assert site.seen == []  # not even robots.txt was asked for


@pytest.mark.parametrize(("host", "public"), [
    ("10.1.2.3", False), ("192.168.0.1", False), ("169.254.169.254", False), ("::1", False),
    ("::ffff:127.0.0.1", False), ("100.64.0.1", False), ("0.0.0.0", False), ("93.184.216.34", True),
])
def test_fetch_public_address_check(host: str, public: bool) -> None:
    error = address_error(host, f"http://{host}/")
    assert (error is None) is public
    assert error is None or error.code == "NG113"


def test_fetch_connection_errors_come_back_as_results() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with fetcher(retries=1, backoff=0.01) as client:
        refused = client.get(f"http://127.0.0.1:{port}/x")
        not_web = client.get("ftp://example.org/file")
        broken = client.get("http://")
    assert refused.error is not None and refused.error.code == "NG108"
    assert not_web.error is not None and not_web.error.code == "NG108"
    assert broken.error is not None and broken.error.code.startswith("NG1")


def test_fetch_parse_retry_after() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Tue, 02 Apr 2024 10:00:00 GMT") == 0.0  # a date in the past: no wait


def test_fetch_checks_every_redirect_hop_for_private_addresses(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.errors import AddressNotAllowed
    from newsgraph.sources import fetch as fetch_module

    def only_localhost_is_private(host: str, url: str) -> AddressNotAllowed | None:
        return AddressNotAllowed(f"{url} is private") if host == "localhost" else None

    monkeypatch.setattr(fetch_module, "address_error", only_localhost_is_private)
    inner = site.url("/inner.html").replace("127.0.0.1", "localhost")
    site.routes["/hop"] = lambda request: respond(request, 302, b"", {"Location": inner})
    site.page("/inner.html", html("Inner"))
    with fetcher(allow_private=False) as client:
        result = client.get(site.url("/hop"))
    assert result.error is not None and result.error.code == "NG113"
    assert site.hits("/hop") and not site.hits("/inner.html")


def test_fetch_caps_a_compressed_body_after_decoding(site: Site) -> None:
    bomb = gzip.compress(b"<p>" + b"0" * 5_000_000)
    site.page("/bomb.html", bomb, headers={"Content-Encoding": "gzip"})
    with fetcher(max_bytes=100_000) as client:
        result = client.get(site.url("/bomb.html"))
    assert len(bomb) < 100_000
    assert result.error is not None and result.error.code == "NG111"
