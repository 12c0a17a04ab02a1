"""PostgreSQL backend (psycopg 3): a connection pool, tsvector + GIN search, SKIP LOCKED job claims."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import uuid4

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from newsgraph.errors import StoreUnavailable
from newsgraph.store.base import Job, Store, Tx
from newsgraph.store.search import MARK_END, MARK_START, SearchQuery, filter_sql, quoted_query, where

MIGRATION_LOCK = 7_460_201  # any constant: pg_advisory_xact_lock key that serializes migrations
HEADLINE = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, MaxFragments=2, "
    'FragmentDelimiter=" … "'
)


class PostgresStore(Store):
    dialect = "postgres"
    retryable = (psycopg.errors.UniqueViolation, psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure)

    def __init__(self, url: str, *, max_connections: int = 8) -> None:
        try:
            psycopg.connect(url, connect_timeout=5).close()
        except psycopg.Error as error:
            raise StoreUnavailable(
                f"cannot connect to PostgreSQL at {url}: {str(error).strip()}; start the server, "
                "create the database, or check the URL (postgresql://user@host:port/dbname)"
            ) from error
        self._pool = ConnectionPool(
            url, min_size=1, max_size=max_connections, kwargs={"row_factory": dict_row}, open=True, timeout=60,
        )
        try:
            self._migrate()
        except BaseException:
            self._pool.close()
            raise

    @contextmanager
    def _write(self) -> Iterator[Tx]:
        with self._pool.connection() as connection, connection.transaction():
            yield Tx(connection, self.dialect)

    @contextmanager
    def _read(self) -> Iterator[Tx]:
        with self._pool.connection() as connection:
            yield Tx(connection, self.dialect)

    def _stream(self, statement: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """A server-side (named) cursor: rows arrive in batches of `itersize`."""
        with self._pool.connection() as connection:
            with connection.cursor(name=f"newsgraph_{uuid4().hex}", row_factory=dict_row) as cursor:
                cursor.itersize = 500
                cursor.execute(Tx(connection, self.dialect).sql(statement), tuple(params))
                yield from cursor

    def _lock_for_migration(self, tx: Tx) -> None:
        tx.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))

    def _text_search_sql(self, query: SearchQuery, terms: list[str]) -> tuple[str, list[Any]]:
        clauses, params = filter_sql(query)
        statement = (
            "WITH hits AS (SELECT a.id, ts_rank(a.search, q.q) AS score, q.q AS q FROM articles a, "
            "(SELECT websearch_to_tsquery('english', ?) AS q) q "
            f"WHERE a.search @@ q.q AND {where(clauses)} ORDER BY score DESC, a.id LIMIT ? OFFSET ?) "
            "SELECT a.id, a.title, a.url, a.site_name, a.published, hits.score, "
            "ts_headline('english', concat_ws(' … ', a.title, a.summary, a.body), hits.q, ?) AS snip "
            "FROM hits JOIN articles a ON a.id = hits.id ORDER BY hits.score DESC, a.id"
        )
        return statement, [quoted_query(terms), *params, query.limit, query.offset, HEADLINE]

    def claim_jobs(self, worker: str, limit: int, now: str) -> list[Job]:
        with self._write() as tx:
            rows = tx.all(self._claim_sql("FOR UPDATE SKIP LOCKED"), self._claim_params(worker, limit, now))
        return self._jobs(rows)

    def close(self) -> None:
        self._pool.close()
