"""The quotes stage where the parser misplaces a reported clause or frame (kept apart from test_quotes.py for size)."""

from __future__ import annotations

import pytest

from newsgraph.analyze.quotes import QuoteStage
from newsgraph.document import Document


@pytest.fixture(scope="module")
def quote_pipeline():
    """A pipeline of its own with the quotes stage appended (the shared one stays as the lead built it)."""
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.stages.append(QuoteStage())
    return pipeline


def _quotes(pipeline, text: str) -> list[tuple[str, str, str | None]]:
    record = pipeline.analyze_one(Document(id="t", kind="text", content=text, body_only=True))
    assert "error" not in record, record
    return [(q["cue"]["text"], q["content"]["text"], q["speaker"]["text"] if q["speaker"] else None)
            for q in record["quotes"]]


def test_quotes_that_clause_hung_on_the_noun_of_a_phrase_after_the_cue(quote_pipeline) -> None:
    """`said during a town hall meeting that X`: the parser makes X a relative clause of `meeting`; X is the content."""
    assert _quotes(quote_pipeline, "The mayor said during a town hall meeting that the bridge would reopen in May.") \
        == [("said", "that the bridge would reopen in May", "The mayor")]
