"""Actor codes (country, sector) for entities, from the actor dictionary, roles and names' own words."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from spacy.tokens import Doc

from newsgraph.analyze.actor_dictionary import ActorCode, ActorDictionary
from newsgraph.article import Actor, Article, Entity

# Sectors of the state: an official with no country named serves the country the article is about.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "ELI"})
_NAME_PIECES = re.compile(r"[A-Za-z][A-Za-z'’]*")
# An organization named after a region of several countries and a kind of body is intergovernmental (CAMEO's IGO):
# "European Community", "Asia-Pacific Economic Cooperation", "East African Community", "Arab Monetary Fund".
_REGIONS = frozenset({"european", "europe", "african", "africa", "asian", "asia", "pacific", "arab", "caribbean",
                      "nordic", "baltic", "andean", "atlantic", "americas", "inter-american", "latin",
                      "gulf", "balkan", "mediterranean", "commonwealth", "eurasian", "asean", "sahel", "amazon",
                      "pan-african", "pan-american", "asia-pacific", "euro-atlantic", "east", "west", "south",
                      "north", "central", "southern", "northern", "eastern", "western", "southeast", "southeastern"})
_DIRECTIONS = frozenset({"east", "west", "south", "north", "central", "southern", "northern", "eastern", "western",
                         "southeast", "southeastern"})
_BODIES = frozenset({"community", "union", "commission", "council", "league", "cooperation", "organization",
                     "organisation", "parliament", "bank", "court", "fund", "alliance", "forum", "market",
                     "conference", "assembly", "secretariat", "pact", "treaty"})


class ActorStage:
    """Sets `entity.actor`; reads `entities` (with roles) and `published`."""

    reads: tuple[str, ...] = ("entities", "entities.roles", "published")
    writes: tuple[str, ...] = ("entities.actor",)

    def __init__(self, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary

    def __call__(self, article: Article, doc: Doc | None = None) -> None:
        when = _published_date(article)
        codes = {entity.id: self._code(entity, when) for entity in article.entities}
        focus = focus_country(article.entities, codes)
        for entity in article.entities:
            code = codes[entity.id]
            if code is None:
                continue
            country, sector = code.country, code.sector
            if country is None and sector in STATE_SECTORS and entity.type in ("PERSON", "ORG") \
                    and not self._known(entity, when):  # the dictionary codes no country on purpose (Kofi Annan)
                country = focus
            entity.actor = Actor(country=country, sector=sector)

    def _known(self, entity: Entity, when: date | None) -> bool:
        """The dictionary has the entity under its name or an alias, with a code of its own."""
        return any(len(name.split()) >= 2 and self.dictionary.lookup(name, when) is not None
                   and self.dictionary.country(name) is None for name in [entity.name, *entity.aliases])

    def _code(self, entity: Entity, when: date | None) -> ActorCode | None:
        if entity.type in ("GPE", "NORP"):
            country = self.dictionary.country(entity.name)
            if country is None and entity.type == "GPE":
                country = self.dictionary.city_country(entity.name)
            if country:
                return ActorCode(country, None)
            return self._body(entity, when) if entity.type == "NORP" else None
        if entity.type == "PERSON":
            return self._person(entity, when)
        if entity.type in ("ORG", "FAC"):
            return self._organization(entity, when)
        return self._body(entity, when) if entity.type in ("LOC", "EVENT") else None

    def _body(self, entity: Entity, when: date | None) -> ActorCode | None:
        """The dictionary's code for a group or an institution named by a word the model read as a people, a
        location or an event ("Taliban", "al-Qaeda", "White House"): whatever its type, it is that actor."""
        known = self.dictionary.lookup(entity.name, when)
        return known if known is not None and known.sector else None

    def _person(self, entity: Entity, when: date | None) -> ActorCode | None:
        """The dictionary's dated entry for the person, else what their roles say."""
        for name in [entity.name, *entity.aliases]:
            if len(name.split()) >= 2 and (known := self.dictionary.lookup(name, when)):
                return known
        # Named by surname only ("President Biden"): the one office-holder of that name at the time.
        if len(entity.name.split()) == 1 and (known := self.dictionary.lookup_surname(entity.name, when)):
            return known
        country = sector = None
        for role in entity.roles:
            sector = sector or self.dictionary.sector_of_title(role.title)
            country = country or role.country
            if role.organization:
                org = self.dictionary.lookup(role.organization, when)
                country = country or (org.country if org else None) or self._country_in(role.organization)
                sector = sector or (org.sector if org else None) or self.dictionary.sector_of_org(role.organization)
        if country is None and sector is None:
            return None
        return ActorCode(country, sector)

    def _organization(self, entity: Entity, when: date | None) -> ActorCode | None:
        """Dictionary first (name, then aliases); else a country and a sector named by the name's own words."""
        for name in [entity.name, *entity.aliases]:
            if known := self.dictionary.lookup(name, when):
                if known.country is None and known.sector not in ("IGO", "NGO"):
                    # "Palestinian Islamic Jihad": coded by region only; the name says the country.
                    return ActorCode(self._country_in(entity.name), known.sector)
                return known
        if (inner := self._known_part(entity.name, when)) is not None:
            return inner
        if _regional_body(entity.name) and self._country_in(entity.name) is None:
            return ActorCode(None, "IGO")
        country = self._country_in(entity.name)
        sector = self.dictionary.sector_of_org(entity.name)
        if sector is None:
            for word in _NAME_PIECES.findall(entity.name):
                known = self.dictionary.lookup(word, when)
                if known and known.sector and not self.dictionary.country(word):
                    sector = known.sector
                    country = country or known.country
                    break
        if country is None and sector is None:
            return None
        return ActorCode(country, sector)

    def _known_part(self, name: str, when: date | None) -> ActorCode | None:
        """The code of the longest run of two or more words of the name that the dictionary knows as an
        organization with a sector: "United Nations Observer Mission in Angola" -> the United Nations (IGO)."""
        words = name.split()
        for size in range(len(words) - 1, 1, -1):
            for start in range(len(words) - size + 1):
                part = " ".join(words[start:start + size])
                known = self.dictionary.lookup(part, when)
                if known is not None and known.sector and self.dictionary.country(part) is None:
                    return known
        return None

    def _country_in(self, name: str) -> str | None:
        """A country named or implied by a word of an organization's name (`Pakistan Army`, `Afghan Taliban`)."""
        for word in _NAME_PIECES.findall(name):
            if word[0].isupper() and (country := self.dictionary.country(word)):
                return country
        return None


def _regional_body(name: str) -> bool:
    """A name of a region of several countries (not a compass word alone) followed by a kind of body."""
    words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]*", name)]
    regions = [w for w in words if w in _REGIONS or w.split("-")[0] in _REGIONS]
    return bool(regions) and any(w not in _DIRECTIONS for w in regions) and any(w in _BODIES for w in words)


def focus_country(entities: list[Entity], codes: dict[str, ActorCode | None]) -> str | None:
    """The country the article is mostly about: the GPE country with most mentions (first mentioned on ties)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for entity in entities:
        code = codes.get(entity.id)
        if entity.type == "GPE" and code is not None and code.country:
            counts[code.country] += len(entity.mentions)
            first.setdefault(code.country, entity.mentions[0].start)
    if not counts:
        return None
    return max(counts, key=lambda c: (counts[c], -first[c]))


def _published_date(article: Article) -> date | None:
    if article.published is None:
        return None
    try:
        return date.fromisoformat(article.published.value[:10])
    except ValueError:
        return None
