"""Ingest and watch on both backends: idempotent, resumable after kill -9, feeds over a local HTTP server."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import DATA, REPO, need
from test_sources_site import Site, html, respond, site_fixture  # noqa: F401 (the `site` fixture)

import newsgraph.ingest as ingest_module
from newsgraph.cli import main
from newsgraph.config import Settings
from newsgraph.ingest import Ingester, ingest
from newsgraph.sources.fetch import Fetcher
from newsgraph.store import open_store
from newsgraph.watch import Watcher

SAMPLES = REPO / "samples"
SAMPLE_COUNT = 4
KINDS = ("articles", "entities", "places", "times", "quotes", "events", "stories")
VOLATILE = {"ingested_at", "updated_at", "fetched_at", "at"}


def snapshot(url: str) -> dict[str, object]:
    """Everything a user can read back, minus wall-clock stamps: equal snapshots mean equal databases."""
    with open_store(url) as store:
        shot: dict[str, object] = {
            kind: sorted(json.dumps({k: v for k, v in row.items() if k not in VOLATILE}, sort_keys=True, default=str)
                         for row in store.iter_rows(kind))
            for kind in KINDS
        }
        shot["canonical_events"] = sorted(json.dumps(row, sort_keys=True, default=str)
                                          for row in store.iter_canonical_events())
        shot["stats"] = store.stats()
        shot["integrity"] = store.integrity_check()
    return shot


def quick_fetcher() -> Fetcher:
    return Fetcher(per_host_interval=0.0, retries=0, timeout=5.0)


def test_ingest_twice_changes_nothing(db_url: str):
    with open_store(db_url) as store:
        first = ingest([str(SAMPLES)], store, Settings())
    assert first.stored == SAMPLE_COUNT and first.failed == 0
    before = snapshot(db_url)
    assert before["stats"]["articles"] == SAMPLE_COUNT
    assert before["integrity"] == []
    with open_store(db_url) as store:
        second = ingest([str(SAMPLES)], store, Settings())
    assert (second.stored, second.skipped) == (0, SAMPLE_COUNT)
    assert snapshot(db_url) == before


def test_ingest_stores_stories_and_canonical_events(db_url: str):
    with open_store(db_url) as store:
        ingest([str(SAMPLES)], store, Settings())
        stories = list(store.iter_rows("stories"))
        events = list(store.iter_rows("events"))
        canonical = list(store.iter_canonical_events())
    assert len(stories) == SAMPLE_COUNT and all(row["story_id"] for row in stories)
    linked = [e for e in events if e["canonical_id"]]
    assert linked, "events that happened are merged into canonical events"
    assert {e["canonical_id"] for e in linked} <= {row["id"] for row in canonical}
    reporters: dict[str, set[str]] = {}
    for event in linked:
        reporters.setdefault(event["canonical_id"], set()).add(event["article_id"])
    assert {row["id"]: row["report_count"] for row in canonical} == {k: len(v) for k, v in reporters.items()}


def test_ingest_reanalyze_replaces_without_duplicates(db_url: str, monkeypatch):
    with open_store(db_url) as store:
        ingest([str(SAMPLES)], store, Settings())
    before = snapshot(db_url)
    monkeypatch.setattr(ingest_module, "__version__", "99.0.0")
    with open_store(db_url) as store:
        same = ingest([str(SAMPLES)], store, Settings())  # without --reanalyze nothing is redone
        assert same.skipped == SAMPLE_COUNT
        report = ingest([str(SAMPLES)], store, Settings(), reanalyze=True)
        versions = {store.find_article(id=row["article_id"]).pipeline_version for row in store.iter_rows("articles")}
    assert (report.reanalyzed, report.stored) == (SAMPLE_COUNT, 0)
    assert versions == {"99.0.0"}
    after = snapshot(db_url)
    assert after["stats"] == before["stats"]
    assert after["canonical_events"] == before["canonical_events"], "re-analysis never counts a report twice"
    assert after["integrity"] == []


def _corpus(path: Path, count: int) -> Path:
    """A JSON Lines file of real news texts (PolNeAR), enough for a kill to land mid-run."""
    texts = sorted(need(DATA / "quotes" / "polnear" / "dev" / "text").glob("*.txt"))[:count]
    with open(path, "w", encoding="utf-8") as handle:
        for text in texts:
            handle.write(json.dumps({"id": text.stem, "text": text.read_text(encoding="utf-8")}) + "\n")
    return path


def _count(url: str) -> int:
    try:
        with open_store(url) as store:
            return store.stats()["articles"]
    except Exception:  # noqa: BLE001 (the database may be mid-creation)
        return 0


def _ingest_command(corpus: Path, url: str) -> list[str]:
    return [sys.executable, "-m", "newsgraph", "ingest", str(corpus), "--db", url, "--quiet", "--batch-size", "4"]


@pytest.mark.parametrize("kills", [1, 2])
def test_ingest_kill9_then_rerun_equals_uninterrupted(db_url: str, tmp_path: Path, kills: int):
    """kill -9 while articles are being written, rerun: the same database as one uninterrupted run."""
    corpus = _corpus(tmp_path / "corpus.jsonl", 24)
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    subprocess.run(_ingest_command(corpus, reference), check=True, capture_output=True, cwd=tmp_path)
    expected = snapshot(reference)
    assert expected["stats"]["articles"] == 24
    for kill in range(kills):
        process = subprocess.Popen(_ingest_command(corpus, db_url), cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        target = 4 + 8 * kill
        deadline = time.monotonic() + 120
        while _count(db_url) < target and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, "the ingest ended before it could be killed: use a larger corpus"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert 0 < _count(db_url) < 24
    subprocess.run(_ingest_command(corpus, db_url), check=True, capture_output=True, cwd=tmp_path)
    assert snapshot(db_url) == expected


def _feed(site: Site, items: list[tuple[str, str]]) -> str:
    entries = "".join(f"<item><title>{title}</title><link>{site.url(path)}</link>"
                      f"<pubDate>Tue, 02 Apr 2024 10:00:00 GMT</pubDate></item>" for path, title in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title>'
            f"<link>{site.url('/')}</link>{entries}</channel></rss>")


def _news_site(site: Site) -> str:
    site.page("/a", html("Ministers meet in Geneva",
                         "Foreign ministers met in Geneva on Monday to discuss the ceasefire."))
    site.page("/b?utm_source=rss", html("Police arrest protesters",
                                        "Police in Lagos arrested dozens of protesters on Tuesday."))
    site.page("/feed.xml", _feed(site, [("/a", "Ministers meet"), ("/b?utm_source=rss", "Police arrest")]),
              "application/rss+xml")
    return site.url("/feed.xml")


def test_ingest_feed_over_http_fetches_each_page_once(db_url: str, site: Site):
    feed = _news_site(site)
    with open_store(db_url) as store:
        first = Ingester(store, Settings(), fetcher=quick_fetcher()).run([feed])
        assert first.stored == 2 and first.failed == 0
        assert store.get_fetch(site.url("/a")) is not None
        second = Ingester(store, Settings(), fetcher=quick_fetcher()).run([feed])
        urls = sorted(row["url"] for row in store.iter_rows("articles"))
    assert second.stored == 0
    assert len(site.hits("/a")) == 1 and len(site.hits("/b?utm_source=rss")) == 1, "known pages are not fetched again"
    assert urls == [site.url("/a"), site.url("/b?utm_source=rss")]


def test_ingest_a_stored_page_url_again_counts_it_already_stored(db_url: str, site: Site):
    """The page answers 304 to a conditional GET: the second run still says the page is already stored."""
    page = html("Ministers meet in Geneva", "Foreign ministers met in Geneva on Monday to discuss the ceasefire.")

    def handle(request) -> None:
        if request.headers.get("If-None-Match") == '"v1"':
            respond(request, 304, b"", {"ETag": '"v1"'})
        else:
            respond(request, 200, page.encode(), {"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"'})

    site.routes["/story"] = handle
    with open_store(db_url) as store:
        first = Ingester(store, Settings(), fetcher=quick_fetcher()).run([site.url("/story")])
        second = Ingester(store, Settings(), fetcher=quick_fetcher()).run([site.url("/story")])
    assert (first.stored, first.skipped) == (1, 0)
    assert (second.stored, second.skipped) == (0, 1)
    assert len(site.hits("/story")) == 1, "a page URL already stored is not fetched again"


def test_ingest_watch_polls_on_each_sources_interval(tmp_path: Path, site: Site):
    feed = _news_site(site)
    now = [datetime(2024, 4, 2, 12, 0, tzinfo=UTC)]
    url = f"sqlite:///{tmp_path / 'watch.db'}"
    with open_store(url) as store:
        watcher = Watcher(store, Settings(), interval=600, min_interval=60, clock=lambda: now[0],
                          fetcher=quick_fetcher())
        watcher.schedule([feed])
        watcher.run(threading.Event(), once=True)
        assert (watcher.report.polls, watcher.report.stored) == (1, 2)
        watcher.run(threading.Event(), once=True)
        assert watcher.report.polls == 1, "nothing is due before the interval has passed"
        now[0] += timedelta(seconds=301)
        watcher.run(threading.Event(), once=True)
        assert watcher.report.polls == 2 and watcher.report.stored == 2
        assert watcher.report.intervals[feed] == 600, "a poll that brings nothing doubles the interval"
        assert store.stats()["articles"] == 2


def test_ingest_two_watch_workers_share_sources_without_duplicates(db_url: str, site: Site):
    feeds = []
    for n in range(4):
        site.page(f"/p{n}", html(f"Story number {n}", f"Officials in city {n} announced new measures on Monday."))
        site.page(f"/feed{n}.xml", _feed(site, [(f"/p{n}", f"Story {n}")]), "application/rss+xml")
        feeds.append(site.url(f"/feed{n}.xml"))
    clock = lambda: datetime(2024, 4, 2, 12, 0, tzinfo=UTC)  # noqa: E731
    stores = [open_store(db_url), open_store(db_url)]
    try:
        watchers = [Watcher(s, Settings(), worker=f"w{i}", clock=clock, fetcher=quick_fetcher())
                    for i, s in enumerate(stores)]
        watchers[0].schedule(feeds)
        watchers[1].schedule(feeds)
        threads = [threading.Thread(target=w.run, args=(threading.Event(),), kwargs={"once": True}) for w in watchers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert sum(w.report.polls for w in watchers) == len(feeds), "each due source is polled exactly once"
        assert stores[0].stats()["articles"] == len(feeds)
    finally:
        for store in stores:
            store.close()
    for n in range(4):
        assert len(site.hits(f"/feed{n}.xml")) == 1


def test_ingest_cli_search_and_export(tmp_path: Path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["ingest", str(SAMPLES), "--db", url, "--quiet"]) == 0
    capsys.readouterr()
    assert main(["search", "Boeing", "--db", url, "--json"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert hits and "boeing" in hits[0]["title"].lower()
    assert any(h.lower().startswith("boeing") for h in hits[0]["highlights"])
    out = tmp_path / "events.parquet"
    assert main(["export", "events", "--format", "parquet", "-o", str(out), "--db", url]) == 0
    import pyarrow.parquet as pq

    table = pq.read_table(out)
    assert table.num_rows == snapshot(url)["stats"]["events"]
    assert "canonical_id" in table.column_names


def test_ingest_watch_releases_a_job_the_store_refused_mid_poll(tmp_path: Path, site: Site, monkeypatch):
    """The database went away after a poll: the job's release is retried, not left leased for minutes."""
    feed = _news_site(site)
    now = [datetime(2024, 4, 2, 12, 0, tzinfo=UTC)]
    with open_store(f"sqlite:///{tmp_path / 'watch.db'}") as store:
        watcher = Watcher(store, Settings(), interval=60, min_interval=60, clock=lambda: now[0],
                          fetcher=quick_fetcher())
        watcher.schedule([feed])
        real_finish = store.finish_job
        calls = []

        def refused_once(*args: object, **kwargs: object) -> None:
            calls.append(args)
            if len(calls) == 1:
                raise ConnectionError("server closed the connection")
            real_finish(*args, **kwargs)

        monkeypatch.setattr(store, "finish_job", refused_once)
        watcher.run(threading.Event(), once=True)  # the poll stores the items, then the release fails
        assert watcher.report.stored == 2
        watcher.run(threading.Event(), once=True)  # the store is back: the release goes through first
        assert len(calls) == 2
        now[0] += timedelta(seconds=121)
        watcher.run(threading.Event(), once=True)
        assert watcher.report.polls == 2, "released, the source is polled again when due, not after the lease"
