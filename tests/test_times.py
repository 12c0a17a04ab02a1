"""The times stage: TIMEX3 normalization table, span finding, the pipeline record, a TempEval-3 smoke test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import DATA, need

from newsgraph.analyze.times import TimeStage
from newsgraph.analyze.timex_normalize import normalize
from newsgraph.analyze.timex_rules import Anchor, find_spans, holiday, parse_number, shift
from newsgraph.document import Document
from newsgraph.pipeline import Pipeline

TEMPEVAL = DATA / "time" / "tempeval3" / "TBAQ-cleaned"
TUE = date(2025, 1, 14)  # a Tuesday: the seed article's publication date

# (expression, published, tense, expected type, expected value)
NORMALIZE = [
    ("Tuesday", TUE, "past", "DATE", "2025-01-14"),
    ("Friday", TUE, "past", "DATE", "2025-01-10"),
    ("Friday", TUE, "future", "DATE", "2025-01-17"),
    ("last Monday", TUE, "", "DATE", "2025-01-13"),
    ("next Monday", TUE, "", "DATE", "2025-01-20"),
    ("last week", TUE, "", "DATE", "2025-W02"),
    ("this week", TUE, "", "DATE", "2025-W03"),
    ("next month", TUE, "", "DATE", "2025-02"),
    ("last year", TUE, "", "DATE", "2024"),
    ("in recent months", TUE, "", "DURATION", "PXM"),
    ("March 7", TUE, "past", "DATE", "2024-03-07"),
    ("March 7", TUE, "future", "DATE", "2025-03-07"),
    ("March 7, 2019", TUE, "", "DATE", "2019-03-07"),
    ("7 March 2019", TUE, "", "DATE", "2019-03-07"),
    ("Sept. 30", date(1989, 11, 2), "past", "DATE", "1989-09-30"),
    ("the 1990s", TUE, "", "DATE", "199X"),
    ("the '80s", TUE, "", "DATE", "198X"),
    ("two years ago", TUE, "", "DATE", "2023"),
    ("three days ago", TUE, "", "DATE", "2025-01-11"),
    ("Tuesday, January 14, 2025", TUE, "", "DATE", "2025-01-14"),
    ("Monday, Oct. 26", date(1998, 10, 25), "past", "DATE", "1998-10-26"),
    ("this morning", TUE, "", "TIME", "2025-01-14TMO"),
    ("last night", TUE, "", "TIME", "2025-01-13TNI"),
    ("yesterday", TUE, "", "DATE", "2025-01-13"),
    ("tomorrow", TUE, "", "DATE", "2025-01-15"),
    ("today", TUE, "", "DATE", "2025-01-14"),
    ("every week", TUE, "", "SET", "P1W"),
    ("daily", TUE, "", "SET", "P1D"),
    ("every other month", TUE, "", "SET", "P2M"),
    ("the past three days", TUE, "", "DURATION", "P3D"),
    ("the last twenty-four hours", TUE, "", "DURATION", "PT24H"),
    ("5 1/2 hours", TUE, "", "DURATION", "PT5H30M"),
    ("a couple of years", TUE, "", "DURATION", "P2Y"),
    ("two-year", TUE, "", "DURATION", "P2Y"),
    ("four decades", TUE, "", "DURATION", "P40Y"),
    ("several weeks", TUE, "", "DURATION", "PXW"),
    ("the third quarter", date(1989, 11, 2), "", "DATE", "1989-Q3"),
    ("the fourth quarter", date(1998, 1, 26), "", "DATE", "1997-Q4"),
    ("the first half of 2024", TUE, "", "DATE", "2024-H1"),
    ("fiscal 1989", TUE, "", "DATE", "1989"),
    ("mid-1990s", TUE, "", "DATE", "199X"),
    ("the 20th century", TUE, "", "DATE", "19"),
    ("last fall", date(1999, 4, 10), "", "DATE", "1998-FA"),
    ("this summer", TUE, "", "DATE", "2025-SU"),
    ("now", TUE, "", "DATE", "PRESENT_REF"),
    ("recently", TUE, "", "DATE", "PAST_REF"),
    ("the future", TUE, "", "DATE", "FUTURE_REF"),
    ("10:35 a.m.", TUE, "", "TIME", "2025-01-14T10:35"),
    ("3 p.m. Friday", TUE, "past", "TIME", "2025-01-10T15:00"),
    ("noon", TUE, "", "TIME", "2025-01-14T12:00"),
    ("Thanksgiving Day", date(2000, 1, 7), "past", "DATE", "1999-11-25"),
    ("Eid-ul-Fitr", date(2025, 1, 14), "", "DATE", "2025-03-30"),
    ("Eid al-Adha", date(2024, 7, 2), "past", "DATE", "2024-06-16"),
    ("nineteen ninety-six", TUE, "", "DATE", "1996"),
    ("1997", TUE, "", "DATE", "1997"),
    ("May", TUE, "future", "DATE", "2025-05"),
]

# Without a publication date relative values stay unresolved, TimeML style.
UNRESOLVED = [
    ("Tuesday", "DATE", "XXXX-WXX-2"),
    ("today", "DATE", "PRESENT_REF"),
    ("yesterday", "DATE", "XXXX-XX-XX"),
    ("last week", "DATE", "XXXX-WXX"),
    ("last year", "DATE", "XXXX"),
    ("March 7", "DATE", "XXXX-03-07"),
    ("two years ago", "DATE", "PAST_REF"),
    ("the third quarter", "DATE", "XXXX-Q3"),
    ("March 7, 2019", "DATE", "2019-03-07"),
    ("the past three days", "DURATION", "P3D"),
]


@pytest.mark.parametrize(("text", "published", "tense", "kind", "value"), NORMALIZE)
def test_times_normalizes_expressions(text: str, published: date, tense: str, kind: str, value: str) -> None:
    assert normalize(text, Anchor(published, tense)) == (kind, value)


@pytest.mark.parametrize(("text", "kind", "value"), UNRESOLVED)
def test_times_leaves_relative_values_unresolved_without_published(text: str, kind: str, value: str) -> None:
    assert normalize(text, Anchor(None)) == (kind, value)


@pytest.mark.parametrize("text", ["a 6-year-old boy", "44", "the first", "Mayor Adams", "hello", ""])
def test_times_rejects_what_is_not_a_time(text: str) -> None:
    times = TimeStage().find(text, TUE)
    assert times == []


def test_times_anaphoric_expressions_use_the_last_date_mentioned() -> None:
    anchor = Anchor(date(1989, 11, 2), last="1989-Q3")
    assert normalize("a year earlier", anchor) == ("DATE", "1988-Q3")
    assert normalize("the year-ago quarter", anchor) == ("DATE", "1988-Q3")
    assert normalize("the following year", Anchor(TUE, last="1995")) == ("DATE", "1996")


@pytest.mark.parametrize(("words", "number"), [("twenty-four", 24), ("a", 1), ("5 1/2", 5.5), ("one hundred", 100),
                                               ("a couple of", 2), ("half an", 0.5), ("banana", None)])
def test_times_parses_number_words(words: str, number: float | None) -> None:
    assert parse_number(words) == number


def test_times_shifts_values_at_their_granularity() -> None:
    assert shift("1989-Q1", -1, "Q") == "1988-Q4"
    assert shift("2024-02-29", 1, "Y") == "2025-03-01"
    assert shift("2025-01", -2, "M") == "2024-11"
    assert shift("PRESENT_REF", 1, "Y") is None


def test_times_holidays() -> None:
    assert holiday("easter", 2024) == date(2024, 3, 31)
    assert holiday("thanksgiving", 1999) == date(1999, 11, 25)
    assert holiday("election day", 1998) == date(1998, 11, 3)


@pytest.mark.parametrize(("name", "year", "day"), [
    ("eid-ul-fitr", 2019, date(2019, 6, 4)), ("eid al-fitr", 2023, date(2023, 4, 21)),
    ("eid ul fitr", 2025, date(2025, 3, 30)), ("eid al-adha", 2019, date(2019, 8, 11)),
    ("eid-ul-azha", 2023, date(2023, 6, 28)), ("eid al-adha", 2025, date(2025, 6, 6)),
])
def test_times_eid_falls_on_the_day_observed(name: str, year: int, day: date) -> None:
    """The days Saudi Arabia observed; the tabular calendar may differ by one where the moon is sighted late."""
    assert holiday(name, year) == day


def test_times_finds_spans_with_timeml_boundaries() -> None:
    text = "Officials said in recent months, and on Friday at 9 a.m., that sales rose 5% last year."
    times = TimeStage().find(text, TUE)
    assert [(t.text, t.type, t.value) for t in times] == [
        ("recent months", "DURATION", "PXM"),
        ("Friday", "DATE", "2025-01-10"),
        ("9 a.m.", "TIME", "2025-01-14T09:00"),
        ("last year", "DATE", "2024"),
    ]
    assert all(text[t.start:t.end] == t.text for t in times)
    assert find_spans("No time here at all.") == []


def test_times_needs_a_source_of_candidates() -> None:
    with pytest.raises(ValueError, match="at least one source"):
        TimeStage(use_model_entities=False, use_rules=False)


def _with_stage(pipeline: Pipeline) -> Pipeline:
    extended = Pipeline(pipeline.settings)
    extended.stages.append(TimeStage())
    return extended


@pytest.fixture(scope="module")
def time_pipeline(pipeline: Pipeline) -> Pipeline:
    return _with_stage(pipeline)


def test_times_in_the_pipeline_resolve_against_published(time_pipeline: Pipeline) -> None:
    text = "The ministry said on Tuesday that talks had stalled in recent months. A vote is due next week."
    record = time_pipeline.analyze_one(Document(id="t", kind="text", content=text, body_only=True,
                                                published="2025-01-14"))
    got = {(t["text"], t["type"], t["value"]) for t in record["times"]}
    assert ("Tuesday", "DATE", "2025-01-14") in got
    assert ("recent months", "DURATION", "PXM") in got
    assert ("next week", "DATE", "2025-W04") in got
    assert all(record["text"][t["start"]:t["end"]] == t["text"] for t in record["times"])


def test_times_text_without_expressions_gives_an_empty_list(time_pipeline: Pipeline) -> None:
    record = time_pipeline.analyze_one(Document(id="n", kind="text", content="Apples are red and bananas are "
                                                "yellow.", body_only=True))
    assert "error" not in record
    assert record["times"] == []


def test_times_without_published_stay_unresolved(time_pipeline: Pipeline) -> None:
    record = time_pipeline.analyze_one(Document(id="u", kind="text", content="The talks ended on Friday.",
                                                body_only=True))
    assert [(t["text"], t["value"]) for t in record["times"]] == [("Friday", "XXXX-WXX-5")]


def test_times_tempeval3_smoke() -> None:
    """Ten TimeBank documents through the real pipeline; floors well under the full-set figures."""
    from newsgraph.evaluate.times import evaluate_times, read_timeml

    folder = need(TEMPEVAL) / "TimeBank"
    doc = read_timeml(sorted(Path(folder).glob("*.tml"))[0])
    assert doc.dct and doc.gold and all(doc.text[g.start:g.end].strip() for g in doc.gold)
    result = evaluate_times(folder, limit=10)
    assert result["documents"] == 10 and result["gold"] > 20
    assert result["f1"] >= 0.75, result
    assert result["value_accuracy"] >= 0.6, result


@pytest.mark.parametrize("module", ["timex_rules", "timex_normalize"])
def test_times_module_docstrings_name_functions_where_they_live(module: str) -> None:
    """A `name` in a module's docstring is the module's own; one from elsewhere is written `module.name`."""
    import importlib
    import re

    loaded = importlib.import_module(f"newsgraph.analyze.{module}")
    named = re.findall(r"`([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)`", loaded.__doc__ or "")
    assert named
    for name in named:
        owner, _, attribute = name.rpartition(".")
        where = importlib.import_module(f"newsgraph.analyze.{owner}") if owner else loaded
        assert hasattr(where, attribute), f"{module}'s docstring names `{name}`, which is not in {where.__name__}"
