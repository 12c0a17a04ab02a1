"""Setting up from a plain clone: what `make install`, `make run` and `make test` do, and the README's links."""

from __future__ import annotations

import ast
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, packages_distributions, requires
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
OPTIONAL_IMPORTS = {"pyspark": "spark"}  # imported only by `newsgraph batch`, which says to install the extra

needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is absent")


def _make_dry_run(tmp_path: Path, target: str, *variables: str) -> list[str]:
    """The commands `make TARGET` would run on a machine without a virtual environment yet.

    Run from `make test` (as CI does), the outer make's level and flags would make this one print the
    directories it enters and leaves: it runs as a make of its own.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    result = subprocess.run(["make", "-n", "--no-print-directory", target, f"VENV={tmp_path / 'venv'}", *variables],
                            cwd=REPO, capture_output=True, text=True, check=True, env=env)
    return result.stdout.splitlines()


@needs_make
def test_setup_make_install_needs_neither_test_nor_spark_extras(tmp_path):
    installs = [line for line in _make_dry_run(tmp_path, "install") if "pip install" in line]
    assert any(line.endswith("install --quiet -e .") for line in installs), installs
    assert not any("[" in line for line in installs), "running installs no extras"
    test_installs = [line for line in _make_dry_run(tmp_path, "test") if "pip install" in line]
    assert any('".[test' in line for line in test_installs), test_installs
    assert _make_dry_run(tmp_path, "test")[-1].endswith("-m pytest -q")


@needs_make
def test_setup_make_test_lints_before_the_tests_with_pinned_tools(tmp_path):
    """`make test`, and so `.ci/run`, stops on a ruff or mypy finding before pytest; the [test] extra pins both."""
    commands = _make_dry_run(tmp_path, "test")
    at = {name: next((i for i, c in enumerate(commands) if re.search(pattern, c)), None)
          for name, pattern in (("ruff", r"/ruff check \.$"), ("mypy", r"/mypy$"), ("pytest", r"-m pytest -q$"))}
    assert None not in at.values() and at["ruff"] < at["pytest"] and at["mypy"] < at["pytest"], commands
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    pinned = {Requirement(r).name: str(Requirement(r).specifier) for r in extras["test"]}
    assert pinned["ruff"].startswith("==") and pinned["mypy"].startswith("=="), pinned


@needs_make
def test_setup_make_run_serves_in_the_foreground_on_the_port_the_readme_gives(tmp_path):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [line.split()[:2] for line in readme.splitlines()[2:4]] == [["make", "run"], ["make", "test"]]
    assert _make_dry_run(tmp_path, "run")[-1].endswith("serve --db sqlite:///newsgraph.db --host 127.0.0.1 "
                                                       "--port 8000")
    port = re.search(r"`make run PORT=(\d+)`", readme)
    assert port, "the README says how to pick another port"
    assert _make_dry_run(tmp_path, "run", f"PORT={port[1]}")[-1].endswith(f"--port {port[1]}")
    assert "`.venv/bin/newsgraph`" in readme and "source .venv/bin/activate" in readme


def _base_requirements(name: str, seen: set[str]) -> set[str]:
    """The distributions `name` needs without any extra, transitively (those installed)."""
    for line in requires(name) or []:
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        key = canonicalize_name(requirement.name)
        if key not in seen:
            seen.add(key)
            with contextlib.suppress(PackageNotFoundError):
                _base_requirements(key, seen)
    return seen


def test_setup_the_tool_imports_only_what_its_base_dependencies_install():
    """Everything src/newsgraph imports comes with `pip install -e .` (what `make install` runs), no extra."""
    provided = _base_requirements("newsgraph", set())
    owners = packages_distributions()
    missing: dict[str, list[str]] = {}
    for path in sorted((REPO / "src" / "newsgraph").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "newsgraph" or top in OPTIONAL_IMPORTS:
                    continue
                if not {canonicalize_name(d) for d in owners.get(top, [])} & provided:
                    missing.setdefault(top, []).append(str(path.relative_to(REPO)))
    assert not missing, f"imported but not a base dependency (add it to [project] dependencies): {missing}"


def test_setup_readme_and_docs_links_resolve_inside_a_clone():
    """Relative links point at files of the repository, never at ../shared, which a clone does not have."""
    for page in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):
                continue
            resolved = (page.parent / target).resolve()
            assert resolved.is_relative_to(REPO) and resolved.exists(), f"{page.name}: broken link {target}"
