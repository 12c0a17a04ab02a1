"""The article as the small pipeline's names read it, for the event stage, when the recognizer relabels the names.

The event models (type, role and place) were trained on the small pipeline's names. The recognizer names people,
organizations and places better (CoNLL-2003, LGL), but its names move the role model's choice among actors it was
never shown (`docs/entities.md`). So with the recognizer on, the entity, role, actor, place and quote stages run a
second time on a copy of the article with the small pipeline's names alone; the event stage finds events and
chooses their actors on that copy and their place among the published places, and `relink` points each actor at
the published entity that names the same words.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left

from spacy.tokens import Doc

from newsgraph.analyze.actor_dictionary import ActorDictionary
from newsgraph.analyze.actors import ActorStage
from newsgraph.analyze.entities import EntityStage
from newsgraph.analyze.gazetteer import Gazetteer
from newsgraph.analyze.places import PlaceStage
from newsgraph.analyze.quotes import QuoteStage
from newsgraph.analyze.roles import RoleStage
from newsgraph.article import Article
from newsgraph.facts import Event, EventActor


class ActorViewStage:
    """Writes `article.actor_view`: the article analyzed by the small pipeline's names alone (see the module)."""

    reads: tuple[str, ...] = ("text", "parts", "published")
    writes: tuple[str, ...] = ("actor_view",)

    def __init__(self, dictionary: ActorDictionary, gazetteer: Gazetteer) -> None:
        self.stages = (EntityStage(dictionary), RoleStage(dictionary), ActorStage(dictionary),
                       PlaceStage(gazetteer, dictionary=dictionary), QuoteStage())

    def __call__(self, article: Article, doc: Doc) -> None:
        view = dataclasses.replace(article, entities=[], places=[], quotes=[], events=[], actor_view=None)
        for stage in self.stages:
            stage(view, doc)
        article.actor_view = view


def relink(events: list[Event], view: Article, article: Article) -> None:
    """Each actor's entity becomes the published entity whose mention covers most of the actor's words (ties: the
    one sharing the most mentions with the view's entity), else the one sharing the most mentions with it (a
    pronoun's antecedent), else none."""
    mentions = sorted((m.start, m.end, e.id) for e in article.entities for m in e.mentions)
    starts = [a for a, _, _ in mentions]
    longest = max((b - a for a, b, _ in mentions), default=0)
    view_mentions = {e.id: [(m.start, m.end) for m in e.mentions] for e in view.entities}
    votes_of: dict[str, dict[str, int]] = {}

    def overlapping(start: int, end: int) -> list[tuple[str, int]]:
        """(published entity, characters shared) of each published mention overlapping start..end."""
        return [(entity, min(b, end) - max(a, start))
                for a, b, entity in mentions[bisect_left(starts, start - longest):bisect_left(starts, end)]
                if min(b, end) > max(a, start)]

    def votes(entity: str) -> dict[str, int]:
        """Published entity -> how many of its mentions overlap one of the view entity's."""
        if entity not in votes_of:
            counted: dict[str, int] = {}
            for start, end in view_mentions.get(entity, []):
                for other, _ in overlapping(start, end):
                    counted[other] = counted.get(other, 0) + 1
            votes_of[entity] = counted
        return votes_of[entity]

    def published(actor: EventActor) -> str | None:
        if actor.entity is None:
            return None
        voted = votes(actor.entity)
        covering: dict[str, int] = {}
        for entity, shared in overlapping(actor.start, actor.end):
            covering[entity] = max(covering.get(entity, 0), shared)
        ranked = covering or voted
        return max(ranked, key=lambda e: (ranked[e], voted.get(e, 0))) if ranked else None

    for event in events:
        for actor in (*event.source, *event.target):
            actor.entity = published(actor)
