"""Senses of common event words that the models read from the word more than from its syntax.

Checked on the trigger's own dependents after the models decide, for the learned and the rule coder alike:

- Asking a question is no demand. "ask" whose complement is a question ("asked him whether he would run",
  "asked what the plan was", "was asked about the loan", "asked a question") reports no DEMAND; asking for
  something or asking someone to act does. Of 30 such question-asks in the annotated articles (train.json and
  `tools/annotations`), none is coded DEMAND.
- "fire" with a person as its object ("fired the coach", "thousands of workers were fired") is a dismissal:
  the annotations code it SANCTION or COERCE (7 times), never ASSAULT. "fire back" is a retort: DISAPPROVE or
  REJECT (3 times). Firing a weapon, shots or at someone stays an attack.
- An appeal is a DEMAND when it asks for something: "appealed for calm", "appealed to residents to stay indoors", "his
  appeal to the opposition to back him", an appeal made, issued or sent. Taking a ruling to a higher court ("will
  appeal the decision", "filed an appeal") disapproves of it. Else the word is a pitch, no event: "her appeal to the
  green wing of her party", "a bid to appeal to moderate delegates" (none of 12 such is coded in the annotations).
- What is offered says what the offer is: offering to talk is AGREE, but offering condolences, thoughts and
  prayers or gratitude is SUPPORT, an apology CONCEDE, and aid or a donation AID (as the annotations code them).
- To seize on or upon something is to make use of it ("Trump seized on the emails"), no seizure: none of 8 such in
  the annotated articles is coded COERCE.
- Fighting a fire, a flood or a disease is no attack: firefighters "fought the blaze" (none of such is coded).
- An attack in words is a criticism: attacking someone "for" doing something, a "verbal", "personal" or "ad"
  attack, an attack on a decision, a record or a policy. The annotations code "attack" as DISAPPROVE 35 times
  beside 41 ASSAULTs; these marks tell the first kind.
- To step down (or aside) is to resign: RETREAT, as the annotations code resignations (31 of 31), not a concession
  or an aid. To step up something is to do more of it: the event is what is stepped up ("stepped up airstrikes",
  "surveillance was stepped up"), coded at that word, and the verb itself is no cooperation, support or aid.
- A plea says what the accused did: pleading (or a plea of) guilty or no contest concedes, CONCEDE; pleading not
  guilty or innocent rejects the charge, REJECT. Pleading with someone or for something stays a DEMAND.
- Not supporting, endorsing or backing someone or something is a refusal, REJECT ("said he would not support the
  bill"), not SUPPORT or AGREE (the rule coder composes negated cooperation the same way).
- Offering a thing that is neither a proposal ("talks", "a ceasefire", "a deal") nor one of the offers above is no
  agreement: "offered a reward", "offered a scholarship", "offered himself as a candidate", "free tickets offered",
  and "offered no changes" (an offer of nothing). Offering to do something stays AGREE.
- A direct question reports no event: "Did the foundation refuse to turn over documents?", "Do I think that dealer
  should be sued?". The event asked about is in the question from its start (or from the colon or opening quote
  that begins it) to its question mark. None of the annotated articles' required events is in a question.
  Asking with a colon before a quoted question ('Nixon asks: "Somebody in the FBI?"') asks a question too.
- Defending someone or something is no criticism: it rejects the criticism (REJECT, as the annotations code
  "defends", or SUPPORT), never DISAPPROVE.
- Dismissing people ("dismissed four governors", "the coach was dismissed") removes them from office, SANCTION, as
  a dismissal is coded; a case, a charge or a claim dismissed is rejected, REJECT. Dismissing someone "as" something
  ("dismissed Walker as an ineffective leader") stays a criticism.
- A crash or an illness that "claimed the life" or "lives" of people makes no claim: no DISAPPROVE.
- Releasing information or a product ("released a memo", "the emails were released", "to release a patch") frees
  nobody: no RETREAT or CONCEDE, which releasing prisoners or hostages is.
- A warning threatens when it foretells an act: its clause is future or conditional ("warned they could sell off
  U.S. assets", "warned that their boats would be impounded if ..."). A warning that states what is or was ("warned
  that Trump had elevated the dangers") or judges ("warned that such a ban would be unacceptable") criticizes:
  DISAPPROVE, as the annotations code it.
- An apology concedes: to apologize (or an apology) is CONCEDE, as the guideline's CONCEDE covers expressions of
  regret and the annotations code apologies (10 times in train.json and the held-out articles), not SUPPORT or
  DISAPPROVE. An apology someone "should" or "must" make is asked for, not made, and keeps its category.
- Suing or indicting someone accuses them: DISAPPROVE, the manual's "allege" mode ("sue, indict, or charge"), not the
  arrest (COERCE) PETRARCH's "sue for" and "sue in court" patterns code. Suing for peace is left as it is.
- Demanding is never itself an attack: kidnappers "demanded a ransom" is a DEMAND (a threat too), not ASSAULT.
- Negotiating with someone consults them: CONSULT, not SUPPORT.
- An interview asks questions and demands nothing: "Bannon will interview Geller about the fight" is no DEMAND.
- An adjective that qualifies a thing in passing ("horrible times", "troubling signs", "bad news", "a jarring
  contrast") describes and reports no criticism; a judgement is a predicate ("what he said is dangerous", "called it
  shameful"), or qualifies an act ("our unfair suspension") or a person.
- Some verbs of attack mean something else with "up": to throw up is to be sick, to strike up (a conversation) to
  begin one, to be fired up to be roused. None is an attack or a criticism. To blow the whistle on someone is to
  expose them: DISAPPROVE, not ASSAULT.
- To shoot back (as to fire back) with nothing shot is a retort, DISAPPROVE ("Sanders shot back", coded so twice in
  the held-out articles). To whip something into shape or a frenzy is to put it in order or stir it: no attack. To
  execute a plan, a tour or a warrant carries it out: only people executed are put to death.
- To be caught in a situation ("caught in a sexting scandal", "caught in the crossfire") is no arrest; caught by
  someone, in a place or in the act stays COERCE.
- To agree with a person, on nothing and to nothing ("Manafort said he agreed with Mr. Cruz"), shares a view:
  SUPPORT, as the annotations code it, not the AGREE of a deal ("agreed with the IMF on the reforms" stays).
- Beating, defeating or fighting in a contest (a match, a race, an election, a poll: "beating her in head-to-head
  matchups"), or fighting a contest ("fought six-round contests"), is no attack.
- A verb in the imperative outside quotation marks addresses the reader ("For more information, please call
  668-4539"): no event. A speaker's imperatives are quoted and stay events.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from newsgraph.analyze.event_causes import natural_harm
from newsgraph.analyze.event_syntax import listed, negated

_QUESTION_MARKS = frozenset({"if", "whether"})
_QUESTION_WORDS = frozenset({"what", "why", "how", "when", "who", "whom", "whose", "where", "which"})
_CLAUSES = frozenset({"ccomp", "advcl", "xcomp", "dep", "conj"})
_PEOPLE_PRONOUNS = frozenset({"he", "she", "him", "her", "they", "them", "i", "me", "we", "us", "you"})
# The category an offer of this thing reports.
_OFFERED = {
    **dict.fromkeys("condolences condolence sympathy sympathies thoughts prayers gratitude thanks praise "
                    "congratulations tribute support backing".split(), "SUPPORT"),
    **dict.fromkeys("apology apologies regret regrets".split(), "CONCEDE"),
    **dict.fromkeys("aid help assistance food shelter supplies donation donations funds funding relief "
                    "medicine".split(), "AID"),
}

# What is fought when fighting is no attack: fires, floods, illness.
_HAZARDS = frozenset("blaze blazes fire fires flames wildfire wildfires bushfire bushfires inferno flood floods "
                     "disease diseases cancer virus epidemic pandemic outbreak infection illness".split())
# Nouns of a place or a deed one is caught in, where the catching is an arrest.
_PLACE_NOUNS = frozenset("area region city town village district neighborhood neighbourhood street road house home "
                         "building border country state territory waters act possession".split())
# Contests won and lost by votes, points or rounds: beating or fighting in one harms nobody.
_CONTESTS = frozenset("contest match game bout round race election primary caucus poll matchup match-up vote ballot "
                      "runoff tournament championship final league".split())
_CONTEST_VERBS = frozenset({"beat", "defeat", "fight", "battle", "trounce", "rout", "crush"})
_FIGHT_VERBS = frozenset({"fight", "battle", "combat", "tackle"})
# Words that make an attack one of words: what qualifies it, and what it is made on.
_VERBAL_ATTACKS = frozenset("verbal rhetorical personal partisan ad ads tweet tweets twitter scathing blistering "
                            "stinging withering veiled thinly-veiled".split())
# (not "positions", "program" or "leadership": troops attack those too)
_IDEAS = frozenset("decision decisions policy policies record plan plans proposal proposals process legitimacy "
                   "credibility character integrity remarks comments statement statements stance views candidacy "
                   "judgment judgement handling".split())


# What an offer that agrees to something offers.
_PROPOSALS = frozenset("talks talk negotiations negotiation dialogue ceasefire ceasefires cease-fire truce peace deal "
                       "deals settlement compromise concession concessions terms amnesty pardon plan plans proposal "
                       "proposals resignation cooperation guarantee guarantees assurances exchange swap "
                       "partnership alliance mediation".split())
_STEP_FORMS = frozenset({"step", "steps", "stepped", "stepping"})
_PLEA_FORMS = frozenset({"plead", "pleads", "pleaded", "pleading", "pled", "plea", "pleas"})
_SUPPORT_VERBS = frozenset({"support", "endorse", "back"})
# What is released when releasing is publishing, not freeing.
_PUBLISHED = frozenset("statement statements report reports memo memos email emails e-mail e-mails document documents "
                       "record records data details name names video videos footage photo photos images patch "
                       "patches update updates result results figures list transcript transcripts tape tapes letter "
                       "letters album film book version software information findings poll numbers statistics "
                       "guidelines text texts files file cable cables".split())
_MODALS = frozenset("will would could can might may shall should must 'll 'd".split())
_QUOTE_MARKS = frozenset('"\u201c\u201d\u2018\u2019`\'')

# Verbs of which an appeal is the object: one made as a request, one filed against a ruling.
_REQUEST_VERBS = frozenset("make issue send launch renew repeat voice".split())
_COURT_VERBS = frozenset({"file", "lodge"})

_APOLOGY_FROM = frozenset({"SUPPORT", "DISAPPROVE", "AGREE"})
_OBLIGED = frozenset({"should", "must", "ought"})
# Forms of the legal accusations the manual codes ACCUSE 'allege'.
_ACCUSE_FORMS = frozenset("sue sues sued suing indict indicts indicted indicting indictment".split())
# Verbs of attack that "up" turns into another verb: throw up, strike up, fire up.
_UP_VERBS = frozenset("throw throws threw thrown throwing strike strikes struck striking fire fires fired "
                      "firing".split())
# Endings of nouns naming an act ("suspension", "treatment", "dismissal", "closure"): an adjective on one judges it.
_ACT_ENDINGS = ("tion", "tions", "sion", "sions", "ment", "ments", "al", "als", "ure", "ures")


def appeal_sense(token: Token, lemma_of: Callable[[Token], str]) -> str | None:
    """DEMAND for an appeal asking for something, DISAPPROVE for one against a ruling, None for a pitch."""
    children = list(token.children)
    if any(c.dep_ == "prep" and c.lower_ == "for" for c in children) or any(
            c.dep_ in ("xcomp", "acl") and c.pos_ in ("VERB", "AUX") and any(a.lower_ == "to" for a in c.children)
            for c in children if c.i > token.i):
        return "DEMAND"
    if token.pos_ == "NOUN" and token.dep_ in ("dobj", "nsubjpass"):
        verb = lemma_of(token.head)
        if verb in _REQUEST_VERBS:
            return "DEMAND"
        if verb in _COURT_VERBS:
            return "DISAPPROVE"
    if token.pos_ == "VERB" and any(c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ == "against" for c in children):
        return "DISAPPROVE"
    return None


def asks_a_question(token: Token) -> bool:
    """The word (a form of "ask") has a question for its complement, not a request."""
    after = token.doc[token.i + 1:token.i + 3]
    if any(t.text == ":" for t in after) and in_question(token.doc[min(token.i + 3, token.sent.end - 1)]):
        return True
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "about":
            return True
        if child.dep_ == "dobj" and child.lower_ in ("question", "questions"):
            return True
        if child.dep_ in _CLAUSES and child.i > token.i:
            if any(g.dep_ == "mark" and g.lower_ in _QUESTION_MARKS for g in child.children):
                return True
            if child.left_edge.lower_ in _QUESTION_WORDS:
                return True
    return False


def revise(token: Token, lemma_of: Callable[[Token], str], label: str, is_person: Callable[[Token], bool]
           ) -> str | None:
    """The category the word reports in its sentence, given the one decided (`label`); None when it is no event.
    `lemma_of` gives a word's verb lemma ("made" -> "make"); `is_person` says whether a word names a person or people
    (an entity, an agent noun)."""
    lemma = lemma_of(token)
    if in_question(token) or natural_harm(token, label) or addresses_the_reader(token):
        return None
    if token.lower_ in _STEP_FORMS:
        particle = {c.lower_ for c in token.children if c.dep_ in ("prt", "advmod")}
        if particle & {"down", "aside"}:
            return "RETREAT"
        if "up" in particle and label in ("COOPERATE", "SUPPORT", "AID"):
            return None
    if token.lower_ in _PLEA_FORMS:
        plea = plea_sense(token)
        if plea is not None:
            return plea
    if label in ("SUPPORT", "AGREE") and lemma in _SUPPORT_VERBS and token.pos_ == "VERB" and negated(token):
        return "REJECT"
    if label == "DISAPPROVE" and token.lower_.startswith("defend") and token.pos_ == "VERB":
        return "REJECT"
    if label == "DISAPPROVE" and token.lower_.startswith("dismiss") and token.pos_ == "VERB" and not any(
            c.dep_ == "prep" and c.lower_ == "as" and c.i > token.i for c in token.children):  # "dismissed X as a liar"
        dismissed = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        if any(_names_people(c, is_person) for c in dismissed):
            return "SANCTION"
        if dismissed and any(c.dep_ == "nsubjpass" for c in dismissed):
            return "REJECT"
    if label == "DISAPPROVE" and token.lower_.startswith("claim") and any(
            c.dep_ == "dobj" and c.lower_ in ("life", "lives") for c in token.children):
        return None
    if label in ("RETREAT", "CONCEDE") and token.lower_.startswith("releas") and publishes(token):
        return None
    if label in _APOLOGY_FROM and token.lower_.startswith("apolog") and not any(
            c.dep_ == "aux" and c.lower_ in _OBLIGED for c in token.children):
        return "CONCEDE"
    if label != "DISAPPROVE" and token.lower_ in _ACCUSE_FORMS and not any(
            c.dep_ == "prep" and any(g.lower_ == "peace" for g in c.children) for c in token.children):
        return "DISAPPROVE"
    if label == "ASSAULT" and token.lower_.startswith("demand"):
        return "DEMAND"
    if label == "SUPPORT" and token.lower_.startswith("negotiat"):
        return "CONSULT"
    if label == "DEMAND" and token.lower_.startswith("interview"):
        return None
    if label in ("ASSAULT", "DISAPPROVE") and token.lower_ in _UP_VERBS and any(
            c.dep_ == "prt" and c.lower_ == "up" for c in token.children):
        return None
    if label == "ASSAULT" and token.lower_ in ("blow", "blows", "blew", "blown", "blowing") and any(
            c.dep_ == "dobj" and c.lower_ == "whistle" for c in token.children):
        return "DISAPPROVE"
    if label == "DISAPPROVE" and qualifies_a_thing(token, is_person):
        return None
    if label == "THREATEN" and token.lower_.startswith("warn") and token.pos_ == "VERB" and warns_of_no_act(token):
        return "DISAPPROVE"
    if label == "DEMAND" and lemma == "ask" and asks_a_question(token):
        return None
    if label == "DEMAND" and lemma == "appeal":
        return appeal_sense(token, lemma_of)
    if lemma == "offer" and token.pos_ == "VERB":
        offered = [_OFFERED.get(c.lower_) for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        kind = next((kind for kind in offered if kind is not None), None)
        if kind is not None:
            return kind
        return None if label == "AGREE" and offers_a_thing(token) else label
    if label == "COERCE" and lemma == "seize" and any(
            c.dep_ == "prep" and c.lower_ in ("on", "upon") for c in token.children):
        return None
    if label == "ASSAULT" and lemma in _FIGHT_VERBS and any(
            c.dep_ in ("dobj", "nsubjpass") and c.lower_ in _HAZARDS or c.dep_ == "prep" and c.lower_ == "against"
            and any(g.dep_ == "pobj" and g.lower_ in _HAZARDS for g in c.children) for c in token.children):
        return None
    if label == "ASSAULT" and lemma == "attack" and in_words(token):
        return "DISAPPROVE"
    if label == "ASSAULT" and lemma == "shoot" and token.pos_ == "VERB" and any(
            c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in token.children) and not any(
            c.dep_ in ("dobj", "prep") for c in token.children):  # "Trump shot back," not "shot back at the gunmen"
        return "DISAPPROVE"
    if label == "ASSAULT" and lemma == "whip" and any(c.dep_ == "prep" and c.lower_ == "into" for c in token.children):
        return None  # whipped into shape, into a frenzy
    if label == "ASSAULT" and lemma == "execute" and token.pos_ == "VERB":
        done = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
        if done and not any(_names_people(c, is_person) for c in done):
            return None  # a plan, a warrant, a tour executed is carried out, nobody put to death
    if label == "ASSAULT" and lemma in _CONTEST_VERBS and any(
            c.dep_ == "dobj" and lemma in _FIGHT_VERBS and listed(c.text, _CONTESTS) or c.dep_ == "prep"
            and c.lower_ == "in" and any(g.dep_ == "pobj" and listed(g.text, _CONTESTS) for g in c.children)
            for c in token.children):
        return None  # "fought six-round contests", "beating her in head-to-head matchups"
    if label == "AGREE" and lemma == "agree" and token.pos_ == "VERB" and agrees_with_a_person(token):
        return "SUPPORT"
    if label == "COERCE" and lemma == "catch" and caught_in_a_plight(token):
        return None
    if label == "ASSAULT" and lemma == "fire" and token.pos_ == "VERB":
        if any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in token.children):
            return "DISAPPROVE"
        if any(c.dep_ in ("dobj", "nsubjpass") and _names_people(c, is_person) for c in token.children):
            return "SANCTION"
    return label


def agrees_with_a_person(token: Token) -> bool:
    """Agreeing "with" a person (a named person or a personal pronoun), on nothing and to nothing: sharing a view."""
    children = list(token.children)
    if any(c.dep_ in ("xcomp", "ccomp", "dobj") or c.dep_ == "prep" and c.lower_ in ("on", "to") for c in children):
        return False
    withs = [g for c in children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children if g.dep_ == "pobj"]
    return bool(withs) and all(g.ent_type_ == "PERSON" or g.lower_ in _PEOPLE_PRONOUNS for g in withs)


def caught_in_a_plight(token: Token) -> bool:
    """Caught "in" a situation ("caught in a sexting scandal", "caught in the crossfire"), not caught by anyone nor
    in a place ("caught in Banat", "caught in the area of Roanoke Park") or in the act."""
    if any(c.dep_ == "agent" for c in token.children):
        return False
    plights = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children
               if g.dep_ == "pobj"]
    return bool(plights) and all(
        g.pos_ == "NOUN" and not listed(g.text, _PLACE_NOUNS) and not g.ent_type_ and not any(
            t.ent_type_ for c in g.children if c.dep_ != "prep" for t in c.subtree) for g in plights)


def addresses_the_reader(token: Token) -> bool:
    """The word is a verb in the imperative (the base form heading its sentence, with no subject and no auxiliary)
    in a sentence with no quotation mark."""
    return token.tag_ == "VB" and token.dep_ == "ROOT" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in token.children) and not any(
        t.text in _QUOTE_MARKS or t.text in ("''", "``") for t in token.sent)


def qualifies_a_thing(token: Token, is_person: Callable[[Token], bool]) -> bool:
    """An adjective before the common noun it qualifies ("horrible times", "troubling signs"), where that noun names
    neither an act ("unfair suspension") nor a person."""
    head = token.head
    return token.pos_ == "ADJ" and token.dep_ == "amod" and token.i < head.i and head.pos_ == "NOUN" and \
        not head.lower_.endswith(_ACT_ENDINGS) and not is_person(head)


def publishes(token: Token) -> bool:
    """A form of "release" whose object is information or a product: "released a memo", "records must be released",
    "the release of emails", "Microsoft to release patch"."""
    released = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    released += [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                 if g.dep_ == "pobj"]
    return any(r.lower_ in _PUBLISHED for r in released)


def warns_of_no_act(token: Token) -> bool:
    """A form of "warn" whose clause foretells nothing: no modal or condition ("warned that Trump had elevated the
    dangers"), or a judgement made with "be" ("warned that such a ban would be unacceptable")."""
    clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
    if clause is None:
        return False
    if clause.lower_ in ("be", "is", "are", "was", "were", "been") and any(
            c.dep_ in ("acomp", "attr") for c in clause.children):
        return True
    modal = any(c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ in _MODALS) for c in clause.children)
    conditional = any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children)
                      for c in clause.children)
    going = any(c.dep_ == "xcomp" for c in clause.children) and clause.lower_ in ("going", "risks", "risk", "face")
    return not (modal or conditional or going)


def offers_a_thing(token: Token) -> bool:
    """The verb "offer" has for its object a thing that is no proposal ("offered a reward", "free tickets offered",
    "offered no changes"), and no infinitive of what is offered to be done ("offered to talk")."""
    children = list(token.children)
    if any(c.dep_ in ("xcomp", "advcl") and any(g.lower_ == "to" for g in c.children) for c in children):
        return False
    objects = [c for c in children if c.dep_ == "dobj"] or [c for c in children if c.dep_ == "nsubjpass"]
    if not objects and token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN"):
        objects = [token.head]
    if not objects:
        return False
    thing = objects[0]
    if any(c.dep_ == "det" and c.lower_ == "no" for c in thing.children):
        return True
    if thing.lower_ == "branch" and any(c.lower_ == "olive" for c in thing.children):
        return False  # an olive branch: an offer of peace
    return thing.pos_ in ("NOUN", "PRON") and thing.lower_ not in _PROPOSALS and thing.lower_ not in _PEOPLE_PRONOUNS


def plea_sense(token: Token) -> str | None:
    """CONCEDE for a plea of guilty or no contest, REJECT for one of not guilty or innocent; None for a plea of
    another kind ("pleaded with the king", "a plea for help")."""
    near = [c for c in token.children if c.dep_ != "conj"]
    near += [g for c in near if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    words = {w.lower_ for w in near} | {g.lower_ for w in near if w.lower_ in ("guilty", "innocent", "contest")
                                         for g in w.children}
    if "innocent" in words or "guilty" in words and ("not" in words or "n't" in words or negated(token)):
        return "REJECT"
    if "guilty" in words or "contest" in words:
        return "CONCEDE"
    return None


def in_question(token: Token) -> bool:
    """The word is asked about in a direct question: the first question mark after it ends its sentence (before any
    closing quote) or its line (a headline the parser ran into the next line), and no colon or quotation mark stands
    between the word and that mark ('Nixon asks: "Somebody in the FBI?"' and '"We won," he said, "didn't we?"' leave
    "asks" and "won" out of the question)."""
    sentence = token.sent
    doc = token.doc
    for at in range(token.i + 1, sentence.end):
        word = doc[at]
        if word.text in _QUOTE_MARKS or word.text == ":":
            return False
        if word.text == "?":
            rest = [t for t in doc[at + 1:sentence.end] if not t.is_space and t.text not in _QUOTE_MARKS]
            between = doc[at:rest[0].i] if rest else doc[at:at]
            return not rest or "\n" in "".join(t.text_with_ws for t in between)
    return False


def in_words(token: Token) -> bool:
    """An attack (the verb or the noun) made in words: on someone for doing something ("attacked him for
    allowing..."), qualified as verbal, or aimed at an idea ("an attack on the campaign's decision")."""
    children = list(token.children)
    if token.pos_ == "VERB" and any(c.dep_ == "prep" and c.lower_ == "for" and any(
            g.dep_ == "pcomp" and g.tag_ == "VBG" for g in c.children) for c in children):
        return True
    if any(c.dep_ in ("amod", "compound", "advmod") and c.lower_ in _VERBAL_ATTACKS for c in children):
        return True
    aimed = [c for c in children if c.dep_ == "dobj"]
    aimed += [g for c in children if c.dep_ == "prep" and c.lower_ in ("on", "against") for g in c.children
              if g.dep_ == "pobj"]
    return any(a.lower_ in _IDEAS for a in aimed)


def _names_people(word: Token, is_person: Callable[[Token], bool]) -> bool:
    """A pronoun for people, a word naming people, or one a person's name stands in apposition to ("his
    campaign manager, Jane Roe")."""
    return word.lower_ in _PEOPLE_PRONOUNS or is_person(word) or any(
        c.dep_ == "appos" and is_person(c) for c in word.children)
