"""Event triggers in a sentence: verbs matched against PETRARCH patterns, and event nouns ("the attack on").

A verb's outcome is decided by the most specific of its patterns that matches the words around it (subject,
object side, prepositional phrases), else by the verb's own code. A noun is a trigger when the lexicon lists it
("talks", "refusal", "investigation") or when it is the -ing form of an event verb ("the bombing of").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from newsgraph.analyze.event_lexicon import EventLexicon, Frame, Outcome, lower_words
from newsgraph.analyze.event_syntax import OBJECTS, PASSIVE_SUBJECTS, SUBJECTS, governor, is_verb

_TIME_ENTITIES = frozenset({"DATE", "TIME"})
_POST_DEPS = OBJECTS | {"prt", "xcomp", "acomp", "advmod", "ccomp", "npadvmod"}


@dataclass
class Trigger:
    """A word that names an event, with what the lexicon says it means there."""

    token: Token
    outcome: Outcome
    kind: str  # "pattern" (a verb pattern matched), "verb" (the verb's own code), "noun", "gerund"
    reverse: bool = False  # the subject is the target (`X faces criticism`)
    size: int = 0  # words of the pattern that decided


def frame(verb: Token) -> Frame:
    """The words PETRARCH patterns test around a verb: the subject's, the object's and each preposition's object's
    head noun with the words before it ("a new free-trade pact"), and the verb's particles."""
    subject: list[Token] = []
    post: list[Token] = []
    preps: dict[str, set[str]] = {}
    for child in verb.children:
        dep = child.dep_
        if dep in SUBJECTS or dep in PASSIVE_SUBJECTS:
            subject.extend(_phrase_head(child))
        elif dep in OBJECTS or dep == "prt":
            post.extend(_phrase_head(child))
        elif dep in _POST_DEPS:
            post.append(child)
        elif dep in ("prep", "agent"):
            if any(g.dep_ == "pobj" and g.ent_type_ in _TIME_ENTITIES for g in child.children):
                continue  # "telephoned X on Tuesday": a date is not the "(ON ...)" of a pattern
            post.append(child)
            words = preps.setdefault(child.lower_, set())
            for grandchild in child.children:
                if grandchild.dep_ in ("pobj", "pcomp"):
                    words.update(lower_words(_phrase_head(grandchild)))
                    # "(FOR {FINANCIAL AID})", "(OF &INVESTIGATION)": one nested phrase deep.
                    for prep in grandchild.children:
                        if prep.dep_ == "prep":
                            words.add(prep.lower_)
                            words.update(t.lower_ for o in prep.children if o.dep_ == "pobj"
                                         for t in _phrase_head(o))
    return Frame(lower_words(subject), lower_words(post, 40), {p: frozenset(w) for p, w in preps.items()})


def _phrase_head(head: Token) -> list[Token]:
    """A noun phrase's head with the words modifying it before it (`joint military exercises`)."""
    return [t for t in head.subtree if t.i <= head.i and head.i in (t.i, t.head.i, t.head.head.i)
            and t.dep_ not in ("punct", "cc")]


def find_triggers(sentence: list[Token], lexicon: EventLexicon, in_entity: Callable[[Token], bool]
                  ) -> list[Trigger]:
    """Every trigger of the sentence, nouns consumed by their verb's pattern ("held talks") left out."""
    found: list[Trigger] = []
    for token in sentence:
        if is_verb(token):
            trigger = _verb_trigger(token, lexicon)
        elif token.pos_ in ("NOUN", "PROPN") and not in_entity(token):
            trigger = _noun_trigger(token, lexicon)
        else:
            trigger = None
        if trigger is not None:
            found.append(trigger)
    by_token = {t.token.i: t for t in found}
    kept = []
    for trigger in found:
        if trigger.kind in ("noun", "gerund"):
            head, relation = governor(trigger.token)
            other = by_token.get(head.i) if head is not None else None
            # "held talks", "engaged in talks": the verb's pattern already coded the noun's event.
            if other is not None and other.kind == "pattern" and other.outcome.type == trigger.outcome.type \
                    and (relation in OBJECTS or relation.startswith("prep:")):
                continue
        kept.append(trigger)
    return kept


def _verb_trigger(token: Token, lexicon: EventLexicon) -> Trigger | None:
    found = lexicon.verb(token.lower_)
    if found is None:
        lemma = lexicon.verb_lemma(token.lower_)
        return _refusal(token, lexicon) if lemma in lexicon.cue("refuse_verbs") else None
    _, entry = found
    outcome, reverse, size = lexicon.match(entry, frame(token))
    if outcome is None:
        return _refusal(token, lexicon) if found[0] in lexicon.cue("refuse_verbs") else None
    return Trigger(token, outcome, "pattern" if size else "verb", reverse, size)


def _noun_trigger(token: Token, lexicon: EventLexicon) -> Trigger | None:
    found = lexicon.noun(token.lower_)
    if found is not None:
        other = lexicon.sense(found[0], _sense_words(token))
        return Trigger(token, other or found[1], "noun")
    if token.lower_.endswith("ing") and token.pos_ == "NOUN":
        verb = lexicon.verb(token.lower_)
        if verb is not None and verb[1].outcome is not None and not verb[1].reverse:
            return Trigger(token, verb[1].outcome, "gerund")
    return None


def _refusal(token: Token, lexicon: EventLexicon) -> Trigger | None:
    """"refused to meet", "declined to resign", "rejected the offer": a refusal needs what it refuses."""
    complements = [c for c in token.children if c.dep_ in ("xcomp", "dobj", "ccomp")]
    if not complements:
        return None
    exempt = lexicon.cue("refusal_exempt")
    if all(c.dep_ == "xcomp" and lexicon.verb_lemma(c.lower_) in exempt for c in complements):
        return None  # "declined to comment"
    outcome = lexicon.refusal
    return Trigger(token, outcome, "verb") if outcome is not None else None


def _sense_words(noun: Token) -> frozenset[str]:
    """Words that can tell a noun's senses apart: its own phrase's, its prepositions, and its clause subject's."""
    words = {t.lower_ for t in noun.children}
    head, relation = governor(noun)
    if head is not None and (relation in OBJECTS or relation.startswith("prep:")):
        for subject in head.children:
            if subject.dep_ in SUBJECTS:
                words.update(t.lower_ for t in subject.subtree)
    return frozenset(words)
