"""Shared fixtures: the evaluation data beside the repository, and one pipeline per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
SEED = SHARED / "seeds" / "000_1068eae3f962de4e.txt"


def need(path: Path) -> Path:
    """Skip the test, saying why, when a file of ../shared is not there."""
    if not path.exists():
        pytest.skip(f"{path} is absent: the evaluation data lives in ../shared beside the repository")
    return path


@pytest.fixture(scope="session")
def pipeline():
    from newsgraph.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def seed_record(pipeline) -> dict:
    from newsgraph.sources.files import iter_documents

    docs = list(iter_documents([str(need(SEED))]))
    return pipeline.analyze_one(docs[0])
