"""Where an event happened: the places its sentence, its paragraph and the article's dateline name.

The rule coder's choice (`rule_place`): a place in the trigger's clause, preferably after a locative preposition,
else the paragraph's last place before the sentence (news keeps its scene until it names another), else the
dateline's city. The learned coder ranks the same evidence instead (`place_candidates`, `PlaceModel`): every place
the sentence, the article before it, the rest of its paragraph and the dateline name, and nowhere, scored by a
model trained on annotated articles (`tools/train_event_roles.py`).
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Doc, Span, Token

from newsgraph.analyze.event_actors import ActorResolver, ActorSpan
from newsgraph.analyze.event_frames import Draft
from newsgraph.analyze.event_model import Ranker, packaged_ranker
from newsgraph.analyze.place_cues import DASHES
from newsgraph.article import Article

_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "into", "throughout", "around", "from",
                       "on", "within", "along", "off"})
_DATELINE_REACH = 400  # characters into the body where a dateline may stand (after a headline and a byline)
_DATELINE_DATE = re.compile(r"^,?\s+\d{1,4}[-/ .]\d{1,2}")
_DATELINE_TAIL = re.compile(r"^[A-Za-z .,'-]{0,40}?(,|\s[-" + DASHES + r"]|\s?\()")
_DATELINE_DASH = re.compile(r"\s[-" + DASHES + r"]+\s|\s?[" + DASHES + "]")
_DATELINE_LENGTH = 80  # characters after the place where a dateline's dash must stand
_WHERE = ("here", "paragraph", "earlier", "later", "dateline")


def rule_place(draft: Draft, sentence: Span, tokens: list[Token], places: list[tuple[int, int, str]],
               resolver: ActorResolver, actors: list[ActorSpan]) -> str | None:
    """Where the event happened: a place named in its clause, preferably after a locative preposition ("in
    Astana"), else elsewhere in its sentence; never the mention of one of its actors ("Pakistan said")."""
    inside = sentence_places(places, sentence, tokens, resolver)
    if not inside:
        return None
    by_offset = {t.idx: t for t in tokens}
    clause = {t.idx for t in draft.trigger.subtree}
    trigger = draft.trigger.idx
    candidates = []
    for start, place in inside:
        if any(a.start <= start < a.end for a in actors):
            continue
        token = by_offset.get(start)
        owned = resolver.entity_at(token) if token is not None else None
        if owned is not None and owned[0].type in ("ORG", "PERSON") and owned[1].start < start:
            continue  # "Shanghai" in "Shanghai Cooperation Organization"
        if start not in clause and not _governs(token, draft.trigger):
            continue  # a place in another clause of a long sentence is that clause's
        candidates.append((start not in clause, not _locative(token), _container(token), abs(start - trigger),
                           place))
    return min(candidates)[-1] if candidates else None


def sentence_places(places: list[tuple[int, int, str]], sentence: Span, tokens: list[Token],
                    resolver: ActorResolver) -> list[tuple[int, str]]:
    """(start, place id) of the places the sentence names: resolved mentions and entities with a place."""
    inside = [(start, place) for start, _, place in places if sentence.start_char <= start < sentence.end_char]
    for token in tokens if resolver.has_places else ():
        owned = resolver.entity_at(token)
        if owned is not None and owned[0].place and token.idx == owned[1].start:
            inside.append((token.idx, owned[0].place))
    return inside


def _locative(token: Token | None) -> bool:
    """The object of a preposition of place ("in Astana", "near the border"), or in apposition to one."""
    if token is None:
        return False
    head = token.head
    while token.dep_ in ("appos", "compound", "conj") and head.i != token.i:
        token, head = head, head.head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return _locative(head.head)  # "in the West Bank town of Ramallah", "near the village of Foindu"
    return token.dep_ == "pobj" and head.lower_ in _LOCATIVE


def recent_place(mentions: list[tuple[int, int, str]], part: tuple[int, int], before: int) -> str | None:
    """The place named last before a sentence in its paragraph: news keeps its scene until it names another."""
    found = None
    for start, _, place in mentions:
        if part[0] <= start < before:
            found = place
    return found


def _container(token: Token | None) -> bool:
    """A place modifying a noun that names a smaller place after "of": "the West Bank town of Ramallah"."""
    if token is None or token.dep_ not in ("compound", "amod", "nmod", "poss"):
        return False
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in token.head.children)


def _governs(place: Token | None, trigger: Token) -> bool:
    """The place is attached to the trigger's clause or to a clause above it ("In Kabul, police arrested ...")."""
    if place is None:
        return False
    anchor = place.head
    while anchor.pos_ not in ("VERB", "AUX") and anchor.head.i != anchor.i:
        anchor = anchor.head
    return anchor.i == trigger.i or anchor in trigger.ancestors


def place_mentions(article: Article) -> list[tuple[int, int, str]]:
    """(start, end, place id) of every mention of a resolved place (absent places stage: none)."""
    return [(mention.start, mention.end, place.id) for place in article.places for mention in place.mentions]


def dateline_place(article: Article, mentions: list[tuple[int, int, str]]) -> str | None:
    """The place of a dateline ("KABUL, Jan 5 (Reuters) -", "BRUSSELS 1996-08-22"): a place opening a line near
    the top of the body, followed by the dateline's punctuation or a date; `mentions` sorted by start."""
    found = _dateline(article, mentions)
    return found[2] if found is not None else None


def dateline_span(article: Article, mentions: list[tuple[int, int, str]]) -> tuple[int, int] | None:
    """The whole dateline where it is unmistakable: up to its dash ("KABUL, Jan 5 (Reuters) -") or, for a capitalized
    place and a date ("BRUSSELS 1996-08-22"), its line. "Israel, Jordan and Egypt agreed" opens no dateline."""
    found = _dateline(article, mentions)
    if found is None:
        return None
    start, end, _ = found
    text = article.text
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[start:end].isupper() and _DATELINE_DATE.match(text[end:end + 60]):
        return start, line_end
    dash = _DATELINE_DASH.search(text, end, min(line_end, end + _DATELINE_LENGTH))
    return (start, dash.start()) if dash else None


def _dateline(article: Article, mentions: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    body_start = article.body_start()
    text = article.text
    for start, end, place in mentions:
        if start < body_start:
            continue
        if start > body_start + _DATELINE_REACH:
            break
        if start > 0 and text[start - 1] != "\n":
            continue
        tail = text[end:end + 60]
        if _DATELINE_TAIL.match(tail) or (text[start:end].isupper() and _DATELINE_DATE.match(tail)):
            return start, end, place
    return None


def lead_part(article: Article) -> tuple[int, int] | None:
    """The body's first paragraph: the lead, where news states its main event."""
    body_start = article.body_start()
    first = next((p for p in article.parts if p.start >= body_start and p.kind == "paragraph"), None)
    return (first.start, first.end) if first is not None else None


# ----- the learned coder's place ranker -----------------------------------------------------------------------------


@dataclass
class ArticlePlaces:
    """The article's resolved places as the event stage reads them: mentions by offset, the dateline's place, how
    often each place is named and its kind of feature (PCL a country, ADM a region, PPL a city...)."""

    mentions: list[tuple[int, int, str]]
    dateline: str | None
    counts: Counter[str]
    classes: dict[str, str]
    within: dict[str, str]  # place id -> the id of a larger place also named (a city's country or region)
    scenes: set[int]  # starts of mentions after a locative preposition ("in Kabul")
    lead: tuple[int, int] | None
    nested: set[str] = field(default_factory=set)  # places named only inside longer names ("Chamber of Commerce")

    @classmethod
    def of(cls, article: Article, doc: Doc, ranked: bool = True) -> ArticlePlaces:
        """`ranked`: also what only the place model reads (kinds, containment, "in X" scenes)."""
        mentions = sorted(place_mentions(article))
        counts = Counter(place for _, _, place in mentions)
        if not ranked:
            return cls(mentions, dateline_place(article, mentions), counts, {}, {}, set(), None)
        places = article.places
        classes = {p.id: (p.feature or "")[:3] for p in places}
        within: dict[str, str] = {}
        for place in places:
            for larger in places:
                if larger is place or larger.country_code != place.country_code:
                    continue
                if (classes[larger.id] == "PCL" and classes[place.id] != "PCL") or (
                        classes[larger.id] == "ADM" and classes[place.id] == "PPL"
                        and place.admin1 and place.admin1 == larger.admin1):
                    within[place.id] = larger.id
        offsets = doc.to_array("IDX")  # each token's character offset, read without making a Token per word
        scenes = {start for start, _, _ in mentions if _locative(_token_at(doc, offsets, start))}
        dateline = dateline_place(article, mentions)
        # a dateline opens its line: a name the parser ran across it ("CLEVELAND - Donald Trump") does not hold it
        return cls(mentions, dateline, counts, classes, within, scenes, lead_part(article),
                   _nested_only(article, mentions) - {dateline})


def _token_at(doc: Doc, offsets: np.ndarray, start: int) -> Token | None:
    """The token beginning at a character offset (`offsets`: the tokens'), if one does."""
    at = int(np.searchsorted(offsets, start))
    return doc[at] if at < len(offsets) and offsets[at] == start else None


def _nested_only(article: Article, mentions: list[tuple[int, int, str]]) -> set[str]:
    """Places every mention of which lies inside another entity's longer name: "Commerce" of "Chamber of Commerce",
    "Ohio" of "Ohio Department of Health". Such places are the scene of an event less often than places named on
    their own."""
    hosts = sorted((m.start, m.end) for entity in article.entities for m in entity.mentions)
    starts = [start for start, _ in hosts]

    def inside(start: int, end: int) -> bool:
        # entity mentions never overlap, so only the last one starting at or before `start` can hold the place
        at = bisect_right(starts, start) - 1
        return at >= 0 and hosts[at][1] >= end and hosts[at][1] - hosts[at][0] > end - start

    alone = {place for start, end, place in mentions if not inside(start, end)}
    return {place for _, _, place in mentions} - alone


@dataclass
class PlaceCandidate:
    """A place the event may have happened in, with its features."""

    place: str
    features: list[str]


def place_candidates(context: ArticlePlaces, draft: Draft, sentence: Span, tokens: list[Token],
                     resolver: ActorResolver, actors: list[ActorSpan], part: tuple[int, int], chosen: str | None
                     ) -> list[PlaceCandidate]:
    """Every place named in the sentence, before it in the article, later in its paragraph, and the dateline's, each
    described by where and how it is named; `chosen` is the rule coder's choice."""
    kind, trigger = draft.type, draft.trigger
    features: dict[str, list[str]] = {}
    by_offset = {t.idx: t for t in tokens}
    clause = {t.idx for t in trigger.subtree}
    inside = sentence_places(context.mentions, sentence, tokens, resolver)
    for start, place in sorted(inside, key=lambda item: abs(item[0] - trigger.idx)):
        if place in features:
            continue
        token = by_offset.get(start)
        nearness = min(sum("here" in named for named in features.values()), 2)
        named = ["here", f"here|{kind}", f"here|nearest:{nearness}"]
        owned = resolver.entity_at(token) if token is not None else None
        if any(a.start <= start < a.end for a in actors):
            named.append("actor")
        if owned is not None and owned[0].type in ("ORG", "PERSON") and owned[1].start < start:
            named.append("in-name")
        named.append("clause" if start in clause else "governs" if _governs(token, trigger) else "other-clause")
        if _locative(token):
            named += ["locative", f"locative|{kind}"]
        if _container(token):
            named.append("container")
        if token is not None:
            distance = abs(token.i - trigger.i)
            named += [f"dep:{token.dep_}", f"side:{'before' if token.i < trigger.i else 'after'}",
                      f"distance:{distance if distance < 4 else '4-7' if distance < 8 else '8+'}"]
            if token.is_ancestor(trigger):  # "Quetta, where gunmen attacked a police station"
                named.append(f"over|{trigger.head.dep_ if trigger.head.i != token.i else trigger.dep_}")
            if token.dep_ == "pobj":
                named.append(f"prep:{token.head.lower_}|{trigger.pos_}")
        features[place] = named
    before = [(start, place) for start, _, place in context.mentions if start < sentence.start_char]
    seen: list[str] = []
    for start, place in reversed(before):
        if place not in seen:
            seen.append(place)
        where = "paragraph" if start >= part[0] else "earlier"
        extra = [where, f"{where}|{kind}", f"{where}|{'here' if inside else 'none-here'}",
                 f"{where}|rank:{min(len(seen), 4)}"]
        if start in context.scenes:
            extra += [f"{where}|scene", f"{where}|scene|rank:{min(len(seen), 4)}"]
        named = features.setdefault(place, [])
        named.extend(extra[:1] if "here" in named else extra)
    for start, _, place in context.mentions:
        if sentence.end_char <= start < part[1] and place not in features:
            features[place] = ["later", f"later|{'here' if inside else 'none-here'}"]
    in_lead = context.lead is not None and context.lead[0] <= sentence.start_char < context.lead[1]
    if context.dateline is not None:
        features.setdefault(context.dateline, []).extend(["dateline", f"dateline|{'here' if inside else 'none-here'}",
                                                         f"dateline|lead:{in_lead}"])
    out = []
    top = context.counts.most_common(1)[0][0] if context.counts else None
    for place, named in features.items():
        named = list(dict.fromkeys(named))
        kind_of_place, count = context.classes.get(place, ""), min(context.counts.get(place, 0), 4)
        named += [f"class:{kind_of_place}", f"count:{count}"]
        named += [f"{tag}|class:{kind_of_place}|count:{count}" for tag in _WHERE if tag in named]
        larger = context.within.get(place)
        if larger is not None and larger in features:
            named += ["within", f"within|class:{kind_of_place}"]
        if any(context.within.get(other) == place for other in features):
            named.append("contains")
        if place == top:
            named.append("top")
        if place in context.nested:
            named += ["nested", f"nested|class:{kind_of_place}"]
        if place == chosen:
            named += ["rule", f"rule|{kind}"]
        out.append(PlaceCandidate(place, named))
    return out


class PlaceModel(Ranker):
    """Scores of each place candidate; the best-scored place is the event's."""

    def scores(self, found: list[PlaceCandidate]) -> np.ndarray:
        return self.score([c.features for c in found])[:, 0]

    def choose(self, found: list[PlaceCandidate]) -> str | None:
        """The best-scored place; none when the article names none."""
        return found[int(np.argmax(self.scores(found)))].place if found else None


@functools.lru_cache(maxsize=1)
def packaged() -> PlaceModel | None:
    """The packaged place model, read once per process (None when it is not installed)."""
    return packaged_ranker(PlaceModel, "event_places.npz", "the learned coder places events by the rules")
