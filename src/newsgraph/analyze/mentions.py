"""Named-entity mentions from spaCy, repaired: trimmed, split, joined and acronym-expanded, never overlapping."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc

ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "LAW",
                           "WORK_OF_ART", "LANGUAGE"})
MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
FUNCTION_WORDS = frozenset("of the and for in on at to a an de du des la le el al e y da di van von der".split())
# a list's dash or bullet ("- Slovenian police" in a digest), then an article
_LEADING = re.compile(r"^(?:[-–—•*]+\s*)?(?:(?:the|a|an)\s+)?", re.I)
# The date wire copy writes after a dateline's name ("SARAJEVO 1996-08-22")
ISO_DATE = r"\d{4}-\d{2}-\d{2}"
# A possessive, punctuation, or a dateline's date, at a name's end
_TRAILING = re.compile(r"(['’]s|['’]|[\s,;:!?\"“”‘()\[\]-]+|\s" + ISO_DATE + ")$")
# A score or figure after a person's name, as results tables give it ("G. Rose 7-73", "M. Vaughan 57")
_TRAILING_FIGURE = re.compile(r"\s\d[\d,./*-]*$")
_TRAILING_FUNCTION = re.compile(r"(\s+(of|the|and|for|in|on|at|to|a|an|or))+$", re.I)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.]{1,7}$")
_PAREN_ACRONYM = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.]{1,9})\s*\)")
_HYPHEN_PIECE = re.compile(r"(?:-[a-z]{1,3})*-[A-Z][A-Za-z]*")
_INNER_POSSESSIVE = re.compile(r"['’]s\s+(?=[A-Z])")
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
        for start, end in _split_lines_and_parenthesis(text, ent.start_char, ent.end_char):
            span = trim(text, start, end, ent.label_)
            if span:
                spans.append(span)
    spans = _extend_hyphenated(text, spans)
    spans = _join_person_surname(text, spans)
    return spans


def trim(text: str, start: int, end: int, label: str) -> RawMention | None:
    """Drop a leading list dash and article, trailing function words, possessives and punctuation, and figures
    after a person's name; None when no name is left."""
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
        figure = _TRAILING_FIGURE.search(piece) if label == "PERSON" else None
        if figure and figure.start() > 0:
            piece = piece[: figure.start()]
    lead = _LEADING.match(piece)
    if lead and len(piece) > lead.end():
        start += lead.end()
        piece = piece[lead.end():]
    if not any(c.isupper() or c.isdigit() for c in piece):
        return None
    return RawMention(start, start + len(piece), label, piece)


def _split_lines_and_parenthesis(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A name never runs across a line break; split there, then at a parenthesis."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for line in text[start:end].split("\n"):
        if line.strip():
            pieces.extend(_split_parenthesis(text, pos, pos + len(line)))
        pos += len(line) + 1
    return pieces


def _split_parenthesis(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`Shanghai Cooperation Organization (SCO` is two names, and so is `Punjab’s Bhatinda`."""
    piece = text[start:end]
    possessive = _INNER_POSSESSIVE.search(piece)
    if possessive:
        return [(start, start + possessive.start()), (start + possessive.end(), end)]
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
    return drop_overlaps(out)


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
    """Further mentions of names already found, inside `lines`: same spelling, or the name in capitals.

    One sense per discourse: a name the model recognized once in a document is the same name where the
    model missed it (a shouted headline, a table, a short form in an odd sentence).
    """
    found: list[RawMention] = []
    if not names:
        return found
    by_key = {name.lower(): name for name in names}
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                         + r")(?![\w-])", re.I)
    occupied = sorted((t.start, t.end) for t in taken)
    for a, b in lines:
        for match in pattern.finditer(text, a, b):
            surface = match.group(1)
            name = by_key.get(surface.lower())
            if name is None or (surface != name and not surface.isupper()):
                continue
            cand = RawMention(match.start(), match.end(), names[name], surface)
            if not _occupied(occupied, cand) and not any(cand.overlaps(f) for f in found):
                found.append(cand)
    return found


def _occupied(ranges: list[tuple[int, int]], span: RawMention) -> bool:
    index = bisect.bisect_left(ranges, (span.end, span.end))
    return any(s < span.end and span.start < e for s, e in ranges[max(0, index - 8):index + 1])


def title_case_lines(text: str, part_ranges: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """Ranges of headlines and headings, and of shouted lines (three or more words, all in capitals)."""
    ranges = [(a, b) for kind, a, b in part_ranges if kind in ("title", "heading")]
    pos = 0
    for line in text.split("\n"):
        words = [w for w in line.split() if w[:1].isalpha()]
        if len(words) >= 3 and all(w.isupper() for w in words):
            ranges.append((pos, pos + len(line)))
        pos += len(line) + 1
    return ranges


_NAME = r"[A-Z][\w.'&-]*(?: (?:[A-Z][\w.'&-]*|de|of|la|del))*"
_NUMBER = r"-?\d[\d.,:/-]*"
_SCORE_LINE = re.compile(rf"^(?P<a>{_NAME}) (?P<x>\d+) (?P<b>{_NAME}) (?P<y>\d+)\b")
_STANDINGS_ROW = re.compile(rf"^(?P<a>{_NAME})(?: {_NUMBER}| -| \.\d+){{2,}}\s*$")
_CALENDAR = re.compile(rf"^({MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|total|totals)$", re.I)


def team_names(text: str) -> list[tuple[int, int]]:
    """Names heading the rows of sports tables: `Pohang 3 Ulsan 2`, `NEW YORK 74 58 .561`.

    In results and standings, a row is named by a team (a club, a county side, a city's franchise).
    """
    found: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        match = _SCORE_LINE.match(line) or _STANDINGS_ROW.match(line)
        if match:
            for group in ("a", "b"):
                if group in match.groupdict() and match.group(group) \
                        and not _CALENDAR.match(match.group(group).split()[0]):
                    found.append((pos + match.start(group), pos + match.end(group)))
        pos += len(line) + 1
    return found


def drop_overlaps(spans: list[RawMention]) -> list[RawMention]:
    """Keep the longer of overlapping mentions, in text order."""
    starts: list[int] = []
    kept: list[RawMention] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        index = bisect.bisect_left(starts, span.start)
        before = kept[index - 1] if index else None
        after = kept[index] if index < len(kept) else None
        if (before and before.end > span.start) or (after and after.start < span.end):
            continue
        starts.insert(index, span.start)
        kept.insert(index, span)
    return kept
