"""Batch inputs: list the files on the driver, turn one file into documents on an executor."""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from newsgraph.document import Document
from newsgraph.errors import UsageError
from newsgraph.sources.expand import INGEST_FOLDER_SUFFIXES, folder_files
from newsgraph.sources.files import iter_documents
from newsgraph.sources.warc import WARC_SUFFIXES, iter_warc

_GLOB_CHARS = ("*", "?", "[")


def is_local(location: str) -> bool:
    """A plain path or a `file:` URI: read by Python directly; anything else goes through Spark's file systems."""
    scheme = urlparse(location).scheme
    return scheme in ("", "file") or (len(scheme) == 1 and os.name == "nt")


def local_path(location: str) -> str:
    return urlparse(location).path if location.startswith("file:") else location


def list_local(location: str) -> list[str]:
    """The input files, sorted by path, as `ingest` would read them from the same folder or glob."""
    path = local_path(location)
    if any(c in path for c in _GLOB_CHARS):
        found = sorted(p for p in glob.glob(path, recursive=True) if Path(p).is_file())
        files = [p for p in found if p.lower().endswith(INGEST_FOLDER_SUFFIXES)]
    elif Path(path).is_dir():
        files = [str(p) for p in folder_files(Path(path))]
    elif Path(path).is_file():
        files = [path]
    else:
        raise UsageError(f"cannot read batch input {location!r}: no such file, folder or matching glob")
    if not files:
        raise UsageError(f"batch input {location!r} holds no .warc[.gz], .jsonl[.gz], .html or .txt file")
    return files


def file_documents(path: str, max_bytes: int) -> Iterator[Document]:
    """The documents of one local file, exactly as `ingest` and `analyze` read them."""
    if path.lower().endswith(WARC_SUFFIXES):
        yield from iter_warc(Path(path), max_bytes)
    else:
        yield from iter_documents([path], "auto", max_bytes)


def content_documents(uri: str, content: bytes, max_bytes: int) -> Iterator[Document]:
    """The documents of a file read through Spark (HDFS, S3...): parsed from a local copy, origins keep the URI."""
    name = Path(urlparse(uri).path).name
    with tempfile.TemporaryDirectory(prefix="newsgraph-batch-") as folder:
        copy = Path(folder) / name
        copy.write_bytes(content)
        for document in file_documents(str(copy), max_bytes):
            document.origin = document.origin.replace(str(copy), uri)
            yield document
