"""With the recognizer on, events and their actors are found on the small pipeline's names (`actor_view`)."""

from __future__ import annotations

import json

import pytest
from conftest import DATA, need

from newsgraph.analyze.actor_view import relink
from newsgraph.article import Article, Entity, Part
from newsgraph.config import Settings
from newsgraph.document import Document
from newsgraph.facts import Event, EventActor, TextSpan
from newsgraph.pipeline import Pipeline


def _actors(record: dict) -> list[tuple]:
    return [(e["type"], e["trigger"]["start"], [(a["text"], a["country"], a["sector"]) for a in e["source"]],
             [(a["text"], a["country"], a["sector"]) for a in e["target"]]) for e in record["events"]]


@pytest.fixture(scope="module")
def article() -> dict:
    """A Reuters report (train.json) whose names the recognizer reads otherwise than the small pipeline."""
    articles = json.loads(need(DATA / "events" / "articles" / "train.json").read_text(encoding="utf-8"))
    return next(a for a in articles["documents"] if a["id"] == "conll-train-0182")


def test_recognizer_leaves_events_and_their_actors_to_the_pipelines_names(article: dict) -> None:
    document = Document(id="t", kind="text", content=article["text"], published=article.get("published"),
                        body_only=True)
    plain, trained = (Pipeline(Settings(recognizer=on)).analyze_one(document) for on in (False, True))
    assert {e["name"] for e in plain["entities"]} != {e["name"] for e in trained["entities"]}
    assert plain["events"] and _actors(trained) == _actors(plain)
    published = {e["id"] for e in trained["entities"]}
    linked = [a["entity"] for e in trained["events"] for a in (*e["source"], *e["target"])]
    assert any(linked) and all(entity in published for entity in linked if entity is not None)
    assert "actor_view" not in trained


def _entity(id: str, name: str, *spans: tuple[int, int], text: str) -> Entity:
    return Entity(id, name, "PERSON", [TextSpan(a, b, text[a:b]) for a, b in spans])


def test_relink_points_actors_at_the_published_entity_over_the_same_words() -> None:
    text = "Crown Prince Abdullah met Hussein. He said Abdullah agreed."
    view = Article("t", text, text, [Part("paragraph", 0, len(text))])
    view.entities = [_entity("v1", "Crown Prince Abdullah", (0, 21), (43, 51), text=text),
                     _entity("v2", "Hussein", (26, 33), text=text)]
    published = Article("t", text, text, [Part("paragraph", 0, len(text))])
    # the recognizer read the title apart: "Crown" and "Prince Abdullah", the second also later
    published.entities = [_entity("e1", "Crown", (0, 5), text=text),
                          _entity("e2", "Prince Abdullah", (6, 21), (43, 51), text=text),
                          _entity("e3", "Hussein", (26, 33), text=text)]
    event = Event("ev1", "CONSULT", TextSpan(22, 25, "met"), None,
                  source=[EventActor("v1", 0, 21, "Crown Prince Abdullah")],
                  target=[EventActor("v2", 35, 37, "He"), EventActor(None, 26, 33, "Hussein")])
    relink([event], view, published)
    # the widest overlap, not the first; a pronoun by its antecedent's mentions; no entity stays none
    assert [a.entity for a in event.source] == ["e2"]
    assert [a.entity for a in event.target] == ["e3", None]
