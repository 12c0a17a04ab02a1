"""Keep polling feeds and sitemaps; ingest what is new. Several workers share one job table without duplicates."""

from __future__ import annotations

import os
import socket
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsgraph.config import Settings
from newsgraph.errors import MalformedSource, UnknownWatchSource, UnsupportedScheme
from newsgraph.ingest import Ingester
from newsgraph.sources.fetch import Fetcher, FetchResult
from newsgraph.sources.files import scheme_message
from newsgraph.sources.sniff import gunzip, is_gzip, sniff_source
from newsgraph.sources.urls import is_web_url, unsupported_scheme
from newsgraph.store import Store

POLL_JOB = "poll"


@dataclass
class WatchReport:
    """What a watch worker did: polls made, articles stored, polls that failed."""

    polls: int = 0
    stored: int = 0
    failures: int = 0
    intervals: dict[str, float] = field(default_factory=dict)


def now_utc() -> datetime:
    return datetime.now(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def watched_sources(store: Store) -> list[dict[str, Any]]:
    """The watched sources: url, kind, polled_at, due_at, stored (articles), last_error; soonest due first."""
    return store.watched_sources(POLL_JOB)


def unwatch(store: Store, source: str) -> None:
    """Stop watching a source (its stored articles stay)."""
    if not store.remove_job(POLL_JOB, source):
        raise UnknownWatchSource(f"{source} is not on the watch list: give it exactly as "
                                 "`newsgraph watch --list` shows it")


def _kind_of(content: bytes) -> str | None:
    try:
        data = gunzip(content, 1 << 20, "source", broken=MalformedSource) if is_gzip(content) else content
    except MalformedSource:
        return None
    kind = sniff_source(data[:65536])
    return "page" if kind == "html" else kind


def _local_kind(source: str) -> str | None:
    """The kind of a watched local file (feeds and sitemaps may be files); None for a URL, seen when fetched."""
    path = Path(source)
    if is_web_url(source) or not path.is_file():
        return None
    with open(path, "rb") as handle:
        return _kind_of(handle.read(65536))


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Watcher:
    """Claims due sources from the store's job table, ingests them, and schedules the next poll.

    Each source keeps its own interval: halved (down to `min_interval`) when a poll brings something new,
    doubled (up to `max_interval`) when it brings nothing, so busy feeds are polled often and quiet ones rarely.
    """

    def __init__(self, store: Store, settings: Settings, *, interval: float = 900.0, min_interval: float = 60.0,
                 max_interval: float = 6 * 3600.0, worker: str | None = None,
                 clock: Callable[[], datetime] = now_utc, fetcher: Fetcher | None = None) -> None:
        self.store = store
        self.ingester = Ingester(store, settings, fetcher=fetcher, on_fetch=self._fetched)
        self.interval = interval
        self.min_interval = min(min_interval, interval)
        self.max_interval = max(max_interval, interval)
        self.worker = worker or worker_name()
        self.clock = clock
        self.report = WatchReport()
        # releases the store refused (it went away mid-poll): retried first, else the job stays leased for long
        self._unreleased: list[tuple[int, str, str | None]] = []
        self._polling: str | None = None  # the source being polled, and its kind once its fetch has shown it
        self._kind: str | None = None

    def schedule(self, sources: Iterable[str]) -> None:
        """Register sources; one already scheduled (by any worker) keeps its schedule."""
        now = _iso(self.clock())
        sources = list(sources)
        for source in sources:  # all checked first: a refused source schedules none of them
            if scheme := unsupported_scheme(source):
                raise UnsupportedScheme(scheme_message(source, scheme, "source"))
        for source in sources:
            self.store.enqueue_job(POLL_JOB, source, now)
            self.store.add_source(source)


    def poll_due(self) -> int:
        """Poll every source that is due now; returns how many were polled."""
        while self._unreleased:
            job_id, due, error = self._unreleased[0]
            self.store.finish_job(job_id, due, error)
            self._unreleased.pop(0)
        polled = 0
        while jobs := self.store.claim_jobs(self.worker, 1, _iso(self.clock())):
            for job in jobs:
                self._poll(job.id, job.key)
                polled += 1
        return polled

    def _poll(self, job_id: int, source: str) -> None:
        before = self.ingester.report.stored + self.ingester.report.reanalyzed
        interval = self.report.intervals.get(source, self.interval)
        self.report.polls += 1
        self._polling, self._kind = source, _local_kind(source)
        try:
            self.ingester.run([source])
        except Exception as exc:  # noqa: BLE001 (one broken source must not stop the others)
            self.report.failures += 1
            print(f"newsgraph watch: polling {source} failed ({type(exc).__name__}: {exc}); retrying later",
                  file=sys.stderr)
            self._finish(job_id, min(interval, 300.0), f"{type(exc).__name__}: {exc}")
            self.store.record_poll(source, self._kind, _iso(self.clock()), 0, round(interval))
            return
        new = self.ingester.report.stored + self.ingester.report.reanalyzed - before
        self.report.stored += new
        interval = max(self.min_interval, interval / 2) if new else min(self.max_interval, interval * 2)
        self.report.intervals[source] = interval
        self._finish(job_id, interval, None)
        self.store.record_poll(source, self._kind, _iso(self.clock()), new, round(interval))

    def _fetched(self, result: FetchResult) -> None:
        """The first fetch of the polled source shows its kind (a 304 shows nothing: the kind stays as recorded)."""
        if result.url == self._polling and result.ok:
            self._kind = _kind_of(result.content)

    def _finish(self, job_id: int, interval: float, error: str | None) -> None:
        due = _iso(self.clock() + timedelta(seconds=interval))
        try:
            self.store.finish_job(job_id, due, error)
        except Exception:
            self._unreleased.append((job_id, due, error))
            raise

    def run(self, stop: threading.Event, *, once: bool = False, idle_sleep: float = 5.0) -> WatchReport:
        """Poll until `stop` is set (Ctrl-C in the CLI); with `once`, poll what is due and return."""
        while not stop.is_set():
            try:
                polled = self.poll_due()
            except Exception as exc:  # noqa: BLE001 (the database may be restarting: wait and reconnect)
                print(f"newsgraph watch: store unavailable ({type(exc).__name__}: {exc}); retrying in "
                      f"{idle_sleep:.0f} s", file=sys.stderr)
                polled = 0
            if once:
                break
            if not polled:
                stop.wait(idle_sleep)
        return self.report
