"""CoNLL-2003 NER: read the IOB1 files, run the whole entity layer, score exact spans per type."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.analyze.name_bounds import CONLL_KIND
from newsgraph.config import Settings
from newsgraph.document import Document

Span = tuple[int, int, str]


@dataclass
class ConllDocument:
    """A document rebuilt as text: tokens joined by spaces, one sentence per line; gold spans in characters."""

    id: str
    text: str
    gold: list[Span]
    token_starts: set[int]
    token_ends: set[int]


def read_conll(path: Path) -> Iterator[ConllDocument]:
    """Documents of a CoNLL-2003 file (`-DOCSTART-` breaks, blank lines between sentences, IOB1 tags)."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    number = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-"):
                if current:
                    sentences.append(current)
                    current = []
                if sentences:
                    number += 1
                    yield _document(f"{path.name}-{number}", sentences)
                sentences = []
            elif not line.strip():
                if current:
                    sentences.append(current)
                    current = []
            else:
                fields = line.split()
                current.append((fields[0], fields[-1]))
    if current:
        sentences.append(current)
    if sentences:
        yield _document(f"{path.name}-{number + 1}", sentences)


def _document(doc_id: str, sentences: list[list[tuple[str, str]]]) -> ConllDocument:
    pieces: list[str] = []
    gold: list[Span] = []
    starts: set[int] = set()
    ends: set[int] = set()
    pos = 0
    for sentence in sentences:
        open_span: list[Any] | None = None
        previous = "O"
        for index, (token, tag) in enumerate(sentence):
            if index:
                pieces.append(" ")
                pos += 1
            start, end = pos, pos + len(token)
            starts.add(start)
            ends.add(end)
            kind = tag[2:] if tag != "O" else None
            begins = kind is not None and (tag.startswith("B-") or previous == "O" or previous[2:] != kind)
            if open_span is not None and (kind is None or begins):
                gold.append((open_span[0], open_span[1], open_span[2]))
                open_span = None
            if kind is not None:
                if open_span is None:
                    open_span = [start, end, kind]
                else:
                    open_span[1] = end
            pieces.append(token)
            pos = end
            previous = tag
        if open_span is not None:
            gold.append((open_span[0], open_span[1], open_span[2]))
        pieces.append("\n")
        pos += 1
    return ConllDocument(doc_id, "".join(pieces), gold, starts, ends)


def predicted_spans(record: dict[str, Any], doc: ConllDocument) -> list[Span]:
    """Every entity mention as a CoNLL span, snapped outward to token boundaries."""
    spans: list[Span] = []
    for entity in record.get("entities", []):
        kind = CONLL_KIND.get(entity["type"])
        if kind is None:
            continue
        for m in entity["mentions"]:
            start, end = m["start"], m["end"]
            while start > 0 and start not in doc.token_starts:
                start -= 1
            while end < len(doc.text) and end not in doc.token_ends:
                end += 1
            spans.append((start, end, kind))
    return spans


def score(gold: list[Span], predicted: list[Span]) -> dict[str, Any]:
    """conlleval-style exact span match, overall and per type."""
    gold_set, pred_set = set(gold), set(predicted)
    per_type: dict[str, dict[str, Any]] = {}
    for kind in sorted({s[2] for s in gold_set | pred_set}):
        g = {s for s in gold_set if s[2] == kind}
        p = {s for s in pred_set if s[2] == kind}
        per_type[kind] = _prf(len(g & p), len(p), len(g))
    overall = _prf(len(gold_set & pred_set), len(pred_set), len(gold_set))
    return {**overall, "per_type": per_type}


def _prf(correct: int, predicted: int, gold: int) -> dict[str, Any]:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": gold, "predicted": predicted,
            "correct": correct}


def evaluate_ner(path: Path, settings: Settings | None = None, limit: int | None = None) -> dict[str, Any]:
    """Run the pipeline (body-only documents) over a CoNLL-2003 file and score its entities."""
    from newsgraph.pipeline import Pipeline

    pipeline = Pipeline(settings or Settings())
    documents = list(read_conll(path))[:limit]
    inputs = [Document(id=d.id, kind="text", content=d.text, body_only=True) for d in documents]
    gold: list[Span] = []
    predicted: list[Span] = []
    errors: Counter[str] = Counter()
    for number, (doc, record) in enumerate(zip(documents, pipeline.analyze(inputs), strict=True)):
        if "error" in record:
            errors[record["error"]["code"]] += 1
        # Offsets are per document: tag them with the document number to keep spans distinct.
        base = number * 10_000_000
        gold.extend((base + a, base + b, k) for a, b, k in doc.gold)
        predicted.extend((base + a, base + b, k) for a, b, k in predicted_spans(record, doc))
    return {"documents": len(documents), "errors": sum(errors.values()), **score(gold, predicted)}
