"""Ingest throughput: analysis alone vs ingest into SQLite and into PostgreSQL, on the same corpus, in one run.

Storage, near-duplicate detection, story clustering and event merging should cost at most 20% on top of
analysis. `python bench/ingest.py [--limit N] [--pg postgresql://postgres@127.0.0.1:5432/postgres]`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import DATA, DEFAULT_OUT, build, write

from newsgraph.config import Settings
from newsgraph.ingest import ingest
from newsgraph.pipeline import Pipeline
from newsgraph.sources.files import iter_documents
from newsgraph.store import open_store


def time_analyze(corpus: Path, settings: Settings) -> tuple[float, int]:
    pipeline = Pipeline(settings)
    started = time.perf_counter()
    count = sum(1 for _ in pipeline.analyze(iter_documents([str(corpus)], "jsonl", settings.max_bytes)))
    return time.perf_counter() - started, count


def time_ingest(corpus: Path, url: str, settings: Settings) -> tuple[float, dict[str, int]]:
    with open_store(url) as store:
        started = time.perf_counter()
        ingest([str(corpus)], store, settings)
        elapsed = time.perf_counter() - started
        return elapsed, store.stats()


def postgres_database(admin_url: str) -> tuple[str, object]:
    """A throwaway database beside `admin_url`; returns its URL and a function that drops it."""
    import psycopg

    name = f"newsgraph_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return admin_url.rsplit("/", 1)[0] + "/" + name, drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="use the first N documents of the corpus")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="PostgreSQL server (admin database URL); 'none' skips PostgreSQL")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"bench/ingest: {DATA} not found", file=sys.stderr)
        return 2
    documents = build(DATA, args.limit)
    corpus = write(DEFAULT_OUT.with_name(f"corpus-{len(documents)}.jsonl"), documents)
    settings = Settings.from_env()
    Pipeline(settings)  # warm-up: model and lexicons loaded before any timing
    print(f"corpus: {len(documents)} documents ({corpus})")

    analyze_s, analyzed = time_analyze(corpus, settings)
    rows = [("analyze alone", analyze_s, analyzed, None)]
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_s, stats = time_ingest(corpus, f"sqlite:///{tmp}/bench.db", settings)
        rows.append(("ingest sqlite", sqlite_s, stats.get("articles", 0) + stats.get("errors", 0), stats))
    if args.pg != "none":
        url, drop = postgres_database(args.pg)
        try:
            pg_s, stats = time_ingest(corpus, url, settings)
            rows.append(("ingest postgresql", pg_s, stats.get("articles", 0) + stats.get("errors", 0), stats))
        finally:
            drop()  # type: ignore[operator]
    print(f"{'run':<20} {'seconds':>8} {'docs':>6} {'docs/s':>7} {'ratio':>6} {'overhead':>9}")
    for name, seconds, count, _ in rows:
        print(f"{name:<20} {seconds:8.1f} {count:6d} {count / seconds:7.2f} {analyze_s / seconds:6.3f} "
              f"{100 * (seconds / analyze_s - 1):8.1f}%")
    for name, _, _, stats in rows[1:]:
        print(f"{name}: {stats}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
