"""The FastAPI application of `newsgraph serve`: API and pages over one store, read-only unless a token is set."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsgraph import __version__
from newsgraph.config import Settings
from newsgraph.errors import BodyTooLarge, NewsgraphError, RequestTimeout, TooManyRequests, WebError
from newsgraph.store import open_store
from newsgraph.web.api import router as api_router
from newsgraph.web.pages import render_error
from newsgraph.web.pages import router as pages_router
from newsgraph.web.state import MAX_BODY_BYTES, WebState

STATIC = Path(__file__).parent / "static"
REQUEST_TIMEOUT_SECONDS = 60.0
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
    for code, text in (("400", "bad request"), ("404", "not found"), ("422", "invalid parameters"))
}


def error_body(error: NewsgraphError) -> dict[str, Any]:
    return {"error": {"code": error.code, "message": error.message}}


def wants_html(path: str, accept: str) -> bool:
    """Browsers (which accept text/html) get an error page, except under /api/; scripts get the JSON body."""
    return not path.startswith("/api/") and "text/html" in accept


def _error_for(path: str, accept: str, error: NewsgraphError, status: int,
               headers: dict[str, str] | None = None) -> Response:
    if wants_html(path, accept):
        response: Response = render_error(error, status)
    else:
        response = JSONResponse(error_body(error), status_code=status)
    response.headers.update(headers or {})
    return response


def error_response(request: Request, error: NewsgraphError, status: int) -> Response:
    return _error_for(request.url.path, request.headers.get("accept", ""), error, status)


def scope_error_response(scope: Scope, error: NewsgraphError, status: int,
                         headers: dict[str, str] | None = None) -> Response:
    """The error response for a request the middleware refuses before any route (and its handlers) sees it."""
    accept = dict(scope.get("headers") or []).get(b"accept", b"").decode("latin-1")
    return _error_for(scope["path"], accept, error, status, headers)


class SecurityHeadersMiddleware:
    """Adds SECURITY_HEADERS to every response (and `cache-control: no-store` to the API's)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = scope["path"].startswith("/api/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                if api and b"cache-control" not in present:
                    extra.append((b"cache-control", b"no-store"))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


class LimitsMiddleware:
    """Refuses request bodies over `max_body` bytes and answers NG408 when a request runs over `timeout`."""

    def __init__(self, app: ASGIApp, max_body: int, timeout: float) -> None:
        self.app = app
        self.max_body = max_body
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await self._refuse(scope, receive, send, BodyTooLarge(
                f"the request body is over {self.max_body:,} bytes; send less text"), 413)
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge(f"the request body is over {self.max_body:,} bytes; send less text")
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await asyncio.wait_for(self.app(scope, limited_receive, tracking_send), self.timeout)
        except TimeoutError:
            if not started:
                await self._refuse(scope, receive, send, RequestTimeout(
                    f"the request took over {self.timeout:.0f} s; narrow the filters or ask for fewer rows"), 504)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, error: WebError, status: int) -> None:
        await scope_error_response(scope, error, status)(scope, receive, send)


class RateLimitMiddleware:
    """Per client address, a token bucket of `per_minute` requests refilled at `per_minute` a minute: NG429 beyond."""

    def __init__(self, app: ASGIApp, per_minute: int, clock: Any = time.monotonic) -> None:
        self.app = app
        self.per_minute = per_minute
        self.clock = clock
        self.buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, when)
        self.lock = threading.Lock()

    def allow(self, client: str) -> tuple[bool, float]:
        """Whether the client may go on, and else the seconds until one request is allowed again."""
        now = self.clock()
        rate = self.per_minute / 60.0
        with self.lock:
            tokens, when = self.buckets.get(client, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - when) * rate)
            if len(self.buckets) > 100_000:  # forget idle clients rather than grow without bound
                self.buckets.clear()
            if tokens < 1.0:
                self.buckets[client] = (tokens, now)
                return False, (1.0 - tokens) / rate
            self.buckets[client] = (tokens - 1.0, now)
            return True, 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.per_minute <= 0:
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        allowed, wait = self.allow(str(client))
        if allowed:
            await self.app(scope, receive, send)
            return
        error = TooManyRequests(f"more than {self.per_minute} requests a minute from {client}; retry in "
                                f"{wait:.0f} s")
        response = scope_error_response(scope, error, 429, {"retry-after": str(max(1, round(wait)))})
        await response(scope, receive, send)


def create_app(store_url: str, settings: Settings, *, token: str | None = None,
               allow_private: bool = False) -> FastAPI:
    """The web interface and HTTP API over the store at `store_url`.

    Read-only by default; `POST /api/ingest` (fetches and writes) works only with `token` set and sent as
    `Authorization: Bearer <token>`, and refuses private, loopback and link-local hosts unless `allow_private`.
    """
    store = open_store(store_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        lifespan=lifespan,
        title="newsgraph", version=__version__, docs_url=None, redoc_url=None,
        description="News as actors, events, places and stories, each fact linked to its evidence in the text.",
        responses=ERROR_RESPONSES,
    )
    app.state.web = WebState(store, settings, token or None, allow_private)
    app.add_middleware(LimitsMiddleware, max_body=MAX_BODY_BYTES, timeout=REQUEST_TIMEOUT_SECONDS)
    app.add_middleware(RateLimitMiddleware, per_minute=settings.rate_limit)
    app.add_middleware(SecurityHeadersMiddleware)

    @app.exception_handler(NewsgraphError)
    async def newsgraph_error(request: Request, error: NewsgraphError) -> Response:
        return error_response(request, error, getattr(error, "status", 400))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in error.errors())
        return error_response(request, WebError(f"invalid request ({problems}); see /openapi.json", "NG422"), 422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        code = "NG404" if error.status_code == 404 else f"NG4{error.status_code % 100:02d}"
        message = "no such page: see /openapi.json for the API" if error.status_code == 404 else str(error.detail)
        return error_response(request, WebError(message, code), error.status_code)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return HTMLResponse(status_code=204)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api_router)
    app.include_router(pages_router)
    _add_error_schema(app)
    return app


def _add_error_schema(app: FastAPI) -> None:
    """Declare the `{"error": {"code", "message"}}` body every error response has, in /openapi.json."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = original()
            schema.setdefault("components", {}).setdefault("schemas", {})["ErrorOut"] = {
                "type": "object", "required": ["error"],
                "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
                    "code": {"type": "string", "pattern": "^NG[0-9]{3}$"}, "message": {"type": "string"}}}},
            }
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
