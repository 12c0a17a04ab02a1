"""The trained recognizer: tag decoding, the pipeline's verdicts as features, places kept, and the packaged model."""

from __future__ import annotations

import numpy as np
import pytest
import spacy

from newsgraph.analyze.actor_dictionary import ActorDictionary
from newsgraph.analyze.mentions import RawMention
from newsgraph.analyze.recognize import LABELS, Recognizer, _packaged, decode, word_tags
from newsgraph.config import Settings
from newsgraph.document import Document
from newsgraph.pipeline import Pipeline


def test_decode_never_opens_a_name_with_an_inside_tag() -> None:
    probabilities = np.full((3, len(LABELS)), 0.01)
    probabilities[0, LABELS.index("I-PER")] = 0.6  # likeliest alone, but nothing precedes it
    probabilities[0, LABELS.index("B-PER")] = 0.3
    probabilities[1, LABELS.index("I-ORG")] = 0.9  # cannot follow a person
    probabilities[1, LABELS.index("I-PER")] = 0.05
    probabilities[2, LABELS.index("O")] = 0.9
    tags = decode(probabilities, LABELS)
    assert tags[0] == "B-PER"
    assert tags[1] in ("I-PER", "B-ORG", "O") and tags[1] != "I-ORG"
    assert tags[2] == "O"


def test_word_tags_mark_where_the_pipeline_names_begin() -> None:
    doc = spacy.blank("en")("Prime Minister Nawaz Sharif visited Kabul today")
    tokens = list(doc)
    spans = [RawMention(15, 27, "PERSON", "Nawaz Sharif"), RawMention(36, 41, "GPE", "Kabul")]
    tags = word_tags(tokens, spans)
    assert [edge for edge, _ in tags] == ["O", "O", "B", "I", "O", "B", "O"]
    assert tags[5] == ("B", "GPE")


def test_a_known_place_the_pipeline_found_stays_a_place() -> None:
    model = _packaged()
    assert model is not None
    found = [RawMention(0, 5, "ORG", "Leeds")]
    pipeline_spans = [RawMention(0, 5, "GPE", "Leeds")]
    known = Recognizer(model, ActorDictionary.load(), lambda name: name == "Leeds")
    unknown = Recognizer(model, ActorDictionary.load(), lambda name: False)
    assert [m.label for m in known._keep_places(found, pipeline_spans)] == ["GPE"]
    assert [m.label for m in unknown._keep_places(found, pipeline_spans)] == ["ORG"]


def test_a_region_of_a_known_place_stays_a_place() -> None:
    """The pipeline's LOC "Northeast Texas" read as a person: the gazetteer knows Texas once the direction goes."""
    model = _packaged()
    assert model is not None
    found = [RawMention(10, 25, "PERSON", "Northeast Texas")]
    pipeline_spans = [RawMention(10, 25, "LOC", "Northeast Texas")]
    recognizer = Recognizer(model, ActorDictionary.load(), lambda name: name == "Texas")
    assert [(m.text, m.label) for m in recognizer._keep_places(found, pipeline_spans)] == [("Northeast Texas", "LOC")]


def test_packaged_model_reads_all_tags() -> None:
    model = _packaged()
    assert model is not None
    assert model.labels == LABELS
    assert len(model.vocabulary) > 10_000


@pytest.fixture(scope="module")
def pipelines() -> tuple[Pipeline, Pipeline]:
    return Pipeline(Settings()), Pipeline(Settings(recognizer=True))


def entities(pipeline: Pipeline, text: str) -> dict[str, str]:
    record = pipeline.analyze_one(Document(id="t", kind="text", content=text, body_only=True))
    return {e["name"]: e["type"] for e in record["entities"]}


def test_recognizer_reads_clubs_in_a_result_and_keeps_the_score_out(pipelines: tuple[Pipeline, Pipeline]) -> None:
    text = "Leeds beat Chelsea 2-1 on Saturday while Arsenal drew at home."
    plain, trained = (entities(p, text) for p in pipelines)
    assert "Chelsea 2-1" in plain  # the small pipeline's reading, which the recognizer corrects
    assert trained.get("Leeds") == "ORG" and trained.get("Chelsea") == "ORG"


def test_recognizer_keeps_people_and_places_of_a_plain_sentence(pipelines: tuple[Pipeline, Pipeline]) -> None:
    text = "Jacques Chirac met Helmut Kohl in Bonn on Tuesday, the German government said."
    trained = entities(pipelines[1], text)
    assert trained["Jacques Chirac"] == "PERSON" and trained["Helmut Kohl"] == "PERSON"
    assert trained["Bonn"] == "GPE" and trained["German"] == "NORP"
