"""The PLOVER vocabulary (analyze/plover.py): the types the event stage codes, and the one copy of the list."""

from __future__ import annotations

import ast
from pathlib import Path

from newsgraph.analyze.event_lexicon import EventLexicon
from newsgraph.analyze.event_model import EventModel
from newsgraph.analyze.plover import EVENT_TYPES, QUAD_CLASSES, QUADS

ROOT = Path(__file__).resolve().parent.parent
VOCABULARY = ROOT / "src" / "newsgraph" / "analyze" / "plover.py"


def test_plover_vocabulary_is_what_the_event_coders_code() -> None:
    lexicon_types = {outcome.type for outcome in EventLexicon.load().outcomes}
    model_types = set(EventModel.packaged().labels) - {"NONE"}
    assert lexicon_types == model_types == set(EVENT_TYPES)
    assert len(EVENT_TYPES) == 18 and set(QUAD_CLASSES.values()) == set(QUADS)


def _listed_strings(statement: ast.stmt) -> set[str]:
    """The strings written as elements of tuple, list and set literals anywhere in one simple statement."""
    found: set[str] = set()
    for node in ast.walk(statement):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            found.update(e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str))
    return found


def test_plover_type_list_and_quad_classes_are_written_once() -> None:
    copies = []
    for path in sorted([*ROOT.glob("src/newsgraph/**/*.py"), *ROOT.glob("tools/*.py"), *ROOT.glob("tests/*.py")]):
        if path == VOCABULARY:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Assign, ast.AnnAssign, ast.Expr, ast.Return, ast.Assert)):
                listed = _listed_strings(node)
                if set(EVENT_TYPES) <= listed or set(QUADS) <= listed:
                    copies.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not copies, f"import EVENT_TYPES / QUAD_CLASSES / QUADS from newsgraph.analyze.plover instead: {copies}"
