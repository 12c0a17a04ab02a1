"""Shared fixtures: the evaluation data beside the repository, and one pipeline per test session."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
SEED = SHARED / "seeds" / "000_1068eae3f962de4e.txt"
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def need(path: Path) -> Path:
    """Skip the test, saying why, when a file of ../shared is not there."""
    if not path.exists():
        pytest.skip(f"{path} is absent: the evaluation data lives in ../shared beside the repository")
    return path


@pytest.fixture(scope="session")
def pipeline():
    from newsgraph.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_record(pipeline) -> dict:
    from newsgraph.sources.files import iter_documents

    docs = list(iter_documents([str(need(SEED))]))
    return pipeline.analyze_one(docs[0])


def _admin():  # not annotated: psycopg is imported lazily, most tests never touch PostgreSQL
    import psycopg

    try:
        return psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 is unreachable ({error}); start it with .ci/run")


@contextmanager
def postgres_database() -> Iterator[str]:
    """An empty PostgreSQL database of its own, dropped afterwards (skips where PostgreSQL is unreachable)."""
    admin = _admin()
    name = f"newsgraph_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request, tmp_path: Path) -> Iterator[str]:
    """A store URL on each backend: SQLite in tmp_path, PostgreSQL in a database created and dropped here."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    with postgres_database() as url:
        yield url
