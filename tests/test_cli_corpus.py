"""The corpus commands as a user meets them: exit statuses, messages, refusals, watch list and output wording."""

from __future__ import annotations

import io
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import REPO
from rich.console import Console
from test_ingest import _news_site
from test_sources_site import Site, site_fixture  # noqa: F401 (the `site` fixture)

from newsgraph.cli import main
from newsgraph.config import Settings
from newsgraph.ingest import ingest_sources
from newsgraph.ingest_display import IngestProgress, print_watch_list
from newsgraph.store import open_store


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsgraph", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=300)


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port some other program listens on."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        yield busy.getsockname()[1]


def test_cli_corpus_database_errors_have_their_own_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["search", "talks", "--db", "mysql://localhost/news"]) == 4
    assert "error NG301" in capsys.readouterr().err
    unreachable = "postgresql://nobody@127.0.0.1:1/none"
    assert main(["export", "articles", "--db", unreachable]) == 4
    assert "error NG302" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["export", "articles"], ["export", "events", "--format", "csv"], ["search", "talks"],
                                  ["watch", "--list"], ["watch", "--remove", "https://example.org/feed.xml"]])
def test_cli_corpus_reading_commands_refuse_a_missing_sqlite_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                  argv: list[str]):
    missing = tmp_path / "typo.db"
    assert main([*argv, "--db", f"sqlite:///{missing}"]) == 4
    captured = capsys.readouterr()
    assert "error NG307" in captured.err and str(missing) in captured.err and "newsgraph ingest" in captured.err
    assert captured.out == ""
    assert not missing.exists(), "a command that only reads never creates an empty database"


def test_cli_corpus_serve_refuses_a_missing_database_without_serving(tmp_path: Path, busy_port: int):
    missing = tmp_path / "typo.db"
    result = run("serve", "--db", f"sqlite:///{missing}", "--port", str(busy_port))
    assert result.returncode == 4 and "NG307" in result.stderr and "serving" not in result.stdout
    assert not missing.exists()


def test_cli_corpus_serve_on_a_port_in_use_says_so_before_serving(tmp_path: Path, busy_port: int):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    open_store(url).close()
    result = run("serve", "--db", url, "--port", str(busy_port))
    assert result.returncode == 2, result.stderr
    assert "serving" not in result.stdout
    assert "error NG205" in result.stderr and f"port {busy_port}" in result.stderr and "--port" in result.stderr


def _texts(folder: Path) -> Path:
    """Two short news texts and an empty file that fails."""
    folder.mkdir()
    (folder / "a-talks.txt").write_text("Foreign ministers met in Geneva on Monday to discuss the ceasefire.\n")
    (folder / "b-arrests.txt").write_text("Police in Lagos arrested dozens of protesters on Tuesday.\n")
    (folder / "c-empty.txt").write_text("")
    return folder


def test_cli_corpus_ingest_piped_output_is_whole_lines_in_one_wording(tmp_path: Path):
    folder = _texts(tmp_path / "texts")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    first = run("ingest", str(folder), "--db", url)
    assert first.returncode == 1, first.stderr
    assert not first.stderr.startswith("\n"), "no blank line before the output"
    lines = first.stderr.splitlines()
    failed = [line for line in lines if "error NG101" in line]
    assert len(failed) == 1 and len(failed[0]) > 80 and failed[0].rstrip().endswith("analyze"), (
        "an error is one line, not wrapped at 80 columns")
    assert lines[-1].startswith("newsgraph ingest: 2 stored, 0 re-analyzed, 0 already stored, 1 failed; ")
    again = run("ingest", str(folder), "--db", url)
    assert again.stderr.splitlines()[-1].startswith(
        "newsgraph ingest: 0 stored, 0 re-analyzed, 2 already stored, 1 failed; ")


def test_cli_corpus_ingest_progress_names_the_source_of_how_many(tmp_path: Path):
    folder = _texts(tmp_path / "texts")
    url = f"sqlite:///{tmp_path / 'store.db'}"
    runs: list[list[str]] = []
    for _ in range(2):
        screen = io.StringIO()
        lines: list[str] = []
        with open_store(url) as store, IngestProgress(Console(file=screen, force_terminal=True, width=400)) as shown:
            def source(index: int, total: int, name: str, seen: list[str] = lines) -> None:
                shown.on_source(index, total, name)
                seen.append(shown.describe())

            def document(doc_id: str, outcome: str, seen: list[str] = lines) -> None:
                shown.on_document(doc_id, outcome)
                seen.append(shown.describe())

            ingest_sources([str(folder)], store, Settings(), on_document=document, on_source=source)
        assert "ingesting" in screen.getvalue(), "a terminal shows the live line"
        runs.append(lines)
    first, second = runs
    assert first[0] == "ingesting 3 sources; 0 stored, 0 re-analyzed, 0 already stored, 0 failed"
    assert first[1:] == [
        f"ingesting source 1 of 3: {folder / 'a-talks.txt'}; 0 stored, 0 re-analyzed, 0 already stored, 0 failed",
        f"ingesting source 1 of 3: {folder / 'a-talks.txt'}; 1 stored, 0 re-analyzed, 0 already stored, 0 failed",
        f"ingesting source 2 of 3: {folder / 'b-arrests.txt'}; 1 stored, 0 re-analyzed, 0 already stored, 0 failed",
        f"ingesting source 2 of 3: {folder / 'b-arrests.txt'}; 2 stored, 0 re-analyzed, 0 already stored, 0 failed",
        f"ingesting source 3 of 3: {folder / 'c-empty.txt'}; 2 stored, 0 re-analyzed, 0 already stored, 0 failed",
        f"ingesting source 3 of 3: {folder / 'c-empty.txt'}; 2 stored, 0 re-analyzed, 0 already stored, 1 failed",
    ]
    assert second[-1] == (f"ingesting source 3 of 3: {folder / 'c-empty.txt'}; "
                          "0 stored, 0 re-analyzed, 2 already stored, 1 failed"), "the final line's words"
    piped = io.StringIO()
    with open_store(url) as store, IngestProgress(Console(file=piped, force_terminal=False)) as shown:
        ingest_sources([str(folder)], store, Settings(), on_document=shown.on_document, on_source=shown.on_source)
    assert piped.getvalue() == "", "no progress frames in a pipe or a log file"


def test_cli_corpus_watch_once_list_and_remove(tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]):
    feed = _news_site(site)
    url = f"sqlite:///{tmp_path / 'watch.db'}"
    assert main(["watch", feed, "--once", "--db", url]) == 0
    err = capsys.readouterr().err
    assert "Ctrl-C" not in err
    assert re.search(rf"1 polls, 2 articles stored, 0 failed polls; next poll: {re.escape(feed)} at "
                     r"\d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d+ min\)", err), err
    assert main(["watch", "--once", "--db", url]) == 0
    err = capsys.readouterr().err
    assert re.search(rf"0 polls, 0 articles stored, 0 failed polls; next poll: {re.escape(feed)} at .* \(in \d+ min\)",
                     err), "a poll that found nothing due says when the next is"

    assert main(["watch", "--list", "--db", url]) == 0
    header, *rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert header == ["source", "kind", "last poll", "next due", "articles stored"]
    assert len(rows) == 1 and rows[0][0] == feed and rows[0][1] == "feed" and rows[0][4] == "2"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", rows[0][2]) and "(in " in rows[0][3]

    assert main(["watch", "--remove", feed, "--db", url]) == 0
    assert "no longer watched" in capsys.readouterr().err
    assert main(["watch", "--list", "--db", url]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == []
    assert main(["watch", "--remove", feed, "--db", url]) == 2
    err = capsys.readouterr().err
    assert "error NG206" in err and "watch --list" in err
    with open_store(url) as store:
        assert store.stats()["articles"] == 2, "removing a source keeps its articles"
    assert main(["watch", "--once", "--db", url]) == 0
    assert "no sources are watched" in capsys.readouterr().err


def test_cli_corpus_watch_list_on_a_terminal_is_a_table():
    now = datetime(2024, 4, 2, 12, 0, tzinfo=UTC)
    rows = [{"url": "https://example.org/feed.xml", "kind": "feed", "polled_at": "2024-04-02T11:45:00.000000Z",
             "due_at": "2024-04-02T13:30:00.000000Z", "stored": 7, "last_error": None}]
    screen = io.StringIO()
    print_watch_list(rows, now, Console(file=screen, force_terminal=True, width=200, color_system=None))
    lines = screen.getvalue().splitlines()
    row = next(line for line in lines if "example.org" in line)
    cells = [cell.strip() for cell in row.strip("│ ").split("│")]
    assert cells == ["https://example.org/feed.xml", "feed", "2024-04-02 11:45 UTC",
                     "2024-04-02 13:30 UTC (in 1 h 30 min)", "7"]
    assert lines[-1] == "1 watched source"
