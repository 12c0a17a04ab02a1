"""Error codes: each class has its own, so a code in a message or record names one cause."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import newsgraph
import newsgraph.errors as errors


def _all_modules() -> list[object]:
    """Every module of the package: an error class may live beside the stage that raises it."""
    return [importlib.import_module(info.name) for info in pkgutil.walk_packages(newsgraph.__path__, "newsgraph.")
            if info.name != "newsgraph.__main__"]


def test_errors_every_class_has_a_code_of_its_own() -> None:
    classes = {c for module in [errors, *_all_modules()] for _, c in inspect.getmembers(module, inspect.isclass)
               if issubclass(c, errors.NewsgraphError) and c.__module__.startswith("newsgraph")}
    codes = {c.__name__: c.code for c in classes if "code" in vars(c)}
    assert len(codes) >= 30
    assert all(re.fullmatch(r"NG\d{3}", code) for code in codes.values()), codes
    taken: dict[str, str] = {}
    for name, code in sorted(codes.items()):
        assert code not in taken, f"{name} and {taken.get(code)} share {code}"
        taken[code] = name
