"""Long fuzz runs beyond `make test`: hostile documents by the thousand, regexes at 20,000 characters, 1 MB lines.

Usage: .venv/bin/python bench/fuzz.py [--documents N] [--regex-size N] [--megabyte]
Prints one line per finding and a summary; exit status 1 when a document crashed or broke the contract.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from test_reliability_documents import (  # noqa: E402 (the tests folder is put on the path above)
    HOSTILE_CHARS,
    TAGS,
    WORDS,
    _contract,
    adversarial,
    assert_clean,
    compiled_patterns,
)

from newsgraph.document import Document  # noqa: E402
from newsgraph.pipeline import Pipeline  # noqa: E402


def random_document(rng: random.Random) -> Document:
    """Text, tag soup or raw bytes, mixed from news words, hostile characters and random code points."""
    pieces = []
    for _ in range(rng.randint(0, 300)):
        roll = rng.random()
        if roll < 0.5:
            pieces.append(rng.choice(WORDS))
        elif roll < 0.7:
            pieces.append(rng.choice(HOSTILE_CHARS))
        elif roll < 0.85:
            pieces.append(f"<{'/' if rng.random() < 0.4 else ''}{rng.choice(TAGS)}>")
        else:
            pieces.append("".join(chr(rng.randint(1, 0x10FFFF)) for _ in range(rng.randint(1, 8))))
    text = " ".join(pieces)
    kind = rng.choice(("text", "html", "bytes"))
    if kind == "bytes":
        return Document(id="fuzz", kind=rng.choice(("text", "html")),
                        content=text.encode("utf-8", "surrogatepass") + rng.randbytes(rng.randint(0, 64)))
    return Document(id="fuzz", kind=kind, content=text, body_only=rng.random() < 0.2)  # type: ignore[arg-type]


def fuzz_documents(count: int, seed: int) -> int:
    pipeline, contract, rng = Pipeline(), _contract(), random.Random(seed)
    failures, slowest = 0, 0.0
    for n in range(count):
        document = random_document(rng)
        started = time.monotonic()
        try:
            assert_clean(pipeline.analyze_one(document), contract)
        except Exception as exc:  # noqa: BLE001 (a finding: printed with its seed and number)
            failures += 1
            print(f"document {n} (seed {seed}): {type(exc).__name__}: {str(exc)[:300]}")
        slowest = max(slowest, time.monotonic() - started)
    print(f"documents: {count} tried, {failures} failed, slowest {slowest:.2f} s")
    return failures


def audit_regexes(size: int, threshold: float) -> None:
    patterns = compiled_patterns()
    slow = 0
    for name, pattern in patterns:
        worst = 0.0
        for text in adversarial(size):
            subject = text.encode() if isinstance(pattern.pattern, bytes) else text
            started = time.monotonic()
            pattern.search(subject)
            worst = max(worst, time.monotonic() - started)
        if worst > threshold:
            slow += 1
            print(f"regex {name}: {worst:.2f} s on {size:,} adversarial characters (superlinear)")
    print(f"regexes: {len(patterns)} checked at {size:,} characters, {slow} over {threshold} s")


def megabyte_line() -> None:
    sentence = "The minister said talks in Paris ended on Monday. "
    text = (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000]
    started = time.monotonic()
    record = Pipeline().analyze_one(Document(id="mb", kind="text", content=text))
    print(f"1 MB one-line news text: {time.monotonic() - started:.1f} s, "
          f"{'error ' + record['error']['code'] if 'error' in record else 'record'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--regex-size", type=int, default=20_000)
    parser.add_argument("--regex-threshold", type=float, default=1.0)
    parser.add_argument("--megabyte", action="store_true", help="also time a 1 MB one-line document (minutes)")
    args = parser.parse_args()
    failures = fuzz_documents(args.documents, args.seed)
    audit_regexes(args.regex_size, args.regex_threshold)
    if args.megabyte:
        megabyte_line()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
