"""The corpus store: one interface (`Store`), two backends (SQLite by default, PostgreSQL for teams)."""

from __future__ import annotations

import os
from pathlib import Path

from newsgraph.errors import BadDatabaseUrl, StoreNotFound
from newsgraph.store.base import FetchInfo, Job, Store, StoredArticle, StoryLink
from newsgraph.store.search import SearchHit, SearchQuery

DEFAULT_DB_URL = "sqlite:///newsgraph.db"

__all__ = [
    "DEFAULT_DB_URL", "FetchInfo", "Job", "SearchHit", "SearchQuery", "Store", "StoredArticle", "StoryLink",
    "default_db_url",
    "open_store",
]


def default_db_url() -> str:
    """The NEWSGRAPH_DB environment variable, else `sqlite:///newsgraph.db` in the working directory."""
    return os.environ.get("NEWSGRAPH_DB") or DEFAULT_DB_URL


def open_store(url: str | None = None, *, create: bool = True) -> Store:
    """Open (creating and migrating as needed) the store at `url`: `sqlite:///path` or `postgresql://...`.

    With `create=False` (commands that only read) a missing SQLite file is an error instead of a new empty store.
    """
    url = url or default_db_url()
    if url.startswith("sqlite:///"):
        from newsgraph.store.sqlite import SQLiteStore

        path = url.removeprefix("sqlite:///")
        if not path or path == ":memory:":
            raise BadDatabaseUrl(
                f"{url!r} names no file (an in-memory database cannot be shared by the store's connections): "
                "use sqlite:///newsgraph.db or sqlite:////abs/path.db"
            )
        if not create and not Path(path).is_file():
            raise StoreNotFound(
                f"there is no database at {path} ({url}); nothing has been stored there yet: run "
                f"`newsgraph ingest SOURCE --db {url}` first, or give the --db (or NEWSGRAPH_DB) of an existing store"
            )
        return SQLiteStore(path)
    if url.startswith(("postgresql://", "postgres://")):
        from newsgraph.store.postgres import PostgresStore

        return PostgresStore(url)
    raise BadDatabaseUrl(
        f"unsupported database URL {url!r}: use sqlite:///path/to/file.db or postgresql://user@host:port/dbname"
    )
