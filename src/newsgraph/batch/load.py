"""`newsgraph ingest OUTPUT`: store a batch output's records as `ingest` would, without analyzing again.

The records are rebuilt from the Parquet rows and stored in input order (the `provenance` dataset keeps
it), through the same Ingester steps as `ingest`: the same deduplication by content hash and canonical URL,
the same story clustering and canonical events, one transaction per article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from newsgraph.batch.records import record_from_rows
from newsgraph.batch.spark import DATASETS, PROVENANCE
from newsgraph.config import Settings
from newsgraph.errors import UsageError
from newsgraph.ingest import Ingester, IngestReport, Pending, ingest
from newsgraph.kinds import FACT_KINDS, Row
from newsgraph.sources.expand import folder_files
from newsgraph.sources.files import Document
from newsgraph.sources.urls import is_web_url
from newsgraph.store import Store

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


def load_batch(output: str | Path, store: Store, settings: Settings, *,
               on_document: Callable[[str, str], None] = lambda doc_id, outcome: None) -> IngestReport:
    """Store the records of a batch output as `ingest` of the same pages would; nothing is analyzed."""
    missing = [kind for kind in DATASETS if not (Path(output) / kind).is_dir()]
    if missing:  # checked before anything is stored
        raise UsageError(f"{output} is not a complete batch output ({', '.join(missing)} missing); "
                         "rerun newsgraph batch")
    ingester = Ingester(store, settings, on_document=on_document)
    try:
        for item, record in iter_batch_records(output):
            pending = _pending(ingester, item)
            if pending is not None:
                ingester.store_record(pending, record)
    finally:
        ingester.fetcher.close()
    return ingester.report


def _pending(ingester: Ingester, item: Row) -> Pending | None:
    """What `Ingester.admit` decides for the page, from the stored hash and URL instead of the content."""
    document = Document(id=item["article_id"], kind="html", content=b"", url=item["url"], origin=item["source"])
    if item["failed"]:
        return Pending(document, item["content_hash"], None, item["source"], replaces=False)
    return ingester.admit(document, item["source"], digest=item["content_hash"], canonical=item["canonical_url"])


def planned_sources(sources: Iterable[str]) -> list[str]:
    """The sources one by one, as `ingest` reads them: a folder (not a batch output) becomes its files."""
    plan: list[str] = []
    for source in sources:
        path = Path(source)
        if not is_web_url(source) and path.is_dir() and not is_batch_output(source):
            plan.extend(str(file) for file in folder_files(path))
        else:
            plan.append(source)
    return plan


def ingest_sources(sources: Iterable[str], store: Store, settings: Settings, *, reanalyze: bool = False,
                   on_document: Callable[[str, str], None] = lambda doc_id, outcome: None,
                   on_source: Callable[[int, int, str], None] = lambda index, total, source: None) -> IngestReport:
    """`newsgraph ingest`: batch outputs are loaded, every other source is fetched and analyzed, in the order given.

    `on_source(index, total, source)` is called as the documents reported on start coming from the source at
    `index` (1-based; 0 for a document of a batch output) of `total` (a folder counts as its files); it is first
    called with index 0 and no source, to give the total before anything is analyzed.
    """
    total = IngestReport()
    plain: list[str] = []
    plan = planned_sources(sources)
    positions: dict[str, int] = {}
    for index, source in enumerate(plan, start=1):
        positions.setdefault(source, index)

    def begin(source: str) -> None:
        on_source(positions.get(source, 0), len(plan), source)

    def flush() -> None:
        if plain:
            _add(total, ingest(list(plain), store, settings, reanalyze=reanalyze, on_document=on_document,
                               on_source=begin))
            plain.clear()

    on_source(0, len(plan), "")  # the total, before the first document is analyzed
    for source in plan:
        if is_batch_output(source):
            flush()
            begin(source)
            _add(total, load_batch(source, store, settings, on_document=on_document))
        else:
            plain.append(source)
    flush()
    return total


def _add(total: IngestReport, part: IngestReport) -> None:
    total.stored += part.stored
    total.reanalyzed += part.reanalyzed
    total.skipped += part.skipped
    total.failed += part.failed
    total.duplicates += part.duplicates
    total.stories |= part.stories
    total.errors.extend(part.errors)

