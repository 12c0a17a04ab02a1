"""Named-entity mentions from spaCy, repaired: trimmed, split, joined and acronym-expanded, never overlapping."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "LAW",
                           "WORK_OF_ART", "LANGUAGE"})
FUNCTION_WORDS = frozenset("of the and for in on at to a an de du des la le el al e y da di van von der".split())
_LEADING = re.compile(r"^(the|a|an)\s+", re.I)
_TRAILING = re.compile(r"(['’]s|['’]|[\s,;:!?\"“”‘()\[\]-]+)$")
_TRAILING_FUNCTION = re.compile(r"(\s+(of|the|and|for|in|on|at|to|a|an|or))+$", re.I)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.]{1,7}$")
_PAREN_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.]{1,9})\s*\)")
_HYPHEN_PIECE = re.compile(r"(?:-[a-z]{1,3})*-[A-Z][A-Za-z]*")
_WORD_PIECES = re.compile(r"[A-Za-z][A-Za-z0-9'’]*")


@dataclass
class RawMention:
    start: int
    end: int
    label: str
    text: str

    def overlaps(self, other: RawMention) -> bool:
        return self.start < other.end and other.start < self.end


def raw_mentions(doc: Doc, text: str) -> list[RawMention]:
    """spaCy's entities of the contract's types, cleaned; offsets into `text` (same length as the doc's text)."""
    spans: list[RawMention] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        for start, end in _split_parenthesis(text, ent.start_char, ent.end_char):
            span = trim(text, start, end, ent.label_)
            if span:
                spans.append(span)
    spans = _extend_hyphenated(text, spans)
    spans = _join_person_surname(text, spans)
    return spans


def trim(text: str, start: int, end: int, label: str) -> RawMention | None:
    """Drop a leading article, trailing function words, possessives and punctuation; None when no name is left."""
    piece = text[start:end]
    previous = None
    while piece != previous:
        previous = piece
        match = _TRAILING.search(piece)
        if match and match.start() > 0:
            piece = piece[: match.start()]
        tail = _TRAILING_FUNCTION.search(piece)
        if tail and tail.start() > 0:
            piece = piece[: tail.start()]
    lead = _LEADING.match(piece)
    if lead and len(piece) > lead.end():
        start += lead.end()
        piece = piece[lead.end():]
    if not any(c.isupper() or c.isdigit() for c in piece):
        return None
    return RawMention(start, start + len(piece), label, piece)


def _split_parenthesis(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`Shanghai Cooperation Organization (SCO` is two names: the expansion and the acronym."""
    piece = text[start:end]
    if "(" not in piece:
        return [(start, end)]
    cut = start + piece.index("(")
    inner_start = cut + 1
    inner_end = start + piece.index(")") if ")" in piece else end
    return [(start, cut), (inner_start, inner_end)]


def _extend_hyphenated(text: str, spans: list[RawMention]) -> list[RawMention]:
    """`Tehreek` in `Tehreek-e-Taliban` is cut at a hyphen by the tokenizer: extend over capitalized pieces.

    A lowercase piece is kept only as a short particle between two capitalized ones (`-e-`, `-ul-`), so
    `TTP-affiliated` or `Kabul-based` stay `TTP` and `Kabul`.
    """
    out = []
    for span in spans:
        end = span.end
        while True:
            match = _HYPHEN_PIECE.match(text, end)
            if not match:
                break
            end = match.end()
        out.append(RawMention(span.start, end, span.label, text[span.start:end]) if end != span.end else span)
    return _drop_overlaps(out)


def _join_person_surname(text: str, spans: list[RawMention]) -> list[RawMention]:
    """A one-word name right after a person's name (`Mohammad Nabi` + `Omari’s`) is the rest of that name."""
    out: list[RawMention] = []
    for span in spans:
        prev = out[-1] if out else None
        if (prev is not None and prev.label == "PERSON" and span.label != "PERSON" and " " not in span.text
                and text[prev.end:span.start] == " " and span.text[:1].isupper() and not _ACRONYM.match(span.text)):
            out[-1] = RawMention(prev.start, span.end, "PERSON", text[prev.start:span.end])
            continue
        out.append(span)
    return out


def acronym_expansions(text: str, spans: list[RawMention]) -> tuple[list[RawMention], dict[str, str]]:
    """Find `Long Name (ACR)` in the text: add the long name as a mention and return ACR -> long name."""
    found: dict[str, str] = {}
    added: list[RawMention] = []
    for match in _PAREN_ACRONYM.finditer(text):
        acronym = match.group(1)
        if not _looks_like_acronym(acronym):
            continue
        before = text[max(0, match.start() - 200):match.start()].rstrip()
        base = match.start() - (len(text[max(0, match.start() - 200):match.start()]) - len(before))
        expansion = _expansion_before(before, acronym)
        if expansion is None:
            continue
        exp_start = base - len(expansion)
        label = next((s.label for s in spans if s.start <= exp_start < s.end and s.label != "GPE"), "ORG")
        added.append(RawMention(exp_start, base, label, expansion))
        found[acronym.replace(".", "")] = expansion
    if not added:
        return spans, found
    kept = [s for s in spans if not any(s.overlaps(a) for a in added)]
    return sorted(kept + added, key=lambda s: s.start), found


def _looks_like_acronym(word: str) -> bool:
    letters = word.replace(".", "").replace("&", "")
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1)


def initials(name: str) -> str:
    """Initials of the capitalized words and hyphen pieces: `Tehreek-e-Taliban Pakistan` -> `TTP`."""
    return "".join(p[0] for p in _WORD_PIECES.findall(name) if p[0].isupper() and p.lower() not in FUNCTION_WORDS)


def _expansion_before(before: str, acronym: str) -> str | None:
    """The shortest run of words ending `before` whose initials spell the acronym."""
    target = acronym.replace(".", "").replace("&", "").upper()
    words = before.split(" ")
    for size in range(1, min(len(words), len(target) + 4) + 1):
        candidate = " ".join(words[-size:])
        if not candidate[:1].isupper():
            continue
        if initials(candidate).upper() == target:
            return candidate
        if len(initials(candidate)) > len(target):
            return None
    return None


def corroborated_only(spans: list[RawMention], lines: list[tuple[int, int]],
                      known: Callable[[str], bool]) -> list[RawMention]:
    """In title-cased lines (headlines, headings) keep a mention only when `known` vouches for its text."""
    def inside(span: RawMention) -> bool:
        return any(a <= span.start and span.end <= b for a, b in lines)
    return [s for s in spans if not inside(s) or known(s.text)]


def string_matches(text: str, lines: list[tuple[int, int]], names: dict[str, str],
                   taken: list[RawMention]) -> list[RawMention]:
    """Mentions of already-known names inside title-cased lines, where the model is unreliable."""
    found: list[RawMention] = []
    if not names:
        return found
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                         + r")(?![\w-])")
    for a, b in lines:
        for match in pattern.finditer(text, a, b):
            cand = RawMention(match.start(), match.end(), names[match.group(1)], match.group(1))
            if not any(cand.overlaps(t) for t in taken + found):
                found.append(cand)
    return found


def title_case_lines(text: str, part_ranges: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """Ranges of headlines and headings, and of any line whose words are nearly all capitalized."""
    ranges = [(a, b) for kind, a, b in part_ranges if kind in ("title", "heading")]
    pos = 0
    for line in text.split("\n"):
        words = [w for w in line.split() if w[:1].isalpha()]
        if len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words) \
                and sum(w.lower() in FUNCTION_WORDS for w in words) <= len(words) // 2:
            ranges.append((pos, pos + len(line)))
        pos += len(line) + 1
    return ranges


def _drop_overlaps(spans: list[RawMention]) -> list[RawMention]:
    """Keep the longer of overlapping mentions, in text order."""
    kept: list[RawMention] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not any(span.overlaps(k) for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def drop_overlaps(spans: list[RawMention]) -> list[RawMention]:
    return _drop_overlaps(spans)
