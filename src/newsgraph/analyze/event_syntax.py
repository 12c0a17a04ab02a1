"""Dependency-parse helpers for event coding: subjects, objects, governors, negation and clause structure.

All functions read spaCy's English dependency labels (ClearNLP style, as en_core_web_* produce them).
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
OBJECTS = frozenset({"dobj", "dative", "attr", "oprd"})
# Clausal links through which a subject-less verb takes its subject from the governing verb.
CONTROL = frozenset({"xcomp", "conj", "advcl", "pcomp", "acl", "ccomp", "relcl", "acomp"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
# Prepositions that attach a noun phrase's owner or place: "rebels in the Ivory Coast", "camp for refugees".
OWNER_PREPS = frozenset({"of", "in", "from", "for", "at", "by"})


def listed(word: str, words: frozenset[str]) -> bool:
    """Whether a word, or the singular of its plural in -s, is among `words` ("quakes", "matchups"): the pipeline
    loads no lemmatizer, so word lists of nouns are read so."""
    word = word.lower()
    return word in words or word.endswith("s") and word[:-1] in words


def is_verb(token: Token) -> bool:
    """A main verb: auxiliaries and copulas ("is willing", "is off") name no event of their own."""
    return token.pos_ == "VERB"


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in PASSIVE_SUBJECTS or c.dep_ == "auxpass" for c in verb.children)


def children(token: Token, deps: frozenset[str] | set[str] | tuple[str, ...]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def with_conjuncts(token: Token) -> list[Token]:
    """The token and the tokens coordinated with it ("Jordan and Britain")."""
    out = [token]
    stack = [token]
    while stack:
        current = stack.pop()
        for child in current.children:
            if child.dep_ == "conj" and child not in out:
                out.append(child)
                stack.append(child)
    return out


def preposition_objects(token: Token) -> Iterator[tuple[str, Token]]:
    """(preposition, object) for the token's prepositional phrases, `by` of passives and a dative `to` included
    ("provided intelligence to Macedonia")."""
    for child in token.children:
        if child.dep_ in ("prep", "agent") or (child.dep_ == "dative" and child.pos_ == "ADP"):
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    yield child.lower_, obj
                    for conj in obj.children:
                        if conj.dep_ == "conj":
                            yield child.lower_, conj


def governor(token: Token) -> tuple[Token | None, str]:
    """The predicate governing a token, stepping over a preposition: (governor, relation).

    `talks` in `engage in talks` -> (engage, "prep:in"); `engage` in `refusal to engage` -> (refusal, "acl").
    """
    if token.dep_ == "ROOT" or token.head.i == token.i:
        return None, ""
    head = token.head
    if token.dep_ in ("pobj", "pcomp") and head.dep_ in ("prep", "agent"):
        if head.head.i == head.i:
            return None, ""
        return head.head, "prep:" + head.lower_
    return head, token.dep_


def subject_of(verb: Token, demand_verbs: frozenset[str], lemma_of: dict[str, str], depth: int = 0) -> list[Token]:
    """The subject of a verb (or event noun's governing verb), following control and coordination.

    `X agreed to cooperate`: cooperate's subject is X; `X urged Y to withdraw`: withdraw's subject is Y (the
    object of a demand verb); `forces that attacked`: the relative clause's subject is `forces`.
    """
    if depth > 6:
        return []
    found = children(verb, SUBJECTS)
    if found:
        subject = min(found, key=lambda t: abs(verb.i - t.i))  # the nearest, if the parse gave two
        if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return [verb.head]
        return [subject]
    if verb.dep_ == "relcl":
        return []
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        return [verb.head]  # "demonstrators protesting election results"
    if verb.dep_ in CONTROL and verb.head.i != verb.i:
        head = verb.head
        if head.dep_ in ("prep", "agent") and head.head.i != head.i:
            head = head.head
        if verb.dep_ == "xcomp" and lemma_of.get(head.lower_) in demand_verbs:
            objects = children(head, ("dobj",))
            if objects:
                return objects
            for prep, obj in preposition_objects(head):
                if prep in ("on", "upon"):
                    return [obj]
        if head.pos_ in ("NOUN", "PROPN"):
            owners = children(head, ("poss",))
            if owners:
                return owners
            governing, _ = governor(head)
            if governing is None:
                return []
            head = governing
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            return subject_of(head, demand_verbs, lemma_of, depth + 1)
    return []


def negated(token: Token) -> bool:
    """`did not attack`, `never met`, `no talks`, `without consulting`."""
    for child in token.children:
        if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in ("no", "neither")):
            return True
    return token.dep_ == "pcomp" and token.head.lower_ == "without"
