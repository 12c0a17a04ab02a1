"""`newsgraph batch`: the analysis on Apache Spark, one Pipeline per executor process, Parquet per kind out.

The job: list the input files on the driver; read each file into documents on an executor (spread
round-robin over more partitions when there are fewer files than cores); analyze every partition with the
executor process's one Pipeline, batch by batch through `nlp.pipe`; turn each record into the rows of
`store/columns.py`; write one Parquet dataset per kind, partitioned by publication date. A document that
cannot be analyzed becomes an `errors` row, never a failed task.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa

from newsgraph.batch.inputs import content_documents, file_documents, is_local, list_local
from newsgraph.batch.records import PARTITION_COLUMN, UNKNOWN_DATE, publication_date
from newsgraph.config import Settings
from newsgraph.document import Document, content_hash
from newsgraph.errors import AnalysisFailed, UsageError
from newsgraph.kinds import FACT_NAMES
from newsgraph.pipeline import Pipeline, Record, error_record
from newsgraph.sources.urls import canonical_url
from newsgraph.store.columns import COLUMNS, arrow_schema
from newsgraph.store.rows import published_value, record_rows

ANALYSIS_KINDS: tuple[str, ...] = ("articles", *FACT_NAMES)
OUTPUT_KINDS: tuple[str, ...] = (*ANALYSIS_KINDS, "errors")
# One row per input document, in input order: what `ingest OUTPUT` needs to store the records as `ingest` would
# (content hash and canonical URL for deduplication, the source, and the input order stories depend on).
PROVENANCE = "provenance"
PROVENANCE_COLUMNS: tuple[tuple[str, pa.DataType], ...] = (
    ("article_id", pa.string()), ("file_index", pa.int64()), ("doc_index", pa.int64()), ("source", pa.string()),
    ("url", pa.string()), ("canonical_url", pa.string()), ("content_hash", pa.string()), ("failed", pa.bool_()),
)
DATASETS: tuple[str, ...] = (*OUTPUT_KINDS, PROVENANCE)
PARTITIONS_PER_CORE = 8  # small partitions keep both cores busy to the end of the job


@dataclass
class BatchReport:
    """What one batch run wrote."""

    files: int = 0
    documents: int = 0
    articles: int = 0
    errors: int = 0
    partitions: int = 0
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    phases: dict[str, float] = field(default_factory=dict)  # seconds: start (Spark up), analyze, write


def dataset_columns(kind: str) -> tuple[tuple[str, pa.DataType], ...]:
    return PROVENANCE_COLUMNS if kind == PROVENANCE else COLUMNS[kind]


def dataset_schema(kind: str) -> pa.Schema:
    """The Arrow schema of one output dataset's files (the partition column lives in the folder names)."""
    if kind == PROVENANCE:
        return pa.schema([pa.field(name, dtype) for name, dtype in PROVENANCE_COLUMNS])
    return arrow_schema(kind)


# Executor side -------------------------------------------------------------------------------------------

_pipeline: tuple[Settings, Pipeline] | None = None


def executor_pipeline(settings: Settings) -> Pipeline:
    """The executor process's one Pipeline: loaded by its first task, reused by the next (Python workers are reused)."""
    global _pipeline
    if _pipeline is None or _pipeline[0] != settings:
        _pipeline = (settings, Pipeline(settings))
    return _pipeline[1]


def _analyze(pipeline: Pipeline, documents: list[Document]) -> list[Record]:
    """Records for one batch; should the batch itself fail, each document is retried alone."""
    try:
        return pipeline.analyze_batch(documents)
    except Exception:  # noqa: BLE001 (a batch failure must cost at most the documents that cause it)
        records = []
        for document in documents:
            try:
                records.append(pipeline.analyze_one(document))
            except Exception as exc:  # noqa: BLE001
                records.append(error_record(document.id, AnalysisFailed(
                    f"analysis failed unexpectedly ({type(exc).__name__}: {exc}); please report it")))
        return records


def _values(kind: str, row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row.get(name) for name, _ in dataset_columns(kind))


def _output_row(kind: str, date: str, values: tuple[Any, ...]) -> tuple[Any, ...]:
    """One row of the combined frame: the kind, the date, and the struct of that kind (the others null)."""
    return (kind, date, *(values if k == kind else None for k in DATASETS))


def document_rows(file_index: int, doc_index: int, document: Document, record: Record,
                  input_label: str) -> Iterator[tuple[Any, ...]]:
    """The rows of every kind for one analyzed document, plus its provenance row."""
    failed = "error" in record
    if document.error is not None:
        digest, canonical, source = content_hash(document.id), None, input_label
    else:
        digest = content_hash(document.content)
        canonical = canonical_url(document.url) if document.url else None
        source = document.origin or input_label
    date = UNKNOWN_DATE if failed else publication_date(published_value(record))
    yield _output_row(PROVENANCE, date, _values(PROVENANCE, {
        "article_id": record["id"], "file_index": file_index, "doc_index": doc_index, "source": source,
        "url": document.url, "canonical_url": canonical, "content_hash": digest, "failed": failed}))
    if failed:
        error = record["error"]
        yield _output_row("errors", date, (record["id"], source, error["code"], error["message"]))
        return
    for kind in ANALYSIS_KINDS:
        for row in record_rows(record, kind):
            yield _output_row(kind, date, _values(kind, row))


def analyze_partition(settings: Settings, input_label: str,
                      items: Iterable[tuple[int, int, Document]]) -> Iterator[tuple[Any, ...]]:
    """mapPartitions: documents in, rows out, batch by batch through the process's one Pipeline."""
    pipeline = executor_pipeline(settings)
    iterator = iter(items)
    while batch := list(islice(iterator, settings.batch_size)):
        records = _analyze(pipeline, [document for _, _, document in batch])
        for (file_index, doc_index, document), record in zip(batch, records, strict=True):
            yield from document_rows(file_index, doc_index, document, record, input_label)


def read_local(max_bytes: int, item: tuple[int, str]) -> Iterator[tuple[int, int, Document]]:
    file_index, path = item
    for doc_index, document in enumerate(file_documents(path, max_bytes)):
        yield file_index, doc_index, document


def read_remote(max_bytes: int, indexes: dict[str, int],
                item: tuple[str, bytes]) -> Iterator[tuple[int, int, Document]]:
    uri, content = item
    for doc_index, document in enumerate(content_documents(uri, content, max_bytes)):
        yield indexes[uri], doc_index, document


def _spread_key(item: tuple[int, int, Document]) -> int:
    return item[0] * 7919 + item[1]  # file index and document index: consecutive documents differ by one


def _identity(key: int) -> int:
    return key


# Driver side ---------------------------------------------------------------------------------------------

def _spark_type(dtype: pa.DataType) -> Any:
    from pyspark.sql import types as T

    if pa.types.is_string(dtype):
        return T.StringType()
    if pa.types.is_int64(dtype):
        return T.LongType()
    if pa.types.is_float64(dtype):
        return T.DoubleType()
    if pa.types.is_boolean(dtype):
        return T.BooleanType()
    raise TypeError(f"no Spark type for {dtype}")


def combined_schema() -> Any:
    """kind, published_date, then one nullable struct per dataset: one Python-to-JVM pass serves every kind."""
    from pyspark.sql import types as T

    structs = [T.StructField(kind, T.StructType([T.StructField(name, _spark_type(dtype), True)
                                                 for name, dtype in dataset_columns(kind)]), True)
               for kind in DATASETS]
    return T.StructType([T.StructField("kind", T.StringType(), False),
                         T.StructField(PARTITION_COLUMN, T.StringType(), False), *structs])


def _remote_files(spark: Any, location: str) -> list[str]:
    """Files under a non-local INPUT, listed with Hadoop's file system API (HDFS, S3A, GCS...)."""
    jvm = spark.sparkContext._jvm  # noqa: SLF001 (PySpark exposes Hadoop's file systems only this way)
    conf = spark.sparkContext._jsc.hadoopConfiguration()  # noqa: SLF001
    path = jvm.org.apache.hadoop.fs.Path(location)
    fs = path.getFileSystem(conf)
    files: list[str] = []
    for status in fs.globStatus(path) or []:
        if status.isDirectory():
            listing = fs.listFiles(status.getPath(), True)
            while listing.hasNext():
                files.append(listing.next().getPath().toString())
        else:
            files.append(status.getPath().toString())
    from newsgraph.sources.expand import INGEST_FOLDER_SUFFIXES

    files = sorted(f for f in files if f.lower().endswith(INGEST_FOLDER_SUFFIXES))
    if not files:
        raise UsageError(f"batch input {location!r} holds no .warc[.gz], .jsonl[.gz], .html or .txt file")
    return files


def _documents(spark: Any, location: str, max_bytes: int) -> tuple[Any, int]:
    """An RDD of (file index, document index, Document) and the number of input files."""
    context = spark.sparkContext
    if is_local(location):
        files = list_local(location)
        rdd = context.parallelize(list(enumerate(files)), len(files)).flatMap(partial(read_local, max_bytes))
        return rdd, len(files)
    files = _remote_files(spark, location)
    indexes = {uri: i for i, uri in enumerate(files)}
    rdd = context.binaryFiles(",".join(files)).flatMap(partial(read_remote, max_bytes, indexes))
    return rdd, len(files)


def _session(master: str, conf: dict[str, str]) -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise UsageError("newsgraph batch needs pyspark: pip install 'newsgraph[spark]' (and Java 17)") from None
    if master.startswith("local"):
        # Local executors run this very interpreter, so they import the same newsgraph and model.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName("newsgraph batch")
    for key, value in {"spark.ui.showConsoleProgress": "false", "spark.python.worker.reuse": "true",
                       **conf}.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001 (Java missing or the master unreachable: say so, not a traceback)
        raise UsageError(f"could not start Spark with master {master!r} ({type(exc).__name__}: {exc}); "
                         "check that Java 17 is installed (JAVA_HOME) and the master URL is right") from None
    spark.sparkContext.setLogLevel("WARN")
    return spark


def run_batch(input_location: str, output: str, settings: Settings, *, master: str = "local[*]",
              partitions: int | None = None, conf: dict[str, str] | None = None) -> BatchReport:
    """Analyze every document under `input_location` on Spark and write the Parquet datasets under `output`."""
    if is_local(output) and Path(output).exists() and any(Path(output).iterdir()):
        raise UsageError(f"batch output {output!r} already exists and is not empty; remove it or choose another")
    if is_local(input_location):
        list_local(input_location)  # a missing or empty input is a usage error before Spark starts
    started = time.perf_counter()
    spark = _session(master, conf or {})
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    phases = {"start": time.perf_counter() - started}
    try:
        documents, files = _documents(spark, input_location, settings.max_bytes)
        target = partitions or spark.sparkContext.defaultParallelism * PARTITIONS_PER_CORE
        if files < target:
            # Keyed, so that documents (not PySpark's pickled batches of them) are dealt out round-robin.
            documents = (documents.keyBy(_spread_key).partitionBy(target, _identity).values())
        rows = documents.mapPartitions(partial(analyze_partition, settings, input_location))
        frame = spark.createDataFrame(rows, combined_schema(), verifySchema=False)
        frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
        counts = {row["kind"]: row["count"] for row in frame.groupBy("kind").count().collect()}
        phases["analyze"] = time.perf_counter() - started - phases["start"]
        base = output.rstrip("/")
        # Each publication date in one write task: one file per date and kind, not one per task and date
        # (on a corpus spread over many dates, opening and committing small files is what writing costs).
        written = frame.repartition(spark.sparkContext.defaultParallelism, PARTITION_COLUMN)

        def write(kind: str) -> None:
            (written.where(F.col("kind") == kind).select(f"{kind}.*", PARTITION_COLUMN)
             .write.partitionBy(PARTITION_COLUMN).parquet(f"{base}/{kind}"))

        # The write jobs are small and mostly wait on scheduling and commits: run them side by side.
        with ThreadPoolExecutor(len(DATASETS)) as writers:
            list(writers.map(write, DATASETS))
        frame.unpersist()
        phases["write"] = time.perf_counter() - started - phases["start"] - phases["analyze"]
        return BatchReport(files=files, documents=counts.get(PROVENANCE, 0), articles=counts.get("articles", 0),
                           errors=counts.get("errors", 0), partitions=target if files < target else files,
                           seconds=time.perf_counter() - started,
                           rows={kind: counts.get(kind, 0) for kind in OUTPUT_KINDS}, phases=phases)
    finally:
        spark.stop()
