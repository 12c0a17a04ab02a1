"""Web archives (.warc, .warc.gz) read with FastWARC: one Document per HTML response; damage reported, not raised."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from newsgraph.document import Document, content_id
from newsgraph.errors import CorruptArchive
from newsgraph.sources.files import failed_document, sniff_format, too_large_document
from newsgraph.sources.sniff import GZIP_MAGIC

HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_SUFFIXES = (".warc", ".warc.gz")
_CHUNK = 1 << 20
_CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*(\d+)", re.IGNORECASE | re.MULTILINE)


def iter_warc(path: Path, max_bytes: int) -> Iterator[Document]:
    """HTML pages of 200 responses in archive order; a damaged archive ends with one Document carrying the error."""
    pending: tuple[int, Document] | None = None
    last_position: int | None = None
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, parse_http=True, auto_decode="all"):
                last_position = record.stream_pos
                doc = _document(record, path, max_bytes)
                if doc is None:
                    continue
                # Held back one record: the last one may turn out truncated and is then left out.
                if pending is not None:
                    yield pending[1]
                pending = (record.stream_pos, doc)
    except (OSError, ValueError, RuntimeError) as exc:
        if pending is not None:
            yield pending[1]
        yield _corrupt(path, f"could not be read to the end ({exc})")
        return
    damage = _damage(path, last_position)
    if pending is not None and not (damage and damage[1] and pending[0] == last_position):
        yield pending[1]
    if damage:
        yield _corrupt(path, damage[0])


def _document(record: WarcRecord, path: Path, max_bytes: int) -> Document | None:
    """The record as an HTML Document, or None for requests, metadata, non-200 and non-HTML records."""
    if record.record_type != WarcRecordType.response or not record.is_http:
        return None
    if record.http_headers.status_code != 200:
        return None
    origin = f"{path}#{record.stream_pos}"
    body = record.reader.read(max_bytes + 1)
    if len(body) > max_bytes:
        return too_large_document(origin, len(body), max_bytes)
    mime = (record.http_content_type or "").split(";")[0].strip().lower()
    if mime not in HTML_TYPES and (mime or sniff_format(body) != "html"):
        return None
    url = (record.headers.get("WARC-Target-URI") or "").strip().strip("<>") or None
    return Document(id=content_id(body), kind="html", content=body, url=url, origin=origin)


def _damage(path: Path, last_position: int | None) -> tuple[str, bool] | None:
    """(what is wrong, whether the last record read is affected), or None for a sound archive."""
    with path.open("rb") as stream:
        compressed = stream.read(2) == GZIP_MAGIC
    if compressed:
        broken = _broken_gzip_member(path)
        if broken is None:
            return None
        return f"is truncated or corrupt from byte {broken:,}", broken == last_position
    return _plain_damage(path, last_position)


def _broken_gzip_member(path: Path) -> int | None:
    """Offset of the first gzip member that does not decompress to its end, or None when all do."""
    position = member_start = 0
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            data = chunk
            while data:
                try:
                    inflater.decompress(data, _CHUNK)
                except zlib.error:
                    return member_start
                if inflater.eof:
                    rest = inflater.unused_data
                    position += len(data) - len(rest)
                    member_start, data = position, rest
                    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                else:
                    tail = inflater.unconsumed_tail
                    position += len(data) - len(tail)
                    data = tail
    return member_start if position > member_start else None


def _plain_damage(path: Path, last_position: int | None) -> tuple[str, bool] | None:
    """Check that the last record is whole and nothing but blank lines follows it."""
    size = path.stat().st_size
    with path.open("rb") as stream:
        if last_position is None:
            return ("holds no WARC record", False) if stream.read(4096).strip() else None
        stream.seek(last_position)
        head = stream.read(65536)
        header_end = head.find(b"\r\n\r\n")
        length = _CONTENT_LENGTH.search(head, 0, header_end) if header_end >= 0 else None
        if length is None:
            return f"is truncated in the record at byte {last_position:,}", True
        end = last_position + header_end + 4 + int(length.group(1))
        if size < end:
            return f"is truncated in the record at byte {last_position:,}", True
        stream.seek(end)
        if stream.read(4096).strip():
            return f"holds unreadable data after byte {end:,}", False
    return None


def _corrupt(path: Path, problem: str) -> Document:
    return failed_document(content_id(f"{path}#corrupt"), str(path), CorruptArchive(
        f"the archive {path} {problem}; the records before the damage were read, re-copy or repair the file"))
