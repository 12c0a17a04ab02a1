"""Places: toponyms of the document resolved to GeoNames entries, disambiguated by the whole document.

Toponyms are the GPE, LOC and FAC entities; NORP entities that name a country's people ("Georgian",
"Palestinians"), linked to that country; PERSON, ORG or NORP entities that the context shows to be places ("in
Gainesville", "a Crafton man", "HAMILTON --"); the seats of US legislators' party designations ("D-Braxton",
"R-S.C."); and place names the model missed, found by the same cues. A
place name the model missed becomes a new GPE (or LOC) entity and a PERSON or ORG shown to be a place is retyped
GPE, so that every place mention is also an entity mention and no mention overlaps another entity's. Place
names inside other entities' names (`Ohio` in `Ohio Department of Health`) help resolve the others and, with
`nested=True` (the default), are reported too where the text's own places agree, as place mentions only: places
are their own layer, so a place mention may sit inside an organization's mention, while entity mentions never
overlap each other.

Each toponym's candidates (every gazetteer entry of that name) are scored by prominence (feature, population)
and by the document: countries named (and their demonyms), the state or country written after the name
("Paris, Texas"), a division word after it ("Shangla district"), and the other toponyms' current choices
(the state or county a town lies in, towns of the same state, places nearby). Choices are made jointly, a few
rounds until stable. A small place abroad that nothing in a document about other countries supports stays
unresolved (`place: null`): a town named in a story about Pakistan is not its English namesake.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from newsgraph.analyze.actor_dictionary import ActorDictionary
from newsgraph.analyze.gazetteer import (
    CODE,
    SUPPORT_TOP,
    Gazetteer,
    GeoPlace,
    contains,
    is_code,
    name_key,
    support,
    towns_over_namesake_divisions,
)
from newsgraph.analyze.place_cues import (
    COMMA_AFTER,
    DASHES,
    DIVISION_LIST,
    DIVISION_WORDS,
    FACILITY,
    ISO_DATE_LINE_END,
    NOT_NAMES,
    STRONG,
    abbreviation_end,
    cued,
    generic_region,
    missed_names,
    party_seats,
    variants,
)
from newsgraph.article import Article, Entity, Mention
from newsgraph.facts import Place, TextSpan

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
# A national capital weighs as a country does: a bare "Paris" is France's before any namesake town that only the
# country named beside it supports ("in Russia and Paris"); a town the text places nearer still wins.
FEATURE_PRIOR = {"PCLI": 3.0, "CONT": 2.5, "ADM1": 2.0, "PPLC": 3.0, "ADM2": 0.3, "ADM3": 0.0, "PPL": 0.0}
MAX_CANDIDATES = 40
ROUNDS = 4
SMALL_PLACE = 100_000  # population under which a place abroad needs support from the document
BIG_CITY = 1_000_000  # a person or organization named like a capital or a city this big may be that place
FOUND_MIN_POPULATION = 5_000  # a name found in the text, with no other support, must be a place this big
NESTING_WEIGHT = 1.0  # support a candidate gets from each other name with a candidate it nests with
SAME_PLACE_KM = 30.0  # a division and a town of one name this close (Astana): the name means the town
FIRST_LEVEL_WORDS = frozenset({"state", "province", "region", "governorate", "oblast", "prefecture"})
_DIVISION_AFTER = re.compile(r"\s+([A-Za-z]+)")
# After a dateline's place: its state ("SOUTH CHARLESTON, W.Va."), the agency ("(Reuters)"), then a dash, or a date
# ending the line (bounded repeats: no backtracking on long runs of spaces).
_DATELINE_AFTER = re.compile(r"(?:, {0,2}[A-Z][A-Za-z.]{0,20}(?: [A-Z][A-Za-z.]{0,20})?)?"
                             r"(?:(?: {0,3}\([^()\n]{1,40}\))? {0,3}[-" + DASHES + "]| {1,3}" + ISO_DATE_LINE_END + ")")
DATELINE_TOWN = 3.0  # a dateline names a town: "NEW YORK" is the city before the state, "VIENNA" before Wien
BUILDING_WORDS = frozenset("house palace castle mansion manor tower towers".split())
# How words for a place's people end ("Ohioans", "Texan", "Dagestani", "Sudanese", "Danish").
_PEOPLE_WORD = re.compile(r"(?:an|ans|ian|ians|i|is|ese|ish)$")
_JOINED = re.compile(r"(?<=[A-Za-z.])-(?=[A-Z])")  # "Fargo-Moorhead", "Athens-Clarke County"
_INNER_NAME = re.compile(r"[A-Z][A-Za-z'’.-]*(?: [A-Z][A-Za-z'’.-]*)*")
GENERIC_WORDS = frozenset("city county state metro downtown section east west north south central national "
                          "international united new old first saint st university college church community "
                          "northeast northwest southeast southwest midwest american".split())


def _building(name: str) -> bool:
    """Whether a name is a building's: an adjective or name and a building word ("White House")."""
    words = name.split(" ")
    return len(words) == 2 and words[1].lower() in BUILDING_WORDS


@dataclass(eq=False)
class Toponym:
    """One place name of the document: its forms, mentions, entity and scored candidates."""

    forms: list[str]
    mentions: list[Mention]
    entity: Entity | None = None
    fixed: GeoPlace | None = None  # a demonym's country: no choice to make
    country_hint: str | None = None  # alpha-2 the actor dictionary gives the name (a country or a city word)
    country_word: bool = False  # the name is a country's name or demonym in the actor dictionary
    needs_support: bool = False  # a retyped or found name: resolved only when the document supports it
    cue: int = 0  # strongest cue among the mentions (WEAK, STRONG) that the name is a place
    found: bool = False  # a name no entity had, found in the text
    hidden: bool = False  # a place name inside another entity's name: context for the others, not a mention
    country_only: str | None = None  # alpha-2 of the only country the name can lie in (a US legislator's seat)
    division: bool = False  # written as a division ("X County", "X district")
    first_level: bool = False  # and the division is a state, province or region ("Washington state")
    dateline: bool = False  # opens a line as its dateline ("WASHINGTON (Reuters) -"): a town, not its state
    narrowed: str | None = None  # the part of the name that matched ("Texas" of "North Texas")
    containers: list[Toponym] = field(default_factory=list)  # "X, Y": X lies in Y
    candidates: list[GeoPlace] = field(default_factory=list)
    pick: GeoPlace | None = None
    score: float = 0.0
    support: float = 0.0

    def same_name(self, other: Toponym) -> bool:
        return bool({f.lower() for f in self.forms} & {f.lower() for f in other.forms})

    def place_mentions(self) -> list[Mention]:
        """Mentions of the place: the matched part where a direction word was dropped (`Texas` of `North Texas`)."""
        if self.narrowed is None:
            return self.mentions
        out = []
        for m in self.mentions:
            at = m.text.rfind(self.narrowed)
            out.append(Mention(m.start + at, m.start + at + len(self.narrowed), self.narrowed) if at >= 0 else m)
        return out


class PlaceStage:
    """Resolves toponyms to places; reads `text`, `entities` (with actors); writes `places` and `entities.place`.

    Also writes `entities` where a place mention needs an entity: a missed place name becomes a GPE/LOC entity,
    a PERSON or ORG entity shown to be a place is retyped GPE.
    """

    reads: tuple[str, ...] = ("text", "entities", "entities.actor", "entities.roles")
    writes: tuple[str, ...] = ("places", "entities.place", "entities")

    def __init__(self, gazetteer: Gazetteer | None = None, dictionary: ActorDictionary | None = None,
                 nested: bool = True) -> None:
        """`nested`: also give places the place names inside other entities' names (`Ohio` of `Ohio State
        University`), as place mentions only; off, they only help resolve the other names."""
        self.gazetteer = gazetteer or Gazetteer.load()
        self.dictionary = dictionary or ActorDictionary.load()
        self.nested = nested

    def __call__(self, article: Article, doc: Doc | None = None) -> None:
        text = article.text
        toponyms = self._toponyms(article)
        toponyms += self._missed(article, doc, toponyms)
        toponyms += self._seats(article, toponyms)
        find_containers(text, toponyms)
        for toponym in toponyms:
            if toponym.fixed is None:
                toponym.candidates = self._candidates(toponym)
        self._resolve(toponyms)
        self._write(article, toponyms)

    # ----- toponyms -----------------------------------------------------------------------------------

    def _toponyms(self, article: Article) -> list[Toponym]:
        toponyms: list[Toponym] = []
        text = article.text
        place_spans = {(m.start, m.end) for e in article.entities if e.type in PLACE_TYPES for m in e.mentions}
        for entity in article.entities:
            forms = [entity.name, *entity.aliases]
            if entity.type == "NORP":
                country = self._demonym_country(entity)
                if country is not None:
                    toponyms.append(Toponym(forms, list(entity.mentions), entity, fixed=country))
                    continue
                if _PEOPLE_WORD.search(entity.name):
                    continue  # a people word of no known country; else a town the model read as one ("Pewaukee")
            if entity.type in PLACE_TYPES and _building(entity.name):
                continue  # "the White House", "Buckingham Palace": a seat or a building, no town
            if entity.type in PLACE_TYPES:
                iso3 = self.dictionary.country(entity.name)
                hint = self.gazetteer.alpha2.get(iso3 or self.dictionary.city_country(entity.name) or "")
                mentions = [self._place_span(text, m) for m in entity.mentions]
                toponyms.append(Toponym(forms, mentions, entity, country_hint=hint, country_word=iso3 is not None))
            elif entity.type in ("PERSON", "ORG", "NORP") and (places := self._may_be_place(entity)):
                cue = max(cued(text, m.start, m.end, place_spans) for m in entity.mentions)
                # An organization named like a big city is usually its team or its government (metonymy):
                # only a cue in the text ("in X", "X --") makes it the place itself.
                prominent = entity.type == "PERSON" and any(p.feature == "PPLC" or p.population >= BIG_CITY
                                                            for p in places)
                if cue or prominent:
                    toponyms.append(Toponym([entity.name], list(entity.mentions), entity, needs_support=True,
                                            cue=cue))
            if entity.type in ("ORG", "FAC", "EVENT"):
                toponyms += self._inner_names(entity)
            elif entity.type in PLACE_TYPES and not self._known(entity.name):
                # "Athens-Clarke": two places; "North Las Vegas Police", "Wyandotte County District Court": an
                # institution (its words name a sector) the model took for a place, named by the place it serves
                toponyms += self._inner_names(entity, joined_only=self.dictionary.sector_of_org(entity.name) is None)
        return toponyms

    def _inner_names(self, entity: Entity, joined_only: bool = False) -> list[Toponym]:
        """Place names opening or closing an organization's name (`Ohio Department of ...`, `University of Ohio`),
        and each of the names a hyphen joins (`Fargo-Moorhead`, `Athens-Clarke`); `joined_only`: only the latter."""
        out: list[Toponym] = []
        for mention in entity.mentions:
            joined = _JOINED.split(mention.text)
            segments = [] if joined_only else [(0, mention.text)]
            if len(joined) > 1:
                at = 0
                for part in joined:
                    at = mention.text.index(part, at)
                    segments.append((at, part))
                    at += len(part)
            found = [(offset, segment, self._inner_piece(segment, whole=segment != mention.text))
                     for offset, segment in segments]
            if len(joined) > 1 and any(piece is None for _, segment, piece in found if segment != mention.text):
                found = found[:1] if not joined_only else []  # "Wal-Mart", "News-Leader": not every part a place
            for offset, segment, piece in found:
                if piece is not None:
                    at = mention.start + offset + (segment.index(piece) if not segment.endswith(piece)
                                                   else len(segment) - len(piece))
                    out.append(Toponym([piece], [Mention(at, at + len(piece), piece)], None, hidden=True,
                                       needs_support=segment != mention.text))  # "Wal-Mart" is no town
        return out

    def _inner_piece(self, name: str, whole: bool) -> str | None:
        """The place name opening or closing `name` (`whole`: the name itself first), else None. What follows "of"
        goes first when it is a division or a city ("Bank of America", "University of Ohio"), after the opening
        words when it is a small town ("Arlington Chamber of Commerce")."""
        if _building(name):
            return None  # "White House", "Buckingham Palace": a building's name, no town in it
        words = name.split(" ")
        pieces = [" ".join(words[:n]) for n in range(min(3, len(words) - 1), 0, -1)]
        if " of " in name:
            tail = name.rsplit(" of ", 1)[1]
            prominent = any(p.feature_class == "A" or p.population >= SMALL_PLACE for p in self._places_named(tail))
            if prominent:
                pieces.insert(0, tail)
            else:
                pieces.append(tail)
        if whole:
            pieces.insert(0, name)
        return next((piece for piece in pieces if self._places_named(piece)), None)

    def _places_named(self, piece: str) -> list[GeoPlace]:
        """The divisions and towns of 1,000 people or more a piece of a longer name may be (no continent)."""
        if not _INNER_NAME.fullmatch(piece) or piece.lower() in NOT_NAMES | GENERIC_WORDS:
            return []
        return [p for p, kind in self.gazetteer.lookup(piece)
                if kind != CODE and p.feature != "CONT" and (p.feature_class == "A" or p.population >= 1000)]

    def _known(self, name: str) -> bool:
        return any(kind != CODE for _, kind in self.gazetteer.lookup(name))

    def _may_be_place(self, entity: Entity) -> list[GeoPlace]:
        """Gazetteer entries named like a person or organization that has no role and no known code but a city's
        (the dictionary's places give "NICOSIA", read as an organization, Cyprus as its country)."""
        city = self.dictionary.city_country(entity.name) is not None
        if entity.roles or (entity.actor is not None and (entity.actor.sector or entity.actor.country) and not city):
            return []
        if self.dictionary.lookup(entity.name) is not None:
            return []
        return [p for p, kind in self.gazetteer.lookup(entity.name) if kind != CODE]

    def _demonym_country(self, entity: Entity) -> GeoPlace | None:
        """The country of a NORP entity that names a country's people ("Georgians"), else None."""
        iso3 = self.dictionary.country(entity.name)
        if iso3 is None and entity.actor is not None and entity.actor.sector is None:
            iso3 = entity.actor.country
        return self.gazetteer.countries.get(self.gazetteer.alpha2.get(iso3 or "", ""))

    @staticmethod
    def _place_span(text: str, mention: Mention) -> Mention:
        """The mention, with the final period of an abbreviation the tokenizer left out (`U.S` -> `U.S.`)."""
        end = abbreviation_end(text, mention.start, mention.end)
        return mention if end == mention.end else Mention(mention.start, end, text[mention.start:end])

    def _missed(self, article: Article, doc: Doc | None, toponyms: list[Toponym]) -> list[Toponym]:
        """Place names no entity covers, found where a cue says a place is named."""
        taken = sorted((m.start, m.end) for e in article.entities for m in e.mentions)
        place_spans = {(m.start, m.end) for t in toponyms for m in t.mentions}

        def known(name: str) -> bool:
            return any(kind != CODE or name.replace(".", "").isupper()
                       for _, kind in self.gazetteer.lookup(name))
        by_name: dict[str, Toponym] = {}
        for mention in missed_names(article.text, doc, taken, place_spans, known):
            toponym = by_name.setdefault(mention.text, Toponym([mention.text], [], None, needs_support=True,
                                                               cue=STRONG, found=True))
            toponym.mentions.append(mention)
        return list(by_name.values())

    def _seats(self, article: Article, toponyms: list[Toponym]) -> list[Toponym]:
        """The seats of US legislators' party designations ("Rep. Jane Roe, D-Braxton"), whatever the model read
        there: a name that only the designation covers ("D-Braxton" read as an organization) gives the place its
        mention; one inside a longer name is a place mention only."""
        taken = {(m.start, m.end) for t in toponyms for m in t.mentions}
        by_name: dict[tuple[str, bool], Toponym] = {}
        for seat in party_seats(article.text):
            if (seat.start, seat.end) in taken:
                continue
            hidden = False
            for entity in article.entities:
                for mention in [m for m in entity.mentions if m.start < seat.end and seat.start < m.end]:
                    if mention.start >= seat.start - 4 and mention.end <= seat.end + 1:
                        entity.mentions.remove(mention)  # "D-Braxton" or "Braxton": the seat's mention now
                    else:
                        hidden = True
            toponym = by_name.setdefault((seat.text, hidden), Toponym(
                [seat.text], [], None, cue=STRONG, found=True, hidden=hidden, country_only="US"))
            toponym.mentions.append(seat)
        article.entities = [e for e in article.entities if e.mentions]
        return list(by_name.values())

    def _candidates(self, toponym: Toponym) -> list[GeoPlace]:
        """Gazetteer entries for the toponym's forms; a direction word, "City" or a facility word dropped if need be."""
        found: dict[int, GeoPlace] = {}
        for form in toponym.forms:
            for variant in variants(form):
                hits = [p for p, kind in self.gazetteer.lookup(variant) if (kind != CODE or is_code(variant))
                        and toponym.country_only in (None, p.country_code)]
                for place in hits:
                    found.setdefault(place.geonames_id, place)
                if hits:
                    if variant != form and toponym.entity is not None and form == toponym.entity.name:
                        toponym.narrowed = variant
                        toponym.needs_support |= bool(FACILITY.search(form))
                    break
        if toponym.country_word and toponym.country_hint in self.gazetteer.countries:
            country = self.gazetteer.countries[toponym.country_hint]
            found.setdefault(country.geonames_id, country)
        ranked = sorted(found.values(), key=lambda p: (-p.population, p.geonames_id))
        ranked = towns_over_namesake_divisions(ranked, SAME_PLACE_KM)
        keep = [p for p in ranked if p.feature_class != "P"][:MAX_CANDIDATES // 2]
        return keep + [p for p in ranked if p.feature_class == "P"][:MAX_CANDIDATES - len(keep)]

    # ----- resolution ---------------------------------------------------------------------------------

    def _resolve(self, toponyms: list[Toponym]) -> None:
        """Joint choice: prior and named countries first, then rounds where the other choices support each one."""
        for toponym in toponyms:
            if toponym.fixed is not None:
                toponym.pick, toponym.score = toponym.fixed, 10.0
        nesting = nesting_support(toponyms)
        known: dict[tuple[int, int], float] = {}
        for round_number in range(ROUNDS):
            changed = False
            for toponym in toponyms:
                if toponym.fixed is not None or not toponym.candidates:
                    continue
                others = [t for t in toponyms if t is not toponym and t.pick is not None
                          and not t.same_name(toponym)] if round_number else []
                countries = self._countries(toponym, toponyms, round_number > 0)
                best, best_score, best_support = None, -math.inf, 0.0
                for place in toponym.candidates:
                    backing = support(place, [t.pick for t in others if t.pick is not None], known)
                    score = self._prior(toponym, place) + backing + _country_context(place, countries)
                    score += self._containers(toponym, place) + nesting[id(toponym)].get(place.geonames_id, 0.0)
                    if score > best_score:
                        best, best_score, best_support = place, score, backing
                changed |= best is not toponym.pick
                toponym.pick, toponym.score, toponym.support = best, best_score, best_support
            if round_number and not changed:
                break
        # Names the model called places are judged first; a name that needs support is judged against those and
        # the ones already accepted, never against another doubtful name's choice ("Markel" read as a French town).
        firm = [t for t in toponyms if not t.needs_support]
        settled: list[Toponym] = []
        for toponym in sorted(toponyms, key=lambda t: t.needs_support):
            context = settled if toponym.needs_support else firm
            if toponym.pick is not None and toponym.fixed is None and not self._acceptable(toponym, context):
                toponym.pick = None
            settled.append(toponym)

    def _prior(self, toponym: Toponym, place: GeoPlace) -> float:
        score = FEATURE_PRIOR.get(place.feature, 0.0) + 0.5 * math.log10(place.population + 1)
        if toponym.dateline and place.feature_class == "P":
            score += DATELINE_TOWN
        if toponym.division and toponym.first_level:
            score += 3.0 if place.feature == "ADM1" else -1.0
        elif toponym.division:
            score += 3.0 if place.feature in ("ADM2", "ADM3") else -1.0
        elif place.feature in ("ADM2", "ADM3") and any(w in DIVISION_WORDS for w in place.name.lower().split()):
            score -= 2.0  # "Richmond" alone is the town more often than Richmond County
        if toponym.country_hint is not None:
            if toponym.country_word:
                score += 1.5 if place.feature == "PCLI" and place.country_code == toponym.country_hint else 0.0
            elif place.country_code == toponym.country_hint:
                score += 0.5
        if place.lat is None:
            score -= 1.0
        return score

    @staticmethod
    def _countries(toponym: Toponym, toponyms: list[Toponym], with_choices: bool) -> Counter[str]:
        """Countries the document names or implies, by mentions: demonyms and the other toponyms' choices."""
        counts: Counter[str] = Counter()
        for other in toponyms:
            if other is toponym or other.pick is None or not other.pick.country_code:
                continue
            if other.fixed is not None or with_choices:
                counts[other.pick.country_code] += len(other.mentions)
        return counts

    @staticmethod
    def _containers(toponym: Toponym, place: GeoPlace) -> float:
        """`X, Y`: a candidate of X inside a candidate of Y scores high; one outside every candidate, low."""
        if not toponym.containers:
            return 0.0
        for container in toponym.containers:
            for outer in container.candidates or ([container.fixed] if container.fixed else []):
                if contains(outer, place):
                    return 6.0
        return -3.0

    def _acceptable(self, toponym: Toponym, toponyms: list[Toponym]) -> bool:
        """A small place abroad needs the document's support; so does any name the model did not call a place, a
        region word ("the West Coast") read as a division abroad, and a place word inside another name."""
        place = toponym.pick
        assert place is not None
        countries = self._countries(toponym, toponyms, True)
        contained = any(c.pick is not None and contains(c.pick, place) for c in toponym.containers)
        in_context = not countries or countries[place.country_code or ""] > 0
        if generic_region(toponym.narrowed or toponym.forms[0]):
            # "the West Coast" of a text about Oregon is no Western Australia, nor "the South" Lebanon's: the
            # country must come from other places than this one (another "West Coast" proves nothing)
            others = [t for t in toponyms if t.pick is None or t.pick.geonames_id != place.geonames_id]
            elsewhere = self._countries(toponym, others, True)
            if not (toponym.support > 0 or contained or elsewhere[place.country_code or ""] > 0):
                return False
        if toponym.needs_support:
            if toponym.support > 0 or contained:
                return True
            # a dateline names where the report was filed, whatever the story is about: a city abroad the text
            # never mentions again ("PARIS 1996-08-28" over a story about Algeria) is still that city
            dateline_city = toponym.dateline and place.population >= SMALL_PLACE
            if toponym.found:
                return (in_context or dateline_city) and place.population >= FOUND_MIN_POPULATION
            return (in_context or dateline_city) and (toponym.cue == STRONG or place.feature_class == "A")
        if toponym.hidden:
            # a place word inside another name ("Federal" of the Federal Bureau of Investigation, "Gulf" of the Gulf
            # War) goes on the map only where the text's own places agree: its country, or a place it relates to
            in_text = self._countries(toponym, [t for t in toponyms if not t.hidden], True)
            if toponym.support > 0 or contained or in_text[place.country_code or ""] > 0:
                return True
            # with no place of the text's own to agree, only a place under its own name: "Ohio" of the Ohio
            # Department of Health, not "Federal" (Distrito Federal) nor "Drug" (Durg)
            return not in_text and name_key(place.name) == name_key(toponym.narrowed or toponym.forms[0])
        if place.feature in ("PCLI", "CONT", "ADM1") or place.population >= SMALL_PLACE:
            return True
        if not countries or countries[place.country_code or ""] > 0:
            return True
        return toponym.support > 0 or contained

    # ----- output -------------------------------------------------------------------------------------

    def _write(self, article: Article, toponyms: list[Toponym]) -> None:
        """One place per GeoNames entry, its mentions those of every toponym resolved to it; entities linked."""
        places: dict[int, Place] = {}
        next_entity = 1 + max((int(e.id[1:]) for e in article.entities if e.id[1:].isdigit()), default=0)
        for toponym in sorted(toponyms, key=lambda t: min(m.start for m in t.mentions)):
            place = toponym.pick
            if place is None or (toponym.hidden and not self.nested):
                continue
            record = places.get(place.geonames_id)
            if record is None:
                record = places[place.geonames_id] = self._record(place, f"p{len(places) + 1}")
            entity = toponym.entity
            if entity is None and not toponym.hidden:  # a name the model missed becomes an entity
                entity = Entity(id=f"e{next_entity}", name=toponym.forms[0], type="GPE", mentions=[])
                article.entities.append(entity)
                next_entity += 1
            if entity is not None:
                if toponym.fixed is None:  # a people word stays NORP, linked to its place
                    entity.type = entity.type if entity.type in PLACE_TYPES else \
                        "LOC" if place.feature == "CONT" else "GPE"
                    entity.mentions = list(toponym.mentions)  # periods of abbreviations restored
                entity.place = record.id
            seen = {(m.start, m.end) for m in record.mentions}
            record.mentions.extend(TextSpan(m.start, m.end, m.text)
                                   for m in toponym.place_mentions() if (m.start, m.end) not in seen)
            record.mentions.sort(key=lambda m: m.start)
        article.places = list(places.values())

    def _record(self, place: GeoPlace, place_id: str) -> Place:
        return Place(id=place_id, name=place.name, geonames_id=place.geonames_id, lat=place.lat, lon=place.lon,
                     country_code=place.country_code, admin1=self.gazetteer.admin1_name(place), feature=place.feature)


def _country_context(place: GeoPlace, countries: Counter[str]) -> float:
    if not countries or place.country_code is None:
        return 0.0
    share = countries[place.country_code] / sum(countries.values())
    return 1.0 + 2.0 * share if share else 0.0


def nesting_support(toponyms: list[Toponym]) -> dict[int, dict[int, float]]:
    """For each toponym (by `id`), its candidates that nest with a candidate of other names: candidate id -> support.

    A town and a county or state that nest (Paris inside Henry County, Tennessee) support each other before either
    is chosen: the choices alone cannot, since each name's likeliest reading alone (Paris, France; the most populous
    Henry County) gives the other none. Each other name counts once (`NESTING_WEIGHT`), at most `SUPPORT_TOP`
    names. Countries are left out: a country holds every town of its own and tells nothing here."""
    readings = [_Readings(t) for t in toponyms]
    out: dict[int, dict[int, float]] = {}
    for toponym in toponyms:
        others = [r for r in readings if r.toponym is not toponym and not r.toponym.same_name(toponym)]
        scores: dict[int, float] = {}
        for place in toponym.candidates:
            if place.feature == "PCLI":
                continue
            count = sum(r.nests(place) for r in others)
            if count:
                scores[place.geonames_id] = NESTING_WEIGHT * min(count, SUPPORT_TOP)
        out[id(toponym)] = scores
    return out


class _Readings:
    """The divisions a toponym's candidates are, and the divisions they lie in, for `nesting_support`."""

    def __init__(self, toponym: Toponym) -> None:
        self.toponym = toponym
        candidates = [] if toponym.fixed is not None else [p for p in toponym.candidates if p.feature != "PCLI"]
        self.counties = {p.geonames_id for p in candidates if p.feature == "ADM2"}
        self.states = {(p.country_code, p.admin1) for p in candidates if p.feature == "ADM1"}
        self.in_counties = {p.admin2 for p in candidates if p.admin2 is not None}
        self.in_states = {(p.country_code, p.admin1) for p in candidates if p.feature != "ADM1" and p.admin1}

    def nests(self, place: GeoPlace) -> bool:
        """A candidate of this toponym holds `place`, or lies in it."""
        if place.admin2 in self.counties:
            return True
        if place.feature != "ADM1" and (place.country_code, place.admin1) in self.states:
            return True
        if place.feature == "ADM2":
            return place.geonames_id in self.in_counties
        return place.feature == "ADM1" and (place.country_code, place.admin1) in self.in_states


def find_containers(text: str, toponyms: list[Toponym]) -> None:
    """`X, Y` (Y a toponym right after a comma): X lies in Y. `X district`: X is a division."""
    starts = {m.start: t for t in toponyms for m in t.mentions}
    for toponym in toponyms:
        for mention in toponym.mentions:
            comma = COMMA_AFTER.match(text, mention.end)
            if comma and comma.group(0).strip() == ",":
                after = starts.get(comma.end())
                if after is not None and after is not toponym and after not in toponym.containers:
                    toponym.containers.append(after)
            word = _DIVISION_AFTER.match(text, mention.end)
            if word and word.group(1) in DIVISION_WORDS:
                toponym.division = True
                toponym.first_level |= word.group(1) in FIRST_LEVEL_WORDS
            elif DIVISION_LIST.match(text, mention.end):  # "Clay, Grant and Wilkin counties": all three
                toponym.division = True
        for form in toponym.forms:
            last = form.split()[-1].lower().strip(".") if form.split() else ""
            if last in DIVISION_WORDS:
                toponym.division = True
                toponym.first_level |= last in FIRST_LEVEL_WORDS
        toponym.dateline = any(not text[:m.start].strip(" \t").split("\n")[-1] and _DATELINE_AFTER.match(text, m.end)
                               for m in toponym.mentions)
