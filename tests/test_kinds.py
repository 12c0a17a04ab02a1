"""Every place that lists the kinds of fact agrees with the one registry, `newsgraph/kinds.py`.

A kind added in one place only fails here: in the record but not the registry, in the registry without its
store table (a migration), its highlight in the reader or its row builder, or a stale list left anywhere.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from newsgraph.article import Article
from newsgraph.batch.records import record_from_rows
from newsgraph.batch.spark import ANALYSIS_KINDS, OUTPUT_KINDS
from newsgraph.cli import build_parser
from newsgraph.cli_corpus import EXPORT_KINDS
from newsgraph.kinds import BY_NAME, COLUMN_TYPES, FACT_KINDS, FACT_NAMES
from newsgraph.store import open_store
from newsgraph.store.base import FACT_TABLES, STATS_TABLES
from newsgraph.store.columns import COLUMNS, JSON_COLUMNS, KINDS, column_names
from newsgraph.store.rows import ROW_BUILDERS, record_rows
from newsgraph.web.reader import HIGHLIGHTS, record_spans

CONTRACT_SCHEMA = Path(__file__).resolve().parents[1] / "docs" / "contract" / "article.schema.json"
# Columns the store adds to a kind's rows: a row id, the run that wrote them, an entity's global id, a place's name key.
STORE_ONLY_COLUMNS = {"id", "pipeline_version", "global_entity_id", "norm_name"}

TEXT = "Ali Khan said on Monday in Lahore that talks failed."


def at(words: str) -> dict[str, int | str]:
    start = TEXT.index(words)
    return {"start": start, "end": start + len(words), "text": words}


RECORD = {
    "schema": "newsgraph.article/1", "id": "doc-1", "url": None, "site_name": None, "title": None,
    "summary": None, "language": "en", "authors": [], "published": {"value": "2024-04-01", "source": "input"},
    "body": TEXT, "text": TEXT, "parts": [{"kind": "paragraph", "start": 0, "end": len(TEXT)}], "removed": [],
    "entities": [{"id": "e1", "name": "Ali Khan", "type": "PERSON", "aliases": ["Khan"],
                  "roles": [{"title": "minister", "organization": None}],
                  "actor": {"country": "PAK", "sector": "GOV"}, "place": None,
                  "mentions": [at("Ali Khan")]},
                 {"id": "e2", "name": "Lahore", "type": "GPE", "aliases": [], "roles": [], "actor": None,
                  "place": "p1", "mentions": [at("Lahore")]}],
    "places": [{"id": "p1", "name": "Lahore", "geonames_id": 1172451, "lat": 31.5, "lon": 74.3,
                "country_code": "PK", "admin1": "04", "feature": "PPLA",
                "mentions": [at("Lahore")]}],
    "times": [{**at("Monday"), "type": "DATE", "value": "2024-04-01"}],
    "quotes": [{"id": "q1", "kind": "indirect", "speaker": {"entity": "e1", **at("Ali Khan")},
                "cue": at("said"),
                "content": at("talks failed")}],
    "events": [{"id": "v1", "type": "REJECT", "mode": None, "context": [],
                "source": [{"entity": "e1", **at("Ali Khan"), "country": "PAK",
                            "sector": "GOV"}], "target": [],
                "trigger": at("failed"), "sentence": {"start": 0, "end": len(TEXT)},
                "place": "p1", "date": {"value": "2024-04-01", "basis": "explicit"}, "negated": False,
                "hypothetical": False, "quote": "q1", "confidence": 0.5, "dead": None, "injured": None}],
    "pipeline": {"version": "test", "model": "none"},
}


def test_kinds_the_sample_record_is_true_to_its_text() -> None:
    for kind in FACT_KINDS:
        assert RECORD[kind.name], f"the sample record should carry {kind.name}"
    assert [TEXT[s.start:s.end] for s in record_spans(RECORD)] == [
        "Ali Khan", "Lahore", "Lahore", "Monday", "talks failed", "Ali Khan", "said", "failed"]


def test_kinds_the_record_holds_the_registry_kinds_in_its_order() -> None:
    record = Article(id="a", text="", body="", parts=[]).to_record()
    keys = list(record)
    facts = keys[keys.index("removed") + 1:keys.index("pipeline")]
    assert tuple(facts) == FACT_NAMES
    assert set(FACT_NAMES) <= {f.name for f in dataclasses.fields(Article)}
    assert Article.from_record(RECORD).to_record() == RECORD  # from_record reads every kind back
    schema = list(json.loads(CONTRACT_SCHEMA.read_text())["properties"])
    assert tuple(schema[schema.index("removed") + 1:schema.index("pipeline")]) == FACT_NAMES


def test_kinds_exports_batch_outputs_and_row_builders_list_the_registry() -> None:
    assert ("articles", *FACT_NAMES, "stories", "errors") == KINDS
    assert tuple(ROW_BUILDERS) == ("articles", *FACT_NAMES)
    assert ("articles", *FACT_NAMES) == ANALYSIS_KINDS
    assert ("articles", *FACT_NAMES, "errors") == OUTPUT_KINDS
    assert ("articles", *FACT_NAMES, "stories") == EXPORT_KINDS
    assert tuple(HIGHLIGHTS) == FACT_NAMES
    parser = build_parser()
    for kind in EXPORT_KINDS:
        assert parser.parse_args(["export", kind]).kind == kind
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "mentions"])


def test_kinds_columns_and_counts_come_from_the_registry() -> None:
    for kind in FACT_KINDS:
        assert column_names(kind.name) == kind.column_names()
        assert kind.key in kind.column_names() and kind.column_names()[0] == "article_id"
        assert {t for _, t in kind.columns} <= COLUMN_TYPES
        assert JSON_COLUMNS.get(kind.name, frozenset()) == {n for n, t in kind.columns if t == "json"}
        assert kind.count in column_names("articles")
    counts = [name for name in column_names("articles") if name.endswith("_count")]
    assert counts == [kind.count for kind in FACT_KINDS]
    assert len(set(COLUMNS)) == len(COLUMNS) and len(BY_NAME) == len(FACT_KINDS)


def test_kinds_rows_have_their_columns_and_give_the_record_back() -> None:
    articles = record_rows(RECORD, "articles")
    for kind in FACT_KINDS:
        rows = record_rows(RECORD, kind.name)
        assert rows and all(list(row) == kind.column_names() for row in rows), kind.name
        assert articles[0][kind.count] == len(RECORD[kind.name])
    children = {kind.name: record_rows(RECORD, kind.name) for kind in FACT_KINDS}
    assert record_from_rows(articles[0], children) == RECORD
    two_times = {**RECORD, "times": [RECORD["times"][0], {**RECORD["times"][0], "value": "XXXX-XX-XX"}]}
    children["times"] = list(reversed(record_rows(two_times, "times")))
    assert record_from_rows(articles[0], children)["times"] == two_times["times"]  # in their index's order


def test_kinds_store_tables_are_the_registry_tables(db_url: str) -> None:
    """The migrations (history, never edited) made a table for every kind with the kind's columns."""
    assert tuple(t.name for kind in FACT_KINDS for t in kind.store_tables()) == FACT_TABLES
    assert set(FACT_TABLES) <= set(STATS_TABLES)
    with open_store(db_url) as store, store.read() as tx:
        for kind in FACT_KINDS:
            for table in kind.store_tables():
                cursor = tx.execute(f"SELECT * FROM {table.name} WHERE 1 = 0")
                stored = [d[0] for d in cursor.description]
                rows = table.rows(RECORD)
                assert rows, table.name
                assert set(rows[0]) <= set(stored), f"{table.name}: {set(rows[0]) - set(stored)} not stored"
                extra = set(stored) - set(rows[0])
                assert extra <= STORE_ONLY_COLUMNS, f"{table.name}: {extra} filled by no one"
                assert ("pipeline_version" in stored) == table.versioned, table.name
    with open_store(db_url) as store:
        store.save_article(RECORD, content_hash="h1", url=None, canonical_url=None, source=None,
                           pipeline_version="test")
        counts = store.stats()
    for kind in FACT_KINDS:
        for table in kind.store_tables():
            assert counts[table.name] == len(table.rows(RECORD)), table.name


@pytest.mark.parametrize("kind", FACT_NAMES)
def test_kinds_a_kind_missing_from_the_record_gives_no_rows(kind: str) -> None:
    assert record_rows({**RECORD, kind: []}, kind) == []
    assert record_rows({k: v for k, v in RECORD.items() if k != kind}, kind) == []
