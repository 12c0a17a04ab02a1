"""Faults: repeated kill -9 at random moments, PostgreSQL restarted under `watch`, a full disk under SQLite.

tests/test_ingest.py kills at fixed article counts and compares with an uninterrupted run; here the moments are
random (start-up included), there are more of them, and duplicates are counted directly.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PG_ADMIN
from test_ingest import _corpus, _count, _feed, _ingest_command, quick_fetcher
from test_sources_site import Site, html, site_fixture  # noqa: F401 (the `site` fixture)

from newsgraph.config import Settings
from newsgraph.store import open_store
from newsgraph.watch import Watcher

KILLS = 5
CORPUS = 24


def _articles(url: str) -> tuple[int, int, list[object]]:
    """(articles, distinct article texts, integrity problems)."""
    with open_store(url) as store:
        rows = list(store.iter_rows("articles"))
        distinct = {row.get("text") or row.get("body") or row["article_id"] for row in rows}
        return len(rows), len(distinct), store.integrity_check()


def test_reliability_faults_random_kill9_repeated_then_rerun(db_url: str, tmp_path: Path):
    corpus = _corpus(tmp_path / "corpus.jsonl", CORPUS)
    rng = random.Random(8)
    kills = 0
    for _ in range(KILLS):
        process = subprocess.Popen(_ingest_command(corpus, db_url), cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        target = _count(db_url) + rng.randint(0, 3)  # 0: killed during start-up or the first batch
        deadline = time.monotonic() + 120
        while _count(db_url) < target and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.4))  # anywhere inside an analysis batch or a write
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            kills += 1
        process.wait()
        stored, distinct, problems = _articles(db_url)
        assert problems == [] and stored == distinct, "after a kill: consistent, nothing duplicated"
    assert kills >= 3, "the ingest ended before most kills: use a larger corpus"
    subprocess.run(_ingest_command(corpus, db_url), check=True, capture_output=True, cwd=tmp_path)
    assert _articles(db_url) == (CORPUS, CORPUS, [])


# ----- PostgreSQL restarted under a running watch ------------------------------------------------------------

def _cluster() -> list[str]:
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if not versions or os.geteuid() != 0:
        pytest.skip("restarting PostgreSQL needs root and a Debian cluster under /etc/postgresql")
    return ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main"]


def _pg_up() -> bool:
    import psycopg

    try:
        psycopg.connect(PG_ADMIN, connect_timeout=2).close()
        return True
    except psycopg.OperationalError:
        return False


@pytest.fixture
def restartable_postgres() -> Iterator[list[str]]:
    """The pg_ctlcluster command; the cluster is started again at the end, whatever happened."""
    command = _cluster()
    try:
        yield command
    finally:
        if not _pg_up():
            subprocess.run([*command, "start"], capture_output=True, timeout=60)
        deadline = time.monotonic() + 60
        while not _pg_up() and time.monotonic() < deadline:
            time.sleep(0.5)


def _wait(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def pg_url(restartable_postgres: list[str]) -> Iterator[str]:
    """A database of its own, dropped on a fresh connection (the restart ends the ones opened before it)."""
    import psycopg

    if not _pg_up():
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is unreachable")
    name = f"newsgraph_restart_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        _wait(_pg_up, 60)
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_reliability_faults_postgres_restart_under_watch(pg_url: str, site: Site, restartable_postgres: list[str]):
    db_url = pg_url
    items = [("/a", "Ministers meet"), ("/b", "Police arrest")]
    site.page("/a", html("Ministers meet in Geneva", "Foreign ministers met in Geneva on Monday."))
    site.page("/b", html("Police arrest protesters", "Police in Lagos arrested dozens of protesters on Tuesday."))
    site.page("/feed.xml", _feed(site, items), "application/rss+xml")
    stop = threading.Event()
    with open_store(db_url) as store:
        watcher = Watcher(store, Settings(), interval=1.0, min_interval=0.5, max_interval=1.0,
                          fetcher=quick_fetcher())
        watcher.schedule([site.url("/feed.xml")])
        thread = threading.Thread(target=watcher.run, args=(stop,), kwargs={"idle_sleep": 0.3}, daemon=True)
        thread.start()
        try:
            assert _wait(lambda: _count(db_url) == 2, 90), "watch stored the first two items"
            subprocess.run([*restartable_postgres, "restart"], check=True, capture_output=True, timeout=120)
            assert _wait(_pg_up, 60)
            site.page("/c", html("Talks resume in Doha", "Negotiators resumed talks in Doha on Wednesday."))
            site.page("/feed.xml", _feed(site, [*items, ("/c", "Talks resume")]), "application/rss+xml")
            assert _wait(lambda: _count(db_url) == 3, 90), "after the restart, watch reconnects and goes on"
            assert thread.is_alive()
        finally:
            stop.set()
            thread.join(timeout=60)
        urls = sorted(row["url"] for row in store.iter_rows("articles"))
        assert store.integrity_check() == []
    assert urls == sorted(site.url(p) for p in ("/a", "/b", "/c")), "each item exactly once"


# ----- disk full under SQLite --------------------------------------------------------------------------------

@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB tmpfs (root only), unmounted at the end."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(disk: Path, leave: int) -> None:
    """Fill the disk, then free `leave` bytes."""
    with open(disk / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    size = (disk / "filler").stat().st_size
    os.truncate(disk / "filler", max(0, size - leave))


def test_reliability_faults_disk_full_on_sqlite_is_a_clear_error(tiny_disk: Path, tmp_path: Path):
    url = f"sqlite:///{tiny_disk / 'store.db'}"
    corpus = _corpus(tmp_path / "first.jsonl", 3)
    subprocess.run(_ingest_command(corpus, url), check=True, capture_output=True, cwd=tmp_path)
    before = _articles(url)
    assert before[0] == 3
    _fill(tiny_disk, 48 * 1024)
    bigger = _corpus(tmp_path / "more.jsonl", 40)
    result = subprocess.run(_ingest_command(bigger, url), capture_output=True, cwd=tmp_path, timeout=600)
    stderr = result.stderr.decode(errors="replace")
    assert result.returncode == 4, "a full disk cannot pass silently: it exits with the database status"
    assert "Traceback" not in stderr and "NG3" in stderr, stderr[-2000:]
    os.remove(tiny_disk / "filler")
    stored, distinct, problems = _articles(url)
    assert problems == [] and stored == distinct and stored >= before[0], "the database is intact"
    rerun = subprocess.run(_ingest_command(bigger, url), capture_output=True, cwd=tmp_path, timeout=600)
    assert rerun.returncode == 0, rerun.stderr.decode(errors="replace")[-2000:]
    assert _articles(url)[0] == 40, "after space is freed, a rerun completes the work"
