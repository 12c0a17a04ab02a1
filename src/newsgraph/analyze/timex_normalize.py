"""TIMEX3 normalization rules: one expression's text and an `Anchor` in, a TimeML `(type, value)` out."""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsgraph.analyze.timex_rules import (
    FUTURE,
    HOLIDAY_RE,
    MOD_RE,
    MONTH_RE,
    MONTHS,
    NUM_RE,
    ORD_RE,
    ORDINALS,
    PART_RE,
    PARTS_OF_DAY,
    PAST,
    PRESENT,
    REL_RE,
    SEASONS,
    SETS,
    UNIT_RE,
    VAGUE,
    WEEKDAY_RE,
    WEEKDAYS,
    YEAR_RE,
    Anchor,
    fmt_duration,
    holiday,
    iso_week,
    parse_number,
    pick_year,
    quarter_of,
    resolve_weekday,
    shift,
    singular,
)

_LEAD = re.compile(r"^(?:at|about|around|until|till|by|after|before|in|on|since|during|of|from|through|"
                   r"throughout|within|for|over|roughly|approximately|nearly|almost|some|just)\s+", re.I)
_CAL_MDY = re.compile(rf"(?:{WEEKDAY_RE},?\s+)?(?:(?P<mod>{MOD_RE})[-\s]+)?(?P<m>{MONTH_RE}|may)\s+"
                      rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?")
_CAL_DMY = re.compile(rf"(?:{WEEKDAY_RE},?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{MONTH_RE}|may)"
                      rf"(?:,?\s+(?P<y>\d{{4}}))?")
_CAL_MY = re.compile(rf"(?:(?P<mod>{MOD_RE})[-\s]+)?(?P<rel>last|next|this)?\s*(?P<m>{MONTH_RE}|may)"
                     rf"(?:(?:\s+of|,)?\s+(?P<y>\d{{4}}|last\s+year|next\s+year|this\s+year))?")
_YEAR = re.compile(rf"(?:(?:{MOD_RE})[-\s]+|fiscal\s+|calendar\s+|the\s+year\s+|the\s+end\s+of\s+)?(?P<y>\d{{4}})"
                   rf"(?:\s+period)?")
_DECADE = re.compile(r"(?:(?:early|late|mid)[-\s]*)?(?:the\s+)?(?:early\s+|late\s+|mid-?)?"
                     r"(?:(?P<c>\d\d)(?P<d>\d)0s|'(?P<s>\d)0s|(?P<w>twen|thir|for|fif|six|seven|eigh|nine)ties)")
_DECADE_WORDS = {"twen": 2, "thir": 3, "for": 4, "fif": 5, "six": 6, "seven": 7, "eigh": 8, "nine": 9}
_CENTURY = re.compile(r"(?:the\s+)?(?P<n>\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|"
                      r"eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
                      r"eighteenth|nineteenth|twentieth|twenty-first)[-\s]century")
_ORDINAL_WORDS = {"eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
                  "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
                  "twenty-first": 21}
_DAYREL = re.compile(rf"(?:(?:early|late)\s+)?(?P<w>today|tonight|yesterday|tomorrow|overnight)"
                     rf"(?:\s+(?P<p>{PART_RE}))?|(?P<p2>{PART_RE})\s+(?P<w2>today|yesterday|tomorrow)")
_WEEKDAY = re.compile(rf"(?:(?:early|late)\s+)?(?:(?P<rel>{REL_RE})\s+)?(?P<w>{WEEKDAY_RE})"
                      rf"(?:\s+(?P<p>{PART_RE}))?(?:,?\s+(?P<m>{MONTH_RE})\s+(?P<d>\d{{1,2}}))?")
_PART = re.compile(rf"(?P<rel>this|that|the\s+same|last|early\s+this|late\s+this)\s+(?P<p>{PART_RE})")
_PERIOD = re.compile(r"(?P<rel>(?:(?:earlier|later|early|late)\s+)?(?:this|last|next|past|previous|coming|"
                     r"following|current|the\s+(?:current|past|previous|following|coming|next|last|latest|same))|"
                     r"the)\s+(?P<u>week|weekend|month|year|quarter|decade|century|spring|summer|fall|autumn|winter|"
                     r"(?:fiscal|calendar)\s+year|period|day)")
_QUARTER = re.compile(rf"(?:(?:the|this\s+year's|last\s+year's|(?P<yr>\d{{4}})(?:'s)?)\s+)?(?:fiscal\s+)?"
                      rf"(?P<q>{ORD_RE}|final|last)[-\s](?:fiscal\s+)?(?:-\s*)?quarter"
                      rf"(?:\s+of\s+(?:fiscal\s+)?(?P<y>\d{{4}}|this\s+year|last\s+year|next\s+year))?")
_HALF = re.compile(r"(?:the\s+)?(?P<h>first|second)\s+half(?:\s+of\s+(?:the\s+year|(?P<y>\d{4})|this\s+year|"
                   r"last\s+year|next\s+year))?")
_OFFSET = re.compile(rf"(?:(?:more\s+than|less\s+than|nearly|almost|about|over|some|roughly|just)\s+)?"
                     rf"(?P<n>{NUM_RE}|{VAGUE})[-\s]+(?P<u>{UNIT_RE})\s+(?P<dir>ago|earlier|later|"
                     rf"from\s+now|hence|previously)")
_AGO_ADJ = re.compile(r"(?:the\s+)?(?P<u>year|month|week|quarter|decade)-(?P<dir>ago|earlier)"
                      r"(?:\s+(?:quarter|period|year|month|week|level|results?))?")
_DURATION = re.compile(rf"(?:(?:the|a|an|its|their|his|her)\s+)?(?:(?P<rel>past|last|next|first|coming|previous|"
                       rf"following|recent|final|initial|latest)\s+)?(?:(?:more\s+than|less\s+than|nearly|almost|"
                       rf"about|over|up\s+to|at\s+least|some|roughly|just)\s+)?(?P<n>{NUM_RE}|{VAGUE})?[-\s]*"
                       rf"(?P<u>{UNIT_RE})(?:['’]s?)?(?:\s+(?:old|long))?")
_SET = re.compile(rf"(?:every|each|per)\s+(?P<o>other\s+)?(?:(?P<n>{NUM_RE})\s+)?(?P<u>{UNIT_RE})|"
                  rf"(?:twice|once|three\s+times|(?:\w+\s+)?times)\s+(?:a|an|per|each|every)\s+(?P<u2>{UNIT_RE})")
_CLOCK = re.compile(rf"(?P<h>\d{{1,2}})(?::(?P<mi>\d\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am|pm)?(?:\s+(?P<z>[a-z]{{2,4}}))?"
                    rf"(?:\s+(?P<day>today|tonight|yesterday|tomorrow|{WEEKDAY_RE}))?")
_NAMED_TIME = re.compile(rf"(?P<t>noon|midnight|midday)(?:\s+(?P<day>today|yesterday|tomorrow|{WEEKDAY_RE}))?")


def clean(text: str) -> str:
    """Lower case, one space between words, no leading preposition, no trailing possessive or punctuation."""
    s = " ".join(text.lower().replace("’", "'").split())
    s = re.sub(r"['’]s$|[.,;:!?\"')]+$", "", s).strip()
    while _LEAD.match(s) and not re.match(r"^(?:some|over)\s+(?:time)\b", s):
        s = _LEAD.sub("", s, count=1)
    return s


def normalize(text: str, anchor: Anchor) -> tuple[str, str] | None:
    """The TIMEX3 (type, value) of one expression's text, or None when it is not a time expression."""
    s = clean(text)
    if text.strip() == "May":
        return ("DATE", f"{pick_year(5, None, anchor):04d}-05") if anchor.dct else ("DATE", "XXXX-05")
    if not s or re.search(r"\d+[-\s]years?[-\s]old|\bage[ds]?\b|\byear-olds?\b", s):
        return None
    for rule in _RULES:
        result = rule(s, anchor)
        if result is not None:
            return result
    return None


def _sets(s: str, anchor: Anchor) -> tuple[str, str] | None:
    if s in SETS:
        return "SET", SETS[s]
    m = _SET.fullmatch(s)
    if not m:
        return None
    unit = m.group("u") or m.group("u2")
    amount = (parse_number(m.group("n")) if m.group("n") else 1) or 1
    if m.group("o"):
        amount *= 2
    if unit.lower() in {"weekday", "day"} and not m.group("n"):
        return "SET", "P1D"
    return "SET", fmt_duration(amount, unit)


def _refs(s: str, anchor: Anchor) -> tuple[str, str] | None:
    if s in PRESENT:
        return "DATE", "PRESENT_REF"
    if s in PAST:
        return "DATE", "PAST_REF"
    if s in FUTURE:
        return "DATE", "FUTURE_REF"
    return None


def _calendar(s: str, anchor: Anchor) -> tuple[str, str] | None:
    if m := re.fullmatch(rf"(?P<y>{YEAR_RE})-(?P<m>\d\d)-(?P<d>\d\d)", s):
        return "DATE", s
    if m := re.fullmatch(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d\d)", s):
        numeric_year = int(m.group("y")) if len(m.group("y")) == 4 else 1900 + int(m.group("y")) + \
            (100 if int(m.group("y")) < 50 else 0)
        if 1 <= int(m.group("m")) <= 12 and 1 <= int(m.group("d")) <= 31:
            return "DATE", f"{numeric_year:04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
    m = _CAL_MDY.fullmatch(s) or _CAL_DMY.fullmatch(s)
    if m:
        month = MONTHS[m.group("m").rstrip(".")]
        day = int(m.group("d"))
        if not 1 <= day <= 31:
            return None
        weekday = re.match(WEEKDAY_RE, s)
        if m.group("y"):
            year: int | None = int(m.group("y"))
        elif anchor.dct is not None and weekday:
            # "Monday, Oct. 26": the year in which that date is that weekday, the nearest to publication.
            fits = [y for y in (anchor.dct.year, anchor.dct.year - 1, anchor.dct.year + 1)
                    if _valid(y, month, day) and date(y, month, day).weekday() == WEEKDAYS[weekday.group(0)]]
            year = fits[0] if fits else pick_year(month, day, anchor)
        elif anchor.dct is not None:
            year = pick_year(month, day, anchor)
        else:
            year = None
        return "DATE", f"{year:04d}-{month:02d}-{day:02d}" if year else f"XXXX-{month:02d}-{day:02d}"
    m = _CAL_MY.fullmatch(s)
    if m and (m.group("m") != "may" or m.group("y") or m.group("rel") or m.group("mod")):
        if m.group("m") in {"mar", "jan", "jun", "jul", "dec", "oct", "sep", "aug", "nov", "feb", "apr"} \
                and not m.group("y"):
            return None
        month = MONTHS[m.group("m").rstrip(".")]
        y = m.group("y") or ""
        if y.isdigit():
            year = int(y)
        elif anchor.dct is None:
            return "DATE", f"XXXX-{month:02d}"
        elif y:
            year = anchor.dct.year + {"last": -1, "next": 1, "this": 0}[y.split()[0]]
        elif m.group("rel") == "last":
            year = anchor.dct.year if month < anchor.dct.month else anchor.dct.year - 1
        elif m.group("rel") == "next":
            year = anchor.dct.year if month > anchor.dct.month else anchor.dct.year + 1
        elif m.group("rel") == "this":
            year = anchor.dct.year
        else:
            year = pick_year(month, None, anchor)
        return "DATE", f"{year:04d}-{month:02d}"
    return None


def _spelled_years(s: str, anchor: Anchor) -> tuple[str, str] | None:
    m = re.fullmatch(r"(?:the\s+year\s+)?(nineteen|twenty)[-\s]+(?:oh[-\s]|o[-\s])?(.+)", s)
    if m:
        tail = parse_number(m.group(2))
        if tail is not None and 0 < tail < 100 and tail == int(tail):
            return "DATE", str((19 if m.group(1) == "nineteen" else 20) * 100 + int(tail))
    if s == "the year two thousand":
        return "DATE", "2000"
    return None


def _holidays(s: str, anchor: Anchor) -> tuple[str, str] | None:
    m = re.fullmatch(rf"(?:(?P<rel>last|this|next)\s+)?(?P<h>{HOLIDAY_RE})(?:,?\s+(?P<y>\d{{4}}))?", s)
    if not m:
        return None
    name = m.group("h")
    if m.group("y"):
        day = holiday(name, int(m.group("y")))
        return ("DATE", day.isoformat()) if day else None
    if anchor.dct is None:
        return "DATE", "XXXX-XX-XX"
    this = holiday(name, anchor.dct.year)
    if this is None:
        return None
    rel = m.group("rel") or {"past": "last", "future": "next"}.get(anchor.tense, "")
    if rel == "last" and this > anchor.dct:
        this = holiday(name, anchor.dct.year - 1) or this
    elif rel == "next" and this < anchor.dct:
        this = holiday(name, anchor.dct.year + 1) or this
    elif not rel and (this - anchor.dct).days > 183:
        this = holiday(name, anchor.dct.year - 1) or this
    elif not rel and (anchor.dct - this).days > 183:
        this = holiday(name, anchor.dct.year + 1) or this
    return "DATE", this.isoformat()


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _years(s: str, anchor: Anchor) -> tuple[str, str] | None:
    m = _YEAR.fullmatch(s)
    if m and 1000 <= int(m.group("y")) <= 2100:
        return "DATE", m.group("y")
    m = _DECADE.fullmatch(s)
    if m:
        if m.group("c"):
            return "DATE", m.group("c") + m.group("d") + "X"
        digit = int(m.group("s")) if m.group("s") else _DECADE_WORDS[m.group("w")]
        century = "19" if anchor.dct is None or digit * 10 > anchor.dct.year % 100 else str(anchor.dct.year // 100)
        return "DATE", f"{century}{digit}X"
    m = _CENTURY.fullmatch(s)
    if m:
        n = m.group("n")
        number = int(n[:-2]) if n[0].isdigit() else ORDINALS.get(n) or _ORDINAL_WORDS.get(n, 0)
        return ("DATE", f"{number - 1:02d}") if number > 0 else None
    return None


def _day_value(word: str, anchor: Anchor) -> str:
    """`today`, `yesterday`, `tomorrow` as a date, or TimeML's unresolved forms without a publication date."""
    if anchor.dct is None:
        return "PRESENT_REF" if word in {"today", "tonight"} else "XXXX-XX-XX"
    offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    return (anchor.dct + timedelta(days=offset)).isoformat()


def _with_part(value: str, part: str | None) -> tuple[str, str]:
    if part and value[:1].isdigit():
        return "TIME", f"{value}T{PARTS_OF_DAY[part]}"
    return "DATE", value


def _dayrel(s: str, anchor: Anchor) -> tuple[str, str] | None:
    m = _DAYREL.fullmatch(s)
    if not m:
        return None
    word = m.group("w") or m.group("w2")
    part = m.group("p") or m.group("p2")
    if word == "overnight":
        return None
    if word == "tonight":
        part = "night"
    return _with_part(_day_value(word, anchor), part)


def _weekdays(s: str, anchor: Anchor) -> tuple[str, str] | None:
    m = _WEEKDAY.fullmatch(s)
    if not m:
        return None
    target = WEEKDAYS[m.group("w")]
    rel = " ".join((m.group("rel") or "").split())
    if rel in {"every", "each", "per"}:
        return "SET", f"XXXX-WXX-{target + 1}"
    if anchor.dct is None:
        return _with_part(f"XXXX-WXX-{target + 1}", m.group("p"))
    return _with_part(resolve_weekday(target, anchor, rel), m.group("p"))


def _parts(s: str, anchor: Anchor) -> tuple[str, str] | None:
    m = _PART.fullmatch(s)
    if not m:
        return None
    rel = " ".join(m.group("rel").split())
    if anchor.dct is None:
        return "TIME", f"XXXX-XX-XXT{PARTS_OF_DAY[m.group('p')]}"
    day = anchor.dct
    if rel == "last":
        day = anchor.dct - timedelta(days=1) if m.group("p") in {"night", "evening"} else anchor.dct
    elif rel in {"that", "the same"} and anchor.last and re.fullmatch(r"\d{4}-\d\d-\d\d", anchor.last):
        day = date.fromisoformat(anchor.last)
    return "TIME", f"{day.isoformat()}T{PARTS_OF_DAY[m.group('p')]}"


def _season_of(d: date) -> int:
    return {12: 0, 1: 0, 2: 0}.get(d.month, (d.month - 3) // 3 + 1)


def _periods(s: str, anchor: Anchor) -> tuple[str, str] | None:
    m = _PERIOD.fullmatch(s)
    if not m:
        return None
    rel = re.sub(r"^(?:earlier|later|early|late)\s+", "", " ".join(m.group("rel").split()))
    rel = rel.removeprefix("the ") if rel != "the" else rel
    unit = m.group("u").split()[-1]
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)
    if rel in {"past", "last"} and s.startswith("the "):
        return "DURATION", fmt_duration(1, unit)
    dct = anchor.dct
    if rel in {"following", "previous", "same", "that"} and anchor.last and unit in {"year", "month", "quarter"}:
        code = {"year": "Y", "month": "M", "quarter": "Q"}[unit]
        base = {"Y": anchor.last[:4], "M": anchor.last[:7], "Q": anchor.last}[code]
        if moved := shift(base, step, code):
            return "DATE", moved
    if unit == "weekend" and rel == "the" and dct is not None:
        ahead = anchor.tense == "future" or dct.weekday() >= 5
        return "DATE", iso_week(dct + timedelta(weeks=0 if ahead else -1)) + "-WE"
    if unit in {"period", "day"} or rel in {"same", "latest"} or (rel == "the" and unit == "quarter"):
        if anchor.last and (unit != "quarter" or "Q" in anchor.last) and (unit != "day" or len(anchor.last) == 10):
            return "DATE", anchor.last
        if unit != "quarter" or dct is None:
            return ("DATE", dct.isoformat()) if unit == "day" and dct else None
        step = -1
    if dct is None:
        vague = {"week": "XXXX-WXX", "weekend": "XXXX-WXX-WE", "month": "XXXX-XX", "year": "XXXX",
                 "quarter": "XXXX-QX", "decade": "XXX", "century": "XX"}
        return "DATE", vague.get(unit, f"XXXX-{SEASONS.get(unit, 'XX')}")
    if unit == "week":
        return "DATE", iso_week(dct + timedelta(weeks=step))
    if unit == "weekend":
        return "DATE", iso_week(dct + timedelta(weeks=step)) + "-WE"
    if unit == "month":
        month = dct.month - 1 + step
        return "DATE", f"{dct.year + month // 12:04d}-{month % 12 + 1:02d}"
    if unit == "year":
        return "DATE", str(dct.year + step)
    if unit == "quarter":
        q = dct.year * 4 + quarter_of(dct) - 1 + step
        return "DATE", f"{q // 4}-Q{q % 4 + 1}"
    if unit == "decade":
        return "DATE", str(dct.year // 10 + step)
    if unit == "century":
        return "DATE", f"{dct.year // 100 + step:02d}"
    season = ["WI", "SP", "SU", "FA"].index(SEASONS[unit])
    current = _season_of(dct)
    year = dct.year + (1 if dct.month == 12 and season == 0 else 0)
    if step < 0 and season >= current or step > 0 and season <= current:
        year += step
    return "DATE", f"{year}-{SEASONS[unit]}"


def _year_word(y: str | None, anchor: Anchor) -> int | None:
    if not y:
        return None
    if y.isdigit():
        return int(y)
    if anchor.dct is None:
        return None
    return anchor.dct.year + {"last": -1, "next": 1, "this": 0}[y.split()[0]]


def _quarters(s: str, anchor: Anchor) -> tuple[str, str] | None:
    m = _QUARTER.fullmatch(s)
    if not m:
        return None
    q = ORDINALS.get(m.group("q"), -1)
    n = 4 if q < 0 else q
    year = _year_word(m.group("y") or m.group("yr"), anchor)
    if s.startswith("this year's") and anchor.dct:
        year = anchor.dct.year
    elif s.startswith("last year's") and anchor.dct:
        year = anchor.dct.year - 1
    if year is None and anchor.dct is not None:
        later = n > quarter_of(anchor.dct) and anchor.tense != "future"
        year = anchor.dct.year - 1 if later else anchor.dct.year
    return "DATE", f"{year:04d}-Q{n}" if year else f"XXXX-Q{n}"


def _halves(s: str, anchor: Anchor) -> tuple[str, str] | None:
    m = _HALF.fullmatch(s)
    if not m:
        return None
    n = 1 if m.group("h") == "first" else 2
    year = _year_word(m.group("y") or (s.split(" of ")[-1] if " of " in s else None), anchor) \
        if m.group("y") or re.search(r"of (?:this|last|next) year", s) else None
    if year is None and anchor.dct is not None:
        year = anchor.dct.year - 1 if n == 2 and anchor.dct.month <= 6 and anchor.tense == "past" else anchor.dct.year
    return "DATE", f"{year:04d}-H{n}" if year else f"XXXX-H{n}"


def _granular(d: date, unit: str) -> str:
    """`d` at the granularity of `unit` (the unit of an offset such as `two years ago`)."""
    if unit in {"Y"}:
        return str(d.year)
    if unit == "Q":
        return f"{d.year}-Q{quarter_of(d)}"
    if unit == "M":
        return f"{d.year:04d}-{d.month:02d}"
    if unit in {"W", "WE"}:
        return iso_week(d)
    return d.isoformat()


def _offsets(s: str, anchor: Anchor) -> tuple[str, str] | None:
    m = _OFFSET.fullmatch(s)
    if not m:
        return None
    direction = " ".join(m.group("dir").split())
    backward = direction in {"ago", "earlier", "before", "previously"}
    amount = parse_number(m.group("n"))
    word = singular(m.group("u"))
    if amount is None or anchor.dct is None:
        return "DATE", "PAST_REF" if backward else "FUTURE_REF"
    unit = {"S": "D", "H": "D"}.get(fmt_duration(1, word)[-1], fmt_duration(1, word)[-1])
    unit = "Y" if word in {"decade", "century", "centurie", "millennium"} else "W" if word == "weekend" else unit
    years = amount * {"decade": 10, "century": 100, "centurie": 100}.get(word, 1)
    sign = -1 if backward else 1
    if direction not in {"ago", "from now", "hence"} and anchor.last and unit in {"Y", "M", "Q"}:
        moved = shift(anchor.last, int(sign * years), unit) if years == int(years) else None
        if moved:
            return "DATE", moved
    base = anchor.dct
    if unit == "Y":
        shifted = date(base.year + int(sign * years), base.month, min(base.day, 28))
    elif unit in {"M", "Q"}:
        months = int(sign * amount * (3 if unit == "Q" else 1))
        month = base.month - 1 + months
        shifted = date(base.year + month // 12, month % 12 + 1, min(base.day, 28))
    else:
        days = amount * (7 if unit == "W" else 1) * (1 / 24 if word in {"hour", "minute", "second"} else 1)
        shifted = base + timedelta(days=int(sign * days))
    return "DATE", _granular(shifted, unit)


def _ago_adj(s: str, anchor: Anchor) -> tuple[str, str] | None:
    m = _AGO_ADJ.fullmatch(s)
    if not m:
        return None
    unit = {"year": "Y", "month": "M", "week": "W", "quarter": "Q", "decade": "DE"}[m.group("u")]
    if anchor.last and (moved := shift(anchor.last, -1, unit)):
        return "DATE", moved
    if anchor.dct is None:
        return "DATE", "PAST_REF"
    return _offsets(f"a {m.group('u')} ago", anchor)


def _durations(s: str, anchor: Anchor) -> tuple[str, str] | None:
    m = _DURATION.fullmatch(s)
    if not m:
        return None
    n = m.group("n")
    if n is None and s.startswith("the ") and not s.endswith("s"):
        return None
    amount = parse_number(n) if n else (None if m.group("u").endswith(("s", "ia")) else 1)
    return "DURATION", fmt_duration(amount, m.group("u"))


def _clock(s: str, anchor: Anchor) -> tuple[str, str] | None:
    m = _NAMED_TIME.fullmatch(s)
    if m:
        hhmm = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}[m.group("t")]
    else:
        m = _CLOCK.fullmatch(s)
        if not m or not (m.group("ap") or m.group("mi")):
            return None
        hour, minute = int(m.group("h")), int(m.group("mi") or 0)
        ap = (m.group("ap") or "")[:1]
        if hour > 24 or minute > 59 or ap and not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ap == "p" else 0) if ap else hour
        hhmm = f"{hour:02d}:{minute:02d}"
    day = m.group("day")
    if day in WEEKDAYS:
        base = resolve_weekday(WEEKDAYS[day], anchor) if anchor.dct else f"XXXX-WXX-{WEEKDAYS[day] + 1}"
    elif day:
        base = _day_value(day, anchor)
        base = "XXXX-XX-XX" if base == "PRESENT_REF" else base
    else:
        base = anchor.dct.isoformat() if anchor.dct else "XXXX-XX-XX"
    return "TIME", f"{base}T{hhmm}"


def _seasons(s: str, anchor: Anchor) -> tuple[str, str] | None:
    m = re.fullmatch(r"(?:(?:early|late|mid)[-\s]*)?(?P<s>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?"
                     r"(?P<y>\d{4}))?", s)
    if not m or m.group("s") == "fall" and not m.group("y") and s == "fall":
        return None
    code = SEASONS[m.group("s")]
    if m.group("y"):
        return "DATE", f"{m.group('y')}-{code}"
    if anchor.dct is None:
        return "DATE", f"XXXX-{code}"
    step = -1 if anchor.tense == "past" else 1 if anchor.tense == "future" else 0
    return _periods(f"{'last' if step < 0 else 'next' if step > 0 else 'this'} {m.group('s')}", anchor)


# Order matters: sets before durations, anaphoric offsets before plain periods, durations last.
_RULES = [_sets, _refs, _calendar, _years, _spelled_years, _holidays, _dayrel, _weekdays, _parts, _quarters, _halves,
          _offsets, _ago_adj, _periods, _seasons, _clock, _durations]
