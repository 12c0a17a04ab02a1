"""Readers for the TABARI / PETRARCH2 dictionary formats (Phoenix actors, agents, verbs), stdlib + pycountry.

What this module knows is the file formats, as described in the dictionaries' own `dictionaries.rst` and as
PETRARCH2's reader reads them; what goes into newsgraph's actor dictionary is decided by
`tools/build_actor_dictionary.py`.

* An actors entry is a primary phrase, `+` synonyms and `[CODE]`, `[CODE <date]`, `[CODE >date]` or
  `[CODE date-date]` restrictions (on the primary line or on indented lines); dates are YYMMDD (00-30 means
  20YY, else 19YY) or YYYYMMDD (only the first 8 digits count); a primary phrase with no code shares the codes
  of the entry that follows it; `[---]` is the null code; `#` starts a comment.
* Agents are `PHRASE {plural} [~CODE]` (or `[CODE~]`); regular plurals are generated, `{}` means none,
  `!MARKER!` expands to the words of its `!MARKER! = a, b` line, and the four truncated stems the file still
  uses ("MINIST", "AUTHORIT", "COMPAN", "INDUSTR") are expanded to the words they stand for.
* CAMEO codes become (country, sector): the first 3 letters are the country if they are an ISO 3166-1 alpha-3
  code (pseudo-countries such as KSV, TMP, USR, KKL, regions such as MEA, SAS become None); IGO/NGO/MNC/IMG
  prefixes give the sectors IGO/NGO/BUS/REB; otherwise the sector is the first CAMEO role group that follows
  (religions: REL).
* Phoenix.Countries holds country entries (bare country codes, places among their synonyms) and entries made
  from CountryInfo.txt's lists of office holders, marked `# CountryInfo.txt`; person names are written
  `GIVEN_FAMILY_`, with titles, suffixes and remarks mixed in (`name_words` takes them out).
* The verb dictionary (CAMEO.2.0.txt) is read for its English words only.
"""

from __future__ import annotations

import datetime
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pycountry

COUNTRIES_FILE = "Phoenix.Countries.actors.txt"
_SRC = str(Path(__file__).resolve().parent.parent / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)
from newsgraph.analyze.actor_dictionary import normalize_name  # noqa: E402

ISO3 = frozenset(c.alpha_3 for c in pycountry.countries)
# CAMEO role codes kept as sectors (CAMEO 1.1b3 actor codebook, chapter 3), and codes folded into one of them.
ROLE_CODES = frozenset({"COP", "GOV", "JUD", "MIL", "OPP", "PTY", "REB", "SPY", "UAF", "AGR", "BUS", "CRM", "CVL",
                        "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "MOD", "RAD", "REL",
                        "IGO", "NGO"})
ROLE_ALIASES = {"IMG": "REB", "INS": "REB", "SEP": "REB", "MNC": "BUS", "NGM": "NGO", "SET": "CVL"}
RELIGION_CODES = frozenset({"MUS", "CHR", "JEW", "HIN", "BUD", "SIK", "JAN", "TAO", "SHN", "ZRO", "BAH", "MOS",
                            "CTH", "PRO", "ORT", "CPT", "MAR", "SHI", "SUN", "ALE", "DRZ", "ATH", "CON", "ITH"})
PREFIX_SECTORS = {"IGO": "IGO", "NGO": "NGO", "MNC": "BUS", "IMG": "REB"}
# Words that make a primary phrase the name of a body or an office ("KOSOVO_ASSEMBLY"), not of a person.
ORG_WORDS = frozenset({"party", "council", "assembly", "movement", "front", "army", "brigade", "brigades", "force",
                       "forces", "authority", "coalition", "union", "organization", "organisation", "observatory",
                       "committee", "commission", "republic", "state", "government", "ministry", "minister", "court",
                       "bank", "league", "congress", "parliament", "politburo", "soviet", "sfsr", "agency", "office",
                       "association", "federation", "alliance", "group", "institute", "fund", "administration",
                       "secretary", "sec", "affairs", "rights", "internet", "revolution", "revolutionary",
                       "liberation", "democratic", "national", "people", "peoples", "islamic", "emergency"})
# Words before and after a person's name in the actors files, not part of it.
NAME_TITLES = frozenset({"prince", "princess", "sir", "lord", "lady", "king", "queen", "sheikh", "shaikh", "sheik",
                         "emir", "amir", "mullah", "ayatollah", "samdech", "president", "general", "gen", "dr", "mr",
                         "mrs", "ms", "bishop", "archbishop", "cardinal", "chief", "major", "colonel", "col",
                         "acting", "imam", "crown"})
NAME_SUFFIXES = frozenset({"jr", "sr", "junior", "senior", "ii", "iii", "iv"})
# The truncated stems the agents file still uses ("a few stems remain", its header says), with their endings.
AGENT_STEMS = {"MINIST": ("ER", "ERS", "RY", "RIES"), "AUTHORIT": ("Y", "IES"), "COMPAN": ("Y", "IES"),
               "INDUSTR": ("Y", "IES")}


@dataclass
class Rule:
    code: str | None  # None: the null code [---]
    start: datetime.date | None = None
    end: datetime.date | None = None
    dated: bool = False


@dataclass
class Entry:
    source: str
    line: int
    phrases: list[str] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    comment: str = ""  # the comment of the primary line: "CountryInfo.txt" for entries made from CountryInfo


@dataclass
class Report:
    """Counts of what the build skipped or repaired, with one example of each."""

    warnings: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def warn(self, kind: str, where: str) -> None:
        self.warnings[kind] += 1
        self.examples.setdefault(kind, where)


# ----- actor files ---------------------------------------------------------------------------------------------

def parse_date(text: str) -> datetime.date:
    """PETRARCH's dstr_to_ordate: YYMMDD (<= 7 characters; 00-30 -> 20YY) or YYYYMMDD (first 8 characters)."""
    if len(text) > 7:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    else:
        year, month, day = int(text[:2]), int(text[2:4]), int(text[4:6])
        year += 2000 if year <= 30 else 1900
    return datetime.date(year, month, day)


def parse_restrictions(text: str, where: str, report: Report) -> list[Rule]:
    """Every `[CODE restriction]` of a line."""
    rules = []
    for content in re.findall(r"\[([^\]]*)\]", text):
        parts = content.split(None, 1)
        if not parts:
            report.warn("empty code", where)
            continue
        code = None if parts[0].strip("-") == "" else parts[0]
        rest = parts[1].strip() if len(parts) > 1 else ""
        if code is not None and not re.fullmatch(r"[A-Z]{3}[A-Z0-9]*", code):  # digits: CAMEORCS religions
            report.warn("code not letters", where)
            continue
        try:
            if rest[:1] in ("<", ">"):
                digits = re.search(r"\d{6,}", rest)
                if digits is None:
                    raise ValueError(rest)
                day = parse_date(digits.group())
                rule = Rule(code, None, day, True) if rest[0] == "<" else Rule(code, day, None, True)
            elif "-" in rest:
                first, _, last = rest.partition("-")
                rule = Rule(code, parse_date(first.strip()), parse_date(last.strip()), True)
                if rule.end < rule.start:
                    report.warn("range ends before it starts (skipped)", where)
                    continue
            else:
                if rest:
                    report.warn("single date without < > or - (read as undated, as PETRARCH does)", where)
                rule = Rule(code)
        except ValueError:
            report.warn("unreadable date (skipped)", where)
            continue
        rules.append(rule)
    return rules


def parse_actor_file(path: Path, report: Report) -> list[Entry]:
    """The entries of an actors file, in order."""
    entries: list[Entry] = []
    current: Entry | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        where = f"{path.name}:{number}"
        if not line:
            continue
        if line.startswith("[") or line.startswith("+"):
            if current is None:
                report.warn("restriction or synonym before any entry", where)
                continue
            if line.startswith("["):
                current.rules.extend(parse_restrictions(line, where, report))
            else:
                name, _, codes = line[1:].partition("[")
                current.phrases.extend(p for p in name.split("+") if p.strip())  # `+A_+B_`: two synonyms
                if codes:
                    current.rules.extend(parse_restrictions("[" + codes, where, report))
            continue
        name, _, codes = line.partition("[")
        rules = parse_restrictions("[" + codes, where, report) if codes else []
        if current is not None and not current.rules:
            current.phrases.append(name)  # PETRARCH: a phrase with no codes yet shares the next codes
            current.rules.extend(rules)
            continue
        current = Entry(path.name, number, [name], rules, raw.partition("#")[2].strip())
        entries.append(current)
    return entries


def phrase_keys(phrase: str) -> list[str]:
    """Normalized keys of a dictionary phrase: as written, and without a parenthesized acronym."""
    keys = [normalize_name(phrase)]
    if "(" in phrase:
        keys.append(normalize_name(re.sub(r"\([^)]*\)", " ", phrase)))
    return [k for k in dict.fromkeys(keys) if k]


def name_words(phrase: str) -> list[str]:
    """The words of a person's name as the actors files write it, normalized, one item per written word.

    Underscores and spaces separate words, a hyphen joins parts of one word (`BAN_KI-MOON` -> `ban`, `ki moon`);
    what follows `(` or `,` is a remark (`TSAKHIAGIYN_ELBEGDORJ (1ST_TIME_`); leading titles, generational
    suffixes and the place of a title (`LORD_ROBERTSON_OF_PORT_ELLEN`: `robertson`) are not part of the name.
    """
    phrase = re.split(r"[(,]", phrase, maxsplit=1)[0]
    words = [word for word in (normalize_name(part) for part in re.split(r"[\s_]+", phrase)) if word]
    while words and words[0] in NAME_TITLES:
        words = words[1:]
    while words and words[-1] in NAME_SUFFIXES:
        words = words[:-1]
    return words[:words.index("of")] if "of" in words else words


def from_countryinfo(entry: Entry) -> bool:
    """Whether an entry of Phoenix.Countries was made from CountryInfo.txt's lists of office holders (persons)."""
    return entry.source == COUNTRIES_FILE and entry.comment.lower().startswith("countryinfo")


def country_entry_iso(entry: Entry) -> str | None:
    """ISO3 of an entry of Phoenix.Countries that names a country or territory (codes without a sector)."""
    codes = [decode_code(rule.code) for rule in entry.rules if rule.code]
    if entry.source != COUNTRIES_FILE or not codes or any(sector for _, sector in codes):
        return None
    return resolve_country(entry)


def resolve_country(entry: Entry) -> str | None:
    """Country of an entry today: an open-ended range, else the undated code, else the range that ended last."""
    rules = [r for r in entry.rules if r.code]
    open_ended = [r for r in rules if r.dated and r.end is None]
    undated = [r for r in rules if not r.dated]
    if open_ended:
        chosen = max(open_ended, key=lambda r: r.start or datetime.date.min)
    elif undated:
        chosen = undated[0]
    elif rules:
        chosen = max(rules, key=lambda r: r.end or datetime.date.max)
    else:
        return None
    return decode_code(chosen.code)[0]


def person_name(entry: Entry) -> list[str] | None:
    """The name words of an entry that names one person, else None.

    Persons: entries of Phoenix.Countries made from CountryInfo.txt (their primary line says so in a comment),
    and entries of any actors file with a dated code whose codes all have a sector (no place or state) and
    whose name has no word of a body or an office. A one-word name is no person's full name here.
    """
    coded = [rule for rule in entry.rules if rule.code]
    if not coded or country_entry_iso(entry):
        return None
    if not from_countryinfo(entry) and not (any(r.dated for r in coded) and all(decode_code(r.code)[1] for r in coded)):
        return None
    words = name_words(entry.phrases[0])
    if len(words) < 2 or {w for word in words for w in word.split()} & ORG_WORDS:
        return None
    return words


def verb_dictionary_words(path: Path) -> set[str]:
    """Lowercased words of the verb-pattern dictionary (CAMEO.2.0.txt): verbs, their forms, nouns of patterns."""
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = re.sub(r"\[[^\]]*\]", " ", line.split("#", 1)[0])  # comments and [codes] are not English
        words.update(word.lower() for word in re.findall(r"[A-Za-z]+", line))
    return words


def decode_code(code: str) -> tuple[str | None, str | None]:
    """CAMEO actor code -> (ISO3 country or None, primary sector or None)."""
    groups = [code[i:i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
    if not groups:
        return None, None
    first = groups[0]
    if first in ISO3:
        if len(groups) > 1 and groups[1] in ISO3:  # a territory: GBRVGB (British Virgin Islands), USAPRI
            return groups[1], role_of(groups[2:])
        return first, role_of(groups[1:])
    if first in PREFIX_SECTORS:
        return None, PREFIX_SECTORS[first]
    if first in ROLE_CODES or first in ROLE_ALIASES:
        return None, role_of(groups)
    sector = role_of(groups[1:])
    if sector is None and first in RELIGION_CODES:
        sector = "REL"
    return None, sector


def role_of(groups: list[str]) -> str | None:
    """First group that is a CAMEO role (or a religion, as REL)."""
    for group in groups:
        if group in ROLE_CODES:
            return group
        if group in ROLE_ALIASES:
            return ROLE_ALIASES[group]
        if group in RELIGION_CODES:
            return "REL"
    return None


# ----- agents ------------------------------------------------------------------------------------------------

def parse_agents(path: Path, report: Report) -> dict[str, str]:
    """Agent phrase (normalized, with plurals and expansions) -> primary sector."""
    markers: dict[str, list[str]] = {}
    raw: list[tuple[str, list[str] | None, str, str]] = []  # phrase, plurals ({} given), sector, where
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{number}"
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        marker = re.fullmatch(r"!(\w+)!\s*=\s*(.+)", line)
        if marker:
            markers[marker.group(1)] = [w.strip() for w in marker.group(2).split(",") if w.strip()]
            continue
        found = re.search(r"\[\s*([^\]\}\s]*)\s*[\]\}]", line)
        if found is None:
            report.warn("agent without a code (skipped)", where)
            continue
        sector = decode_agent_code(found.group(1))
        if sector is None:
            report.warn("agent code with no sector (skipped)", where)
            continue
        phrase = line[:found.start()]
        plurals = None
        if "{" in phrase:
            phrase, _, given = phrase.partition("{")
            plurals = [p for p in given.partition("}")[0].split() if p]
        raw.append((phrase.strip(), plurals, sector, where))
    agents: dict[str, str] = {}
    for phrase, plurals, sector, where in raw:
        for form in expand_agent(phrase, plurals, markers, report, where):
            key = normalize_name(form.replace("_", " "))
            if not key:
                continue
            if key in agents and agents[key] != sector:
                report.warn("agent phrase with two sectors (first kept)", key)
                continue
            agents.setdefault(key, sector)
    return agents


def decode_agent_code(code: str) -> str | None:
    """`~GOVMIL` -> GOV, `IGO~` -> IGO, `~MUS` -> REL, `~PPL` -> None."""
    groups = [code.strip("~")[i:i + 3] for i in range(0, len(code.strip("~")), 3)]
    return role_of(groups[:1])


def expand_agent(phrase: str, plurals: list[str] | None, markers: dict[str, list[str]], report: Report,
                 where: str) -> list[str]:
    """The forms an agents line stands for: marker expansions, else the phrase, its plurals, its stem's words."""
    if "!" in phrase:
        def literal_inside_word(m: re.Match[str]) -> str:  # "AD!MINIST!RATIVE": a replace-all slip, keep letters
            before, after = m.string[m.start() - 1:m.start()], m.string[m.end():m.end() + 1]
            return m.group(1) if before.isalpha() and after.isalpha() else m.group(0)
        phrase = re.sub(r"!(\w+)!", literal_inside_word, phrase)
        found = re.search(r"!(\w+)!", phrase)
        if found is None:
            return expand_agent(phrase, plurals, markers, report, where)
        if found.group(1) not in markers:
            report.warn("unknown substitution marker (skipped)", where)
            return []
        return [phrase[:found.start()] + item + phrase[found.end():] for item in markers[found.group(1)]]
    words = re.split(r"[_\s]+", phrase.rstrip("_ "))
    if not phrase.endswith("_") and words[-1] in AGENT_STEMS:  # MINIST -> MINISTER, MINISTERS, MINISTRY, ...
        return [" ".join(words[:-1] + [words[-1] + ending]) for ending in AGENT_STEMS[words[-1]]]
    if plurals is not None:
        return [phrase, *plurals]
    return [phrase, " ".join(words[:-1] + [pluralize_petrarch(words[-1])])]


def pluralize_petrarch(word: str) -> str:
    """PETRARCH's regular plurals: Y -> IES, S -> SES, else +S (a vowel before Y keeps it: DEPUTY, but DAYS)."""
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    if word.endswith("S"):
        return word + "ES"
    return word + "S"
