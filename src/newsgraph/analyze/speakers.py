"""Who is speaking: the span naming a quote's speaker, and the entity it refers to (names, pronouns, role nouns)."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsgraph.analyze.captions import captions
from newsgraph.article import Article, Entity
from newsgraph.nlp import unwrap

_MALE = "m"
_FEMALE = "f"
_PRONOUN_GENDER = {"he": _MALE, "him": _MALE, "his": _MALE, "himself": _MALE,
                   "she": _FEMALE, "her": _FEMALE, "hers": _FEMALE, "herself": _FEMALE}
_PRONOUN_WORD = re.compile(r"\b(?:" + "|".join(_PRONOUN_GENDER) + r")\b", re.I)
_HONORIFIC = re.compile(r"\b(?:(Mr|Mister|Sir|Lord|King|Prince|Sheikh|Brother|Father)|"
                        r"(Mrs|Ms|Miss|Madam|Madame|Dame|Lady|Queen|Princess|Sister))\.?\s+$")
# Gendered nouns of English titles and kinship: `spokeswoman`, `chairman`, `first lady`, `widow`.
_MALE_WORDS = frozenset("man men he king prince father son brother husband uncle nephew boy lord duke emperor sultan "
                        "grandfather widower monk sir".split())
_FEMALE_WORDS = frozenset("woman women she queen princess mother daughter sister wife aunt niece girl lady duchess "
                          "empress grandmother widow nun actress madam dame countess baroness heiress hostess "
                          "stewardess waitress priestess".split())
_NOT_MALE = frozenset("german roman human shaman ottoman caiman talisman".split())
_ORG_PRONOUNS = frozenset({"it", "its"})
_GROUP_PRONOUNS = frozenset({"they"})
# The tokens of a noun phrase naming a speaker: determiners, modifiers, compounds, possessives.
_NP_LEFT = frozenset({"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod", "case", "advmod", "predet"})
_NP_RIGHT = frozenset({"prep", "pobj", "compound", "case"})
_PUNCT_EDGES = " \t\n,;:.!?\"“”‘’'()[]—–-"
_LOOKBACK_SENTENCES = 6
_QUOTE_MARK = re.compile(r"``|'{2,3}|[\"“”«»„‟‘’']")
_RELATIVE = frozenset({"who", "that", "which", "whom"})


@dataclass
class _Mention:
    start: int
    end: int
    entity: Entity


class Speakers:
    """Per-document speaker finder: built once per document from its entities; `resolve` in text order."""

    def __init__(self, article: Article, doc: Doc, quoted: list[tuple[int, int]] | None = None,
                 flowing: str | None = None) -> None:
        """`flowing`: the article's text with wrapped lines joined (`nlp.unwrap`), when the caller has it."""
        self.text = article.text
        self.doc = doc
        # Names and pronouns inside quotations are not the frame's antecedents (`"... Jeb Bush ...," he wrote`).
        self.quoted = sorted(quoted or [])
        self.quoted_starts = [a for a, _ in self.quoted]
        mentions = [_Mention(m.start, m.end, e) for e in article.entities for m in e.mentions
                    if not self._in_quote(m.start)]
        mentions.sort(key=lambda m: m.start)
        self.named = mentions  # every name outside quotations: what a speaker phrase itself names
        self.named_starts = [m.start for m in mentions]
        # A picture's caption or credit stands outside the story: who it names is no antecedent.
        outside = captions(flowing if flowing is not None else unwrap(self.text), doc)
        outside_starts = [a for a, _ in outside]
        self.mentions = [m for m in mentions if not _within(m.start, outside, outside_starts)]
        self.starts = [m.start for m in self.mentions]
        # Pronouns already resolved (position -> entity), so that `She ... she ... She` chains hold.
        self.resolved: dict[int, Entity] = {}
        self.gender = self._genders(article.entities)

    def span(self, head: Token) -> tuple[int, int]:
        """Character span of the phrase naming the speaker: the entity mention, the pronoun, or the noun phrase."""
        mention = self._mention_at(head.idx)
        if mention is not None:
            return mention.start, mention.end
        if head.pos_ == "PRON" or head.lower_ in _RELATIVE:
            return head.idx, head.idx + len(head.text)
        left = head
        for child in head.lefts:
            if child.dep_ in _NP_LEFT:
                left = child.left_edge if child.left_edge.i < left.i else left
                break
        right = head.i
        for child in head.rights:
            if child.dep_ in _NP_RIGHT and child.i == right + 1 or (child.dep_ == "prep" and child.lower_ in (
                    "of", "for", "at", "from", "with")) or _participle(child) and child.i == right + 1:
                # `Emails seen by the paper`, `A poll released Sunday`: the participle belongs to the phrase
                right = max(right, child.right_edge.i)
            else:
                break
        # `The head of the group, Jane Doe, said`: the name in apposition is part of the phrase naming the speaker
        appos = next((c for c in head.rights if c.dep_ == "appos" and c.i > right), None)
        if appos is not None and all(t.is_punct for t in self.doc[right + 1:appos.left_edge.i]):
            right = appos.right_edge.i
        start, end = left.idx, self.doc[right].idx + len(self.doc[right].text)
        while start < end and self.text[start] in _PUNCT_EDGES:
            start += 1
        while end > start and self.text[end - 1] in _PUNCT_EDGES:
            end -= 1
        return (start, end) if start < end else (head.idx, head.idx + len(head.text))

    def resolve(self, head: Token, start: int, end: int) -> Entity | None:
        """The entity the speaker phrase refers to; None when nothing fits."""
        if head.lower_ in _RELATIVE and head.head.dep_ == "relcl" and head.head.head is not head.head:
            # `Jeb Bush, who said ...`: the relative pronoun stands for the noun its clause modifies.
            antecedent = head.head.head
            return self.resolve(antecedent, *self.span(antecedent))
        participle = next((c for c in head.rights if _participle(c)), None)
        if participle is not None:  # who saw or filed the document is not who it speaks for
            end = min(end, participle.idx)
        mention = self._mention_at(head.idx) or self._mention_within(start, end)
        if mention is not None:
            return mention.entity
        word = head.lower_
        if head.pos_ == "PRON" or word in _PRONOUN_GENDER:
            entity = self._antecedent(head)
        else:
            entity = self._role_antecedent(head)
        if entity is not None:
            self.resolved[head.idx] = entity
        return entity

    def _in_quote(self, pos: int) -> bool:
        return _within(pos, self.quoted, self.quoted_starts)

    def _mention_at(self, pos: int) -> _Mention | None:
        index = bisect.bisect_right(self.named_starts, pos) - 1
        if index >= 0 and self.named[index].start <= pos < self.named[index].end:
            return self.named[index]
        return None

    def _mention_within(self, start: int, end: int) -> _Mention | None:
        """A person named inside the phrase (`the president's envoy Dennis Ross`), else None."""
        index = bisect.bisect_left(self.named_starts, start)
        inside = [m for m in self.named[index:index + 8] if m.end <= end]
        # A possessor is someone else: `Trump's spokesperson` is not Trump.
        people = [m for m in inside if m.entity.type == "PERSON" and self.text[m.end:m.end + 2] not in ("'s", "’s")]
        return people[-1] if people else None

    def _antecedent(self, pronoun: Token) -> Entity | None:
        """Nearest compatible antecedent: walk back sentence by sentence; in a sentence prefer the subject."""
        word = pronoun.lower_
        if word in _PRONOUN_GENDER:
            wanted = _PRONOUN_GENDER[word]

            def fits(entity: Entity) -> int:
                if entity.type != "PERSON":
                    return 0
                known = self.gender.get(entity.id)
                return 2 if known == wanted else 1 if known is None else 0
        elif word in _ORG_PRONOUNS:
            def fits(entity: Entity) -> int:
                return 2 if entity.type in ("ORG", "GPE") else 0
        elif word in _GROUP_PRONOUNS:
            def fits(entity: Entity) -> int:
                return 2 if entity.type in ("ORG", "NORP") else 1 if entity.type == "GPE" else 0
        else:
            return None
        sentence = pronoun.sent
        for _ in range(_LOOKBACK_SENTENCES):
            limit = pronoun.idx if sentence.start <= pronoun.i < sentence.end else sentence.end_char
            found = self._best_in(sentence.start_char, limit, fits)
            if found is not None:
                return found
            if sentence.start == 0:
                break
            sentence = self.doc[sentence.start - 1].sent
        return None

    def _best_in(self, start: int, end: int, fits: Callable[[Entity], int]) -> Entity | None:
        """The best candidate mentioned in [start, end): known gender over unknown, subjects first, then leftmost."""
        candidates: list[tuple[int, int, int, Entity]] = []
        index = bisect.bisect_left(self.starts, start)
        for mention in self.mentions[index:]:
            if mention.start >= end:
                break
            score = fits(mention.entity)
            if score:
                candidates.append((score, self._is_subject(mention.start), -mention.start, mention.entity))
        for pos, entity in self.resolved.items():
            if start <= pos < end and (score := fits(entity)):
                candidates.append((score, self._is_subject(pos), -pos, entity))
        if not candidates:
            return None
        return max(candidates, key=lambda c: c[:3])[3]

    def _is_subject(self, pos: int) -> int:
        span = self.doc.char_span(pos, pos + 1, alignment_mode="expand")
        if span is None or not len(span):
            return 0
        token = span[0]
        while token.dep_ in ("compound", "flat") and token.head is not token:
            token = token.head
        return 1 if token.dep_ in ("nsubj", "nsubjpass") else 0

    def _role_antecedent(self, head: Token) -> Entity | None:
        """`the spokesperson`, `the minister`, `the ministry`: the nearest entity holding that role or name."""
        noun = head.lower_
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        best: tuple[int, Entity] | None = None
        for mention in self.mentions:
            entity = mention.entity
            if head.pos_ == "PROPN":  # a name the entity layer missed here: a word of a known name
                ok = head.text in entity.name.split() and entity.type in ("PERSON", "ORG")
            elif entity.type == "PERSON":
                ok = any(noun in r.title.lower().replace("-", " ").split() for r in entity.roles)
            elif entity.type == "ORG":
                ok = noun in entity.name.lower().split()
            else:
                ok = False
            if not ok:
                continue
            # Prefer the latest mention before the phrase; else the first one after it.
            distance = head.idx - mention.start if mention.start < head.idx else 10**9 + mention.start
            if best is None or distance < best[0]:
                best = (distance, entity)
        return best[1] if best else None

    def _genders(self, entities: list[Entity]) -> dict[str, str]:
        """Gender of people from honorifics, gendered titles and pronouns that can only refer to them."""
        votes: dict[str, Counter[str]] = {e.id: Counter() for e in entities if e.type == "PERSON"}
        for mention in self.named:  # an honorific tells even in a caption
            entity = mention.entity
            if entity.id not in votes:
                continue
            match = _HONORIFIC.search(self.text[max(0, mention.start - 12):mention.start])
            if match:
                votes[entity.id][_MALE if match.group(1) else _FEMALE] += 3
        for entity in entities:
            if entity.id not in votes:
                continue
            for role in entity.roles:
                gender = _word_gender(role.title)
                if gender:
                    votes[entity.id][gender] += 3
        for match in _PRONOUN_WORD.finditer(self.text):
            gender = _PRONOUN_GENDER[match.group().lower()]
            span = self.doc.char_span(match.start(), match.end())
            if span is None or self._in_quote(match.start()):
                continue
            token = span[0]
            sentence = token.sent
            start = self.doc[sentence.start - 1].sent.start_char if sentence.start > 0 else sentence.start_char
            people = {m.entity.id for m in self._mentions_in(start, token.idx) if m.entity.type == "PERSON"}
            if len(people) == 1:
                votes[people.pop()][gender] += 1
        genders: dict[str, str] = {}
        for entity_id, counts in votes.items():
            male, female = counts[_MALE], counts[_FEMALE]
            if male > female:
                genders[entity_id] = _MALE
            elif female > male:
                genders[entity_id] = _FEMALE
        return genders

    def _mentions_in(self, start: int, end: int) -> list[_Mention]:
        index = bisect.bisect_left(self.starts, start)
        out = []
        for mention in self.mentions[index:]:
            if mention.start >= end:
                break
            out.append(mention)
        return out


def _participle(token: Token) -> bool:
    """A past participle modifying a noun: `seen by the paper`, `released on Sunday`."""
    return token.dep_ == "acl" and token.tag_ == "VBN"


def _within(pos: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    index = bisect.bisect_right(starts, pos) - 1
    return index >= 0 and spans[index][0] <= pos < spans[index][1]


def _word_gender(title: str) -> str | None:
    """`spokeswoman` -> f, `Chairman` -> m, `first lady` -> f; None for neutral titles."""
    for word in re.findall(r"[a-z]+", title.lower()):
        if word in _FEMALE_WORDS or word.endswith("woman"):
            return _FEMALE
        if word in _MALE_WORDS or word.endswith("man") and word not in _NOT_MALE:
            return _MALE
    return None


def subject_of(cue: Token) -> Token | None:
    """The subject of a cue, inherited through `..., adding that`, `and said`, `refrained from announcing`."""
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    verb = cue
    raised = False  # climbed from an infinitive to the verb it completes
    for _ in range(6):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl") and not apart(c, cue)]
        if subjects:
            subject = min(subjects, key=lambda c: abs(c.i - verb.i))
            if subject.dep_ != "nsubj" or subject.lower_ in _RELATIVE and verb.dep_ != "relcl":
                return None  # a passive (`was told`), an expletive (`it is said`)
            if raised and subject.lower_ == "it":
                return None  # `it is fair to say`, `it is hard to believe`: `it` stands for the infinitive
            if subject.lower_ == "that" and verb.dep_ == "relcl":
                return None  # `a case that threatened to ...`: a relative `that` stands for a thing, seldom a source
            return subject
        raised = raised or verb.dep_ == "xcomp"
        if verb.dep_ in ("conj", "advcl", "xcomp"):
            verb = verb.head
        elif verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            verb = verb.head.head
        else:
            return _inverted_subject(cue) if verb is cue and cue.dep_ != "acl" else None
    return None


def apart(a: Token, b: Token) -> bool:
    """Tokens on different lines (a headline parsed into the next paragraph's sentence)."""
    low, high = (a, b) if a.i < b.i else (b, a)
    return any("\n" in t.text or "\n" in t.whitespace_ for t in a.doc[low.i:high.i])


def names_someone(token: Token) -> bool:
    """A pronoun or a name: who may speak in a frame whose verb is not a reporting verb."""
    return token.pos_ == "PRON" and token.lower_ not in ("it", "this", "that") \
        or token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")


def _inverted_subject(cue: Token) -> Token | None:
    """`"X," said Baloch` when the parser missed the subject: the name right after the cue."""
    doc = cue.doc
    for j in range(cue.i + 1, min(cue.i + 4, len(doc))):
        token = doc[j]
        if token.pos_ in ("PROPN", "PRON") or token.pos_ == "NOUN" and token.dep_ in ("nsubj", "dobj", "attr") \
                or token.is_title and token.pos_ in ("ADV", "VERB", "X", "INTJ"):  # `said Skelly`, the name mistagged
            while token.dep_ in ("compound", "flat") and token.head.i > token.i:
                token = token.head
            return token
        if token.pos_ not in ("DET", "ADJ", "PUNCT") or _QUOTE_MARK.fullmatch(token.text):
            return None  # past a quotation mark is the quote (`had said, "I think ..."`), not its speaker
    return None
