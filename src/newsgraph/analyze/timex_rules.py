"""English time expressions: a recognizer (regular expressions), and the words and date arithmetic of TIMEX3.

`find_spans` finds expressions the statistical model misses; `timex_normalize.normalize` (rules, TimeML style)
turns one expression's text into a TIMEX3 `(type, value)` given an `Anchor` (the publication date, the
sentence's tense, the last date mentioned), with the tables and helpers defined here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI",
                "overnight": "NI", "midday": "MI", "noon": "MI"}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
            "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "final": -1}
UNITS = {"second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W", "weekend": "WE",
         "fortnight": "W", "month": "M", "quarter": "Q", "year": "Y", "decade": "Y", "century": "Y",
         "centurie": "Y", "millennium": "Y", "millennia": "Y"}
UNIT_SCALE = {"decade": 10, "century": 100, "centurie": 100, "millennium": 1000, "millennia": 1000, "fortnight": 2}
SETS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M",
        "annually": "P1Y", "yearly": "P1Y", "hourly": "PT1H", "biweekly": "P2W"}
PRESENT = {"now", "currently", "current", "presently", "nowadays", "at present", "at the moment", "right now",
           "today's", "these days", "the present", "present", "this time", "at this time", "immediately"}
PAST = {"recently", "recent", "the past", "previously", "formerly", "lately", "earlier", "in the past", "once",
        "past", "former", "before"}
FUTURE = {"the future", "future", "soon", "shortly", "eventually", "later", "in the future", "someday",
          "one day", "the coming", "upcoming"}

_NUM_WORDS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "couple": 2, "half": 0.5,
}
VAGUE = r"(?:several|a\s+few|few|some|many|numerous|a\s+couple\s+of|a\s+number\s+of|dozens\s+of|hundreds\s+of|" \
         r"thousands\s+of|countless|recent|coming|the\s+past|past)"

# --- the recognizer --------------------------------------------------------------------------------------------
MONTH_RE = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
            r"jan\.|feb\.|mar\.|apr\.|jun\.|jul\.|aug\.|sept?\.|oct\.|nov\.|dec\.)")
WEEKDAY_RE = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
NUM_RE = (r"(?:\d+(?:[.,]\d+)?(?:\s+\d/\d)?|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
          r"(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|"
          r"nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a|an|a\s+half|"
          r"half\s+an?|a\s+dozen|(?:one\s+|a\s+)?hundred)(?:\s+and\s+a\s+half)?)")
UNIT_RE = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|quarters?|years?|" \
          r"decades?|centur(?:y|ies)|millenni(?:um|a))"
YEAR_RE = r"(?:1[5-9]\d\d|20\d\d)"
PART_RE = r"(?:morning|afternoon|evening|night)"
MOD_RE = r"(?:early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+middle\s+of|the\s+start\s+of)"
TIME_RE = r"(?:\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\d{1,2}:\d\d|noon|midnight|midday)"
REL_RE = r"(?:this|last|next|past|previous|coming|following|same|that|the\s+same|the\s+following|the\s+previous|" \
         r"the\s+next|the\s+past|the\s+last|the\s+coming|the\s+current|current|earlier\s+this|later\s+this|" \
         r"early\s+this|late\s+last|early\s+last|early\s+next|late\s+this|every|each|per)"
SPELLED_RE = (r"(?:(?:twen|thir|for|fif|six|seven|eigh|nine)ty(?:[-\s](?:one|two|three|four|five|six|seven|eight|"
              r"nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
              r"(?:oh|o)[-\s](?:one|two|three|four|five|six|seven|eight|nine))")
HOLIDAY_RE = (r"(?:thanksgiving(?:\s+day)?|christmas(?:\s+(?:day|eve))?|new\s+year['’]s(?:\s+(?:day|eve))?|"
              r"easter(?:\s+sunday)?|election\s+day|independence\s+day|labor\s+day|memorial\s+day|halloween|"
              r"valentine['’]s\s+day|eid(?:[-\s]?(?:ul|al|el))?[-\s]?(?:fitr|adha|azha))\b")
ORD_RE = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"

_PATTERNS = [
    # Full and partial calendar dates, with an optional weekday in front.
    rf"(?:{WEEKDAY_RE},?\s+)?(?:{MOD_RE}[-\s]+)?{MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+{YEAR_RE})?\b",
    rf"(?:{WEEKDAY_RE},?\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_RE}(?:,?\s+{YEAR_RE})?\b",
    rf"(?:{MOD_RE}[-\s]+)?{MONTH_RE}(?:\s+of|,)?\s+{YEAR_RE}\b",
    rf"\b(?:{MOD_RE}[-\s]+|(?:last|next|this)\s+)(?:{MONTH_RE}|{YEAR_RE}s?)",
    rf"\b{YEAR_RE}-\d\d-\d\d\b",
    rf"\b\d{{1,2}}/\d{{1,2}}/(?:{YEAR_RE}|\d\d)\b",
    rf"\b(?:in|since|by|until|of|from|during|before|after|through|fiscal)\s+{YEAR_RE}s?\b",
    rf"\b(?:the\s+)?(?:mid-?)?(?:'\d0s|{YEAR_RE}s|(?:twen|thir|for|fif|six|seven|eigh|nine)ties)\b",
    r"\b(?:19\d\d|20[0-4]\d)(?=[.,;:)'\"]|\s+(?:and|to|or|when|through|until)\b)",
    r"\b(?:in|since|until|by|early|late|last|next|this|during|before|after|through|from)\s+(?-i:May)\b",
    rf"\b(?:the\s+year\s+)?(?:nineteen|twenty)[-\s](?:{SPELLED_RE})\b|\bthe\s+year\s+two\s+thousand\b",
    rf"\b(?:(?:last|this|next)\s+)?{HOLIDAY_RE}(?:,?\s+{YEAR_RE}\b)?",
    # Relative days, weekdays and parts of the day.
    rf"\b(?:(?:early|late)\s+)?(?:today|tonight|yesterday|tomorrow|overnight)(?:\s+{PART_RE})?\b",
    rf"\b(?:(?:early|late)\s+)?(?:{REL_RE}\s+)?{WEEKDAY_RE}(?:\s+{PART_RE})?\b",
    rf"\b(?:this|that|the\s+same|last|early\s+this|late\s+this|every|each)\s+{PART_RE}\b",
    # This/last/next period, seasons, quarters and halves.
    rf"\b(?:{REL_RE}\s+)(?:week|weekend|month|year|quarter|decade|century|spring|summer|fall|autumn|winter)\b",
    rf"\b(?:(?:the|this\s+year's|last\s+year's)\s+)?(?:fiscal\s+)?{ORD_RE}[-\s](?:fiscal\s+)?quarter"
    rf"(?:\s+of\s+(?:fiscal\s+)?{YEAR_RE})?",
    rf"\b(?:the\s+)?(?:first|second)\s+half(?:\s+of\s+(?:the\s+year|{YEAR_RE}))?",
    r"\b(?:the\s+)?(?:latest|year-ago|year-earlier|comparable|same|previous|prior|current|fiscal)\s+"
    r"(?:quarter|period|year)\b",
    # Durations, relative offsets and sets.
    rf"\b(?:(?:the|a|an)\s+)?(?:(?:past|last|next|first|coming|previous|following|recent|final|initial)\s+)?"
    rf"(?:more\s+than\s+|less\s+than\s+|nearly\s+|almost\s+|about\s+|over\s+|up\s+to\s+)?"
    rf"(?:{NUM_RE}|{VAGUE})[-\s]+{UNIT_RE}(?:\s+(?:ago|earlier|later|from\s+now|hence))?\b",
    rf"\b(?:recent|coming|past|several|few|many)\s+{UNIT_RE}\b",
    r"\b(?:a|one|the)\s+(?:year|month|week|day|decade)\s+(?:ago|earlier|later)\b",
    r"\b(?:year|month|week|decade)-(?:ago|earlier|end)\b",
    rf"\b(?:every|each|per|a)\s+(?:other\s+)?(?:{NUM_RE}\s+)?{UNIT_RE}\b",
    rf"\b(?:twice|once|three\s+times)\s+(?:a|per)\s+{UNIT_RE}\b",
    r"\b(?:daily|nightly|weekly|monthly|yearly|hourly)\b",
    # Clock times.
    rf"\b(?:(?:at|about|around|until|by|after|before)\s+)?{TIME_RE}(?:\s+(?:[ECMP][SD]T|GMT|UTC))?"
    rf"(?:\s+(?:today|tonight|yesterday|tomorrow|"
    rf"{WEEKDAY_RE}))?",
    # Present, past and future references.
    r"\b(?:now|currently|nowadays|presently|recently|lately|formerly|the\s+future|the\s+past)\b",
]
SPAN_RE = re.compile(r"(?<![\w'])(?:" + "|".join(f"(?:{p})" for p in _PATTERNS) + ")", re.IGNORECASE)
# Every pattern holds one of these; the big expression runs only in windows around them (it is slow everywhere).
TRIGGER_RE = re.compile(
    rf"\d|{MONTH_RE}|\b(?:{WEEKDAY_RE}|{UNIT_RE}|{PART_RE}|today|tonight|yesterday|tomorrow|overnight|now|currently|"
    r"nowadays|presently|recently|lately|formerly|future|past|daily|nightly|weekly|monthly|yearly|hourly|noon|"
    r"midnight|midday|spring|summer|fall|autumn|winter|half|thanksgiving|christmas|new\s+year|easter|election|"
    r"independence|labor|memorial|halloween|valentine|eid\w*|nineteen|twenty|\w+ties)\b", re.IGNORECASE)
_WINDOW = 90


def holiday(name: str, year: int) -> date | None:
    """The date of a (US-centred) public holiday or an Eid in `year`, from its name in lower case."""
    name = re.sub(r"\s+(?:day|sunday)$", "", name.replace("’", "'"))
    if name.startswith("eid"):
        return eid(year, sacrifice=not name.endswith("fitr"))
    fixed = {"christmas": (12, 25), "christmas eve": (12, 24), "new year's": (1, 1), "new year's eve": (12, 31),
             "independence": (7, 4), "halloween": (10, 31), "valentine's": (2, 14)}
    if name in fixed:
        return date(year, *fixed[name])
    if name == "thanksgiving":  # fourth Thursday of November
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    if name == "labor":  # first Monday of September
        first = date(year, 9, 1)
        return first + timedelta(days=(0 - first.weekday()) % 7)
    if name == "memorial":  # last Monday of May
        last = date(year, 5, 31)
        return last - timedelta(days=last.weekday())
    if name == "election":  # the Tuesday after the first Monday of November
        first = date(year, 11, 2)
        return first + timedelta(days=(1 - first.weekday()) % 7)
    if name == "easter":  # anonymous Gregorian algorithm
        a, b, c = year % 19, year // 100, year % 100
        d, e = b // 4, b % 4
        g = (8 * b + 13) // 25
        h = (19 * a + b - d - g + 15) % 30
        i, k = c // 4, c % 4
        l_ = (32 + 2 * e + 2 * i - h - k) % 7
        m = (a + 11 * h + 22 * l_) // 451
        month, day = divmod(h + l_ - 7 * m + 114, 31)
        return date(year, month, day + 1)
    return None


def eid(year: int, sacrifice: bool) -> date | None:
    """The first day of Eid al-Fitr (1 Shawwal) or, with `sacrifice`, of Eid al-Adha (10 Dhu al-Hijja) in `year`, by
    the tabular Islamic calendar: where the new moon is sighted, a day either side of the day observed."""
    around = (year - 622) * 33 // 32  # Islamic years run 11 days shorter than Gregorian ones
    for hijri_year in range(around - 1, around + 3):
        month, day = (12, 10) if sacrifice else (10, 1)
        days = day + math.ceil(29.5 * (month - 1)) + (hijri_year - 1) * 354 + (3 + 11 * hijri_year) // 30
        found = date.fromordinal(days + ISLAMIC_EPOCH_ORDINAL)
        if found.year == year:
            return found
    return None


# The day before 1 Muharram 1 AH of the astronomical epoch, 15 July 622 (Julian), as a proleptic Gregorian ordinal.
# It gave the day Saudi Arabia observed for 7 of the 8 Eids of 2019-2025 (2024's Eid al-Fitr a day early); South
# Asia often observes a day later.
ISLAMIC_EPOCH_ORDINAL = 227013


def find_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of the time expressions the recognizer finds, leftmost-longest, not overlapping."""
    found: list[tuple[int, int]] = []
    for lo, hi in _windows(text):
        for match in SPAN_RE.finditer(text, lo, hi):
            start, end = match.span()
            while end > start and text[end - 1] in " ,-":
                end -= 1
            if end > start and (not found or start >= found[-1][1]):
                found.append((start, end))
    return found


def _windows(text: str) -> list[tuple[int, int]]:
    """Merged stretches of `text` around trigger words, widened to whitespace so no word is cut."""
    windows: list[tuple[int, int]] = []
    for m in TRIGGER_RE.finditer(text):
        lo = max(0, m.start() - _WINDOW)
        hi = min(len(text), m.end() + _WINDOW)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    result = []
    for lo, hi in windows:
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        while hi < len(text) and not text[hi].isspace():
            hi += 1
        result.append((lo, hi))
    return result


# --- the normalizer --------------------------------------------------------------------------------------------
@dataclass
class Anchor:
    """What relative expressions resolve against: the publication date, the tense, the last date mentioned."""

    dct: date | None
    tense: str = ""  # "past", "future" or "" (present or unknown)
    last: str | None = None  # the last explicit date value in the document, for "a year earlier"


def parse_number(words: str) -> float | None:
    """`24`, `twenty four`, `twenty-four`, `a`, `one hundred eighty`, `5 1/2`, `a half` as a number."""
    words = words.lower().replace(",", "").replace("-", " ").strip()
    words = re.sub(r"\b(?:a\s+)?couple\s+of\b", "2", words)
    words = re.sub(r"\b(?:half\s+an?|a\s+half)\b", "0.5", words)
    words = re.sub(r"^a\s+dozen\b", "12", words)
    if not words:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for word in words.split():
        if re.fullmatch(r"\d+(?:\.\d+)?", word):
            current += float(word)
        elif re.fullmatch(r"\d/\d", word):
            a, b = word.split("/")
            current += int(a) / int(b)
        elif word == "and":
            continue
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in _NUM_WORDS:
            value = _NUM_WORDS[word]
            if word == "half" and current >= 1:
                current += 0.5
            else:
                current += value
        else:
            return None
        seen = True
    total += current
    return total if seen else None


def fmt_duration(amount: float | None, unit_word: str) -> str:
    """`P3D`, `PT2H`, `P40Y` (decades as years), `PXM` for a vague amount; halves go down a unit."""
    unit_word = singular(unit_word)
    unit = UNITS.get(unit_word, "D")
    scale = UNIT_SCALE.get(unit_word, 1)
    time_unit = unit_word in {"second", "minute", "hour"}
    prefix = "PT" if time_unit else "P"
    if amount is None:
        return f"{prefix}X{'DE' if unit_word == 'decade' else 'CE' if scale == 100 else unit}"
    amount *= scale
    if amount != int(amount):
        whole = int(amount)
        if unit == "H":
            return f"PT{whole}H{int(round((amount - whole) * 60))}M" if whole else f"PT{int(amount * 60)}M"
        if unit == "Y":
            return f"P{whole}Y{int(round((amount - whole) * 12))}M" if whole else f"P{int(amount * 12)}M"
        if unit == "D":
            return f"P{whole}DT{int(round((amount - whole) * 24))}H" if whole else f"PT{int(amount * 24)}H"
        if unit == "M" and not time_unit:
            return f"P{whole}M{int(round((amount - whole) * 30))}D" if whole else f"P{int(amount * 30)}D"
        return f"{prefix}{amount:g}{unit}"
    if unit == "WE":
        return f"P{int(amount) * 2}D"
    return f"{prefix}{int(amount)}{unit}"


def singular(word: str) -> str:
    """`centuries` -> `centurie` (the UNITS key), `years` -> `year`, `millennia` kept."""
    word = word.lower()
    return word if word == "millennia" else word[:-1] if word.endswith("s") else word


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def _add_months(d: date, months: int) -> date:
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(d.day, 28))


def shift(value: str, amount: int, unit: str) -> str | None:
    """`value` (a date at some granularity) moved by `amount` units, keeping the value's granularity."""
    m = re.fullmatch(r"(\d{4})(?:-(Q[1-4]|H[12]|W\d\d|SP|SU|FA|WI|\d\d)(?:-(\d\d))?)?", value)
    if not m:
        return None
    year = int(m.group(1))
    if unit in {"Y", "DE", "CE"}:
        years = amount * {"Y": 1, "DE": 10, "CE": 100}[unit]
        return str(year + years) + value[4:] if not m.group(3) or value[5:10] != "02-29" else f"{year + years}-03-01"
    if m.group(2) is None:
        return None if unit != "Y" else str(year + amount)
    part = m.group(2)
    if part.startswith("Q") and unit == "Q":
        q = year * 4 + int(part[1]) - 1 + amount
        return f"{q // 4}-Q{q % 4 + 1}"
    if m.group(3):
        d = date(year, int(part), int(m.group(3)))
        if unit == "D":
            return (d + timedelta(days=amount)).isoformat()
        if unit == "W":
            return (d + timedelta(weeks=amount)).isoformat()
        if unit == "M":
            moved = _add_months(d, amount)
            return date(moved.year, moved.month, min(d.day, _month_days(moved.year, moved.month))).isoformat()
    if part.isdigit() and unit == "M":
        moved = _add_months(date(year, int(part), 1), amount)
        return f"{moved.year:04d}-{moved.month:02d}"
    return None


def _month_days(year: int, month: int) -> int:
    return ((date(year + month // 12, month % 12 + 1, 1)) - date(year, month, 1)).days


def pick_year(month: int, day: int | None, anchor: Anchor) -> int:
    """The year for a month (and day) given without one: the right side of the publication date by tense."""
    assert anchor.dct is not None
    dct = anchor.dct
    here = (month, day or (dct.day if month == dct.month else 1))
    now = (dct.month, dct.day)
    if anchor.tense == "past":
        return dct.year if here <= now else dct.year - 1
    if anchor.tense == "future":
        return dct.year if here >= now else dct.year + 1
    # Unknown tense: the nearest occurrence, within six months either way.
    if month - dct.month > 6:
        return dct.year - 1
    if dct.month - month > 6:
        return dct.year + 1
    return dct.year


def resolve_weekday(target: int, anchor: Anchor, relative: str = "") -> str:
    assert anchor.dct is not None
    dct = anchor.dct
    diff = target - dct.weekday()
    if relative in {"next", "coming", "the next", "the coming"}:
        forward = diff % 7 or 7
        return (dct + timedelta(days=forward)).isoformat()
    if relative in {"last", "past", "the past", "previous", "the previous"}:
        back = (-diff) % 7 or 7
        return (dct - timedelta(days=back)).isoformat()
    if relative == "this" or anchor.tense == "future":
        return (dct + timedelta(days=diff % 7)).isoformat()
    return (dct - timedelta(days=(-diff) % 7)).isoformat()


def iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"

