"""Canonical events made stricter: word lemmas, partial dates, every report in tolerance, one story."""

from __future__ import annotations

from typing import Any

from test_stories import event, place, record

from newsgraph.stories.features import features_of
from newsgraph.stories.merge_events import EventMerger, _partial, trigger_key

CITY = place("p1", 1, 33.51, 36.29)


def report(doc_id: str, day: str | None, *, trigger: str = "attacked", where: str | None = "p1",
           source: str | None = None, places: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return record(doc_id, "x", places=[CITY] if places is None else places,
                  events=[event("ev1", "ASSAULT", where, day, source=source, trigger=trigger)])


def test_trigger_key_reads_irregular_forms_by_the_lexicon() -> None:
    assert trigger_key("shot") == trigger_key("shooting") == trigger_key("shootings") == "shoot"
    assert trigger_key("struck") == trigger_key("strikes")
    assert trigger_key("stole") == trigger_key("stolen") == trigger_key("stealing")
    assert trigger_key("") is None and trigger_key("zorbled") == "zorbl"  # the stem for words the lexicon lacks


def test_merge_events_shot_and_shooting_are_one_word() -> None:
    merger = EventMerger()
    first = merger.add("a1", report("a1", "2024-04-02", trigger="shooting"))
    second = merger.add("a2", report("a2", "2024-04-02", trigger="shot"))
    assert first[0][1]["id"] == second[0][1]["id"] and second[0][1]["report_count"] == 2


def test_partial_dates() -> None:
    assert _partial("XXXX-WXX-5") == (None, None, 5)
    assert _partial("2013-03-12") == (2013, 3, 2)
    assert _partial("2010") == (2010, None, None) and _partial("XXXX-12-06") == (None, 12, None)
    assert _partial("2013-W11") == (2013, None, None) and _partial(None) == (None, None, None)


def test_merge_events_weekdays_far_apart_conflict() -> None:
    """A Monday and a Friday in one city, both by the same country's actors: two events."""
    merger = EventMerger()
    merger.add("a1", report("a1", "XXXX-WXX-1", source="SYR"))
    other = merger.add("a2", report("a2", "XXXX-WXX-5", source="SYR"))
    assert other[0][1]["report_count"] == 1 and len(merger) == 2
    near = merger.add("a3", report("a3", "XXXX-WXX-2", source="SYR"))
    assert near[0][1]["id"] == "ce-a1-ev1", "a Tuesday is within two days of the Monday"


def test_merge_events_years_and_months_conflict() -> None:
    merger = EventMerger()
    merger.add("a1", report("a1", "2013-03-12", source="SYR"))
    assert merger.add("a2", report("a2", "2010", source="SYR"))[0][1]["report_count"] == 1
    assert merger.add("a3", report("a3", "XXXX-12-06", source="SYR"))[0][1]["id"] != "ce-a1-ev1"
    assert merger.add("a4", report("a4", "2013", source="SYR"))[0][1]["id"] == "ce-a1-ev1"


def test_merge_events_same_weekday_counts_as_the_date() -> None:
    """Two reports placed in one city on a Friday, with nothing else: the place and the day agree."""
    merger = EventMerger()
    merger.add("a1", report("a1", "XXXX-WXX-5"))
    same = merger.add("a2", report("a2", "XXXX-WXX-5"))
    assert same[0][1]["report_count"] == 2


def test_merge_events_every_report_within_tolerance() -> None:
    """Reports 30 km east and 30 km west of the first are each near it, but 60 km from one another."""
    places = [place("p0", 1, 33.50, 36.30), place("pe", 2, 33.50, 36.62), place("pw", 3, 33.50, 35.98)]
    merger = EventMerger()
    merger.add("a1", report("a1", None, where="p0", source="SYR", places=places))
    east = merger.add("a2", report("a2", None, where="pe", source="SYR", places=places))
    assert east[0][1]["id"] == "ce-a1-ev1"
    west = merger.add("a3", report("a3", None, where="pw", source="SYR", places=places))
    assert west[0][1]["report_count"] == 1 and len(merger) == 2


def test_merge_events_reports_of_another_story_stay_apart() -> None:
    merger = EventMerger()
    merger.add("a1", report("a1", "2024-04-02", source="SYR"), story="s-1")
    other = merger.add("a2", report("a2", "2024-04-02", source="SYR"), story="s-2")
    assert other[0][1]["report_count"] == 1
    same = merger.add("a3", report("a3", "2024-04-02", source="SYR"), story="s-1")
    assert same[0][1]["id"] == "ce-a1-ev1" and same[0][1]["report_count"] == 2
    assert merger.add("a4", report("a4", "2024-04-02", source="SYR"))[0][1]["report_count"] == 3, \
        "an article of no known story is not kept apart"


def test_merge_events_load_remembers_the_stories() -> None:
    row = {"id": "ce-old", "type": "ASSAULT", "source_country": "SYR", "target_country": None, "geonames_id": 1,
           "lat": 33.51, "lon": 36.29, "date": "2024-04-02", "first_seen": "2024-04-02", "report_count": 1}
    merger = EventMerger()
    merger.load([row], [("ce-old", "attacked", None)], [("ce-old", "s-1")])
    assert merger.add("a2", report("a2", "2024-04-02", source="SYR"), story="s-2")[0][1]["report_count"] == 1
    assert merger.add("a3", report("a3", "2024-04-02", source="SYR"), story="s-1")[0][1]["id"] == "ce-old"


def test_features_without_the_lead_embedding() -> None:
    rec = record("a1", "Gunmen attacked a police station in Quetta on Monday.", title="Quetta attack")
    assert features_of(rec, lead=False).lead == ""
    assert features_of(rec, lead=False).terms == features_of(rec).terms
