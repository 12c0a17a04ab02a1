"""Political events in PLOVER: who did what to whom, where, when, how sure, coded over the dependency parse.

The stage finds triggers (`event_triggers`), gives them roles, polarity and modality (`event_frames`), resolves
their actors to the document's entities (`event_actors`), and adds place, date, quote, casualties, mode, context
and a confidence. See `event_lexicon` for the lexicon (PETRARCH2's verb patterns mapped to PLOVER).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Span, Token

from newsgraph.analyze.actor_dictionary import ActorDictionary
from newsgraph.analyze.actor_view import relink
from newsgraph.analyze.event_actors import ActorResolver, ActorSpan
from newsgraph.analyze.event_casualties import CasualtyCounter
from newsgraph.analyze.event_encoder import EventEncoder
from newsgraph.analyze.event_encoder import packaged as packaged_encoder
from newsgraph.analyze.event_features import Candidate, FeatureMaker, vectors
from newsgraph.analyze.event_frames import Composer, Draft
from newsgraph.analyze.event_lexicon import EventLexicon, Outcome
from newsgraph.analyze.event_model import NONE, EventModel
from newsgraph.analyze.event_places import (
    ArticlePlaces,
    PlaceCandidate,
    PlaceModel,
    dateline_span,
    lead_part,
    place_candidates,
    place_mentions,
    recent_place,
    rule_place,
)
from newsgraph.analyze.event_places import packaged as packaged_places
from newsgraph.analyze.event_roles import RoleCandidate, RoleModel, as_people
from newsgraph.analyze.event_roles import candidates as role_heads
from newsgraph.analyze.event_roles import describe as describe_roles
from newsgraph.analyze.event_roles import packaged as packaged_roles
from newsgraph.analyze.event_senses import revise
from newsgraph.analyze.event_syntax import is_passive
from newsgraph.analyze.event_triggers import Trigger, find_triggers
from newsgraph.analyze.mentions import trim
from newsgraph.article import Article, Part
from newsgraph.facts import Event, EventDate, Range, TextSpan

ENCODER_GATE = 0.15  # the event model's least P(event) in a sentence for the encoder to read it
DEFAULT_THRESHOLD = 0.5  # events at or above it are the default view; the gate reports precision there
OUTVOTE = 3.0  # how many times likelier the model's category must be to replace a single-word rule draft's
# Confidence by how the event was found: a verb pattern, the verb's own code, a composition, an event noun.
_BASE = {"pattern": 0.72, "verb": 0.6, "composed": 0.6, "light": 0.6, "noun": 0.5, "gerund": 0.42}
# Categories whose event nouns are modified by where they happen ("the Shangla attack"), not by who acts.
_PLACE_IS_LOCATION = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "CRIME"})
_CONFLICT = frozenset({"ASSAULT", "COERCE", "THREATEN", "MOBILIZE", "SANCTION", "REJECT", "DISAPPROVE"})
_SCORE = re.compile(r"\b\d{1,3}\s?[-\u2013]\s?\d{1,3}\b(?!\s?(?:percent|%|year|month|day|vote))")
# Categories that are statements: when the clause names no actor, the quote's speaker made them.
_SPEECH_ACTS = frozenset({"DISAPPROVE", "DEMAND", "REJECT", "THREATEN", "AGREE", "SUPPORT", "CONCEDE", "RETREAT"})
_REF_VALUES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})
# Words that place an event before the article without dating it: "a recent attack", "had recently met".
# TimeML tags them PAST_REF only where they stand alone as a time (TempEval-3 tags 18 of 49), so the times
# layer leaves them; on the trigger they still tell the event's date is not the publication's.
_PAST_WORDS = frozenset({"recent", "recently", "earlier", "previously", "lately"})


@dataclass
class SentenceWork:
    """One sentence as the stage sees it: its tokens, the rule coder's drafts and the model's candidates."""

    sentence: Span
    tokens: list[Token]
    drafts: list[Draft]
    candidates: list[Candidate]
    consumed: set[int]  # words whose event another codes: "refused to hold [talks]" is one REJECT


class EventStage:
    """Adds `article.events`; reads text, parts, entities (with actor codes), places, times, quotes, published, and
    `actor_view` when the recognizer's stage list writes it (optional, so not among `reads`)."""

    reads: tuple[str, ...] = ("text", "parts", "entities", "entities.actor", "entities.place", "places", "times",
                              "quotes", "published")
    writes: tuple[str, ...] = ("events",)

    def __init__(self, dictionary: ActorDictionary | None = None, lexicon: EventLexicon | None = None,
                 min_confidence: float = 0.0, model: EventModel | bool = False,
                 encoder: EventEncoder | bool | None = None, roles: RoleModel | bool | None = None,
                 locator: PlaceModel | bool | None = None) -> None:
        """`min_confidence`: events below it are left out (0 keeps every event, each with its confidence);
        `model`: the trained event model over the rule coder (True: the packaged one; False: the rule coder alone);
        `encoder`: the sentence encoder whose probabilities join the model's (None: the packaged one with the
        packaged model; False: none); `roles`: the role model choosing actors (None: the packaged one with the
        packaged model; False: the rules' actors); `locator`: the place model (likewise; False: the rules' place)."""
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be between 0 and 1, not {min_confidence!r}")
        self.dictionary = dictionary or ActorDictionary.load()
        self.lexicon = lexicon or EventLexicon.load()
        self.composer = Composer(self.lexicon)
        self.features = FeatureMaker(self.lexicon)
        self.model: EventModel | None = EventModel.packaged() if model is True else (model or None)
        if encoder is None:
            encoder = model is True
        self.encoder: EventEncoder | None = packaged_encoder() if encoder is True else (encoder or None)
        # each of the model's labels as the encoder's column (None: a label the encoder was not trained on)
        self._encoder_columns = [self.encoder.labels.index(label) if label in self.encoder.labels else None
                                 for label in self.model.labels] if self.encoder and self.model else []
        if roles is None:
            roles = model is True
        self.roles: RoleModel | None = packaged_roles() if roles is True else (roles or None)
        if locator is None:
            locator = model is True
        self.locator: PlaceModel | None = packaged_places() if locator is True else (locator or None)
        self.min_confidence = min_confidence
        self.mode_words: dict[str, dict[str, str]] = self.lexicon.table("mode_words")
        self.context_words: dict[str, str] = self.lexicon.table("context_words")
        self.casualties = CasualtyCounter(self.lexicon)
        self.sport_words = self.lexicon.cue("sport_words")
        self.sector_words: dict[str, str] = self.lexicon.table("sector_words")
        self.people = self.lexicon.cue("people_nouns")

    def __call__(self, article: Article, doc: Doc) -> None:
        # events and their actors are found on the names the models were trained on (`actor_view`), the place
        # among the published places
        view = article.actor_view or article
        located = ArticlePlaces.of(article, doc, ranked=self.locator is not None)
        placer = self.resolver_for(article, located.mentions, doc)
        resolver = placer if view is article else self.resolver_for(view, None, doc)
        all_places = located.mentions
        place_starts = [start for start, _, _ in all_places]
        all_times = _explicit_times(article)
        time_starts = [start for start, _ in all_times]
        events: list[Event] = []
        works = list(self.sentences(view, doc, resolver))
        for work, probabilities in zip(works, self._read(works), strict=True):
            sentence, tokens = work.sentence, work.tokens
            # the sentence's own places and times, found by bisection: linear in the document, not quadratic
            places = all_places[bisect_left(place_starts, sentence.start_char):
                                bisect_left(place_starts, sentence.end_char)]
            times = all_times[bisect_left(time_starts, sentence.start_char):bisect_left(time_starts, sentence.end_char)]
            decided = self._revised(self._decide(work, probabilities), resolver)
            if not decided:
                continue
            casualties = self.casualties.found(tokens) if any(d.type == "ASSAULT" for d, _ in decided) else []
            context = self._sentence_context(tokens)
            sport = any(t.lower_ in self.sport_words for t in tokens) or bool(_SCORE.search(sentence.text))
            found = [self._event((view, article), sentence, tokens, draft, (resolver, placer), (places, times),
                                 located, casualties, context, sport) for draft, _ in decided]
            if self.model is not None:
                found = _one_per_type(found, [probability or 0.0 for _, probability in decided])
            for event in found:
                if event.confidence >= self.min_confidence:
                    event.id = f"ev{len(events) + 1}"
                    events.append(event)
        if view is not article:
            relink(events, view, article)
        article.events = events

    def resolver_for(self, article: Article, places: list[tuple[int, int, str]] | None = None,
                     doc: Doc | None = None) -> ActorResolver:
        """`places`: the article's place mentions sorted by start, when the caller has them already; `doc`: its
        parse, whose own organizations events read as such (`event_actors._as_organization`)."""
        # the learned coder keeps actors named by a common noun ("gunmen"), as its training data codes them
        places = sorted(place_mentions(article)) if places is None else places
        organizations = frozenset((m.start, m.end) for e in (doc.ents if doc is not None else ()) if e.label_ == "ORG"
                                  if (m := trim(article.text, e.start_char, e.end_char, "ORG")) is not None)
        return ActorResolver(article, self.dictionary, self.sector_words, self.people,
                             common_nouns=self.model is not None, dateline=dateline_span(article, places),
                             organizations=organizations)

    def sentences(self, article: Article, doc: Doc, resolver: ActorResolver | None = None,
                  with_candidates: bool | None = None) -> Iterator[SentenceWork]:
        """Each sentence with the rule coder's drafts and the model's candidates (what training reads too)."""
        if with_candidates is None:
            with_candidates = self.model is not None
        resolver = resolver or self.resolver_for(article)
        quotes = sorted((q.content.start, q.content.end) for q in article.quotes)
        lead = lead_part(article)

        def kind_of(token: Token) -> str | None:
            owned = resolver.entity_at(token)
            if owned is not None:
                return owned[0].type
            if token.pos_ == "PRON":
                return "PRON"
            if resolver.agent_noun(token):
                return "AGENT"
            return None

        starts = sorted({part.start for part in article.parts})
        for index, sentence in enumerate(s for whole in doc.sents for s in _pieces(whole, starts, article.text)):
            tokens = list(sentence)
            if not any(t.is_alpha for t in tokens):
                continue
            triggers = find_triggers(tokens, self.lexicon, lambda t: resolver.entity_at(t) is not None)
            consumed: set[int] = set()
            drafts = self.composer.drafts(triggers, tokens, consumed) if triggers or any(
                t.lower_ in self.composer.obligations for t in tokens) else []
            context = [f"part:{_part_kind(article, sentence.start_char)}", f"n:{min(index, 6)}"]
            if lead is not None and lead[0] <= sentence.start_char < lead[1]:
                context.append("lead")
            if any(start <= sentence.start_char < end or start < sentence.end_char <= end for start, end in quotes):
                context.append("quoted")
            candidates = self.features.candidates(tokens, triggers, drafts, kind_of, context, consumed) \
                if with_candidates else []
            yield SentenceWork(sentence, tokens, drafts, candidates, consumed)

    def _read(self, works: list[SentenceWork]) -> list[np.ndarray | None]:
        """Per sentence, the probability of each label at each candidate word (None without a model): the event
        model's, averaged with the encoder's where there is one; the encoder reads all sentences at once."""
        if self.model is None:
            return [None] * len(works)
        read: list[np.ndarray | None] = [self.model.predict(w.candidates, vectors(w.candidates))
                                         if w.candidates else None for w in works]
        if self.encoder is None:
            return read
        none = self.model.labels.index(NONE)
        # a sentence where the model sees no event even at odds of 15 in 100 is not read again: on training
        # articles held out of both models (fold 0) that skips 22% of sentences for type F1 0.617 (at 0.1: 14%,
        # 0.613; at 0.2: 30%, 0.612)
        chosen = [i for i, row in enumerate(read) if row is not None and 1.0 - row[:, none].min() >= ENCODER_GATE]
        encoded = self.encoder.probabilities([[t.text for t in works[i].tokens] for i in chosen],
                                             [[c.token.i - works[i].tokens[0].i for c in works[i].candidates]
                                              for i in chosen])
        for i, rows in zip(chosen, encoded, strict=True):
            own = read[i]
            assert own is not None
            theirs = np.zeros_like(own)
            for column, index in enumerate(self._encoder_columns):
                if index is not None:
                    theirs[:, column] = rows[:, index]
            read[i] = (1.0 - self.model.encoder_weight) * own + self.model.encoder_weight * theirs
        return read

    def _decide(self, work: SentenceWork, probabilities: np.ndarray | None) -> list[tuple[Draft, float | None]]:
        """The sentence's events at or above the least confidence, with the model's probability: the rule coder's
        drafts at the model's probability of an event at their word, and the model's category for words the rules
        did not code; without a model, the rule coder's drafts (their confidence comes later)."""
        if self.model is None:
            return [(draft, None) for draft in work.drafts]
        if probabilities is None:
            return []
        decided: list[tuple[Draft, float | None]] = []
        for candidate, row in zip(work.candidates, probabilities, strict=True):
            if candidate.token.i in work.consumed:
                continue
            # the rule coder's categories (PETRARCH's verb patterns, composition) at the model's P(event)
            event = 1.0 - self.model.probability(row, NONE)
            label, probability = self.model.best(row)
            drafts = [] if self._outvoted(candidate.drafts, row, label, probability) else candidate.drafts
            decided += [(draft, event) for draft in drafts if event >= self.min_confidence]
            if not drafts and label is not None and probability >= self.min_confidence:
                decided.append((self.draft_for(candidate.token, label), probability))
        return decided

    def _revised(self, decided: list[tuple[Draft, float | None]], resolver: ActorResolver
                 ) -> list[tuple[Draft, float | None]]:
        """The decided events with the senses `event_senses` reads from the trigger's dependents."""
        def is_person(token: Token) -> bool:
            owned = resolver.entity_at(token)
            return owned[0].type == "PERSON" if owned is not None else resolver.agent_noun(token)

        out: list[tuple[Draft, float | None]] = []
        for draft, probability in decided:
            label = revise(draft.trigger, self.composer.lemma, draft.type, is_person)
            if label == draft.type:
                out.append((draft, probability))
            elif label is not None:
                out.append((self.draft_for(draft.trigger, label), probability))
        return out

    def _outvoted(self, drafts: list[Draft], row: np.ndarray, label: str | None, probability: float) -> bool:
        """The rule coder's category of a single verb or noun (no pattern, no composition) yields to the model's
        likeliest category (`label` at `probability`, of `row`) when that is another category, at the default
        threshold and at least `OUTVOTE` times as likely.
        Held out of training, this raised type F1 0.620 -> 0.633 on fold 0 of train.json and 0.472 -> 0.488 on the
        261 articles of tools/annotations; on dev.json 0.593 -> 0.590; the PLOVER GSR did not move."""
        if not drafts or any(d.size or d.composed for d in drafts):
            return False
        assert self.model is not None
        return label is not None and label not in {d.type for d in drafts} and probability >= DEFAULT_THRESHOLD \
            and probability >= OUTVOTE * max(self.model.probability(row, d.type) for d in drafts)

    def draft_for(self, token: Token, label: str) -> Draft:
        """A word the rule coder did not code, read afresh as an event of category `label`."""
        kind = "verb" if token.pos_ in ("VERB", "AUX") else "noun"
        draft = self.composer.roles(Trigger(token, Outcome(label, None, (), None), kind), {})
        draft.negated, draft.hypothetical = self.composer.flags(token)
        return draft

    # ----- one event -------------------------------------------------------------------------------------------

    def _event(self, articles: tuple[Article, Article], sentence: Span, tokens: list[Token], draft: Draft,
               resolvers: tuple[ActorResolver, ActorResolver], nearby: tuple[list[tuple[int, int, str]],
                                                                          list[tuple[int, str]]],
               located: ArticlePlaces, casualties: list[tuple[Token, str, int]], context: list[str],
               sport: bool) -> Event:
        """One coded event; `articles`: the actor view and the published article (the same one unless the
        recognizer is on), `resolvers` theirs; `nearby` holds the published places and the explicit times of its
        sentence."""
        (article, published), (resolver, placer) = articles, resolvers
        places, times = nearby
        text = article.text
        part = part_of(article, draft.trigger.idx)
        sources, targets = self.rule_actors(article, draft, resolver, part)
        if self.roles is not None:
            sources, targets = self.roles.choose(self.role_candidates(article, tokens, draft, resolver, part,
                                                                      (sources, targets)))
        token = draft.trigger
        start, end = token.idx, token.idx + len(token.text)
        particle = [c for c in token.children if c.dep_ == "prt" and c.i == token.i + 1]
        if particle:
            end = particle[0].idx + len(particle[0].text)
        dead, injured = self.casualties.counts(draft, casualties)
        return Event(
            id="",
            type=draft.type,
            mode=draft.mode or self._mode(draft, tokens),
            context=list(dict.fromkeys([*draft.context, *context])),
            source=[s.fact(text) for s in sources],
            target=[t.fact(text) for t in targets],
            trigger=TextSpan(start, end, text[start:end]),
            sentence=Range(sentence.start_char, sentence.end_char),
            place=self._place(published, (sentence, tokens), draft, placer, (places, located), part,
                              sources + targets),
            date=_date(article, times, token),
            negated=draft.negated,
            hypothetical=draft.hypothetical,
            quote=_quote(published, start),
            confidence=_confidence(draft, _coded(sources), _coded(targets), sport),
            dead=dead,
            injured=injured,
        )

    def _place(self, article: Article, where: tuple[Span, list[Token]], draft: Draft, resolver: ActorResolver,
               places: tuple[list[tuple[int, int, str]], ArticlePlaces], part: tuple[int, int],
               actors: list[ActorSpan]) -> str | None:
        """The rule coder's place (the trigger's clause, the paragraph's last place, the dateline), or the place
        model's choice among every place the article names up to the paragraph's end."""
        chosen, candidates = self.place_options(article, where, draft, resolver, places, part, actors,
                                                self.locator is not None)
        return chosen if self.locator is None else self.locator.choose(candidates)

    def place_options(self, article: Article, where: tuple[Span, list[Token]], draft: Draft, resolver: ActorResolver,
                      places: tuple[list[tuple[int, int, str]], ArticlePlaces], part: tuple[int, int],
                      actors: list[ActorSpan], ranked: bool = True) -> tuple[str | None, list[PlaceCandidate]]:
        """The rule coder's place, and (when `ranked`) every candidate place for the place model."""
        sentence, tokens = where
        own, located = places
        chosen = rule_place(draft, sentence, tokens, own, resolver, actors) \
            or recent_place(located.mentions, part, sentence.start_char) or located.dateline
        if not ranked:
            return chosen, []
        return chosen, place_candidates(located, draft, sentence, tokens, resolver, actors, part, chosen)

    def rule_actors(self, article: Article, draft: Draft, resolver: ActorResolver,
                    part: tuple[int, int]) -> tuple[list[ActorSpan], list[ActorSpan]]:
        """The draft's sources and targets as the rule coder reads them from its phrases."""
        sources = self._resolve(draft.type, [("phrase", draft.sources), *draft.fallback_sources], resolver, part, [])
        if not sources and draft.type in _SPEECH_ACTS:
            # "'We will not accept this,' the minister said": a statement's act is its speaker's
            sources = _speaker_of(article, draft.trigger.idx, resolver)
        return sources, self._resolve(draft.type, [("phrase", draft.targets), *draft.fallback_targets], resolver,
                                      part, sources)

    def role_candidates(self, article: Article, tokens: list[Token], draft: Draft, resolver: ActorResolver,
                        part: tuple[int, int], rule: tuple[list[ActorSpan], list[ActorSpan]]) -> list[RoleCandidate]:
        """Every actor the sentence names, described for the role model as a candidate source or target."""
        speaker = _speaker_of(article, draft.trigger.idx, resolver)
        first = tokens[0]
        found = resolver.phrases.get(first.i)
        if found is None:
            found = role_heads(tokens, resolver)
            at = first.i
            for _ in range(2):  # the two sentences before name actors its pronouns and ellipses stand for
                if at == 0:
                    break
                before = [t for t in first.doc[at - 1].sent if t.i < at]  # (a title's piece of one)
                found += role_heads(before, resolver)
                at = before[0].i
            resolver.phrases[first.i] = found
        if speaker:
            found = [*found, (None, speaker)]
        return describe_roles(found, draft.trigger, draft.type, resolver, part, rule, speaker,
                              is_passive(draft.trigger))

    def _resolve(self, kind: str, alternatives: list[tuple[str, list[Token]]], resolver: ActorResolver,
                 part: tuple[int, int], exclude: list[ActorSpan]) -> list[ActorSpan]:
        """The actors of the first alternative that names any (within the trigger's paragraph, not excluded)."""
        taken = {span.entity for span in exclude}
        if self.model is None:  # the rule coder: any actor its alternatives name, in their order
            return self._resolve_pass(kind, alternatives, resolver, part, taken, common=True)
        named = self._resolve_pass(kind, alternatives, resolver, part, taken, common=False)
        return named or self._resolve_pass(kind, alternatives, resolver, part, taken, common=True)

    def _resolve_pass(self, kind: str, alternatives: list[tuple[str, list[Token]]], resolver: ActorResolver,
                      part: tuple[int, int], taken: set[str | None], common: bool) -> list[ActorSpan]:
        """One pass over the alternatives; `common`: actors named by a common noun ("gunmen") count too."""
        for how, heads in alternatives:
            found: list[ActorSpan] = []
            for head in heads:
                spans = resolver.actors(head, owners=(how != "modifiers"))
                if how == "modifiers" and kind in _PLACE_IS_LOCATION:
                    spans = [s for s in spans if resolver.entity_type(s) not in ("GPE", "LOC", "FAC")]
                elif how == "place":  # a place acted upon: only one with a country ("curfew in Cizre")
                    spans = [ActorSpan(s.entity, s.start, s.end, s.country, "CVL" if kind in _CONFLICT else s.sector,
                                       s.guessed)
                             for s in spans if resolver.entity_type(s) in ("GPE", "LOC", "FAC") and s.country]
                for span in spans:
                    if span.entity is None and span.country is None and not common:
                        continue
                    if (span.entity is not None and span.entity in taken) \
                            or not (part[0] <= span.start and span.end <= part[1]):
                        continue
                    span = as_people(span, resolver)
                    if all((span.entity, span.start) != (other.entity, other.start) for other in found):
                        found.append(span)
            if found:
                return found
        return []

    def _mode(self, draft: Draft, sentence: list[Token]) -> str | None:
        words = self.mode_words.get(draft.type)
        if not words:
            return None
        near = [draft.trigger, *draft.trigger.children, *draft.trigger.subtree]
        for scope in (near, sentence):
            for token in scope:
                lemma = self.lexicon.verb_lemma(token.lower_) or token.lower_
                mode = words.get(token.lower_) or words.get(lemma) or words.get(token.lower_.rstrip("s"))
                if mode is not None:
                    return mode
        return None

    def _sentence_context(self, tokens: list[Token]) -> list[str]:
        """PLOVER contexts the sentence's words name ("refugees": migration, "court": legal)."""
        contexts: list[str] = []
        lowered = [t.lower_ for t in tokens]
        for index, word in enumerate(lowered):
            for key in (word, f"{word} {lowered[index + 1]}" if index + 1 < len(lowered) else ""):
                context = self.context_words.get(key)
                if context is not None and context not in contexts:
                    contexts.append(context)
        return contexts


def _pieces(sentence: Span, starts: list[int], text: str) -> list[Span]:
    """The sentence cut where a part of the article begins inside it: a headline, a heading or a dateline the
    parser ran into the next paragraph ("SCO Meeting Against the backdrop ... Pakistan participated in") reports
    its own events."""
    cuts = [b for b in starts[bisect_left(starts, sentence.start_char + 1):bisect_left(starts, sentence.end_char)]
            if text[sentence.start_char:b].strip()]
    if not cuts:
        return [sentence]
    doc, out, begin = sentence.doc, [], sentence.start
    for cut in cuts:
        span = doc.char_span(cut, sentence.end_char, alignment_mode="expand")
        if span is not None and begin < span.start < sentence.end:
            out.append(doc[begin:span.start])
            begin = span.start
    out.append(doc[begin:sentence.end])
    return out


def _one_per_type(events: list[Event], probabilities: list[float]) -> list[Event]:
    """One event per category in a sentence, at the model's probability: the likeliest word, and among near
    ties the one whose actors are named and coded (the clause that reports the event, not a mention of it)."""
    best: dict[str, tuple[float, int]] = {}
    for index, (event, probability) in enumerate(zip(events, probabilities, strict=True)):
        event.confidence = round(probability, 3)
        coded = [any(a.country or a.sector for a in actors) for actors in (event.source, event.target)]
        rank = probability + 0.1 * coded[0] + 0.05 * coded[1]
        if event.type not in best or rank > best[event.type][0]:
            best[event.type] = (rank, index)
    return [events[index] for index in sorted(index for _, index in best.values())]


# ----- article-level helpers ---------------------------------------------------------------------------------

def part_of(article: Article, offset: int) -> tuple[int, int]:
    """The title, summary, heading or paragraph holding an offset: a parse may run across them, actors may not."""
    part = _part_at(article, offset)
    return (part.start, part.end) if part is not None else (0, len(article.text))


def _part_kind(article: Article, offset: int) -> str:
    part = _part_at(article, offset)
    return part.kind if part is not None else "none"


def _part_at(article: Article, offset: int) -> Part | None:
    return next((part for part in article.parts if part.start <= offset < part.end), None)


def _explicit_times(article: Article) -> list[tuple[int, str]]:
    """(start, value) of every explicit date or time (not a reference like PRESENT_REF, not a duration), by start."""
    return sorted((time.start, time.value) for time in article.times
                  if time.type in ("DATE", "TIME") and time.value not in _REF_VALUES and not time.value.startswith("P"))


def _date(article: Article, times: list[tuple[int, str]], trigger: Token) -> EventDate | None:
    """An explicit date or time in the sentence (`times`, nearest the trigger), else PAST_REF for an event the
    text calls recent or earlier, else the publication date."""
    best: tuple[int, str] | None = None
    for start, value in times:
        distance = abs(start - trigger.idx)
        if best is None or distance < best[0]:
            best = (distance, value)
    if best is not None:
        return EventDate(best[1], "explicit")
    if any(child.lower_ in _PAST_WORDS and child.dep_ in ("amod", "advmod") for child in trigger.children):
        return EventDate("PAST_REF", "explicit")
    if article.published is not None and article.published.value:
        return EventDate(article.published.value, "published")
    return None


def _speaker_of(article: Article, offset: int, resolver: ActorResolver) -> list[ActorSpan]:
    """The speaker of the quote whose content holds an offset, as an actor (none when unattributed)."""
    for quote in article.quotes:
        speaker = quote.speaker
        if speaker is not None and quote.content.start <= offset < quote.content.end:
            return [resolver.span_of(speaker.entity, speaker.start, speaker.end)]
    return []


def _quote(article: Article, offset: int) -> str | None:
    """The quote whose content holds the trigger, if the quotes stage found one."""
    for quote in article.quotes:
        if quote.content.start <= offset < quote.content.end:
            return quote.id
    return None


def _coded(actors: list[ActorSpan]) -> bool:
    """Some actor has an actor code (a political actor, not only a name) and is named, not a guessed pronoun."""
    return any((a.country or a.sector) and not a.guessed for a in actors)


def salience(token: Token) -> float:
    """News reports its event in the main clause: its predicate and what it completes weigh more than relative
    and adverbial clauses or nouns inside prepositional phrases ("after fierce fighting")."""
    current, steps = token, 0
    while current.head.i != current.i and steps < 12:
        if current.dep_ in ("relcl", "advcl", "acl", "pcomp", "amod", "npadvmod"):
            return -0.12
        if current.dep_ == "pobj" and current.head.dep_ == "prep" and current.head.head.pos_ in ("VERB", "AUX") \
                and current.head.lower_ not in ("in", "into", "on", "to", "with", "for"):
            return -0.12
        if current.dep_ not in ("xcomp", "ccomp", "conj", "dobj", "pobj", "prep", "nsubj", "nsubjpass", "compound"):
            return 0.0
        current, steps = current.head, steps + 1
    return 0.1 if token.dep_ == "ROOT" else 0.05


def _confidence(draft: Draft, has_source: bool, has_target: bool, sport: bool) -> float:
    """How likely the event is right as coded; the gate checks that precision rises with it.

    Political event coding needs political actors: with no coded actor on either side an event stays below the
    default threshold, as in PETRARCH, which codes no event without actors.
    """
    score = _BASE.get(draft.kind, 0.5) + min(draft.size, 3) * 0.02 + salience(draft.trigger)
    score += 0.12 if has_source else 0.0
    score += 0.06 if has_target else 0.0
    if not has_source and not has_target:
        score -= 0.4
    if sport and draft.type in _CONFLICT:
        score -= 0.45
    if draft.hypothetical:
        score -= 0.2
    if draft.casualties:
        score += 0.12  # "an attack that killed 12": the nominal event is reported with its victims
    if draft.negated:
        score -= 0.05
    if draft.composed == "alleged":
        score -= 0.15
    elif draft.composed:
        score -= 0.03
    return round(max(0.05, min(0.98, score)), 3)
