"""From an extractor's output to an Article: title, summary and blocks joined into one `text` with its parts."""

from __future__ import annotations

from newsgraph.article import Article, Part
from newsgraph.extract.extracted import Extracted


def assemble(doc_id: str, extracted: Extracted) -> Article:
    """Join title, summary and body blocks into `text` with parts that tile its non-blank ranges."""
    title = _clean(extracted.title)
    summary = _clean(extracted.summary)
    blocks = [(b.kind, b.text.strip()) for b in extracted.blocks if b.text.strip()]
    body = "\n\n".join(t for _, t in blocks)
    pieces: list[tuple[str, str]] = []
    if title:
        pieces.append(("title", title))
    if summary:
        pieces.append(("summary", summary))
    pieces.extend(blocks)
    parts: list[Part] = []
    offset = 0
    for kind, piece in pieces:
        parts.append(Part(kind, offset, offset + len(piece)))
        offset += len(piece) + 2
    text = "\n\n".join(p for p in (title, summary, body) if p)
    return Article(
        id=doc_id, text=text, body=body, parts=parts, title=title, summary=summary,
        url=extracted.url, site_name=extracted.site_name, language=extracted.language,
        authors=list(extracted.authors), published=extracted.published, removed=list(extracted.removed),
    )


def body_only(doc_id: str, text: str, extracted: Extracted) -> Article:
    """The `body_only` contract: the input is the body, character for character, and the whole text.

    A title given with the input is kept as metadata only: it is not part of `text`.
    """
    parts: list[Part] = []
    pos = 0
    for chunk in text.split("\n\n"):
        stripped = chunk.strip()
        if stripped:
            start = pos + chunk.index(stripped)
            parts.append(Part("paragraph", start, start + len(stripped)))
        pos += len(chunk) + 2
    return Article(
        id=doc_id, text=text, body=text, parts=parts, title=_clean(extracted.title), summary=None,
        url=extracted.url, site_name=extracted.site_name, language=extracted.language,
        authors=list(extracted.authors), published=extracted.published,
    )


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None
