"""The pages in a real browser: Playwright driving Debian's Chromium against `newsgraph serve` on a free port."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from web_corpus import IMG, SCRIPT, XSS_ID, corpus_db

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(os.environ.get("NEWSGRAPH_ARTIFACTS", Path(tempfile.gettempdir()) / "artifacts"))

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install chromium")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """`newsgraph serve` in a subprocess, exactly as a user starts it."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "newsgraph", "serve", "--db", corpus_db(), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/api/stats", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            output = process.stdout.read1().decode() if process.stdout else ""
            raise AssertionError(f"the server did not start: {output}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, request):
    """A fresh page that records dialogs and console errors, and leaves a screenshot when its test fails."""
    context = browser.new_context()
    opened = context.new_page()
    opened.dialogs = []
    opened.errors = []
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    opened.on("console", lambda message: opened.errors.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    failed_before = request.session.testsfailed
    yield opened
    if request.session.testsfailed > failed_before:  # the call phase's report is logged before teardown
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"{request.node.name}.png"
        opened.screenshot(path=str(shot), full_page=True)
        print(f"screenshot saved to {shot}")
    context.close()


def _check_highlights(page, record: dict) -> int:
    """Every highlight's text equals the record's text at its offsets; returns how many were checked."""
    marks = page.eval_on_selector_all(
        "#reader mark", "ms => ms.map(m => [m.id, +m.dataset.start, +m.dataset.end, m.textContent])")
    for _, start, end, text in marks:
        assert text == record["text"][start:end]
    return len(marks)


def test_web_browser_search_article_entity_event(server, page):
    actor = httpx.get(f"{server}/api/aggregates").json()["top_actors"][0]
    event = httpx.get(f"{server}/api/entities/{actor['id']}/events", params={"limit": 1}).json()["items"][0]
    record = httpx.get(f"{server}/api/articles/{event['article_id']}").json()

    page.goto(f"{server}/search?entity={actor['name']}")
    page.click(f"a.hit-title[href='/articles/{event['article_id']}']")
    page.wait_for_selector("#reader")
    assert _check_highlights(page, record) > 0
    trigger = page.locator(f"#reader mark#event-{event['event_id']}")
    assert trigger.text_content() == event["trigger"]["text"]
    page.click(f"a.evidence[data-target='event-{event['event_id']}']")
    assert "flash" in (trigger.get_attribute("class") or "")

    page.click(f"a.entity-link[href='/entities/{actor['id']}']")
    page.wait_for_selector("h1.entity-name")
    assert actor["name"] in page.locator("h1.entity-name").inner_text()
    page.locator("a.event-link").first.click()
    page.wait_for_selector("dd.event-trigger")
    shown = page.locator("dd.event-trigger").inner_text()
    assert shown and shown in page.locator("dd.sentence").inner_text()
    assert page.errors == []


def test_web_browser_hostile_article_fires_nothing(server, page):
    page.goto(f"{server}/articles/{XSS_ID}")
    text = page.locator("#reader").inner_text()
    assert SCRIPT in text and IMG in text
    assert page.locator("#reader img, #reader script").count() == 0
    page.goto(f"{server}/analyze")
    page.fill("textarea[name=content]", f"Leaders met in Rome. {SCRIPT} {IMG}")
    page.click("form.analyze button[type=submit]")
    page.wait_for_selector("#reader")
    assert SCRIPT in page.locator("#reader").inner_text()
    page.wait_for_timeout(300)
    assert page.dialogs == []


def test_web_browser_dashboard_draws_chart_and_offline_map(server, page):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(server)
    page.wait_for_selector("#map svg path.country")
    assert page.locator("#map path.country").count() > 100
    assert page.locator("#map circle.dot").count() > 0
    page.wait_for_selector("#chart svg rect.bar")
    assert page.locator("#chart rect.bar").count() > 0
    assert all(url.startswith(server) for url in requested), [u for u in requested if not u.startswith(server)]
    assert page.errors == []


def test_web_browser_errors_are_pages_with_the_form_kept(server, page):
    """A missing page and an empty Analyze submit show pages of the site, never the API's JSON."""
    response = page.goto(f"{server}/no/such/page")
    assert response.status == 404 and response.headers["content-type"].startswith("text/html")
    assert "NG404" in page.locator("h1").inner_text()
    assert page.locator("header.top nav a[href='/events']").count() == 1
    page.goto(f"{server}/analyze")
    page.fill("input[name=title]", "Kept title")
    page.fill("textarea[name=content]", "  \n ")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.click("form.analyze button[type=submit]")
    assert posted.value.status == 400 and posted.value.headers["content-type"].startswith("text/html")
    assert "NG400" in page.locator("p.error-message").inner_text()
    assert page.locator("form.analyze input[name=title]").input_value() == "Kept title"


def _chart(page) -> tuple[float, float, list, list]:
    """The chart's plot edges, its ticks (date, x, label) and its bars (start, end, x, width, count)."""
    page.wait_for_selector("#chart svg rect.bar")
    svg = page.locator("#chart svg")
    ticks = page.eval_on_selector_all(
        "#chart g.tick", "gs => gs.map(g => [g.dataset.date, g.transform.baseVal[0].matrix.e, g.textContent])")
    bars = page.eval_on_selector_all("#chart rect.bar", "rs => rs.map(r => [r.dataset.start, r.dataset.end, "
                                     "+r.getAttribute('x'), +r.getAttribute('width'), r.textContent])")
    bars = [(start, end, x, width, int(re.search(r": (\d+) ", title).group(1)))
            for start, end, x, width, title in bars]
    return float(svg.get_attribute("data-left")), float(svg.get_attribute("data-right")), ticks, bars


def _check_time_scale(left: float, right: float, ticks: list, bars: list) -> None:
    """Ticks and bars sit where a linear time scale puts their dates, and no bar touches the plot's edges."""
    assert 3 <= len(ticks) <= 12, ticks
    labels = [label for *_, label in ticks]
    assert all(labels) and len(set(labels)) == len(labels)
    (d0, x0, _), (d1, x1, _) = ticks[0], ticks[-1]
    per_day = (x1 - x0) / (date.fromisoformat(d1) - date.fromisoformat(d0)).days
    assert per_day > 0

    def x(day: str) -> float:
        return x0 + per_day * (date.fromisoformat(day) - date.fromisoformat(d0)).days

    for day, position, _ in ticks:
        assert abs(position - x(day)) < 0.5, (day, position)
    for start, end, bar_x, width, _ in bars:  # bars span their bucket, less a one-pixel gap
        assert abs(bar_x - x(start)) <= 1 and abs(bar_x + width - x(end)) <= 1, (start, bar_x, width)
    assert min(b[2] for b in bars) > left + 2 and max(b[2] + b[3] for b in bars) < right - 2


def test_web_browser_chart_is_a_time_scale_with_gaps_and_ticks(server, page):
    by_day = httpx.get(f"{server}/api/aggregates").json()["by_day"]
    page.goto(server)
    left, right, ticks, bars = _chart(page)
    _check_time_scale(left, right, ticks, bars)
    assert sum(b[4] for b in bars) == sum(row["count"] for row in by_day)
    days = sorted(row["day"] for row in by_day)
    if (date.fromisoformat(days[-1]) - date.fromisoformat(days[0])).days > 4 * 365:  # years: ticks on 1 January
        assert all(day.endswith("-01-01") for day, *_ in ticks), ticks
    assert page.errors == []


def test_web_browser_chart_spans_decades_and_single_days(server, page):
    """A 1938 event among 2019's is placed by its year; a single day is one bar, not the whole width."""
    cases = {
        "decades": [{"day": "1938-09-30", "quad_class": "verbal conflict", "count": 1},
                    {"day": "2019-11-20", "quad_class": "material conflict", "count": 4}],
        "one day": [{"day": "2024-03-04", "quad_class": "verbal cooperation", "count": 3}],
    }
    for name, by_day in cases.items():
        body = json.dumps({"by_day": by_day, "top_actors": [], "top_places": []})
        page.route("**/api/aggregates*", lambda route, request, body=body: route.fulfill(
            status=200, content_type="application/json", body=body))
        page.goto(server)
        left, right, ticks, bars = _chart(page)
        _check_time_scale(left, right, ticks, bars)
        assert sum(b[4] for b in bars) == sum(row["count"] for row in by_day)
        if name == "decades":
            assert [b[0][:4] for b in bars] == ["1938", "2019"]
            years = [int(day[:4]) for day, *_ in ticks]
            step = years[1] - years[0]
            assert step in (10, 20, 25, 50) and all(year % step == 0 for year in years)
        else:
            assert bars[0][3] < (right - left) / 4
        page.unroute("**/api/aggregates*")
    assert page.errors == []
