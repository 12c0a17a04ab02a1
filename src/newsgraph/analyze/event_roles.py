"""Who acts and who is acted on, chosen by a trained model among the actors a sentence names (learned coder).

The rule coder reads an event's source and target from fixed dependency patterns; on whole articles that leaves
many targets and sources missing or wrong (a demand's addressee, the subject of a relative clause, a statement's
speaker). Here every actor the sentence and the two sentences before name (an entity mention, a resolved pronoun, an
agent noun such as "gunmen", an argument noun naming one through its owner, the speaker of the quote holding the
trigger, the rule coder's choice) is a candidate, described by its dependency path to the trigger, the
preposition it stands under, its kind, its side and distance, and whether the rule coder chose it. A linear
ranker trained as a conditional logit (`tools/train_event_roles.py`, `make train-events`) scores each candidate,
and nobody, as the source and as the target; the pair whose scores sum highest takes the roles. The weights live
in `newsgraph/data/event_roles.npz`, loaded once per process; inference is one lookup per feature string.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Token

from newsgraph.analyze.event_actors import ACTOR_TYPES, ActorResolver, ActorSpan
from newsgraph.analyze.event_model import Ranker, packaged_ranker

SOURCE, TARGET = "SOURCE", "TARGET"
_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "it", "its", "they", "them", "their"})
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "dative", "attr", "appos", "conj", "agent"})
_MAX_STEPS = 3  # dependency steps each way in a path feature; longer paths are "long"
# prepositions that only ever locate: a place under one is where the event happens, never who acts or is acted on
# ("killed four soldiers near Samarra"); "in" locates only when it hangs from a verb (`_locates`), and "at" and
# "on" also name targets ("fired at Israel")
_LOCATIVE = frozenset({"near", "outside", "inside", "across", "throughout", "within", "around", "beside", "nearby"})


@dataclass
class RoleCandidate:
    """One actor the sentence names: the word heading its phrase (None for the quote's speaker) and its spans."""

    head: Token | None
    spans: list[ActorSpan]
    features: list[str]
    target_only: bool = False  # a place the event happens in, which may stand for its people, never for the doer


def candidates(tokens: list[Token], resolver: ActorResolver) -> list[tuple[Token | None, list[ActorSpan]]]:
    """Every phrase head of the sentence that names an actor, with the actors it names."""
    found: list[tuple[Token | None, list[ActorSpan]]] = []
    for token in tokens:
        owned = resolver.entity_at(token)
        if owned is None and token.pos_ not in ("NOUN", "PROPN") and token.lower_ not in _PRONOUNS:
            continue  # only nouns and pronouns name actors outside the entities
        if owned is not None:
            mention = owned[1]
            inside = mention.start <= token.head.idx < mention.end and token.head.i != token.i
            if inside or owned[0].type not in ACTOR_TYPES:
                continue  # one candidate per mention: the word its phrase hangs from
            if _locates(token, owned[0].type):
                continue
        elif not (token.lower_ in _PRONOUNS or resolver.agent_noun(token) or resolver.agent_sector(token)
                  or (token.pos_ == "PROPN" and not resolver.named(token) and token.is_title
                      and token.head.pos_ != "PROPN")
                  or (token.pos_ in ("NOUN", "PROPN") and token.dep_ in _ARGUMENTS)):
            continue  # an argument noun names an actor through its owner or modifier: "the U.S. request"
        spans = [as_people(span, resolver) for span in resolver.actors(token)]
        if spans:
            found.append((token, spans))
    return found


def _locates(token: Token, entity_type: str | None) -> bool:
    """A place named only as where something happens: under "near", "outside"... whatever the recognizer took it
    for ("near Samarra" as a people), or a place under "in" of a verb ("protested in Paris"; "protesters in Cairo"
    are Egyptians)."""
    return token.dep_ == "pobj" and (token.head.lower_ in _LOCATIVE and entity_type != "PERSON"
                                     or token.head.lower_ == "in" and entity_type in ("GPE", "LOC", "FAC")
                                     and token.head.head.pos_ in ("VERB", "AUX"))


def as_people(span: ActorSpan, resolver: ActorResolver) -> ActorSpan:
    """"arrested 100 Palestinians", "Algerians blocked roads": a people named as such is its civilians (CVL)."""
    if span.sector is None and resolver.entity_type(span) == "NORP" and resolver.text[span.end - 1] == "s" \
            and resolver.is_mention(span):
        return ActorSpan(span.entity, span.start, span.end, span.country, "CVL", span.guessed)
    return span


def path(head: Token, trigger: Token) -> tuple[list[str], list[str]]:
    """Dependency labels from the candidate up to the lowest common ancestor, then down to the trigger."""
    above = [trigger, *trigger.ancestors]
    where = {t.i: n for n, t in enumerate(above)}
    up: list[str] = []
    node = head
    while node.i not in where:
        up.append(node.dep_)
        if node.head.i == node.i:
            return up, ["ROOT"]  # another sentence's root: no common ancestor
        node = node.head
    return up, [t.dep_ for t in reversed(above[:where[node.i]])]


def _route(up: list[str], down: list[str]) -> str:
    if len(up) > _MAX_STEPS or len(down) > _MAX_STEPS:
        return "long"
    return "<".join(up) + "^" + ">".join(down)


def _same(span: ActorSpan, others: list[ActorSpan]) -> bool:
    return any(span.start < o.end and o.start < span.end or (span.entity and span.entity == o.entity)
               for o in others)


def _outside(spans: list[ActorSpan], trigger: Token, text: str) -> list[ActorSpan]:
    """The spans with the trigger cut off: a phrase holding it names the event, not an actor of it ("guerrilla
    attacks" for "attacks"); an entity before it in the phrase still names one ("the FDIC investigation")."""
    kept = []
    for span in spans:
        if not span.start <= trigger.idx < span.end:
            kept.append(span)
        elif span.entity is not None and text[span.start:trigger.idx].strip():
            end = span.start + len(text[span.start:trigger.idx].rstrip())
            kept.append(ActorSpan(span.entity, span.start, end, span.country, span.sector, span.guessed))
    return kept


def _locates_span(span: ActorSpan, doc: Doc, resolver: ActorResolver) -> bool:
    named = doc.char_span(span.start, span.end, alignment_mode="expand")
    return named is not None and _locates(named.root, resolver.entity_type(span))


def describe(found: list[tuple[Token | None, list[ActorSpan]]], trigger: Token, kind: str, resolver: ActorResolver,
             part: tuple[int, int], rule: tuple[list[ActorSpan], list[ActorSpan]], speaker: list[ActorSpan],
             passive: bool) -> list[RoleCandidate]:
    """The candidates with their features for the event of category `kind` at `trigger`."""
    doc = trigger.doc
    for role, chosen in enumerate(rule):  # what the rule coder chose is always a candidate, but a place it only
        # locates the event in is no source ("a bomb exploded in Kabul"); as a target it stays, read as the place's
        # people or government ("shelling in Gaza"), as the PLOVER GSR codes it (without: its target F1 0.56 -> 0.53)
        chosen = [s for s in chosen if role == 1 or not _locates_span(s, doc, resolver)]
        if chosen and not any(spans == chosen for _, spans in found):
            found = [*found, (None, chosen)]
    found = [(head, kept) for head, spans in found if (kept := _outside(spans, trigger, resolver.text))]
    before = [h.i for h, _ in found if h is not None and h.i < trigger.i]
    after = [h.i for h, _ in found if h is not None and h.i > trigger.i]
    nearest = {max(before) if before else -1: "nearest:before", min(after) if after else -1: "nearest:after"}
    voice = "passive" if passive else trigger.pos_
    out = [RoleCandidate(None, [], ["null", f"null|{kind}", f"null|{voice}", f"null|{min(len(found), 6)}",
                                    f"null|{trigger.dep_}|{kind}"])]
    for head, spans in found:
        described = features(head, spans, trigger, kind, resolver, part, rule, speaker, passive)
        if head is not None and head.i in nearest:
            described += [nearest[head.i], f"{nearest[head.i]}|{kind}", f"{nearest[head.i]}|{passive}"]
        out.append(RoleCandidate(head, spans, described, all(_locates_span(s, doc, resolver) for s in spans)))
    return out


def features(head: Token | None, spans: list[ActorSpan], trigger: Token, kind: str, resolver: ActorResolver,
             part: tuple[int, int], rule: tuple[list[ActorSpan], list[ActorSpan]], speaker: list[ActorSpan],
             passive: bool) -> list[str]:
    """Feature strings of one candidate for the event of category `kind` at `trigger`."""
    rule_sources, rule_targets = rule
    first = spans[0]
    entity_type = resolver.entity_type(first) or "NONE"
    what = ("SPEAKER" if spans == speaker else "RULE") if head is None \
        else ("PRON" if head.lower_ in _PRONOUNS else entity_type)
    if head is not None and what == "NONE":
        what = "AGENT" if first.sector else "PROPN"
    voice = "passive" if passive else trigger.pos_
    out = [f"what:{what}", f"what:{what}|{kind}", f"voice:{voice}", f"coded:{bool(first.country)}"
           f"{bool(first.sector)}", f"sector:{first.sector}|{kind}"]
    if _same(first, rule_sources):
        out += ["rule:source", f"rule:source|{kind}"]
    if _same(first, rule_targets):
        out += ["rule:target", f"rule:target|{kind}"]
    if speaker and _same(first, speaker):
        out += ["speaker", f"speaker|{kind}"]
    if not all(part[0] <= s.start and s.end <= part[1] for s in spans):
        out.append("elsewhere")
    if any(s.guessed for s in spans):
        out.append("guessed")
    if head is None:
        return out
    up, down = path(head, trigger)
    route = _route(up, down)
    ends = f"{up[0] if up else '-'}^{down[-1] if down else '-'}"
    out += [f"ends:{ends}|{kind}", f"ends:{ends}|{voice}", f"steps:{min(len(up), 5)},{min(len(down), 5)}",
            f"near:{_route(up[:2], down[-2:])}|{voice}"]
    distance = abs(head.i - trigger.i)
    side = "before" if head.i < trigger.i else "after"
    bucket = str(distance) if distance < 4 else ("4-7" if distance < 8 else "8+")
    # the trigger's lemma is empty with the packaged pipeline, which has no lemmatizer: the shipped model was
    # trained so (word forms instead moved the held-out figures only within noise)
    out += [f"path:{route}", f"path:{route}|{kind}", f"path:{route}|{voice}", f"side:{side}|{bucket}",
            f"side:{side}|{kind}", f"side:{side}|{voice}|{what}", f"path:{route}|{trigger.lemma_.lower()}"]
    if trigger.is_ancestor(head):
        out.append(f"under|{voice}")
    entity = resolver.entities.get(first.entity or "")
    if entity is not None:
        out.append(f"mentions:{min(len(entity.mentions), 5)}|{what}")
    if head.sent.start != trigger.sent.start:
        out += ["previous", f"previous|{head.dep_}|{kind}", f"previous|{what}"]
        if trigger.sent.start > 0 and head.sent.start < trigger.doc[trigger.sent.start - 1].sent.start:
            out += ["previous2", f"previous2|{head.dep_}", f"previous2|{what}"]
    if head.dep_ == "pobj":
        preposition = head.head.lower_
        out += [f"prep:{preposition}", f"prep:{preposition}|{kind}", f"prep:{preposition}|{side}|{what}"]
    if head.pos_ in ("NOUN", "PRON") or what in ("AGENT", "PRON"):
        out.append(f"word:{head.lower_}")
    if entity is not None and entity.place:
        out.append(f"place|{head.dep_}")
    return out


class RoleModel(Ranker):
    """Scores of each candidate as the source and as the target; the first candidate is nobody (no spans)."""

    def scores(self, found: list[RoleCandidate]) -> np.ndarray:
        """Rows of (source score, target score), one per candidate."""
        return self.score([c.features for c in found])

    def choose(self, found: list[RoleCandidate]) -> tuple[list[ActorSpan], list[ActorSpan]]:
        """The source's and the target's spans: the pair of candidates (either may be nobody, never both the same
        actor) whose scores sum highest."""
        if not found:
            return [], []
        rows = self.scores(found)
        best: tuple[float, list[ActorSpan], list[ActorSpan]] = (float("-inf"), [], [])
        for source in range(len(found)):
            if found[source].target_only:
                continue
            sources = found[source].spans
            for target in range(len(found)):
                spans = [s for s in found[target].spans if not _same(s, sources)]
                if found[target].spans and not spans:
                    continue  # the source's own actor
                total = float(rows[source, 0] + rows[target, 1])
                if total > best[0]:
                    best = (total, sources, spans)
        return best[1], best[2]


@functools.lru_cache(maxsize=1)
def packaged() -> RoleModel | None:
    """The packaged role model, read once per process (None when it is not installed)."""
    return packaged_ranker(RoleModel, "event_roles.npz", "the learned coder reads actors by the rules")
