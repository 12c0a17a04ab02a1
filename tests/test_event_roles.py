"""The event role model of the learned coder: which actor a sentence names is an event's source, which its target."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsgraph.analyze.event_actors import ActorSpan
from newsgraph.analyze.event_model import EventModel, EventModelError
from newsgraph.analyze.event_places import ArticlePlaces, PlaceCandidate, PlaceModel
from newsgraph.analyze.event_places import packaged as packaged_places
from newsgraph.analyze.event_roles import SOURCE, TARGET, RoleCandidate, RoleModel, packaged
from newsgraph.article import Article, Entity, Mention
from newsgraph.config import Settings
from newsgraph.document import Document
from newsgraph.facts import Place, TextSpan
from newsgraph.nlp import load_model
from newsgraph.pipeline import Pipeline


@pytest.fixture(scope="module")
def learned() -> Pipeline:
    return Pipeline(Settings(event_coder="learned", event_min_confidence=0.0))


def events_of(pipeline: Pipeline, text: str, kind: str) -> list[dict[str, Any]]:
    record = pipeline.analyze_one(Document(id="t", kind="text", content=text, body_only=True))
    return [e for e in record["events"] if e["type"] == kind]


def texts(actors: list[dict[str, Any]]) -> list[str]:
    return [a["text"] for a in actors]


def toy_model() -> RoleModel:
    """Scores: "subject" makes a source, "object" a target, "strong" a stronger source; nobody scores 1 as either."""
    weights = np.array([[3.0, -1.0], [-1.0, 3.0], [1.0, 1.0], [2.0, 0.0]], dtype=np.float32)
    return RoleModel(EventModel([SOURCE, TARGET], {"subject": 0, "object": 1, "null": 2, "strong": 3}, weights,
                                np.zeros((0, 2)), np.zeros(0), np.ones(0), np.zeros(2)))


def span(entity: str, start: int) -> ActorSpan:
    return ActorSpan(entity, start, start + 4, None, None)


def test_role_model_picks_the_best_candidate_or_nobody() -> None:
    model = toy_model()
    nobody = RoleCandidate(None, [], ["null"])
    subject, obj = RoleCandidate(None, [span("e1", 0)], ["subject"]), RoleCandidate(None, [span("e2", 10)], ["object"])
    assert model.choose([nobody, subject, obj]) == ([span("e1", 0)], [span("e2", 10)])
    assert model.choose([nobody, obj]) == ([], [span("e2", 10)])  # no candidate beats nobody as the source
    assert model.choose([nobody, RoleCandidate(None, [span("e3", 20)], [])]) == ([], [])


def test_role_model_target_is_never_the_source() -> None:
    """The best pair of roles never gives one actor both: its second mention is not the target."""
    model = toy_model()
    source = RoleCandidate(None, [span("e1", 0)], ["subject", "strong"])
    again = RoleCandidate(None, [span("e1", 30)], ["object"])  # the same entity named again
    assert model.choose([RoleCandidate(None, [], ["null"]), source, again]) == ([span("e1", 0)], [])


def test_role_model_chooses_the_roles_together() -> None:
    """A passive subject scored a little better as source than nobody but far better as target is the target."""
    weights = np.array([[1.5, 4.0], [0.0, 0.0]], dtype=np.float32)
    model = RoleModel(EventModel([SOURCE, TARGET], {"passive-subject": 0, "null": 1}, weights, np.zeros((0, 2)),
                                 np.zeros(0), np.ones(0), np.zeros(2)))
    subject = RoleCandidate(None, [span("e1", 0)], ["passive-subject"])
    assert model.choose([RoleCandidate(None, [], ["null"]), subject]) == ([], [span("e1", 0)])


def test_role_model_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "roles.npz"
    toy_model().save(path)
    loaded = RoleModel.load(path)
    assert loaded.model.labels == [SOURCE, TARGET]
    candidates = [RoleCandidate(None, [], ["null"]), RoleCandidate(None, [span("e1", 0)], ["subject"])]
    assert np.allclose(loaded.scores(candidates), toy_model().scores(candidates))


def test_role_model_unreadable_file_is_a_coded_error(tmp_path: Path) -> None:
    path = tmp_path / "roles.npz"
    path.write_bytes(b"not a model")
    with pytest.raises(EventModelError, match="make train-events"):
        RoleModel.load(path)


def test_role_model_packaged_is_loaded_once() -> None:
    model = packaged()
    assert model is not None and model is packaged()
    assert model.model.labels == [SOURCE, TARGET] and len(model.model.vocabulary) > 1000


def test_role_model_reporter_is_not_the_actor(learned: Pipeline) -> None:
    """"Police said gunmen killed...": the reporter is not the source; the victims, not the place, are the target."""
    assaults = events_of(learned, "Police said gunmen killed four villagers near Kayseri on Sunday.", "ASSAULT")
    assert assaults and texts(assaults[0]["source"]) == ["gunmen"], assaults
    assert texts(assaults[0]["target"]) == ["four villagers"], assaults
    assert assaults[0]["target"][0]["sector"] == "CVL"


@pytest.mark.parametrize("text, place", [
    ("A bomb exploded in Kabul on Sunday, killing three people.", "Kabul"),
    ("A roadside bomb killed four Iraqi soldiers near Samarra.", "Samarra"),
])
def test_role_model_place_of_the_event_is_no_source(learned: Pipeline, text: str, place: str) -> None:
    """A place the event happens in is where, not who: the text names no attacker, so the source stays empty."""
    assaults = events_of(learned, text, "ASSAULT")
    assert assaults and assaults[0]["source"] == [], assaults
    assert place not in texts(assaults[0]["target"]), assaults


def test_role_model_phrase_of_the_trigger_is_no_actor(learned: Pipeline) -> None:
    """"the guerrilla attacks": the phrase names the event; its modifier names the attackers."""
    assaults = events_of(learned, "No one claimed responsibility for the guerrilla attacks on police stations.",
                         "ASSAULT")
    assert assaults and texts(assaults[0]["source"]) == ["guerrilla"], assaults


def test_role_model_place_standing_for_its_people_is_never_the_source() -> None:
    """A candidate that may only be a target (a place the event happens in) loses the source to nobody."""
    span = ActorSpan("e1", 0, 5, "AFG", "CVL", False)
    found = [RoleCandidate(None, [], ["null"]),
             RoleCandidate(None, [span], ["strong", "subject", "object"], target_only=True)]
    assert toy_model().choose(found) == ([], [span])
    found[1].target_only = False
    assert toy_model().choose(found) == ([span], [])


def test_role_model_owner_of_the_refused_request_is_the_target(learned: Pipeline) -> None:
    rejections = events_of(learned, "Yemen has rejected a U.S. request to interrogate detainees, a security "
                                    "official said on Tuesday.", "REJECT")
    assert rejections and texts(rejections[0]["source"]) == ["Yemen"], rejections
    assert [a["country"] for a in rejections[0]["target"]] == ["USA"], rejections


def test_role_model_reads_the_subject_from_the_sentence_before(learned: Pipeline) -> None:
    """"He later criticized...": the critic is who the sentence before names, the target who imposed the tariffs."""
    criticisms = events_of(learned, "The Canadian trade minister met his French counterpart in Paris on Monday. "
                                    "He later criticized the tariffs imposed by Washington.", "DISAPPROVE")
    assert criticisms, criticisms
    assert [(a["country"], a["sector"]) for a in criticisms[0]["source"]] == [("CAN", "GOV")], criticisms
    assert [a["country"] for a in criticisms[0]["target"]] == ["USA"], criticisms


def test_rule_coder_does_not_use_the_role_model() -> None:
    from newsgraph.analyze.events import EventStage

    assert EventStage(model=False).roles is None
    assert EventStage(model=True, encoder=False).roles is packaged()
    assert EventStage(model=True, encoder=False, roles=False).roles is None


def place_name(pipeline: Pipeline, text: str, kind: str) -> list[str | None]:
    record = pipeline.analyze_one(Document(id="t", kind="text", content=text, body_only=True))
    names = {p["id"]: p["name"] for p in record["places"]}
    return [names.get(e["place"]) for e in record["events"] if e["type"] == kind]


def test_place_model_picks_the_best_named_place_and_nowhere_only_without_one() -> None:
    weights = np.array([[2.0], [-1.0]], dtype=np.float32)
    model = PlaceModel(EventModel(["PLACE"], {"here": 0, "earlier": 1}, weights, np.zeros((0, 1)), np.zeros(0),
                                  np.ones(0), np.zeros(1)))
    assert model.choose([PlaceCandidate("p1", ["earlier"]), PlaceCandidate("p2", ["here"])]) == "p2"
    assert model.choose([PlaceCandidate("p1", ["earlier"])]) == "p1"
    assert model.choose([]) is None


def test_place_named_only_inside_a_longer_name_is_marked_nested() -> None:
    text = ("The Dublin Chamber of Commerce met in Columbus. Columbus police said the Ohio Department of Health "
            "and Ohio agreed.")
    at = text.index
    entities = [Entity("e1", "Dublin Chamber of Commerce", "ORG", [Mention(at("The Dublin") + 4, at(" met"), "")]),
                Entity("e2", "Columbus", "GPE", [Mention(at("Columbus."), at("Columbus.") + 8, "")]),
                Entity("e3", "Ohio Department of Health", "ORG", [Mention(at("the Ohio") + 4, at(" and"), "")]),
                Entity("e4", "Ohio", "GPE", [Mention(at("and Ohio") + 4, at("and Ohio") + 8, "")])]

    def place(place_id: str, word: str, starts: list[int]) -> Place:
        return Place(place_id, word, feature="PPL", country_code="US",
                     mentions=[TextSpan(s, s + len(word), word) for s in starts])

    places = [place("p1", "Dublin", [at("Dublin")]), place("p2", "Commerce", [at("Commerce")]),
              place("p3", "Columbus", [at("Columbus."), at("Columbus police")]),
              place("p4", "Ohio", [at("the Ohio") + 4, at("and Ohio") + 4])]
    article = Article(id="t", text=text, body=text, parts=[], entities=entities, places=places)
    context = ArticlePlaces.of(article, load_model(Settings().model).make_doc(text))
    # every mention of Dublin and Commerce is inside the chamber's name; Ohio is also named on its own
    assert context.nested == {"p1", "p2"}


def _article_places(text: str, named: list[tuple[str, str, str, str, list[int]]],
                    entities: list[Entity] | None = None) -> ArticlePlaces:
    """ArticlePlaces of a text whose places are given as (id, name, feature, country, mention starts)."""
    places = [Place(pid, name, feature=feature, country_code=country,
                    mentions=[TextSpan(s, s + len(name), text[s:s + len(name)]) for s in starts])
              for pid, name, feature, country, starts in named]
    article = Article(id="t", text=text, body=text, parts=[], entities=entities or [], places=places)
    nlp = load_model(Settings().model)
    return ArticlePlaces.of(article, nlp(text))


def test_dateline_place_is_never_nested_in_a_name_run_across_it() -> None:
    """"CLEVELAND - Donald Trump": a name the parser ran across the dateline does not make the city nested."""
    text = "Trump accepts.\n\nCLEVELAND - Donald Trump accepted the nomination here on Thursday."
    start = text.index("CLEVELAND")
    wrong = Entity("e1", "CLEVELAND - Donald Trump", "PERSON", [Mention(start, text.index(" accepted"), "")])
    context = _article_places(text, [("p1", "Cleveland", "PPL", "US", [start])], [wrong])
    assert context.dateline == "p1" and "p1" not in context.nested


def test_dateline_with_a_horizontal_bar() -> None:
    """"PHILADELPHIA ― Felicia Sanders ...": the horizontal bar is a dateline's dash as the em dash is."""
    text = "Survivors explain.\n\nPHILADELPHIA \u2015 Felicia Sanders met Clinton on Tuesday."
    start = text.index("PHILADELPHIA")
    context = _article_places(text, [("p1", "Philadelphia", "PPL", "US", [start])])
    assert context.dateline == "p1"


def test_place_model_packaged_with_the_learned_coder_only() -> None:
    from newsgraph.analyze.events import EventStage

    assert EventStage(model=True, encoder=False).locator is packaged_places() is not None
    assert EventStage(model=False).locator is None


def test_place_model_prefers_the_sentence_place_to_the_dateline(learned: Pipeline) -> None:
    places = place_name(learned, "KABUL (Reuters) - A roadside bomb killed four soldiers in Kandahar on Sunday, "
                                 "officials said.", "ASSAULT")
    assert places and places[0] == "Kandahar", places


def test_place_model_places_the_lead_at_the_dateline_when_it_names_no_place(learned: Pipeline) -> None:
    places = place_name(learned, "KABUL (Reuters) - Police arrested twelve protesters on Sunday after a rally "
                                 "against the government.", "COERCE")
    assert places and places[0] == "Kabul", places
