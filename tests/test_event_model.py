"""The learned event coder (`--event-coder learned`): the model file, what it codes, and its figures on articles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsgraph.analyze.event_model import NONE, EventModel, EventModelError
from newsgraph.cli import main
from newsgraph.config import Settings
from newsgraph.document import Document
from newsgraph.evaluate.event_articles import evaluate_event_articles, read_articles, score_articles
from newsgraph.pipeline import Pipeline

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


@pytest.mark.skipif(not DEV.exists(), reason="../shared/data/events/articles/dev.json absent")
def test_event_model_beats_rules_on_whole_articles() -> None:
    """`newsgraph evaluate events-articles` on the dev articles (measured only, never trained on): the learned
    coder's floors, and the rule coder below it on type and full F1."""
    learned = evaluate_event_articles(DEV, Settings(event_coder="learned"))
    rules = evaluate_event_articles(DEV, Settings(event_coder="rules"))
    floors = json.loads((ROOT / "tests" / "quality_floors.json").read_text())
    assert learned["type_f1"] >= floors["events.articles.dev.learned.type_f1"], learned
    assert learned["type_precision"] >= floors["events.articles.dev.learned.type_precision"], learned
    assert learned["full_f1"] >= floors["events.articles.dev.learned.full_f1"], learned
    assert learned["source_right_of_matched"] >= floors["events.articles.dev.learned.source_right"], learned
    assert learned["target_right_of_matched"] >= floors["events.articles.dev.learned.target_right"], learned
    assert learned["place_right_of_matched"] >= floors["events.articles.dev.learned.place_right"], learned
    assert learned["type_f1"] > rules["type_f1"] and learned["full_f1"] > rules["full_f1"], (learned, rules)


@pytest.mark.skipif(not (SCORER.exists() and DEV.exists()), reason="../shared/tools/score-events or dev.json absent")
def test_event_model_evaluator_agrees_with_score_events(tmp_path: Path) -> None:
    """The project's evaluator and the shared scorer read the same records and print the same figures."""
    golds = read_articles(DEV, limit=8)
    pipeline = Pipeline(Settings(event_coder="learned"))
    records = list(pipeline.analyze(Document(id=g["id"], kind="text", content=g["text"],
                                             published=g.get("published"), body_only=True) for g in golds))
    gold_file, records_file = tmp_path / "gold.json", tmp_path / "records.jsonl"
    gold_file.write_text(json.dumps({"documents": golds}), encoding="utf-8")
    records_file.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCORER), str(gold_file), "--records", str(records_file), "--json"],
                          capture_output=True, text=True, timeout=120, check=True)
    theirs = json.loads(done.stdout.strip().splitlines()[-1])
    ours = score_articles(golds, {r["id"]: r for r in records})
    keys = ("extracted", "gold_required", "type_precision", "type_recall", "full_f1", "source_right_of_matched",
            "target_right_of_matched", "place_right_of_matched")
    assert theirs["extracted"] > 0
    assert {k: ours[k] for k in keys} == {k: theirs[k] for k in keys}


def test_event_model_agent_named_by_its_phrase_is_the_target(learned: Pipeline) -> None:
    """"dealers" alone names no agent; "drug dealers" does (a criminal): the arrested are the event's target."""
    record = analyze(learned, "The sources said three other drug dealers were arrested on Sunday.")
    coerce = [e for e in record["events"] if e["type"] == "COERCE"]
    assert coerce and any("drug dealers" in t for t in texts(coerce[0]["target"])), record["events"]
    assert coerce[0]["target"][0].get("sector") == "CRM", coerce[0]["target"]


def test_event_model_body_named_by_its_kind_is_the_source(learned: Pipeline) -> None:
    """"the union", "the council": bodies named by their kind act, with the sector the kind implies."""
    record = analyze(learned, "On Wednesday, the union demanded the resignation of the factory manager.")
    demands = [e for e in record["events"] if e["type"] == "DEMAND"]
    assert demands and texts(demands[0]["source"]) == ["union"], record["events"]
    assert demands[0]["source"][0].get("sector") == "LAB", demands[0]["source"]


def test_event_model_outvotes_a_single_word_rule_draft_only_when_far_likelier() -> None:
    """A single verb's rule category yields to the model's when the model gives its own category at the default
    threshold and at least OUTVOTE times as likely; a draft of a pattern or a composition never yields."""
    from newsgraph.analyze.event_frames import Draft
    from newsgraph.analyze.events import DEFAULT_THRESHOLD, OUTVOTE, EventStage
    from newsgraph.nlp import load_model

    labels = [NONE, "ASSAULT", "DISAPPROVE"]
    model = EventModel(labels, {}, np.zeros((0, 3), dtype=np.float32), np.zeros((0, 3), dtype=np.float32),
                       np.zeros(0, dtype=np.float32), np.ones(0, dtype=np.float32), np.zeros(3, dtype=np.float32))
    stage = EventStage(model=model, encoder=False, roles=False, locator=False)
    token = load_model(Settings().model)("Critics blasted the plan.")[1]
    draft = Draft(token, "ASSAULT", None, (), "verb")
    sure = DEFAULT_THRESHOLD + 0.1

    def outvoted(d: Draft, row: list[float]) -> bool:
        return stage._outvoted([d], np.array(row), *model.best(np.array(row)))

    assert outvoted(draft, [0.2, sure / OUTVOTE - 0.01, sure])
    assert not outvoted(draft, [0.2, sure / OUTVOTE + 0.01, sure])  # not likely enough over it
    assert not outvoted(draft, [0.6, 0.0, DEFAULT_THRESHOLD - 0.1])  # under the threshold
    assert not outvoted(draft, [0.2, sure, 0.0])  # the model agrees
    patterned = Draft(token, "ASSAULT", None, (), "verb", size=2)
    assert not outvoted(patterned, [0.2, 0.0, sure])


def test_out_of_fold_probabilities(monkeypatch: pytest.MonkeyPatch) -> None:
    """`train_event_model.py --dump-oof`: each candidate is read by the model fitted without its article's fold (the
    folds of `train_event_encoder.py --holdout`), and a label a fold's model never saw reads 0 in its column."""
    pytest.importorskip("sklearn", reason="scikit-learn is absent: pip install -e '.[train]' to test the trainers")
    sys.path.insert(0, str(ROOT / "tools"))
    import train_event_model as trainer

    documents, folds, seed = 12, 3, 13
    order = np.random.default_rng(seed).permutation(documents)
    table = trainer.fold_table(documents, folds, seed)
    assert [{d for d in range(documents) if table[d] == k} for k in range(folds)] \
        == [{int(d) for d in order[k::folds]} for k in range(folds)]
    samples = [trainer.Sample(d, (0, 1), [], np.zeros(2), "ASSAULT" if d == 0 else ("COERCE" if d % 2 else NONE))
               for d in range(documents) for _ in range(2)]
    fitted: list[set[int]] = []

    def fit(chosen: list[Any], c: float, seed: int) -> EventModel:
        fitted.append({s.doc for s in chosen})
        labels = sorted({s.label for s in chosen})  # a fold without article 0 never sees ASSAULT
        return EventModel(labels, {}, np.zeros((0, len(labels))), np.zeros((2, len(labels))), np.zeros(2),
                          np.ones(2), np.arange(len(labels), dtype=np.float32) + len(fitted))

    monkeypatch.setattr(trainer, "fit", fit)
    labels, fold, probabilities = trainer.out_of_fold(samples, documents, folds, 0.5, seed)
    assert labels == ["ASSAULT", "COERCE", NONE] and len(fitted) == folds
    for sample, k, row in zip(samples, fold, probabilities, strict=True):
        assert k == table[sample.doc] and sample.doc not in fitted[k]
        assert row.sum() == pytest.approx(1.0)
        assert (row[0] == 0.0) == (0 not in fitted[k])  # ASSAULT: only article 0's fold's model lacks it
