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


def test_quality_gate_ner_conll2003_testa() -> None:
    scores = evaluate_ner(need(DATA / "ner" / "conll2003" / "eng.testa"))
    print(f"\nCoNLL-2003 eng.testa: P {scores['precision']:.4f} R {scores['recall']:.4f} F1 {scores['f1']:.4f}")
    assert scores["documents"] == 216
    assert scores["errors"] == 0
    assert scores["f1"] >= FLOORS["ner.conll2003.eng.testa.f1"]
