"""The storage interface and everything both backends share; they differ only in connections and their dialect."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from newsgraph.errors import BadExportRequest
from newsgraph.kinds import FACT_KINDS, Row
from newsgraph.store import migrations
from newsgraph.store.columns import KINDS, column_names
from newsgraph.store.dialects import Dialect
from newsgraph.store.resolve import normalize, resolve_entities
from newsgraph.store.rows import published_value, record_rows
from newsgraph.store.search import SearchHit, SearchQuery, browse_sql, cleaned, parse_terms, to_hit

LEASE = timedelta(minutes=10)
INSERT_CHUNK = 200  # rows per multi-row INSERT: well under SQLite's 32,766 bound parameters
# Every table of an article's facts: each kind's own table, then the side tables filled from its items.
FACT_TABLES = tuple(table.name for kind in FACT_KINDS for table in kind.store_tables())
STATS_TABLES = (
    "articles", "entities", "entity_aliases", *FACT_TABLES, "stories", "canonical_events", "errors", "fetches",
    "sources", "jobs",
)
CANONICAL_EVENT_KEYS = (
    "id", "type", "source_country", "target_country", "geonames_id", "lat", "lon", "date", "first_seen",
    "report_count",
)


@dataclass
class StoredArticle:
    id: str
    url: str | None
    canonical_url: str | None
    content_hash: str
    pipeline_version: str | None
    story_id: str | None = None  # None after a save whose story step did not run (e.g. a killed ingest)


@dataclass
class FetchInfo:
    url: str
    final_url: str | None
    status: int | None
    headers: dict[str, str]
    content_hash: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: str


@dataclass(frozen=True)
class StoryLink:
    """An article's place among stories, saved with the article: its story, the copy it duplicates, its features."""

    story_id: str
    duplicate_of: str | None
    features: str
    topic_id: str | None = None


@dataclass
class Job:
    id: int
    kind: str
    key: str
    attempts: int


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def utc_iso(value: str) -> str:
    """A fixed-width UTC ISO timestamp, so job times compare correctly as text; naive means UTC."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def quote_name(name: str) -> str:
    return f'"{name}"'


class Tx:
    """One connection inside a transaction (or a read), with `?` placeholders on every backend."""

    def __init__(self, connection: Any, dialect: Dialect) -> None:
        self.connection = connection
        self.dialect = dialect

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Any:
        return self.connection.execute(self.dialect.sql(statement), tuple(params))

    def insert_many(self, head: str, rows: list[Sequence[Any]], tail: str = "") -> None:
        """`head VALUES (...), (...) tail` in chunks: one round trip per chunk on PostgreSQL."""
        for first in range(0, len(rows), INSERT_CHUNK):
            chunk = rows[first:first + INSERT_CHUNK]
            one = f"({', '.join('?' for _ in chunk[0])})"
            self.execute(f"{head} VALUES {', '.join(one for _ in chunk)} {tail}", [v for row in chunk for v in row])

    def all(self, statement: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return list(self.execute(statement, params).fetchall())

    def one(self, statement: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        return self.execute(statement, params).fetchone()

    def count(self, statement: str, params: Sequence[Any] = ()) -> int:
        """The `n` of `SELECT count(*) AS n ...`, a query that always returns one row."""
        row = self.one(statement, params)
        assert row is not None
        return int(row["n"])

    def insert_rows(self, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        names = list(rows[0])
        head = f"INSERT INTO {table} ({', '.join(quote_name(n) for n in names)})"
        self.insert_many(head, [tuple(row[n] for n in names) for row in rows])


class Store(ABC):
    """The corpus store: articles and their facts, fetches, stories, canonical events, search, export rows, jobs."""

    dialect: Dialect  # the SQL where backends differ (`store/dialects.py`)
    # errors of a transaction that lost a race with another writer (PostgreSQL): the save is retried
    retryable: tuple[type[BaseException], ...] = ()
    save_attempts = 3

    # connections: the only thing the backends must provide; their SQL differs only by `dialect`
    @abstractmethod
    def _write(self) -> AbstractContextManager[Tx]:
        """A transaction on the writer connection, committed on success and rolled back on error."""

    @abstractmethod
    def _read(self) -> AbstractContextManager[Tx]:
        """A connection for reading."""

    def read(self) -> AbstractContextManager[Tx]:
        """A connection for reading, for the browse queries written once for both backends (`store/browse/`)."""
        return self._read()

    @abstractmethod
    def _stream(self, statement: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Rows one by one without holding them all in memory."""

    @abstractmethod
    def close(self) -> None: ...

    def _backend_integrity(self, tx: Tx) -> list[str]:
        return []

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # migrations
    def _migrate(self) -> None:
        """Apply pending migrations in one transaction, serialized between processes."""
        with self._write() as tx:
            if self.dialect.migration_lock:
                tx.execute(self.dialect.migration_lock)
            tx.execute(migrations.MIGRATIONS_TABLE)
            applied = {row["version"] for row in tx.all("SELECT version FROM schema_migrations")}
            for migration in migrations.pending(applied):
                def record(m: migrations.Migration = migration) -> None:
                    tx.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                               (m.version, m.name, now_iso()))

                migrations.apply(migration, self.dialect, lambda s: tx.execute(s), record)

    def schema_version(self) -> int:
        with self._read() as tx:
            row = tx.one("SELECT max(version) AS v FROM schema_migrations")
        return int(row["v"] or 0) if row else 0

    # articles
    def find_article(self, *, id: str | None = None, url: str | None = None,
                     content_hash: str | None = None) -> StoredArticle | None:
        with self._read() as tx:
            rows = self._matches(tx, id, url, content_hash)
        if not rows:
            return None
        row = rows[0]
        return StoredArticle(row["id"], row["url"], row["canonical_url"], row["content_hash"], row["pipeline_version"],
                             row["story_id"])

    def _matches(self, tx: Tx, article_id: str | None, url: str | None,
                 content_hash: str | None) -> list[dict[str, Any]]:
        """Stored articles with this id, URL (canonical or as given) or content hash; by id first."""
        found: dict[str, dict[str, Any]] = {}
        checks = [
            ("id = ?", article_id), ("canonical_url = ?", url), ("url = ?", url), ("content_hash = ?", content_hash),
        ]
        for clause, value in checks:
            if value is None:
                continue
            for row in tx.all(
                f"SELECT id, url, canonical_url, content_hash, pipeline_version, story_id FROM articles WHERE {clause}",
                (value,),
            ):
                found.setdefault(row["id"], row)
        return list(found.values())

    def save_article(self, record: dict, *, content_hash: str, url: str | None, canonical_url: str | None,
                     source: str | None, pipeline_version: str, story: StoryLink | None = None,
                     canonical_events: Sequence[tuple[str, dict]] = ()) -> str:
        """Store one analyzed record and its facts in one transaction; a document already stored is replaced.

        The same document is recognized by record id, canonical URL or content hash; it keeps its stored id
        (the saved record's `id` is set to it) and its facts are replaced, never duplicated. `story` and
        `canonical_events` (event id, canonical row) are written in the same transaction, so a kill can never
        leave an article without its story or a canonical event counted without its report.
        """
        for attempt in range(1, self.save_attempts + 1):
            try:
                return self._save_article(record, content_hash, url, canonical_url, source, pipeline_version,
                                          story, canonical_events)
            except self.retryable:
                if attempt == self.save_attempts:
                    raise
        raise AssertionError("unreachable")

    def _save_article(self, record: dict, content_hash: str, url: str | None, canonical_url: str | None,
                      source: str | None, pipeline_version: str, story: StoryLink | None = None,
                      canonical_events: Sequence[tuple[str, dict]] = ()) -> str:
        with self._write() as tx:
            existing = self._matches(tx, record.get("id"), None, content_hash)
            if canonical_url is not None:
                existing += [r for r in self._matches(tx, None, canonical_url, None) if r not in existing]
            article_id = existing[0]["id"] if existing else record["id"]
            for other in existing[1:]:  # the same document under another key: keep one copy
                tx.execute("DELETE FROM articles WHERE id = ?", (other["id"],))
            if record.get("id") != article_id:
                record = {**record, "id": article_id}
            url = url or record.get("url")
            host = urlsplit(canonical_url or url or "").hostname
            values = {
                "url": url, "canonical_url": canonical_url, "content_hash": content_hash, "source": source,
                "host": host.removeprefix("www.") if host else None, "site_name": record.get("site_name"),
                "title": record.get("title"), "summary": record.get("summary"), "body": record.get("body"),
                "published": published_value(record), "language": record.get("language"),
                "record": json.dumps(record, ensure_ascii=False), "pipeline_version": pipeline_version,
                "updated_at": now_iso(),
            }
            previous_canonical: set[str] = set()
            if existing:
                previous_canonical = {row["canonical_id"] for row in tx.all(
                    "SELECT DISTINCT canonical_id FROM events WHERE article_id = ? AND canonical_id IS NOT NULL",
                    (article_id,))}
                for table in FACT_TABLES:
                    tx.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
                assignments = ", ".join(f"{name} = ?" for name in values)
                tx.execute(f"UPDATE articles SET {assignments} WHERE id = ?", (*values.values(), article_id))
            else:
                tx.insert_rows("articles", [{"id": article_id, **values, "ingested_at": values["updated_at"]}])
            self._insert_facts(tx, record, pipeline_version)
            if story is not None:
                self._set_story(tx, article_id, story.story_id, story.duplicate_of, story.features, story.topic_id)
            for event_id, row in canonical_events:
                self._upsert_canonical_event(tx, row)
                self._link_event(tx, article_id, event_id, row["id"])
            self._count_reports(tx, previous_canonical | {row["id"] for _, row in canonical_events})
        return article_id

    @staticmethod
    def _count_reports(tx: Tx, canonical_ids: set[str]) -> None:
        """A canonical event's report count is the number of articles linked to it; one left with none goes."""
        for canonical_id in sorted(canonical_ids):
            tx.execute("UPDATE canonical_events SET report_count = (SELECT count(DISTINCT article_id) FROM events "
                       "WHERE canonical_id = ?) WHERE id = ?", (canonical_id, canonical_id))
            tx.execute("DELETE FROM canonical_events WHERE id = ? AND report_count = 0", (canonical_id,))

    def _insert_facts(self, tx: Tx, record: dict, pipeline_version: str) -> None:
        """Each kind's rows into its table and side tables, with the columns only the store has."""
        places = {p["id"]: p for p in record.get("places") or []}
        entities = [(e, places.get(e.get("place") or "") or {}) for e in record.get("entities") or []]
        global_ids = resolve_entities(lambda s, p: tx.all(s, p), tx.insert_many, entities)

        def derived(table: str, row: Row) -> Row:
            """The columns only the store has: an entity's global id, a place's name key."""
            if table in ("article_entities", "mentions"):
                return {"global_entity_id": global_ids[row["entity_id"]]}
            if table == "places":
                return {"norm_name": normalize(row["name"] or "")}
            return {}

        version = {"pipeline_version": pipeline_version}
        for kind in FACT_KINDS:
            for table in kind.store_tables():
                stamp = version if table.versioned else {}
                tx.insert_rows(table.name, [{**row, **derived(table.name, row), **stamp} for row in table.rows(record)])

    def save_error(self, doc_id: str, origin: str, code: str, message: str) -> None:
        with self._write() as tx:
            tx.execute(
                "INSERT INTO errors (doc_id, origin, code, message, at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (doc_id, origin) DO UPDATE SET code = excluded.code, message = excluded.message, "
                "at = excluded.at",
                (doc_id, origin, code, message, now_iso()),
            )

    def get_article(self, article_id: str) -> dict | None:
        """The record as saved, plus `story` and `duplicate_of`."""
        with self._read() as tx:
            row = tx.one("SELECT record, story_id, duplicate_of FROM articles WHERE id = ?", (article_id,))
        if row is None:
            return None
        return {**json.loads(row["record"]), "story": row["story_id"], "duplicate_of": row["duplicate_of"]}

    # fetched documents
    def record_fetch(self, info: FetchInfo) -> None:
        with self._write() as tx:
            tx.execute(
                "INSERT INTO fetches (url, final_url, status, headers, content_hash, etag, last_modified, fetched_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET final_url = excluded.final_url, "
                "status = excluded.status, headers = excluded.headers, content_hash = excluded.content_hash, "
                "etag = excluded.etag, last_modified = excluded.last_modified, fetched_at = excluded.fetched_at",
                (info.url, info.final_url, info.status, json.dumps(info.headers), info.content_hash, info.etag,
                 info.last_modified, info.fetched_at),
            )

    def fetch_validators(self, url: str) -> tuple[str | None, str | None] | None:
        with self._read() as tx:
            row = tx.one("SELECT etag, last_modified FROM fetches WHERE url = ?", (url,))
        return None if row is None else (row["etag"], row["last_modified"])

    def get_fetch(self, url: str) -> FetchInfo | None:
        with self._read() as tx:
            row = tx.one("SELECT * FROM fetches WHERE url = ?", (url,))
        if row is None:
            return None
        return FetchInfo(row["url"], row["final_url"], row["status"], json.loads(row["headers"]), row["content_hash"],
                         row["etag"], row["last_modified"], row["fetched_at"])

    # sources
    def add_source(self, url: str, kind: str | None = None, title: str | None = None,
                   interval_seconds: int | None = None) -> None:
        """Register a feed, sitemap or page list (upsert by URL)."""
        with self._write() as tx:
            tx.execute(
                "INSERT INTO sources (url, kind, title, interval_seconds, added_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET kind = coalesce(excluded.kind, sources.kind), "
                "title = coalesce(excluded.title, sources.title), "
                "interval_seconds = coalesce(excluded.interval_seconds, sources.interval_seconds)",
                (url, kind, title, interval_seconds, now_iso()),
            )

    def iter_sources(self) -> Iterator[dict[str, Any]]:
        return self._stream("SELECT url, kind, title, interval_seconds, added_at FROM sources ORDER BY id")

    def record_poll(self, url: str, kind: str | None, polled_at: str, stored: int, interval_seconds: int) -> None:
        """A watched source was polled: its kind (when the poll saw it), the time, the articles it added."""
        self.add_source(url, kind, interval_seconds=interval_seconds)
        with self._write() as tx:
            tx.execute("UPDATE sources SET polled_at = ?, stored = stored + ? WHERE url = ?",
                       (utc_iso(polled_at), stored, url))

    def watched_sources(self, job_kind: str) -> list[dict[str, Any]]:
        """Every source with a pending job of `job_kind`: url, kind, polled_at, due_at, stored, last_error."""
        with self._read() as tx:
            return tx.all(
                'SELECT j."key" AS url, s.kind, s.polled_at, j.due_at, coalesce(s.stored, 0) AS stored, j.last_error '
                'FROM jobs j LEFT JOIN sources s ON s.url = j."key" WHERE j.kind = ? AND j.done = ? '
                "ORDER BY j.due_at, j.id", (job_kind, False))

    def remove_job(self, job_kind: str, key: str) -> bool:
        """Forget a job and its source's bookkeeping (the articles stay); False when there was no such job."""
        with self._write() as tx:
            found = tx.one('SELECT id FROM jobs WHERE kind = ? AND "key" = ?', (job_kind, key))
            if found is not None:
                tx.execute("DELETE FROM jobs WHERE id = ?", (found["id"],))
                tx.execute("DELETE FROM sources WHERE url = ?", (key,))
        return found is not None

    # stories and canonical events
    def set_story(self, article_id: str, story_id: str, duplicate_of: str | None, features: str,
                  topic_id: str | None = None) -> None:
        with self._write() as tx:
            self._set_story(tx, article_id, story_id, duplicate_of, features, topic_id)

    def _set_story(self, tx: Tx, article_id: str, story_id: str, duplicate_of: str | None, features: str,
                   topic_id: str | None = None) -> None:
        previous = tx.one("SELECT story_id FROM articles WHERE id = ?", (article_id,))
        now = now_iso()
        tx.execute(
            "INSERT INTO stories (id, article_count, created_at, updated_at) VALUES (?, 0, ?, ?) "
            "ON CONFLICT (id) DO NOTHING", (story_id, now, now),
        )
        tx.execute("UPDATE articles SET story_id = ?, duplicate_of = ?, features = ?, topic_id = ? WHERE id = ?",
                   (story_id, duplicate_of, features, topic_id, article_id))
        for story in {story_id, previous["story_id"] if previous else None} - {None}:
            tx.execute(
                "UPDATE stories SET article_count = (SELECT count(*) FROM articles WHERE story_id = ?), "
                "updated_at = ? WHERE id = ?", (story, now, story),
            )

    def iter_story_features(self, since: str | None = None) -> Iterator[tuple[str, str | None, str, str | None, str]]:
        """Clustered articles published on or after `since` (or undated), oldest first."""
        statement = (
            "SELECT id, published, story_id, duplicate_of, features FROM articles WHERE story_id IS NOT NULL "
            "AND (published IS NULL OR substr(published, 1, 10) >= ?) ORDER BY published NULLS FIRST, seq"
        )
        for row in self._stream(statement, ((since or "")[:10],)):
            yield row["id"], row["published"], row["story_id"], row["duplicate_of"], row["features"]

    def iter_story_state(self, since: str | None = None) -> Iterator[dict[str, Any]]:
        """What the clusterer reloads: each clustered article's story, topic, duplicate link and features."""
        statement = (
            "SELECT id AS article_id, published, story_id, topic_id, duplicate_of, features FROM articles "
            "WHERE story_id IS NOT NULL AND (published IS NULL OR substr(published, 1, 10) >= ?) "
            "ORDER BY published NULLS FIRST, seq"
        )
        return self._stream(statement, ((since or "")[:10],))

    def iter_canonical_events(self, since: str | None = None) -> Iterator[dict]:
        """Canonical events dated on or after `since` (or undated), oldest first."""
        names = ", ".join(quote_name(k) for k in CANONICAL_EVENT_KEYS)
        return self._stream(
            f'SELECT {names} FROM canonical_events WHERE "date" IS NULL OR "date" >= ? ORDER BY "date" NULLS FIRST, id',
            ((since or ""),),
        )

    def iter_canonical_evidence(self, since: str | None = None) -> Iterator[tuple[str, str | None, str | None]]:
        """(canonical id, a report's trigger text, one of its actors' text or None) for the canonical events
        `iter_canonical_events(since)` gives: what `EventMerger` compares a new report's words and actors with."""
        rows = self._stream(
            "SELECT e.canonical_id, e.trigger_text, a.\"text\" FROM events e JOIN canonical_events c "
            "ON c.id = e.canonical_id LEFT JOIN event_actors a ON a.article_id = e.article_id "
            "AND a.event_id = e.event_id WHERE c.\"date\" IS NULL OR c.\"date\" >= ?",
            ((since or ""),),
        )
        return ((row["canonical_id"], row["trigger_text"], row["text"]) for row in rows)

    def iter_canonical_stories(self, since: str | None = None) -> Iterator[tuple[str, str | None]]:
        """(canonical id, the story of an article that reported it) for the canonical events
        `iter_canonical_events(since)` gives: `EventMerger` joins a report only to events of its story."""
        rows = self._stream(
            "SELECT DISTINCT e.canonical_id, ar.story_id FROM events e JOIN canonical_events c "
            "ON c.id = e.canonical_id JOIN articles ar ON ar.id = e.article_id "
            "WHERE c.\"date\" IS NULL OR c.\"date\" >= ?",
            ((since or ""),),
        )
        return ((row["canonical_id"], row["story_id"]) for row in rows)

    def upsert_canonical_event(self, row: dict) -> None:
        with self._write() as tx:
            self._upsert_canonical_event(tx, row)

    @staticmethod
    def _upsert_canonical_event(tx: Tx, row: dict) -> None:
        values = [row.get(k) for k in CANONICAL_EVENT_KEYS]
        names = ", ".join(quote_name(k) for k in CANONICAL_EVENT_KEYS)
        updates = ", ".join(f"{quote_name(k)} = excluded.{quote_name(k)}" for k in CANONICAL_EVENT_KEYS[1:])
        tx.execute(
            f"INSERT INTO canonical_events ({names}) VALUES ({', '.join('?' for _ in values)}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}", values,
        )

    def link_event(self, article_id: str, event_id: str, canonical_id: str) -> None:
        with self._write() as tx:
            self._link_event(tx, article_id, event_id, canonical_id)

    @staticmethod
    def _link_event(tx: Tx, article_id: str, event_id: str, canonical_id: str) -> None:
        tx.execute("UPDATE events SET canonical_id = ? WHERE article_id = ? AND event_id = ?",
                   (canonical_id, article_id, event_id))

    # search and export
    def search(self, query: SearchQuery) -> list[SearchHit]:
        query = cleaned(query)
        terms = parse_terms(query.text)
        statement, params = self.dialect.text_search(query, terms) if terms else browse_sql(query)
        with self._read() as tx:
            return [to_hit(row) for row in tx.all(statement, params)]

    def iter_rows(self, kind: str) -> Iterator[dict]:
        """Rows of one export kind (columns of `columns.COLUMNS[kind]`), streamed from the database."""
        if kind not in KINDS:
            raise BadExportRequest(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
        if kind == "stories":
            return self._stream(
                "SELECT story_id, id AS article_id, duplicate_of, published, title, site_name, url, topic_id "
                "FROM articles "
                "WHERE story_id IS NOT NULL ORDER BY story_id, published NULLS FIRST, seq"
            )
        if kind == "errors":
            return self._stream("SELECT doc_id AS article_id, origin, code, message FROM errors ORDER BY id")
        if kind == "events":
            return self._stored_events()
        return self._flattened(kind)

    def _stored_events(self) -> Iterator[dict]:
        """Events from their table, where each carries the canonical event it was merged into."""
        names = ", ".join(f"e.{quote_name(name)}" for name in column_names("events"))
        for row in self._stream(f"SELECT {names} FROM events e JOIN articles a ON a.id = e.article_id "
                                "ORDER BY a.seq, e.trigger_start, e.event_id"):
            yield {**row, "negated": bool(row["negated"]), "hypothetical": bool(row["hypothetical"])}

    def _flattened(self, kind: str) -> Iterator[dict]:
        names = column_names(kind)
        for row in self._stream("SELECT record FROM articles ORDER BY seq"):
            for flat in record_rows(json.loads(row["record"]), kind):
                yield {name: flat[name] for name in names}

    def stats(self) -> dict[str, int]:
        with self._read() as tx:
            return {table: tx.count(f"SELECT count(*) AS n FROM {table}") for table in STATS_TABLES}

    # jobs
    def enqueue_job(self, kind: str, key: str, due_at: str) -> None:
        """Add a job; an existing pending job keeps the earlier due time, a finished one is revived."""
        due = utc_iso(due_at)
        with self._write() as tx:
            tx.execute(
                'INSERT INTO jobs (kind, "key", due_at, done) VALUES (?, ?, ?, ?) ON CONFLICT (kind, "key") DO UPDATE '
                "SET due_at = CASE WHEN jobs.done OR excluded.due_at < jobs.due_at THEN excluded.due_at "
                "ELSE jobs.due_at END, done = ?",
                (kind, key, due, False, False),
            )

    def claim_jobs(self, worker: str, limit: int, now: str) -> list[Job]:
        """Due jobs, leased to this worker for `LEASE`; no two workers get the same job."""
        moment = utc_iso(now)
        lease_end = utc_iso((datetime.fromisoformat(moment.replace("Z", "+00:00")) + LEASE).isoformat())
        statement = (
            "UPDATE jobs SET locked_by = ?, locked_until = ?, attempts = attempts + 1 WHERE id IN ("
            "SELECT id FROM jobs WHERE done = ? AND due_at <= ? AND (locked_until IS NULL OR locked_until <= ?) "
            f"ORDER BY due_at, id LIMIT ? {self.dialect.claim_lock}) RETURNING id, kind, \"key\", attempts"
        )
        with self._write() as tx:
            rows = tx.all(statement, (worker, lease_end, False, moment, moment, limit))
        jobs = [Job(int(r["id"]), r["kind"], r["key"], int(r["attempts"])) for r in rows]
        return sorted(jobs, key=lambda job: job.id)

    def finish_job(self, job_id: int, next_due_at: str | None, error: str | None = None) -> None:
        """Release a claimed job: due again at `next_due_at`, or done for good when it is None."""
        with self._write() as tx:
            if next_due_at is None:
                tx.execute(
                    "UPDATE jobs SET done = ?, locked_by = NULL, locked_until = NULL, last_error = ? WHERE id = ?",
                    (True, error, job_id),
                )
            else:
                tx.execute(
                    "UPDATE jobs SET due_at = ?, locked_by = NULL, locked_until = NULL, last_error = ? WHERE id = ?",
                    (utc_iso(next_due_at), error, job_id),
                )

    # consistency
    def integrity_check(self) -> list[str]:
        """Problems found (empty when consistent): orphan fact rows, dangling links, backend checks."""
        checks = {
            **{f"{t} rows without their article": f"SELECT count(*) AS n FROM {t} x WHERE NOT EXISTS "
               "(SELECT 1 FROM articles a WHERE a.id = x.article_id)" for t in FACT_TABLES},
            "article_entities without their entity": "SELECT count(*) AS n FROM article_entities x WHERE NOT EXISTS "
            "(SELECT 1 FROM entities e WHERE e.id = x.global_entity_id)",
            "events linked to a missing canonical event": "SELECT count(*) AS n FROM events x WHERE x.canonical_id IS "
            "NOT NULL AND NOT EXISTS (SELECT 1 FROM canonical_events c WHERE c.id = x.canonical_id)",
            "articles in a missing story": "SELECT count(*) AS n FROM articles x WHERE x.story_id IS NOT NULL AND "
            "NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = x.story_id)",
        }
        problems: list[str] = []
        with self._write() as tx:  # a write transaction: SQLite's FTS integrity check is issued as an INSERT
            for label, statement in checks.items():
                count = tx.count(statement)
                if count:
                    problems.append(f"{count} {label}")
            problems += self._backend_integrity(tx)
        return problems
