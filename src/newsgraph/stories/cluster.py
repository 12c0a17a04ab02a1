"""Stories: articles about the same real-world happening, clustered incrementally as they arrive.

Each article is a sparse vector of content words, entities, places and dates (see `vectors.py`). A story
is the sum of its articles' unit vectors (a centroid). A new article joins the story whose centroid is most
similar (cosine under the current IDF) if that similarity reaches `threshold`, else it starts a story.

Stories group into topics (happenings of one kind, e.g. two different celebrities entering rehab): a topic
has a centroid of its articles' content words only, since its stories share vocabulary but not their
people, places or dates, and a centroid of their lead embeddings (`embed.py`: a sentence model reads the
kind of happening a headline names even when the words differ). The similarity of an article to a topic
is the cosine of the word centroids mixed with the cosine of the lead centroids (`LEAD_WEIGHT`); without
embeddings (model not installed, features stored by an older version) it is the word cosine alone, held to
the lexical thresholds. A new story joins the most similar topic (candidates: the topics of the candidate
stories, and those found through an inverted index of topic words) at or above `topic_threshold`; an
article as close as `topic_merge_threshold` to another topic merges the two topics.
Story ids never change; topic ids are the oldest id of a merged topic (`topic_of` gives the current one).

Fast and bounded: candidate stories come from an inverted index over each article's most specific keys
(at most `max_postings` stories per key, the most recently joined), only the best `max_candidates` by a
cheap overlap score are compared in full, and centroids are pruned to `max_story_keys` keys. Stories whose
dated articles all lie more than `window_days` from a dated article are never candidates; an article with
no date (no publication date and no full date in its text) may join any story whose months agree with the
days of no year it names ("December 6": see `_Story.accepts`).

Near-duplicates (estimated Jaccard of body shingles at or above 0.8, MinHash LSH) join the story of the
article they copy, name it in `duplicate_of`, and are not counted again in the story's centroid.

Held per article: its id and assignment, its MinHash (64 × 4 bytes) and LSH band keys, at most
`INDEX_KEYS` story postings (4 bytes each) and topic postings (8 bytes each); per story and per topic a
centroid of at most `max_story_keys` keys × 8 bytes; per topic a lead centroid (384 × 4 bytes). Measured
before lead centroids: about 4 KB per article at 100,000.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from newsgraph.minilm import DIMENSIONS
from newsgraph.stories import embed
from newsgraph.stories.dedup import NearDuplicates
from newsgraph.stories.features import StoryFeatures, cycle_apart, features_of
from newsgraph.stories.vectors import Sparse, Vocabulary, raw_vector

DEFAULT_THRESHOLD = 0.25
DEFAULT_TOPIC_THRESHOLD = 0.3
DEFAULT_TOPIC_MERGE_THRESHOLD = 0.4
LEAD_WEIGHT = 0.55
# Word cosine alone runs lower than the mixed similarity: these are its thresholds (join, merge).
LEXICAL_TOPIC_THRESHOLDS = (0.15, 0.25)
TOPIC_KINDS = "t"
INDEX_KEYS = 25
# An article naming days only of months more than this many months from a story's months does not join it.
MONTHS_APART = 3


@dataclass(slots=True)
class Assignment:
    """Where one article went: its story, the earlier article it nearly copies (or None), its topic."""

    story_id: str
    duplicate_of: str | None = None
    topic_id: str = ""


@dataclass(slots=True)
class _Story:
    id: str
    topic_id: str
    centroid: Sparse
    first_day: int | None = None
    last_day: int | None = None
    months: set[int] = field(default_factory=set)

    def accepts(self, day: int | None, window: int, months: frozenset[int] = frozenset()) -> bool:
        """Whether an article of `day` naming days of `months` (of no year) may join.

        A dated article must lie within `window` days of the story's dated articles. The months an article
        names a day of, and the month of its date, must lie within `MONTHS_APART` of a month the story's
        articles name a day of or are dated in (a report names the days of the happening it reports, so a
        story of December is not joined by an article of May; the tolerance leaves room for the earlier
        and coming days a report also names); an article or a story with no months may join or be joined.
        """
        if day is not None and self.first_day is not None and self.last_day is not None \
                and not self.first_day - window <= day <= self.last_day + window:
            return False
        own = set(months) | ({date.fromordinal(day).month} if day is not None else set())
        return not own or not self.months or any(cycle_apart(a, b, 12) <= MONTHS_APART
                                                 for a in own for b in self.months)

    def add_day(self, day: int | None, months: Iterable[int] = ()) -> None:
        self.months.update(months)
        if day is None:
            return
        self.months.add(date.fromordinal(day).month)
        self.first_day = day if self.first_day is None else min(self.first_day, day)
        self.last_day = day if self.last_day is None else max(self.last_day, day)


def _day(value: str | None) -> int | None:
    """An ISO date (or date-time) as a day number, None when absent or not a full date."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


Ranked = list[tuple[float, _Story]]


class StoryClusterer:
    """Incremental story clustering; `load` what the store holds, then `add` articles one by one."""

    def __init__(self, *, window_days: int = 7, threshold: float = DEFAULT_THRESHOLD,
                 topic_threshold: float = DEFAULT_TOPIC_THRESHOLD,
                 topic_merge_threshold: float = DEFAULT_TOPIC_MERGE_THRESHOLD, duplicate_threshold: float = 0.8,
                 max_postings: int = 400, max_candidates: int = 40, max_story_keys: int = 300) -> None:
        self.window_days = window_days
        self.threshold = threshold
        self.topic_threshold = topic_threshold
        self.topic_merge_threshold = topic_merge_threshold
        self.max_postings = max_postings
        self.max_candidates = max_candidates
        self.max_story_keys = max_story_keys
        self.duplicates = NearDuplicates(threshold=duplicate_threshold)
        self.vocabulary = Vocabulary()
        self.stories: list[_Story] = []
        self._story_index: dict[str, int] = {}
        self._postings: dict[int, array[int]] = {}
        self._assigned: dict[str, Assignment] = {}
        self._topics: dict[str, Sparse] = {}
        self._topic_postings: dict[int, list[str]] = {}
        self._topic_parent: dict[str, str] = {}
        self._topic_age: dict[str, int] = {}
        self._topic_leads: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._assigned)

    def observe(self, features: StoryFeatures) -> None:
        """Count the article's keys in the document frequencies without clustering it.

        A batch knows all its articles up front; counting them first gives the first articles of the batch
        the same weights as the last ones. `add` counts an article it has not observed.
        """
        self.vocabulary.count(self.vocabulary.sparse(raw_vector(features), grow=True))

    def load(self, existing: Iterable[Sequence[Any]]) -> None:
        """Take in what the store already holds: (features, story id, duplicate_of[, topic id]).

        Without a topic id, the topic of each story's first article is found again the way `add` finds it;
        the story's other articles only join it (so loading is cheaper than adding).
        """
        for held in existing:
            features, story_id, duplicate_of = held[0], held[1], held[2]
            topic_id = held[3] if len(held) > 3 else None
            if features.article_id in self._assigned:
                continue
            self.observe(features)
            find_topic = duplicate_of is None and topic_id is None and story_id not in self._story_index
            ranked = self._ranked(features) if find_topic else []
            self._remember(features, story_id, duplicate_of, topic_id, ranked, find_topics=find_topic)

    def add(self, features: StoryFeatures, *, observed: bool = False) -> Assignment:
        """Assign one new article (`observed`: its keys are already counted by `observe`).

        An article already held keeps the assignment it has.
        """
        held = self._assigned.get(features.article_id)
        if held is not None:
            return held
        if not observed:
            self.observe(features)
        if features.minhash:
            found = self.duplicates.find(features.minhash)
            if found is not None:
                original = self._assigned[found[0]]
                return self._remember(features, original.story_id, found[0], None, [])
        ranked = self._ranked(features)
        if ranked and ranked[0][0] >= self.threshold:
            return self._remember(features, ranked[0][1].id, None, None, ranked)
        return self._remember(features, f"s-{features.article_id}", None, None, ranked)

    def topic_of(self, story_id: str) -> str:
        """The story's topic as it stands now (topics merge when an article bridges two of them)."""
        return self._topic_root(self.stories[self._story_index[story_id]].topic_id)

    def _ranked(self, features: StoryFeatures) -> Ranked:
        """Candidate stories the article may join (by window), most similar first, with their similarity."""
        unit = self.vocabulary.weighted(self.vocabulary.sparse(raw_vector(features), grow=False))
        if not len(unit):
            return []
        day = _day(features.reference_date)
        months = frozenset(features.months)
        overlap: dict[int, float] = {}
        for position in np.argsort(-unit.values)[:INDEX_KEYS]:
            weight = float(unit.values[position])
            for story_index in self._postings.get(int(unit.ids[position]), ()):
                overlap[story_index] = overlap.get(story_index, 0.0) + weight
        ranked = []
        for story_index in heapq.nlargest(self.max_candidates, overlap, key=overlap.__getitem__):
            story = self.stories[story_index]
            if story.accepts(day, self.window_days, months):
                ranked.append((self.vocabulary.cosine(unit, story.centroid), story))
        ranked.sort(key=lambda pair: pair[0], reverse=True)
        return ranked

    def _near_topics(self, topic_vector: Sparse, lead: np.ndarray | None, ranked: Ranked
                     ) -> list[tuple[float, float, str]]:
        """Candidate topics, most similar first, each with the article's similarity to it as a multiple of
        the join threshold and of the merge threshold (so 1.0 or more joins, merges).

        Candidates: the topics of the candidate stories, and the `max_candidates` topics sharing the most
        weight of the article's topic words (through the topic word index).
        """
        unit = self.vocabulary.weighted(topic_vector)
        overlap: dict[str, float] = {}
        for position in np.argsort(-unit.values)[:INDEX_KEYS]:
            weight = float(unit.values[position])
            for topic in self._topic_postings.get(int(unit.ids[position]), ()):
                overlap[topic] = overlap.get(topic, 0.0) + weight
        roots = {self._topic_root(story.topic_id) for _, story in ranked}
        roots.update(self._topic_root(t) for t in heapq.nlargest(self.max_candidates, overlap, key=overlap.__getitem__))
        scored = [(*self._topic_similarity(unit, lead, root), root) for root in roots]
        return sorted(scored, key=lambda item: (-item[0], self._topic_age.get(item[2], 0)))

    def _topic_similarity(self, unit: Sparse, lead: np.ndarray | None, root: str) -> tuple[float, float]:
        """Word and lead similarity mixed, over the join and the merge threshold; the word similarity
        alone over the lexical thresholds when the article or the topic has no lead embedding."""
        words = self.vocabulary.cosine(unit, self._topics.get(root, Sparse.empty()))
        leads = self._topic_leads.get(root)
        if lead is None or leads is None:
            return words / LEXICAL_TOPIC_THRESHOLDS[0], words / LEXICAL_TOPIC_THRESHOLDS[1]
        leads_cosine = float(np.dot(lead, leads)) / (float(np.linalg.norm(leads)) or 1.0)
        mixed = (1.0 - LEAD_WEIGHT) * words + LEAD_WEIGHT * leads_cosine
        return mixed / self.topic_threshold, mixed / self.topic_merge_threshold

    def _remember(self, features: StoryFeatures, story_id: str, duplicate_of: str | None,
                  topic_id: str | None, ranked: Ranked, *, find_topics: bool = True) -> Assignment:
        """Record the assignment; update the story's and the topic's centroids, the index and the LSH."""
        counted = duplicate_of is None
        lead: np.ndarray | None = embed.unpack(features.lead) if counted else None
        if lead is not None and len(lead) != DIMENSIONS:
            lead = None
        vector = self.vocabulary.sparse(raw_vector(features), grow=True) if counted else Sparse.empty()
        topic_vector = self.vocabulary.sparse(raw_vector(features, TOPIC_KINDS), grow=True) if counted \
            else Sparse.empty()
        near = self._near_topics(topic_vector, lead, ranked) if find_topics and len(topic_vector) else []
        index = self._story_index.get(story_id)
        if index is None:
            if topic_id is None:
                topic_id = near[0][2] if near and near[0][0] >= 1.0 else f"t-{features.article_id}"
            index = len(self.stories)
            self._topic_age.setdefault(topic_id, len(self._topic_age))
            self.stories.append(_Story(id=story_id, topic_id=topic_id, centroid=Sparse.empty()))
            self._story_index[story_id] = index
        story = self.stories[index]
        topic = self._join_topics([story.topic_id, *(t for _, merge, t in near if merge >= 1.0)])
        if features.minhash:
            self.duplicates.add(features.article_id, features.minhash, duplicate_of)
        assignment = Assignment(story_id=story.id, duplicate_of=duplicate_of, topic_id=topic)
        self._assigned[features.article_id] = assignment
        story.add_day(_day(features.reference_date), features.months)
        if not counted or not len(vector):
            return assignment
        story.centroid = self.vocabulary.add(story.centroid, vector, self.max_story_keys)
        self._topics[topic] = self.vocabulary.add(self._topics.get(topic, Sparse.empty()), topic_vector,
                                                  self.max_story_keys)
        if lead is not None:
            held = self._topic_leads.get(topic)
            self._topic_leads[topic] = lead if held is None else held + lead
        unit = self.vocabulary.weighted(vector)
        for position in np.argsort(-unit.values)[:INDEX_KEYS]:
            posting = self._postings.setdefault(int(unit.ids[position]), array("i"))
            if index in posting:
                posting.remove(index)
            posting.append(index)
            if len(posting) > self.max_postings:
                posting.pop(0)
        topic_unit = self.vocabulary.weighted(topic_vector)
        for position in np.argsort(-topic_unit.values)[:INDEX_KEYS]:
            topics = self._topic_postings.setdefault(int(topic_unit.ids[position]), [])
            if topic in topics:
                topics.remove(topic)
            topics.append(topic)
            if len(topics) > self.max_postings // 4:
                topics.pop(0)
        return assignment

    def _topic_root(self, topic_id: str) -> str:
        root = topic_id
        while self._topic_parent.get(root, root) != root:
            root = self._topic_parent[root]
        while topic_id != root:  # path compression
            self._topic_parent[topic_id], topic_id = root, self._topic_parent[topic_id]
        return root

    def _join_topics(self, topics: Iterable[str]) -> str:
        """Merge topics (and their centroids) into one; the root is the oldest, so long-lived ids stay."""
        roots = sorted({self._topic_root(t) for t in topics}, key=lambda t: self._topic_age.get(t, 0))
        for other in roots[1:]:
            self._topic_parent[other] = roots[0]
            absorbed = self._topics.pop(other, None)
            if absorbed is not None:
                self._topics[roots[0]] = self.vocabulary.add(self._topics.get(roots[0], Sparse.empty()), absorbed,
                                                             self.max_story_keys, normalize=False)
            leads = self._topic_leads.pop(other, None)
            if leads is not None:
                held = self._topic_leads.get(roots[0])
                self._topic_leads[roots[0]] = leads if held is None else held + leads
        return roots[0]


def cluster_batch(records: Iterable[dict[str, Any]], **options: Any) -> list[Assignment]:
    """An assignment per record, in input order; error records each get a story (and topic) of their own.

    The batch's key frequencies are counted first, then the records are clustered one by one in input
    order, exactly as `StoryClusterer.add` does for ingest; topics are reported as they stand at the end.
    """
    clusterer = StoryClusterer(**options)
    ids: list[str] = []
    features: list[StoryFeatures | None] = []
    for position, record in enumerate(records):  # only the compact features are kept, never the records
        ids.append(record.get("id") or str(position))
        features.append(None if "error" in record else features_of(record))
    for feature in features:
        if feature is not None:
            clusterer.observe(feature)
    assignments: list[Assignment] = []
    for own, feature in zip(ids, features, strict=True):
        if feature is None:
            assignments.append(Assignment(story_id=f"s-{own}", topic_id=f"t-{own}"))
        else:
            assignments.append(clusterer.add(feature, observed=True))
    for assignment, feature in zip(assignments, features, strict=True):
        if feature is not None:
            assignment.topic_id = clusterer.topic_of(assignment.story_id)
    return assignments


def cluster_records(records: Iterable[dict[str, Any]], **options: Any) -> list[str]:
    """A story id per record, in input order (what `newsgraph cluster` prints); see `cluster_batch`."""
    return [assignment.story_id for assignment in cluster_batch(records, **options)]
