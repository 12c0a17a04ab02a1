"""Scale-out: `analyze --workers 2`, `batch --master local[2]` and `analyze` with one worker on one corpus, one run.

Usage: python bench/batch.py [--corpus bench/results/corpus.jsonl] [--limit N] [--skip-single]
Each variant runs as its own `newsgraph` process, timed from start to exit (process start and model loads
included, as a user sees them). Prints documents/s, the ratios against the targets, the machine's load,
and the memory one analysis process holds. Asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NEWSGRAPH = Path(sys.executable).with_name("newsgraph")
TARGET_WORKERS, TARGET_SPARK = 1.8, 0.85


def subset(corpus: Path, limit: int | None, folder: Path) -> tuple[Path, int]:
    """The corpus, or its first `limit` lines in a file of their own; and the number of documents."""
    lines = [line for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit is None:
        return corpus, len(lines)
    path = folder / f"corpus-{limit}.jsonl"
    path.write_text("\n".join(lines[:limit]) + "\n", encoding="utf-8")
    return path, min(limit, len(lines))


def timed(command: list[str]) -> tuple[float, str]:
    """Wall-clock seconds of one command, and its last line on standard error."""
    print("$ " + " ".join(command), file=sys.stderr, flush=True)
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):  # 1: some documents became error records, the run itself worked
        sys.exit(f"{command[1]} failed with exit status {done.returncode}:\n{done.stderr[-3000:]}")
    lines = done.stderr.strip().splitlines()
    return seconds, lines[-1] if lines else ""


def process_memory() -> dict[str, float]:
    """Resident MiB of one fresh analysis process: interpreter, + spaCy model, + lexicons and gazetteer."""
    code = (
        "import json, psutil\n"
        "rss = lambda: psutil.Process().memory_info().rss / 2**20\n"
        "from newsgraph.config import Settings\n"
        "from newsgraph.pipeline import build_stages\n"
        "from newsgraph.nlp import load_model\n"
        "base = rss(); s = Settings(); nlp = load_model(s.model); model = rss()\n"
        "stages = build_stages(s); full = rss()\n"
        "print(json.dumps({'imports': base, 'model': model - base, 'lexicons_and_gazetteer': full - model,"
        " 'total': full}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=REPO / "bench" / "results" / "corpus.jsonl")
    parser.add_argument("--limit", type=int, help="use only the first N documents")
    parser.add_argument("--skip-single", action="store_true", help="leave out the one-worker run")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus} is absent: run python bench/corpus.py first")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        sys.exit("Java is absent: newsgraph batch needs Java 17")

    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        folder = Path(tmp)
        corpus, documents = subset(args.corpus, args.limit, folder)
        load_before = os.getloadavg()
        rates: dict[str, float] = {}
        seconds, _ = timed([str(NEWSGRAPH), "analyze", str(corpus), "--workers", "2", "-o", str(folder / "w2.jsonl")])
        rates["analyze --workers 2"] = documents / seconds
        seconds, spark_line = timed([str(NEWSGRAPH), "batch", str(corpus), str(folder / "out"), "--master", "local[2]"])
        rates["batch --master local[2]"] = documents / seconds
        if not args.skip_single:
            seconds, _ = timed([str(NEWSGRAPH), "analyze", str(corpus), "-o", str(folder / "w1.jsonl")])
            rates["analyze (1 worker)"] = documents / seconds
        load_after = os.getloadavg()

    print(f"corpus: {documents} documents ({corpus.name}); {os.cpu_count()} CPUs; load average before "
          f"{load_before[0]:.2f}, after {load_after[0]:.2f} (1 min) / {load_after[1]:.2f} (5 min)")
    for name, rate in rates.items():
        print(f"  {name:<26} {rate:7.2f} documents/s")
    workers2, spark = rates["analyze --workers 2"], rates["batch --master local[2]"]
    if "analyze (1 worker)" in rates:
        ratio = workers2 / rates["analyze (1 worker)"]
        print(f"  --workers 2 / one worker   {ratio:5.2f}x  (target >= {TARGET_WORKERS}x)")
    print(f"  local[2] / --workers 2     {spark / workers2:5.2f}x  (target >= {TARGET_SPARK}x)")
    print(f"  {spark_line}")
    memory = process_memory()
    print("  memory of one analysis process (MiB, resident): " + ", ".join(f"{k} {v:.0f}" for k, v in memory.items()))


if __name__ == "__main__":
    main()
