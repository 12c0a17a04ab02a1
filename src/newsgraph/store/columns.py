"""Fixed per-kind export columns (name, pyarrow type): the articles', each kind of fact's, stories' and errors'.

`newsgraph export --format parquet` and the Spark batch job write exactly these columns, so a Parquet
dataset from either can be read with the other's schema. The columns of the kinds of fact are declared with
their kind (`newsgraph/kinds.py`); nested lists that do not flatten well are JSON text columns (type "json",
named in `JSON_COLUMNS`). Every row carries its article id as `article_id`.
"""

from __future__ import annotations

import pyarrow as pa

from newsgraph.kinds import FACT_KINDS, Column

ARROW_TYPES: dict[str, pa.DataType] = {
    "str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "json": pa.string(),
}

ARTICLE_COLUMNS: tuple[Column, ...] = (
    ("article_id", "str"), ("schema", "str"), ("url", "str"), ("site_name", "str"), ("title", "str"),
    ("summary", "str"), ("language", "str"), ("authors", "json"), ("published", "str"), ("published_source", "str"),
    ("body", "str"), ("text", "str"), ("parts", "json"), ("removed", "json"), ("pipeline_version", "str"),
    ("pipeline_model", "str"), ("pipeline", "json"),
    *((kind.count, "int") for kind in FACT_KINDS),
)

DECLARED: dict[str, tuple[Column, ...]] = {
    "articles": ARTICLE_COLUMNS,
    **{kind.name: kind.columns for kind in FACT_KINDS},
    "stories": (
        ("story_id", "str"), ("article_id", "str"), ("duplicate_of", "str"), ("published", "str"), ("title", "str"),
        ("site_name", "str"), ("url", "str"), ("topic_id", "str"),
    ),
    "errors": (("article_id", "str"), ("origin", "str"), ("code", "str"), ("message", "str")),
}

COLUMNS: dict[str, tuple[tuple[str, pa.DataType], ...]] = {
    kind: tuple((name, ARROW_TYPES[type_]) for name, type_ in columns) for kind, columns in DECLARED.items()
}

JSON_COLUMNS: dict[str, frozenset[str]] = {
    kind: names for kind, columns in DECLARED.items()
    if (names := frozenset(name for name, type_ in columns if type_ == "json"))
}

KINDS: tuple[str, ...] = tuple(COLUMNS)


def column_names(kind: str) -> list[str]:
    return [name for name, _ in COLUMNS[kind]]


def arrow_schema(kind: str) -> pa.Schema:
    return pa.schema([pa.field(name, dtype) for name, dtype in COLUMNS[kind]])
