"""Canonical events: the same real-world event reported by several articles becomes one event.

An event of a record joins a canonical event when both are of the same PLOVER type, the event's word has the
stem of a word a report of the canonical event used ("shooting" and "shootings" agree, "shot" and "shooting" do
not), nothing about them conflicts, and at least two of three further pieces of evidence agree:

* place: both have coordinates, at most `max_km` apart (they conflict when farther);
* date: both have a full calendar date, at most `window_days` apart (they conflict when farther);
* actors: both name the source country, or both name the target country, and those agree (they
  conflict when both name one and the countries differ), or an actor of one is named as an actor of the other.

A missing piece neither helps nor conflicts: an article that does not say who acted, or where, does not
report a different event, it reports less of it. Two agreeing pieces without the word once merged a
governor's "defended" with an oil market's "supported" (one type, one day, one country). On ECB+, whose
cross-document event links are gold (`newsgraph evaluate canonical-events`), pairs of reports merged that way
were one real event for 0.26 of them; with the word required, for about 0.85 (docs/events.md).

A place as large as a country, a first-order division, a region or a sea tells events apart no better than
no place: it counts as none. Negated and hypothetical events did not happen (or not yet): they get no canonical event.

Stricter since 2026-12-07 (docs/events.md, "Canonical events made stricter"):

* the word is compared by its lemma in the event lexicon ("shot" = "shooting", "struck" = "strikes"), the
  stem above only for words the lexicon lacks (`trigger_key`);
* a partial date is evidence too: a year, a month or a weekday that cannot fall within `window_days` of the
  other report's conflicts ("Monday" and "Friday", "in 2010" and 2013-03-12), and two weekdays that agree
  count as the date agreeing (`_partial`);
* a report must agree within tolerance with every report of the canonical event, not only with the first
  (places 30 km east and 30 km west of a first report are 60 km apart);
* given the story each article belongs to (`add(..., story=)`, as `newsgraph ingest` assigns it before the
  merger runs), the reports of one canonical event come from articles of one story: an article about another
  happening is read with all its people, places and dates, where one event's fields are few.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from newsgraph.analyze.event_lexicon import EventLexicon
from newsgraph.store.resolve import normalize
from newsgraph.stories.features import cycle_apart

EARTH_RADIUS_KM = 6371.0
GRID_DEGREES = 1.0
# GeoNames feature codes of places too large to tell two events apart: countries, first-order divisions,
# continents, regions, seas and oceans. An event placed only in one of them counts as not placed.
COARSE_FEATURES = ("PCL", "ADM1", "CONT", "RGN", "OCN", "SEA", "GULF", "ZN")


MIN_AGREEING = 2  # of place, date and actors, besides the word
SUFFIXES = ("ings", "ing", "ed", "es", "s")


@dataclass
class _Evidence:
    """What reports called an event and who they named in it, as reports are compared."""

    triggers: set[str] = field(default_factory=set)  # lemmas of the trigger words (`trigger_key`)
    actors: set[str] = field(default_factory=set)  # names of the actors (`actor_name`)

    def remember(self, triggers: Iterable[str | None], actors: Iterable[str | None]) -> None:
        self.triggers.update(key for key in map(trigger_key, triggers) if key)
        self.actors.update(name for name in map(actor_name, actors) if name)

    def absorb(self, other: _Evidence) -> None:
        self.triggers |= other.triggers
        self.actors |= other.actors


@dataclass
class _Canonical:
    row: dict[str, Any]
    reporters: set[str]
    day: int | None = None
    mapped: bool = False
    evidence: _Evidence = field(default_factory=_Evidence)  # of all its reports
    reports: list[dict[str, Any]] = field(default_factory=list)  # each report's columns (`_describe`)
    stories: set[str] = field(default_factory=set)  # the stories of the articles that reported it


def trigger_stem(text: str | None) -> str | None:
    """The stem of a trigger's first word: lowercased, a plural or -ed/-ing ending and a doubled consonant off."""
    words: list[str] = re.findall(r"[a-z]+", (text or "").lower())
    if not words:
        return None
    word = words[0]
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]
            break
    return word


def trigger_key(text: str | None) -> str | None:
    """What reports' words are compared by: the event lexicon's lemma of the trigger's first word ("shot",
    "shooting" and "shootings" give "shoot"; a noun the lexicon knows gives its verb when it has one), else
    `trigger_stem`."""
    words: list[str] = re.findall(r"[a-z]+", (text or "").lower())
    if not words:
        return None
    lexicon = EventLexicon.load()
    lemma = lexicon.verb_lemma(words[0])
    if lemma is None:
        noun = lexicon.noun_forms.get(words[0])
        lemma = (lexicon.verb_lemma(noun) or noun) if noun else None
    return lemma or trigger_stem(words[0])


def actor_name(text: str | None) -> str | None:
    """An actor's name as reports are compared by: the store's name key (`normalize`), without a leading article."""
    name = re.sub(r"^(the|a|an) ", "", normalize(text or ""))
    return name or None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _day(value: Any) -> int | None:
    """A full calendar date (TIMEX3 or ISO, date-times too) as a day number; partial dates are unknown."""
    text = str(value or "")[:10]
    if len(text) < 10:
        return None
    try:
        return date.fromisoformat(text).toordinal()
    except ValueError:
        return None


WEEKDAY = re.compile(r"^XXXX-WXX-([1-7])$")


def _partial(value: Any) -> tuple[int | None, int | None, int | None]:
    """(year, month, ISO weekday) a date value gives, each None when it does not: "2010", "XXXX-12-06",
    "XXXX-WXX-5" (a Friday), and all three of a full date."""
    text = str(value or "")
    weekday = WEEKDAY.match(text)
    if weekday:
        return None, None, int(weekday.group(1))
    day = _day(text)
    if day is not None:
        full = date.fromordinal(day)
        return full.year, full.month, full.isoweekday()
    year = int(text[:4]) if re.match(r"^\d{4}(-|$)", text) else None
    month = int(text[5:7]) if re.match(r"^(\d{4}|XXXX)-(0[1-9]|1[0-2])(-|$)", text) else None
    return year, month, None


REPORT_KEYS = ("type", "source_country", "target_country", "geonames_id", "lat", "lon", "date")


def _country(actors: list[dict[str, Any]]) -> str | None:
    """The country most of the actors have (the first among equals), None when none has one."""
    countries = [a.get("country") for a in actors if a.get("country")]
    return max(countries, key=countries.count) if countries else None


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / GRID_DEGREES), math.floor(lon / GRID_DEGREES)


class EventMerger:
    """Assigns the events of each new article to canonical events; `load` what the store already holds."""

    def __init__(self, *, max_km: float = 40.0, window_days: int = 2) -> None:
        self.max_km = max_km
        self.window_days = window_days
        self._events: dict[str, _Canonical] = {}
        self._by_day: dict[tuple[str, int], list[str]] = {}
        self._by_cell: dict[tuple[str, tuple[int, int]], list[str]] = {}

    def __len__(self) -> int:
        return len(self._events)

    def load(self, rows: Iterable[dict[str, Any]],
             evidence: Iterable[tuple[str, str | None, str | None]] = (),
             stories: Iterable[tuple[str, str | None]] = ()) -> None:
        """Canonical events from the store: id, type, source_country, target_country, geonames_id, lat, lon,
        date, first_seen, report_count, and optionally `reports` (the ids of the articles counted), which
        keeps a re-analyzed article from being counted twice; `evidence`: (canonical id, a report's trigger
        text, one of its actors' text) as the store's events hold them; `stories`: (canonical id, the story of
        an article that reported it)."""
        for row in rows:
            if row["id"] not in self._events:
                data = dict(row)
                reporters = {str(a) for a in data.pop("reports", None) or ()}
                self._index(data, reporters)
                held = {key: data.get(key) for key in REPORT_KEYS}
                self._events[data["id"]].reports.append({**held, "partial": _partial(data.get("date"))})
        for canonical_id, trigger, actor in evidence:
            if canonical_id in self._events:
                self._events[canonical_id].evidence.remember([trigger], [actor])
        for canonical_id, story in stories:
            if canonical_id in self._events and story:
                self._events[canonical_id].stories.add(story)

    def add(self, article_id: str, record: dict[str, Any], story: str | None = None
            ) -> list[tuple[str, dict[str, Any]]]:
        """For each event of the record that happened: (event id, the canonical row it now belongs to).

        The row is new or updated (`report_count` counts articles: a second event of one article that
        joins the same canonical event, or the same article added again, does not count twice). `story`: the
        story the article belongs to; a canonical event reported in other stories only is not joined.
        """
        places = {p.get("id"): p for p in record.get("places") or []}
        published = record.get("published")
        seen = published.get("value") if isinstance(published, dict) else published
        results: list[tuple[str, dict[str, Any]]] = []
        for event in record.get("events") or []:
            if event.get("negated") or event.get("hypothetical") or not event.get("type"):
                continue
            candidate = self._describe(event, places.get(event.get("place")))
            when = event.get("date")
            reported = {**candidate, "partial": _partial(when.get("value") if isinstance(when, dict) else None)}
            report = _Evidence()
            report.remember([(event.get("trigger") or {}).get("text")],
                            [a.get("text") for a in (event.get("source") or []) + (event.get("target") or [])])
            match = self._find(reported, report, story)
            if match is None:
                canonical_id = f"ce-{article_id}-{event.get('id')}"
                row = {"id": canonical_id, **candidate, "first_seen": seen or candidate["date"],
                       "report_count": 1}
                self._index(row, {article_id})
                match = self._events[canonical_id]
            else:
                row = self._update(match, candidate, article_id)
            match.evidence.absorb(report)
            match.reports.append(reported)
            if story:
                match.stories.add(story)
            results.append((str(event.get("id")), dict(row)))
        return results

    @staticmethod
    def _describe(event: dict[str, Any], place: dict[str, Any] | None) -> dict[str, Any]:
        """The canonical-event columns one reported event gives."""
        if place is not None and (place.get("lat") is None or place.get("lon") is None
                                  or str(place.get("feature") or "").startswith(COARSE_FEATURES)):
            place = None
        when = event.get("date") or {}
        value = when.get("value") if isinstance(when, dict) else None
        return {
            "type": event["type"],
            "source_country": _country(event.get("source") or []),
            "target_country": _country(event.get("target") or []),
            "geonames_id": place.get("geonames_id") if place else None,
            "lat": place.get("lat") if place else None,
            "lon": place.get("lon") if place else None,
            "date": str(value)[:10] if _day(value) is not None else None,
        }

    def _find(self, reported: dict[str, Any], report: _Evidence, story: str | None = None) -> _Canonical | None:
        """The compatible canonical event with the most agreeing evidence (the oldest among equals): of the
        same story, its word, and no report of it in conflict."""
        best: tuple[int, _Canonical] | None = None
        for canonical_id in self._candidates(reported):
            canonical = self._events[canonical_id]
            if not canonical.evidence.triggers & report.triggers:
                continue
            if story and canonical.stories and story not in canonical.stories:
                continue
            first = next((r["partial"] for r in canonical.reports if any(r["partial"])), (None, None, None))
            agreeing = self._agreement({**canonical.row, "partial": first}, reported,
                                       bool(canonical.evidence.actors & report.actors))
            if agreeing < MIN_AGREEING or (best is not None and agreeing <= best[0]):
                continue
            if any(self._agreement(other, reported) < 0 for other in canonical.reports):
                continue
            best = (agreeing, canonical)
        return best[1] if best else None

    def _candidates(self, candidate: dict[str, Any]) -> list[str]:
        """Canonical events of the type near in time or in space (two agreeing pieces need one of those)."""
        kind = candidate["type"]
        found: dict[str, None] = {}
        day = _day(candidate["date"])
        if day is not None:
            for d in range(day - self.window_days, day + self.window_days + 1):
                found.update(dict.fromkeys(self._by_day.get((kind, d), ())))
        if candidate["lat"] is not None and candidate["lon"] is not None:
            y, x = _cell(candidate["lat"], candidate["lon"])
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    found.update(dict.fromkeys(self._by_cell.get((kind, (y + dy, x + dx)), ())))
        return list(found)

    def _agreement(self, row: dict[str, Any], candidate: dict[str, Any], same_actor: bool = False) -> int:
        """How many of place, date and actors agree; -1 when one conflicts or the types differ."""
        if row["type"] != candidate["type"]:
            return -1
        agreeing = 0
        if None not in (row["lat"], row["lon"], candidate["lat"], candidate["lon"]):
            if distance_km(row["lat"], row["lon"], candidate["lat"], candidate["lon"]) > self.max_km:
                return -1
            agreeing += 1
        day, other = _day(row["date"]), _day(candidate["date"])
        if day is not None and other is not None:
            if abs(day - other) > self.window_days:
                return -1
            agreeing += 1
        else:
            dated = self._partial_agreement(row.get("partial"), candidate.get("partial"))
            if dated < 0:
                return -1
            agreeing += dated
        actors = int(same_actor)
        for role in ("source_country", "target_country"):
            if row[role] and candidate[role]:
                if row[role] != candidate[role]:
                    return -1
                actors = 1
        return agreeing + actors

    def _partial_agreement(self, one: tuple[int | None, ...] | None, other: tuple[int | None, ...] | None) -> int:
        """Partial dates: -1 when their years differ, their months differ (in one year, or more than a month
        apart), or their weekdays lie more than `window_days` apart; 1 when the weekdays agree; else 0."""
        year, month, weekday = one or (None, None, None)
        year2, month2, weekday2 = other or (None, None, None)
        if year and year2 and year != year2:
            return -1
        if month and month2 and month != month2 and (year == year2 or cycle_apart(month, month2, 12) > 1):
            return -1
        if weekday and weekday2:
            return -1 if cycle_apart(weekday, weekday2, 7) > self.window_days else 1
        return 0

    def _update(self, canonical: _Canonical, candidate: dict[str, Any], article_id: str) -> dict[str, Any]:
        """One more report: count it (once per article) and fill in what the canonical event lacked."""
        row = canonical.row
        if article_id not in canonical.reporters:
            canonical.reporters.add(article_id)
            row["report_count"] = int(row.get("report_count") or 0) + 1
        for column in ("source_country", "target_country", "date"):
            if row.get(column) is None and candidate[column] is not None:
                row[column] = candidate[column]
        if row.get("lat") is None and candidate["lat"] is not None:
            row.update(geonames_id=candidate["geonames_id"], lat=candidate["lat"], lon=candidate["lon"])
        self._index(row, canonical.reporters)
        return row

    def _index(self, row: dict[str, Any], reporters: set[str]) -> None:
        """Hold the row and file it under its type and day and under its type and map cell."""
        canonical = self._events.get(row["id"])
        if canonical is None:
            canonical = self._events[row["id"]] = _Canonical(row=row, reporters=reporters)
        day = _day(row.get("date"))
        if day is not None and canonical.day is None:
            canonical.day = day
            self._by_day.setdefault((row["type"], day), []).append(row["id"])
        if row.get("lat") is not None and row.get("lon") is not None and not canonical.mapped:
            canonical.mapped = True
            self._by_cell.setdefault((row["type"], _cell(row["lat"], row["lon"])), []).append(row["id"])
