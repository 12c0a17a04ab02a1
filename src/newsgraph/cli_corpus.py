"""The corpus commands (ingest, watch, search, export, cluster): argument parsing and output only."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from newsgraph.analyze.plover import EVENT_TYPES
from newsgraph.config import Settings
from newsgraph.errors import UsageError
from newsgraph.kinds import FACT_NAMES

if TYPE_CHECKING:  # imported lazily at run time to keep analyze fast
    from newsgraph.store import Store

EXPORT_KINDS = ("articles", *FACT_NAMES, "stories")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                 settings_options: Callable[[argparse.ArgumentParser], None]) -> None:
    """Declare the corpus commands on the main parser."""
    ingest = commands.add_parser("ingest", help="fetch, analyze and store documents (idempotent)")
    ingest.add_argument("sources", nargs="+", metavar="SOURCE",
                        help="file, folder, .jsonl[.gz], .warc[.gz], feed, sitemap, OPML or page URL")
    ingest.add_argument("--reanalyze", action="store_true",
                        help="re-analyze stored documents made by another pipeline version")
    ingest.add_argument("--quiet", action="store_true", help="no progress display, only the final line")
    ingest.add_argument("--summary", action="store_true",
                        help="print a readable summary of each article the sources hold, as stored")
    settings_options(ingest)

    watch = commands.add_parser("watch", help="keep polling feeds and sitemaps; ingest what is new")
    watch.add_argument("sources", nargs="*", metavar="SOURCE", help="feeds or sitemaps to add to the watch list")
    watch.add_argument("--interval", type=float, default=900.0, help="first polling interval per source, seconds")
    watch.add_argument("--once", action="store_true", help="poll what is due once, then exit (for cron)")
    watch.add_argument("--quiet", action="store_true", help="print only failures")
    watch.add_argument("--list", action="store_true",
                       help="list the watched sources (kind, last poll, next due, articles stored) and exit")
    watch.add_argument("--remove", action="append", metavar="URL",
                       help="stop watching this source, exactly as --list shows it (repeatable); articles stay")
    settings_options(watch)

    search = commands.add_parser("search", help="full-text and structured search over the store")
    search.add_argument("query", nargs="?", default="", help='words, "a phrase" (may be empty with filters)')
    search.add_argument("--from", dest="date_from", metavar="DATE", help="published on or after this ISO date")
    search.add_argument("--to", dest="date_to", metavar="DATE", help="published on or before this ISO date")
    search.add_argument("--site", help="site name")
    search.add_argument("--entity", help="an entity's name or alias")
    search.add_argument("--country", help="actor country (ISO alpha-3) or place country (alpha-2)")
    search.add_argument("--event-type", choices=EVENT_TYPES, help="PLOVER event type")
    search.add_argument("--place", help="place name or GeoNames id")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--offset", type=int, default=0)
    search.add_argument("--json", action="store_true", help="JSON Lines, one hit per line")
    settings_options(search)

    export = commands.add_parser("export", help="export stored rows as JSON Lines, CSV or Parquet")
    export.add_argument("kind", choices=EXPORT_KINDS)
    export.add_argument("--format", choices=["jsonl", "csv", "parquet"], default="jsonl")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    settings_options(export)

    batch = commands.add_parser("batch", help="analyze a large corpus on Apache Spark, writing Parquet per kind")
    batch.add_argument("input", metavar="INPUT",
                       help="folder, file or glob of .warc[.gz], .jsonl[.gz], .html, .txt (any Spark file system URI)")
    batch.add_argument("output", metavar="OUTPUT", help="folder to write: one Parquet dataset per kind")
    batch.add_argument("--master", default="local[*]", help="Spark master: local[*], local[N], spark://host:7077, yarn")
    batch.add_argument("--partitions", type=int,
                       help="document partitions when there are fewer input files (default: 8 per core)")
    settings_options(batch)

    cluster = commands.add_parser("cluster", help="group documents into stories (prints id and story per document)")
    cluster.add_argument("inputs", nargs="*", metavar="INPUT", help="file, folder, URL or - (default: stdin)")
    cluster.add_argument("--format", choices=["auto", "html", "text", "jsonl"], default="auto")
    settings_options(cluster)


def _open(args: argparse.Namespace, *, create: bool = False) -> Store:
    """The store of --db; only the commands that write (`ingest`, `watch`) may create a missing SQLite file."""
    from newsgraph.store import open_store

    return open_store(args.db, create=create)


def run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from newsgraph.ingest import ingest_sources as ingest  # a batch OUTPUT folder is loaded, not analyzed
    from newsgraph.ingest_display import IngestProgress, outcome_counts, plain_console

    console = plain_console(stderr=True)
    touched: list[str] = []
    with _open(args, create=True) as store:
        if args.quiet:
            report = ingest(args.sources, store, settings, reanalyze=args.reanalyze,
                            on_document=lambda doc_id, outcome: touched.append(doc_id))
        else:
            with IngestProgress(console) as progress:
                def tick(doc_id: str, outcome: str) -> None:
                    touched.append(doc_id)
                    progress.on_document(doc_id, outcome)

                report = ingest(args.sources, store, settings, reanalyze=args.reanalyze, on_document=tick,
                                on_source=progress.on_source)
        if args.summary:
            from newsgraph.report import print_summary

            print_summary((r for r in (store.get_article(i) for i in dict.fromkeys(touched)) if r is not None),
                          plain_console())
        for doc_id, code, message in report.errors[:20]:
            console.print(f"[red]{escape(doc_id)}[/]: error {code}: {escape(message)}")
        stats = store.stats()
    counts = outcome_counts(report.stored, report.reanalyzed, report.skipped, report.failed)
    print(f"newsgraph ingest: {counts}; {report.duplicates} near-duplicates linked; the store now holds "
          f"{stats.get('articles', 0)} articles in {stats.get('stories', 0)} stories, "
          f"{stats.get('events', 0)} events ({stats.get('canonical_events', 0)} canonical)", file=sys.stderr)
    return 1 if report.failed else 0


def run_watch(args: argparse.Namespace, settings: Settings) -> int:
    from newsgraph.ingest_display import next_due, plain_console, print_watch_list
    from newsgraph.watch import Watcher, now_utc, unwatch, watched_sources

    if (args.list or args.remove) and args.sources:
        raise UsageError("--list and --remove take no SOURCE: give sources to add in a command of their own")
    if args.list or args.remove:
        with _open(args) as store:
            for source in args.remove or []:
                unwatch(store, source)
                print(f"newsgraph watch: {source} is no longer watched (its stored articles stay)", file=sys.stderr)
            if args.list:
                print_watch_list(watched_sources(store), now_utc(), plain_console())
        return 0
    stop = threading.Event()
    with _open(args, create=True) as store:
        watcher = Watcher(store, settings, interval=args.interval)
        watcher.schedule(args.sources)
        if not args.quiet:
            what = "the sources that are due, once" if args.once else "until Ctrl-C"
            print(f"newsgraph watch: worker {watcher.worker} polling {what}", file=sys.stderr)
        try:
            report = watcher.run(stop, once=args.once)
        except KeyboardInterrupt:
            stop.set()
            report = watcher.report
        upcoming = next_due(watched_sources(store), now_utc())
    print(f"newsgraph watch: {report.polls} polls, {report.stored} articles stored, {report.failures} failed polls; "
          f"{upcoming}", file=sys.stderr)
    return 0


def run_search(args: argparse.Namespace, settings: Settings) -> int:
    from newsgraph.store import SearchQuery

    query = SearchQuery(text=args.query, date_from=args.date_from, date_to=args.date_to, site=args.site,
                        entity=args.entity, country=args.country, event_type=args.event_type, place=args.place,
                        limit=args.limit, offset=args.offset)
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    with _open(args) as store:
        hits = store.search(query)
    if args.json:
        for hit in hits:
            print(json.dumps({"id": hit.article_id, "title": hit.title, "url": hit.url, "site_name": hit.site_name,
                              "published": hit.published, "score": hit.score,
                              "snippet": "".join(text for text, _ in hit.snippet),
                              "highlights": [text for text, marked in hit.snippet if marked]}, ensure_ascii=False))
        return 0
    console = Console()
    table = Table("#", "published", "site", "title / snippet", "id", show_lines=True)
    for rank, hit in enumerate(hits, start=args.offset + 1):
        snippet = "".join(f"[bold yellow]{escape(t)}[/]" if marked else escape(t) for t, marked in hit.snippet)
        table.add_row(str(rank), hit.published or "-", escape(hit.site_name or "-"),
                      f"[bold]{escape(hit.title or '(untitled)')}[/]\n{snippet}", hit.article_id)
    console.print(table)
    console.print(f"{len(hits)} results")
    return 0


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    from newsgraph.store.export import export_rows

    out: BinaryIO = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115
    try:
        with _open(args) as store:
            count = export_rows(store, args.kind, args.format, out)
    finally:
        if args.output:
            out.close()
    print(f"newsgraph export: {count} {args.kind} rows", file=sys.stderr)
    return 0


def run_batch(args: argparse.Namespace, settings: Settings) -> int:
    from newsgraph.batch.spark import run_batch as batch

    report = batch(args.input, args.output, settings, master=args.master, partitions=args.partitions)
    print(f"newsgraph batch: {report.documents} documents from {report.files} files in {report.seconds:.1f} s "
          f"({report.documents / max(report.seconds, 1e-9):.2f} documents/s): {report.articles} articles, "
          f"{report.errors} errors; rows: " + ", ".join(f"{v} {k}" for k, v in report.rows.items())
          + "; seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in report.phases.items()), file=sys.stderr)
    return 1 if report.errors else 0


def run_cluster(args: argparse.Namespace, settings: Settings) -> int:
    from newsgraph.pipeline import analyze_parallel
    from newsgraph.sources.files import iter_documents
    from newsgraph.stories.cluster import cluster_records

    documents = iter_documents(args.inputs or ["-"], args.format, settings.max_bytes)
    ids: list[str] = []
    failed = False

    def records() -> Iterator[dict[str, Any]]:
        """Only ids are kept here: the clusterer keeps each record's compact features, not the record."""
        nonlocal failed
        for record in analyze_parallel(documents, settings):
            ids.append(record["id"])
            failed = failed or "error" in record
            yield record

    for doc_id, story in zip(ids, cluster_records(records()), strict=True):
        print(json.dumps({"id": doc_id, "story": story}, ensure_ascii=False))
    return 1 if failed else 0


RUNNERS: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
    "ingest": run_ingest, "watch": run_watch, "search": run_search, "export": run_export, "cluster": run_cluster,
    "batch": run_batch,
}
