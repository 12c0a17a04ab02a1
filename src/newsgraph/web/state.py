"""What every route of `newsgraph serve` shares: the store, the settings, the token and the pipeline, per app."""

from __future__ import annotations

import threading
from typing import Any

from fastapi import Request

from newsgraph.config import Settings
from newsgraph.store import Store

MAX_BODY_BYTES = 2_000_000


class WebState:
    """What the routes share: the store, the settings, the write token, and the analysis pipeline (lazy)."""

    def __init__(self, store: Store, settings: Settings, token: str | None, allow_private: bool) -> None:
        self.store = store
        self.settings = settings
        self.token = token
        self.allow_private = allow_private
        self._pipeline: Any = None
        self.pipeline_lock = threading.Lock()  # one analysis at a time: the model is loaded once and shared

    def pipeline(self) -> Any:
        """The analysis pipeline, loaded on first use (several seconds) so a read-only server starts fast."""
        with self.pipeline_lock:
            if self._pipeline is None:
                from newsgraph.pipeline import Pipeline

                self._pipeline = Pipeline(self.settings)
            return self._pipeline


def state(request: Request) -> WebState:
    """The app's WebState (a FastAPI dependency of every route)."""
    web: WebState = request.app.state.web  # Starlette's State holds attributes as Any
    return web
