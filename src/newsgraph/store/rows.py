"""Flatten one contract article record into rows per kind (the columns of `columns.py`).

The `articles` row is built here; each kind of fact builds its own rows (`newsgraph/kinds.py`). Both
backends insert these rows and `export` writes them, so the SQL of the two backends is the only thing that
differs between them.
"""

from __future__ import annotations

from collections.abc import Callable

from newsgraph.dates import iso_date
from newsgraph.kinds import FACT_KINDS, Record, Row, json_text


def published_value(record: Record) -> str | None:
    """The record's publication date as ISO 8601; None when absent or not a date (a record from an older
    newsgraph), so it neither sorts first nor breaks the charts."""
    published = record.get("published")
    value = published.get("value") if isinstance(published, dict) else None
    return iso_date(value) if isinstance(value, str) else None


def article_rows(record: Record) -> list[Row]:
    published = (record.get("published") or {}) if published_value(record) else {}
    pipeline = record.get("pipeline") or {}
    return [{
        "article_id": record["id"],
        "schema": record.get("schema"),
        "url": record.get("url"),
        "site_name": record.get("site_name"),
        "title": record.get("title"),
        "summary": record.get("summary"),
        "language": record.get("language"),
        "authors": json_text(record.get("authors") or []),
        "published": published_value(record),
        "published_source": published.get("source"),
        "body": record.get("body"),
        "text": record.get("text"),
        "parts": json_text(record.get("parts") or []),
        "removed": json_text(record.get("removed") or []),
        "pipeline_version": pipeline.get("version"),
        "pipeline_model": pipeline.get("model"),
        "pipeline": json_text(pipeline),
        **{kind.count: len(record.get(kind.name) or []) for kind in FACT_KINDS},
    }]


ROW_BUILDERS: dict[str, Callable[[Record], list[Row]]] = {
    "articles": article_rows,
    **{kind.name: kind.rows for kind in FACT_KINDS},
}


def record_rows(record: Record, kind: str) -> list[Row]:
    """The rows of one kind for one record, each with exactly the columns of `columns.COLUMNS[kind]`."""
    return ROW_BUILDERS[kind](record)
