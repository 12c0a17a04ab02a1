"""The quality gate: scores on the public gold sets must stay at or above the pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import DATA, need

from newsgraph.evaluate.extraction import evaluate_extraction
from newsgraph.evaluate.ner import evaluate_ner

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text())


def test_quality_gate_extraction_scrapinghub() -> None:
    scores = evaluate_extraction(need(DATA / "extraction" / "scrapinghub"))
    print(f"\nScrapingHub body: P {scores['precision']:.4f} R {scores['recall']:.4f} F1 {scores['f1']:.4f}")
    assert scores["documents"] == 181
    assert scores["f1"] >= FLOORS["extraction.scrapinghub.f1"]
    # Issue 15: where a page's metadata or URL carries a date, ours is never worse than htmldate's own.
    print(f"publication day as htmldate's: {scores['date_agrees_with_htmldate']:.4f} of "
          f"{scores['dated_by_htmldate']} pages it dates; differing: {scores['date_disagreements']}")
    assert scores["dated_by_htmldate"] >= 0.9 * scores["documents"]
    assert scores["date_agrees_with_htmldate"] >= FLOORS["extraction.scrapinghub.date_agrees_with_htmldate"]


def test_quality_gate_ner_conll2003_testa() -> None:
    scores = evaluate_ner(need(DATA / "ner" / "conll2003" / "eng.testa"))
    print(f"\nCoNLL-2003 eng.testa: P {scores['precision']:.4f} R {scores['recall']:.4f} F1 {scores['f1']:.4f}")
    assert scores["documents"] == 216
    assert scores["errors"] == 0
    assert scores["f1"] >= FLOORS["ner.conll2003.eng.testa.f1"]


def test_quality_gate_ner_conll2003_testa_recognizer() -> None:
    """The trained recognizer (`--recognizer`, off by default) is pinned as well."""
    from newsgraph.config import Settings

    scores = evaluate_ner(need(DATA / "ner" / "conll2003" / "eng.testa"), Settings(recognizer=True))
    org = scores["per_type"]["ORG"]["f1"]
    print(f"\nCoNLL-2003 eng.testa, recognizer: F1 {scores['f1']:.4f} ORG {org:.4f}")
    assert scores["errors"] == 0
    assert scores["f1"] >= FLOORS["ner.conll2003.eng.testa.recognizer.f1"]
    assert org >= FLOORS["ner.conll2003.eng.testa.recognizer.org_f1"]


def test_quality_gate_places_lgl() -> None:
    from newsgraph.evaluate.places import evaluate_places

    scores = evaluate_places(need(DATA / "places" / "lgl.xml"))
    print(f"\nLGL: recall {scores['recall']:.4f} accuracy@161km {scores['accuracy_161km']:.4f} "
          f"median {scores['median_km']:.1f} km precision {scores['precision']:.4f}")
    assert scores["documents"] == 588 and scores["errors"] == 0
    assert scores["recall"] >= FLOORS["places.lgl.recall"]
    assert scores["accuracy_161km"] >= FLOORS["places.lgl.accuracy_161km"]
    assert scores["precision"] >= FLOORS["places.lgl.precision"]


def test_quality_gate_places_lgl_recognizer() -> None:
    """With the trained recognizer (`--recognizer`) the places are pinned too: more are found there."""
    from newsgraph.config import Settings
    from newsgraph.evaluate.places import evaluate_places

    scores = evaluate_places(need(DATA / "places" / "lgl.xml"), Settings(recognizer=True))
    print(f"\nLGL, recognizer: recall {scores['recall']:.4f} accuracy@161km {scores['accuracy_161km']:.4f} "
          f"precision {scores['precision']:.4f}")
    assert scores["errors"] == 0
    assert scores["recall"] >= FLOORS["places.lgl.recognizer.recall"]
    assert scores["accuracy_161km"] >= FLOORS["places.lgl.recognizer.accuracy_161km"]
    assert scores["precision"] >= FLOORS["places.lgl.recognizer.precision"]


def test_quality_gate_times_tempeval3() -> None:
    from newsgraph.evaluate.times import evaluate_times

    scores = evaluate_times(need(DATA / "time" / "tempeval3" / "TBAQ-cleaned"))
    print(f"\nTempEval-3: relaxed F1 {scores['f1']:.4f} strict F1 {scores['strict_f1']:.4f} "
          f"value accuracy {scores['value_accuracy']:.4f} type accuracy {scores['type_accuracy']:.4f}")
    assert scores["f1"] >= FLOORS["times.tempeval3.relaxed_f1"]
    assert scores["value_accuracy"] >= FLOORS["times.tempeval3.value_accuracy"]


def test_quality_gate_quotes_polnear_dev() -> None:
    from newsgraph.evaluate.quotes import evaluate_quotes

    scores = evaluate_quotes(need(DATA / "quotes" / "polnear" / "dev"))
    print(f"\nPolNeAR dev: loose P {scores['precision']:.4f} R {scores['recall']:.4f} F1 {scores['f1']:.4f}; "
          f"strict F1 {scores['strict_f1']:.4f}; speaker accuracy {scores['speaker_accuracy']:.4f}")
    assert scores["f1"] >= FLOORS["quotes.polnear.dev.f1"]
    assert scores["speaker_accuracy"] >= FLOORS["quotes.polnear.dev.speaker_accuracy"]
