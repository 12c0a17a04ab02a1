"""From triggers to event drafts: who did it to whom, polarity, modality, and PLOVER's composition rules.

* Refusals: the complement of "refused to", "rejected calls to", "refusal to" did not happen; the refusal is the
  event (REJECT), and it is directed at whom the refused event would have been ("refused talks with X": X).
* Negation: "did not arrest" is negated; a negated cooperative event that is a stance, not a report ("will not
  meet", "no talks", "not engaging in talks") is a refusal, REJECT, never a positive CONSULT.
* Intent and future (PLOVER's AGREE and THREATEN): cooperation promised, offered, planned or in the future tense
  is AGREE; a future retreat is CONCEDE; material conflict in the future or threatened is THREATEN.
* Demands: "urged X to", "called on X to", "demanded that X", "expects X to", "X must" (in a reported statement)
  are DEMAND toward X; the demanded event is hypothetical.
* Conditions ("if evidence emerges"), plans, proposals and possibility (may, could) make an event hypothetical.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from newsgraph.analyze.event_lexicon import EventLexicon
from newsgraph.analyze.event_syntax import (
    OBJECTS,
    PASSIVE_SUBJECTS,
    RELATIVE_PRONOUNS,
    children,
    governor,
    is_passive,
    negated,
    preposition_objects,
    subject_of,
    with_conjuncts,
)
from newsgraph.analyze.event_triggers import Trigger

COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "AGREE", "CONCEDE", "RETREAT"})
MATERIAL_CONFLICT = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
# The REJECT mode (shared with DEMAND) of what is refused; the THREATEN mode of what is threatened.
REFUSED_MODE = {"CONSULT": "meet", "AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist",
                "CONCEDE": "yield", "RETREAT": "yield", "AGREE": None}
THREAT_MODE = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations", "MOBILIZE": "violence",
               "PROTEST": "restrict"}
THREAT_MODES = frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"})
# Prepositions whose object is the target, by category ("attack on X", "talks with X", "aid to X").
TARGET_PREPS: dict[str, frozenset[str]] = {
    "default": frozenset({"against", "on", "upon", "toward", "towards", "at", "into", "with", "between", "to"}),
    "AID": frozenset({"to", "for", "toward", "towards"}),
    "SUPPORT": frozenset({"to", "for", "with", "toward", "towards"}),
    "CONSULT": frozenset({"with", "between", "to", "among"}),
    "visit": frozenset({"to", "in", "at", "with"}),
    "CONCEDE": frozenset({"to", "for", "with", "on"}),
    "COOPERATE": frozenset({"with", "to", "between"}),
    "AGREE": frozenset({"with", "to", "between"}),
    "DEMAND": frozenset({"from", "on", "upon", "to"}),
    "DISAPPROVE": frozenset({"against", "on", "with", "over", "to", "of", "about", "at"}),
    "REJECT": frozenset({"with", "from", "to", "by"}),
    "SANCTION": frozenset({"on", "against", "to", "from"}),
    "RETREAT": frozenset({"from", "on", "to", "for", "against"}),
    "INVESTIGATE": frozenset({"against", "on", "into"}),
}
COMPLEMENTS = frozenset({"xcomp", "acl", "pcomp", "dobj", "ccomp", "nsubjpass"})
# Nouns of these categories take their target with "of" ("the arrest of X"); others their source ("the visit of X").
# Prepositions that set an event in time or place ("agreed in talks", "offered thanks at a meeting", "after talks"):
# their object is where or when the intent was voiced, not what is intended.
SETTING_PREPOSITIONS = frozenset({"in", "at", "after", "during", "before", "through", "following", "since"})
OF_IS_TARGET = frozenset({"ASSAULT", "COERCE", "SANCTION", "INVESTIGATE", "DISAPPROVE", "DEMAND", "REJECT", "CRIME"})


@dataclass
class Draft:
    """An event before its actors are resolved to entities: heads of the source and target phrases."""

    trigger: Token
    type: str
    mode: str | None
    context: tuple[str, ...]
    kind: str
    size: int = 0
    sources: list[Token] = field(default_factory=list)
    # Tried in order when `sources` name no actor: ("phrase", heads), ("modifiers", [event noun]) for the names
    # modifying an event noun ("Israeli raid"), ("place", heads) for places only.
    fallback_sources: list[tuple[str, list[Token]]] = field(default_factory=list)
    targets: list[Token] = field(default_factory=list)
    fallback_targets: list[tuple[str, list[Token]]] = field(default_factory=list)
    negated: bool = False
    hypothetical: bool = False
    composed: str | None = None
    suppressed: bool = False
    # a claim a refusal answers ("dismissed Sanders' accusations"): the claim was made, so it is no consumed word
    answered: bool = False
    casualties: bool = False  # the event's victims are named by a casualty verb ("attack that killed 12")


class Composer:
    """Applies roles, polarity, modality and composition to one sentence's triggers."""

    def __init__(self, lexicon: EventLexicon) -> None:
        self.lexicon = lexicon
        self.refuse_verbs = lexicon.cue("refuse_verbs")
        self.refuse_nouns = lexicon.cue("refuse_nouns")
        self.intent_verbs = lexicon.cue("intent_verbs")
        self.intent_adjectives = lexicon.cue("intent_adjectives")
        self.intent_nouns = lexicon.cue("intent_nouns")
        self.possibility_adjectives = lexicon.cue("possibility_adjectives")
        self.proposals = lexicon.cue("proposal_words")
        self.negating_verbs = lexicon.cue("negating_verbs")
        self.allegations = lexicon.cue("allegation_verbs")
        self.stative = lexicon.cue("stative_passives")
        self.demand_verbs = lexicon.cue("demand_verbs")
        self.modals = lexicon.cue("modals")
        self.obligations = lexicon.cue("obligation_modals")
        self.conditions = lexicon.cue("conditions")
        self.speech_verbs = lexicon.cue("speech_verbs")
        self.light_verbs = lexicon.cue("light_verbs")
        self.dead_verbs = lexicon.cue("dead_verbs")
        self.injured_verbs = lexicon.cue("injured_verbs")
        self.lemma_of = lexicon.verb_forms

    def lemma(self, token: Token) -> str:
        return self.lemma_of.get(token.lower_, token.lower_)

    def drafts(self, triggers: list[Trigger], sentence: list[Token], consumed: set[int] | None = None) -> list[Draft]:
        """The sentence's events, in trigger order: roles, then composition, then sentence-level rules;
        `consumed` receives the words whose event another one codes ("refused to hold [talks]")."""
        by_token = {t.token.i: t for t in triggers}
        drafts = {t.token.i: self.roles(t, by_token) for t in triggers}
        for trigger in triggers:  # a light verb's own code yields to the event noun it carries ("organized a strike")
            if trigger.kind == "yielded":
                drafts[trigger.token.i].kind = "yielded"
        for draft in list(drafts.values()):
            self._compose(draft, drafts)
        for draft in list(drafts.values()):
            # PLOVER: a protest's demand is its topic, not a separate event ("rallied to demand X's resignation").
            if draft.type == "DEMAND" and not draft.suppressed:
                head = draft.trigger.head
                if draft.trigger.dep_ in ("advcl", "xcomp", "acl", "conj") and head.i in drafts \
                        and drafts[head.i].type == "PROTEST":
                    draft.suppressed = True
                    drafts[head.i].fallback_targets.insert(0, ("phrase", draft.targets))
                    drafts[head.i].fallback_targets.extend(draft.fallback_targets)
        for draft in list(drafts.values()):
            # "X said it will support Y": PETRARCH's pattern codes "said" by its complement; code the complement.
            if draft.kind == "pattern" and self.lemma(draft.trigger) in self.speech_verbs and not draft.suppressed:
                inner = [drafts[c.i] for c in _complements(draft.trigger) if c.i in drafts
                         and not drafts[c.i].suppressed]
                if inner:
                    draft.suppressed = True
                    inner[0].fallback_sources.append(("phrase", draft.sources))
        demands = []
        for modal in sentence:
            if modal.lower_ not in self.obligations or modal.dep_ != "aux":
                continue
            token = modal.head
            if (demand := self.obligation(token)) is not None:
                demands.append(demand)
                for word in token.subtree:  # what is demanded has not happened
                    if word.i in drafts:
                        drafts[word.i].hypothetical = True
                        if drafts[word.i].composed == "intent" or (
                                word.i == token.i and drafts[word.i].type == "AGREE"):
                            drafts[word.i].suppressed = True  # "X must ensure": an obligation, not an intent
        out = [d for d in drafts.values() if not d.suppressed] + demands
        if consumed is not None:
            for draft in drafts.values():
                if draft.suppressed and draft.kind != "yielded" and not draft.answered:
                    # "refused to hold [talks]": the refused event and the noun its verb carries
                    consumed.add(draft.trigger.i)
                    consumed.update(c.i for c in draft.trigger.children if c.dep_ in OBJECTS)
        return sorted(out, key=lambda d: d.trigger.i)

    # ----- roles ---------------------------------------------------------------------------------------------

    def roles(self, trigger: Trigger, by_token: dict[int, Trigger]) -> Draft:
        """Heads of the source and target phrases, with fallbacks in order of preference."""
        token = trigger.token
        outcome = trigger.outcome
        draft = Draft(token, outcome.type, outcome.mode, outcome.context, trigger.kind, trigger.size)
        preps = TARGET_PREPS.get(outcome.mode or "", TARGET_PREPS.get(outcome.type, TARGET_PREPS["default"]))
        if outcome.mode == "visit" and children(token, ("dobj",)):
            preps = preps - {"in", "at"}  # "hosted X in this city": the city is the venue
        if trigger.kind in ("pattern", "verb"):
            if is_passive(token) and not (self.lemma(token) in self.stative and not any(
                    p == "by" for p, _ in preposition_objects(token))):
                draft.targets = [token.head if t.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl" else t
                                 for t in children(token, PASSIVE_SUBJECTS)]  # "officers who were killed"
                draft.sources = [obj for prep, obj in preposition_objects(token) if prep == "by"]
            elif token.dep_ == "acl" and token.tag_ == "VBN" and token.head.pos_ in ("NOUN", "PROPN") \
                    and not children(token, ("dobj", "dative", "conj", "cc")):
                # "four academics arrested", "the men detained by police": the noun it modifies is acted on
                draft.targets = [token.head]
                draft.sources = [obj for prep, obj in preposition_objects(token) if prep == "by"]
            else:
                draft.sources = subject_of(token, self.demand_verbs, self.lemma_of) or children(
                    token, PASSIVE_SUBJECTS)
                draft.targets = children(token, ("dobj", "dative"))
                if token.dep_ == "acl" and token.tag_ == "VBG":  # "a declaration demanding": its issuer
                    issuer, _ = governor(token.head)
                    if issuer is not None and issuer.pos_ == "VERB":
                        draft.fallback_sources.append(("phrase", subject_of(issuer, self.demand_verbs,
                                                                             self.lemma_of)))
                # "US Predator attacks have killed ...": the event noun's own modifiers name the actor.
                draft.fallback_sources += [("modifiers", [s]) for s in draft.sources if s.i in by_token]
            draft.targets += [obj for prep, obj in preposition_objects(token) if prep in preps and prep != "by"]
            for obj in [o for d in children(token, ("dobj",)) for o in with_conjuncts(d)]:
                # "raised concerns with X", "imposed sanctions on X", "provided photographs and intelligence to X"
                draft.targets += [o for prep, o in preposition_objects(obj) if prep in _PARTY_PREPS]
            complements = _complements(token)
            if outcome.type == "DEMAND":  # "demanded that X withdraw"
                draft.fallback_targets.append(("phrase", [s for c in complements for s in children(
                    c, ("nsubj", "nsubjpass"))]))
            # "threatened to cut off electricity to X", "agreed to lift embargoes on X": the complement's party.
            draft.fallback_targets.append(("phrase", [t for c in complements for t in _participants(c)]))
            # "called for sanctions against X", "launch an offensive in its war with X": one phrase deeper.
            draft.fallback_targets.append(("phrase", [o for t in [*_participants(token), *(
                t for c in complements for t in _participants(c))] for p, o in preposition_objects(t)
                if p in _PARTY_PREPS]))
            if outcome.type == "THREATEN":  # "... unless Israel rescinded": a threat is conditioned on its target
                draft.fallback_targets.append(("phrase", [s for c in [token, *complements] for a in children(
                    c, ("advcl",)) if any(m.dep_ == "mark" and m.lower_ in self.conditions for m in a.children)
                    for s in children(a, ("nsubj", "nsubjpass"))]))
            if trigger.reverse:
                draft.sources, draft.targets = [o for p, o in preposition_objects(token) if p == "from"], \
                    draft.sources
        else:
            phrase = token.head if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN") else token
            draft.sources = children(phrase, ("poss",))
            of_objects: list[Token] = []
            for prep, obj in preposition_objects(phrase):
                if prep == "by":
                    draft.sources.append(obj)
                elif prep == "of":
                    (draft.targets if outcome.type in OF_IS_TARGET else of_objects).append(obj)
                elif prep in preps:
                    draft.targets.append(obj)
            draft.fallback_sources.append(("modifiers", [token]))
            head, relation = governor(phrase)
            if head is not None and self.lemma(head) in self.light_verbs \
                    and (relation in OBJECTS or relation.startswith("prep:")):
                other = by_token.get(head.i)
                if other is None or other.kind == "verb" or other.outcome.type == outcome.type:
                    draft.fallback_sources.append(("phrase", subject_of(head, self.demand_verbs, self.lemma_of)))
                    draft.targets += [o for p, o in preposition_objects(head) if p in preps and p not in ("by", "of")]
                    draft.kind = "light"
                    if other is not None and other.kind == "verb":
                        other.kind = "yielded"
            if of_objects:
                draft.fallback_sources.append(("phrase", of_objects))
            if head is not None and relation == "nsubj" and self.lemma(head) in self.dead_verbs | self.injured_verbs:
                draft.targets += children(head, ("dobj",))
                draft.casualties = True
        if outcome.type == "PROTEST":
            # "in protest of X's refusal", "rallied to demand X's resignation", "blocked roads demanding that X":
            # what a protest is against.
            purposes = [c for c in token.children if c.dep_ in ("advcl", "xcomp", "acl") and c.pos_ == "VERB"]
            topics = [o for p, o in preposition_objects(token) if p in ("against", "over")]
            for prep, obj in preposition_objects(token):
                if prep == "in" and obj.lower_ == "protest":
                    topics += [o for p, o in preposition_objects(obj) if p in ("of", "against", "at", "over")]
            draft.fallback_targets.append(("phrase", topics + [t for c in purposes for t in _participants(c)]
                                           + [s for c in purposes for s in children(c, ("ccomp",))
                                              for s in children(s, ("nsubj", "nsubjpass"))]))
        if outcome.type not in ("CONSULT", "AGREE", "SUPPORT"):
            # "imposed a curfew in Cizre", "demonstrated in Serbia": the place acted upon, when no one is named.
            anchor = token if trigger.kind in ("pattern", "verb") else governor(token)[0] or token
            # ... and "fired at targets in Jericho", "refused to deploy troops in Iraq": where its objects are.
            complements = _complements(token)
            hosts = [token, *children(token, ("dobj",)), *complements, *draft.targets,
                     *(o for c in complements for o in children(c, ("dobj",)))]
            if anchor.i != token.i:
                hosts.append(anchor)
            places = [o for h in hosts for p, o in preposition_objects(h) if p in ("in", "inside", "across")]
            if token.dep_ in ("advcl", "xcomp") and token.head.pos_ == "VERB":
                # "sent inspectors to Bosnia to investigate": a purpose is pursued where its agents were sent
                places += [o for p, o in preposition_objects(token.head) if p in ("to", "into", "in")]
            draft.fallback_targets.append(("place", places))
        for clause in children(token, ("relcl",)):
            if self.lemma(clause) in self.dead_verbs | self.injured_verbs | {"claim"}:
                for obj in children(clause, ("dobj",)):
                    lives = [o for p, o in preposition_objects(obj) if p == "of"]
                    draft.targets += lives if obj.lower_ in ("life", "lives") else [obj]
                    draft.casualties = True
        return draft

    def flags(self, token: Token) -> tuple[bool, bool]:
        """(negated, hypothetical) of an event word the rules did not code: negation, condition, intent, modality."""
        head, relation = governor(token)
        hypothetical = self._conditional(token) or self._intent(token, head, relation) is not None \
            or self._demanded(token, head, relation)
        return negated(token) or self._negated_object(token, head, relation), hypothetical

    # ----- polarity and modality --------------------------------------------------------------------------------

    def _compose(self, draft: Draft, drafts: dict[int, Draft]) -> None:
        """Polarity and modality from what governs the event (see the module docstring)."""
        token = draft.trigger
        if draft.kind == "yielded":
            draft.suppressed = True
            return
        head, relation = governor(token)
        governing = drafts.get(head.i) if head is not None else None
        refusal = self._refusal(token)
        if refusal is not None:
            draft.suppressed = True
            draft.answered = draft.kind == "noun" and draft.type == "DISAPPROVE"
            self._refuse(refusal, draft, drafts)
            return
        if self._conditional(token):
            draft.hypothetical = True
        intent = self._intent(token, head, relation)
        if head is not None and self._demanded(token, head, relation):
            draft.hypothetical = True
            if governing is None or governing.type != "DEMAND":
                drafts[head.i] = Draft(head, "DEMAND", None, (), "composed",
                                       sources=subject_of(head, self.demand_verbs, self.lemma_of),
                                       targets=children(head, ("dobj",)) or children(token, ("nsubj",)),
                                       composed="demand")
            return
        for link, _ in self._chain(token):
            lemma = self.lemma(link)
            if lemma in self.allegations:
                draft.composed = "alleged"  # "accused X of violating": alleged, not reported as fact
                break
            if lemma in self.negating_verbs:
                self._negate(draft, intent="intent")
                return
            if lemma in self.proposals or link.lower_ in self.proposals:
                draft.hypothetical = True
                return
        if negated(token) or self._negated_object(token, head, relation):
            self._negate(draft, intent)
            return
        if intent is None:
            return
        self._intend(draft, intent, governing, relation)

    def _negate(self, draft: Draft, intent: str | None) -> None:
        """A negated cooperative stance is a refusal ("will not meet", "no talks", "failed to reach agreement");
        anything else reported as not having happened is negated."""
        token = draft.trigger
        if draft.type in COOPERATIVE and (intent or not _finite(token) or draft.kind in ("noun", "gerund", "light")):
            draft.mode = REFUSED_MODE.get(draft.type)
            draft.type, draft.composed = "REJECT", "refusal"
        else:
            draft.negated = True

    def _intend(self, draft: Draft, intent: str, governing: Draft | None, relation: str) -> None:
        """Future, planned or offered events: PLOVER's AGREE, CONCEDE and THREATEN, or hypothetical."""
        if governing is not None and governing.type in ("AGREE", "THREATEN") and relation in ("xcomp", "acl", "dobj"):
            # "offered to mediate", "threatened to attack": the governing verb codes the event already.
            draft.suppressed = True
            governing.fallback_targets.append(("phrase", draft.targets))
            governing.fallback_targets += [f for f in draft.fallback_targets if f[0] == "place"]
            if governing.type == "THREATEN" and draft.type in THREAT_MODE:
                governing.mode = governing.mode or THREAT_MODE[draft.type]
            return
        if draft.type in ("CONSULT", "SUPPORT", "COOPERATE", "AID") and intent != "possible":
            draft.type, draft.mode, draft.composed = "AGREE", None, "intent"
        elif draft.type == "RETREAT" and intent != "possible":
            draft.type, draft.mode, draft.composed = "CONCEDE", None, "intent"
        elif draft.type in MATERIAL_CONFLICT and intent != "possible":
            draft.mode = draft.mode if draft.mode in THREAT_MODES else THREAT_MODE.get(draft.type)
            draft.type, draft.composed = "THREATEN", "intent"
        else:
            draft.hypothetical = True

    def _chain(self, token: Token) -> list[tuple[Token, str]]:
        """What an event is the complement of, up to its clause's verb: "refused to [meet]", "calls to [adopt]",
        "refusal to engage in [talks]", "suggested that they [meet]"; (governor, relation) pairs."""
        out: list[tuple[Token, str]] = []
        link, relation = governor(token)
        while link is not None and len(out) < 4 and (relation in COMPLEMENTS or relation.startswith("prep:")):
            out.append((link, relation))
            if link.pos_ in ("VERB", "AUX") and relation not in ("xcomp", "acl", "pcomp", "dobj") \
                    and not relation.startswith("prep:"):
                break
            link, relation = governor(link)
        return out

    def _refusal(self, token: Token) -> Token | None:
        """The refusal an event is the content of: "refused to meet", "refusal to engage in talks"."""
        for link, _ in self._chain(token):
            lemma = self.lemma(link)
            particles = [c.lower_ for c in link.children if c.dep_ == "prt"]  # "ruled out talks"
            if lemma in self.refuse_verbs or link.lower_ in self.refuse_nouns \
                    or any(f"{lemma} {p}" in self.refuse_verbs for p in particles):
                return link
        return None

    def _refuse(self, refusal: Token, refused: Draft, drafts: dict[int, Draft]) -> None:
        """The REJECT event of a refusal gets the refused event's target (or its other party) and mode."""
        owner = drafts.get(refusal.i)
        if owner is None or owner.type != "REJECT":
            head, _ = governor(refusal)
            governing = drafts.get(head.i) if head is not None else None
            if governing is not None and governing.type == "REJECT":
                owner = governing
            else:
                owner = Draft(refusal, "REJECT", None, (), "composed", composed="refusal")
                # "Israel is opposed to ...": the refusing party is the subject of a passive form too.
                owner.sources = children(refusal, ("poss",)) if refusal.pos_ == "NOUN" else \
                    subject_of(refusal, self.demand_verbs, self.lemma_of) or children(refusal, PASSIVE_SUBJECTS)
                if refusal.pos_ == "NOUN" and head is not None:
                    owner.fallback_sources.append(("phrase", subject_of(head, self.demand_verbs, self.lemma_of)))
                drafts[refusal.i] = owner
        owner.fallback_targets.append(("phrase", refused.targets or refused.sources))
        owner.fallback_targets += [f for f in refused.fallback_targets if f[0] == "place"]
        owner.mode = owner.mode or REFUSED_MODE.get(refused.type)

    def _demanded(self, token: Token, head: Token | None, relation: str) -> bool:
        """"urged X to withdraw", "demanded that X withdraw", "told X it must withdraw"; not "was told that X did"."""
        if head is None or self.lemma(head) not in self.demand_verbs:
            return False
        if relation == "xcomp":
            return bool(children(head, ("dobj",))) or any(p in ("on", "upon") for p, _ in preposition_objects(head))
        if relation != "ccomp" or not children(token, ("nsubj", "nsubjpass")):
            return False
        auxiliaries = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")} - {"to"}
        return bool(auxiliaries & self.obligations) or (token.tag_ == "VB" and not auxiliaries) \
            or self.lemma(head) in ("demand", "insist", "urge", "request", "require")

    def _intent(self, token: Token, head: Token | None, relation: str) -> str | None:
        """"future" (will, would, going to), "intent" (plans, offers, ready to), "possible" (may, could), or None."""
        if token.pos_ in ("NOUN", "PROPN") and head is not None and relation in OBJECTS \
                and self.lemma(head) in self.light_verbs:
            return self._intent(head, *governor(head))  # "would tighten the blockade"
        for child in token.children:
            if child.dep_ == "aux" and child.lower_ in self.modals:
                if child.lower_ in self.obligations:
                    return "possible"
                return "possible" if child.lower_ in ("may", "might", "could", "can", "ca") else "future"
        if head is None:
            return None
        lemma = self.lemma(head)
        if relation in OBJECTS and lemma in self.intent_verbs and token.pos_ in ("NOUN", "PROPN"):
            return "intent"  # "offered aid", "promised a visit"
        if relation in ("xcomp", "acl", "ccomp", "pcomp") or (
                relation.startswith("prep:") and relation[5:] not in SETTING_PREPOSITIONS):
            if head.lower_ in self.possibility_adjectives:
                return "possible"
            if lemma in self.intent_verbs or head.lower_ in self.intent_adjectives or head.lower_ in self.intent_nouns:
                return "intent"
            if lemma == "go" and any(c.dep_ == "aux" for c in head.children):
                return "future"
        return None

    def _conditional(self, token: Token) -> bool:
        """The event is conditioned ("... if evidence emerges") or is itself the condition."""
        for clause in [token, *token.ancestors][:4]:
            if any(c.dep_ == "mark" and c.lower_ in self.conditions for c in clause.children):
                return True
            if clause.i == token.i and any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in self.conditions
                                                                for m in c.children) for c in clause.children):
                return True
        return False

    def _negated_object(self, token: Token, head: Token | None, relation: str) -> bool:
        """`did not hold talks`: the light verb is negated, so is the event noun it carries."""
        return head is not None and self.lemma(head) in self.light_verbs and (
            relation in OBJECTS or relation.startswith("prep:")) and negated(head)

    def obligation(self, token: Token) -> Draft | None:
        """`X said Y must ...`: a demand by the speaker on Y, coded at the verb under `must`."""
        if not any(c.dep_ == "aux" and c.lower_ in self.obligations for c in token.children):
            return None
        if token.dep_ != "ccomp" or self.lemma(token.head) not in self.speech_verbs:
            return None
        targets = children(token, ("nsubj", "nsubjpass"))
        sources = subject_of(token.head, self.demand_verbs, self.lemma_of)
        if not targets or not sources or targets[0].lower_ in ("it", "we", "i"):
            return None
        return Draft(token, "DEMAND", None, (), "composed", sources=sources, targets=targets, composed="demand")


def _complements(verb: Token) -> list[Token]:
    """Clauses completing a verb ("threatened [to cut]", "said [it will support]", "rallied [to demand]"), and
    the clauses completing those."""
    out = []
    for child in verb.children:
        if child.dep_ in ("xcomp", "ccomp") or (child.dep_ == "advcl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in child.children)):
            out.append(child)
            out.extend(c for c in child.children if c.dep_ in ("xcomp", "ccomp"))
    return out


def _participants(verb: Token) -> list[Token]:
    """Who a verb acts on: objects, and objects of prepositions that name a party."""
    found = children(verb, ("dobj", "dative"))
    found += [o for p, o in preposition_objects(verb) if p in _PARTY_PREPS]
    for obj in children(verb, ("dobj",)):
        found += [o for p, o in preposition_objects(obj) if p in _PARTY_PREPS]
    return found


_PARTY_PREPS = frozenset({"to", "with", "against", "on", "from", "toward", "towards", "into", "upon", "for"})


def _finite(token: Token) -> bool:
    """A verb with tense (VBD, VBZ, VBP, or with an auxiliary), as opposed to an infinitive or gerund."""
    if token.tag_ in ("VBD", "VBZ", "VBP"):
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ != "to" for c in token.children)
