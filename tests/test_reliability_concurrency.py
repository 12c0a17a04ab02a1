"""`serve` answering while `ingest` writes the same SQLite file: no errors, and what it reads is consistent.

Two `watch` workers on one PostgreSQL database processing each item exactly once is
tests/test_ingest.py::test_ingest_two_watch_workers_share_sources_without_duplicates.
"""

from __future__ import annotations

import json
import subprocess
import threading
import urllib.request
from pathlib import Path

from test_ingest import _corpus, _ingest_command
from test_reliability_server import _Server

from newsgraph.config import Settings
from newsgraph.store import open_store
from newsgraph.web.app import create_app

CORPUS = 16


def _get(port: int, path: str) -> tuple[int, dict]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
        return response.status, json.loads(response.read())


def test_reliability_concurrency_serve_reads_while_ingest_writes(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    open_store(url).close()  # the schema exists before the server opens it
    corpus = _corpus(tmp_path / "corpus.jsonl", CORPUS)
    counts: list[int] = []
    errors: list[str] = []
    stop = threading.Event()
    with _Server(create_app(url, Settings(rate_limit=0))) as server:

        def read() -> None:
            while not stop.is_set():
                try:
                    _, stats = _get(server.port, "/api/stats")
                    counts.append(stats["articles"])
                    _, page = _get(server.port, "/api/articles?limit=100")
                    for item in page["items"]:  # every listed article can be read whole
                        status, record = _get(server.port, f"/api/articles/{item['id']}")
                        if status != 200 or record["id"] != item["id"]:
                            errors.append(f"article {item['id']}: {status}")
                    _get(server.port, "/api/search?q=minister")
                except Exception as exc:  # noqa: BLE001 (every failure is collected and asserted on)
                    errors.append(f"{type(exc).__name__}: {exc}")

        readers = [threading.Thread(target=read) for _ in range(2)]
        for reader in readers:
            reader.start()
        try:
            subprocess.run(_ingest_command(corpus, url), check=True, capture_output=True, cwd=tmp_path, timeout=600)
        finally:
            stop.set()
            for reader in readers:
                reader.join(timeout=60)
        _, final = _get(server.port, "/api/stats")
    assert errors == []
    assert final["articles"] == CORPUS
    assert len(counts) > 10 and len(set(counts)) > 1, "the reads overlapped the writes"
    assert all(0 <= c <= CORPUS for c in counts)
