"""What `ingest` and `watch` tell people: a progress line, one wording for the counts, the watch list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

# Ingester outcomes, in the order and the words the progress line and the final line both use.
OUTCOMES = {"stored": "stored", "reanalyzed": "re-analyzed", "skipped": "already stored", "failed": "failed"}


def plain_console(*, stderr: bool = False) -> Console:
    """Rich output that is never wrapped mid-sentence: a terminal wraps long lines itself, a pipe or file keeps them."""
    return Console(stderr=stderr, soft_wrap=True)


def outcome_counts(stored: int, reanalyzed: int, skipped: int, failed: int) -> str:
    """'2 stored, 0 re-analyzed, 1 already stored, 0 failed': the same words while running and at the end."""
    counts = dict(zip(OUTCOMES, (stored, reanalyzed, skipped, failed), strict=True))
    return ", ".join(f"{counts[key]} {label}" for key, label in OUTCOMES.items())


class IngestProgress:
    """On a terminal, a live line: which source of how many is being read, and the counts so far.

    Off a terminal (a pipe, a log file) it shows nothing at all: no frames, no blank line.
    """

    def __init__(self, console: Console) -> None:
        self.counts = dict.fromkeys(OUTCOMES, 0)
        self.source = ""
        self.index = self.total = 0
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal)
        self.task = self.progress.add_task(self.describe(), total=None)

    def __enter__(self) -> IngestProgress:
        self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.progress.stop()

    def on_source(self, index: int, total: int, source: str) -> None:
        self.index, self.total, self.source = index or self.index, total, source
        self.progress.update(self.task, total=total, completed=max(self.index - 1, 0), description=self.describe())

    def on_document(self, doc_id: str, outcome: str) -> None:
        self.counts[outcome] += 1
        self.progress.update(self.task, description=self.describe())

    def describe(self) -> str:
        if self.source:
            where = f"source {self.index} of {self.total}: {escape(self.source)}; "
        else:
            where = f"{self.total} sources; " if self.total else ""
        return f"ingesting {where}{outcome_counts(*self.counts.values())}"


def until(moment: str, now: datetime) -> str:
    """'2026-12-06 00:30 UTC (in 14 min)' for a stored ISO time."""
    when = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    seconds = int((when - now).total_seconds())
    if seconds <= 0:
        relative = "due now"
    elif seconds < 60:
        relative = f"in {seconds} s"
    elif seconds < 3600:
        relative = f"in {seconds // 60} min"
    else:
        relative = f"in {seconds // 3600} h {seconds % 3600 // 60} min"
    return f"{when:%Y-%m-%d %H:%M} UTC ({relative})"


def next_due(sources: Sequence[dict[str, Any]], now: datetime) -> str:
    """When the next watched source is due, or how to add one when none is watched."""
    if not sources:
        return "no sources are watched: add one with `newsgraph watch FEED_OR_SITEMAP_URL`"
    first = min(sources, key=lambda row: row["due_at"])
    return f"next poll: {first['url']} at {until(first['due_at'], now)}"


def print_watch_list(sources: Sequence[dict[str, Any]], now: datetime, console: Console) -> None:
    """One row per watched source: kind, last poll, next due, articles stored; a table on a terminal, TSV otherwise."""
    header = ("source", "kind", "last poll", "next due", "articles stored")
    rows = [(row["url"], row["kind"] or "-", _moment(row["polled_at"]), until(row["due_at"], now), str(row["stored"]))
            for row in sources]
    if console.is_terminal:
        table = Table(*header)
        for row in rows:
            table.add_row(*(escape(cell) for cell in row))
        console.print(table)
        console.print(f"{len(rows)} watched source{'' if len(rows) == 1 else 's'}", highlight=False)
    else:
        for row in (header, *rows):  # tab-separated, for scripts (rich would expand the tabs)
            console.file.write("\t".join(row) + "\n")


def _moment(value: str | None) -> str:
    return "never" if value is None else f"{datetime.fromisoformat(value.replace('Z', '+00:00')):%Y-%m-%d %H:%M} UTC"
