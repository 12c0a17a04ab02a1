"""The trained recognizer: tag decoding, the pipeline's verdicts as features, places kept, and the packaged model."""

from __future__ import annotations

import re

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc, Token

from newsgraph.analyze import recognize
from newsgraph.analyze.actor_dictionary import ActorDictionary
from newsgraph.analyze.entities import EntityStage
from newsgraph.analyze.event_model import EventModel
from newsgraph.analyze.mentions import RawMention
from newsgraph.analyze.recognize import (
    LABELS,
    Recognizer,
    _packaged,
    decode,
    shape,
    viterbi,
    word_rows,
    word_tags,
    words,
)
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
    tags = word_tags([t.idx for t in tokens], spans)
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


def test_a_piece_of_a_known_place_gives_way_to_the_whole() -> None:
    """The pipeline's "Anderson County" cut by the model into "Anderson" and "County": the known whole stays."""
    model = _packaged()
    assert model is not None
    found = [RawMention(0, 8, "GPE", "Anderson"), RawMention(9, 15, "EVENT", "County")]
    pipeline_spans = [RawMention(0, 15, "GPE", "Anderson County")]
    recognizer = Recognizer(model, ActorDictionary.load(), lambda name: name == "Anderson County")
    assert [(m.text, m.label) for m in recognizer._keep_places(found, pipeline_spans)] == [("Anderson County", "GPE")]
    covering = [RawMention(0, 22, "GPE", "Anderson County Road")]
    assert recognizer._keep_places(covering, pipeline_spans) == covering  # a place of its own that holds it


def _read(recognizer: Recognizer, text: str, tags: list[str], spans: list[RawMention]) -> list[tuple[str, str]]:
    """The names `tags` mark over the words of `text` (split at spaces), as the recognizer writes them."""
    forms = text.split(" ")
    starts = [m.start() for m in re.finditer(r"\S+", text)]
    found = recognize.Words(list(range(len(forms))), starts, forms, ["NNP"] * len(forms), [(0, len(forms))],
                            frozenset())
    return [(m.text, m.label) for m in recognizer._mentions(found, 0, tags, text, spans)]


def test_a_title_and_a_hyphenated_word_are_no_part_of_a_name() -> None:
    model = _packaged()
    assert model is not None
    recognizer = Recognizer(model, ActorDictionary.load(), lambda name: name in ("Riverton", "Lake County"))
    mayor = "Riverton Mayor Jane Doe said"
    tags = ["B-PER", "I-PER", "B-PER", "I-PER", "O"]
    assert _read(recognizer, mayor, tags, []) == [("Riverton", "LOC"), ("Jane Doe", "PERSON")]
    # where the pipeline reads a person across the title word, the name stays whole
    assert _read(recognizer, mayor, ["B-PER", "I-PER", "O", "O", "O"],
                 [RawMention(0, 14, "PERSON", "Riverton Mayor")]) == [("Riverton Mayor", "PERSON")]
    assert _read(recognizer, "the Riverton-based firm", ["O", "B-MISC", "O"], []) == [("Riverton", "LOC")]
    assert _read(recognizer, "in Lake County on", ["O", "B-ORG", "I-ORG", "O"], []) == [("Lake County", "GPE")]
    assert _read(recognizer, "in Elk County on", ["O", "B-ORG", "I-ORG", "O"], []) == [("Elk County", "ORG")]


def test_packaged_model_reads_all_tags() -> None:
    model = _packaged()
    assert model is not None
    assert model.labels == LABELS
    assert len(model.vocabulary) > 10_000


@pytest.fixture(scope="module")
def pipelines() -> tuple[Pipeline, Pipeline]:
    return Pipeline(Settings(recognizer=False)), Pipeline(Settings(recognizer=True))  # the pipeline alone, then with it


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


# A made-up text with what the recognizer's features read: a headline line, names inside and across sentences, a
# country word and a demonym, a capitalized word written in lower case elsewhere, one-word lines, blank lines.
TEXT = ("Kenyan Runners Win In Boston\n\nNAIROBI - Kenyan runner Mary Keitany won the Boston Marathon on Monday, "
        "the Athletics Kenya federation said.  Britain's Paula Radcliffe was second.\nWin or lose, the team "
        "flies home.\n\nReuters\n  Apple shares rose 3-1 as apple growers in France and Germany met.")


@pytest.fixture(scope="module")
def parsed(pipelines: tuple[Pipeline, Pipeline]) -> tuple[Doc, list[RawMention]]:
    pipeline = pipelines[1]
    doc = pipeline.nlp(TEXT)
    stage = pipeline.stages[0]
    assert isinstance(stage, EntityStage)
    spans, _ = stage.model_mentions(doc, TEXT)
    return doc, spans


def test_words_are_the_sequences_iterating_the_tokens_gives(parsed: tuple[Doc, list[RawMention]]) -> None:
    doc, _ = parsed
    sequences = []  # sentences cut where a space token holds a line break, space tokens left out
    for sentence in doc.sents:
        current: list[Token] = []
        for token in sentence:
            if token.is_space:
                if "\n" in token.text and current:
                    sequences.append(current)
                    current = []
                continue
            current.append(token)
        if current:
            sequences.append(current)
    found = words(doc)
    assert len(sequences) > 4
    assert [[t.i for t in tokens] for tokens in sequences] == [found.positions[a:b] for a, b in found.bounds]
    flat = [t for tokens in sequences for t in tokens]
    assert found.starts == [t.idx for t in flat]
    assert found.forms == [t.text for t in flat]
    assert found.pos == [t.tag_ for t in flat]
    assert found.lowercase == {t.text for t in doc if t.text.islower()}
    assert "apple" in found.lowercase and "Apple" not in found.lowercase


def test_feature_strings_are_each_words_features(parsed: tuple[Doc, list[RawMention]]) -> None:
    doc, spans = parsed
    found, rows, _ = word_rows(doc, spans, ActorDictionary.load())
    kenyan = found.forms.index("Kenyan")
    assert rows[kenyan][:4] == ["w=kenyan", "s=Xxx", "p3=ken", "x3=yan"]
    assert {"first", "country-word", "demonym-like", "w-2=<edge>", "w-1=<edge>"} <= set(rows[kenyan])
    apple = found.forms.index("Apple")
    assert "lower-elsewhere" in rows[apple] and "lower-elsewhere" not in rows[found.forms.index("Boston")]
    said = found.forms.index("said")
    assert f"w-1+w1={found.forms[said - 1].lower()}|{found.forms[said + 1].lower()}" in rows[said]


def _model_knowing(names: list[str]) -> EventModel:
    size = len(LABELS)
    generator = np.random.default_rng(7)
    return EventModel(list(LABELS), {name: i for i, name in enumerate(names)},
                      generator.normal(size=(len(names), size)).astype(np.float32),
                      np.zeros((0, size), dtype=np.float32), np.zeros(0, dtype=np.float32),
                      np.ones(0, dtype=np.float32), generator.normal(size=size).astype(np.float32))


@pytest.mark.parametrize("model", ["every feature", "every other feature", "packaged"])
def test_feature_ids_are_the_rows_of_the_feature_strings(parsed: tuple[Doc, list[RawMention]], model: str) -> None:
    """The fast path's columns give each word the model's rows of its feature strings, in the strings' order."""
    doc, spans = parsed
    dictionary = ActorDictionary.load()
    found, rows, _ = word_rows(doc, spans, dictionary)
    names = sorted({name for row in rows for name in row})
    weights = {"every feature": _model_knowing(names), "every other feature": _model_knowing(names[::2]),
               "packaged": _packaged()}[model]
    assert weights is not None
    recognizer = Recognizer(weights, dictionary)
    ids = recognizer.feature_ids(found, spans)
    vocabulary = weights.vocabulary
    assert [[i for i in row if i >= 0] for row in ids.tolist()] == \
        [[vocabulary[name] for name in row if name in vocabulary] for row in rows]


def test_probabilities_sum_each_words_feature_weights_in_order(parsed: tuple[Doc, list[RawMention]]) -> None:
    """Column by column, the same float sums as adding each word's weights in its features' order."""
    doc, spans = parsed
    model = _packaged()
    assert model is not None
    dictionary = ActorDictionary.load()
    found, rows, vectors = word_rows(doc, spans, dictionary)
    recognizer = Recognizer(model, dictionary)
    scores = np.zeros((len(rows), len(LABELS)), dtype=np.float32)
    for word, row in enumerate(rows):
        for name in row:
            if name in model.vocabulary:
                scores[word] += model.sparse[model.vocabulary[name]]
    scores += model.bias
    scores += ((vectors - model.mean) / model.scale) @ model.dense
    expected = np.exp(scores - scores.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    assert np.array_equal(recognizer.probabilities(recognizer.feature_ids(found, spans), vectors), expected)


def _viterbi_alone(logp: np.ndarray) -> list[int]:
    """The straightforward Viterbi of one sequence (what `viterbi` must find for each)."""
    size = len(LABELS)
    allowed = np.array([[-1e9 if to.startswith("I-") and frm[2:] != to[2:] else 0.0 for to in LABELS]
                        for frm in LABELS], dtype=np.float32)
    score = logp[0] + np.array([-1e9 if label.startswith("I-") else 0.0 for label in LABELS], dtype=np.float32)
    back = np.zeros((len(logp), size), dtype=np.int64)
    for i in range(1, len(logp)):
        total = score[:, None] + allowed
        back[i] = total.argmax(axis=0)
        score = total.max(axis=0) + logp[i]
    path = [int(score.argmax())]
    for i in range(len(logp) - 1, 0, -1):
        path.append(int(back[i][path[-1]]))
    return path[::-1]


@pytest.mark.parametrize("cells", [65536, 12])
def test_viterbi_decodes_sequences_side_by_side_as_each_alone(monkeypatch: pytest.MonkeyPatch, cells: int) -> None:
    monkeypatch.setattr(recognize, "_VITERBI_CELLS", cells)  # 12: a batch of its own for the longer sequences
    generator = np.random.default_rng(3)
    logps = [np.log(generator.dirichlet(np.full(len(LABELS), 0.3), size=n)).astype(np.float32)
             for n in (5, 1, 9, 2, 14, 5, 3)]
    paths = viterbi(logps, LABELS)
    assert paths == [_viterbi_alone(logp) for logp in logps]
    assert any(LABELS[k].startswith("I-") for path in paths for k in path)


def test_names_are_those_of_decoding_each_sequence(parsed: tuple[Doc, list[RawMention]]) -> None:
    doc, spans = parsed
    model = _packaged()
    assert model is not None
    recognizer = Recognizer(model, ActorDictionary.load())
    found, rows, vectors = word_rows(doc, spans, recognizer.dictionary)
    probabilities = recognizer.probabilities(recognizer.feature_ids(found, spans), vectors)
    tag = np.eye(len(LABELS), dtype=np.float32)
    first, second = [begin for begin, end in found.bounds if end - begin >= 3][:2]
    probabilities[first] = tag[LABELS.index("I-ORG")]  # an I- tag opening a sequence: the sequence is decoded
    probabilities[second + 1] = tag[LABELS.index("B-LOC")]  # and one continuing a name of another kind
    probabilities[second + 2] = tag[LABELS.index("I-PER")]
    expected = []
    for begin, end in found.bounds:
        expected.extend(recognizer._mentions(found, begin, decode(probabilities[begin:end], LABELS), TEXT, spans))
    names = recognizer._names(found, probabilities, TEXT, spans)
    assert names == expected and len(names) >= 5


def test_shape_of_ascii_words_is_that_of_each_characters_class() -> None:
    def by_character(word: str) -> str:
        classes = "".join("X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in word)
        return re.sub(r"(.)\1{2,}", r"\1\1", classes)

    words = [chr(i) for i in range(128)] + ["".join(chr(i) for i in range(128)), "Leeds", "McDonald's", "3-1",
                                            "iPhone15", "Zürich", "ΑΘΗΝΑ"]
    assert [shape(word) for word in words] == [by_character(word) for word in words]
    assert shape("Leeds") == "Xxx" and shape("3-1") == "d-d"


def test_a_building_named_as_a_place_is_no_town(pipelines: tuple[Pipeline, Pipeline]) -> None:
    """CoNLL calls the White House a location; a namesake town ("White House, Tennessee") must not be put on the map."""
    text = "The White House said on Monday that it had rebuffed the governor twice. Aides met in Nashville."
    for pipeline in pipelines:
        record = pipeline.analyze_one(Document(id="t", kind="text", content=text, body_only=True))
        assert [p["name"] for p in record["places"]] == ["Nashville"]


def test_title_case_lines_keep_the_pipeline_names() -> None:
    """A title-case headline: every word looks like a name to a model taught on all-capital headlines."""
    from newsgraph.analyze.name_bounds import capitalized_lines, pipeline_on_title_lines

    text = ("Man Hurt in Dover Crash, Police Seek Green Van\n\nDOVER FIRE CHIEF RETIRES\n"
            "Police in Dover said a green van left the scene.\nLeeds 2 Chelsea 1 Ipswich 0 Burnley 3")
    assert [text[a:b] for a, b in capitalized_lines(text)] == ["Man Hurt in Dover Crash, Police Seek Green Van"]
    body = text.index("Dover said")
    green = text.index("Green")
    pipeline = [RawMention(12, 17, "GPE", "Dover"), RawMention(body, body + 5, "GPE", "Dover")]
    model = [RawMention(12, 23, "ORG", "Dover Crash"), RawMention(green, green + 9, "PERSON", "Green Van"),
             RawMention(body, body + 5, "GPE", "Dover")]
    assert [(m.text, m.label) for m in pipeline_on_title_lines(model, pipeline, text)] == [
        ("Dover", "GPE"), ("Dover", "GPE")]


def _at(text: str, name: str, label: str) -> RawMention:
    start = text.index(name)
    return RawMention(start, start + len(name), label, name)


def test_name_bounds_keep_what_english_names_and_titles_join() -> None:
    """Names the model cuts or takes in where English joins or splits them: a common noun ending the pipeline's
    name, a hyphenated word, a slash-joined acronym; a word modifying a job title is no name."""
    from newsgraph.analyze.name_bounds import keep_joined, keep_whole, slashed_acronyms, title_modifiers

    dictionary = ActorDictionary.load()
    text = "The Zarovian League and the Pacto of Understanding met in Velmar."
    league, pacto = _at(text, "Zarovian League", "ORG"), _at(text, "Pacto of Understanding", "WORK_OF_ART")
    model = [_at(text, "Zarovian", "NORP"), _at(text, "Pacto", "ORG"), _at(text, "Velmar", "GPE")]
    assert [m.text for m in keep_whole(model, [league, pacto], text, dictionary)] == [
        "Zarovian League", "Pacto of Understanding", "Velmar"]
    # a place the model reads stays, and so does a name whose rest is a job title or which names a town
    assert keep_whole([_at(text, "Zarovian", "GPE")], [league], text, dictionary)[0].text == "Zarovian"
    assert keep_whole(model[1:], [pacto], text, dictionary, lambda name: name == "Pacto")[0].text == "Pacto"
    titled = "the Zarovian Administration"
    assert keep_whole([_at(titled, "Zarovian", "NORP")], [_at(titled, "Zarovian Administration", "ORG")], titled,
                      dictionary)[0].text == "Zarovian"
    hyphen = "The Asia-Pacific Economic Forum met."
    whole = _at(hyphen, "Asia-Pacific Economic Forum", "ORG")
    parts = [_at(hyphen, "Asia", "NORP"), _at(hyphen, "Pacific Economic Forum", "ORG")]
    assert [m.text for m in keep_joined(parts, [whole], hyphen)] == ["Asia-Pacific Economic Forum"]
    assert len(keep_joined(parts, [whole], hyphen, lambda name: name == "Asia")) == 2
    # a small word between hyphens joins a name as a hyphen does ("Tehreek-e-Taliban Pakistan")
    particle = "The Tehreek-e-Taliban Pakistan claimed the attack."
    pieces = [_at(particle, "Tehreek", "ORG"), _at(particle, "Taliban Pakistan", "ORG")]
    assert [m.text for m in keep_joined(pieces, [_at(particle, "Tehreek-e-Taliban Pakistan", "ORG")], particle)] == [
        "Tehreek-e-Taliban Pakistan"]
    slash = "the SPLM/A and the government"
    assert [m.text for m in slashed_acronyms([_at(slash, "SPLM", "ORG")], slash)] == ["SPLM/A"]
    secretary = "the Zarovian Federal Secretary said"
    federal = _at(secretary, "Federal", "ORG")
    assert title_modifiers([federal], [], secretary, dictionary) == []
    assert title_modifiers([federal], [_at("Federal", "Federal", "ORG")], secretary, dictionary) == [federal]


def test_a_people_and_a_known_group_take_their_types() -> None:
    """Demonyms naming a people ("Bosnian Serbs") are a NORP, a one-word group of the actor dictionary is no
    person, and a person to the pipeline after a job title stays one."""
    model = _packaged()
    assert model is not None
    recognizer = Recognizer(model, ActorDictionary.load())
    text = "Bosnian Serbs and Hizbollah met President Kovar."
    assert recognizer._label(text, 0, 13, "ORG", []) == "NORP"
    assert recognizer._label(text, 18, 27, "PER", []) == "ORG"
    assert recognizer._label(text, 42, 47, "ORG", [RawMention(42, 47, "PERSON", "Kovar")]) == "PERSON"
    assert recognizer._label(text, 42, 47, "ORG", []) == "ORG"
def test_a_speaker_label_opening_a_line_keeps_the_pipeline_name() -> None:
    """A transcript's label ("PARKS: ...") or a headline's source ("Ames: ..."): the model, taught on Reuters, drops or
    retypes it, and the quote loses its speaker; a name the model also ends at the colon stands, as does one inside."""
    from newsgraph.analyze.name_bounds import pipeline_on_line_labels

    text = ("DORAN: Do you back the plan?\nPARKS: I think the state should wait.\nAmes Lowe: We will see.\n"
            "Later that day they met Parks: she spoke.")
    at = {word: text.index(word) for word in ("DORAN", "PARKS", "Ames", "Parks")}
    pipeline = [RawMention(at["DORAN"], at["DORAN"] + 5, "PERSON", "DORAN"),
                RawMention(at["PARKS"], at["PARKS"] + 5, "ORG", "PARKS"),
                RawMention(at["Ames"], at["Ames"] + 9, "ORG", "Ames Lowe"),
                RawMention(at["Parks"], at["Parks"] + 5, "PERSON", "Parks")]
    model = [RawMention(at["DORAN"], at["DORAN"] + 5, "PERSON", "DORAN"),
             RawMention(at["PARKS"], at["PARKS"] + 5, "NORP", "PARKS"),
             RawMention(at["Ames"], at["Ames"] + 4, "PERSON", "Ames")]
    assert [(m.text, m.label) for m in pipeline_on_line_labels(model, pipeline, text)] == [
        ("DORAN", "PERSON"), ("PARKS", "ORG"), ("Ames Lowe", "ORG")]


def test_a_models_name_runs_back_past_a_label_and_the_pipelines_stands() -> None:
    """The model's name blocks the pipeline's label only where it could be a label itself: "Party Chair Ann Marie Lee"
    (five words) names no speaker for the quotes stage, "Ann Marie Lee" does; "Vale" does too."""
    from newsgraph.analyze.name_bounds import pipeline_on_line_labels

    text = "Party Chair Ann Marie Lee: We will act now.\nDoran Vale: We will wait."
    pipeline = [_at(text, "Ann Marie Lee", "PERSON"), _at(text, "Doran Vale", "PERSON")]
    model = [_at(text, "Party Chair Ann Marie Lee", "ORG"), _at(text, "Vale", "PERSON")]
    assert [(m.text, m.label) for m in pipeline_on_line_labels(model, pipeline, text)] == [
        ("Ann Marie Lee", "PERSON"), ("Vale", "PERSON")]


def test_a_transcripts_speaker_labels_are_people_who_speak(pipelines: tuple[Pipeline, Pipeline]) -> None:
    """Labels in capitals opening several lines: the model reads them as datelines' places and the quotes lose them."""
    text = ("Governor backs nominee\n\nThe governor spoke to the host on Sunday.\n\n"
            "HOLLOWAY: Do you think the nominee has campaigned as a healer?\n\n"
            "MARTINEZ: I think he is trying to campaign as a healer. I think that has been part of his message.\n\n"
            "HOLLOWAY: And what about the police?\n\n"
            "MARTINEZ: Well, I think the whole nation needs to work together on this, and the nominee does.\n")
    record = pipelines[1].analyze_one(Document(id="t", kind="text", content=text, body_only=True))
    assert {e["name"]: e["type"] for e in record["entities"]}.get("MARTINEZ") == "PERSON"
    speakers = [text[q["speaker"]["start"]:q["speaker"]["end"]] for q in record["quotes"] if q["speaker"]]
    assert speakers.count("MARTINEZ") == 2


def test_transcript_labels_open_two_lines_or_more() -> None:
    from newsgraph.analyze.name_bounds import transcript_labels

    transcript = "JANE DOE: We will wait.\nROE: Why?\nDOE: Because the vote is close.\nBOOM:\n"
    assert [transcript[a:b] for a, b in transcript_labels(transcript)] == ["JANE DOE", "ROE", "DOE"]
    assert transcript_labels("NAIROBI: Rains flooded the city on Monday.\nOfficials said: wait.") == []
    # a page's fields, followed by a time or a date, and a letter's salutations are no speakers' turns
    assert transcript_labels("PUBLISHED: 22:07 GMT, 7 July 2012\nUPDATED: 22:07 GMT, 7 July 2012\n") == []
    assert transcript_labels("DEAR WORRIED MOM: Talk to him.\nDEAR TOM: Call your sister.\n") == []


def test_a_title_before_a_persons_name_is_no_part_of_it() -> None:
    """CoNLL's names and the pipeline leave out a job title or an honorific before a person's name ("King | Hassan",
    "Dr. | Jane Doe"); the actor stage reads it before the name for the sector. The pipeline's same person stays."""
    model = _packaged()
    assert model is not None
    recognizer = Recognizer(model, ActorDictionary.load())
    king = "King Tarvan of Velmar spoke"
    assert _read(recognizer, king, ["B-PER", "I-PER", "O", "B-LOC", "O"], [])[0] == ("Tarvan", "PERSON")
    doctor = "Dr. Jane Doe spoke"
    assert _read(recognizer, doctor, ["B-PER", "I-PER", "I-PER", "O"], []) == [("Jane Doe", "PERSON")]
    # where the pipeline reads the person with the title, the name stays
    assert _read(recognizer, king, ["B-PER", "I-PER", "O", "B-LOC", "O"],
                 [RawMention(0, 11, "PERSON", "King Tarvan")])[0] == ("King Tarvan", "PERSON")


def test_an_acronym_known_as_no_place_is_a_body() -> None:
    """An acronym the model alone reads as a place that neither the dictionary nor the gazetteer knows ("SPLM", the
    armed movement's) is an organization; a country's or a known town's acronym stays a place."""
    from newsgraph.analyze.name_bounds import acronym

    assert acronym("SPLM") and acronym("N.A.T.O.") and not acronym("Splm") and not acronym("A")
    model = _packaged()
    assert model is not None
    recognizer = Recognizer(model, ActorDictionary.load(), lambda name: name == "NYC")
    text = "the ZLPM and the US and NYC"
    assert recognizer._label(text, 4, 8, "LOC", []) == "ORG"
    assert recognizer._label(text, 17, 19, "LOC", []) != "ORG"
    assert recognizer._label(text, 24, 27, "LOC", []) != "ORG"
    # the pipeline's place stands
    assert recognizer._label(text, 4, 8, "LOC", [RawMention(4, 8, "GPE", "ZLPM")]) == "GPE"


def test_a_person_opening_a_title_case_quotation_is_a_title() -> None:
    """A name the model alone reads as a person opening a quotation of capitalized words that runs past it is a
    title, slogan or event's name ("`Tarvan-e-Velm (SAW)' Rally"); a quoted nickname and a quoted statement opening
    with a name, and the pipeline's person, stay people."""
    from newsgraph.analyze.name_bounds import quoted_titles

    def read(text: str, name: str, spans: list[RawMention] | None = None) -> str:
        return quoted_titles([_at(text, name, "PERSON")], spans or [], text)[0].label

    assert read("to bring out `Tarvan-e-Velm (SAW)' Rally after", "Tarvan-e-Velm") == "WORK_OF_ART"
    assert read('the "Spirit of Kanto" campaign', "Spirit") == "WORK_OF_ART"
    assert read('the gunman "Carlos" was held', "Carlos") == "PERSON"
    assert read('He said "Smith is wrong," adding', "Smith") == "PERSON"
    assert read("the 'Spirit of Kanto' campaign", "Spirit", [_at("the 'Spirit of Kanto'", "Spirit", "PERSON")]) \
        == "PERSON"


def test_a_one_word_misc_name_the_pipeline_reads_as_someone_is_a_people() -> None:
    """A MISC word of the model's that the pipeline reads as a person, an organization or a place ("Hutu",
    "EU-Turkey") is a NORP, which events read as an actor, not an EVENT; a name of several words stays an EVENT."""
    model = _packaged()
    assert model is not None
    recognizer = Recognizer(model, ActorDictionary.load())
    text = "Zarvu militias and the Velmar-Osk pact at the Conference on Quorva."
    zarvu, pact = _at(text, "Zarvu", "PERSON"), _at(text, "Velmar-Osk", "ORG")
    conference = _at(text, "Conference on Quorva", "ORG")
    assert recognizer._label(text, zarvu.start, zarvu.end, "MISC", [zarvu]) == "NORP"
    assert recognizer._label(text, pact.start, pact.end, "MISC", [pact]) == "NORP"
    assert recognizer._label(text, zarvu.start, zarvu.end, "MISC", []) == "EVENT"
    assert recognizer._label(text, conference.start, conference.end, "MISC", [conference]) == "EVENT"


def test_a_capitalized_plural_the_model_reads_as_misc_is_a_group() -> None:
    """CoNLL's MISC of one capitalized word in the plural ("Democrats", "Islamists", "Tamils") is a party, movement
    or people's members (NORP), which events read as actors, whatever the pipeline reads there; a singular word or
    a word ending in "ss" stays an EVENT, as does a plural the pipeline itself reads as an event."""
    model = _packaged()
    assert model is not None
    recognizer = Recognizer(model, ActorDictionary.load())
    text = "Zarvists met Korvass and Velmar at the Quorvics."
    for name, label in (("Zarvists", "NORP"), ("Korvass", "EVENT"), ("Velmar", "EVENT"), ("Quorvics", "NORP")):
        at = text.index(name)
        assert recognizer._label(text, at, at + len(name), "MISC", []) == label, name
    games = _at(text, "Quorvics", "EVENT")
    assert recognizer._label(text, games.start, games.end, "MISC", [games]) == "EVENT"


def test_a_one_word_person_the_text_never_introduces_stays_the_pipelines_organization() -> None:
    """A one-word name the pipeline reads as an organization and the model as a person is a person only when the
    text introduces one by it: a full name ending with it ("Brett Korvass"), or a title before it ("Gen. Zarvu");
    else it stays an organization ("Velmarix"); a name the pipeline reads as a person is left alone."""
    from newsgraph.analyze.name_bounds import unintroduced_people

    dictionary = ActorDictionary.load()
    text = "Velmarix hired Brett Korvass. Korvass met Gen. Zarvu. Zarvu and Osk praised Velmarix."
    names = [("Velmarix", 0), ("Brett Korvass", 0), ("Korvass", 1), ("Zarvu", 0), ("Zarvu", 1), ("Osk", 0),
             ("Velmarix", 1)]
    at = {}
    for name, n in names:
        start = -1
        for _ in range(n + 1):
            start = text.index(name, start + 1)
        at[(name, n)] = start
    model = [RawMention(at[k], at[k] + len(k[0]), "PERSON", k[0]) for k in names]
    pipeline = [RawMention(m.start, m.end, "PERSON" if m.text == "Osk" else "ORG", m.text) for m in model]
    read = [(m.text, m.label) for m in unintroduced_people(model, pipeline, text, dictionary)]
    assert read == [("Velmarix", "ORG"), ("Brett Korvass", "PERSON"), ("Korvass", "PERSON"), ("Zarvu", "PERSON"),
                    ("Zarvu", "PERSON"), ("Osk", "PERSON"), ("Velmarix", "ORG")]
    assert unintroduced_people(model, [], text, dictionary) == model


def test_a_persons_name_cut_with_nothing_between_stays_whole() -> None:
    """Two people's names never stand side by side: the pipeline's person the model cuts at a middle initial
    ("Roy | A. Nelson") stays whole; names with a comma between them stay apart."""
    from newsgraph.analyze.name_bounds import keep_joined

    text = "Capt. Orrin B. Kovac said."
    whole = _at(text, "Orrin B. Kovac", "PERSON")
    parts = [_at(text, "Orrin", "PERSON"), _at(text, "B. Kovac", "PERSON")]
    assert [m.text for m in keep_joined(parts, [whole], text)] == ["Orrin B. Kovac"]
    listed = "Orrin, Kovac and others"
    apart = [_at(listed, "Orrin", "PERSON"), _at(listed, "Kovac", "PERSON")]
    assert len(keep_joined(apart, [_at(listed, "Orrin, Kovac", "PERSON")], listed)) == 2


def test_a_surname_the_model_drops_is_the_person_named_in_full() -> None:
    """The pipeline's one-word name the model drops ("O’Kovac") while it reads the same word ending a person's
    full name elsewhere ("Brian O’Kovac") is that person; without the full name it stays dropped."""
    from newsgraph.analyze.name_bounds import surnames

    text = "Brian O’Kovac was held. Police said O’Kovac had threatened her."
    full = _at(text, "Brian O’Kovac", "PERSON")
    at = text.index("O’Kovac", full.end)
    alone = RawMention(at, at + 7, "ORG", "O’Kovac")
    assert [(m.text, m.label, m.start) for m in surnames([full], [full, alone])] == [
        ("Brian O’Kovac", "PERSON", 0), ("O’Kovac", "PERSON", at)]
    assert surnames([], [alone]) == []


def test_a_name_cut_short_takes_in_the_words_the_text_names_it_with_elsewhere() -> None:
    """"Carly | Fiorina: ..." where the body names "Carly Fiorina": the model cut the headline's name and its quote
    lost its speaker; the whole takes the kind the model reads elsewhere. Words the text never joins to the name
    stay out."""
    from newsgraph.analyze.name_bounds import whole_names_elsewhere

    text = "Mara Velikova: 'We will win.'\n\nMara Velikova said on Monday that Mara Smith agreed."
    model = [_at(text, "Mara", "PERSON"), RawMention(31, 44, "ORG", "Mara Velikova"),
             RawMention(text.index("Mara Smith"), text.index("Mara Smith") + 4, "PERSON", "Mara")]
    assert text[31:44] == "Mara Velikova"
    assert [(m.text, m.label) for m in whole_names_elsewhere(model, [], text)] == [
        ("Mara Velikova", "ORG"), ("Mara Velikova", "ORG"), ("Mara", "PERSON")]
    # a name the pipeline alone gives elsewhere: the model's kind stays
    alone = whole_names_elsewhere([model[0]], [RawMention(31, 44, "ORG", "Mara Velikova")], text)
    assert [(m.text, m.label) for m in alone] == [("Mara Velikova", "PERSON")]
    # a name the model reads among the words after a space may be a name of its own ("American | Dennis
    # Mitchell"), and so may one running past the whole's end; words not in title case are no name's ("IPO FILING")
    velikova = [model[0], _at(text, "Velikova", "PERSON")]
    assert whole_names_elsewhere(velikova, model[1:2], text) == velikova
    filing = "IPO FILING: shares.\nThe IPO FILING was late."
    at = filing.rindex("IPO FILING")
    assert whole_names_elsewhere([_at(filing, "IPO", "ORG")], [RawMention(at, at + 10, "ORG", "IPO FILING")],
                                 filing)[0].text == "IPO"
    # inside a sentence the words after a name are as often a street's or a police force's: left alone
    police = "the Alexandria Police said.\nAlexandria Police: we act."
    force = RawMention(police.rindex("Alexandria"), police.rindex(":"), "ORG", "Alexandria Police")
    assert whole_names_elsewhere([_at(police, "Alexandria", "PERSON")], [force], police)[0].text == "Alexandria"
    # a place or a people is no speaker's name: left alone
    assert whole_names_elsewhere([_at(text, "Mara", "GPE")], model[1:2], text)[0].text == "Mara"
    street = "Mara Velikova Street: closed.\nMara Velikova said so."
    cut = [_at(street, "Mara", "PERSON"), _at(street, "Velikova Street", "LOC")]
    named = street.rindex("Mara Velikova")
    assert whole_names_elsewhere(cut, [RawMention(named, named + 13, "PERSON", "Mara Velikova")], street) == cut
    hyphen = "AFL-CIO: Trump plan would hurt workers.\nThe AFL-CIO said so."
    parts = [_at(hyphen, "AFL", "ORG"), _at(hyphen, "CIO", "LOC")]
    body = RawMention(hyphen.rindex("AFL-CIO"), hyphen.rindex("AFL-CIO") + 7, "ORG", "AFL-CIO")
    assert [(m.text, m.start) for m in whole_names_elsewhere(parts, [body], hyphen)] == [("AFL-CIO", 0)]


def test_the_plural_of_a_persons_surname_names_a_family() -> None:
    """"Khans: Trump stirs ..." after "Ghazala Khan": the model reads the -ans plural as a people (NORP) and the
    headline's quote lost its speaker."""
    from newsgraph.analyze.name_bounds import family_plurals

    text = "Khans: the vote. Ghazala Khan and the Joneses met Americans and Ruth Jones."
    model = [_at(text, "Khans", "NORP"), _at(text, "Ghazala Khan", "PERSON"), _at(text, "Joneses", "ORG"),
             _at(text, "Americans", "NORP"), _at(text, "Ruth Jones", "PERSON")]
    assert [m.label for m in family_plurals(model, [])] == ["PERSON", "PERSON", "PERSON", "NORP", "PERSON"]
    assert family_plurals(model[:1], [])[0].label == "NORP"  # no person of that surname
    # a one-word name read as a person is no surname named in full: "the Springboks" stay a team
    team = "the Springboks beat Springbok"
    player = RawMention(team.rindex("Springbok"), len(team), "PERSON", "Springbok")
    assert family_plurals([_at(team, "Springboks", "ORG"), player], [])[0].label == "ORG"


def test_a_line_label_the_text_names_elsewhere_is_that_speaker() -> None:
    """"Sarandon: 'Not sure' ..." after "Susan Sarandon", "Gov. Velik: ..." after "Ana Velik", "KWTV: ..." after the
    station named as an organization: labels the model reads as no name or a place, which lost their quotes."""
    from newsgraph.analyze.name_bounds import names_on_line_labels

    text = ("Sarandon: 'Not sure' about the race.\nGov. Velik: We will act now.\nKWTV: The vote is close.\n"
            "Brexit: what it means for us.\nActress Susan Sarandon and Ana Velik spoke to KWTV on Monday.")
    pipeline = [_at(text, "Susan Sarandon", "PERSON"), _at(text, "Ana Velik", "PERSON"),
                RawMention(text.rindex("KWTV"), text.rindex("KWTV") + 4, "ORG", "KWTV")]
    model = [_at(text, "Sarandon", "EVENT"), _at(text, "Velik", "LOC"), _at(text, "KWTV", "LOC"),
             _at(text, "Brexit", "EVENT"), *pipeline]
    read = [(m.text, m.label) for m in names_on_line_labels(model, pipeline, text)]
    assert read[:4] == [("Sarandon", "PERSON"), ("Gov. Velik", "PERSON"), ("KWTV", "ORG"), ("Brexit", "EVENT")]
    # the label a person is read as already stands
    assert names_on_line_labels([_at(text, "Sarandon", "PERSON")], pipeline, text)[0].label == "PERSON"
    assert names_on_line_labels(model[:1], [], text) == model[:1]  # nobody of that name in the text


def test_a_label_after_a_tag_or_with_accents_the_text_names_elsewhere_is_that_speaker() -> None:
    """"EXCLUSIVE – Ana Velik: ..." and "Sánchez: ...": a label may follow a word or two on its line (where the quotes
    stage reads a label's speaker) and be spelt in any letters; "The Latest: ..." names nobody the text names."""
    from newsgraph.analyze.name_bounds import names_on_line_labels

    text = ("EXCLUSIVE – Ana Velik: We will act now.\nSánchez: The vote is close.\nThe Latest: Velik wins the vote.\n"
            "Ana Velik and Pedro Sánchez spoke on Monday.")
    pipeline = [_at(text, "Ana Velik and", "PERSON"), _at(text, "Pedro Sánchez", "PERSON")]
    pipeline[0] = RawMention(pipeline[0].start, pipeline[0].start + 9, "PERSON", "Ana Velik")
    model = [_at(text, "Velik", "LOC"), _at(text, "Sánchez", "GPE"), *pipeline]
    read = [(m.text, m.label) for m in names_on_line_labels(model, pipeline, text)]
    assert read[:2] == [("Ana Velik", "PERSON"), ("Sánchez", "PERSON")]
    assert ("The Latest", "PERSON") not in read and ("Latest", "PERSON") not in read
    topic = "Party Chief On Velik: We will not pay.\nAna Velik spoke."
    assert all(m.label != "PERSON" or m.text == "Ana Velik" for m in names_on_line_labels([], pipeline[:1], topic))


def test_a_hyphen_joined_name_of_places_stays_the_pipelines() -> None:
    """"Fargo-Moorhead": the model reads a piece as a people word and drops the rest; the pipeline's whole stands for
    the place stage to read each town. A hyphen-joined name of no places ("Wal-Mart") is left to the model."""
    from newsgraph.analyze.name_bounds import hyphenated_places

    text = "Commuters in Fargo-Moorhead and shoppers at Wal-Mart faced icy roads."
    towns = {"Fargo", "Moorhead"}
    pipeline = [_at(text, "Fargo-Moorhead", "ORG"), _at(text, "Wal-Mart", "ORG")]
    model = [_at(text, "Fargo", "NORP"), _at(text, "Wal", "ORG")]
    assert [(m.text, m.label) for m in hyphenated_places(model, pipeline, towns.__contains__)] == [
        ("Fargo-Moorhead", "ORG"), ("Wal", "ORG")]


def test_a_name_read_as_a_gpe_and_as_a_location_is_a_gpe() -> None:
    """The recognizer's LOC is CoNLL's location of any kind; one reading as a GPE decides the entity's type."""
    from newsgraph.analyze.entities import _Cluster, _entity_type

    text = "Held at the Augusta hospital. Deputies in Augusta said so."
    first = _at(text, "Augusta", "LOC")
    second = RawMention(text.rindex("Augusta"), text.rindex("Augusta") + 7, "GPE", "Augusta")
    assert _entity_type(_Cluster([first, second])) == "GPE"
    assert _entity_type(_Cluster([first])) == "LOC"


def test_a_town_of_several_words_the_model_reads_as_misc_is_a_gpe(pipelines: tuple[Pipeline, Pipeline]) -> None:
    """"of Grand Prairie": CoNLL's MISC (an event, a work) for a town the gazetteer knows is the town."""
    stage = pipelines[1].stages[0]
    assert isinstance(stage, EntityStage) and stage.recognizer is not None
    assert stage.recognizer._label("She lives in Grand Prairie now.", 13, 26, "MISC", []) == "GPE"
    assert stage.recognizer._label("They watched the Gulf War on TV.", 17, 25, "MISC", []) == "EVENT"


def test_a_name_and_a_landforms_head_word_after_it_are_one_place() -> None:
    """"Golan | Heights" cut by the model (the head word a person) or typed MISC is one place; a demonym opening it
    stays a people's word, and a person's name the pipeline reads whole ("Carla Hills") is left alone."""
    from newsgraph.analyze.name_bounds import landform_names

    dictionary = ActorDictionary.load()
    text = "residents of the Syrian Golan Heights"
    cut = [_at(text, "Syrian Golan", "NORP"), _at(text, "Heights", "PERSON")]
    assert [(m.text, m.label) for m in landform_names(cut, [], text, dictionary)] == [
        ("Syrian", "NORP"), ("Golan Heights", "LOC")]
    assert [(m.text, m.label) for m in landform_names([_at(text, "Golan Heights", "EVENT")], [], text, dictionary)] \
        == [("Golan Heights", "LOC")]
    person = "Former trade representative Carla Hills spoke."
    parts = [_at(person, "Carla", "PERSON"), _at(person, "Hills", "PERSON")]
    assert landform_names(parts, [_at(person, "Carla Hills", "PERSON")], person, dictionary) == parts


def test_a_name_of_titles_alone_is_no_name() -> None:
    """"Sgt." or "Mr." the model reads where a line breaks before the name they head is no name; the pipeline's
    own name over the same words stands."""
    from newsgraph.analyze.name_bounds import titles_alone

    dictionary = ActorDictionary.load()
    text = "The boxcar arrived.\nSgt.\nDan Jewell said so, Mr. Smith said."
    sergeant, mister, dan = _at(text, "Sgt.", "PERSON"), _at(text, "Mr.", "LOC"), _at(text, "Dan Jewell", "PERSON")
    assert titles_alone([sergeant, dan, mister], [], dictionary) == [dan]
    assert titles_alone([sergeant, dan], [sergeant], dictionary) == [sergeant, dan]
    senate = "The Senate voted."
    assert titles_alone([_at(senate, "Senate", "ORG")], [], dictionary) == [_at(senate, "Senate", "ORG")]


def test_an_organizations_name_cut_with_nothing_between_stays_whole() -> None:
    """Two names of one kind never stand side by side: the pipeline's organization the model cuts into two
    organizations with only a space between ("State | Duma") stays whole; a place beside an organization, or a
    number between the pieces, leaves the model's cut."""
    from newsgraph.analyze.name_bounds import keep_joined

    text = "They hoped the Velmar Duma would ratify it, said Velmar Lodge 31."
    whole = _at(text, "Velmar Duma", "ORG")
    parts = [_at(text, "Velmar", "ORG"), _at(text, "Duma", "ORG")]
    assert [m.text for m in keep_joined(parts, [whole], text)] == ["Velmar Duma"]
    mixed = [_at(text, "Velmar", "GPE"), _at(text, "Duma", "ORG")]
    assert len(keep_joined(mixed, [whole], text)) == 2
    at = text.index("Velmar Lodge")
    numbered = [RawMention(at, at + 6, "ORG", "Velmar"), RawMention(at + 7, at + 12, "ORG", "Lodge"),
                RawMention(at + 13, at + 15, "CARDINAL", "31")]
    assert len(keep_joined(numbered[:2], [RawMention(at, at + 15, "ORG", "Velmar Lodge 31")], text)) == 2
