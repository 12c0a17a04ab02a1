"""How events read the entities as actors: names of kinds that are no actor, and the parser's organizations."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span

from newsgraph.analyze.actor_dictionary import ActorDictionary
from newsgraph.analyze.event_actors import ActorResolver
from newsgraph.article import Article, Entity, Mention
from newsgraph.config import Settings
from newsgraph.nlp import load_model


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return ActorDictionary.load()


def _parsed(text: str) -> Doc:
    """The text parsed, with the parser's own names taken away (what a recognizer replacing them leaves)."""
    doc = load_model(Settings().model)(text)
    doc.ents = []
    return doc


def _word(doc: Doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def test_event_actors_a_proper_noun_of_an_event_name_is_no_unnamed_actor(dictionary: ActorDictionary) -> None:
    """A capitalized word no entity names is a name the recognizer missed ("Schneiderman alleged"), an actor; one
    the document's entities type as an event, a law or a work ("spreading Zorvex") is not, even where the parser
    itself names nothing there."""
    text = "Police arrested a man who blamed the migrants for spreading Zorvex."
    doc = _parsed(text)
    word = doc[_word(doc, "Zorvex")]
    assert word.pos_ == "PROPN" and not word.ent_type_
    at = text.index("Zorvex")
    bare = Article(id="t", text=text, body=text, parts=[])
    assert [(s.start, s.end) for s in ActorResolver(bare, dictionary, common_nouns=True).actors(word)] \
        == [(at, at + 6)]
    named = Article(id="t", text=text, body=text, parts=[],
                    entities=[Entity("e1", "Zorvex", "EVENT", [Mention(at, at + 6, "")])])
    resolver = ActorResolver(named, dictionary, common_nouns=True)
    assert resolver.named(word)
    assert resolver.actors(word) == []


def test_event_actors_an_event_name_the_parser_reads_as_an_organization_is_one(dictionary: ActorDictionary) -> None:
    """The trained recognizer types CoNLL's MISC names as events where nothing else tells; a name the parser reads,
    bound for bound, as an organization ("the Conference on Quorva blocked ...") is an actor to events, a name it
    reads otherwise or not at all stays an event."""
    text = "The Conference on Quorva blocked the treaty at the Velmar Games."
    doc = _parsed(text)
    at, games = text.index("Conference"), text.index("Velmar")
    entities = [Entity("e1", "Conference on Quorva", "EVENT", [Mention(at, at + 20, "")]),
                Entity("e2", "Velmar Games", "EVENT", [Mention(games, games + 12, "")])]
    article = Article(id="t", text=text, body=text, parts=[], entities=entities)
    head = doc[_word(doc, "Conference")]
    assert ActorResolver(article, dictionary).entity_at(head) is None
    resolver = ActorResolver(article, dictionary, organizations=frozenset({(at, at + 20)}))
    owned = resolver.entity_at(head)
    assert owned is not None and owned[0].id == "e1" and owned[0].type == "ORG"
    assert resolver.entity_at(doc[_word(doc, "Games")]) is None
    # the stage passes the parser's organizations: the same spans its `doc.ents` label ORG
    doc.ents = [Span(doc, head.i - 1, head.i + 3, label="ORG")]  # "The Conference on Quorva": the article trimmed
    from newsgraph.analyze.events import EventStage
    stage = EventStage()
    assert stage.resolver_for(article, doc=doc).types["e1"] == "ORG"
    assert stage.resolver_for(article).types["e1"] == "EVENT"


def test_event_actors_a_place_a_country_word_opens_lies_in_that_country(dictionary: ActorDictionary) -> None:
    """"residents of the Syrian Golan Heights": a place the gazetteer does not place, after a country's adjective,
    is that country's; without the adjective it stays uncoded."""
    for text, country in (("Police arrested residents of the Syrian Golan Heights.", "SYR"),
                          ("Police arrested residents of the Golan Heights.", None)):
        doc = _parsed(text)
        at = text.index("Golan")
        entities = [Entity("e1", "Golan Heights", "LOC", [Mention(at, at + 13, "")])]
        article = Article(id="t", text=text, body=text, parts=[], entities=entities)
        spans = ActorResolver(article, dictionary).actors(doc[_word(doc, "Heights")])
        assert [s.country for s in spans] == [country], spans
