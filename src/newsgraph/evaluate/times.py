"""TempEval-3 (TimeML) time expressions: read the TIMEX3 gold, run the pipeline, score spans, values and types."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from newsgraph.config import Settings
from newsgraph.document import Document
from newsgraph.errors import UsageError
from newsgraph.evaluate.running import analyze_exact


@dataclass(frozen=True)
class Timex:
    """A time expression as a half-open character range of the document text with its TIMEX3 type and value."""

    start: int
    end: int
    type: str
    value: str


@dataclass
class TimemlDocument:
    """The TEXT element's content with tags stripped, its TIMEX3 spans, and the creation time (DCT)."""

    id: str
    text: str
    dct: str | None
    gold: list[Timex] = field(default_factory=list)


def read_timeml(path: Path) -> TimemlDocument:
    """One `.tml` file; the DCT (functionInDocument=CREATION_TIME outside TEXT) is metadata, not gold."""
    try:
        root = ElementTree.parse(path).getroot()
    except ElementTree.ParseError as exc:
        raise UsageError(f"{path} is not well-formed TimeML ({exc})") from None
    dct: str | None = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = timex.get("value")
            break
    body = root.find("TEXT")
    if body is None:
        raise UsageError(f"{path} has no TEXT element; is it a TimeML file?")
    pieces: list[str] = []
    gold: list[Timex] = []
    _walk(body, pieces, gold)
    doc_id = root.findtext("DOCID") or path.stem
    return TimemlDocument(id=doc_id.strip(), text="".join(pieces), dct=dct, gold=gold)


def _walk(node: ElementTree.Element, pieces: list[str], gold: list[Timex]) -> None:
    """Append the node's text in document order, recording each TIMEX3's offsets as it passes."""
    start = sum(len(p) for p in pieces)
    if node.text:
        pieces.append(node.text)
    for child in node:
        _walk(child, pieces, gold)
        if child.tail:
            pieces.append(child.tail)
    if node.tag == "TIMEX3" and node.get("functionInDocument") != "CREATION_TIME":
        end = sum(len(p) for p in pieces)
        if end > start:
            gold.append(Timex(start, end, node.get("type") or "", node.get("value") or ""))


def timeml_files(path: Path) -> list[Path]:
    """Every `.tml` file under `path` (a folder, searched recursively) or `path` itself, sorted."""
    if path.is_file():
        return [path]
    if not path.exists():
        raise UsageError(f"{path} does not exist; give a TimeML file or a folder of .tml files")
    files = sorted(path.rglob("*.tml"))
    if not files:
        raise UsageError(f"{path} holds no .tml files")
    return files


def match(gold: list[Timex], predicted: list[Timex]) -> list[tuple[Timex, Timex]]:
    """One-to-one pairs of overlapping spans, the largest overlaps first (TempEval-3's relaxed match)."""
    candidates: list[tuple[int, int, int]] = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            overlap = min(g.end, p.end) - max(g.start, p.start)
            if overlap > 0:
                candidates.append((overlap, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[Timex, Timex]] = []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((gold[i], predicted[j]))
    return pairs


@dataclass
class Tally:
    """Counts accumulated over documents; `report()` turns them into the scores."""

    documents: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    strict: int = 0
    value_correct: int = 0
    type_correct: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    value_errors: Counter[str] = field(default_factory=Counter)

    def add(self, doc: TimemlDocument, predicted: list[Timex], keep_errors: int = 0) -> None:
        self.documents += 1
        self.gold += len(doc.gold)
        self.predicted += len(predicted)
        pairs = match(doc.gold, predicted)
        self.matched += len(pairs)
        exact = {(p.start, p.end) for p in predicted}
        self.strict += sum((g.start, g.end) in exact for g in doc.gold)
        for g, p in pairs:
            self.value_correct += g.value == p.value
            self.type_correct += g.type == p.type
        if keep_errors:
            self._keep(doc, predicted, pairs, keep_errors)

    def _keep(self, doc: TimemlDocument, predicted: list[Timex], pairs: list[tuple[Timex, Timex]],
              limit: int) -> None:
        matched_gold = {g for g, _ in pairs}
        matched_pred = {p for _, p in pairs}

        def show(t: Timex) -> str:
            return doc.text[t.start:t.end]

        for g in doc.gold:
            if g not in matched_gold and len(self.errors) < limit:
                self.errors.append({"doc": doc.id, "kind": "missed", "text": show(g), "gold": g.value,
                                    "dct": doc.dct})
        for p in predicted:
            if p not in matched_pred and len(self.errors) < limit:
                self.errors.append({"doc": doc.id, "kind": "spurious", "text": show(p), "pred": p.value})
        for g, p in pairs:
            if g.value != p.value and len(self.errors) < limit:
                self.errors.append({"doc": doc.id, "kind": "value", "text": show(g), "pred_text": show(p),
                                    "gold": g.value, "pred": p.value, "dct": doc.dct})

    def report(self) -> dict[str, Any]:
        precision = self.matched / self.predicted if self.predicted else 0.0
        recall = self.matched / self.gold if self.gold else 0.0
        strict_p = self.strict / self.predicted if self.predicted else 0.0
        strict_r = self.strict / self.gold if self.gold else 0.0
        value_accuracy = self.value_correct / self.matched if self.matched else 0.0
        value_p = self.value_correct / self.predicted if self.predicted else 0.0
        value_r = self.value_correct / self.gold if self.gold else 0.0
        return {
            "documents": self.documents,
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(_f1(precision, recall), 4),
            "strict_precision": round(strict_p, 4),
            "strict_recall": round(strict_r, 4),
            "strict_f1": round(_f1(strict_p, strict_r), 4),
            "value_accuracy": round(value_accuracy, 4),
            # TempEval-3's "value F1": a prediction counts only when its span overlaps and its value is right.
            "value_f1": round(_f1(value_p, value_r), 4),
            "type_accuracy": round(self.type_correct / self.matched if self.matched else 0.0, 4),
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(documents: Iterable[TimemlDocument], tagger: Callable[[TimemlDocument], list[Timex]],
          keep_errors: int = 0) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Score any tagger (document in, spans out): used for the stage and for comparing libraries."""
    tally = Tally()
    for doc in documents:
        tally.add(doc, tagger(doc), keep_errors)
    return tally.report(), tally.errors


def iter_documents(path: Path, limit: int | None = None) -> Iterator[TimemlDocument]:
    for file in timeml_files(path)[:limit]:
        yield read_timeml(file)


def evaluate_times(path: Path, settings: Settings | None = None, limit: int | None = None,
                   keep_errors: int = 0) -> dict[str, Any]:
    """Run the pipeline on each TimeML text (body_only, published = the document creation time) and score.

    `keep_errors` > 0 adds up to that many misses, spurious spans and wrong values under "errors".
    """
    documents = list(iter_documents(Path(path), limit))
    inputs = [Document(id=d.id, kind="text", content=d.text, body_only=True, published=d.dct) for d in documents]
    tally = Tally()
    for doc, record in zip(documents, analyze_exact(inputs, settings), strict=True):
        predicted = [Timex(t["start"], t["end"], t["type"], t["value"]) for t in record["times"]]
        tally.add(doc, predicted, keep_errors)
    result = tally.report()
    if keep_errors:
        result["errors"] = tally.errors
    return result
