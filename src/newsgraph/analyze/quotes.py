"""Quotes: direct (between quotation marks), indirect (reporting verbs, `according to`) and mixed.

Each quote has a content span, the cue that introduces it and the speaker: the span naming them (a pronoun or
a role noun included) and the entity it refers to. Direct quotes are found from the quotation marks and the
short frame beside them (`"X," she said`, `She said: "X"`, `"X," she said, "Y."`); indirect ones from the
dependency parse: a reporting verb with its subject and its clausal, nominal or prepositional complement.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from newsgraph.analyze import quote_cues, quote_syntax
from newsgraph.analyze.quote_cues import LEARNED, PREPOSITIONS, QuoteCueModel
from newsgraph.analyze.quote_marks import LABEL_COLON_WITHIN, Region, lines, quoted_regions, stands_as_label
from newsgraph.analyze.quote_syntax import QUOTE_CHARS
from newsgraph.analyze.speakers import Speakers, apart, names_someone, subject_of
from newsgraph.article import Article
from newsgraph.facts import Quote, Speaker, TextSpan
from newsgraph.nlp import unwrap

# Reporting verbs of English, by what carries the content: c = a clause (`said that ...`), t = a clause opening
# with `that` (`the study found that ...`), o = the direct object (`underscored the imperative`), a = the object is
# the addressee (`told reporters that ...`), x = an infinitive (`promised to ...`), n = the object and what it is
# called (`called Trump "unhinged"`). Every cue may frame a direct quote; one with no letter only frames quotes.
_CUES = """
say:co state:co add:c note:co claim:cx argue:c insist:c deny:co announce:co confirm:co explain:co underscore:co
emphasize:co emphasise:co stress:co indicate:co clarify:co declare:co assert:co maintain:c reiterate:co repeat:co
write:c tweet:co post:c report:cox reply:c respond:c answer:c suggest:cox acknowledge:co admit:cox concede:c recall:cox
observe:c remark:c comment: mention:co predict:co allege:c contend:c counter:c conclude:c highlight:co reveal:co
disclose:co estimate:c testify:c affirm:co boast:c joke:c quip: hint:c speculate:c lament:co recount:c complain:c
protest:c propose:cox recommend:co demand:co agree:cx exclaim: shout:c yell: whisper: scream: retort: rebut:co
reject:co cite:co describe:on label:n brand:n dub:n show:co find:c express:o voice:o proclaim:co decry:o
denounce:o condemn:o criticize:o criticise:o praise:o vow:cox pledge:cx promise:cox threaten:cox continue:
tell:acx inform:ac assure:ac warn:acx urge:ax ask:acx remind:ac advise:acx notify:ac caution:ac point:co speak:
talk: call:n elaborate: refer:
"""
# Verbs of belief attribute a thought to its holder (`Republicans believe that ...`), as PolNeAR's attributions do:
# on by default (PolNeAR dev loose F1 0.648 -> 0.658, precision 0.895 -> 0.886); `beliefs=False` leaves them out.
_BELIEFS = "think believe feel fear hope expect worry doubt suspect know realize realise reckon assume guess suppose"
_HOPES = frozenset({"hope"})  # a belief verb whose infinitive is the holder's aim: `Clinton hopes to win Ohio`
# Content in a prepositional object: `warned of dire consequences`, `called for calm`.
_PREP_CONTENT = {
    "warn": ("of", "about", "against"), "speak": ("about", "of"), "talk": ("about",), "call": ("for",),
    "complain": ("about", "of"), "insist": ("on",), "comment": ("on",), "testify": ("about", "on"),
    "boast": ("about", "of"), "joke": ("about",), "write": ("about", "of"), "ask": ("about", "for"),
    "argue": ("for", "against"), "worry": ("about",), "elaborate": ("on",), "refer": ("to",),
    "point": ("to",),
}
_ADDRESSEE_PREP = {"call": ("on", "upon")}  # `called on the party to unite`
_ASKING = frozenset({"ask"})  # cues whose content may be a question (`asked if ...`)
_PARTICLE = {"point": "out"}  # phrasal cues: `pointed out that ...`
_IRREGULAR = {"say": ("said",), "tell": ("told",), "write": ("wrote", "written"), "think": ("thought",),
              "feel": ("felt",), "know": ("knew", "known"), "speak": ("spoke", "spoken"), "find": ("found",),
              "show": ("shown",)}

_FRAME_END = frozenset(",?!—–-…:")  # a quote ending so is followed by its frame (`"X," she said`)
_SENTENCE_END = frozenset(".!?")
_TRIM = " \t\n,;:—–-"
_FRAME_WINDOW = 25
_WHEN = frozenset({"DATE", "TIME"})
# A cue under these was not uttered: `refrained from announcing`, `declined to comment`, `refused to say`.
_WITHHOLDING = frozenset({"refrain", "decline", "refuse", "fail", "avoid", "hesitate", "stop", "cease"})
_TRAILING_WORD = re.compile(r"[\s,]+(?:and|but|or|nor)$")
_MINOR_WORDS = frozenset("a an the of and or for to in on at with by from".split())
_NAMING = frozenset({"oprd", "attr", "advmod", "npadvmod", "ccomp", "xcomp", "dobj"})  # what an object is called
_REPORTED_PRONOUNS = frozenset({"he", "she", "they"})
_ANSWERS = frozenset({"yes", "no", "so"})
_FOUND_KEY = "newsgraph.quotes.found"  # `QuoteStage._found`'s results of a parse


@dataclass
class _Quote:
    kind: str
    start: int
    end: int
    speaker: Token | None
    cue: tuple[int, int] | None
    cue_token: Token | None = None
    line: int = -1


class QuoteStage:
    """Writes `article.quotes`; reads `text` and `entities` (with `roles`) and the parse."""

    reads: tuple[str, ...] = ("text", "entities", "entities.roles")
    writes: tuple[str, ...] = ("quotes",)

    def __init__(self, beliefs: bool = True, learned: QuoteCueModel | None | bool = True) -> None:
        """`learned`: the trained cue model (`quote_cues`), True for the packaged one, False or None for none."""
        self.beliefs = beliefs
        self.learned = quote_cues.packaged() if learned is True else learned or None
        self.cues: dict[str, tuple[str, str]] = {}  # word form -> (lemma, flags)
        entries = [tuple(item.split(":")) for item in _CUES.split()]
        if beliefs:
            entries += [(lemma, "cx" if lemma in _HOPES else "c") for lemma in _BELIEFS.split()]
        for lemma, flags in entries:
            for form in inflections(lemma):
                self.cues.setdefault(form, (lemma, flags))

    def __call__(self, article: Article, doc: Doc) -> None:
        article.quotes = []
        if len(doc) == 0:
            return
        finder = _Finder(self, unwrap(article.text), doc)  # a wrapped paragraph is one run of text
        found = self._found(finder, article, doc)
        if not found:
            return
        speakers = Speakers(article, doc, [(r.start, r.end) for r in finder.regions], finder.text)
        resolved: dict[int, Speaker] = {}
        for quote in sorted(found, key=lambda q: q.speaker.idx if q.speaker is not None else -1):
            if quote.speaker is not None and quote.speaker.i not in resolved:
                start, end = speakers.span(quote.speaker)
                entity = speakers.resolve(quote.speaker, start, end)
                resolved[quote.speaker.i] = Speaker(entity.id if entity else None, start, end, article.text[start:end])
        text = article.text
        for number, quote in enumerate(sorted(found, key=lambda q: (q.start, q.end)), start=1):
            article.quotes.append(Quote(
                id=f"q{number}",
                kind=quote.kind,
                speaker=replace(resolved[quote.speaker.i]) if quote.speaker is not None else None,
                cue=None if quote.cue is None else TextSpan(*quote.cue, text[quote.cue[0]:quote.cue[1]]),
                content=TextSpan(quote.start, quote.end, text[quote.start:quote.end]),
            ))

    def cue_of(self, token: Token) -> tuple[str, str] | None:
        """(lemma, flags) when the token is a reporting verb used as a verb, else None."""
        entry = self.cues.get(token.lower_)
        if entry is None or not (token.tag_.startswith("VB") or token.pos_ == "VERB"):
            return None
        if token.i > 0 and token.doc[token.i - 1].text == "-":
            return None  # `so-called`, `self-described`
        particle = _PARTICLE.get(entry[0])
        if particle and not any(c.dep_ == "prt" and c.lower_ == particle or c.dep_ == "prep"
                                and c.lower_ in _PREP_CONTENT.get(entry[0], ()) for c in token.children):
            return None
        return entry

    def _found(self, finder: _Finder, article: Article, doc: Doc) -> list[_Quote]:
        """The headline, direct and indirect quotes. Only headlines read the entities, and direct and indirect
        quotes only the parse and the headlines, so a second run on the same parse with the same headlines (the
        recognizer's actor view) takes them from the first, kept in `doc.user_data`."""
        headlines = finder.headlines(article)
        key = (self.beliefs, id(self.learned), article.text,
               tuple((q.kind, q.start, q.end, q.speaker.i if q.speaker is not None else -1) for q in headlines))
        kept = doc.user_data.get(_FOUND_KEY)
        if kept is None or kept[0] != key:  # the quotes are only read after this, so both runs may share them
            kept = doc.user_data[_FOUND_KEY] = (key, finder.direct() + finder.indirect())
        return headlines + kept[1]


def inflections(lemma: str) -> set[str]:
    """The lemma's word forms: -s, -ed, -ing with English spelling rules, plus the irregular ones."""
    forms = {lemma, *_IRREGULAR.get(lemma, ())}
    if lemma.endswith("y") and lemma[-2:-1] not in tuple("aeiou"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    else:
        forms |= {lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s"), lemma + "ed", lemma + "ing"}
        if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", lemma):  # admit -> admitted, refer -> referring
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


_WITHHOLDING_FORMS = frozenset(form for lemma in _WITHHOLDING for form in inflections(lemma))


def _withheld(cue: Token) -> bool:
    """Whether the cue is what someone refrained from or declined to do (`declined to comment on the report`)."""
    head = cue.head
    if cue.dep_ == "pcomp" and head.dep_ == "prep":
        head = head.head
    elif cue.dep_ != "xcomp":
        return False
    return head is not cue and head.lower_ in _WITHHOLDING_FORMS


class _Finder:
    """The quotes of one document."""

    def __init__(self, stage: QuoteStage, text: str, doc: Doc) -> None:
        self.stage = stage
        self.text = text
        self.doc = doc
        self.starts: list[int] = doc.to_array("IDX").tolist()  # no Token made per word
        self.regions = quoted_regions(text)
        self.region_starts = [r.start for r in self.regions]
        self.used: set[int] = set()  # cue tokens already used
        self.attributed: list[Region] = []
        self.inherited: dict[int, Token] = {}  # a cue coordinated inside another's content -> that cue's speaker

    def token_after(self, pos: int) -> int:
        return bisect.bisect_left(self.starts, pos)

    def token_before(self, pos: int) -> int:
        return bisect.bisect_left(self.starts, pos) - 1

    def region_at(self, pos: int) -> Region | None:
        index = bisect.bisect_right(self.region_starts, pos) - 1
        if index >= 0 and self.regions[index].start <= pos < self.regions[index].end:
            return self.regions[index]
        return None

    # -- `Name: statement` lines (headlines, transcripts) ------------------------------------------------------

    def headlines(self, article: Article) -> list[_Quote]:
        """`Kerry: "By law, ..."`, `Lynch: No outside influence on FBI probe`: a line opening with a name, a colon."""
        ends = {m.end: m for e in article.entities if e.type in ("PERSON", "ORG") for m in e.mentions}
        quotes = []
        for number, (a, b) in enumerate(lines(self.text)):
            colon = self.text.find(": ", a, min(b, a + LABEL_COLON_WITHIN))
            mention = ends.get(colon)
            if mention is None or not stands_as_label(self.text, a, mention.start, mention.end):
                continue
            opened = self.text[a:mention.start]
            if opened.count("(") > opened.count(")"):
                continue  # `Microsoft (NSDQ: MSFT) issued ...`: an exchange and its ticker, inside a sentence
            start = colon + 2
            while start < b and self.text[start].isspace():
                start += 1
            if len(self.text[start:b].split()) < 3:
                continue
            speaker = self.doc[self.token_before(mention.end)]
            content = self.text[start:b]
            kind = "direct" if content[0] in QUOTE_CHARS else "mixed" if any(c in QUOTE_CHARS for c in content) \
                else "indirect"
            quotes.append(_Quote(kind, start, b, speaker, (colon, colon + 1), None, number))
            self.attributed.extend(r for r in self.regions if start <= r.start < b)
        return quotes

    # -- direct quotes -------------------------------------------------------------------------------------------

    def direct(self) -> list[_Quote]:
        quotes: list[_Quote] = []
        headed = {r.start for r in self.attributed}
        for index, region in enumerate(self.regions):
            if region.start in headed:
                continue
            following = self.regions[index + 1].start if index + 1 < len(self.regions) else len(self.text)
            cue = None if self._title(region) else self._after_frame(region, following) or self._before_frame(region)
            last = quotes[-1] if quotes else None
            if last is not None and last.line == region.line and self._continues(last, region, cue):
                last.end = region.end
                self.attributed.append(region)
                continue
            if cue is not None and (speaker := subject_of(cue)) is not None and not apart(speaker, cue):
                self.used.add(cue.i)
                speaker = self._reporter(cue) or speaker
                quotes.append(_Quote("direct", region.start, region.end, speaker, self._cue_span(cue),
                                     cue, region.line))
                self.attributed.append(region)
        return [q for q in quotes if q.speaker is not None]

    def _after_frame(self, region: Region, following: int) -> Token | None:
        """`"X," she said` / `"X," said Baloch` / `"X," according to Y`: a cue in the few words after the quote."""
        inner = self.text[region.start:region.end].rstrip("\"”»'`’ ")
        if not region.closed or not inner:
            return None
        first = self.token_after(region.end)
        if first >= len(self.doc):
            return None
        if inner[-1] not in _FRAME_END and not (inner[-1] == "." and self.doc[first].is_lower):
            return None
        for j in range(first, min(first + _FRAME_WINDOW, len(self.doc))):
            token = self.doc[j]
            if token.idx >= following or "\n" in token.text or token.text in _SENTENCE_END:
                return None
            if token.lower_ == "according" and j + 1 < len(self.doc) and self.doc[j + 1].lower_ == "to":
                return token
            if self.stage.cue_of(token):
                inverted = quote_syntax.inverted_frame(token, first)
                return None if not inverted and self._reports_another(token, region) else token
            if token.pos_ == "VERB" and token.dep_ not in ("relcl", "acl", "amod", "compound"):
                # `"Stay there!" a man yelled.`: any verb of speaking, in a frame of a subject and the verb alone.
                return token if inner[-1] in ",?!" and self._bare_frame(token, first, following) else None
        return None

    def _bare_frame(self, verb: Token, first: int, following: int) -> bool:
        """The verb has its subject in the frame and at most a few words follow it in the sentence."""
        if not any(c.dep_ == "nsubj" and c.i >= first for c in verb.children):
            return False
        rest = 0
        for token in self.doc[verb.i + 1:verb.i + 6]:
            if token.idx >= following or token.text in _SENTENCE_END or "\n" in token.text:
                return True
            rest += not token.is_punct
        return rest <= 3 and verb.i + 6 >= len(self.doc)

    def _before_frame(self, region: Region) -> Token | None:
        """`She said: "X"` / `Baloch told reporters, "X"`: the cue nearest before the quote, in its sentence."""
        window = max(0, region.start - 400)
        before = self.text[window:region.start].rstrip(" \t")
        last = self.token_before(region.start)
        if last < 0:
            return None
        if before.endswith("\n") or not before:
            # A quote opening a paragraph: its frame is the previous paragraph ending with a colon.
            before = before.rstrip()
            if not before.endswith(":"):
                return None
            last = self.token_before(window + len(before))
        elif not (before[-1] in ":—–" or self.stage.cue_of(self.doc[last])
                  or before[-1] == "," and len(self.text[region.start:region.end].split()) >= 3):
            return None
        sentence_start = self.doc[last].sent.start
        # `She addressed the supporters again: "X"`: a clause ending in a colon introduces the quote.
        verb: Token | None = None
        for j in range(last, max(sentence_start - 1, last - 25), -1):
            token = self.doc[j]
            if self.region_at(token.idx) is not None:
                break
            if token.lower_ == "according" and j + 1 < len(self.doc) and self.doc[j + 1].lower_ == "to":
                return token
            if self.stage.cue_of(token) and j not in self.used:
                return None if self._reports_another(token, region) else token
            if verb is None and token.pos_ == "VERB" and any(c.dep_ == "nsubj" and names_someone(c)
                                                            for c in token.children):
                verb = token
        return verb if before.endswith(":") and verb is not None and verb.i not in self.used else None

    def _reports_another(self, cue: Token, region: Region) -> bool:
        """`Citing "the magic of it," she said the race was close`: the cue beside a quotation has a clause of its
        own, with a subject, outside every quotation; the quotation is not what it reports. (A clause with no subject
        is the parser's reading of the frame's other words: `said in an interview aired Monday on CNN`.)"""
        doc = cue.doc
        for clause in (c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i):
            first, last = doc[clause.left_edge.i], doc[clause.right_edge.i]
            if (first.idx >= region.end or last.idx < region.start) and first.text not in QUOTE_CHARS \
                    and self.region_at(first.idx) is None and not any(t.is_punct for t in doc[cue.i + 1:first.i]) \
                    and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children):
                return True  # the clause follows the cue with no comma between: `said the race was close`
        return False

    def _continues(self, last: _Quote, region: Region, cue: Token | None) -> bool:
        """`"X," she said, "Y."` and `"X," she said. "Y."`: the second piece belongs to the first quote."""
        if cue is not None and cue != last.cue_token:
            return False
        gap = self.doc.char_span(last.end, region.start, alignment_mode="contract")
        if gap is None or not len(gap):
            return not any(c.isalpha() for c in self.text[last.end:region.start])
        if last.cue_token is None or self.text[last.end:region.start].rstrip()[-1:] not in ",.:;!?—–":
            return False
        frame_sentence = last.cue_token.sent
        return all(t.is_punct or frame_sentence.start <= t.i < frame_sentence.end for t in gap)

    def _title(self, region: Region) -> bool:
        """`CNN's "State of the Union"`: a few capitalized words between quotation marks name a work, not speech."""
        words = re.findall(r"[^\W\d_][\w'’-]*", self.text[region.start:region.end])
        return 0 < len(words) <= 6 and all(w[0].isupper() or w.lower() in _MINOR_WORDS for w in words) \
            and sum(w[0].isupper() for w in words) >= 2

    def _whole_line(self, region: Region) -> bool:
        """The quote is its paragraph: nothing but spaces before it on its line, nothing but punctuation after."""
        line_start = self.text.rfind("\n", 0, region.start) + 1
        line_end = self.text.find("\n", region.end)
        after = self.text[region.end:line_end if line_end >= 0 else len(self.text)]
        return not self.text[line_start:region.start].strip() and not after.strip(" .,;")

    def _ends_line(self, quote: _Quote) -> bool:
        """Nothing but the quote's own frame after it on its line."""
        line_end = self.text.find("\n", quote.end)
        line_end = len(self.text) if line_end < 0 else line_end
        rest = self.text[quote.end:line_end]
        if not rest.strip(" .,"):
            return True
        return quote.cue is not None and quote.cue[0] >= quote.end and len(rest) < 80 and rest.rstrip()[-1:] in "."

    # -- indirect quotes -----------------------------------------------------------------------------------------

    def indirect(self) -> list[_Quote]:
        candidates: list[_Quote] = []
        learned = self.stage.learned.cues(self.doc, lambda t: self.stage.cue_of(t) is not None) \
            if self.stage.learned is not None else {}
        for token in self.doc:
            if token.i in self.used or self.region_at(token.idx) is not None:
                continue
            if token.lower_ == "according":
                quote = self._according(token)
            elif (survey := quote_syntax.survey_ahead(token)) is not None:
                quote = self._clause_of(token, survey, self._cue_span(token))
            else:
                entry = self.stage.cue_of(token)
                if entry is None and token.i in learned and token.lower_ not in _WITHHOLDING_FORMS:
                    entry = (LEARNED, learned[token.i])  # `declined to comment` says nothing either
                quote = self._reported(token, entry[0], entry[1]) if entry else None
            if quote is not None:
                candidates.append(quote)
        accepted: list[_Quote] = []
        # In text order: ranking by the cue's depth in the parse was tried and took PolNeAR dev precision under 0.88.
        for quote in sorted(candidates, key=lambda q: q.start):
            cue_at = quote.cue[0] if quote.cue else quote.start
            if any(q.start <= cue_at < q.end for q in accepted):
                continue  # an attribution reported inside another one
            if any(r.start < quote.end and quote.start < r.end and not (quote.start <= r.start and r.end <= quote.end)
                   for r in self.attributed):
                continue
            accepted.append(quote)
        return accepted

    def _reported(self, cue: Token, lemma: str, flags: str) -> _Quote | None:
        """`X said that Y`, `X underscored Y`, `X warned of Y`, `X promised to Y`, `X called Y Z`; X the subject."""
        if _withheld(cue):
            return None
        if (agent := quote_syntax.agent(cue)) is not None:
            return self._passive(cue, agent, flags)
        if (infinitive := quote_syntax.raised(cue)) is not None:
            span = self._content_span(infinitive.left_edge.i, self._right_edge(infinitive), cue)
            return _Quote(self._kind(*span), span[0], span[1], None, self._cue_span(cue), cue) if span else None
        parts = self._complement(cue, lemma, flags)
        if parts:
            left, right = min(p.left_edge.i for p in parts), max(self._right_edge(p) for p in parts)
        elif cue.dep_ == "parataxis" and flags or flags and quote_syntax.as_clause(cue):
            # `In his state, Christie said, offenders are ...`; `As the paper reported, the plant will close.`
            left, right = quote_syntax.clause_without(cue.head, cue)
        else:
            return None
        unnamed = quote_syntax.unnamed_asker(cue) or lemma in _ASKING and quote_syntax.asked_unnamed(cue)
        speaker = self.inherited.get(cue.i) or (None if unnamed else subject_of(cue))
        if speaker is None and not unnamed or speaker is not None and apart(speaker, cue):
            return None
        if len(parts) == 1 and speaker is not None and (second := self._second_cue(parts[0], right)) is not None:
            right = second.left_edge.i - 1  # `said that X and predicted that Y`: two statements, each its own quote
            self.inherited[second.i] = speaker
        elif parts and speaker is not None and left > cue.i and (other := quote_syntax.contrasted_report(
                parts[-1], right, speaker, lambda t: self.stage.cue_of(t) is not None)) is not None:
            right = other.left_edge.i - 1  # `said X, while others said Y`: their statement is no part of X
        if len(parts) == 1 and parts[0].dep_ == "ccomp" and speaker is not None \
                and quote_syntax.extracted(left, speaker, cue):
            left = cue.i + 1  # `moves that he said improved the economy`: the content goes on after the cue
        span = self._content_span(left, right, cue)
        said_by = speaker.idx if speaker is not None else cue.idx
        if span is None or parts and (span[0] <= said_by < span[1] or span[0] <= cue.idx < span[1]):
            return None
        first = min(said_by, cue.idx)
        gap = self.text[span[1]:first].strip() if span[1] <= first else ","
        if (gap[:1] or self.text[span[1] - 1]) not in (",", *QUOTE_CHARS):
            return None  # content before its speaker is set off by a comma: `Taxes will rise, he said`
        reporter = self._reporter(cue, *parts)
        if reporter is None and speaker is not None:
            speaker = self._reporting_subject(speaker) or speaker
        return _Quote(self._kind(*span), span[0], span[1], reporter or speaker, self._cue_span(cue), cue)

    def _reporting_subject(self, pronoun: Token) -> Token | None:
        """`Jones said he believes taxes will rise`: a third-person pronoun subject of a clause another reporting
        verb reports stands for that verb's named subject, who is the source of what the clause attributes; that
        subject, else None."""
        clause = pronoun.head
        if pronoun.lower_ not in _REPORTED_PRONOUNS or clause.dep_ != "ccomp" or clause.head == clause \
                or self.stage.cue_of(clause.head) is None:
            return None
        subject = subject_of(clause.head)
        return subject if subject is not None and subject.pos_ != "PRON" and subject.i < pronoun.i else None

    def _second_cue(self, head: Token, right: int) -> Token | None:
        """`said that taxes would rise and predicted that ...`: a cue with no subject of its own, coordinated with
        `and` or `but` inside the content (where the parser hung it), says a second thing; else None."""
        if not any(c.dep_ == "mark" and c.lower_ == "that" for c in head.children):
            return None
        for token in head.doc[head.i + 1:right + 1]:
            if token.dep_ == "conj" and self.stage.cue_of(token) is not None and token.head.i >= head.i \
                    and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children) \
                    and token.doc[token.i - 1].lower_ in ("and", "but") and token.left_edge.i == token.i:
                return token
        return None

    def _reporter(self, cue: Token, *heads: Token) -> Token | None:
        """`X said Y, according to Z`: Z reports what X said, and the attribution is Z's (the `according to` then
        makes no quote of its own); else None."""
        for child in [*cue.children, *(c for h in heads for c in h.rights)]:
            if child.lower_ == "according" and child.i not in self.used and not apart(child, cue):
                source = subject_of(child)
                if source is not None:
                    self.used.add(child.i)
                    return source
        return None

    def _passive(self, cue: Token, agent: Token, flags: str) -> _Quote | None:
        """`It was announced by the ministry that Y`, `The plan was first reported by the paper`: the agent spoke;
        the content is the clause, else the subject of a verb whose object is its content."""
        head = next((c for c in cue.children if c.dep_ == "ccomp" and c.i > cue.i), None)
        if head is None and ("o" in flags or "c" in flags):
            head = next((c for c in cue.children if c.dep_ == "nsubjpass" and c.pos_ != "PRON"), None)
        if head is None or apart(agent, cue) or apart(head, cue):
            return None
        span = self._content_span(head.left_edge.i, self._right_edge(head), cue)
        if span is None or span[0] <= agent.idx < span[1]:
            return None
        return _Quote(self._kind(*span), span[0], span[1], agent, self._cue_span(cue), cue)

    def _complement(self, cue: Token, lemma: str, flags: str) -> list[Token]:
        """The tokens heading the content: a clause, an infinitive, an object (with its predicate), a prep object."""
        # content after the cue before content ahead; none on another line (a paragraph the parser ran on into)
        children = sorted((c for c in cue.children if not apart(c, cue)), key=lambda c: c.i < cue.i)
        for wanted, dep in (("c", "ccomp"), ("t", "ccomp"), ("x", "xcomp"), ("o", "dobj"), ("n", "dobj")):
            if wanted not in flags:
                continue
            found = next((c for c in children if c.dep_ == dep), None)
            if found is None or dep != "ccomp" and (found.pos_ == "PRON" and wanted != "n" or found.ent_type_ in _WHEN):
                continue
            if wanted == "t" and not any(c.dep_ == "mark" and c.lower_ == "that" for c in found.children):
                continue
            if wanted == "x" and any(c.dep_ == "auxpass" for c in found.children):
                continue  # `asked not to be identified`
            if wanted != "n":
                return [found]
            # `called Trump "unhinged"`, `described the meeting as productive`: the object and what it is called.
            # The parser may hang the name on the object (`called his plan "a step forward"`) or on the verb.
            predicate = next((c for c in children if c.i > found.i and c.ent_type_ not in _WHEN and not c.is_punct
                              and (c.dep_ in _NAMING or c.dep_ == "prep" and c.lower_ == "as")), None)
            if predicate is not None:
                return [found, predicate]
            if quote_syntax.names_in_quotes(found):
                return [found]
        if lemma in _ADDRESSEE_PREP:  # `called on Congress to act`: whom the call is on and what they should do
            prep = next((c for c in children if c.dep_ == "prep" and c.lower_ in _ADDRESSEE_PREP[lemma]
                         and c.i > cue.i), None)
            addressee = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            infinitive = next((c for c in children if c.dep_ == "xcomp" and prep is not None and c.i > prep.i), None)
            if addressee is not None and infinitive is not None:
                return [addressee, infinitive]
        if "n" in flags:  # `called her "third-rate"`: the object parsed into the name
            predicate = next((c for c in children if c.i > cue.i and c.dep_ == "oprd" and not c.is_punct), None)
            if predicate is not None:
                return [predicate]
        if lemma in _ASKING and (question := quote_syntax.question_clause(cue)) is not None:
            return [question]
        if "c" in flags and (hung := quote_syntax.hung_clause(cue)) is not None:
            return [hung]
        if "c" in flags:  # `said yes`, `said no`, `said so`: a word standing for the answer
            answer = next((c for c in children if c.i > cue.i and c.lower_ in _ANSWERS and c.dep_ in ("intj", "advmod",
                                                                                                   "dobj")), None)
            if answer is not None:
                return [answer]
        preps = PREPOSITIONS if lemma == LEARNED else _PREP_CONTENT.get(lemma, ())
        prep = next((c for c in children if c.dep_ == "prep" and c.lower_ in preps), None)
        found = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
        if found is None:  # `calling for the state to act`: a clause opened by the preposition
            found = next((c for c in children if c.i > cue.i and c.dep_ in ("advcl", "ccomp")
                          and any(m.dep_ == "mark" and m.lower_ in preps for m in c.children)), None)
        if found is None or found.ent_type_ in _WHEN or found.lower_ in ("instance", "example"):
            return []  # `for instance` is no content
        return [found]

    def _right_edge(self, head: Token) -> int:
        """Last token of the content, less a trailing `, adding that ...`: another statement of the speaker's."""
        last = head.right_edge.i
        child = next(reversed(list(head.rights)), None)
        if child is not None and child.lower_ == "according" and child.i > head.i:
            return child.i - 1  # `..., according to Z` reports the clause: not part of it
        if child is not None and child.dep_ == "advcl" and child.tag_ == "VBG" and self.stage.cue_of(child) \
                and child.right_edge.i == last and child.left_edge.i > 0 \
                and child.doc[child.left_edge.i - 1].text == ",":
            return child.left_edge.i - 2
        return last

    def _according(self, token: Token) -> _Quote | None:
        """`According to X, Y` / `Y, according to X`: the clause it modifies is the content."""
        to = next((c for c in token.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if to is None or source is None or token.head == token:
            return None
        return self._clause_of(token, source, (token.idx, to.idx + len(to.text)))

    def _clause_of(self, token: Token, source: Token, cue: tuple[int, int]) -> _Quote | None:
        """The clause a phrase naming a source modifies, less that phrase, as the source's quote."""
        span = self._content_span(*quote_syntax.clause_without(token.head, token), token)
        return None if span is None else _Quote(self._kind(*span), span[0], span[1], source, cue, token)

    # -- shared pieces -------------------------------------------------------------------------------------------

    def _cue_span(self, cue: Token) -> tuple[int, int]:
        end = cue.idx + len(cue.text)
        particle = next((c for c in cue.children if c.dep_ == "prt" and c.i == cue.i + 1), None)
        if cue.lower_ == "according" and cue.i + 1 < len(self.doc):
            particle = self.doc[cue.i + 1]
        if particle is not None:
            end = particle.idx + len(particle.text)
        return cue.idx, end

    def _content_span(self, left: int, right: int, cue: Token) -> tuple[int, int] | None:
        """Characters of tokens left..right on the cue's line, widened over quotations they cut into, trimmed."""
        if right < left:
            return None
        line_start = self.text.rfind("\n", 0, cue.idx) + 1
        line_end = self.text.find("\n", cue.idx)
        start = max(self.doc[left].idx, line_start)
        end = self.doc[right].idx + len(self.doc[right].text)
        end = min(end, line_end) if line_end >= 0 else end
        for pos in (start, end - 1):
            region = self.region_at(pos)
            if region is not None:
                start, end = min(start, region.start), max(end, region.end)
        while start < end and self.text[start] in _TRIM:
            start += 1
        while True:
            while end > start and self.text[end - 1] in _TRIM + ".":
                end -= 1
            tail = _TRAILING_WORD.search(self.text, start, end)
            if tail is None or tail.start() == start:
                break
            end = tail.start()
        if not any(c.isalnum() for c in self.text[start:end]):
            return None
        return start, end

    def _kind(self, start: int, end: int) -> str:
        """direct when the content is one quotation, mixed when it holds one, else indirect."""
        index = bisect.bisect_left(self.region_starts, start)
        inside = [r for r in self.regions[index:index + 20] if r.end <= end]
        if not inside:
            return "indirect"
        if len(inside) == 1 and inside[0].start == start and self.text[inside[0].end:end].strip(" .,") == "":
            return "direct"
        return "mixed"
