"""Plain-text scrapes: banner, dateline, headline, standfirst and headings, by the shape of the lines.

Boilerplate paragraphs (promos, share lines, captions, copyright...) are judged by the line rules shared
with HTML pages, in `boilerplate.py`.
"""

from __future__ import annotations

import re
from datetime import datetime

from dateutil import parser as date_parser

from newsgraph.article import Published, Removed
from newsgraph.errors import EmptyDocument
from newsgraph.extract.boilerplate import boilerplate_kind
from newsgraph.extract.extracted import Block, Extracted

MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
          "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_DATE_WORDS = re.compile(rf"\b({MONTHS})\b\.?|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b", re.I)
_DATE_LABEL = re.compile(r"^(published|posted|updated|last updated|first published|date)\s*(on|:)?\s*", re.I)
_BANNER_WELCOME = re.compile(r"^\W*welcome to\s+(?P<site>.+?)\W*$", re.I)
_END_PUNCT = tuple(".!?:;,\"”’'…)")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s+[\"“‘(]?[A-Z]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_STOP = frozenset(
    "the a an and or of to in on for with at by from as is are was were be been its it this that these those "
    "has have had will would can could not no but than then their his her they he she we our".split())


def extract_text(text: str) -> Extracted:
    """Read a plain-text news scrape; every rule is about how such scrapes look, never about one site."""
    blocks = _split_blocks(text)
    if not blocks:
        raise EmptyDocument("the document is empty or only whitespace; nothing to analyze")
    out = Extracted()
    dateline: str | None = None
    i = 0
    # Leading lines: banners and datelines in any order, before the headline.
    while i < len(blocks) and i < 4:
        line = blocks[i]
        if _is_banner(line):
            out.removed.append(Removed("banner", line))
            out.site_name = out.site_name or _site_from_banner(line)
        elif out.published is None and (date := _parse_dateline(line)):
            out.published = Published(date, "dateline")
            dateline = line
        else:
            break
        i += 1
    if i < len(blocks) and _is_title_like(blocks[i], max_words=30) and len(blocks) - i > 1:
        out.title = blocks[i]
        i += 1
        # A dateline may sit under the headline too.
        if out.published is None and i < len(blocks) and (date := _parse_dateline(blocks[i])):
            out.published = Published(date, "dateline")
            dateline = blocks[i]
            i += 1
    rest = blocks[i:]
    if out.title and len(rest) >= 3 and _is_standfirst(rest[0], rest[1]):
        out.summary = rest[0]
        rest = rest[1:]
    for index, block in enumerate(rest):
        kind = boilerplate_kind(block)
        if kind:
            out.removed.append(Removed(kind, block))
        elif index + 1 < len(rest) and _is_title_like(block, max_words=14) and not _is_title_like(rest[index + 1], 14):
            out.blocks.append(Block("heading", block))
        else:
            out.blocks.append(Block("paragraph", block))
    if not out.blocks and out.title:
        out.blocks.append(Block("paragraph", out.title))
        out.title = None
    if not out.blocks:
        raise EmptyDocument("the document holds only boilerplate (banners, dates, promos); nothing to analyze")
    if dateline and _DATE_LABEL.match(dateline):
        out.removed.append(Removed("dateline", dateline))
    elif dateline:
        # A bare dateline opens the body, so the publication date is evidence with a span, not only metadata.
        out.blocks.insert(0, Block("paragraph", dateline))
    return out


def _split_blocks(text: str) -> list[str]:
    """Paragraphs separated by blank lines; a scrape without blank lines has one paragraph per line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    chunks = re.split(r"\n[ \t]*\n", text) if re.search(r"\n[ \t]*\n", text) else text.split("\n")
    return [" ".join(chunk.split()) for chunk in chunks if chunk.strip()]


def _is_banner(line: str) -> bool:
    """A site banner: `| Welcome to X`, `X | News`, a leading or trailing pipe; short and without a sentence."""
    if len(line) > 80:
        return False
    return bool(_BANNER_WELCOME.match(line)) or line.startswith("|") or line.endswith("|")


def _site_from_banner(line: str) -> str | None:
    match = _BANNER_WELCOME.match(line)
    if match:
        return match.group("site").strip()
    pieces = [p.strip() for p in line.split("|") if p.strip()]
    return pieces[0] if len(pieces) == 1 else None


def _parse_dateline(line: str) -> str | None:
    """An ISO date from a line that is only a date (`Tuesday, January 14, 2025`, `Published: 2 April 2024 10:31`)."""
    if len(line) > 60 or not _DATE_WORDS.search(line):
        return None
    candidate = _DATE_LABEL.sub("", line).strip(" |-–—")
    if len(_WORD.findall(candidate)) > 6:
        return None
    value: datetime  # dateutil has no type information
    leftover: tuple[str, ...]
    try:
        value, leftover = date_parser.parse(candidate, fuzzy_with_tokens=True, default=datetime(1, 1, 1))
    except (ValueError, OverflowError):
        return None
    if value.year < 1900 or any(len(_WORD.findall(tok)) > 1 for tok in leftover):
        return None
    if value.hour or value.minute:
        return value.isoformat()
    return value.date().isoformat()


def _is_title_like(line: str, max_words: int) -> bool:
    """Short, starts with a capital or digit, no closing sentence punctuation."""
    words = line.split()
    if not words or len(words) > max_words or line.endswith(_END_PUNCT):
        return False
    return line[0].isupper() or line[0].isdigit() or line[0] in "‘“\"'"


def _is_standfirst(candidate: str, following: str) -> bool:
    """A dek: one sentence that the lede then repeats; a wire lede followed by its second paragraph shares less."""
    words = candidate.split()
    if len(words) > 90 or len(words) < 8 or _SENTENCE_BREAK.search(candidate):
        return False
    mine = _content_words(candidate)
    theirs = _content_words(following)
    if not mine:
        return False
    return len(mine & theirs) / len(mine) >= 0.3


def _content_words(text: str) -> set[str]:
    return {w.lower()[:6] for w in _WORD.findall(text) if w.lower() not in _STOP}
