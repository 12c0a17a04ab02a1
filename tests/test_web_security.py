"""Safety of `newsgraph serve`: scraped text escaped, headers, size limits, token and address checks on ingest."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_corpus import IMG, SCRIPT, XSS_ID, corpus_db

from newsgraph.config import Settings
from newsgraph.web.app import create_app
from newsgraph.web.state import MAX_BODY_BYTES

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "newsgraph" / "web" / "templates"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(corpus_db(), Settings()), raise_server_exceptions=False) as opened:
        yield opened


def test_web_security_scraped_markup_is_shown_as_text(client):
    html = client.get(f"/articles/{XSS_ID}").text
    assert SCRIPT not in html and IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # the only <script> elements are the page's own, loaded from /static
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js">']
    search = client.get("/search", params={"q": "onerror alert"}).text
    assert "<img src=x" not in search and "&lt;img" in search


def test_web_security_analyze_page_escapes_pasted_html(client):
    response = client.post("/analyze", data={"content": f"Talks in Paris. {SCRIPT} {IMG}", "kind": "text",
                                             "body_only": "on"})
    assert response.status_code == 200
    assert SCRIPT not in response.text and IMG not in response.text and "&lt;script&gt;" in response.text


def test_web_security_templates_never_mark_text_safe():
    for template in TEMPLATES.glob("*.html"):
        assert "|safe" not in template.read_text().replace(" ", ""), template.name


def test_web_security_headers_on_pages_and_api(client):
    for path in ("/", "/api/stats", "/does-not-exist"):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        assert headers["x-content-type-options"] == "nosniff"


def test_web_security_body_size_is_limited(client):
    big = "word " * (MAX_BODY_BYTES // 5 + 10)
    response = client.post("/api/analyze", json={"text": big})
    assert response.status_code == 413 and response.json()["error"]["code"] == "NG413"


def test_web_security_ingest_needs_a_configured_token(client):
    response = client.post("/api/ingest", json={"url": "https://example.org/"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "NG403"
    with TestClient(create_app(corpus_db(), Settings(), token="s3cret"), raise_server_exceptions=False) as guarded:
        for header in ({}, {"authorization": "Bearer wrong"}):
            refused = guarded.post("/api/ingest", json={"url": "https://example.org/"}, headers=header)
            assert refused.status_code == 403 and refused.json()["error"]["code"] == "NG403"


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/", "http://localhost/", "http://10.0.0.8/a", "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/", "http://192.168.1.1/", "file:///etc/passwd", "gopher://example.org/",
])
def test_web_security_ingest_refuses_private_addresses(url):
    with TestClient(create_app(corpus_db(), Settings(), token="s3cret"), raise_server_exceptions=False) as guarded:
        response = guarded.post("/api/ingest", json={"url": url}, headers={"authorization": "Bearer s3cret"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "NG422"


class _Page(http.server.BaseHTTPRequestHandler):
    BODY = (b"<html><head><title>Local talks</title></head><body><article><h1>Local talks</h1>"
            b"<p>Foreign ministers of Chile and Peru met in Lima on Monday to discuss fishing rights.</p>"
            b"<p>The two governments agreed to meet again next month, officials said.</p></article></body></html>")

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("content-type", "text/html; charset=utf-8")
        self.send_header("content-length", str(len(self.BODY)))
        self.end_headers()
        self.wfile.write(self.BODY)

    def log_message(self, *args: object) -> None:
        pass


def test_web_security_ingest_with_token_and_allowed_private_stores_the_page(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/news/talks.html"
    try:
        app = create_app(f"sqlite:///{tmp_path / 'ingest.db'}", Settings(), token="s3cret", allow_private=True)
        with TestClient(app, raise_server_exceptions=False) as client:
            response = client.post("/api/ingest", json={"url": url}, headers={"authorization": "Bearer s3cret"})
            assert response.status_code == 200, response.text
            assert response.json()["stored"] == 1
            hits = client.get("/api/search", params={"q": "fishing rights"}).json()["items"]
            assert [hit["url"] for hit in hits] == [url]
    finally:
        server.shutdown()


def test_web_security_only_http_links_to_the_original():
    from newsgraph.web.pages import TEMPLATES, _article_context

    record = {"id": "x", "text": "Body.", "title": "T", "url": "javascript:alert(1)", "published": None,
              "entities": [], "places": [], "times": [], "quotes": [], "events": [], "removed": [], "authors": []}
    html = TEMPLATES.get_template("article.html").render(title="T", stored=False, **_article_context(record, {}))
    assert "javascript:" not in html
    record["url"] = "https://example.org/a?b=1&c=<2>"
    html = TEMPLATES.get_template("article.html").render(title="T", stored=False, **_article_context(record, {}))
    assert 'href="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in html


def test_web_security_slow_requests_time_out():
    import asyncio

    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from newsgraph.web.app import LimitsMiddleware

    async def slow(request):
        await asyncio.sleep(5)
        return PlainTextResponse("late")

    app = LimitsMiddleware(Starlette(routes=[Route("/slow", slow)]), max_body=10, timeout=0.2)
    with TestClient(app) as client:
        response = client.get("/slow")
        assert response.status_code == 504 and response.json()["error"]["code"] == "NG408"
        refused = client.post("/slow", content=b"x" * 11)
        assert refused.status_code == 413 and refused.json()["error"]["code"] == "NG413"
