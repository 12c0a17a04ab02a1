"""PostgreSQL backend (psycopg 3): a connection pool; its SQL (tsvector search, SKIP LOCKED claims) is its dialect."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import uuid4

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from newsgraph.errors import StoreUnavailable
from newsgraph.store.base import Store, Tx
from newsgraph.store.dialects import dialect_named


class PostgresStore(Store):
    dialect = dialect_named("postgres")
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
                cursor.execute(self.dialect.sql(statement), tuple(params))
                yield from cursor

    def close(self) -> None:
        self._pool.close()
