"""From an input document to an Article: decode, pick the extractor, apply the input's metadata."""

from __future__ import annotations

from charset_normalizer import from_bytes

from newsgraph.article import Article, Published
from newsgraph.config import Settings
from newsgraph.dates import ISO_FORMS, iso_date
from newsgraph.document import Document, without_lone_surrogates
from newsgraph.errors import BadDocumentFields, BinaryDocument, DecodingError, EmptyDocument
from newsgraph.extract.assemble import assemble, body_only
from newsgraph.extract.extracted import Extracted
from newsgraph.extract.html import HtmlOptions, decode_bom, decode_html, extract_html, url_published
from newsgraph.extract.text import extract_text


def extract_document(doc: Document, settings: Settings) -> Article:
    """Run the right extractor; metadata given with the input wins over what the page says."""
    if isinstance(doc.content, bytes):
        content = decode_html(doc.content) if doc.kind == "html" else decode_text(doc.content)
    else:
        content = without_lone_surrogates(doc.content)
    if not content.strip():
        raise EmptyDocument("the document is empty or only whitespace; nothing to analyze")
    if doc.body_only:
        return body_only(doc.id, content, _override(Extracted(), doc))
    if doc.kind == "html":
        extracted = extract_html(content, url=doc.url, options=HtmlOptions(favor_precision=settings.favor_precision))
    else:
        extracted = extract_text(content)
    return assemble(doc.id, _override(extracted, doc))


def decode_text(data: bytes) -> str:
    """The encoding a BOM names (UTF-8, -16, -32), else UTF-8, else a legacy encoding that reads as language."""
    if (text := decode_bom(data)) is not None:
        if "\x00" in text[:8192]:
            raise BinaryDocument("the document holds binary data (NUL characters), not text; give an HTML or text file")
        return text
    if b"\x00" in data[:8192]:
        raise BinaryDocument("the document holds binary data (NUL bytes), not text; give an HTML or text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_error = exc
    best = from_bytes(data[:200_000]).best()
    # Accept a legacy encoding only when the decoded text reads as language, not as mojibake.
    if best is None or best.chaos > 0.1 or best.coherence < 0.1:
        raise DecodingError(
            f"the text is not valid UTF-8 (byte {first_error.start}) and no other encoding fits; "
            "re-encode it as UTF-8")
    return data.decode(best.encoding, errors="replace")


def _override(extracted: Extracted, doc: Document) -> Extracted:
    if extracted.published is not None and iso_date(extracted.published.value) is None:
        extracted.published = None  # a page's date that is not a date is no date at all
    if doc.title:
        extracted.title = without_lone_surrogates(doc.title)
    if doc.url:
        extracted.url = without_lone_surrogates(doc.url)
    if doc.language:
        extracted.language = without_lone_surrogates(doc.language)
    if doc.published:
        if (published := iso_date(doc.published)) is None:
            raise BadDocumentFields(f"published {doc.published!r} is not a date; give {ISO_FORMS}, or leave it out")
        extracted.published = Published(published, "input")
    elif doc.published_hint and extracted.published is None and (hint := iso_date(doc.published_hint)):
        # A feed's or news sitemap's date: the page's own date wins, feeds round and reuse theirs.
        extracted.published = Published(hint, "feed")
    if extracted.published is None:
        # A text or a body given alone has no metadata, but its URL may carry the date (`/2013/05/02/`).
        extracted.published = url_published(doc.url)
    return extracted
