"""What story clustering and near-duplicate detection need of one analyzed article, small enough to store.

An article record (the contract's) becomes a `StoryFeatures`: a MinHash of the body's word shingles (for
near-duplicates), the counts of its most frequent content words (for text similarity; the clusterer weighs
them with document frequencies it keeps itself), the keys of its named entities, its places' GeoNames ids,
the explicit calendar dates its time expressions resolve to, the months of the days they name without a year,
its PLOVER event types, and a sentence embedding of its headline and lead (for topics; see `embed.py`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash
from spacy.lang.en.stop_words import STOP_WORDS

from newsgraph.stories import embed

NUM_PERM = 64
MINHASH_SCHEME = "affine32"
SHINGLE_WORDS = 3
MAX_TERMS = 100
MAX_ENTITIES = 30
MAX_DATES = 20
LEAD_CHARACTERS = 1500  # more than the encoder's word pieces ever cover
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
SHINGLE_TOKEN = re.compile(r"\w+")
FULL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
MONTH_OF_UNKNOWN_YEAR = re.compile(r"^XXXX-(\d{2})-\d{2}$")
# Words every news report uses whatever it is about: they say nothing about which story it belongs to.
NEWS_STOP_WORDS = frozenset({
    "said", "says", "say", "told", "tell", "according", "reported", "report", "reports", "news", "also",
    "would", "could", "year", "years", "time", "week", "day", "days", "today", "yesterday", "tuesday",
    "monday", "wednesday", "thursday", "friday", "saturday", "sunday", "people", "like", "just", "new",
    "including", "percent", "added", "story", "article", "read", "click", "photo", "image", "video",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "morning", "afternoon", "evening", "night", "month", "months", "weekend",
})
ENTITY_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})


@dataclass
class StoryFeatures:
    """One analyzed article as clustering sees it (about 2 KB as JSON)."""

    article_id: str
    published: str | None
    minhash: list[int]
    terms: dict[str, int] = field(default_factory=dict)
    entities: dict[str, int] = field(default_factory=dict)
    places: list[int] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    event_types: list[str] = field(default_factory=list)
    months: list[int] = field(default_factory=list)  # months of the days of no year it names ("December 6")
    words: int = 0
    lead: str = ""  # packed embedding of headline and lead; empty when the model is not installed

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> StoryFeatures:
        """Features stored by this or another version: fields it does not know are left out."""
        data: dict[str, Any] = json.loads(text)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def minhash_object(self) -> MinHash:
        """The stored hash values as a datasketch MinHash again (same seed, size and scheme as `features_of`)."""
        return as_minhash(np.array(self.minhash, dtype=np.uint32))

    @property
    def reference_date(self) -> str | None:
        """The publication date, else the latest full date the text names (reports rarely name later ones)."""
        if self.published:
            return self.published
        full = [d for d in self.dates if len(d) == 10]
        return max(full) if full else None


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """datasketch's permutations for NUM_PERM and its default seed, built once (building them is slow)."""
    return MinHash(num_perm=NUM_PERM).permutations


def as_minhash(hashvalues: np.ndarray) -> MinHash:
    """A MinHash over stored hash values (NUM_PERM of them, from `body_minhash`)."""
    return MinHash(num_perm=len(hashvalues), hashvalues=hashvalues, permutations=_permutations(),
                   scheme=MINHASH_SCHEME)


def fold(word: str) -> str:
    """A lowercase word with its possessive and plural endings folded, so `pirates'` meets `pirate`."""
    word = word.lower().replace("’", "'")
    if word.endswith(("'s", "s'")):
        word = word[:-2] if word.endswith("'s") else word[:-1]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_terms(text: str) -> Counter[str]:
    """Counts of the content words of `text`: stop words, news boilerplate words and short words left out."""
    counts: Counter[str] = Counter()
    for match in WORD.finditer(text):
        raw = match.group().lower()
        if raw in STOP_WORDS or raw in NEWS_STOP_WORDS or len(raw) < 3:
            continue
        word = fold(raw)
        if word not in STOP_WORDS and word not in NEWS_STOP_WORDS:
            counts[word] += 1
    return counts


def entity_key(name: str) -> str:
    """A name as a key that survives case, punctuation and possessives: "U.S. Navy's" -> "us navy"."""
    words = [fold(w) for w in WORD.findall(name.replace(".", ""))]
    return " ".join(w for w in words if w)


def body_minhash(body: str) -> MinHash:
    """MinHash of the body's lowercase word shingles (word n-grams; the whole text when it is shorter)."""
    words = SHINGLE_TOKEN.findall(body.lower())
    n = SHINGLE_WORDS
    shingles = {" ".join(words[i:i + n]) for i in range(max(1, len(words) - n + 1))} if words else {""}
    minhash = MinHash(num_perm=NUM_PERM, permutations=_permutations(), scheme=MINHASH_SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return minhash


def explicit_dates(times: list[dict[str, Any]]) -> list[str]:
    """The calendar dates, months and years the time expressions resolve to, most frequent first."""
    counts: Counter[str] = Counter()
    for item in times:
        value = str(item.get("value") or "")
        if item.get("type") == "DATE" and FULL_DATE.match(value):
            counts[value] += 1
    return [value for value, _ in counts.most_common(MAX_DATES)]


def months_of_unknown_year(times: list[dict[str, Any]]) -> list[int]:
    """The months of the days the time expressions name without a year ("December 6": 12), sorted."""
    months = set()
    for item in times:
        match = MONTH_OF_UNKNOWN_YEAR.match(str(item.get("value") or "")) if item.get("type") == "DATE" else None
        if match and 1 <= int(match.group(1)) <= 12:
            months.add(int(match.group(1)))
    return sorted(months)


def cycle_apart(a: int, b: int, cycle: int) -> int:
    """How far apart two positions of a cycle (months of a year, days of a week) are, the shorter way round
    (December and January: 1)."""
    return min((a - b) % cycle, (b - a) % cycle)


def lead_embedding(record: dict[str, Any]) -> str:
    """The packed embedding of the headline and the start of the text ("" without the model or words)."""
    model = embed.encoder()
    if model is None:
        return ""
    title = str(record.get("title") or "").strip()
    body = str(record.get("body") or record.get("text") or "")[:LEAD_CHARACTERS]
    vector = model.encode(f"{title}\n{body}" if title else body)
    return embed.pack(vector) if vector.any() else ""


def _published_date(record: dict[str, Any]) -> str | None:
    published = record.get("published")
    value = published.get("value") if isinstance(published, dict) else published
    return str(value)[:10] if value else None


def features_of(record: dict[str, Any], *, lead: bool = True) -> StoryFeatures:
    """The clustering features of one contract article record (an error record gives empty features);
    `lead=False` leaves out the lead embedding, which only topics read (stories are found without it)."""
    article_id = str(record.get("id") or "")
    body = str(record.get("body") or "")
    text = str(record.get("text") or body)
    terms = content_terms(text)
    entities: Counter[str] = Counter()
    for entity in record.get("entities") or []:
        if entity.get("type") in ENTITY_TYPES:
            key = entity_key(str(entity.get("name") or ""))
            if key:
                entities[key] += max(1, len(entity.get("mentions") or []))
    places = sorted({int(p["geonames_id"]) for p in record.get("places") or [] if p.get("geonames_id")})
    countries = sorted({str(p["country_code"]) for p in record.get("places") or [] if p.get("country_code")})
    events = sorted({str(e["type"]) for e in record.get("events") or [] if e.get("type")})
    return StoryFeatures(
        article_id=article_id,
        published=_published_date(record),
        minhash=[int(v) for v in body_minhash(body).hashvalues],
        terms=dict(terms.most_common(MAX_TERMS)),
        entities=dict(entities.most_common(MAX_ENTITIES)),
        places=places,
        countries=countries,
        dates=explicit_dates(record.get("times") or []),
        event_types=events,
        months=months_of_unknown_year(record.get("times") or []),
        words=sum(terms.values()),
        lead=lead_embedding(record) if lead else "",
    )
