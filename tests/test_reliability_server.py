"""`newsgraph serve` under attack: query injection everywhere, path traversal, XSS in every scraped field, SSRF
in every form, and the per-client rate limit. A real uvicorn server answers the raw (unnormalized) requests.

Already covered elsewhere: schemathesis over /openapi.json (tests/test_web_api.py), an XSS article, body size,
the ingest token and plain private addresses (tests/test_web_security.py).
"""

from __future__ import annotations

import copy
import http.server
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import uvicorn
from fastapi.testclient import TestClient
from web_corpus import XSS_ID, corpus_db

import newsgraph.sources.fetch as fetch_module
from newsgraph.config import Settings
from newsgraph.store import StoryLink, open_store
from newsgraph.web.app import RateLimitMiddleware, create_app

INJECTIONS = (
    "' OR '1'='1", "' OR 1=1 --", '"; DROP TABLE articles; --', "x' UNION SELECT sql, 1, 1 FROM sqlite_master --",
    "1; DELETE FROM articles", "'; SELECT pg_sleep(3); --", "NEAR(minister talks)", "a OR b", "*", "minist*",
    '"unbalanced', "title:Probe", "^start", "a AND NOT b", "a & b | !c", "a <-> b", "%", "_", "\\", "\x00",
    "((((", ")", "-x", "\U0001f600", "' || (SELECT 1) || '", "$1", "?", "{}", "[0]", "..", "1e999", "-1",
    "9" * 40, "NULL",
)
XSS = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def app_url() -> str:
    return corpus_db()


@pytest.fixture(scope="module")
def client(app_url: str) -> Iterator[TestClient]:
    settings = Settings(rate_limit=0)
    with TestClient(create_app(app_url, settings), raise_server_exceptions=False) as opened:
        yield opened


def _string_params(schema: dict[str, Any]) -> list[tuple[str, str, list[str], list[str]]]:
    """(path, method, query parameters taking strings, path parameters) of every GET operation of the API."""
    found = []
    for path, methods in schema["paths"].items():
        operation = methods.get("get")
        if operation is None:
            continue
        query, in_path = [], []
        for parameter in operation.get("parameters", []):
            kinds = {parameter["schema"].get("type")} | {s.get("type") for s in parameter["schema"].get("anyOf", [])}
            if parameter["in"] == "path":
                in_path.append(parameter["name"])
            elif parameter["in"] == "query" and ("string" in kinds or "integer" in kinds):
                query.append(parameter["name"])
        found.append((path, "get", query, in_path))
    return found


PAGE_PARAMS = {"/search": ["q", "from", "to", "site", "entity", "country", "event_type", "place", "cursor"],
               "/events": ["type", "actor", "country", "place", "from", "to", "story", "cursor"]}


def test_reliability_server_injection_through_every_parameter(client: TestClient, app_url: str):
    with open_store(app_url) as store:
        before = store.stats()
    sent = 0
    failures = []
    operations = _string_params(client.get("/openapi.json").json())
    assert len(operations) >= 15
    for path, _, query, in_path in operations:
        for payload in INJECTIONS:
            url = path
            for name in in_path:
                url = url.replace("{" + name + "}", quote(payload, safe=""))
            targets = [(url, {name: payload}) for name in query] + ([(url, {})] if in_path else [])
            for target, params in targets:
                response = client.get(target, params=params)
                sent += 1
                if response.status_code >= 500 or (response.status_code >= 400
                                                    and not response.json()["error"]["code"].startswith("NG4")):
                    failures.append((target, params, response.status_code))
    for path, names in PAGE_PARAMS.items():
        for name in names:
            for payload in INJECTIONS:
                response = client.get(path, params={name: payload}, headers={"accept": "text/html"})
                sent += 1
                if response.status_code >= 500:
                    failures.append((path, name, response.status_code))
    assert failures == []
    assert sent > 1000
    with open_store(app_url) as store:
        assert store.stats() == before and store.integrity_check() == [], "the tables are intact"
        hits = client.get("/api/search", params={"q": "' OR '1'='1"}).json()["items"]
        assert len(hits) < before["articles"], "an injected condition does not match every article"


def test_reliability_server_cli_search_injection(app_url: str, capsys: pytest.CaptureFixture[str]):
    from newsgraph.cli import main

    options = ("--site", "--entity", "--country", "--place", "--from", "--to")
    with open_store(app_url) as store:
        before = store.stats()
    runs = 0
    for payload in INJECTIONS:
        for option in (None, *options):
            args = [payload] if option is None else ["", option, payload]
            try:
                code = main(["search", *args, "--db", app_url])  # a crash raises here
            except SystemExit as exit_:  # argparse: a payload like "-x" reads as an option, a usage error
                code = exit_.code
            assert code in (0, 1, 2), (option, payload)
            runs += 1
    capsys.readouterr()
    assert runs == len(INJECTIONS) * 7
    with open_store(app_url) as store:
        assert store.stats() == before and store.integrity_check() == []


# ----- a real server for raw requests ------------------------------------------------------------------------

class _Server:
    def __init__(self, app: Any) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="error", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> _Server:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)

    def raw(self, target: str) -> tuple[int, bytes]:
        """GET with the request target exactly as given (no client-side normalization of `..`)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=30) as connection:
            connection.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := connection.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return int(head.split()[1]), body


TRAVERSALS = (
    "/static/../app.py", "/static/../../web/app.py", "/static/%2e%2e/app.py", "/static/%2e%2e/%2e%2e/config.py",
    "/static/..%2fapp.py", "/static/..%2f..%2fconfig.py", "/static/..%5capp.py", "/static/%252e%252e/app.py",
    "/static/....//app.py", "/static/..;/app.py", "/static//etc/passwd", "/static/%2fetc%2fpasswd",
    "/static/../../../../../../etc/passwd", "/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/static/app.js%00.png", "/api/articles/..%2f..%2fetc%2fpasswd", "/articles/../../etc/passwd",
    "/api/stories/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/places/..%2f..%2f..%2fetc%2fpasswd",
)


def test_reliability_server_path_traversal_is_refused(app_url: str):
    with _Server(create_app(app_url, Settings(rate_limit=0))) as server:
        status, body = server.raw("/static/app.js")
        assert status == 200 and body, "the probe reaches real static files"
        for target in TRAVERSALS:
            status, body = server.raw(target)
            assert status in (400, 404, 422), (target, status)
            assert b"root:x:0" not in body and b"def create_app" not in body and b"class Settings" not in body


# ----- XSS through every field that holds scraped text ------------------------------------------------------

def _poisoned(record: dict[str, Any]) -> dict[str, Any]:
    """The record with a payload in every scraped field (offsets kept: only names and metadata change)."""
    bad = copy.deepcopy(record)
    bad["id"] = "poisoned"
    bad["title"] = f"T {XSS}"
    bad["summary"] = f"S {IMG}"
    bad["site_name"] = f"Site {XSS}"
    bad["authors"] = [f"Author {IMG}"]
    bad["url"] = "javascript:alert(1)"
    bad["text"] = "\n\n".join(p for p in (bad["title"], bad["summary"], bad["body"]) if p)
    shift = len(bad["text"]) - len(record["text"])
    for kind in ("entities", "places", "times", "quotes", "events"):
        for item in bad[kind]:
            _shift(item, shift)
    for entity in bad["entities"]:
        entity["name"] = f"{entity['name']} {XSS}"
        entity["aliases"] = [f"{a} {IMG}" for a in entity["aliases"]] + [IMG]
        for role in entity["roles"]:
            role["title"] = f"{role.get('title')} {XSS}"
    for place in bad["places"]:
        place["name"] = f"{place['name']} {IMG}"
    for part in bad["parts"]:
        _shift(part, shift)
    return bad


def _shift(item: Any, by: int) -> None:
    if isinstance(item, dict):
        if isinstance(item.get("start"), int) and isinstance(item.get("end"), int):
            item["start"] += by
            item["end"] += by
        for value in item.values():
            _shift(value, by)
    elif isinstance(item, list):
        for value in item:
            _shift(value, by)


def test_reliability_server_xss_through_every_scraped_field(tmp_path: Path, app_url: str):
    with open_store(app_url) as source:
        record = source.get_article(XSS_ID)
    assert record is not None and record["entities"] and record["quotes"]
    bad = _poisoned(record)
    bad["parts"] = [p for p in bad["parts"] if p["kind"] not in ("title", "summary")]
    url = f"sqlite:///{tmp_path / 'xss.db'}"
    with open_store(url) as store:
        store.save_article(bad, content_hash="x", url=None, canonical_url=None, source="test",
                           pipeline_version="test", story=StoryLink(f"s-{XSS}", None, "{}"))
    with TestClient(create_app(url, Settings(rate_limit=0)), raise_server_exceptions=False) as client:
        pages = ["/", "/articles/poisoned", "/events", f"/search?q={quote('Probe')}", "/search?q=alert",
                 f"/stories/{quote('s-' + XSS, safe='')}"]
        entities = client.get("/api/entities", params={"limit": 200}).json()["items"]
        places = client.get("/api/places", params={"limit": 200}).json()["items"]
        pages += [f"/entities/{e['id']}" for e in entities]
        pages += [f"/places/{quote(str(p.get('id') or p.get('place_id') or p.get('name')), safe='')}" for p in places]
        events = client.get("/api/events", params={"limit": 5}).json()["items"]
        pages += [f"/events/{e['article_id']}/{e['event_id']}" for e in events]
        checked = 0
        for page in pages:
            response = client.get(page, headers={"accept": "text/html"})
            assert response.status_code < 500, page
            html = response.text
            assert XSS not in html and IMG not in html, page
            at = html.lower().find('href="javascript:')
            assert at < 0, (page, html[at - 300:][:400])
            checked += 1
        assert checked >= 8


# ----- SSRF through every input that takes a URL -------------------------------------------------------------

BLOCKED = (
    "http://2130706433/", "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://127.1/", "http://0/",
    "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/", "http://[0:0:0:0:0:ffff:7f00:1]/", "http://[::]/",
    "http://[fe80::1]/", "http://[fc00::1]/", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/",
    "http://192.0.0.1/", "http://198.18.0.1/", "http://224.0.0.1/", "http://255.255.255.255/",
    "http://user@127.0.0.1/", "http://127.0.0.1:8000@example.org@127.0.0.1/", "HTTP://LOCALHOST/",
    "http://localhost./", "http://rebind.test/", "http://evil-local.test:8080/x",
    "ftp://example.org/", "javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "http:///nohost",
)
FAKE_DNS = {"rebind.test": "127.0.0.1", "evil-local.test": "10.1.2.3", "public.test": "93.184.216.34"}


@pytest.fixture
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names of FAKE_DNS resolve to their address; `public.test` is public to the check but reaches 127.0.0.1."""
    real = socket.getaddrinfo

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        address = FAKE_DNS.get(str(host).rstrip("."))
        return real(address if address else host, *args, **kwargs)

    def connect(host: Any, *args: Any, **kwargs: Any) -> Any:
        return real("127.0.0.1" if str(host) == "public.test" else host, *args, **kwargs)

    class _CheckSocket:
        getaddrinfo = staticmethod(resolve)
        SOCK_STREAM = socket.SOCK_STREAM
        gaierror = socket.gaierror

    monkeypatch.setattr(socket, "getaddrinfo", lambda h, *a, **k: connect(h, *a, **k) if str(h) == "public.test"
                        else resolve(h, *a, **k))
    monkeypatch.setattr(fetch_module, "socket", _CheckSocket)


class _Redirector(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        if self.path == "/robots.txt":
            self.send_response(404)
        else:
            self.send_response(302)
            self.send_header("location", f"http://127.0.0.1:{self.server.server_address[1]}/secret")
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_reliability_server_ssrf_every_form_is_refused(fake_dns: None, tmp_path: Path):
    app = create_app(f"sqlite:///{tmp_path / 'ssrf.db'}", Settings(rate_limit=0), token="t0k")
    headers = {"authorization": "Bearer t0k"}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Redirector.hits = []
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            for url in BLOCKED:
                response = client.post("/api/ingest", json={"url": url}, headers=headers)
                assert response.status_code == 422 and response.json()["error"]["code"] == "NG422", (url, response.text)
                analyzed = client.post("/api/analyze", json={"html": "<p>x</p>", "url": url})
                assert analyzed.status_code < 500
            redirect = f"http://public.test:{server.server_address[1]}/go"
            response = client.post("/api/ingest", json={"url": redirect}, headers=headers)
            assert response.status_code < 500, response.text
            body = response.json()
            assert body.get("stored", 0) == 0 and any(e["code"] == "NG113" for e in body.get("errors", [])), body
    finally:
        server.shutdown()
    assert "/secret" not in _Redirector.hits, "a redirect into a private address is never followed"


# ----- rate limit ------------------------------------------------------------------------------------------

def test_reliability_server_rate_limit_per_client(app_url: str):
    with TestClient(create_app(app_url, Settings(rate_limit=30)), raise_server_exceptions=False) as client:
        codes = [client.get("/api/stats").status_code for _ in range(40)]
        assert codes[:30] == [200] * 30
        refused = client.get("/api/stats")
        assert refused.status_code == 429 and refused.json()["error"]["code"] == "NG429"
        assert int(refused.headers["retry-after"]) >= 1
        assert "content-security-policy" in refused.headers
    now = [0.0]
    limiter = RateLimitMiddleware(lambda *a: None, per_minute=60, clock=lambda: now[0])  # type: ignore[arg-type]
    assert all(limiter.allow("a")[0] for _ in range(60)) and not limiter.allow("a")[0]
    assert limiter.allow("b")[0], "each client has its own bucket"
    now[0] += 1.0
    assert limiter.allow("a")[0] and not limiter.allow("a")[0], "one request a second comes back"


def test_reliability_server_default_settings_keep_a_limit():
    assert 0 < Settings().rate_limit <= 10_000
    assert json.dumps(Settings.help()["rate_limit"])
