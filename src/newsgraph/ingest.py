"""Fetch, analyze and store: sources in, articles, stories and canonical events out, each document once.

`ingest_sources` is `newsgraph ingest`: a batch output folder is loaded (its records stored as analyzed),
every other source is fetched and analyzed, in the order given, through the same Ingester.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsgraph import __version__
from newsgraph.batch.load import check_complete, is_batch_output, iter_batch_records
from newsgraph.config import Settings
from newsgraph.document import Document, content_hash
from newsgraph.pipeline import analyze_parallel
from newsgraph.sources.expand import Link, expand, fetch_document, folder_files
from newsgraph.sources.fetch import Fetcher, FetchResult
from newsgraph.sources.urls import canonical_url, is_web_url
from newsgraph.store import FetchInfo, Store, StoredArticle, StoryLink
from newsgraph.stories.cluster import StoryClusterer
from newsgraph.stories.features import StoryFeatures, features_of
from newsgraph.stories.merge_events import EventMerger

Record = dict[str, Any]
WRITE_QUEUE = 64  # analyzed records waiting for the writer: bounds memory if the database is slow


@dataclass
class IngestReport:
    """What one ingest run did, for the summary line and for tests."""

    stored: int = 0
    reanalyzed: int = 0
    skipped: int = 0
    failed: int = 0
    duplicates: int = 0
    stories: set[str] = field(default_factory=set)
    errors: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.stored + self.reanalyzed + self.skipped + self.failed


@dataclass
class Pending:
    """A document on its way to the analyzer, with what the store needs to know about it."""

    document: Document
    content_hash: str
    canonical: str | None
    source: str
    replaces: bool
    top: str = ""  # the SOURCE given to ingest that this document came from


class Ingester:
    """One ingest run over a store: dedup before fetch and before analysis, then one transaction per article."""

    def __init__(self, store: Store, settings: Settings, *, reanalyze: bool = False,
                 fetcher: Fetcher | None = None,
                 on_document: Callable[[str, str], None] = lambda doc_id, outcome: None,
                 on_source: Callable[[str], None] = lambda source: None,
                 on_fetch: Callable[[FetchResult], None] = lambda result: None) -> None:
        self.store = store
        self.settings = settings
        self.reanalyze = reanalyze
        self.fetcher = fetcher or Fetcher(max_bytes=settings.max_bytes)
        self.on_document = on_document
        self.on_source = on_source  # called as the first document of each SOURCE is stored, failed or skipped
        self.on_fetch = on_fetch  # called after every fetch, once it is recorded
        self._reading = ""  # the SOURCE being read now (ahead of the one being stored)
        self._announced: str | None = None
        self.report = IngestReport()
        self.clusterer = StoryClusterer()
        self.clusterer.load(_stored_features(store))
        self.merger = EventMerger()
        self.merger.load(store.iter_canonical_events(), store.iter_canonical_evidence(),
                         store.iter_canonical_stories())
        self._seen_hashes: set[str] = set()

    def run(self, sources: Iterable[str]) -> IngestReport:
        """One analysis stream (one model per worker, loaded once); records come back in input order.

        A writer thread stores them in that order while the next documents are analyzed, so the database's
        round trips overlap the analysis instead of adding to it.
        """
        pending: deque[Pending] = deque()
        writes: queue.Queue[tuple[Pending, Record] | None] = queue.Queue(maxsize=WRITE_QUEUE)
        failure: list[BaseException] = []

        def writer() -> None:
            while (job := writes.get()) is not None:
                if not failure:
                    try:
                        self.store_record(*job)
                    except BaseException as exc:  # noqa: BLE001 (raised again in the calling thread)
                        failure.append(exc)

        def documents() -> Iterator[Document]:
            for item in self._pending(sources):
                pending.append(item)
                yield item.document

        thread = threading.Thread(target=writer, name="newsgraph-writer", daemon=True)
        thread.start()
        try:
            for record in analyze_parallel(documents(), self.settings):
                if failure:
                    break
                writes.put((pending.popleft(), record))
        finally:
            writes.put(None)
            thread.join()
        if failure:
            raise failure[0]
        return self.report

    def _pending(self, sources: Iterable[str]) -> Iterator[Pending]:
        """Documents that need analysis: new ones, and with --reanalyze those made by an older pipeline."""
        for source in sources:
            self._reading = source
            if is_web_url(source) and (stored := self._stored_page(source)) is not None:
                self._skip(stored.id)  # a page URL already stored is not fetched again (nor counted as nothing)
                continue
            for item in expand(source, self.fetcher, max_bytes=self.settings.max_bytes,
                               validators=self.store.fetch_validators, on_fetch=self._record_fetch):
                pending = self._from_link(item, source) if isinstance(item, Link) else self.admit(item, source)
                if pending is not None:
                    pending.top = source
                    yield pending

    def _stored_page(self, url: str) -> StoredArticle | None:
        """The article stored from this page URL (or from where it last redirected), unless it is to be redone."""
        stored = self.store.find_article(url=canonical_url(url))
        if stored is None and (fetch := self.store.get_fetch(url)) is not None and fetch.final_url:
            stored = self.store.find_article(url=canonical_url(fetch.final_url))
        return None if stored is None or self._outdated(stored.pipeline_version) else stored

    def _from_link(self, link: Link, source: str) -> Pending | None:
        canonical = canonical_url(link.url)
        stored = self.store.find_article(url=canonical)
        if stored is not None and not self._outdated(stored.pipeline_version):
            self._skip(stored.id)
            return None
        document = fetch_document(link, self.fetcher, max_bytes=self.settings.max_bytes, on_fetch=self._record_fetch)
        return self.admit(document, link.via or source, canonical=canonical)

    def admit(self, document: Document, source: str, *, digest: str | None = None,
              canonical: str | None = None) -> Pending | None:
        """The document as work to store, or None when it is stored already (or seen earlier in this run).

        `digest` and `canonical` may come from elsewhere (a batch output's provenance) instead of the content.
        """
        if document.error is not None:
            return Pending(document, digest or content_hash(document.id), canonical, source, replaces=False)
        digest = digest or content_hash(document.content)
        if digest in self._seen_hashes:
            self._skip(document.id)
            return None
        self._seen_hashes.add(digest)
        if canonical is None and document.url:
            canonical = canonical_url(document.url)
        stored = self.store.find_article(content_hash=digest)
        if stored is None and canonical is not None:
            stored = self.store.find_article(url=canonical)
        if stored is not None:
            if not self._outdated(stored.pipeline_version):
                self._skip(stored.id)
                return None
            document.id = stored.id  # re-analysis keeps the article's id
        return Pending(document, digest, canonical, document.origin or source, replaces=stored is not None)

    def _outdated(self, version: str | None) -> bool:
        return self.reanalyze and version != __version__

    def _skip(self, doc_id: str) -> None:
        self.report.skipped += 1
        self._announce(self._reading)
        self.on_document(doc_id, "skipped")

    def _announce(self, source: str) -> None:
        """Tell `on_source` when the documents whose outcome is reported start coming from another SOURCE."""
        if source and source != self._announced:
            self._announced = source
            self.on_source(source)

    def _record_fetch(self, result: FetchResult) -> None:
        self.store.record_fetch(FetchInfo(
            url=result.url, final_url=result.final_url, status=result.status, headers=result.headers,
            content_hash=content_hash(result.content) if result.content else None,
            etag=result.headers.get("etag"), last_modified=result.headers.get("last-modified"),
            fetched_at=result.fetched_at))
        self.on_fetch(result)

    def store_record(self, item: Pending, record: Record) -> None:
        """Save the article with its story and canonical events in one transaction: a kill loses all or nothing."""
        self._announce(item.top or item.source)
        if "error" in record:
            error = record["error"]
            self.store.save_error(record["id"], item.source, error["code"], error["message"])
            self.report.failed += 1
            self.report.errors.append((record["id"], error["code"], error["message"]))
            self.on_document(record["id"], "failed")
            return
        features = features_of(record)
        assignment = self.clusterer.add(features)
        story = StoryLink(assignment.story_id, assignment.duplicate_of, features.to_json(),
                          assignment.topic_id or None)
        article_id = self.store.save_article(
            record, content_hash=item.content_hash, url=record.get("url") or item.document.url,
            canonical_url=item.canonical, source=item.source, pipeline_version=__version__,
            story=story, canonical_events=self.merger.add(record["id"], record, story=assignment.story_id))
        self.report.stories.add(assignment.story_id)
        if assignment.duplicate_of:
            self.report.duplicates += 1
        if item.replaces:
            self.report.reanalyzed += 1
        else:
            self.report.stored += 1
        self.on_document(article_id, "reanalyzed" if item.replaces else "stored")


def _stored_features(store: Store) -> Iterator[tuple[StoryFeatures, str, str | None, str | None]]:
    for row in store.iter_story_state():
        yield StoryFeatures.from_json(row["features"]), row["story_id"], row["duplicate_of"], row["topic_id"]


def ingest(sources: Iterable[str], store: Store, settings: Settings, *, reanalyze: bool = False,
           on_document: Callable[[str, str], None] = lambda doc_id, outcome: None,
           on_source: Callable[[str], None] = lambda source: None) -> IngestReport:
    """Fetch, analyze and store every document the sources hold; what is already stored is skipped."""
    ingester = Ingester(store, settings, reanalyze=reanalyze, on_document=on_document, on_source=on_source)
    try:
        return ingester.run(sources)
    finally:
        ingester.fetcher.close()


def load_batch(output: str | Path, store: Store, settings: Settings, *,
               on_document: Callable[[str, str], None] = lambda doc_id, outcome: None) -> IngestReport:
    """Store the records of a batch output as `ingest` of the same pages would; nothing is analyzed."""
    check_complete(output)
    ingester = Ingester(store, settings, on_document=on_document)
    try:
        for item, record in iter_batch_records(output):
            pending = _batch_pending(ingester, item)
            if pending is not None:
                ingester.store_record(pending, record)
    finally:
        ingester.fetcher.close()
    return ingester.report


def _batch_pending(ingester: Ingester, item: dict[str, Any]) -> Pending | None:
    """What `Ingester.admit` decides for the page, from the stored hash and URL instead of the content."""
    document = Document(id=item["article_id"], kind="html", content=b"", url=item["url"], origin=item["source"])
    if item["failed"]:
        return Pending(document, item["content_hash"], None, item["source"], replaces=False)
    return ingester.admit(document, item["source"], digest=item["content_hash"], canonical=item["canonical_url"])


def planned_sources(sources: Iterable[str]) -> list[str]:
    """The sources one by one, as `ingest` reads them: a folder (not a batch output) becomes its files."""
    plan: list[str] = []
    for source in sources:
        path = Path(source)
        if not is_web_url(source) and path.is_dir() and not is_batch_output(source):
            plan.extend(str(file) for file in folder_files(path))
        else:
            plan.append(source)
    return plan


def ingest_sources(sources: Iterable[str], store: Store, settings: Settings, *, reanalyze: bool = False,
                   on_document: Callable[[str, str], None] = lambda doc_id, outcome: None,
                   on_source: Callable[[int, int, str], None] = lambda index, total, source: None) -> IngestReport:
    """`newsgraph ingest`: batch outputs are loaded, every other source is fetched and analyzed, in the order given.

    `on_source(index, total, source)` is called as the documents reported on start coming from the source at
    `index` (1-based; 0 for a document of a batch output) of `total` (a folder counts as its files); it is first
    called with index 0 and no source, to give the total before anything is analyzed.
    """
    total = IngestReport()
    plain: list[str] = []
    plan = planned_sources(sources)
    positions: dict[str, int] = {}
    for index, source in enumerate(plan, start=1):
        positions.setdefault(source, index)

    def begin(source: str) -> None:
        on_source(positions.get(source, 0), len(plan), source)

    def flush() -> None:
        if plain:
            _add(total, ingest(list(plain), store, settings, reanalyze=reanalyze, on_document=on_document,
                               on_source=begin))
            plain.clear()

    on_source(0, len(plan), "")  # the total, before the first document is analyzed
    for source in plan:
        if is_batch_output(source):
            flush()
            begin(source)
            _add(total, load_batch(source, store, settings, on_document=on_document))
        else:
            plain.append(source)
    flush()
    return total


def _add(total: IngestReport, part: IngestReport) -> None:
    total.stored += part.stored
    total.reanalyzed += part.reanalyzed
    total.skipped += part.skipped
    total.failed += part.failed
    total.duplicates += part.duplicates
    total.stories |= part.stories
    total.errors.extend(part.errors)
