"""The recognizer's cost: the whole pipeline with and without it, and spaCy alone, side by side in one run.

Usage: python bench/recognizer.py [--rounds 3] [--limit N]. Texts as in bench/throughput.py (the ScrapingHub pages,
extracted once). The three runs alternate round by round, so a slower spell of the machine falls on all of them;
each figure is the best of its rounds. Prints figures and ratios; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import load_pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()

    import spacy

    from newsgraph.config import Settings
    from newsgraph.document import Document
    from newsgraph.pipeline import Pipeline

    plain, trained = Pipeline(Settings(recognizer=False)), Pipeline(Settings(recognizer=True))
    records = plain.analyze(Document(id=n, kind="html", content=b) for n, b in load_pages(args.limit))
    texts = [r["text"] for r in records if "error" not in r]
    stock = spacy.load(plain.settings.model, exclude=["lemmatizer"])

    def run(pipeline: Pipeline | None) -> None:
        if pipeline is None:
            for _ in stock.pipe(texts, batch_size=plain.settings.batch_size):
                pass
            return
        for record in pipeline.analyze(Document(id=str(i), kind="text", content=t, body_only=True)
                                       for i, t in enumerate(texts)):
            assert "error" not in record, record

    runs = {"spacy": None, "default": plain, "recognizer": trained}
    for pipeline in (plain, trained):  # warm caches, as bench/throughput.py does
        list(pipeline.analyze(Document(id=str(i), kind="text", content=t, body_only=True)
                              for i, t in enumerate(texts[:10])))
    best = {name: float("inf") for name in runs}
    for _ in range(args.rounds):
        for name, pipeline in runs.items():
            start = time.perf_counter()
            run(pipeline)
            best[name] = min(best[name], time.perf_counter() - start)
    words = sum(len(t.split()) for t in texts)
    print(f"texts: {len(texts)} articles, {words:,} words, best of {args.rounds} alternating rounds")
    for name, secs in best.items():
        print(f"{name:>10}: {secs:7.2f} s  {words / secs:7.0f} words/s")
    print(f"ratio to spaCy alone: default {best['spacy'] / best['default']:.3f}, recognizer "
          f"{best['spacy'] / best['recognizer']:.3f} (target >= 0.6)")
    print(f"the recognizer adds {100 * (best['recognizer'] / best['default'] - 1):.1f}% to the default's time")


if __name__ == "__main__":
    main()
