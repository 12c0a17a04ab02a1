"""The times stage: time expressions (dates, times, durations, sets) as TIMEX3 values resolved against `published`.

Candidates come from two places: the model's DATE and TIME entities (already computed, so free) and the rule
recognizer in `timex_rules`, which finds what the small model misses (`now`, `daily`, `the future`, clock
times). Overlapping candidates are merged; each span is normalized by `timex_normalize` against an `Anchor`:
the publication date, the tense of the verb governing the expression, and the last date the text mentioned.
A span that no rule can normalize (an age, a bare number) is dropped rather than given a guessed value.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc, Span

from newsgraph.analyze.timex_normalize import normalize
from newsgraph.analyze.timex_rules import Anchor, find_spans
from newsgraph.article import Article
from newsgraph.facts import Time

MODEL_LABELS = frozenset({"DATE", "TIME"})
_LEADING = re.compile(r"(?:(?:at|about|around|until|till|by|after|before|in|on|since|during|from|through|"
                      r"throughout|within|for|of|as\s+of|as\s+early\s+as|as\s+late\s+as|roughly|approximately|"
                      r"only|just|than|and|or|to)\s+)+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:['’]s?|[\s,.;:!?\"')\]-]+)$")
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would", "might", "could", "may", "can", "should", "must"})
_SOON = re.compile(r"\b(?:as\s+(?:soon|early)\s+as|next|coming|upcoming|until|till)\s+$", re.IGNORECASE)
# "a 6-year-old", "three-quarters of", "$5 a year" are ages, fractions and rates, not times.
_NOT_TIME_AFTER = re.compile(r"(?:[-\s]+olds?\b|(?<=quarters)\s+of\b|(?<=half)\s+of\b)", re.IGNORECASE)
_NOT_TIME_BEFORE = re.compile(r"\d(?:\.\d+)?\s*(?:%|percent|cents?|dollars?|million|billion)?\s+$", re.IGNORECASE)
_RATE = re.compile(r"(?:a|an|per)\s+\w+", re.IGNORECASE)
_DATE_VALUE = re.compile(r"\d{4}(?:-(?:\d\d(?:-\d\d)?|Q[1-4]|H[12]|W\d\d))?")


def published_date(article: Article) -> date | None:
    """The article's publication date (the date part of an ISO date or date-time), or None."""
    if article.published is None or not article.published.value:
        return None
    try:
        return date.fromisoformat(article.published.value.strip()[:10])
    except ValueError:
        return None


class TimeStage:
    """Writes `article.times`; reads `text`, `published` and the parse (DATE/TIME entities, verb tenses)."""

    reads: tuple[str, ...] = ("text", "published")
    writes: tuple[str, ...] = ("times",)

    def __init__(self, use_model_entities: bool = True, use_rules: bool = True) -> None:
        """`use_model_entities`: take the model's DATE/TIME entities as candidates; `use_rules`: the recognizer's."""
        if not (use_model_entities or use_rules):
            raise ValueError("TimeStage needs at least one source of candidates: model entities or rules")
        self.use_model_entities = use_model_entities
        self.use_rules = use_rules

    def __call__(self, article: Article, doc: Doc | None = None) -> None:
        article.times = self.find(article.text, published_date(article), doc)

    def find(self, text: str, published: date | None, doc: Doc | None = None) -> list[Time]:
        """The time expressions of `text` in text order."""
        groups = _group(self._candidates(text, doc))
        times: list[Time] = []
        anchor = Anchor(published)
        for group in groups:
            found = self._resolve(text, group, anchor, doc)
            if found is None:
                continue
            start, end, kind, value = found
            times.append(Time(start, end, text[start:end], kind, value))
            if kind == "DATE" and _DATE_VALUE.fullmatch(value):
                anchor.last = value
        return times

    def _candidates(self, text: str, doc: Doc | None) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        if self.use_rules:
            spans.extend(find_spans(text))
        if self.use_model_entities and doc is not None:
            spans.extend((e.start_char, e.end_char) for e in doc.ents if e.label_ in MODEL_LABELS)
        trimmed = (_trim(text, s, e) for s, e in spans)
        return sorted({(s, e) for s, e in trimmed if e > s and "\n\n" not in text[s:e]})

    def _resolve(self, text: str, group: list[tuple[int, int]], anchor: Anchor,
                 doc: Doc | None) -> tuple[int, int, str, str] | None:
        """The widest candidate of an overlapping group that normalizes: the union first, then each by length."""
        union = (min(s for s, _ in group), max(e for _, e in group))
        options = [union] + sorted(group, key=lambda span: span[0] - span[1])
        for start, end in dict.fromkeys(options):
            if _NOT_TIME_AFTER.match(text, end) or (
                    _RATE.fullmatch(text, start, end) and _NOT_TIME_BEFORE.search(text, max(0, start - 12), start)):
                continue
            anchor.tense = _tense(doc, text, start, end) if doc is not None else ""
            result = normalize(text[start:end], anchor)
            if result is not None:
                return start, end, result[0], result[1]
        return None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Leave out leading prepositions and trailing punctuation or a possessive `'s`, as TimeML does."""
    while True:
        m = _LEADING.match(text, start, end)
        if not m or m.end() == start or m.end() >= end:
            break
        start = m.end()
    while end > start:
        m = _TRAILING.search(text, start, end)
        if not m or m.start() == end:
            break
        # Keep the period of an abbreviation ("a.m.", "Jan.").
        if text[m.start():end] == "." and re.search(r"(?:\b[ap]\.m|\b[A-Z][a-z]{2,3})\.$", text[start:end]):
            break
        end = m.start()
    return start, end


def _group(spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Sorted spans in groups of transitively overlapping ones."""
    groups: list[list[tuple[int, int]]] = []
    group_end = -1
    for start, end in spans:
        if groups and start < group_end:
            groups[-1].append((start, end))
            group_end = max(group_end, end)
        else:
            groups.append([(start, end)])
            group_end = end
    return groups


def _sentence(doc: Doc, start: int, end: int, reach: int = 40) -> Span:
    """The sentence around tokens [start, end), at most `reach` tokens each way (`Span.sent` scans the whole doc)."""
    lo = start
    while lo > 0 and start - lo < reach and not doc[lo].is_sent_start:
        lo -= 1
    hi = end
    while hi < len(doc) and hi - end < reach and not doc[hi].is_sent_start:
        hi += 1
    return doc[lo:hi]


def _tense(doc: Doc, text: str, start: int, end: int) -> str:
    """'past', 'future' or '' for the verb governing the expression (or, failing that, its sentence)."""
    span: Span | None = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return ""
    if _SOON.search(text, max(0, start - 20), start):
        return "future"
    token = span.root
    for _ in range(6):
        if token.pos_ in {"VERB", "AUX"} or token.head is token:
            break
        token = token.head
    verbs = [token] if token.pos_ in {"VERB", "AUX"} else [t for t in _sentence(doc, span.start, span.end)
                                                          if t.pos_ in {"VERB", "AUX"}]
    for verb in verbs:
        words = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}} | {verb.lower_}
        if words & _FUTURE_AUX or "going" in words and any(c.lower_ == "to" for c in verb.children):
            return "future"
        # "planned to leave Thursday", "is to resume Tuesday", "set to meet Monday": an infinitive looks ahead.
        if verb.tag_ == "VB" and "to" in words:
            return "future"
        if verb.tag_ in {"VBD"} or words & {"had", "was", "were", "did", "has", "have"} and verb.tag_ == "VBN":
            return "past"
    return ""
