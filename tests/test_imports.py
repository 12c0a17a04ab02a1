"""The import graph of the package, read from the source (every import statement, top-level or in a function).

Run alone to see it: `pytest tests/test_imports.py`. Every unit of the package (a subpackage such as
`sources`, or a top-level module such as `pipeline`) has a place in LAYERS, and a module imports only from its
own unit and the units placed before it: nothing imports from above, and no two units need each other. A cycle
means two modules each need the other: the arrows of `web/` run one way, app -> api, pages -> actions -> state.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

# The house, bottom first (docs/architecture.md draws it). A module may import from its own unit and from every unit
# listed before it, never from one listed after it; the layer names only group the list for reading. `newsgraph` is
# the package's `__init__` (its version). A new subpackage or top-level module gets its place here.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("foundation", ("newsgraph", "errors", "config", "dates", "document", "facts", "article", "kinds")),
    ("input", ("sources", "extract")),
    ("analysis", ("tag_attributes", "nlp", "minilm", "analyze", "pipeline")),
    ("storage", ("store", "stories")),
    ("corpus", ("batch", "ingest", "watch")),
    ("applications", ("evaluate", "web")),
    ("commands", ("report", "ingest_display", "cli_corpus", "cli", "__main__")),
)
ORDER = [unit for _, units in LAYERS for unit in units]


def module_files(root: Path = SRC) -> dict[str, Path]:
    """Dotted module name -> file, for every module under `root` (a package is its `__init__`)."""
    found = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's own modules that `name` imports anywhere in its file (functions and TYPE_CHECKING too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: `from . import x`, `from ..store import y`
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else base)
    return {target for target in found if target in modules and target != name}


def import_graph(root: Path = SRC) -> dict[str, set[str]]:
    modules = module_files(root)
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm): each holds a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def unit_of(module: str) -> str:
    """`newsgraph.sources.files` -> `sources`, `newsgraph.pipeline` -> `pipeline`, `newsgraph` -> `newsgraph`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def upward_imports(graph: dict[str, set[str]], order: list[str]) -> list[str]:
    """Every import of a module from a unit placed after its own in `order`, as `importer -> imported`."""
    rank = {unit: place for place, unit in enumerate(order)}
    return [f"{module} -> {target}" for module in sorted(graph) for target in sorted(graph[module])
            if rank[unit_of(target)] > rank[unit_of(module)]]


def test_imports_graph_reader_finds_a_cycle(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg.b import thing\n")
    (package / "b.py").write_text("def thing():\n    from . import c\n")
    (package / "c.py").write_text("import pkg.a\n")
    (package / "d.py").write_text("from pkg import a\n")
    graph = import_graph(tmp_path)
    assert graph["pkg.d"] == {"pkg.a"} and graph["pkg.b"] == {"pkg.c"}
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.c"]]


def test_imports_web_modules_are_in_no_cycle() -> None:
    graph = import_graph()
    assert {"newsgraph.web.api", "newsgraph.web.pages"} <= graph["newsgraph.web.app"]
    involved = [group for group in cycles(graph) if any(m.startswith("newsgraph.web") for m in group)]
    assert not involved, f"import cycles through web/: {involved}"


def test_imports_upward_imports_are_found(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "low").mkdir(parents=True)
    for name in ("__init__.py", "low/__init__.py", "low/types.py", "high.py"):
        (package / name).write_text("")
    (package / "high.py").write_text("from pkg.low.types import Thing\n")
    assert upward_imports(import_graph(tmp_path), ["pkg", "low", "high"]) == []
    (package / "low" / "types.py").write_text("def late():\n    from ..high import thing\n")
    assert upward_imports(import_graph(tmp_path), ["pkg", "low", "high"]) == ["pkg.low.types -> pkg.high"]


def test_imports_every_unit_has_one_place_in_the_layers() -> None:
    units = {unit_of(module) for module in module_files()}
    assert len(ORDER) == len(set(ORDER)), "a unit is listed twice in LAYERS"
    assert units == set(ORDER), f"not in LAYERS: {sorted(units - set(ORDER))}; gone: {sorted(set(ORDER) - units)}"


def test_imports_no_module_imports_from_a_unit_above_its_own() -> None:
    """Top-level imports, imports inside functions and TYPE_CHECKING imports alike: no exceptions."""
    assert upward_imports(import_graph(), ORDER) == []


def test_imports_no_cycle_anywhere() -> None:
    assert cycles(import_graph()) == []
