"""Rows per kind (the columns of `store/columns.py`) back into contract article records, and the date partition.

The batch job writes `rows.record_rows(record, kind)` for every kind; `record_from_rows` is its inverse (each
kind of fact rebuilds its items, `newsgraph/kinds.py`), so a batch output can be loaded into a store without
analyzing the pages again.
"""

from __future__ import annotations

import json
import re
from typing import Any

from newsgraph.kinds import FACT_KINDS, Kind, Row

PARTITION_COLUMN = "published_date"
UNKNOWN_DATE = "unknown"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def publication_date(published: str | None) -> str:
    """The partition value: the `YYYY-MM-DD` prefix of the record's `published.value`, else `unknown`.

    Computed from the `published` column alone, so an export (`newsgraph export articles --format parquet`)
    can be partitioned the same way from its own rows.
    """
    if published and _ISO_DATE.match(published):
        return published[:10]
    return UNKNOWN_DATE


def _loads(text: str | None, default: Any) -> Any:
    return default if text is None else json.loads(text)


def _items(kind: Kind, rows: list[Row]) -> list[dict[str, Any]]:
    if kind.rows_sorted_by_key:
        rows = sorted(rows, key=lambda row: row[kind.key])
    return [kind.item(row).to_record() for row in rows]


def record_from_rows(article: Row, children: dict[str, list[Row]]) -> dict[str, Any]:
    """The contract record rebuilt from its `articles` row and its rows of each kind of fact, in row order."""
    published = None if article["published"] is None else {
        "value": article["published"], "source": article["published_source"]}
    return {
        "schema": article["schema"],
        "id": article["article_id"],
        "url": article["url"],
        "site_name": article["site_name"],
        "title": article["title"],
        "summary": article["summary"],
        "language": article["language"],
        "authors": _loads(article["authors"], []),
        "published": published,
        "body": article["body"],
        "text": article["text"],
        "parts": _loads(article["parts"], []),
        "removed": _loads(article["removed"], []),
        **{kind.name: _items(kind, children.get(kind.name, [])) for kind in FACT_KINDS},
        "pipeline": _loads(article["pipeline"], {}),
    }
