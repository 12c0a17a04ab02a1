"""Where an event happened: the places its sentence, its paragraph and the article's dateline name.

The rule coder's choice (`rule_place`): a place in the trigger's clause, preferably after a locative preposition,
else the paragraph's last place before the sentence (news keeps its scene until it names another), else the
dateline's city.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from newsgraph.analyze.event_actors import ActorResolver, ActorSpan
from newsgraph.analyze.event_frames import Draft
from newsgraph.article import Article

_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "into", "throughout", "around", "from",
                       "on", "within", "along", "off"})
_DATELINE_REACH = 400  # characters into the body where a dateline may stand (after a headline and a byline)
_DATELINE_DATE = re.compile(r"^,?\s+\d{1,4}[-/ .]\d{1,2}")
_DATELINE_TAIL = re.compile(r"^[A-Za-z .,'-]{0,40}?(,|\s[-\u2013\u2014]|\s?\()")


def rule_place(draft: Draft, sentence: Span, tokens: list[Token], places: list[tuple[int, int, str]],
               resolver: ActorResolver, actors: list[ActorSpan]) -> str | None:
    """Where the event happened: a place named in its clause, preferably after a locative preposition ("in
    Astana"), else elsewhere in its sentence; never the mention of one of its actors ("Pakistan said")."""
    inside: list[tuple[int, str]] = [(start, place) for start, end, place in places
                                     if sentence.start_char <= start < sentence.end_char]
    for token in tokens if resolver.has_places else ():
        owned = resolver.entity_at(token)
        if owned is not None and owned[0].place and token.idx == owned[1].start:
            inside.append((token.idx, owned[0].place))
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


def recent_place(article: Article, part: tuple[int, int], before: int) -> str | None:
    """The place named last before a sentence in its paragraph: news keeps its scene until it names another."""
    found = None
    for start, _, place in place_mentions(article):
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
    out = []
    for place in article.places or []:
        place_id = place.get("id") if isinstance(place, dict) else None
        if not place_id:
            continue
        for mention in place.get("mentions") or []:
            out.append((int(mention["start"]), int(mention["end"]), place_id))
    return out


def dateline_place(article: Article) -> str | None:
    """The place of a dateline ("KABUL, Jan 5 (Reuters) -", "BRUSSELS 1996-08-22"): a place opening a line near
    the top of the body, followed by the dateline's punctuation or a date."""
    body_start = article.body_start()
    text = article.text
    for start, end, place in sorted(place_mentions(article)):
        if start < body_start:
            continue
        if start > body_start + _DATELINE_REACH:
            break
        if start > 0 and text[start - 1] != "\n":
            continue
        tail = text[end:end + 60]
        if _DATELINE_TAIL.match(tail) or (text[start:end].isupper() and _DATELINE_DATE.match(tail)):
            return place
    return None
