"""The learned event coder (`--event-coder learned`): the model file, what it codes, and its figures on articles."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsgraph.analyze.event_model import NONE, EventModel, EventModelError
from newsgraph.cli import main
from newsgraph.config import Settings
from newsgraph.pipeline import Pipeline
from newsgraph.sources.files import Document

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared" / "tools" / "score-events"
DEV = ROOT.parent / "shared" / "data" / "events" / "articles" / "dev.json"


@pytest.fixture(scope="module")
def learned() -> Pipeline:
    return Pipeline(Settings(event_coder="learned", event_min_confidence=0.0))


def analyze(pipeline: Pipeline, text: str) -> dict[str, Any]:
    return pipeline.analyze_one(Document(id="t", kind="text", content=text, body_only=True))


def texts(actors: list[dict[str, Any]]) -> list[str]:
    return [a["text"] for a in actors]


def test_event_model_round_trip(tmp_path: Path) -> None:
    model = EventModel([NONE, "ASSAULT"], {"l:attack": 0, "d:ROOT": 1}, np.array([[0.0, 2.0], [0.0, 0.5]]),
                       np.zeros((0, 2)), np.zeros(0), np.ones(0), np.array([0.5, -1.0]))
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = EventModel.load(path)
    scores = loaded.scores([["l:attack", "d:ROOT", "unknown"], []], np.zeros((2, 0), dtype=np.float32))
    assert np.allclose(scores, [[0.5, 1.5], [0.5, -1.0]])


def test_event_model_unreadable_file_is_a_coded_error(tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    path.write_bytes(b"not a model")
    with pytest.raises(EventModelError, match="make train-events"):
        EventModel.load(path)


def test_event_model_packaged_is_loaded_once() -> None:
    assert EventModel.packaged() is EventModel.packaged()
    assert NONE in EventModel.packaged().labels and len(EventModel.packaged().labels) == 19


def test_event_model_weapon_subject_and_common_noun_victims(learned: Pipeline) -> None:
    record = analyze(learned, "A roadside bomb killed four policemen in Kandahar on Sunday.")
    assaults = [e for e in record["events"] if e["type"] == "ASSAULT" and e["confidence"] >= 0.5]
    assert assaults, record["events"]
    assert any("policemen" in t for e in assaults for t in texts(e["target"])), assaults
    assert not any("Kandahar" in t for e in assaults for t in texts(e["target"])), "a place is never a target"


def test_event_model_refusal_stays_reject(learned: Pipeline) -> None:
    record = analyze(learned, "Pakistan refused to hold talks with India on Monday.")
    types = {e["type"] for e in record["events"]}
    assert "REJECT" in types and "CONSULT" not in types, record["events"]


def test_event_model_one_event_per_type_and_sentence(learned: Pipeline) -> None:
    record = analyze(learned, "Police arrested twelve protesters and detained their leaders in Lahore.")
    coerce = [e for e in record["events"] if e["type"] == "COERCE"]
    assert len(coerce) == 1, coerce
    assert texts(coerce[0]["source"]) == ["Police"]


def test_event_model_unknown_coder_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["analyze", "--event-coder", "bogus", "-"])
    assert exit_info.value.code == 2


@pytest.mark.skipif(not (SCORER.exists() and DEV.exists()), reason="../shared/tools/score-events or dev.json absent")
def test_event_model_beats_rules_on_whole_articles() -> None:
    """score-events on the dev articles (measured only, never trained on): the learned coder's floors, and the
    rule coder below it on type F1."""
    newsgraph = str(Path(sys.executable).parent / "newsgraph")

    def figures(coder: str) -> dict[str, Any]:
        env = {**os.environ, "NEWSGRAPH_EVENT_CODER": coder}
        done = subprocess.run([sys.executable, str(SCORER), str(DEV), "--ng", newsgraph, "--json"],
                              capture_output=True, text=True, env=env, timeout=600, check=True)
        return json.loads(done.stdout.strip().splitlines()[-1])

    learned, rules = figures("learned"), figures("rules")
    floors = json.loads((ROOT / "tests" / "quality_floors.json").read_text())
    assert learned["type_f1"] >= floors["events.articles.dev.learned.type_f1"], learned
    assert learned["type_precision"] >= floors["events.articles.dev.learned.type_precision"], learned
    assert learned["full_f1"] >= floors["events.articles.dev.learned.full_f1"], learned
    assert learned["type_f1"] > rules["type_f1"] and learned["full_f1"] > rules["full_f1"], (learned, rules)
