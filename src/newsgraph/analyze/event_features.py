"""What the event model sees of a candidate word: its parse context, the rule coder's verdict, where it stands.

A candidate is any verb, common noun or adjective of a sentence, and any word the rule coder (PETRARCH patterns
and the composition rules in `event_frames`) made an event of. Its features are strings (sparse, one-hot) plus
the pipeline's own 96-dimension context vector of the word (`doc.tensor`, computed for tagging and parsing
anyway), so the model costs a dictionary lookup and one small matrix product per sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Token

from newsgraph.analyze.event_frames import Draft
from newsgraph.analyze.event_lexicon import EventLexicon
from newsgraph.analyze.event_syntax import governor
from newsgraph.analyze.event_triggers import Trigger
from newsgraph.nlp import context_vectors

CANDIDATE_POS = frozenset({"VERB", "NOUN", "ADJ"})
# Dependents whose presence and words tell an event from a mention: who acts, on whom, negation, modality.
_CHILD_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "agent", "neg", "aux", "auxpass", "xcomp",
                         "ccomp", "poss", "compound", "amod", "prt", "acomp", "attr", "advcl", "relcl", "acl"})
_ENTITY_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "poss", "pobj", "compound"})


@dataclass
class Candidate:
    """A word that may name an event, with its features and the rule coder's drafts at it ("must [return]": a
    DEMAND composed at the verb beside the verb's own RETREAT)."""

    token: Token
    features: list[str]
    drafts: list[Draft]


class FeatureMaker:
    """Feature strings of candidates; `kind_of` says what a token names: an entity type, AGENT (a common noun
    naming people or an organ: "police", "protesters"), PRON, or None (a thing: "production", "forecasts")."""

    def __init__(self, lexicon: EventLexicon) -> None:
        self.lexicon = lexicon
        self.speech = lexicon.cue("speech_verbs")

    def lemma(self, token: Token) -> str:
        return self.lexicon.verb_lemma(token.lower_) or token.lower_

    def candidates(self, tokens: list[Token], triggers: list[Trigger], drafts: list[Draft],
                   kind_of: Callable[[Token], str | None], context: list[str],
                   consumed: set[int] | frozenset[int] = frozenset()) -> list[Candidate]:
        """Every candidate of one sentence; `context` holds features of the whole sentence (part, quote, ...)."""
        by_trigger = {t.token.i: t for t in triggers}
        by_draft: dict[int, list[Draft]] = {}
        for draft in drafts:
            by_draft.setdefault(draft.trigger.i, []).append(draft)
        sentence_words = {self.lemma(t) for t in tokens}
        sentence = [*context, *(f"s:{w}" for w in ("say", "tell", "accuse", "deny") if w in sentence_words)]
        if tokens and tokens[0].i == tokens[0].sent.start and tokens[-1].text.endswith("?"):
            sentence.append("question")
        out = []
        for token in tokens:
            drafted = by_draft.get(token.i, [])
            trigger = by_trigger.get(token.i)
            if not drafted and trigger is None and (token.pos_ not in CANDIDATE_POS or not token.is_alpha):
                continue
            features = self._features(token, trigger, drafted, kind_of) + sentence
            if token.i in consumed:
                features.append("rconsumed")
            out.append(Candidate(token, features, drafted))
        return out

    def _features(self, token: Token, trigger: Trigger | None, drafts: list[Draft],
                  kind_of: Callable[[Token], str | None]) -> list[str]:
        lemma = self.lemma(token)
        f = [f"w:{token.lower_}", f"l:{lemma}", f"p:{token.pos_}", f"t:{token.tag_}", f"d:{token.dep_}",
             f"pd:{token.pos_}:{token.dep_}", f"ld:{lemma}:{token.dep_}"]
        own = kind_of(token)
        if own:
            f.append(f"e:{own}")
        if token.is_title and token.i > token.sent.start:
            f.append("title")
        head, relation = governor(token)
        if head is not None:
            head_lemma = self.lemma(head)
            f += [f"h:{head_lemma}", f"hr:{relation}", f"hl:{head_lemma}:{relation}", f"hp:{head.pos_}"]
            if head_lemma in self.speech:
                f.append(f"hsay:{relation}")
        for child in token.children:
            dep = child.dep_
            if dep in _CHILD_DEPS:
                f += [f"c:{dep}", f"cl:{dep}:{self.lemma(child)}"]
                if dep in _ENTITY_DEPS:
                    f.append(f"ce:{dep}:{kind_of(child) or 'THING'}")
            elif dep in ("prep", "agent"):
                f += [f"pr:{child.lower_}", f"lp:{lemma}:{child.lower_}"]
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        f.append(f"po:{child.lower_}:{self.lemma(obj)}")
                        f.append(f"pe:{child.lower_}:{kind_of(obj) or 'THING'}")
        if token.i > 0:
            before = token.nbor(-1)
            f.append(f"b:{before.lower_}")
        if trigger is not None:
            f += [f"rt:{trigger.outcome.type}", f"rk:{trigger.kind}", f"rtl:{trigger.outcome.type}:{lemma}"]
            if trigger.size:
                f.append("rpattern")
        for draft in drafts:
            f += [f"rd:{draft.type}", f"rdk:{draft.kind}", f"rdl:{draft.type}:{lemma}"]
            if draft.negated:
                f.append("rneg")
            if draft.hypothetical:
                f.append("rhyp")
            if draft.composed:
                f.append(f"rc:{draft.composed}")
            for role, heads in (("rs", draft.sources), ("rg", draft.targets)):
                f.append(f"{role}:{kind_of(heads[0]) or 'THING'}" if heads else f"{role}:-")
        noun = self.lexicon.noun(token.lower_)
        if noun is not None:
            f.append(f"ln:{noun[1].type}")
        verb = self.lexicon.verb(token.lower_)
        if verb is not None and verb[1].outcome is not None:
            f.append(f"lv:{verb[1].outcome.type}")
        return f


def vectors(candidates: list[Candidate]) -> np.ndarray:
    """The pipeline's context vector of each candidate (zeros where the pipeline sets no tensor)."""
    if not candidates:
        return np.zeros((0, 0), dtype=np.float32)
    return context_vectors(candidates[0].token.doc, [c.token.i for c in candidates])
