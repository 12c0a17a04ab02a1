"""A batch output read back for `newsgraph ingest OUTPUT`: records rebuilt from the Parquet rows, in input order.

The `provenance` dataset keeps the input order and what deduplication needs (content hash, canonical URL);
`ingest.load_batch` stores the records through the same Ingester steps as any other source.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from newsgraph.batch.records import record_from_rows
from newsgraph.batch.spark import DATASETS, PROVENANCE
from newsgraph.errors import UsageError
from newsgraph.kinds import FACT_KINDS, Row

Record = dict[str, Any]


def is_batch_output(location: str) -> bool:
    """A folder written by `newsgraph batch`: it holds `articles/` and `provenance/` datasets."""
    path = Path(location)
    return path.is_dir() and (path / "articles").is_dir() and (path / PROVENANCE).is_dir()


def read_rows(output: str | Path, kind: str) -> list[Row]:
    """Every row of one dataset, the `published_date` partition column included."""
    folder = Path(output) / kind
    if not folder.is_dir():
        raise UsageError(f"{output} is not a complete batch output: {kind}/ is missing; rerun newsgraph batch")
    dataset = ds.dataset(folder, format="parquet", partitioning="hive")
    if not dataset.files:
        return []
    return dataset.to_table().to_pylist()


def _children(output: str | Path) -> dict[str, dict[str, list[Row]]]:
    """kind of fact -> article id -> rows in written order, each row kept once.

    Identical documents share an id: a row is known by its article id and its kind's key.
    """
    grouped: dict[str, dict[str, list[Row]]] = {}
    for kind in FACT_KINDS:
        by_article: dict[str, list[Row]] = {}
        seen: set[tuple[str, Any]] = set()
        for row in read_rows(output, kind.name):
            key = (row["article_id"], row[kind.key])
            if key not in seen:
                seen.add(key)
                by_article.setdefault(row["article_id"], []).append(row)
        grouped[kind.name] = by_article
    return grouped


def iter_batch_records(output: str | Path) -> Iterator[tuple[Row, Record]]:
    """(provenance row, contract record or error record) per input document, in input order."""
    provenance = sorted(read_rows(output, PROVENANCE), key=lambda r: (r["file_index"], r["doc_index"]))
    articles: dict[str, Row] = {}
    for row in read_rows(output, "articles"):
        articles.setdefault(row["article_id"], row)
    errors = {(r["article_id"], r["origin"]): r for r in read_rows(output, "errors")}
    children = _children(output)
    for item in provenance:
        doc_id = item["article_id"]
        if item["failed"]:
            error = errors[(doc_id, item["source"])]
            yield item, {"id": doc_id, "error": {"code": error["code"], "message": error["message"]}}
        else:
            kinds = {kind: rows.get(doc_id, []) for kind, rows in children.items()}
            yield item, record_from_rows(articles[doc_id], kinds)


def check_complete(output: str | Path) -> None:
    """Raise UsageError unless every dataset of a batch output is there: checked before anything is stored."""
    missing = [kind for kind in DATASETS if not (Path(output) / kind).is_dir()]
    if missing:
        raise UsageError(f"{output} is not a complete batch output ({', '.join(missing)} missing); "
                         "rerun newsgraph batch")
