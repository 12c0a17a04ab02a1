"""Quotation marks: pairing straight and curly marks into quoted regions, paragraph by paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARK = re.compile(r"``|'{2,3}|[\"“”«»„‟]")
_OPENING = frozenset("“«„‟`")
_CLOSING = frozenset("”»")
_BEFORE_OPEN = frozenset("([{—–-/")
_AFTER_CLOSE = frozenset(".,;:!?)]}—–-")


@dataclass(frozen=True)
class Region:
    """Text between quotation marks, marks included; `closed` is False for a quote left open at a paragraph end."""

    start: int
    end: int
    line: int
    closed: bool


def quoted_regions(text: str) -> list[Region]:
    """Quotations in `text`, straight and curly; a paragraph that opens a quote without closing it continues in
    the next paragraph that opens with a quotation mark, else ends with its paragraph."""
    regions: list[Region] = []
    pending: tuple[int, int] | None = None  # (start, line) of an open quote
    previous_end = 0
    for number, (a, b) in enumerate(lines(text)):
        marks = _marks(text, a, b)
        if pending is not None:
            if marks and marks[0][0] == a and marks[0][2] != "close":
                marks = marks[1:]
            else:
                regions.append(Region(pending[0], previous_end, pending[1], False))
                pending = None
        for start, end, role in marks:
            if pending is None:
                if role != "close":
                    pending = (start, number)
            elif role != "open":
                regions.append(Region(pending[0], end, pending[1], True))
                pending = None
            else:
                pending = (start, number)
        previous_end = b
    if pending is not None:
        regions.append(Region(pending[0], previous_end, pending[1], False))
    return [r for r in regions if any(c.isalpha() for c in text[r.start:r.end])]


# Where a line's label stands ("Gov. Ann Lee: ...", "EXCLUSIVE - Ann Lee: ..."): a name of four words at most, two
# words at most into its line, before a colon within the line's first 60 characters.
LABEL_COLON_WITHIN = 60
LABEL_LEAD_WORDS = 2
LABEL_NAME_WORDS = 4


def stands_as_label(text: str, line_start: int, start: int, end: int) -> bool:
    """Whether the name at `start`..`end` stands where a line's label does (the words before it from `line_start`)."""
    return len(text[line_start:start].split()) <= LABEL_LEAD_WORDS and len(text[start:end].split()) <= LABEL_NAME_WORDS


def lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, surrounding spaces left out."""
    out = []
    for match in re.finditer(r"[^\n]+", text):
        piece = match.group()
        stripped = piece.strip()
        if stripped:
            start = match.start() + piece.index(stripped)
            out.append((start, start + len(stripped)))
    return out


def _marks(text: str, a: int, b: int) -> list[tuple[int, int, str]]:
    """Quotation marks of one line with their role: open, close, or either (a straight mark between words)."""
    out = []
    for match in _MARK.finditer(text, a, b):
        start, end = match.span()
        if end - start == 3:  # `'''`: a single and a double mark together
            start, end = (start, start + 2) if start == a or text[start - 1].isspace() else (start + 1, end)
        char = text[start]
        if char in _OPENING:
            role = "open"
        elif char in _CLOSING:
            role = "close"
        else:
            before = text[start - 1] if start > a else " "
            after = text[end] if end < b else " "
            if (before.isspace() or before in _BEFORE_OPEN) and not after.isspace():
                role = "open"
            elif not before.isspace() and (after.isspace() or after in _AFTER_CLOSE):
                role = "close"
            else:
                role = "either"
        out.append((start, end, role))
    return out
