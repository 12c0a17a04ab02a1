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
from collections import Counter
from dataclasses import dataclass, replace

import pycountry
from spacy.tokens import Token

from newsgraph.analyze.actor_dictionary import ActorDictionary
from newsgraph.analyze.event_syntax import OWNER_PREPS, with_conjuncts
from newsgraph.article import Article, Entity, Mention
from newsgraph.facts import EventActor

ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers"})
_GROUP_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "theirs"})
_MODIFIERS = frozenset({"compound", "amod", "poss", "nmod", "nummod", "det", "case", "quantmod"})
# Sectors of the state: an official or body with no country named serves the country the article is about.
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
# Words before a title saying its holder no longer holds it: CAMEO codes former officials as elites (ELI).
_FORMER = frozenset({"former", "ousted", "ex", "deposed", "exiled", "toppled", "overthrown", "retired"})
_COMPASS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                      "northeast", "northwest", "southeast", "southwest", "upper", "lower"})
_LOCATIVE_PREPS = frozenset({"in", "inside", "of", "across", "throughout", "near"})
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

    def fact(self, text: str) -> EventActor:
        """The actor as the event's source or target: the span with its text."""
        return EventActor(self.entity, self.start, self.end, text[self.start:self.end], self.country, self.sector)


class ActorResolver:
    """Maps tokens of one article's parse to its entities and codes actor spans; built once per article."""

    def __init__(self, article: Article, dictionary: ActorDictionary,
                 sector_words: dict[str, str] | None = None, people: frozenset[str] = frozenset(),
                 common_nouns: bool = False, dateline: tuple[int, int] | None = None,
                 organizations: frozenset[tuple[int, int]] = frozenset()) -> None:
        """`common_nouns`: a phrase naming no entity still names an actor when its head is an agent noun;
        `dateline`: the span of the article's dateline, which says where the story was filed and names no actor;
        `organizations`: the spans the parser's own recognizer reads as organizations (`_as_organization`)."""
        self.text = article.text
        self._doc_text: str | None = None  # the parse's text (`_view`)
        self.dictionary = dictionary
        self.sector_words = sector_words or {}
        self._depth = 0
        self.people = people
        self.common_nouns = common_nouns
        self._agent_nouns: dict[str, bool] = {}
        self.owner: dict[int, tuple[Entity, Mention] | None] = {}
        # per sentence (by its first token), the phrases naming actors there and in the sentence before (event_roles)
        self.phrases: dict[int, list[tuple[Token | None, list[ActorSpan]]]] = {}
        self.mentions: list[tuple[int, Entity, Mention]] = []
        entities = [replace(entity, type="ORG") if _as_organization(entity, organizations) else entity
                    for entity in article.entities]
        self.types = {entity.id: entity.type for entity in entities}
        # the mentions of names of kinds that are no actor (events, laws, works, products): no unnamed actor either
        self._others = sorted((m.start, m.end) for e in entities if e.type not in ACTOR_TYPES for m in e.mentions)
        self._other_starts = [start for start, _ in self._others]
        self.entities = {entity.id: entity for entity in entities}
        self.has_places = any(entity.place for entity in article.entities)
        self.place_country = _place_countries(article)
        self.focus = _focus_country(article, self.place_country)
        for entity in entities:
            if entity.type not in ACTOR_TYPES or self._bare_facility(entity):
                continue
            for mention in entity.mentions:
                if dateline is None or not (dateline[0] <= mention.start < dateline[1]):
                    self.mentions.append((mention.start, entity, mention))
        self.mentions.sort(key=lambda m: m[0])
        self._starts = [m[0] for m in self.mentions]

    def _bare_facility(self, entity: Entity) -> bool:
        """A facility stands for an actor only by the body in it ("the White House said", "the Kremlin"), which the
        dictionary codes, or as a place of a country; a bridge, road or stadium neither codes is where or on what
        an event happens ("opened the Friendship Bridge", "blocked the Europe Bridge"), no one who takes part."""
        return entity.type == "FAC" and entity.actor is None \
            and (entity.place is None or entity.place not in self.place_country)

    def span_of(self, entity_id: str | None, start: int, end: int) -> ActorSpan:
        """An actor span for a known stretch of text, with its entity's code when it has one."""
        entity = self.entities.get(entity_id or "")
        actor = entity.actor if entity is not None else None
        return ActorSpan(entity_id if entity is not None else None, start, end,
                         actor.country if actor else None, actor.sector if actor else None)

    def entity_type(self, span: ActorSpan) -> str | None:
        return self.types.get(span.entity or "")

    def is_mention(self, span: ActorSpan) -> bool:
        """The span is a mention of its entity as it stands, not stretched to a noun it modifies."""
        at = bisect.bisect_right(self._starts, span.start) - 1
        return at >= 0 and self.mentions[at][0] == span.start and self.mentions[at][2].end == span.end

    def named(self, token: Token) -> bool:
        """Whether a word is part of a name, the pipeline's or one of the document's entities of any kind: a proper
        noun the entities type as an event, a law or a work ("spreading AIDS") is no actor the recognizer missed."""
        if token.ent_type_:
            return True
        at = bisect.bisect_right(self._other_starts, token.idx) - 1
        return at >= 0 and token.idx < self._others[at][1]

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
        if head.pos_ == "VERB" and head.dep_ in ("nsubj", "nsubjpass"):
            # a misparse: "The Red Cross operating in Iraq said": the participle's own subject is meant
            inner = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            return self._phrase(inner[0], owners) if inner else []
        if head.pos_ not in ("NOUN", "PROPN", "PRON"):
            return []
        named: list[ActorSpan] = []
        possessors: list[ActorSpan] = []
        head_sector = None if head.pos_ == "PRON" else self.agent_sector(head)
        for token in self._modifiers(head):
            entity = self.entity_at(token)
            if entity is not None:
                # "Israel's army" is an actor; in "Saddam Hussein's proposal" the owner is ("the Russian
                # government's refusal": the owner's own noun)
                anchor = head
                if token.head.i != head.i and token.head.dep_ == "poss":
                    anchor = token.head
                elif token.dep_ == "poss" and head_sector is None:
                    anchor = token
                span = self._span(entity, anchor)
                (possessors if token.dep_ == "poss" else named).append(span)
            elif token.dep_ == "poss" and token.lower_ in _GROUP_PRONOUNS | _PERSON_PRONOUNS:
                resolved = self.pronoun(token)
                if resolved is not None:
                    possessors.append(resolved)
        # "bin Laden's al-Qaeda network": the network's own name, not its owner's.
        out = _unique(named) or _unique(possessors)
        if len(out) > 1 and any(s.country or s.sector for s in out):
            # one phrase, one actor: "the main Hutu rebel group, Forces for Defence of Democracy (FDD)"
            out = [s for s in out if s.country or s.sector]
        elif out and head_sector and not any(s.country or s.sector for s in out):
            # "the main rebel group, the Popular Front": the name takes the sector of the noun it stands beside
            out = [ActorSpan(s.entity, s.start, s.end, None, head_sector, s.guessed) for s in out]
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
        if not out and self.common_nouns:
            out = self._unnamed(head)
        return out

    def _unnamed(self, head: Token) -> list[ActorSpan]:
        """An actor no entity names: a proper name the recognizer missed ("Schneiderman alleged"), uncoded; an
        agent noun ("gunmen", "twelve protesters") with its sector; or the agent noun owning a thing ("government
        policies"). An organ of the state with no country named serves the country the article is about."""
        if head.pos_ == "PROPN" and not self.named(head) and (head.is_title or (head.is_upper and len(head.text) > 1)) \
                and not self.agent_noun(head):
            words = [t for t in head.children if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i < head.i
                     and not self._apart(t, head)]
            return [ActorSpan(None, min([t.idx for t in words] + [head.idx]), head.idx + len(head.text), None, None)]
        if not self.agent_noun(head) and self.agent_sector(head) is None:  # "drug dealers": by its phrase
            owners = [t for t in head.children if t.dep_ in ("compound", "poss") and self.agent_noun(t)]
            if not owners:
                return []
            head = owners[0]
        words = [t for t in head.children if t.dep_ in ("amod", "compound", "nummod") and t.i < head.i
                 and not self._apart(t, head)]
        sector = self.agent_sector(head)
        country = self.focus if sector in _STATE_SECTORS else None
        return [ActorSpan(None, min([t.idx for t in words] + [head.idx]), head.idx + len(head.text), country, sector)]

    def _demonym(self, head: Token) -> list[ActorSpan]:
        """A country adjective the recognizer missed, before a noun naming an agent: "Ghanaian authorities"."""
        sector = self.agent_sector(head)
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
                    for obj in (o for c in child.children if c.dep_ == "pobj" for o in with_conjuncts(c)):
                        if obj.dep_ in ("pobj", "conj"):
                            if child.lower_ in ("in", "at", "from", "throughout", "across") \
                                    and self.agent_sector(head) is None and head.lower_ not in self.people:
                                # "the incident in Bisham": a place, not an owner, after a noun naming no agent
                                owned = [s for s in self._owned(obj, head) if self.types.get(s.entity or "")
                                         not in ("GPE", "LOC", "FAC")]
                                out.extend(owned)
                                continue
                            if obj.pos_ == "NOUN":  # "the government of Sindh province": the government's sector
                                sector = self.agent_sector(head)
                                out.extend(ActorSpan(s.entity, s.start, s.end, s.country, s.sector or sector, s.guessed)
                                           for s in self._phrase(obj))
                            else:
                                out.extend(self._owned(obj, head))
                    if out:
                        break
        return out

    def _modifiers(self, head: Token) -> list[Token]:
        """Words naming who a noun phrase is: possessors, compounds, adjectives (and theirs: "Vietnamese-led")."""
        out: list[Token] = []
        for child in head.children:
            if self._apart(child, head):
                continue
            if child.dep_ in _MODIFIERS or (child.dep_ == "appos" and head.pos_ in ("NOUN", "PROPN")):
                for token in with_conjuncts(child):
                    out.append(token)
                    out.extend(g for g in token.children if g.dep_ in _MODIFIERS | {"npadvmod"})
        return out

    def _apart(self, token: Token, head: Token) -> bool:
        """A line break between the two: a headline without a full stop is parsed into the body's first
        sentence, and its last words are no part of the body's first noun ("Arson suspect\n\nPolice"). Read in
        the model's view of the text, where a hard-wrapped line's break is a space (`nlp.unwrap`)."""
        return "\n" in self._view(head)[min(token.idx, head.idx):max(token.idx, head.idx)]

    def _view(self, token: Token) -> str:
        """The text the parse read, built once (`Doc.text` joins every token anew on each call)."""
        if self._doc_text is None:
            self._doc_text = token.doc.text
        return self._doc_text

    def _owned(self, obj: Token, head: Token) -> list[ActorSpan]:
        entity = self.entity_at(obj)
        if entity is None:
            # "inhabitants of the Syrian Golan Heights": a name the recognizer missed, coded by its modifiers
            named = self._phrase(obj, owners=False) if obj.pos_ == "PROPN" else []
            # "Sierra Leonean": a demonym the recognizer split
            return [ActorSpan(s.entity, s.start, s.end, s.country or self.dictionary.country(self.text[s.start:s.end]),
                              s.sector or self.agent_sector(head), s.guessed) for s in named]
        span = self._span(entity, obj)
        sector = span.sector or self.agent_sector(head)
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
        if country is None and entity.type in ("GPE", "LOC", "FAC") and entity.place:
            country = self.place_country.get(entity.place)  # a place the dictionary lacks, from the gazetteer
        if country is None and entity.type in ("GPE", "LOC", "FAC"):
            country = self._country_before(start)  # "the Syrian Golan Heights": a place of the country
        if country is None:
            country = self._country_phrase(mention.text, entity.type)
            if country and entity.type != "GPE" and sector is None and mention.text.endswith("s"):
                sector = "CVL"  # a people taken for a name: "Bosnian Serbs" (see events.py: a people is civilians)
        if entity.type == "NORP":
            country = self._residence(head, mention, country) or country
        if head.idx >= end and head.pos_ in ("NOUN", "PROPN") and self.entity_at(head) is None:
            between = self.text[end:head.idx]
            if len(between) <= 40 and "," not in between and " and " not in between \
                    and "\n" not in self._view(head)[end:head.idx]:
                end = head.idx + len(head.text)
            group = entity.type in ("GPE", "NORP", "ORG", "LOC") and (sector is None or entity.type != "ORG")
            if group or entity.type == "PERSON":  # PERSON: "the Bush administration"
                sector = self.agent_sector(head) or sector
        elif entity.type == "PERSON":
            title_sector, title_country = self._title(head, mention)
            sector = title_sector or sector
            country = country or title_country

        if country is None and sector is None and entity.type in ("PERSON", "ORG", "GPE"):
            country, sector = self._apposition_code(head, mention)
        if country is None and sector in _STATE_SECTORS and entity.type in ("PERSON", "ORG"):
            country = self.focus
        return ActorSpan(entity.id, start, end, country, sector)

    def _apposition_code(self, head: Token, mention: Mention) -> tuple[str | None, str | None]:
        """An uncoded name's code from the body its apposition names: "Kenzo Oshima, the United Nations
        Emergency Relief Coordinator" (the UN's sector), "X, a Hamas commander" (the title's sector, Hamas's
        country)."""
        for child in head.children:
            if child.dep_ != "appos":
                continue
            for token in child.subtree:
                owned = self.entity_at(token)
                if owned is None or owned[0].type not in ("ORG", "GPE", "NORP") or owned[0].actor is None \
                        or mention.start <= token.idx < mention.end:
                    continue
                code = owned[0].actor
                sector = self.agent_sector(child) if child.pos_ == "NOUN" else None
                if code.sector in ("IGO", "NGO"):
                    sector = code.sector
                return code.country, sector or code.sector
        return None, None

    def _country_before(self, start: int) -> str | None:
        """The country of a capitalized country word right before `start` ("Syrian | Golan Heights", "Indian |
        Kashmir"): a place a country's adjective opens lies in that country."""
        before = self.text[max(0, start - 40):start]
        if not before.endswith(" "):
            return None
        words = before.split()
        word = words[-1] if words else ""
        return self.dictionary.country(word) if word[:1].isupper() and word.isalpha() else None

    def _country_phrase(self, text: str, kind: str) -> str | None:
        """A country named by a whole name the recognizer typed or split wrongly: "South Lebanon" (a part of a
        country), "Bosnian Serbs" taken for a person (a people: every word a demonym, the first one decides)."""
        words = text.split()
        if len(words) < 2:
            return None
        if kind in ("GPE", "LOC") and words[0].lower() in _COMPASS:
            return self.dictionary.country(" ".join(words[1:]))
        if kind in ("PERSON", "ORG", "NORP") and all(self.dictionary.country(w) for w in words):
            return self.dictionary.country(words[0])
        return None

    def _residence(self, head: Token, mention: Mention, own: str | None) -> str | None:
        """Where a people named by a demonym lives, which CAMEO codes them by: "Albanians of southern Serbia",
        "ethnic Turks" (a minority: the other country the sentence names)."""
        span = head.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        assert span is not None  # None only for offsets outside the text; a mention's are inside
        root = span.root
        for token in {head, root}:
            if token.i != root.i and token.lower_ not in self.people:
                continue  # "a Cambodian refugee camp in Thailand" is no people living there
            for prep in token.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("in", "of", "from"):
                    continue
                for obj in prep.children:
                    found = self._place_country_at(obj)
                    if obj.dep_ == "pobj" and found and found != own:
                        return found
        if not self.text[max(0, mention.start - 8):mention.start].rstrip().lower().endswith("ethnic"):
            return None
        # a minority: the nearest other country the sentence places something in ("... operating in Macedonia")
        nearby = [(abs(token.idx - mention.start), country) for token in head.sent
                  if _located(token) and (country := self._place_country_at(token)) and country != own]
        return min(nearby)[1] if nearby else None

    def _place_country_at(self, token: Token) -> str | None:
        """The country of a country or place mention holding a token (an "in"-phrase's object), if any."""
        owned = self.entity_at(token)
        if owned is None or owned[0].type not in ("GPE", "LOC"):
            return None
        entity = owned[0]
        country = entity.actor.country if entity.actor else None
        return country or (self.place_country.get(entity.place) if entity.place else None)

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
        if not subjects and clause.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in
                                                             clause.children):
            # "Pakistan has refused ... and has urged its citizens": the first verb's subject is shared
            subjects = [c for c in clause.head.children if c.dep_ in ("nsubj", "nsubjpass")
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
        sector = self.dictionary.sector_of_title(text)
        if sector is not None and any(t.lower_.strip("-") in _FORMER for t in head.subtree if t.idx < mention.start):
            sector = "ELI"  # "former prime minister", "ousted president"
        body = None
        for token in head.subtree:
            if token.idx >= mention.start:
                break
            owned = self.entity_at(token)
            if owned is not None and owned[0].actor is not None:
                country = owned[0].actor.country
                if owned[0].type == "ORG" and owned[0].actor.sector in ("IGO", "NGO"):
                    body = owned[0].actor.sector  # "Arab League Secretary General X" serves the League
        if body is not None and sector != "ELI":
            sector = body
        return sector, country

    def agent_noun(self, head: Token) -> bool:
        """The noun itself names people or an organ ("police", "protesters", "officials"), whatever modifies it:
        "military exercises" names none."""
        if not (head.pos_ == "NOUN" or (head.pos_ == "PROPN" and head.is_lower)) or self.entity_at(head) is not None:
            return False  # a lower-case "president" tagged PROPN is a common noun
        known = self._agent_nouns.get(head.lower_)
        if known is None:
            known = head.lower_ in self.people or head.lower_ in self.sector_words \
                or self.dictionary.sector_of_title(head.text) is not None
            self._agent_nouns[head.lower_] = known
        return known

    def agent_sector(self, head: Token) -> str | None:
        """Sector of a common noun naming an agent, with the words before it ("security chief", "army officers")."""
        if head.pos_ not in ("NOUN", "PROPN") or self.entity_at(head) is not None:
            return None
        words = [t for t in head.children if t.dep_ in ("compound", "amod") and t.i < head.i
                 and self.entity_at(t) is None]
        if words:
            phrase = " ".join(t.text for t in (*words, head))  # without names between: "top U.S. official"
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


def _as_organization(entity: Entity, organizations: frozenset[tuple[int, int]]) -> bool:
    """An event name that the parser reads, word for word, as an organization ("Conference on Disarmament",
    "DNC") is one to events: CoNLL's MISC, which the trained recognizer types as an event where nothing else
    tells, holds conferences, conventions and committees beside wars and games; the parser tells them apart."""
    return entity.type == "EVENT" and any((m.start, m.end) in organizations for m in entity.mentions)


def _place_countries(article: Article) -> dict[str, str]:
    """Place id -> ISO3 country of every resolved place of the article (the gazetteer gives alpha-2 codes)."""
    out: dict[str, str] = {}
    for place in article.places:
        if place.country_code:
            found = pycountry.countries.get(alpha_2=place.country_code.upper())
            if found is not None:
                out[place.id] = found.alpha_3
    return out


def _focus_country(article: Article, place_country: dict[str, str]) -> str | None:
    """The one country the article is clearly about: the country most named (countries, places in it, demonyms),
    ahead of any other; None on a tie."""
    counts: Counter[str] = Counter()
    for place in article.places:  # place names inside organizations' names included
        country = place_country.get(place.id)
        if country:
            counts[country] += len(place.mentions)
    for entity in article.entities:
        country = entity.actor.country if entity.actor else None
        if entity.type == "NORP" and country:
            counts[country] += len(entity.mentions)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def _located(token: Token) -> bool:
    """The object of a preposition of place, or its possessor: "in Macedonia", "near Macedonia's border"."""
    if token.dep_ == "poss":
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in _LOCATIVE_PREPS
