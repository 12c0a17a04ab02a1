"""SQLite backend: WAL, foreign keys, FTS5 over title, summary and body; all writes through one connection."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsgraph.errors import StoreFull, StoreUnavailable
from newsgraph.store.base import Store, Tx
from newsgraph.store.dialects import dialect_named


def _dict_row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


class SQLiteStore(Store):
    dialect = dialect_named("sqlite")

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise StoreUnavailable(
                f"cannot create the SQLite database {self.path}: the folder {self.path.parent} does not exist; "
                "create it or choose another --db"
            )
        self._lock = threading.RLock()
        self._local = threading.local()  # per thread: its read connection, and whether it is writing
        self._readers: list[sqlite3.Connection] = []
        try:
            self._connection = self._connect()
            self._connection.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as error:
            raise StoreUnavailable(
                f"cannot open the SQLite database {self.path}: {error}; check the path and its permissions"
            ) from error
        self._migrate()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        connection.row_factory = _dict_row
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute("PRAGMA busy_timeout = 30000")
        return connection

    @contextmanager
    def _write(self) -> Iterator[Tx]:
        with self._lock, _disk_full_as_store_error(self.path):
            self._connection.execute("BEGIN IMMEDIATE")  # take the write lock now: no upgrade deadlocks
            self._local.writing = True
            try:
                yield Tx(self._connection, self.dialect)
                self._connection.execute("COMMIT")
            except BaseException:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise
            finally:
                self._local.writing = False

    @contextmanager
    def _read(self) -> Iterator[Tx]:
        """Each thread reads on a read-only connection of its own: WAL lets readers run beside the writer."""
        if getattr(self._local, "writing", False):  # inside a write: read what it has written so far
            yield Tx(self._connection, self.dialect)
            return
        reader = getattr(self._local, "reader", None)
        if reader is None:
            reader = self._local.reader = self._connect()
            reader.execute("PRAGMA query_only = ON")
            with self._lock:
                self._readers.append(reader)
        yield Tx(reader, self.dialect)

    def _stream(self, statement: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Iterate a cursor on a connection of its own, so writes may go on while a stream is read (WAL)."""
        connection = self._connect()
        try:
            connection.execute("PRAGMA query_only = ON")
            yield from connection.execute(statement, tuple(params))
        finally:
            connection.close()

    def _backend_integrity(self, tx: Tx) -> list[str]:
        problems = [row["integrity_check"] for row in tx.all("PRAGMA integrity_check")
                    if row["integrity_check"] != "ok"]
        problems += [f"foreign key violation in {row['table']} row {row['rowid']} -> {row['parent']}"
                     for row in tx.all("PRAGMA foreign_key_check")]
        try:
            tx.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as error:
            problems.append(f"full-text index out of step with articles: {error}")
        return problems

    def close(self) -> None:
        with self._lock:
            for reader in self._readers:
                reader.close()
            self._readers.clear()
            self._connection.close()


@contextmanager
def _disk_full_as_store_error(path: Path) -> Iterator[None]:
    """SQLITE_FULL becomes StoreFull (NG306): the transaction was rolled back, the database is intact."""
    try:
        yield
    except sqlite3.OperationalError as error:
        if getattr(error, "sqlite_errorcode", None) != sqlite3.SQLITE_FULL:
            raise
        raise StoreFull(f"the disk holding {path} is full ({error}); the last transaction was rolled back and the "
                        "database is intact: free space, then run the command again") from error
