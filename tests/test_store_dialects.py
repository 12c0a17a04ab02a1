"""The SQL dialects table (store/dialects.py): every backend and every migration has an entry per dialect, and a
dialect without one is an error, never another dialect's SQL."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from newsgraph.errors import UnknownDialect
from newsgraph.store import migrations
from newsgraph.store.base import Store, Tx
from newsgraph.store.dialects import DIALECTS, dialect_named
from newsgraph.store.postgres import PostgresStore
from newsgraph.store.sqlite import SQLiteStore


def test_store_dialects_every_backend_names_a_dialect_of_the_table() -> None:
    backends = {cls.__name__: cls.dialect for cls in Store.__subclasses__()}
    assert set(backends) >= {SQLiteStore.__name__, PostgresStore.__name__}
    for backend, dialect in backends.items():
        assert DIALECTS.get(dialect.name) is dialect, f"{backend} uses a dialect that is not in DIALECTS"
    assert {dialect.name for dialect in backends.values()} == set(DIALECTS), "a dialect no backend uses"


def test_store_dialects_every_migration_has_statements_for_exactly_the_dialects() -> None:
    for migration in migrations.MIGRATIONS:
        assert set(migration.sql) == set(DIALECTS), f"migration {migration.version}: {sorted(migration.sql)}"
        for name in DIALECTS:
            assert migration.statements(name), (migration.version, name)
            unfilled = [s for s in migration.statements(name) for t in ("id", "float", "bool", "bigint")
                        if "{" + t + "}" in s]
            assert not unfilled, (migration.version, name, unfilled)


def test_store_dialects_fill_the_same_type_placeholders() -> None:
    for dialect in DIALECTS.values():
        assert set(dialect.types) == {"id", "float", "bool", "bigint"}, dialect.name
        assert dialect.placeholder and dialect.name
    first, second = (dialect.types["float"] for dialect in DIALECTS.values())
    assert first != second  # each dialect its own types: neither borrowed the other's


def test_store_dialects_an_unknown_dialect_is_refused_with_its_code() -> None:
    with pytest.raises(UnknownDialect) as caught:
        dialect_named("mysql")
    assert caught.value.code == "NG308" and "sqlite" in caught.value.message and "postgres" in caught.value.message
    with pytest.raises(UnknownDialect):
        migrations.MIGRATIONS[0].statements("mysql")
    executed: list[str] = []
    unknown = dataclasses.replace(DIALECTS["postgres"], name="mysql")
    with pytest.raises(UnknownDialect):
        migrations.apply(migrations.MIGRATIONS[0], unknown, executed.append, lambda: executed.append("recorded"))
    assert executed == []  # refused before a statement ran: PostgreSQL's SQL is not tried instead


class _Recorder:
    """A connection that keeps the statements it is given."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, tuple[Any, ...]]] = []

    def execute(self, statement: str, params: tuple[Any, ...]) -> None:
        self.statements.append((statement, params))


@pytest.mark.parametrize(("name", "expected"), [
    ("sqlite", "SELECT id FROM jobs WHERE kind = ? AND done = ?"),
    ("postgres", "SELECT id FROM jobs WHERE kind = %s AND done = %s"),
])
def test_store_dialects_placeholders_are_the_drivers(name: str, expected: str) -> None:
    connection = _Recorder()
    Tx(connection, dialect_named(name)).execute("SELECT id FROM jobs WHERE kind = ? AND done = ?", ("poll", False))
    assert connection.statements == [(expected, ("poll", False))]
