"""Load on `newsgraph serve`: concurrent clients on the search, article and entity pages; prints req/s, p50, p99.

The server runs in one process (`newsgraph serve`, as users start it), the load in another (asyncio + httpx),
both on loopback. Usage:

    .venv/bin/python bench/serve.py --db sqlite:///bench/results/bench.db [--clients 50] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DB = REPO / "bench" / "results" / "bench.db"
PAGES = ("search", "article", "entity")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def targets(db_url: str, count: int = 300) -> dict[str, list[str]]:
    """Page paths to request: articles and entities spread over the corpus, searches for words of titles."""
    from newsgraph.store import browse, open_store

    rng = random.Random(7)
    with open_store(db_url) as store:
        with store._read() as tx:
            ids = [r["id"] for r in tx.all("SELECT id, title FROM articles ORDER BY seq")]
            titles = [r["title"] for r in tx.all("SELECT title FROM articles WHERE title IS NOT NULL ORDER BY seq")]
        entities = [e["id"] for e in browse.list_entities(store, limit=count).items]
    words = sorted({w.strip(".,:;'\"?!()").lower() for t in titles for w in t.split() if len(w) > 5})
    words = [w for w in words if w.isalpha()]
    return {
        "search": [f"/search?q={w}" for w in rng.sample(words, min(count, len(words)))],
        "article": [f"/articles/{i}" for i in rng.sample(ids, min(count, len(ids)))],
        "entity": [f"/entities/{i}" for i in entities],
    }


async def _client(base: str, paths: dict[str, list[str]], until: float, seed: int,
                  results: dict[str, list[float]], errors: dict[str, int]) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        turn = seed
        while time.perf_counter() < until:
            page = PAGES[turn % len(PAGES)]
            turn += 1
            start = time.perf_counter()
            try:
                response = await client.get(rng.choice(paths[page]))
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                results[page].append(time.perf_counter() - start)
            else:
                errors[page] += 1


def load(base: str, paths: dict[str, list[str]], clients: int, seconds: float, queue: Any) -> None:
    """The load process: `clients` concurrent keep-alive clients for `seconds`; puts latencies on the queue."""
    results: dict[str, list[float]] = {page: [] for page in PAGES}
    errors = dict.fromkeys(PAGES, 0)

    async def main() -> None:
        until = time.perf_counter() + seconds
        await asyncio.gather(*(_client(base, paths, until, n, results, errors) for n in range(clients)))

    asyncio.run(main())
    queue.put((results, errors))


def _percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=f"sqlite:///{DEFAULT_DB}", help="store URL (default: bench/results/bench.db)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--processes", type=int, default=2, help="server processes (`newsgraph serve --processes`)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of load before measuring")
    args = parser.parse_args()
    if args.db.startswith("sqlite:///") and not Path(args.db.removeprefix("sqlite:///")).exists():
        print(f"{args.db.removeprefix('sqlite:///')} does not exist: build it with bench/ingest.py (the ingest "
              "benchmark writes bench/results/bench.db), or `newsgraph ingest bench/results/corpus.jsonl "
              "--db sqlite:///bench/results/bench.db`, or pass --db", file=sys.stderr)
        return 2
    paths = targets(args.db)
    from newsgraph.store import open_store

    with open_store(args.db) as store:
        articles = store.stats()["articles"]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "newsgraph", "serve", "--db", args.db, "--port", str(port),
                               "--processes", str(args.processes), "--rate-limit", "0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/api/stats", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        if args.warmup > 0:
            warm = context.Process(target=load, args=(base, paths, args.clients, args.warmup, queue))
            warm.start()
            queue.get()
            warm.join()
        worker = context.Process(target=load, args=(base, paths, args.clients, args.seconds, queue))
        started = time.perf_counter()
        worker.start()
        results, errors = queue.get()
        worker.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"newsgraph serve ({args.processes} server processes) on {articles:,} articles ({args.db}); "
          f"{args.clients} clients for {args.seconds:.0f} s on loopback, the load from another process")
    print(f"{'page':<8} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    total = 0
    for page in PAGES:
        times = results[page]
        total += len(times)
        print(f"{page:<8} {len(times):>9,} {len(times) / elapsed:>8.1f} {1000 * statistics.median(times or [0]):>8.1f} "
              f"{1000 * _percentile(times, 0.99):>8.1f} {errors[page]:>7}")
    print(f"{'all':<8} {total:>9,} {total / elapsed:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
