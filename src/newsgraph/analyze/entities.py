"""Document-level entities: mentions merged into one entity per real-world thing, with canonical names."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pycountry
from spacy.tokens import Doc

from newsgraph.analyze.actor_dictionary import HONORIFICS, ActorDictionary
from newsgraph.analyze.mentions import (
    RawMention,
    acronym_expansions,
    corroborated_only,
    drop_overlaps,
    initials,
    raw_mentions,
    string_matches,
    team_names,
    title_case_lines,
)
from newsgraph.analyze.recognize import Recognizer
from newsgraph.article import Article, Entity, Mention

CORPORATE_DESIGNATORS = frozenset({"group", "corp", "corporation", "inc", "incorporated", "co", "company", "ltd",
                                   "limited", "plc", "llc", "holdings", "holding", "ag", "sa", "nv", "se", "gmbh",
                                   "spa", "ab", "asa", "bhd", "kk", "lp", "llp"})
_ACRONYM_TEXT = re.compile(r"^[A-Z][A-Z0-9&.]{1,9}$")
_NORM_DROP = re.compile(r"[.\u2019']")


@dataclass
class _Cluster:
    mentions: list[RawMention] = field(default_factory=list)
    country: str | None = None

    def labels(self) -> Counter[str]:
        votes: Counter[str] = Counter()
        for m in self.mentions:
            votes[m.label] += len(m.text.split())
        return votes


def norm(name: str) -> str:
    """Comparison key for names: case, periods, apostrophes, a leading article and spacing ignored."""
    key = _NORM_DROP.sub("", name).lower()
    key = re.sub(r"^the\s+", "", key)
    return " ".join(key.replace("-", " ").split())


class EntityStage:
    """Builds `article.entities` from the parsed document; reads `text` and `parts`."""

    reads: tuple[str, ...] = ("text", "parts")
    writes: tuple[str, ...] = ("entities",)

    def __init__(self, dictionary: ActorDictionary, recognizer: Recognizer | None = None) -> None:
        self.dictionary = dictionary
        self.recognizer = recognizer

    def __call__(self, article: Article, doc: Doc) -> None:
        text = article.text
        spans, acronyms = self.model_mentions(doc, text)
        if self.recognizer is not None:
            spans = [self._relabel(s) for s in self.recognizer(doc, text, spans)]
        lines = title_case_lines(text, [(p.kind, p.start, p.end) for p in article.parts])
        if lines:
            spans = self._headline_mentions(text, spans, lines)
        spans = self._teams(text, spans)
        spans = self._propagate(text, spans)
        spans = _honorific_people(spans)
        clusters = self._cluster(spans, acronyms)
        article.entities = self._entities(clusters)

    def model_mentions(self, doc: Doc, text: str) -> tuple[list[RawMention], dict[str, str]]:
        """The small pipeline's names, repaired, and the acronyms the text spells out (what the recognizer reads)."""
        spans, acronyms = acronym_expansions(text, raw_mentions(doc, text))
        return [self._relabel(s) for s in spans], acronyms

    def _relabel(self, span: RawMention) -> RawMention:
        """A country word the model called a person, an organization or a region is a GPE, or a NORP if a demonym."""
        if span.label in ("GPE", "NORP") or not self.dictionary.country(span.text):
            return span
        label = "GPE" if country_by_name(span.text) or _ACRONYM_TEXT.match(span.text) else "NORP"
        return RawMention(span.start, span.end, label, span.text)

    def _headline_mentions(self, text: str, spans: list[RawMention], lines: list[tuple[int, int]]) -> list[RawMention]:
        """In headlines, trust names the body confirms and known countries; then find the body's names there."""
        def in_lines(s: RawMention) -> bool:
            return any(a <= s.start and s.end <= b for a, b in lines)
        body_names = {s.text: s.label for s in spans if not in_lines(s)}
        body_keys = {norm(n) for n in body_names}
        kept = corroborated_only(spans, lines, lambda t: norm(t) in body_keys or self.dictionary.country(t) is not None)
        return drop_overlaps(kept + string_matches(text, lines, body_names, kept))

    def _teams(self, text: str, spans: list[RawMention]) -> list[RawMention]:
        """Sports tables name teams: place names heading rows are organizations, not places."""
        rows = team_names(text)
        if not rows:
            return spans
        out = []
        for span in spans:
            inside = any(a <= span.start and span.end <= b for a, b in rows)
            across = any(span.start < b and a < span.end for a, b in rows) and not inside
            if across:
                continue
            if inside and not (span.label == "PERSON" and " " in span.text):
                span = RawMention(span.start, span.end, "ORG", span.text)
            out.append(span)
        for a, b in rows:
            if not any(s.start < b and a < s.end for s in out):
                out.append(RawMention(a, b, "ORG", text[a:b]))
        return sorted(out, key=lambda s: s.start)

    def _propagate(self, text: str, spans: list[RawMention]) -> list[RawMention]:
        """Every other occurrence of a name found once, with the label it was found with most."""
        votes: dict[str, Counter[str]] = {}
        for span in spans:
            if len(span.text) >= 3 and span.text[:1].isupper():
                votes.setdefault(span.text, Counter())[span.label] += 1
        names = {name: counts.most_common(1)[0][0] for name, counts in votes.items()}
        extra = string_matches(text, [(0, len(text))], names, spans)
        return sorted(spans + extra, key=lambda s: s.start) if extra else spans

    def _cluster(self, spans: list[RawMention], acronyms: dict[str, str]) -> list[_Cluster]:
        """Union mentions: same name, same country, short forms of a person's name, acronyms of a long name."""
        explicit_long = {norm(long): short.upper() for short, long in acronyms.items()}
        parent = list(range(len(spans)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(i: int, j: int) -> None:
            parent[find(i)] = find(j)

        keys = [_without_designators(norm(s.text)) if s.label == "ORG" else norm(s.text) for s in spans]
        countries = [self.dictionary.country(s.text) if s.label in ("GPE", "NORP") else None for s in spans]
        full_people = [i for i, s in enumerate(spans) if s.label == "PERSON" and len(s.text.split()) >= 2
                       and not _honorific(s.text.split()[0])]
        full_set = set(full_people)
        # A short form joins the nearest full name it fits, each mention on its own: "Trump" after
        # "Donald Trump" and "Trump" after "Melania Trump" must not make the two one person.
        short_of: dict[int, int] = {}
        for i, span in enumerate(spans):
            if not countries[i] and i not in full_set:
                target = self._full_name_for(span, spans, full_people)
                if target is not None:
                    short_of[i] = target
        first_by_key: dict[tuple[str, str], int] = {}
        for i, span in enumerate(spans):
            if i in short_of:
                union(i, short_of[i])
                continue
            country = countries[i]
            key = ("country:" + country, span.label) if country else (keys[i], "")
            if key in first_by_key:
                union(i, first_by_key[key])
            else:
                first_by_key[key] = i
        # Acronyms: the explicit `Long Name (ACR)` pairs first, then initials of multi-word names.
        long_forms: dict[str, int] = {}
        for j in range(len(spans)):
            if keys[j] in explicit_long:
                long_forms.setdefault(explicit_long[keys[j]], j)
        for j, other in enumerate(spans):
            if (len(other.text.split()) >= 2 or "-" in other.text) \
                    and other.label in ("ORG", "GPE", "LOC", "FAC", "EVENT", "LAW"):
                long_forms.setdefault(initials(other.text).upper(), j)
                first, _, rest = other.text.partition(" ")
                if len(rest.split()) >= 2 and self.dictionary.country(first):
                    # "U.S. Federal Bureau of Investigation" is the FBI
                    long_forms.setdefault(initials(rest).upper(), j)
        for i, span in enumerate(spans):
            if _ACRONYM_TEXT.match(span.text):
                target = long_forms.get(span.text.replace(".", "").upper())
                if target is not None and target != i:
                    union(i, target)
        groups: dict[int, _Cluster] = {}
        for i, span in enumerate(spans):
            cluster = groups.setdefault(find(i), _Cluster())
            cluster.mentions.append(span)
            cluster.country = cluster.country or countries[i]
        return sorted(groups.values(), key=lambda c: min(m.start for m in c.mentions))

    def _full_name_for(self, span: RawMention, spans: list[RawMention], full_people: list[int]) -> int | None:
        """The person whose full name this short form belongs to: nearest preceding match, else the first after."""
        words = span.text.split()
        if len(words) > 1 and _honorific(words[0]):
            words = words[1:]  # "Mrs Haley" is a short form of "Nikki Haley"
        if not words or len(words) > 2 or span.label not in ("PERSON", "GPE", "ORG", "NORP", "LOC"):
            return None
        if _ACRONYM_TEXT.match(span.text) or len(span.text) < 3:
            return None
        before: int | None = None
        after: int | None = None
        for j in full_people:
            full = spans[j].text.split()
            fits = (words == full[-len(words):]) or (len(words) == 1 and words[0] == full[0]) \
                or (len(words) == 2 and words[0] == full[0] and words[-1] == full[-1])
            if not fits:
                continue
            if spans[j].start < span.start:
                before = j
            elif after is None:
                after = j
        return before if before is not None else after

    def _entities(self, clusters: list[_Cluster]) -> list[Entity]:
        entities: list[Entity] = []
        for number, cluster in enumerate(clusters, start=1):
            mentions = sorted(cluster.mentions, key=lambda m: m.start)
            label = _entity_type(cluster)
            forms = [m.text for m in mentions]
            if cluster.country and label == "GPE":
                official = [f for f in forms if country_by_name(f)] or forms
                name = max(official, key=lambda f: (not f.isupper(), len(f)))
            elif label == "NORP":
                name = Counter(forms).most_common(1)[0][0]
            else:
                name = max(forms, key=lambda f: (len(f.split()), not f.isupper(), len(f), -forms.index(f)))
            aliases: list[str] = []
            for form in forms:
                if form != name and form not in aliases:
                    aliases.append(form)
            entities.append(Entity(
                id=f"e{number}", name=name, type=label, aliases=aliases,
                mentions=[Mention(m.start, m.end, m.text) for m in mentions],
            ))
        return entities


def _honorific(word: str) -> bool:
    return word.rstrip(".").lower() in HONORIFICS


def _honorific_people(spans: list[RawMention]) -> list[RawMention]:
    """A name given an honorific ("Mrs Haley") is a person's: so is a longer name ending with it ("Nikki Haley"),
    whatever type the model gave it."""
    surnames = {tuple(s.text.split()[1:]) for s in spans
                if len(s.text.split()) in (2, 3) and _honorific(s.text.split()[0])}
    if not surnames:
        return spans
    out = []
    for span in spans:
        words = span.text.split()
        ends_with_surname = span.label in ("ORG", "NORP", "WORK_OF_ART", "PRODUCT") and 2 <= len(words) <= 3 \
            and any(tuple(words[-len(s):]) == s and len(words) > len(s) for s in surnames if s)
        if ends_with_surname or (len(words) in (2, 3) and _honorific(words[0])):
            span = RawMention(span.start, span.end, "PERSON", span.text)
        out.append(span)
    return out


def _without_designators(key: str) -> str:
    """An organization's name without its legal form ("softbank group corp" -> "softbank")."""
    words = key.split()
    while len(words) > 1 and words[-1] in CORPORATE_DESIGNATORS:
        words.pop()
    return " ".join(words)


def country_by_name(name: str) -> str | None:
    """ISO alpha-3 when `name` is a country's own name (not a demonym) in ISO 3166."""
    try:
        return pycountry.countries.lookup(re.sub(r"^the\s+", "", name.strip(), flags=re.I)).alpha_3
    except LookupError:
        return None


def _entity_type(cluster: _Cluster) -> str:
    """A cluster holding a full personal name is a person; else the label with most words behind it."""
    if any(m.label == "PERSON" and len(m.text.split()) >= 2 for m in cluster.mentions):
        return "PERSON"
    if cluster.country:
        return "NORP" if all(m.label == "NORP" for m in cluster.mentions) else "GPE"
    label = cluster.labels().most_common(1)[0][0]
    # the recognizer's LOC is CoNLL's location of any kind; a name also read as a GPE (a town, a state) is that
    if label == "LOC" and any(m.label == "GPE" for m in cluster.mentions):
        return "GPE"
    return label
