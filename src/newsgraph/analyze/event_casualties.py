"""Casualty counts of an assault: "killed 12", "five people were wounded", "12 dead"."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.analyze.event_frames import Draft
from newsgraph.analyze.event_lexicon import EventLexicon
from newsgraph.analyze.event_syntax import children, is_passive, preposition_objects


class CasualtyCounter:
    """Finds casualty words with their counts in a sentence and gives them to the sentence's assault."""

    def __init__(self, lexicon: EventLexicon) -> None:
        self.lexicon = lexicon
        self.numbers: dict[str, int] = lexicon.table("numbers")
        self.dead = lexicon.cue("dead_verbs") | lexicon.cue("dead_words")
        self.injured = lexicon.cue("injured_verbs") | lexicon.cue("injured_words")

    def found(self, sentence: list[Token]) -> list[tuple[Token, str, int]]:
        """(casualty word, "dead" or "injured", count): "killed 12", "five people were wounded", "12 dead"."""
        found = []
        for token in sentence:
            lemma = self.lexicon.verb_lemma(token.lower_) or token.lower_
            kind = "dead" if lemma in self.dead or token.lower_ in self.dead else \
                "injured" if lemma in self.injured or token.lower_ in self.injured else None
            if kind is None:
                continue
            if token.pos_ == "VERB":
                victims = children(token, ("nsubjpass",)) if is_passive(token) else children(token, ("dobj",))
                if lemma == "die":
                    victims = children(token, ("nsubj",))
                if lemma == "claim":
                    continue
            else:
                victims = [token.head] if token.dep_ in ("amod", "acomp") else [token]
            victims += [obj for prep, obj in preposition_objects(token) if prep == "of" and token.lower_ == "lives"]
            for victim in victims:
                count = self.number(victim)
                if count is not None:
                    found.append((token, kind, count))
                    break
        return found

    def number(self, head: Token) -> int | None:
        for child in [head, *head.children]:
            if child.i != head.i and child.dep_ not in ("nummod", "quantmod", "amod", "det"):
                continue
            word = child.lower_.replace(",", "")
            if child.i == head.i and not child.like_num:
                continue
            if word.isdigit():
                return int(word)
            if word in self.numbers and (child.dep_ == "nummod" or child.i == head.i):
                return self.numbers[word]
        return None

    def counts(self, draft: Draft, casualties: list[tuple[Token, str, int]]) -> tuple[int | None, int | None]:
        """Casualty counts belong to the sentence's assault (the trigger itself when it is "killed 12")."""
        if draft.type != "ASSAULT" or draft.negated or draft.hypothetical:
            return None, None
        dead = injured = None
        for _, kind, count in casualties:
            if kind == "dead" and dead is None:
                dead = count
            elif kind == "injured" and injured is None:
                injured = count
        return dead, injured
