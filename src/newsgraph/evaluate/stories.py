"""The story gate: ECB+ documents clustered into stories, scored with B-cubed at two levels.

Each XML file of ECB+ is one document. Its plain text is rebuilt from the tokens (spacing detokenized,
quotes restored, lines without final punctuation such as headlines and datelines kept on lines of their
own, a leading URL line moved to the document's `url`), analyzed as a `body_only` document with the
default pipeline, and clustered with `cluster_records`, the batch clusterer `newsgraph cluster` uses.

Gold: the file name `<topic>_<n>ecb.xml` or `<topic>_<n>ecbplus.xml`; the seminal event is the topic with
its ecb/ecbplus half (two different happenings of the same kind), the topic level merges the two halves.
Stories are scored against the seminal events, the clusterer's topics (stories grouped by a looser
similarity) against the topics; `story_vs_topic_*` scores the stories against the topics too, for reference.
No single flat clustering can pass both gates: the gold seminal events themselves score F1 0.68 at the
topic level.
Documents are clustered in a shuffled order fixed by `seed` (never grouped by topic), so the score does
not depend on the files of a topic arriving together.
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from newsgraph.config import Settings
from newsgraph.document import Document
from newsgraph.errors import UsageError

FILE_NAME = re.compile(r"^(\d+)_(\d+)(ecbplus|ecb)\.xml$")
NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'re", "'ve",
                             "'ll", "'d", "'m", "''", "”", "’", "...", "’s"})
NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "``", "“", "‘", "#"})
SENTENCE_END = re.compile(r"""[.!?…]["'”’)\]]*$""")
DEFAULT_SEED = 13


@dataclass(frozen=True)
class GoldDocument:
    """One ECB+ file: its rebuilt text, the URL its first line gives (if any), and its gold labels."""

    id: str
    text: str
    url: str | None
    topic: str
    seminal: str
    token_spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # token id -> span in `text`
    # Gold event mentions: (start, end, the real-world event's instance id) for each ACTION markable.
    event_mentions: tuple[tuple[int, int, str], ...] = ()


def detokenize(tokens: Sequence[str]) -> str:
    """One sentence's tokens as natural text: no space before closing punctuation, straight double quotes."""
    return detokenize_spans(tokens)[0]


def detokenize_spans(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """`detokenize`, with each token's span in the sentence's text (a quote token spans its `"`)."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    open_quote = False
    glue_next = False
    for token in tokens:
        if token in ("``", "''", '"'):
            opening = token == "``" or (token == '"' and not open_quote)
            open_quote = opening
            if opening and out:
                out.append(" ")
                length += 1
            out.append('"')
            spans.append((length, length + 1))
            length += 1
            if opening:
                glue_next = True
            continue
        if out and not glue_next and token not in NO_SPACE_BEFORE and not _is_hyphen_join(out, token) \
                and not _is_glued(out, token):
            out.append(" ")
            length += 1
        out.append(token)
        spans.append((length, length + len(token)))
        length += len(token)
        glue_next = token in NO_SPACE_AFTER or token == "-" and len(out) > 1 and not out[-2].isspace()
        glue_next = glue_next or token == ":" and len(out) > 1 and out[-2][-1:].isdigit()
    return "".join(out), spans


def _is_glued(out: list[str], token: str) -> bool:
    """`8 : 13` is a clock time and `Hollywood ’ s` a possessive: ECB+ tokens that belong together."""
    return out[-1] in ("’", "'") and token.lower() in ("s", "t", "re", "ve", "ll", "d", "m")


def _is_hyphen_join(out: list[str], token: str) -> bool:
    """ECB+ splits `court - mandated` into three tokens; a hyphen between two word tokens is glued."""
    return token == "-" and bool(out) and out[-1][-1:].isalnum()


def read_document(path: Path) -> GoldDocument:
    """One ECB+ XML file as plain text and gold labels; a file name outside the ECB+ pattern is an error."""
    match = FILE_NAME.match(path.name)
    if not match:
        raise UsageError(f"{path.name} is not named like an ECB+ file (<topic>_<n>ecb[plus].xml)")
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as exc:
        raise UsageError(f"{path} is not well-formed XML ({exc})") from None
    sentences: dict[int, list[str]] = defaultdict(list)
    token_ids: dict[int, list[str]] = defaultdict(list)
    for token in root.iter("token"):
        number = int(token.get("sentence") or 0)
        sentences[number].append(token.text or "")
        token_ids[number].append(token.get("t_id") or "")
    url: str | None = None
    pieces: list[str] = []
    token_spans: dict[str, tuple[int, int]] = {}
    length = 0
    for number in sorted(sentences):
        tokens = sentences[number]
        if not pieces and url is None and tokens and tokens[0].lower() in ("http", "https"):
            url = "".join(tokens)
            continue
        sentence, spans = detokenize_spans(tokens)
        if not sentence:
            continue
        if pieces:
            pieces.append(" " if SENTENCE_END.search(pieces[-1]) and SENTENCE_END.search(sentence) else "\n\n")
            length += len(pieces[-1])
        token_spans.update((t_id, (length + start, length + end))
                           for t_id, (start, end) in zip(token_ids[number], spans, strict=True))
        pieces.append(sentence)
        length += len(sentence)
    topic, half = match.group(1), match.group(3)
    return GoldDocument(id=path.stem, text="".join(pieces), url=url, topic=topic, seminal=f"{topic}{half}",
                        token_spans=token_spans, event_mentions=_event_mentions(root, token_spans, path.stem))


def _event_mentions(root: ElementTree.Element, token_spans: dict[str, tuple[int, int]], doc_id: str
                    ) -> tuple[tuple[int, int, str], ...]:
    """ECB+'s event mentions (ACTION_* and NEG_ACTION_* markables) with the cross-document event each refers
    to; a mention in no cross-document chain is an event of its own."""
    instance: dict[str, str] = {}
    for link in root.iter("CROSS_DOC_COREF"):
        note = link.get("note") or ""
        if note.startswith(("ACT", "NEG")):
            instance.update((s.get("m_id") or "", note) for s in link.iter("source"))
    markables = root.find("Markables")
    mentions: list[tuple[int, int, str]] = []
    for markable in markables if markables is not None else ():
        if not markable.tag.startswith(("ACTION_", "NEG_ACTION_")):
            continue
        spans = [token_spans[a.get("t_id") or ""] for a in markable.iter("token_anchor")
                 if a.get("t_id") in token_spans]
        if spans:
            m_id = markable.get("m_id") or ""
            mentions.append((min(s for s, _ in spans), max(e for _, e in spans),
                             instance.get(m_id, f"{doc_id}#{m_id}")))
    return tuple(sorted(mentions))


def read_corpus(path: Path, limit: int | None = None) -> list[GoldDocument]:
    """Every ECB+ file under `path` (sorted by path), or the first `limit` of them."""
    files = sorted(p for p in path.rglob("*.xml") if FILE_NAME.match(p.name))
    if not files:
        raise UsageError(f"no ECB+ files (<topic>_<n>ecb[plus].xml) under {path}")
    if limit is not None:
        files = files[:limit]
    return [read_document(p) for p in files]


def as_input(doc: GoldDocument) -> Document:
    return Document(id=doc.id, kind="text", content=doc.text, url=doc.url, body_only=True)


def bcubed(predicted: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering against gold labels, item by item."""
    if not predicted:
        return 0.0, 0.0, 0.0
    pairs = Counter(zip(predicted, gold, strict=True))
    sizes_p = Counter(predicted)
    sizes_g = Counter(gold)
    precision = sum(n * n / sizes_p[p] for (p, _), n in pairs.items()) / len(predicted)
    recall = sum(n * n / sizes_g[g] for (_, g), n in pairs.items()) / len(predicted)
    f = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f


def shuffled(items: Sequence[Any], seed: int) -> list[int]:
    """Indices of `items` in a shuffled order fixed by `seed`."""
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    return order


def score(records: Sequence[dict[str, Any]], docs: Sequence[GoldDocument], seed: int = DEFAULT_SEED
          ) -> dict[str, Any]:
    """Cluster the records in the order fixed by `seed` and score stories and topics against the gold."""
    from newsgraph.stories.cluster import cluster_batch

    order = shuffled(docs, seed)
    started = time.process_time()
    assignments = cluster_batch(records[i] for i in order)
    cluster_seconds = time.process_time() - started
    stories = [""] * len(docs)
    topics = [""] * len(docs)
    for i, assignment in zip(order, assignments, strict=True):
        stories[i], topics[i] = assignment.story_id, assignment.topic_id
    result: dict[str, Any] = {"documents": len(docs), "stories": len(set(stories)), "topics": len(set(topics)),
                              "gold_seminal_events": len({d.seminal for d in docs}),
                              "gold_topics": len({d.topic for d in docs}), "order_seed": seed,
                              "duplicates": sum(a.duplicate_of is not None for a in assignments)}
    levels = (("seminal", stories, [d.seminal for d in docs]), ("topic", topics, [d.topic for d in docs]),
              ("story_vs_topic", stories, [d.topic for d in docs]))
    for level, predicted, labels in levels:
        precision, recall, f = bcubed(predicted, labels)
        result[f"{level}_precision"] = round(precision, 4)
        result[f"{level}_recall"] = round(recall, 4)
        result[f"{level}_f1"] = round(f, 4)
    result["cluster_cpu_seconds"] = round(cluster_seconds, 3)
    return result


def analyze(docs: Iterable[GoldDocument], pipeline: Any) -> list[dict[str, Any]]:
    """Records for the documents, in order, with `pipeline` (a loaded `newsgraph.pipeline.Pipeline`)."""
    return list(pipeline.analyze(as_input(d) for d in docs))


def evaluate_stories(path: str | Path, settings: Settings | None = None, limit: int | None = None,
                     seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Score story clustering on the ECB+ folder at `path` (see the module docstring)."""
    from newsgraph.pipeline import Pipeline

    docs = read_corpus(Path(path), limit)
    started = time.process_time()
    records = analyze(docs, Pipeline(settings))
    analyze_seconds = time.process_time() - started
    result = score(records, docs, seed)
    result["errors"] = sum("error" in r for r in records)
    result["analyze_cpu_seconds"] = round(analyze_seconds, 3)
    return result
