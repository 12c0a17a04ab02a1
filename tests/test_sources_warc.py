"""Web archives built with warcio: HTML responses become documents; damage ends with one error document."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.document import content_id
from newsgraph.sources.expand import expand
from newsgraph.sources.fetch import Fetcher
from newsgraph.sources.warc import iter_warc

PAGES = {f"http://news.example/{n}": f"<html><body><h1>Story {n}</h1><p>{'Text. ' * 300}</p></body></html>".encode()
         for n in range(4)}


def build_warc(path: Path, compress: bool) -> None:
    """Per page a request and a response; plus a 404, an image and a metadata record that must be skipped."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=compress)
        for n, (url, body) in enumerate(PAGES.items()):
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", payload=BytesIO(b""),
                                                          http_headers=request))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body),
                                                          http_headers=headers))
            if n == 1:
                missing = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record("http://news.example/gone", "response",
                                                              payload=BytesIO(b"<html>gone</html>"),
                                                              http_headers=missing))
                image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record("http://news.example/a.png", "response",
                                                              payload=BytesIO(b"\x89PNG...."), http_headers=image))
                writer.write_record(writer.create_warc_record("http://news.example/meta", "metadata",
                                                              payload=BytesIO(b"key: value")))


@pytest.fixture(params=[True, False], ids=["warc.gz", "warc"])
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / ("crawl.warc.gz" if request.param else "crawl.warc")
    build_warc(path, request.param)
    return path


def test_warc_yields_one_document_per_html_response(archive: Path) -> None:
    docs = list(iter_warc(archive, 1_000_000))
    assert [d.url for d in docs] == list(PAGES)
    assert all(d.error is None and d.kind == "html" for d in docs)
    assert [d.content for d in docs] == list(PAGES.values())
    assert [d.id for d in docs] == [content_id(body) for body in PAGES.values()]
    assert all(d.origin.startswith(f"{archive}#") for d in docs)
    assert len({d.origin for d in docs}) == len(docs)


def test_warc_truncated_copy_yields_what_it_read_then_one_error(archive: Path) -> None:
    data = archive.read_bytes()
    cut = archive.with_name("cut-" + archive.name)
    cut.write_bytes(data[: int(len(data) * 0.8)])
    docs = list(iter_warc(cut, 1_000_000))
    good = [d for d in docs if d.error is None]
    bad = [d for d in docs if d.error is not None]
    assert len(bad) == 1 and docs[-1] is bad[0]
    assert bad[0].error is not None and bad[0].error.code == "NG119"
    assert 1 <= len(good) < len(PAGES)
    assert [d.content for d in good] == list(PAGES.values())[: len(good)]  # whole pages only, never a cut one


def test_warc_garbage_after_the_records_is_reported(archive: Path) -> None:
    archive.write_bytes(archive.read_bytes() + b"this is not a warc record\r\n" * 5)
    docs = list(iter_warc(archive, 1_000_000))
    assert [d.url for d in docs[:-1]] == list(PAGES)
    assert docs[-1].error is not None and docs[-1].error.code == "NG119"


def test_warc_large_page_is_an_error_document(archive: Path) -> None:
    docs = list(iter_warc(archive, 500))
    assert len(docs) == len(PAGES)
    assert all(d.error is not None and d.error.code == "NG105" for d in docs)


def test_warc_folder_keeps_going_after_a_damaged_archive(tmp_path: Path) -> None:
    build_warc(tmp_path / "a.warc.gz", True)
    data = (tmp_path / "a.warc.gz").read_bytes()
    (tmp_path / "a.warc.gz").write_bytes(data[: len(data) // 2])
    (tmp_path / "b.html").write_text("<html><body><p>After the archive.</p></body></html>")
    build_warc(tmp_path / "c.warc", False)
    with Fetcher() as client:
        docs = list(expand(str(tmp_path), client))
    codes = [d.error.code if d.error else None for d in docs]  # type: ignore[union-attr]
    assert codes.count("NG119") == 1
    after = docs[codes.index("NG119") + 1:]
    assert after[0].origin == str(tmp_path / "b.html")  # type: ignore[union-attr]
    assert [d.url for d in after[1:]] == list(PAGES)  # type: ignore[union-attr]
