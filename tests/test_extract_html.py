"""HTML extraction: decoding, body blocks, metadata, boilerplate, and the ScrapingHub benchmark."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsgraph.article import Published
from newsgraph.errors import BinaryDocument, DecodingError, EmptyDocument, NoArticle
from newsgraph.extract.extracted import Block
from newsgraph.extract.html import HtmlOptions, decode_html, extract_html

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

BODY = """
<p>Residents of the valley began returning to their homes on Friday as the river fell back below its banks,
   officials said. Many found mud and debris in their living rooms.</p>
<p>The regional authority said about 300 homes had been flooded during the week and that emergency shelters
   would stay open until Sunday for those who could not go back.</p>
<h2>Rebuilding the   levees</h2>
<p>Engineers from the regional authority said repairs to the levees would take months. The work begins next
   week and will be paid for from the national disaster fund.</p>
<p>Share this article on Facebook</p>
<p>Read more: Ten things to know about floods</p>
<p>The authority said it would publish a full damage report in April, after inspectors have visited every
   flooded street in the valley.</p>
"""

PAGE = f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>River Flood Recedes in Valley Town | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta name="description" content="Residents return to damaged homes as the river falls back below its banks.">
<meta name="author" content="Jane Doe, Staff; John Smith | 3 March 2023">
<meta property="article:published_time" content="2023-03-03T09:15:00+00:00">
<link rel="canonical" href="https://example.com/news/river-flood">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>River Flood Recedes in Valley Town</h1>{BODY}</article>
<footer>© 2023 The Daily Example. All rights reserved.</footer></body></html>"""


@pytest.fixture(scope="module")
def page():
    return extract_html(PAGE)


def test_extract_html_title_without_site_suffix_and_not_repeated_in_body(page) -> None:
    assert page.title == "River Flood Recedes in Valley Town"
    assert page.site_name == "The Daily Example"
    assert all(block.text != page.title for block in page.blocks)
    assert page.blocks[0].text.startswith("Residents of the valley began returning")


def test_extract_html_headings_are_heading_blocks(page) -> None:
    assert Block("heading", "Rebuilding the levees") in page.blocks
    assert [b.kind for b in page.blocks] == ["paragraph", "paragraph", "heading", "paragraph", "paragraph"]


def test_extract_html_blocks_have_normalized_whitespace(page) -> None:
    for block in page.blocks:
        assert block.text == " ".join(block.text.split())
        assert block.text


def test_extract_html_authors_are_people_without_dates_or_staff(page) -> None:
    assert page.authors == ["Jane Doe", "John Smith"]


def test_extract_html_authors_drop_publisher_and_byline_words() -> None:
    html = PAGE.replace('content="Jane Doe, Staff; John Smith | 3 March 2023"',
                        'content="By Maria Lopez and The Daily Example Staff"')
    assert extract_html(html).authors == ["Maria Lopez"]


def test_extract_html_summary_from_meta_description(page) -> None:
    assert page.summary == "Residents return to damaged homes as the river falls back below its banks."


def test_extract_html_summary_equal_to_lede_stays_in_body_only() -> None:
    lede = ("Residents of the valley began returning to their homes on Friday as the river fell back below its "
            "banks, officials said. Many found mud and debris in their living rooms.")
    html = PAGE.replace("Residents return to damaged homes as the river falls back below its banks.", lede)
    out = extract_html(html)
    assert out.summary is None
    assert out.blocks[0].text == lede


def test_extract_html_published_from_meta(page) -> None:
    assert page.published is not None
    assert (page.published.value, page.published.source) == ("2023-03-03", "meta")


def test_extract_html_published_from_url_when_metadata_has_none() -> None:
    html = PAGE.replace('<meta property="article:published_time" content="2023-03-03T09:15:00+00:00">', "")
    out = extract_html(html, url="https://example.com/2023/03/05/river-flood")
    assert out.published is not None
    assert (out.published.value, out.published.source) == ("2023-03-05", "url")
    assert out.url == "https://example.com/2023/03/05/river-flood"


def test_extract_html_url_date_wins_over_a_later_meta_timestamp() -> None:
    """A US evening story stamped in UTC the next day: the date the publisher put in the URL is the one (as
    htmldate decides)."""
    html = PAGE.replace("2023-03-03T09:15:00+00:00", "2023-03-06T02:30:00+00:00")
    out = extract_html(html, url="https://example.com/2023/03/05/river-flood")
    assert out.published is not None
    assert (out.published.value, out.published.source) == ("2023-03-05", "url")
    same = extract_html(PAGE.replace("2023-03-03T09:15:00", "2023-03-05T09:15:00"),
                        url="https://example.com/2023/03/05/river-flood")
    assert same.published is not None and (same.published.value, same.published.source) == ("2023-03-05", "meta")


def test_extract_html_canonical_link_date_only_without_a_url() -> None:
    html = PAGE.replace('<meta property="article:published_time" content="2023-03-03T09:15:00+00:00">', "") \
        .replace("https://example.com/news/river-flood", "https://example.com/2023/03/04/river-flood")
    alone = extract_html(html)
    assert alone.published is not None and (alone.published.value, alone.published.source) == ("2023-03-04", "url")
    copy = extract_html(html, url="https://syndicator.example.net/health/river-flood-ar-XYZ")
    assert copy.published is None or copy.published.value != "2023-03-04", \
        "a syndicated copy's canonical link dates the original, not the copy"


def test_text_given_alone_takes_its_url_date() -> None:
    from newsgraph.config import Settings
    from newsgraph.document import Document
    from newsgraph.extract.document import extract_document

    doc = Document(id="t", kind="text", content="Police said the road reopened.", body_only=True,
                   url="https://example.com/news/2013/05/02/road-reopens")
    published = extract_document(doc, Settings()).published
    assert published is not None and (published.value, published.source) == ("2013-05-02", "url")
    dated = Document(id="t", kind="text", content="Police said the road reopened.", body_only=True,
                     url="https://example.com/news/2013/05/02/road-reopens", published="2013-05-03")
    assert extract_document(dated, Settings()).published.value == "2013-05-03"


def test_extract_html_language_and_canonical_url(page) -> None:
    assert page.language == "en"
    assert page.url == "https://example.com/news/river-flood"


def test_extract_html_boilerplate_goes_to_removed(page) -> None:
    kinds = {(r.kind, r.text) for r in page.removed}
    assert ("share", "Share this article on Facebook") in kinds
    assert ("promo", "Read more: Ten things to know about floods") in kinds
    body = "\n\n".join(b.text for b in page.blocks)
    assert "Facebook" not in body and "Read more" not in body
    assert "Home" not in body and "All rights reserved" not in body


def test_extract_html_sentence_opening_like_boilerplate_stays_in_body() -> None:
    sentence = "Share prices of regional insurers fell 3% on Monday."
    out = extract_html(PAGE.replace("<p>Share this article on Facebook</p>", f"<p>{sentence}</p>"))
    assert any(b.text == sentence for b in out.blocks)
    assert all(r.text != sentence for r in out.removed)


def test_extract_html_figure_caption_goes_to_removed() -> None:
    html = PAGE.replace("<h2>", "<figure><img src='flood.jpg'><figcaption>Water in the main street. Photo: J. Doe"
                                "</figcaption></figure><h2>")
    out = extract_html(html)
    assert ("caption", "Water in the main street. Photo: J. Doe") in {(r.kind, r.text) for r in out.removed}
    assert all("main street" not in b.text for b in out.blocks)


def test_extract_html_boilerplate_kept_when_disabled() -> None:
    out = extract_html(PAGE, options=HtmlOptions(drop_boilerplate=False))
    assert any(b.text == "Share this article on Facebook" for b in out.blocks)
    assert out.removed == []


def test_extract_html_legacy_encoding_windows_1252_decoded_right() -> None:
    html = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1252">').replace(
        "River Flood Recedes", "Café “River” Flood Recedes")
    data = html.encode("cp1252")
    text = decode_html(data)
    assert "Café “River” Flood Recedes" in text
    assert extract_html(text).title == "Café “River” Flood Recedes in Valley Town"


def test_extract_html_legacy_encoding_iso_8859_1_read_as_windows_1252() -> None:
    html = PAGE.replace('<meta charset="utf-8">',
                        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">')
    data = html.replace("River Flood", "Señor’s River Flood").encode("cp1252")
    assert "Señor’s River Flood" in decode_html(data)


def test_extract_html_legacy_encoding_shift_jis_and_gb2312() -> None:
    japanese = ("<html><head><meta charset='shift_jis'></head>"
                "<body><p>東京で大雨が続き、川が氾濫しました。</p></body></html>")
    chinese = "<html><head><meta charset='gb2312'></head><body><p>北京今天下雨，河水上涨。</p></body></html>"
    assert "東京で大雨が続き" in decode_html(japanese.encode("shift_jis"))
    assert "北京今天下雨" in decode_html(chinese.encode("gb2312"))


def test_extract_html_utf8_with_bom_and_utf16() -> None:
    assert decode_html("\ufeff<p>Zoë</p>".encode("utf-8")).startswith("<p>Zoë")
    assert decode_html("<html><body><p>Zoë</p></body></html>".encode("utf-16")).startswith("<html>")


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
                                  b"<html>\x00\x01\x02\x00binary</html>"])
def test_extract_html_binary_input_raises_binary_document(data: bytes) -> None:
    with pytest.raises(BinaryDocument) as err:
        decode_html(data)
    assert err.value.code == "NG102"


def test_extract_html_undecodable_bytes_raise_decoding_error() -> None:
    with pytest.raises(DecodingError) as err:
        decode_html(bytes(range(128, 256)) * 20)
    assert err.value.code == "NG103"


def test_extract_html_empty_input_raises_empty_document() -> None:
    with pytest.raises(EmptyDocument) as err:
        decode_html(b"  \n ")
    assert err.value.code == "NG101"
    with pytest.raises(EmptyDocument):
        extract_html("   ")


@pytest.mark.parametrize("html", [
    "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
    "</body></html>",
    "<html><head><title>Nothing here</title></head><body></body></html>",
])
def test_extract_html_no_article_raises_no_article(html: str) -> None:
    with pytest.raises(NoArticle) as err:
        extract_html(html)
    assert err.value.code == "NG104"


def _one_page_benchmark(folder: Path, html: str) -> Path:
    """A ScrapingHub-shaped folder holding one page and its gold body."""
    import gzip
    import json

    (folder / "html").mkdir()
    (folder / "html" / "p1.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
    gold = {"p1": {"articleBody": BODY, "url": "https://example.com/news/river-flood"}}
    (folder / "ground-truth.json").write_text(json.dumps(gold), encoding="utf-8")
    return folder


def test_evaluate_extraction_compares_our_publication_day_with_htmldate(tmp_path: Path, monkeypatch) -> None:
    import htmldate

    from newsgraph.evaluate.extraction import evaluate_extraction

    folder = _one_page_benchmark(tmp_path, PAGE)
    scores = evaluate_extraction(folder)
    assert (scores["dated_by_htmldate"], scores["date_agrees_with_htmldate"]) == (1, 1.0)
    assert scores["date_disagreements"] == []
    # Were htmldate to read another day, the page counts against us and is listed.
    monkeypatch.setattr(htmldate, "find_date", lambda *args, **kwargs: "2023-03-02")
    scores = evaluate_extraction(folder)
    assert scores["date_agrees_with_htmldate"] == 0.0
    assert scores["date_disagreements"][0]["ours"] == "2023-03-03"
    # A peer's output has bodies only: no date figures then.
    assert "date_agrees_with_htmldate" not in evaluate_extraction(folder, extractor=lambda data, url: BODY)


def test_extract_html_scrapinghub_first_20_documents_f1_above_0_9() -> None:
    path = DATA / "extraction" / "scrapinghub"
    if not (path / "ground-truth.json").exists():
        pytest.skip(f"{path} is absent: the ScrapingHub benchmark lives in ../shared/data beside the repository")
    from newsgraph.evaluate.extraction import evaluate_extraction

    scores = evaluate_extraction(path, limit=20)
    assert scores["documents"] == 20
    assert scores["errors"] == 0
    assert scores["f1"] > 0.9, scores


def test_extract_document_a_date_that_is_not_a_date_never_becomes_published() -> None:
    from newsgraph.config import Settings
    from newsgraph.document import Document
    from newsgraph.errors import BadDocumentFields
    from newsgraph.extract.document import extract_document

    undated = PAGE.replace('<meta property="article:published_time" content="2023-03-03T09:15:00+00:00">', "")
    assert undated != PAGE
    feed_said = Document(id="f", kind="html", content=undated, published_hint="last Tuesday")
    assert extract_document(feed_said, Settings()).published is None, "a feed's date that is not a date is dropped"
    feed_said.published_hint = "2023-03-04 08:00"
    assert extract_document(feed_said, Settings()).published == Published("2023-03-04T08:00", "feed")
    given = Document(id="g", kind="html", content=PAGE, published="yesterday")  # as the web form passes it
    with pytest.raises(BadDocumentFields, match="2024-04-03"):
        extract_document(given, Settings())
