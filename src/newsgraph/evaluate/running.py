"""Running the pipeline over gold documents whose offsets must line up with the record's text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from newsgraph.config import Settings
from newsgraph.document import Document


def analyze_exact(inputs: list[Document], settings: Settings | None = None) -> Iterator[dict[str, Any]]:
    """Records for body_only `inputs`, in order; a failed document or a changed text stops the evaluation."""
    from newsgraph.pipeline import Pipeline

    for doc, record in zip(inputs, Pipeline(settings).analyze(inputs), strict=True):
        if "error" in record:
            raise RuntimeError(f"{doc.id}: the pipeline failed: {record['error']['message']}")
        if record["text"] != doc.content:
            raise RuntimeError(f"{doc.id}: the pipeline changed the body_only text; offsets would not line up")
        yield record
