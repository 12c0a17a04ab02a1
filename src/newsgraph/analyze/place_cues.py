"""Cues that a name in the text is a place: the words around it, and place names the model missed.

What the places stage reads of the text itself, apart from the gazetteer: a preposition of place before a name, a
noun of residents or local bodies after it ("a Crafton man", "Laconia police"), a dateline, a neighbouring place
in a list or after a comma; the capitalized names no entity covers that such a cue marks as places; a name's
variants without a direction word or a facility word.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from newsgraph.analyze.mentions import ISO_DATE, MONTHS
from newsgraph.article import Mention

# The words that end an administrative division's name ("Anderson County", "Orleans Parish").
DIVISION_WORDS = frozenset({"county", "parish", "district", "province", "borough", "township", "twp", "region",
                            "governorate", "division", "tehsil", "prefecture", "oblast", "state"})

# Cues that a capitalized name is a place: a preposition of place before it, a noun of residents or local
# bodies after it ("a Crafton man", "Laconia police"), a dateline, a neighbouring place in a list or after a comma.
DIRECTIONS = re.compile(r"^(?:north|south|east|west|northern|southern|eastern|western|central|upper|lower|"
                        r"north-?east|north-?west|south-?east|south-?west|northeastern|northwestern|"
                        r"southeastern|southwestern|greater|downtown|metro)\s+", re.I)

# A name made only of direction words and region nouns ("the West Coast", "the South", "the Gulf") names a part of
# whatever country the text is about: a division abroad of that name is no reading without the text's support.
_REGION_NOUNS = frozenset("midwest midwestern coast coastal region province territory interior gulf".split())


def generic_region(form: str) -> bool:
    """The name is made of direction words (`DIRECTIONS`) and region nouns alone ("West Coast", "North-East",
    "Central")."""
    return all(w in _REGION_NOUNS or DIRECTIONS.match(w + " ") for w in re.split(r"[\s-]+", form.lower().strip()))


LOCATIVE = frozenset("in at near from into outside across around throughout".split())

WEAK_LOCATIVE = frozenset("of to toward towards through between over within".split())

WEAK, STRONG = 1, 2

LOCAL_NOUNS = frozenset("man woman men women boy girl boys girls teen teenager teens youth resident residents native "
                        "natives couple family families police officer officers officials official mayor council "
                        "councilman aldermen attorney lawyer firefighters area city town village township county "
                        "school schools neighborhood neighbourhood businessman businesses student students home "
                        "homes native-born sheriff deputy deputies detective detectives taxpayers voters settler "
                        "settlers neighbors neighbours".split())

NOT_NAMES = frozenset(MONTHS.split("|")) | frozenset(
    "monday tuesday wednesday thursday friday saturday sunday god christmas easter".split()) | STOP_WORDS

_PREVIOUS_WORD = re.compile(r"([A-Za-z]+)\W{0,2}\s+$")

_NEXT_WORD = re.compile(r"(?:['’]s)?\s+([a-z][a-z-]+)")

# The dashes that end a dateline as the hyphen does: en dash, em dash, horizontal bar ("PHILADELPHIA ― ...").
DASHES = "\u2013\u2014\u2015"
# A date closing a dateline's line ("1996-08-23"), as wire copy writes it.
ISO_DATE_LINE_END = ISO_DATE + r"[ \t]*(?:\n|$)"
# After a dateline's name: its state or country, then the agency and a dash ("AMES, Iowa (AP) -"), or the date
# alone closing the line, as Reuters' wire copy gives it ("GROZNY, Russia 1996-08-23").
_DATELINE_TAIL = re.compile(r"(?:\s*,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?(?:\s*(?:\(\w+\)\s*)?"
                            r"(?:--|[" + DASHES + r"]|-|:)\s|[ \t]+" + ISO_DATE_LINE_END + ")")

_ADDRESS_BEFORE = re.compile(r"\d+\s[\w.' ]+\b(?:St|Ave|Rd|Road|Blvd|Dr|Drive|Lane|Ln|Street|Avenue|Hwy|Highway)"
                             r"\.?,\s*$")

# "of X" that says where someone is from or where something lies: after a name or an age ("Jane Roe of Southlake",
# "John Doe, 30, of Ten Mile") or a direction ("north of Moorhead").
_FROM_OF = re.compile(r"(?:[A-Z][a-z]+,?|\d{1,3},|(?:north|south|east|west|northeast|northwest|southeast|southwest))"
                      r"\s+of\s+$")

_LIST_BEFORE = re.compile(r"(?:,|\band|\bor)\s*$")

_LIST_AFTER = re.compile(r"\s*(?:,|and\b|or\b)\s*")

# A name in a list that ends with a plural division word: "Clay, Grant and Wilkin counties" (bounded repeats).
DIVISION_LIST = re.compile(r"(?:\s{0,2}(?:,|,?\s(?:and|or|&))\s{1,2}"
                           r"[A-Z][A-Za-z'’.-]{0,30}(?:\s[A-Z][A-Za-z'’.-]{0,30}){0,2}){0,12}"
                           r"\s{1,2}(?:counties|parishes|townships|boroughs)\b")

# Runs of up to four capitalized words with a space between: a name never runs on across a line break
_CAPITALIZED = re.compile(r"(?<![\w.'’-])[A-Z][A-Za-z'’.-]*(?: [A-Z][A-Za-z'’.-]*){0,3}")

FACILITY = re.compile(r"\s+(?:international\s+)?(?:airport|dam|barrage|air\s?base|valley)$", re.I)

COMMA_AFTER = re.compile(r"\s*,\s*")

ABBREVIATION = re.compile(r"(?:[A-Z][a-z]?\.)+[A-Z][a-z]?$")

# Words in capitals and the space before a dateline's date: its name, read as part of the date
_CAPS_BEFORE_DATE = re.compile(r"(?:[A-Z][A-Z'’.-]+ )+(?=" + ISO_DATE + ")")
_SKIP_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


def cued(text: str, start: int, end: int, places: set[tuple[int, int]]) -> int:
    """How clearly the context says the name at `start:end` is a place: 0, WEAK or STRONG."""
    before = text[max(0, start - 60):start]
    previous = _PREVIOUS_WORD.search(before)
    word = previous.group(1).lower() if previous and not before.rstrip().endswith((".", "!", "?")) else ""
    following = _NEXT_WORD.match(text, end)
    name = text[start:end]
    after = COMMA_AFTER.match(text, end)
    if word in LOCATIVE or (following and following.group(1) in LOCAL_NOUNS) or _ADDRESS_BEFORE.search(before) \
            or text.startswith("-based", end) or (word == "of" and _FROM_OF.search(before)) \
            or DIVISION_LIST.match(text, end) \
            or (after and after.group(0).strip() == "," and any(a == after.end() for a, _ in places)) \
            or (name.isupper() and len(name) >= 3 and (start == 0 or text[start - 1] == "\n"
                                                        or text[max(0, start - 2):start] == ". ")
                and _DATELINE_TAIL.match(text, end)) \
            or (ABBREVIATION.search(name) and before.endswith(", ")
                and any(b == start - 2 for _, b in places)):
        return STRONG
    if word in WEAK_LOCATIVE:
        return WEAK
    listed = _LIST_BEFORE.search(before)
    if listed and any(b in {e for _, e in places} for b in range(start - len(listed.group(0)) - 1,
                                                                 start - len(listed.group(0)) + 1)):
        return WEAK
    joined = _LIST_AFTER.match(text, end)
    return WEAK if joined and joined.group(0).strip() and any(a == joined.end() for a, _ in places) else 0


def _past_dateline_name(text: str, start: int, end: int) -> int:
    """Where a date the pipeline read with the dateline's name before it ("KATHMANDU 1996-08-23" as one DATE)
    really starts: after the words in capitals that open its line."""
    if start and text[start - 1] != "\n":
        return start
    name = _CAPS_BEFORE_DATE.match(text, start, end)
    return name.end() if name else start


def missed_names(text: str, doc: Doc | None, taken: list[tuple[int, int]], places: set[tuple[int, int]],
                 known: Callable[[str], bool]) -> list[Mention]:
    """Capitalized names no entity covers that the gazetteer knows and a cue marks as places; then their repeats."""
    skip = [(_past_dateline_name(text, e.start_char, e.end_char), e.end_char) for e in doc.ents
            if e.label_ in _SKIP_ENTS] if doc is not None else []
    blocked = sorted(taken + skip)
    found: list[Mention] = []
    for match in _CAPITALIZED.finditer(text):
        words = match.group(0).split(" ")
        pos = match.start()
        while words:
            for size in range(len(words), 0, -1):
                name = " ".join(words[:size]).rstrip(",;:")
                if not ABBREVIATION.search(name):
                    name = name.rstrip(".")
                start, end = pos, pos + len(name)
                if name.lower() in NOT_NAMES or len(name) < 3 or _overlaps(blocked, start, end):
                    continue
                if known(name) and cued(text, start, end, places | {(m.start, m.end) for m in found}) == STRONG:
                    found.append(Mention(start, end, name))
                    words = words[size:]
                    pos = end + 1
                    break
            else:
                pos += len(words[0]) + 1
                words = words[1:]
    names = {m.text for m in found}
    if names:
        pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                             + r")(?![\w-])")
        spans = sorted(blocked + [(m.start, m.end) for m in found])
        for match in pattern.finditer(text):
            if not _overlaps(spans, match.start(), match.end()):
                found.append(Mention(match.start(), match.end(), match.group(1)))
    return sorted(found, key=lambda m: m.start)


# A legislator's party and seat after the name, as US news writes it: "Rep. Jane Roe, D-Braxton," "(R-S.C.)".
_PARTY_SEAT = re.compile(r"(?:,\s|\()(?:D|R|I|DFL|Ind)-(?!Day\b)"
                         r"([A-Z][A-Za-z'’.]{0,30}(?:\s[A-Z][A-Za-z'’.]{0,30}){0,2})")
_SHORT_ABBREVIATION = re.compile(r"(?:[A-Z][a-z]{0,2}\.)+")


def party_seats(text: str) -> list[Mention]:
    """The places of party-and-seat designations ("D-Braxton", "R-Elbow Lake", "D-W. Va."): the seat is a place."""
    out = []
    for match in _PARTY_SEAT.finditer(text):
        start = match.start(1)
        words = match.group(1).split(" ")
        end = start + len(words[0])
        for word in words[1:]:  # after a period, only an abbreviation continues the seat ("W. Va.")
            if text[end - 1] == "." and not _SHORT_ABBREVIATION.fullmatch(word):
                break
            end += 1 + len(word)
        if text[end - 1] == "." and not ABBREVIATION.search(text[start:end]) \
                and not _SHORT_ABBREVIATION.fullmatch(text[start:end].rsplit(" ", 1)[-1]):
            end -= 1
        if end < len(text) and not (text[end].isspace() or text[end] in ",;)."):
            continue
        out.append(Mention(start, end, text[start:end]))
    return out


def variants(form: str) -> list[str]:
    """The form, then without a leading direction word ("North Texas"), a final "City" or a facility word."""
    out = [form]
    facility = FACILITY.sub("", form)
    if facility != form and facility:
        out.append(facility)
    bare = DIRECTIONS.sub("", form)
    if bare != form and bare:
        out.append(bare)
    words = form.split()
    if len(words) > 1 and words[-1].lower() == "city":
        out.append(" ".join(words[:-1]))
    return out


def abbreviation_end(text: str, start: int, end: int) -> int:
    """End of a mention, moved past the final period of an abbreviation the tokenizer cut (`U.S` + `.`)."""
    if end < len(text) and text[end] == "." and ABBREVIATION.search(text[start:end] + "."):
        return end + 1
    return end


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_left(spans, (end, end))
    return any(a < end and start < b for a, b in spans[max(0, index - 8):index + 1])
