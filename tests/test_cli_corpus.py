"""The corpus commands as a user meets them: exit statuses, messages, refusals, watch list and output wording."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO

from newsgraph.cli import main
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


@pytest.mark.parametrize("argv", [["export", "articles"], ["export", "events", "--format", "csv"], ["search", "talks"]])
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
    assert "error NG203" in result.stderr and f"port {busy_port}" in result.stderr and "--port" in result.stderr
