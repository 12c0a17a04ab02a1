"""Roles of people from titles and appositions: `Foreign Office spokesperson X`, `Secretary of Y, X`,
`X, the Z of Y`."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsgraph.analyze.actor_dictionary import ActorDictionary
from newsgraph.analyze.actors import STATE_SECTORS
from newsgraph.article import Article, Entity, Role

_TITLE_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "appos", "nummod"})
_SKIP_LEADING = frozenset({"DET", "PUNCT", "CCONJ", "ADP", "PART"})


class RoleStage:
    """Adds `roles` to PERSON entities; reads `entities`."""

    reads: tuple[str, ...] = ("entities",)
    writes: tuple[str, ...] = ("entities.roles",)

    def __init__(self, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary

    def __call__(self, article: Article, doc: Doc) -> None:
        owner = _mention_owner(article.entities)
        for entity in article.entities:
            if entity.type != "PERSON":
                continue
            roles: list[Role] = []
            for mention in entity.mentions:
                span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is None:
                    continue
                for phrase in (_title_before(span), _apposition(span)):
                    role = self._role(phrase, owner, article, entity) if phrase else None
                    if role and all(role.title.lower() != r.title.lower() for r in roles):
                        roles.append(role)
            entity.roles = roles

    def _role(self, phrase: list[Token], owner: dict[int, Entity], article: Article, person: Entity) -> Role | None:
        """A phrase is a role when its head noun is a title; organization and country come from names inside it."""
        while phrase and (phrase[0].pos_ in _SKIP_LEADING or phrase[0].dep_ == "poss" or phrase[0].tag_ == "POS"):
            phrase = phrase[1:]
        while phrase and phrase[-1].pos_ in ("PUNCT", "CCONJ", "ADP", "DET"):
            phrase = phrase[:-1]
        phrase = _without_trailing_place(phrase, owner)
        if not phrase:
            return None
        heads = [t for t in phrase if t.head not in phrase or t.head == t]
        head = heads[0] if heads else phrase[-1]
        if head.pos_ not in ("NOUN", "PROPN") or not self._is_title(head, phrase):
            return None
        text = article.text[phrase[0].idx:phrase[-1].idx + len(phrase[-1].text)]
        organization = None
        country = None
        state_title = self.dictionary.sector_of_title(text) in STATE_SECTORS
        # `ambassador to Turkey`, `envoy to the talks`: whom they are sent to, not whom they serve.
        sent_to = {t.i for token in phrase if token.lower_ == "to" and token.dep_ == "prep" for t in token.subtree}
        for token in phrase:
            entity = owner.get(token.idx)
            if entity is None or entity is person or (token.i in sent_to and entity.type in ("GPE", "NORP")):
                continue
            if entity.type == "ORG" and organization is None:
                organization = entity.name
            # `Afghan minister`, `US envoy`: the country they serve; but a `China scholar` studies China.
            if country is None and (entity.type == "NORP" or (entity.type == "GPE" and state_title)):
                country = self.dictionary.country(entity.name) or self.dictionary.country(token.text)
        if country is None and state_title:  # `Russia's ambassador`: the possessor is the country served
            for child in head.children:
                entity = owner.get(child.idx)
                if child.dep_ == "poss" and entity is not None and entity.type in ("GPE", "NORP"):
                    country = self.dictionary.country(entity.name)
                    break
        # A leading demonym or country belongs to the actor code, not the title text.
        first = owner.get(phrase[0].idx)
        if first is not None and first.type in ("GPE", "NORP") and len(phrase) > 1:
            text = article.text[phrase[1].idx:phrase[-1].idx + len(phrase[-1].text)]
        return Role(title=text, organization=organization, country=country)

    def _is_title(self, head: Token, phrase: list[Token]) -> bool:
        """The head noun (or the phrase ending in it) names an office, rank or occupation."""
        return bool(self.dictionary.sector_of_title(head.text) or self.dictionary.sector_of_title(
            " ".join(t.text for t in phrase if t.i <= head.i)))


def _without_trailing_place(phrase: list[Token], owner: dict[int, Entity]) -> list[Token]:
    """`scholar with the Institute in Washington` -> drop `in Washington`: where, not what, the role is."""
    for index, token in enumerate(phrase):
        if index and token.dep_ == "prep" and token.lower_ in ("in", "at", "from", "based"):
            objects = [t for t in token.children if t.dep_ == "pobj"]
            place = objects and (entity := owner.get(objects[0].idx)) is not None and entity.type in ("GPE", "LOC")
            if place:
                return phrase[:index]
    return phrase


def _mention_owner(entities: list[Entity]) -> dict[int, Entity]:
    """Character offset of every token start inside a mention -> its entity."""
    owner: dict[int, Entity] = {}
    for entity in entities:
        for m in entity.mentions:
            for pos in range(m.start, m.end):
                owner[pos] = entity
    return owner


def _title_before(span: Span) -> list[Token]:
    """Pre-modifiers of the name: `Afghan Deputy Interior Minister` in `Afghan Deputy Interior Minister X`."""
    doc = span.doc
    inside = set(range(span.start, span.end))
    i = span.start - 1
    collected: list[Token] = []
    while i >= 0:
        token = doc[i]
        if token.dep_ not in _TITLE_DEPS and not (token.dep_ == "punct" and token.text == "-"):
            break
        if token.head.i not in inside and token.head.i not in {t.i for t in collected}:
            break
        if token.is_sent_start and token.pos_ not in ("PROPN", "NOUN", "ADJ"):
            break
        collected.insert(0, token)
        i -= 1
    return collected


def _apposition(span: Span) -> list[Token]:
    """`Secretary of the Division, X` (the name in apposition to a title) or `X, the Secretary of Y`."""
    root = span.root
    if root.dep_ == "appos" and root.head.i < span.start:
        title = root.head
        return [t for t in title.subtree if t.i < span.start and t.i not in _subtree_ids(root)]
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end:
            return [t for t in child.subtree if t.i >= span.end]
    return []


def _subtree_ids(token: Token) -> set[int]:
    return {t.i for t in token.subtree}
