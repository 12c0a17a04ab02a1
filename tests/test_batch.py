"""`newsgraph batch` on Spark local[2]: a WARC built from ../shared/data matches `analyze` and `ingest`."""

from __future__ import annotations

import gzip
import html
import io
import os
import shutil
from pathlib import Path

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from conftest import DATA
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.batch.inputs import list_local
from newsgraph.batch.load import iter_batch_records
from newsgraph.batch.records import UNKNOWN_DATE, publication_date, record_from_rows
from newsgraph.batch.spark import OUTPUT_KINDS, PROVENANCE
from newsgraph.cli import main
from newsgraph.config import Settings
from newsgraph.errors import UsageError
from newsgraph.ingest import ingest, load_batch
from newsgraph.kinds import FACT_NAMES
from newsgraph.pipeline import analyze_parallel
from newsgraph.sources.warc import iter_warc
from newsgraph.store import open_store
from newsgraph.store.columns import KINDS, arrow_schema
from newsgraph.store.export import export_rows
from newsgraph.store.rows import record_rows

SCRAPINGHUB = DATA / "extraction" / "scrapinghub" / "html"
POLNEAR = DATA / "quotes" / "polnear"
SCRAPINGHUB_PAGES, POLNEAR_PAGES = 50, 148  # plus one repeated page and one empty page: 200 responses
SETTINGS = Settings(workers=2)


def _need_spark() -> None:
    pytest.importorskip("pyspark", reason="pyspark is absent: pip install 'newsgraph[spark]' to run the batch tests")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Java is absent (no java on PATH, no JAVA_HOME): newsgraph batch needs Java 17")
    if not SCRAPINGHUB.is_dir() or not POLNEAR.is_dir():
        pytest.skip(f"{DATA} is absent: the evaluation data lives in ../shared beside the repository")


def _pages() -> list[tuple[str, bytes]]:
    """News pages: ScrapingHub HTML as crawled, PolNeAR articles wrapped in minimal HTML."""
    pages = [(f"https://pages.example/sh/{path.name.split('.')[0]}", gzip.decompress(path.read_bytes()))
             for path in sorted(SCRAPINGHUB.glob("*.html.gz"))[:SCRAPINGHUB_PAGES]]
    for path in sorted(POLNEAR.glob("*/text/*.txt"))[:POLNEAR_PAGES]:
        title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
        paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>" for p in body.split("\n") if p.strip())
        page = (f"<html><head><title>{html.escape(title)}</title></head><body><article><h1>{html.escape(title)}"
                f"</h1>{paragraphs}</article></body></html>")
        pages.append((f"https://pages.example/polnear/{path.stem}", page.encode()))
    pages.insert(5, (pages[2][0] + "?copy=1", pages[2][1]))  # the same content twice: stored once by ingest
    pages.insert(9, ("https://pages.example/empty", b"<html><body></body></html>"))  # an error row
    return pages


def _write_warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for url, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The WARC, its `batch` output on local[2], and `analyze` of the same pages."""
    _need_spark()
    folder = tmp_path_factory.mktemp("batch")
    warc = folder / "pages.warc.gz"
    _write_warc(warc, _pages())
    output = folder / "out"
    assert main(["batch", str(warc), str(output), "--master", "local[2]"]) == 1  # 1: the empty page's error row
    expected = list(analyze_parallel(iter_warc(warc, SETTINGS.max_bytes), SETTINGS))
    return {"warc": warc, "output": output, "expected": expected, "folder": folder}


@pytest.fixture(scope="module")
def direct_store(corpus: dict) -> str:
    """`ingest` of the WARC itself into SQLite: what loading the batch output must reproduce."""
    url = f"sqlite:///{corpus['folder'] / 'direct.db'}"
    with open_store(url) as store:
        ingest([str(corpus["warc"])], store, SETTINGS)
    return url


def _exported(url: str) -> dict[str, list[dict]]:
    with open_store(url) as store:
        return {kind: list(store.iter_rows(kind)) for kind in KINDS}


def test_batch_output_matches_analyze_record_for_record(corpus: dict) -> None:
    loaded = [record for _, record in iter_batch_records(corpus["output"])]
    expected = corpus["expected"]
    assert len(expected) == 200
    assert [r["id"] for r in loaded] == [r["id"] for r in expected]
    assert sum("error" in r for r in loaded) == 1
    # Rows are keyed by article id: of two documents with the same content (hence id), the first is kept.
    first: dict[str, dict] = {}
    for record in expected:
        first.setdefault(record["id"], record)
    assert len(first) == len(expected) - 1
    for got in loaded:
        assert got == first[got["id"]], f"record {got['id']} differs"
    assert sum(len(r.get("events", [])) for r in loaded) > 50  # the pages do carry events


def test_batch_output_has_the_export_schema_per_kind(corpus: dict, tmp_path: Path) -> None:
    for kind in OUTPUT_KINDS:
        files = sorted((corpus["output"] / kind).rglob("*.parquet"))
        assert files, f"{kind}: no Parquet file"
        for file in files:
            assert pq.read_schema(file).remove_metadata() == arrow_schema(kind), f"{kind}: {file}"
    # The same schema as `newsgraph export --format parquet` writes from a store.
    url = f"sqlite:///{tmp_path / 'export.db'}"
    with open_store(url) as store:
        load_batch(corpus["output"], store, SETTINGS)
        for kind in ("articles", "entities", "events"):
            export_rows(store, kind, "parquet", tmp_path / f"{kind}.parquet")
            exported = pq.read_schema(tmp_path / f"{kind}.parquet").remove_metadata()
            batch_file = next((corpus["output"] / kind).rglob("*.parquet"))
            assert exported == pq.read_schema(batch_file).remove_metadata()


def test_batch_output_is_partitioned_by_publication_date(corpus: dict) -> None:
    articles = ds.dataset(corpus["output"] / "articles", format="parquet", partitioning="hive").to_table()
    rows = articles.to_pylist()
    assert {r["published_date"] for r in rows} - {UNKNOWN_DATE}, "no page had a publication date"
    for row in rows:
        assert row["published_date"] == publication_date(row["published"])
    errors = ds.dataset(corpus["output"] / "errors", format="parquet", partitioning="hive").to_table().to_pylist()
    assert [e["published_date"] for e in errors] == [UNKNOWN_DATE]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_batch_ingest_output_equals_ingesting_the_pages(corpus: dict, direct_store: str, backend: str,
                                                         request: pytest.FixtureRequest) -> None:
    url = _store_url(request, backend)
    assert main(["ingest", str(corpus["output"]), "--db", url, "--quiet"]) == 1  # the error row is stored too
    assert _exported(url) == _exported(direct_store)
    with open_store(url) as store:
        again = load_batch(corpus["output"], store, SETTINGS)
    assert again.stored == 0 and again.skipped == 199  # idempotent, like ingest


def _store_url(request: pytest.FixtureRequest, backend: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{request.getfixturevalue('tmp_path') / 'loaded.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.mark.parametrize(("published", "partition"), [
    ("2024-04-02", "2024-04-02"),
    ("2024-04-02T09:30:00+02:00", "2024-04-02"),
    ("2024-04", UNKNOWN_DATE),
    (None, UNKNOWN_DATE),
    ("yesterday", UNKNOWN_DATE),
])
def test_batch_publication_date_partition(published: str | None, partition: str) -> None:
    assert publication_date(published) == partition


def test_batch_record_rebuilt_from_rows_equals_the_record(seed_record: dict) -> None:
    rows = {kind: record_rows(seed_record, kind) for kind in FACT_NAMES}
    assert seed_record["entities"], "the seed article should carry entities"
    assert record_from_rows(record_rows(seed_record, "articles")[0], rows) == seed_record


def test_batch_input_listing_is_sorted_and_rejects_nothing_to_read(tmp_path: Path) -> None:
    for name in ("b.warc.gz", "a.jsonl", "c.html", "notes.md"):
        (tmp_path / name).write_text("x")
    assert [Path(p).name for p in list_local(str(tmp_path))] == ["a.jsonl", "b.warc.gz", "c.html"]
    assert [Path(p).name for p in list_local(str(tmp_path / "*.html"))] == ["c.html"]
    with pytest.raises(UsageError):
        list_local(str(tmp_path / "missing"))
    with pytest.raises(UsageError):
        list_local(str(tmp_path / "*.warc"))


def test_batch_output_provenance_keeps_input_order(corpus: dict) -> None:
    rows = ds.dataset(corpus["output"] / PROVENANCE, format="parquet", partitioning="hive").to_table().to_pylist()
    ordered = sorted(rows, key=lambda r: (r["file_index"], r["doc_index"]))
    assert [r["doc_index"] for r in ordered] == list(range(200))
    assert [r["article_id"] for r in ordered] == [r["id"] for r in corpus["expected"]]


def test_batch_usage_errors_exit_2_before_spark_starts(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file").write_text("x")
    (tmp_path / "in.jsonl").write_text('{"id": "a", "text": "Some text."}\n')
    assert main(["batch", str(tmp_path / "missing"), str(tmp_path / "out")]) == 2
    assert main(["batch", str(tmp_path / "in.jsonl"), str(tmp_path / "taken")]) == 2
    assert not (tmp_path / "out").exists()
