"""Readers for the leaders' tables in `../shared/data/actors/` (Wikidata, CC0), as dated actor entries.

`tools/build_actor_dictionary.py` adds them to the Phoenix dictionaries' entries, which end about 2014.
"""

from __future__ import annotations

import csv
import datetime
import re
from pathlib import Path

import pycountry
from petrarch_format import Entry, Report, Rule, phrase_keys

from newsgraph.analyze.actor_dictionary import normalize_name

LEADER_FILES = ("world-leaders-2021.csv", "international-officeholders.csv")


def leader_entries(folder: Path, entries: list[Entry], countries: dict[str, str], report: Report) -> list[Entry]:
    """Heads of state and government (2000-2022) and of international organizations, as dated person entries.

    `world-leaders-2021.csv` gives the country and the years in office: the code is the country's government
    from January 1 of the first year to December 31 of the last (open when still in office).
    `international-officeholders.csv` gives days; the code is the organization's own, found by its name in the
    dictionaries ("Secretary-General of the United Nations" -> the code of "United Nations")."""
    out: list[Entry] = []
    names = {key: entry for entry in entries for phrase in entry.phrases for key in phrase_keys(phrase)}
    with (folder / LEADER_FILES[0]).open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            iso = leader_country(row["country"], countries)
            if iso is None or not row["officeholderLabel"] or not row["start_year"].isdigit():
                report.warn("leader whose country or start year is unknown (skipped)", f"{row['officeholderLabel']}")
                continue
            end = datetime.date(int(row["end_year"]), 12, 31) if row["end_year"].isdigit() else None
            ex_officio = not re.match(r"(federal )?(president|prime minister|chancellor|premier)\b",
                                      row["positionLabel"], re.IGNORECASE)
            out.append(Entry(LEADER_FILES[0], number, [row["officeholderLabel"].replace(" ", "_")],
                             [Rule(iso + "GOV", datetime.date(int(row["start_year"]), 1, 1), end, dated=True)],
                             comment="ex officio" if ex_officio else ""))
    # A president who is also another country's co-prince or a monarch of several realms: the presidency's
    # country comes first, as the first rule in force wins.
    out.sort(key=lambda entry: entry.comment == "ex officio")
    with (folder / LEADER_FILES[1]).open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            body = names.get(normalize_name(row["position"].rsplit(" of ", 1)[-1]))
            code = next((r.code for r in body.rules if r.code and not r.dated), None) if body else None
            start, end = wikidata_day(row["start"], first=True), wikidata_day(row["end"], first=False)
            if code is None or start is None:
                report.warn("officeholder whose organization or start is not known (skipped)", row["position"])
                continue
            out.append(Entry(LEADER_FILES[1], number, [row["person"].replace(" ", "_")],
                             [Rule(code, start, end, dated=True)]))
    return out


def wikidata_day(text: str, first: bool) -> datetime.date | None:
    """A day, a month ("2017-03") or a year ("2017"): its first or last day; None when empty or unreadable."""
    parts = text.strip().split("-")
    if not parts[0].isdigit() or len(parts[0]) != 4 or not all(p.isdigit() for p in parts):
        return None
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else (1 if first else 12)
    if len(parts) > 2:
        day = int(parts[2])
    elif first:
        day = 1
    else:
        day = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def leader_country(name: str, countries: dict[str, str]) -> str | None:
    """ISO3 of a country as Wikidata labels it ("People's Republic of China", "Kingdom of the Netherlands"), by the
    dictionary's own country words first, then ISO 3166's names; never a fuzzy match (Kosovo is no part of Serbia
    here)."""
    for candidate in (name, re.sub(r"^(The |(Kingdom|Republic|State|Commonwealth) of (the )?)", "", name)):
        if (iso := countries.get(normalize_name(candidate))) is not None:
            return iso
        try:
            return str(pycountry.countries.lookup(candidate).alpha_3)
        except LookupError:
            continue
    return None
