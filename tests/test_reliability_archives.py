"""Hostile local archives: gzip bombs, corrupt and truncated gzip and WARC files among good ones; the rest lands.

Feeds and sitemaps over HTTP (XML bombs, external entities, self-referencing sitemaps, redirect loops, stalls,
endless bodies, robots.txt) are covered in tests/test_sources_expand.py and tests/test_sources_fetch.py.
"""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

from test_sources_warc import PAGES, build_warc

from newsgraph.config import Settings
from newsgraph.ingest import ingest
from newsgraph.sources.files import iter_documents
from newsgraph.store import open_store

MAX_BYTES = 1_000_000
BOMB_BYTES = 200_000_000  # unpacked size: 200 times the per-document cap, about 200 KB packed
LINE_BOMB_BYTES = 50_000_000  # one JSON line 50 times the cap: skipped, the lines after it still read


def _line(doc_id: str, text: str) -> bytes:
    return json.dumps({"id": doc_id, "text": text, "body_only": True}).encode() + b"\n"


def _bombs(folder: Path) -> None:
    """A single-document bomb and a JSON Lines bomb (one endless line between two good ones)."""
    with gzip.open(folder / "bomb.html.gz", "wb", compresslevel=9) as handle:
        handle.write(b"<html><body><p>")
        for _ in range(BOMB_BYTES // 1_000_000):
            handle.write(b"a" * 1_000_000)
    with gzip.open(folder / "bomb.jsonl.gz", "wb", compresslevel=9) as handle:
        handle.write(_line("before-bomb", "Ministers met in Oslo on Monday."))
        handle.write(b'{"id": "bomb", "text": "')
        for _ in range(LINE_BOMB_BYTES // 1_000_000):
            handle.write(b"a" * 1_000_000)
        handle.write(b'"}\n')
        handle.write(_line("after-bomb", "Police in Lima arrested two men on Tuesday."))


def test_reliability_archives_gzip_bomb_stops_at_the_cap(tmp_path: Path):
    _bombs(tmp_path)
    tracemalloc.start()
    try:
        documents = list(iter_documents([str(tmp_path)], max_bytes=MAX_BYTES))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * MAX_BYTES, f"peak {peak:,} bytes: the bomb was unpacked past the cap"
    outcome = {d.id: (d.error.code if d.error else None) for d in documents}
    assert outcome["before-bomb"] is None and outcome["after-bomb"] is None
    assert sorted(code for code in outcome.values() if code) == ["NG105", "NG105"]


def test_reliability_archives_damaged_files_do_not_stop_the_batch(tmp_path: Path):
    """Through `ingest`: every good document of the folder lands, each damaged file costs one error record."""
    folder = tmp_path / "in"
    folder.mkdir()
    _bombs(folder)
    (folder / "corrupt.html.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"not deflate at all" * 50)
    (folder / "not-gzip.jsonl.gz").write_bytes(b"plain text, not gzip\n")
    many = b"".join(_line(f"t{n}", f"Story {n}: ministers met in Oslo on Monday. " + "Talks. " * 200)
                    for n in range(60))
    packed = gzip.compress(many)
    (folder / "truncated.jsonl.gz").write_bytes(packed[: len(packed) * 2 // 3])
    build_warc(folder / "damaged.warc.gz", True)
    data = (folder / "damaged.warc.gz").read_bytes()
    (folder / "damaged.warc.gz").write_bytes(data[: len(data) // 2])
    build_warc(folder / "whole.warc", False)
    (folder / "good.jsonl").write_bytes(_line("good-1", "Rain fell in Dublin on Sunday.")
                                        + b"{broken json\n" + _line("good-2", "Snow fell in Oslo on Monday."))
    (folder / "zz-last.html").write_text("<html><body><article><h1>Last page</h1><p>Ministers of Chile and Peru "
                                         "met in Lima on Monday to discuss fishing rights.</p></article></body></html>")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    with open_store(url) as store:
        report = ingest([str(folder)], store, Settings(max_bytes=MAX_BYTES))
        ids = {row["article_id"] for row in store.iter_rows("articles")}
        urls = {row["url"] for row in store.iter_rows("articles")}
        assert store.integrity_check() == []
    codes = sorted(code for _, code, _ in report.errors)
    assert codes.count("NG105") == 2, codes  # the two bombs
    assert codes.count("NG106") == 1, codes  # the broken JSON line
    assert codes.count("NG119") >= 4, codes  # corrupt gzip, not gzip, truncated gzip, truncated WARC
    assert {"before-bomb", "after-bomb", "good-1", "good-2"} <= ids
    assert set(PAGES) <= urls, "the whole WARC after the damaged one lands"
    assert any(i.startswith("t") and i[1:].isdigit() for i in ids), "lines before the gzip damage land"
    assert len(ids) == report.stored
    assert report.stored >= 4 + len(PAGES) + 1 + 1
