"""Export one kind of row to JSON Lines, CSV or Parquet, streaming in chunks (never all rows in memory).

CSV and Parquet hold nested fields (lists of spans, roles, actors) as JSON text; JSON Lines holds them as JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.errors import BadExportRequest
from newsgraph.store.base import Store
from newsgraph.store.columns import JSON_COLUMNS, KINDS, arrow_schema, column_names

FORMATS = ("jsonl", "csv", "parquet")
CHUNK_ROWS = 2_000


@contextmanager
def _binary(out: str | Path | BinaryIO) -> Iterator[BinaryIO]:
    if isinstance(out, (str, Path)):
        with open(out, "wb") as handle:
            yield handle
    else:
        yield out


@contextmanager
def _text(handle: BinaryIO) -> Iterator[io.TextIOWrapper]:
    """Text on top of a binary stream that is left open for the caller."""
    wrapper = io.TextIOWrapper(handle, encoding="utf-8", newline="")
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()


def export_rows(store: Store, kind: str, fmt: Literal["jsonl", "csv", "parquet"], out: str | Path | BinaryIO) -> int:
    """Write every row of `kind` to `out` in `fmt`; returns the number of rows written."""
    if kind not in KINDS:
        raise BadExportRequest(f"unknown export kind {kind!r}: use one of {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise BadExportRequest(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    rows = store.iter_rows(kind)
    count = 0
    with _binary(out) as handle:
        if fmt == "parquet":
            schema = arrow_schema(kind)
            with pq.ParquetWriter(handle, schema) as writer:
                while chunk := list(islice(rows, CHUNK_ROWS)):
                    writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                    count += len(chunk)
            return count
        with _text(handle) as text:
            if fmt == "csv":
                writer = csv.DictWriter(text, fieldnames=column_names(kind), extrasaction="ignore")
                writer.writeheader()
                for row in rows:
                    writer.writerow(row)
                    count += 1
            else:
                nested = JSON_COLUMNS.get(kind, frozenset())
                for row in rows:
                    text.write(json.dumps(_decoded(row, nested), ensure_ascii=False) + "\n")
                    count += 1
    return count


def _decoded(row: dict[str, Any], nested: frozenset[str]) -> dict[str, Any]:
    """JSON Lines can hold lists and objects: the JSON text columns (CSV and Parquet keep) go out as JSON values."""
    return {name: json.loads(value) if name in nested and isinstance(value, str) else value
            for name, value in row.items()}
