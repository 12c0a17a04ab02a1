"""PolNeAR attributions (brat standoff: Source, Cue, Content): run the pipeline with the quotes stage and score.

An attribution counts when the predicted content overlaps the gold content by at least half of the shorter of
the two, and the predicted speaker overlaps the gold source (a gold attribution without a source is matched
by a prediction without a speaker). Strict: the content is exactly the gold content's extent. Matching is one
to one. Speaker accuracy: of the predictions matched to a gold content (content alone), the fraction whose
speaker overlaps the gold source.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.config import Settings
from newsgraph.document import Document
from newsgraph.evaluate.running import analyze_exact

Fragments = tuple[tuple[int, int], ...]
_TEXT_BOUND = re.compile(r"^(T\d+)\t([\w-]+) (\d+ \d+(?:;\d+ \d+)*)\t")
_EVENT = re.compile(r"^(E\d+)\t(.+)$")


@dataclass(frozen=True)
class Attribution:
    """One attribution: content and source as character fragments (a source may be absent)."""

    content: Fragments
    source: Fragments | None
    cue: Fragments | None = None

    @property
    def extent(self) -> tuple[int, int]:
        return self.content[0][0], self.content[-1][1]


@dataclass
class PolnearDocument:
    id: str
    text: str
    gold: list[Attribution]


def read_brat(text_file: Path, ann_file: Path) -> PolnearDocument:
    """A text and its `.ann` file; lines that are not text-bound annotations or events are skipped."""
    text = text_file.read_bytes().decode("utf-8")  # bytes, not read_text: no newline translation moves offsets
    bounds: dict[str, tuple[str, Fragments]] = {}
    events: list[dict[str, str]] = []
    for line in ann_file.read_bytes().decode("utf-8").split("\n"):
        if match := _TEXT_BOUND.match(line):
            fragments = tuple(sorted(tuple(int(x) for x in piece.split()) for piece in match.group(3).split(";")))
            first_line = text[fragments[0][0]:fragments[0][1]].split("\n")[0]  # brat cuts a span's text at a newline
            if len(fragments) == 1 and not line[match.end():].startswith(first_line):
                raise ValueError(f"{ann_file}: {match.group(1)} does not match the text at {fragments[0]}; "
                                 f"is {text_file.name} the file it was annotated on?")
            bounds[match.group(1)] = (match.group(2), fragments)  # type: ignore[assignment]
        elif match := _EVENT.match(line):
            events.append(dict(part.split(":", 1) for part in match.group(2).split() if ":" in part))
    gold = []
    for event in events:
        content = bounds.get(event.get("Content", ""))
        if content is None:
            continue
        source = bounds.get(event.get("Source", ""))
        cue = bounds.get(event.get("Cue", ""))
        for bound in (content, source, cue):
            for start, end in (bound[1] if bound else ()):
                if not 0 <= start <= end <= len(text):
                    raise ValueError(f"{ann_file}: offsets {start}-{end} lie outside the text ({len(text)} characters)")
        gold.append(Attribution(content[1], source[1] if source else None, cue[1] if cue else None))
    gold.sort(key=lambda a: a.extent)
    return PolnearDocument(text_file.stem, text, gold)


def iter_polnear(path: Path, limit: int | None = None) -> Iterator[PolnearDocument]:
    """Documents of a PolNeAR split (`text/`, `attributions/`); with several annotators, the first file by name."""
    text_dir, ann_dir = path / "text", path / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise FileNotFoundError(f"{path} is not a PolNeAR split: it needs text/ and attributions/ folders")
    annotations: dict[str, Path] = {}
    for ann_file in sorted(ann_dir.glob("*.ann")):
        annotations.setdefault(re.sub(r"_[0-9a-f]+$", "", ann_file.stem), ann_file)
    count = 0
    for text_file in sorted(text_dir.glob("*.txt")):
        ann = annotations.get(text_file.stem)
        if ann is None:
            continue
        if limit is not None and count >= limit:
            return
        count += 1
        yield read_brat(text_file, ann)


def _overlap(span: tuple[int, int], fragments: Fragments) -> int:
    return sum(max(0, min(span[1], b) - max(span[0], a)) for a, b in fragments)


def _length(fragments: Fragments) -> int:
    return sum(b - a for a, b in fragments)


def content_matches(predicted: tuple[int, int], gold: Attribution) -> bool:
    """Overlap of at least half of the shorter span."""
    shorter = min(predicted[1] - predicted[0], _length(gold.content))
    return shorter > 0 and _overlap(predicted, gold.content) * 2 >= shorter


def speaker_matches(speaker: tuple[int, int] | None, gold: Attribution) -> bool:
    if gold.source is None or speaker is None:
        return gold.source is None and speaker is None
    return _overlap(speaker, gold.source) > 0


Prediction = tuple[tuple[int, int], tuple[int, int] | None, str]  # content, speaker, kind


def match(predicted: list[Prediction], gold: list[Attribution],
          fits: Callable[[Prediction, Attribution], bool]) -> list[tuple[int, int]]:
    """One-to-one pairs (prediction, gold) that fit, the largest content overlaps first."""
    pairs = [(_overlap(p[0], g.content), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)
             if fits(p, g)]
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in sorted(pairs, key=lambda x: (-x[0], x[1], x[2])):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


class Tally:
    """Counts over documents; `report()` gives the figures."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.errors: list[dict[str, Any]] = []

    def add(self, doc: PolnearDocument, predicted: list[Prediction], keep_errors: int = 0) -> None:
        gold = doc.gold
        self.counts["documents"] += 1
        self.counts["gold"] += len(gold)
        self.counts["predicted"] += len(predicted)
        for p in predicted:
            self.counts["predicted_" + p[2]] += 1
        loose = match(predicted, gold, lambda p, g: content_matches(p[0], g) and speaker_matches(p[1], g))
        strict = match(predicted, gold, lambda p, g: p[0] == g.extent and speaker_matches(p[1], g))
        by_content = match(predicted, gold, lambda p, g: content_matches(p[0], g))
        self.counts["correct"] += len(loose)
        self.counts["strict_correct"] += len(strict)
        self.counts["content_matched"] += len(by_content)
        self.counts["speaker_correct"] += sum(speaker_matches(predicted[i][1], gold[j]) for i, j in by_content)
        for i, _ in loose:
            self.counts["correct_" + predicted[i][2]] += 1
        if len(self.errors) < keep_errors:
            self._keep(doc, predicted, loose, by_content, keep_errors)

    def _keep(self, doc: PolnearDocument, predicted: list[Prediction], loose: list[tuple[int, int]],
              by_content: list[tuple[int, int]], keep: int) -> None:
        text = doc.text
        hit_p = {i for i, _ in loose}
        hit_g = {j for _, j in loose}
        content_pair = dict(by_content)

        def show(fragments: Fragments | None) -> str | None:
            return None if fragments is None else " | ".join(text[a:b] for a, b in fragments)

        for i, p in enumerate(predicted):
            if i not in hit_p and len(self.errors) < keep:
                gold = doc.gold[content_pair[i]] if i in content_pair else None
                self.errors.append({"doc": doc.id, "error": "wrong speaker" if gold else "spurious", "kind": p[2],
                                    "content": text[p[0][0]:p[0][1]][:200],
                                    "speaker": text[p[1][0]:p[1][1]] if p[1] else None,
                                    "gold_source": show(gold.source) if gold else None})
        matched_g = set(content_pair.values())
        for j, g in enumerate(doc.gold):
            if j not in hit_g and j not in matched_g and len(self.errors) < keep:
                self.errors.append({"doc": doc.id, "error": "missed", "content": (show(g.content) or "")[:200],
                                    "source": show(g.source), "cue": show(g.cue)})

    def report(self) -> dict[str, Any]:
        c = self.counts

        def prf(correct: int) -> tuple[float, float, float]:
            p = correct / c["predicted"] if c["predicted"] else 0.0
            r = correct / c["gold"] if c["gold"] else 0.0
            return p, r, (2 * p * r / (p + r) if p + r else 0.0)

        precision, recall, f1 = prf(c["correct"])
        s_precision, s_recall, s_f1 = prf(c["strict_correct"])
        kinds = {k: {"predicted": c["predicted_" + k], "correct": c["correct_" + k]}
                 for k in ("direct", "indirect", "mixed")}
        return {
            "documents": c["documents"], "gold": c["gold"], "predicted": c["predicted"],
            "correct": c["correct"], "precision": precision, "recall": recall, "f1": f1,
            "strict_correct": c["strict_correct"], "strict_precision": s_precision, "strict_recall": s_recall,
            "strict_f1": s_f1, "content_matched": c["content_matched"],
            "speaker_accuracy": c["speaker_correct"] / c["content_matched"] if c["content_matched"] else 0.0,
            "kinds": kinds,
        }


def evaluate_quotes(path: Path, settings: Settings | None = None, limit: int | None = None,
                    keep_errors: int = 0) -> dict[str, Any]:
    """Run the pipeline on each PolNeAR text of `path` (body_only) and score its attributions.

    `keep_errors` > 0 adds up to that many misses, spurious quotes and wrong speakers under "errors".
    """
    documents = list(iter_polnear(Path(path), limit))
    inputs = [Document(id=d.id, kind="text", content=d.text, body_only=True) for d in documents]
    tally = Tally()
    for doc, record in zip(documents, analyze_exact(inputs, settings), strict=True):
        predicted: list[Prediction] = [
            ((q["content"]["start"], q["content"]["end"]),
             (q["speaker"]["start"], q["speaker"]["end"]) if q["speaker"] else None, q["kind"])
            for q in record["quotes"]]
        tally.add(doc, predicted, keep_errors)
    result = tally.report()
    if keep_errors:
        result["errors"] = tally.errors
    return result
