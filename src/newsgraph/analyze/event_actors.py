"""Actors of events: the document's entities found in a noun phrase, with their actor codes (country, sector).

A phrase names an actor when one of its words belongs to an entity mention ("Pakistan", "the TTP") or when its head
is a common noun modified by one ("Chinese engineers", "rebels in the Ivory Coast", "Israel's army"). The head noun
then gives the sector when the entity has none ("Israeli soldiers": ISR, MIL), a title before a person's name
gives theirs ("Israeli President Moshe Katsav": GOV), and a capital acting is its government ("Beijing rejected").
A country adjective the recognizer missed still names an actor before an agent noun ("Ghanaian authorities"), with
no entity. Pronouns stand for the subject of the statement they are reported in ("Syria says it is willing"), the
subject of their own clause ("Israel mounted its invasion"), else the nearest earlier entity of a fitting kind
(marked `guessed`: such actors do not count as named when the stage scores its confidence).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Token

from newsgraph.analyze.actor_dictionary import ActorDictionary
from newsgraph.analyze.event_syntax import OWNER_PREPS, with_conjuncts
from newsgraph.article import Article, Entity, Mention

ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
_GROUP_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "theirs"})
_MODIFIERS = frozenset({"compound", "amod", "poss", "nmod", "nummod", "det", "case", "quantmod"})
_MAX_DEPTH = 6  # nested phrases followed (owners of owners, a pronoun's antecedent, ...)
_PRONOUN_WINDOW = 600  # characters back in which a pronoun looks for its entity


@dataclass
class ActorSpan:
    entity: str | None
    start: int
    end: int
    country: str | None
    sector: str | None
    guessed: bool = False  # a pronoun resolved by nearness only

    def record(self, text: str) -> dict[str, Any]:
        return {"entity": self.entity, "start": self.start, "end": self.end, "text": text[self.start:self.end],
                "country": self.country, "sector": self.sector}


class ActorResolver:
    """Maps tokens of one article's parse to its entities and codes actor spans; built once per article."""

    def __init__(self, article: Article, dictionary: ActorDictionary,
                 sector_words: dict[str, str] | None = None, people: frozenset[str] = frozenset()) -> None:
        self.text = article.text
        self.dictionary = dictionary
        self.sector_words = sector_words or {}
        self._depth = 0
        self.people = people
        self.owner: dict[int, tuple[Entity, Mention] | None] = {}
        self.mentions: list[tuple[int, Entity, Mention]] = []
        self.types = {entity.id: entity.type for entity in article.entities}
        self.has_places = any(entity.place for entity in article.entities)
        for entity in article.entities:
            if entity.type not in ACTOR_TYPES:
                continue
            for mention in entity.mentions:
                self.mentions.append((mention.start, entity, mention))
        self.mentions.sort(key=lambda m: m[0])
        self._starts = [m[0] for m in self.mentions]

    def entity_type(self, span: ActorSpan) -> str | None:
        return self.types.get(span.entity or "")

    def entity_at(self, token: Token) -> tuple[Entity, Mention] | None:
        """The entity mention a token is part of, if any."""
        idx = token.idx
        if idx in self.owner:
            return self.owner[idx]
        at = bisect.bisect_right(self._starts, idx) - 1
        found = (self.mentions[at][1], self.mentions[at][2]) if at >= 0 and idx < self.mentions[at][2].end else None
        self.owner[idx] = found
        return found

    def actors(self, head: Token, owners: bool = True) -> list[ActorSpan]:
        """Actors named by the phrase headed by `head`, coordinated phrases included; `owners=False` leaves out
        owners named after the head ("rebels in the Ivory Coast"), for event nouns ("the attack in Shangla")."""
        found: list[ActorSpan] = []
        for token in with_conjuncts(head):
            for span in self._phrase(token, owners):
                if all(span.entity != other.entity or span.entity is None for other in found):
                    found.append(span)
        return found

    def _phrase(self, head: Token, owners: bool = True) -> list[ActorSpan]:
        """Actors of one phrase (see `actors`); guarded, as pronouns and owners refer to other phrases."""
        if self._depth > _MAX_DEPTH:
            return []
        self._depth += 1
        try:
            return self._phrase_actors(head, owners)
        finally:
            self._depth -= 1

    def _phrase_actors(self, head: Token, owners: bool) -> list[ActorSpan]:
        own = self.entity_at(head)
        if own is not None:
            return [self._span(own, head)]
        if head.lower_ in _PERSON_PRONOUNS or head.lower_ in _GROUP_PRONOUNS:
            resolved = self.pronoun(head)
            return [resolved] if resolved is not None else []
        if head.pos_ not in ("NOUN", "PROPN", "PRON"):
            return []
        named: list[ActorSpan] = []
        possessors: list[ActorSpan] = []
        for token in self._modifiers(head):
            entity = self.entity_at(token)
            if entity is not None:
                span = self._span(entity, head)
                (possessors if token.dep_ == "poss" else named).append(span)
            elif token.dep_ == "poss" and token.lower_ in _GROUP_PRONOUNS | _PERSON_PRONOUNS:
                resolved = self.pronoun(token)
                if resolved is not None:
                    possessors.append(resolved)
        # "bin Laden's al-Qaeda network": the network's own name, not its owner's.
        out = _unique(named) or _unique(possessors)
        if not out:
            out = self._demonym(head)
        if out and owners and head.pos_ == "NOUN" and not any(s.country or s.sector for s in out):
            # "a member of the Syrian parliament, Mohammed Mamoun": the uncoded name takes the phrase's code.
            coded = [s for s in self._owners(head) if s.country or s.sector]
            if coded:
                return [ActorSpan(s.entity, s.start, s.end, coded[0].country, coded[0].sector, s.guessed)
                        for s in out]
        if not out and owners and head.pos_ == "NOUN":
            out = self._owners(head)
        return out

    def _demonym(self, head: Token) -> list[ActorSpan]:
        """A country adjective the recognizer missed, before a noun naming an agent: "Ghanaian authorities"."""
        sector = self._agent_sector(head)
        if sector is None and head.lower_ not in self.people:
            return []
        for child in head.children:
            if child.dep_ in ("amod", "compound") and child.i < head.i and child.text[:1].isupper():
                country = self.dictionary.country(child.text)
                if country:
                    return [ActorSpan(None, child.idx, head.idx + len(head.text), country, sector)]
        return []

    def _owners(self, head: Token) -> list[ActorSpan]:
        """Owners named after a head noun: "rebels in the Ivory Coast", "deputy chief of Israel's militia"."""
        out: list[ActorSpan] = []
        if head.pos_ == "NOUN":
            for child in head.children:
                if child.dep_ == "prep" and (child.lower_ in OWNER_PREPS or (
                        child.lower_ in ("throughout", "across") and head.lower_ in self.people)):
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            if child.lower_ in ("in", "at", "from", "throughout", "across") \
                                    and self._agent_sector(head) is None and head.lower_ not in self.people:
                                # "the incident in Bisham": a place, not an owner, after a noun naming no agent
                                owned = [s for s in self._owned(obj, head) if self.types.get(s.entity or "")
                                         not in ("GPE", "LOC", "FAC")]
                                out.extend(owned)
                                continue
                            out.extend(self._phrase(obj) if obj.pos_ == "NOUN" else self._owned(obj, head))
                    if out:
                        break
        return out

    def _modifiers(self, head: Token) -> list[Token]:
        """Words naming who a noun phrase is: possessors, compounds, adjectives (and theirs: "Vietnamese-led")."""
        out: list[Token] = []
        for child in head.children:
            if child.dep_ in _MODIFIERS or (child.dep_ == "appos" and head.pos_ in ("NOUN", "PROPN")):
                for token in with_conjuncts(child):
                    out.append(token)
                    out.extend(g for g in token.children if g.dep_ in _MODIFIERS | {"npadvmod"})
        return out

    def _owned(self, obj: Token, head: Token) -> list[ActorSpan]:
        entity = self.entity_at(obj)
        if entity is None:
            return []
        span = self._span(entity, obj)
        sector = span.sector or self._agent_sector(head)
        return [ActorSpan(span.entity, span.start, span.end, span.country, sector)]

    def _span(self, owned: tuple[Entity, Mention], head: Token) -> ActorSpan:
        """The mention, stretched to the head noun it modifies ("Israeli soldiers"), with the entity's code;
        the head noun or a title before a person's name gives the sector ("Israeli President Moshe Katsav")."""
        entity, mention = owned
        start, end = mention.start, mention.end
        country = entity.actor.country if entity.actor else None
        sector = entity.actor.sector if entity.actor else None
        if country is None and entity.type in ("NORP", "GPE"):
            country = self.dictionary.country(mention.text) or self.dictionary.country(entity.name)
            words = mention.text.split()
            if country is None and len(words) > 1:  # "Bosnian Serbs"
                country = self.dictionary.country(words[0])
        if country is None and entity.type in ("NORP", "PERSON"):
            country = self._country_nearby(head, mention)
        if entity.type == "GPE" and sector is None and self.dictionary.country(entity.name) is None \
                and self.dictionary.city_country(entity.name):
            sector = "GOV"  # a capital acting: "Beijing rejected", "talks with Washington"
        if head.idx >= end and head.pos_ in ("NOUN", "PROPN") and self.entity_at(head) is None:
            between = self.text[end:head.idx]
            if len(between) <= 40 and "," not in between and " and " not in between:
                end = head.idx + len(head.text)
            if entity.type in ("GPE", "NORP", "ORG", "LOC") and (sector is None or entity.type != "ORG"):
                sector = self._agent_sector(head) or sector
        elif entity.type == "PERSON":
            title_sector, title_country = self._title(head, mention)
            sector = title_sector or sector
            country = country or title_country
        return ActorSpan(entity.id, start, end, country, sector)

    def _clause_subject(self, token: Token) -> ActorSpan | None:
        """A possessive's own clause subject: "Israel mounted its invasion" (its: Israel)."""
        if token.dep_ != "poss":
            return None
        clause = token.head
        for _ in range(6):
            if clause.pos_ in ("VERB", "AUX") or clause.head.i == clause.i:
                break
            clause = clause.head
        subjects = [c for c in clause.children if c.dep_ == "nsubj" and c.i < token.i
                    and c.lower_ not in _PERSON_PRONOUNS | _GROUP_PRONOUNS]
        found = self._phrase(subjects[0]) if subjects else []
        return found[0] if found else None

    def _speaker(self, token: Token) -> ActorSpan | None:
        """The subject of the clause a pronoun's clause is the complement of: "Syria says [it is willing]"."""
        clause = token.head
        if token.dep_ == "poss":
            clause = clause.head
        hops = 0
        while clause.dep_ in ("conj", "xcomp", "advcl", "prep", "pobj", "dobj") and clause.head.i != clause.i \
                and hops < 4:
            clause, hops = clause.head, hops + 1
        if clause.dep_ != "ccomp" or clause.head.i == clause.i:
            return None
        matrix = clause.head
        subjects = [c for c in matrix.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in
                    _PERSON_PRONOUNS | _GROUP_PRONOUNS and c.i < token.i]
        if not subjects:
            return None
        found = self._phrase(subjects[0])
        return found[0] if found else None

    def _country_nearby(self, head: Token, mention: Mention) -> str | None:
        """A country named by the words modifying a name ("Iraqi Kurds") or in apposition to it ("Sidhoum,
        Algeria's leading activist")."""
        for child in head.children:
            if child.dep_ not in ("amod", "compound", "appos", "nmod"):
                continue
            for token in child.subtree:
                if mention.start <= token.idx < mention.end:
                    continue
                owned = self.entity_at(token)
                if owned is not None and owned[0].type in ("GPE", "NORP") and owned[0].actor is not None \
                        and owned[0].actor.country:
                    return owned[0].actor.country
        return None

    def _title(self, head: Token, mention: Mention) -> tuple[str | None, str | None]:
        """The sector and country a title before a person's name gives: "U.S. Secretary of State X"."""
        words = [t for t in head.subtree if t.idx < mention.start and t.dep_ in ("compound", "amod", "nmod")
                 and self.entity_at(t) is None]
        if not words:
            return None, None
        text = self.text[words[0].idx:words[-1].idx + len(words[-1].text)]
        country = None
        for token in head.subtree:
            if token.idx >= mention.start:
                break
            owned = self.entity_at(token)
            if owned is not None and owned[0].actor is not None:
                country = owned[0].actor.country
        return self.dictionary.sector_of_title(text), country

    def _agent_sector(self, head: Token) -> str | None:
        """Sector of a common noun naming an agent, with the words before it ("security chief", "army officers")."""
        if head.pos_ not in ("NOUN", "PROPN") or self.entity_at(head) is not None:
            return None
        words = [t for t in head.children if t.dep_ in ("compound", "amod") and t.i < head.i
                 and self.entity_at(t) is None]
        if words:
            phrase = self.text[words[0].idx:head.idx + len(head.text)]
            sector = self.dictionary.sector_of_title(phrase)
            if sector:
                return sector
        sector = self.dictionary.sector_of_title(head.text)
        if sector is None:
            for token in (*words, head):
                sector = self.sector_words.get(token.lower_) or sector
        return sector

    def pronoun(self, token: Token) -> ActorSpan | None:
        """What a pronoun stands for: the subject of the statement it is reported in ("X said it would"), else
        the nearest earlier entity of a fitting kind (a person for he/she, else a group or country)."""
        want_person = token.lower_ in _PERSON_PRONOUNS
        antecedent = self._speaker(token) or self._clause_subject(token)
        if antecedent is not None and (not want_person or self.types.get(antecedent.entity or "") == "PERSON"):
            return ActorSpan(antecedent.entity, token.idx, token.idx + len(token.text), antecedent.country,
                             antecedent.sector)
        start = token.idx
        best: tuple[Entity, Mention] | None = None
        for position, entity, mention in reversed(self.mentions):
            if position >= start:
                continue
            if start - position > _PRONOUN_WINDOW:
                break
            if want_person == (entity.type == "PERSON") and (want_person or entity.type != "LOC"):
                if not want_person and entity.actor is None:
                    continue
                best = (entity, mention)
                break
        if best is None:
            return None
        entity, _ = best
        country = entity.actor.country if entity.actor else None
        sector = entity.actor.sector if entity.actor else None
        return ActorSpan(entity.id, token.idx, token.idx + len(token.text), country, sector, guessed=True)


def _unique(spans: list[ActorSpan]) -> list[ActorSpan]:
    out: list[ActorSpan] = []
    for span in spans:
        if all(span.entity != other.entity for other in out):
            out.append(span)
    return out
