"""Fixed per-kind export columns (name, pyarrow type), derived from the contract article record.

`newsgraph export --format parquet` and the Spark batch job write exactly these columns, so a Parquet
dataset from either can be read with the other's schema. Nested lists that do not flatten well are JSON
text columns (named in `JSON_COLUMNS`). Every row carries its article id as `article_id`.
"""

from __future__ import annotations

import pyarrow as pa

S = pa.string()
N = pa.int64()
F = pa.float64()
B = pa.bool_()

COLUMNS: dict[str, tuple[tuple[str, pa.DataType], ...]] = {
    "articles": (
        ("article_id", S), ("schema", S), ("url", S), ("site_name", S), ("title", S), ("summary", S),
        ("language", S), ("authors", S), ("published", S), ("published_source", S), ("body", S), ("text", S),
        ("parts", S), ("removed", S), ("pipeline_version", S), ("pipeline_model", S), ("pipeline", S),
        ("entity_count", N), ("place_count", N), ("time_count", N), ("quote_count", N), ("event_count", N),
    ),
    "entities": (
        ("article_id", S), ("entity_id", S), ("name", S), ("type", S), ("aliases", S), ("roles", S),
        ("actor_country", S), ("actor_sector", S), ("place_id", S), ("mention_count", N), ("mentions", S),
    ),
    "places": (
        ("article_id", S), ("place_id", S), ("name", S), ("geonames_id", N), ("lat", F), ("lon", F),
        ("country_code", S), ("admin1", S), ("feature", S), ("mention_count", N), ("mentions", S),
    ),
    "times": (
        ("article_id", S), ("time_index", N), ("start", N), ("end", N), ("text", S), ("type", S), ("value", S),
    ),
    "quotes": (
        ("article_id", S), ("quote_id", S), ("kind", S), ("speaker_entity", S), ("speaker_start", N),
        ("speaker_end", N), ("speaker_text", S), ("cue_start", N), ("cue_end", N), ("cue_text", S),
        ("content_start", N), ("content_end", N), ("content_text", S),
    ),
    "events": (
        ("article_id", S), ("event_id", S), ("type", S), ("mode", S), ("context", S), ("source", S),
        ("target", S), ("trigger_start", N), ("trigger_end", N), ("trigger_text", S), ("sentence_start", N),
        ("sentence_end", N), ("place_id", S), ("date_value", S), ("date_basis", S), ("negated", B),
        ("hypothetical", B), ("quote_id", S), ("confidence", F), ("dead", N), ("injured", N),
        ("canonical_id", S),
    ),
    "stories": (
        ("story_id", S), ("article_id", S), ("duplicate_of", S), ("published", S), ("title", S),
        ("site_name", S), ("url", S), ("topic_id", S),
    ),
    "errors": (
        ("article_id", S), ("origin", S), ("code", S), ("message", S),
    ),
}

JSON_COLUMNS: dict[str, frozenset[str]] = {
    "articles": frozenset({"authors", "parts", "removed", "pipeline"}),
    "entities": frozenset({"aliases", "roles", "mentions"}),
    "places": frozenset({"mentions"}),
    "events": frozenset({"context", "source", "target"}),
}

KINDS: tuple[str, ...] = tuple(COLUMNS)


def column_names(kind: str) -> list[str]:
    return [name for name, _ in COLUMNS[kind]]


def arrow_schema(kind: str) -> pa.Schema:
    return pa.schema([pa.field(name, dtype) for name, dtype in COLUMNS[kind]])
