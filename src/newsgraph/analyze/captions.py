"""Picture captions and credits: lines of a scraped page that stand outside the story's run of sentences.

A page scraped to text keeps what sat under a photo between its paragraphs: a credit line (a name and an
agency, no verb), a sentence in the present tense saying who is in the picture and when, or a sentence closed
by a credit in brackets. The people a caption names are not whom the next paragraph's `he` refers to, nor the
nearest name a role noun falls back on: `Speakers` leaves them out of the antecedents.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from newsgraph.analyze.quote_marks import lines

_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
_PRESENT = frozenset({"VBZ", "VBP"})
_CREDIT_WORDS = 10
_CAPTION_WORDS = 45
_STANDALONE_WORDS = 30
_BE_HAVE = frozenset({"is", "are", "has", "have", "'s", "’s", "'re", "’re", "'ve", "’ve"})
_QUOTES = re.compile(r"[\"“”«»„]|``|''")
# `(Agency Photo/Jane Roe)`, `(JANE ROE/AGENCY/Pictures.)`: a bracketed credit closing the line.
_BRACKETED_CREDIT = re.compile(r"\(([^()]*/[^()]*)\)[\s.]*$")


def captions(text: str, doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of the lines that are captions or credits, in text order; `doc` is the parse of `text`."""
    paragraphs = lines(text)
    spans = [doc.char_span(a, b, alignment_mode="expand") for a, b in paragraphs]
    # The first line is the headline: a title, not a credit.
    credit = [number > 0 and span is not None and _credit(text[a:b], span)
              for number, ((a, b), span) in enumerate(zip(paragraphs, spans, strict=True))]
    out = []
    for number, ((a, b), span) in enumerate(zip(paragraphs, spans, strict=True)):
        if span is None or number == 0:
            continue
        beside_credit = credit[number - 1] or number + 1 < len(credit) and credit[number + 1]
        if credit[number] or _picture(text, a, b, span, beside_credit):
            out.append((a, b))
    return out


def _credit(line: str, span: Span) -> bool:
    """A short line naming someone with no verb of its own: `Jane Roe via Agency.`, `Jane Roe/Agency`."""
    words = [t for t in span if not t.is_punct and not t.is_space]
    if not 0 < len(words) <= _CREDIT_WORDS or _QUOTES.search(line) or any(t.tag_ in _FINITE for t in words):
        return False
    # A name tied to where the picture came from: `Name/Agency`, `Name via Agency`, `Name for Agency`; a heading
    # that only names someone (`Jane Roe.`, a section on her) is no credit.
    return "/" in line or any(t.pos_ == "ADP" and t.i > span.start and t.doc[t.i - 1].pos_ == "PROPN"
                              and t.i + 1 < span.end and t.doc[t.i + 1].pos_ == "PROPN" for t in words)


def _picture(text: str, a: int, b: int, span: Span, beside_credit: bool) -> bool:
    """A sentence under a picture: closed by a bracketed credit; or one sentence that is verbless or in the simple
    present, next to a credit line or saying when (`Jane Roe speaks at a rally on Monday.`)."""
    line = text[a:b]
    if _QUOTES.search(line) or len(line.split()) > _CAPTION_WORDS:
        return False
    credit = _BRACKETED_CREDIT.search(line)
    if credit is not None and not any(t.tag_ in _FINITE for t in span if t.idx >= a + credit.start()):
        return True
    # one sentence: no word after the first starts another (`Token.sent` scans the document: asked once)
    words = [t for t in span if not t.is_space]
    if not words or any(t.is_sent_start for t in words[1:]):
        return False
    root = words[0].sent.root
    if any(c.dep_ in ("aux", "auxpass", "ccomp", "xcomp") for c in root.children):
        return False  # `is thanking supporters`, `has won`, `says he will run`: the story's own sentences
    if root.tag_ not in _PRESENT:
        return beside_credit and not any(t.tag_ in _FINITE for t in span)
    if beside_credit:
        return True
    # Standing alone: someone named doing something now, and when (`Jane Roe, the mayor, speaks at a rally on
    # Monday.`); the story states such a thing in the past, or in the present of `is`, `has`, `says that`.
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    return subject is not None and subject.ent_type_ == "PERSON" and root.lower_ not in _BE_HAVE \
        and len(line.split()) <= _STANDALONE_WORDS and any(_when(t, root) for t in span)


def _when(token: Token, root: Token) -> bool:
    """A date or time saying when the verb happened: reached from it through prepositions alone (`speaks at a
    rally in Ohio on Monday`), not inside an object or a clause (`enter the final weeks`, `who died in 1981`)."""
    if token.ent_type_ not in ("DATE", "TIME") or token.dep_ not in ("pobj", "npadvmod"):
        return False
    for _ in range(12):
        if token.head.i == root.i:  # compare positions: spaCy makes a new Token object on every access
            return token.dep_ in ("prep", "npadvmod")
        if token.dep_ not in ("pobj", "prep", "npadvmod", "compound") or token.head.i == token.i:
            return False
        token = token.head
    return False
