"""The floors stay visible in the tree and every import runs down them:

    kernel (pulso/) -> db -> collectors, analytics -> consultation, reports, sandbox
        -> web, jobs -> cli

A module may import its own package and the floors below it, never a floor above nor a
sibling package on its own floor (so no two packages import each other), and no module
cycle. Each folder installs as ``pulso.<folder>`` (setup.py), so an import of a bare ``db``
or ``web`` would find someone else's package: that is refused too. Beyond the floors,
collectors yield records (no database at all: the runner in ``jobs`` writes them),
analytics makes no HTTP request, and reports neither collect nor request.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FLOORS = {
    "kernel": 0,
    "db": 1,
    "collectors": 2,
    "analytics": 2,
    "consultation": 3,
    "reports": 3,
    "sandbox": 3,
    "web": 4,
    "jobs": 4,
    "cli": 5,
}
PACKAGES = tuple(name for name in FLOORS if name != "kernel")
HTTP = ("requests", "httpx", "urllib.request", "http.client", "tweepy", "facebook")
# What a layer may not import, beyond the floors.
FORBIDDEN = {
    "collectors": ("pulso.db", "sqlalchemy", "psycopg"),
    "analytics": HTTP,
    "reports": (*HTTP, "pulso.collectors"),
}


def _imports(path: Path, *, lazy: bool = True):
    """(line, module, names) of every absolute import; ``lazy=False`` keeps only the
    module-level ones (those that run at import time, outside ``if TYPE_CHECKING``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    nodes = ast.walk(tree) if lazy else _top_level(tree.body)
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, node.module, tuple(alias.name for alias in node.names)


def _top_level(body):
    for node in body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If | ast.Try):
            yield from _top_level(node.body)
            for handler in getattr(node, "handlers", []):
                yield from _top_level(handler.body)
            yield from _top_level(node.orelse)


def floor_of_module(module: str) -> str | None:
    """The floor of an installed module name (``pulso.db.models`` -> ``db``); None for
    anything outside the project."""
    parts = module.split(".")
    if parts[0] != "pulso":
        return None
    if len(parts) > 1 and parts[1] in PACKAGES:
        return parts[1]
    return "kernel"


def floor_of_path(path: Path) -> str:
    first = path.relative_to(ROOT).parts[0]
    return "kernel" if first == "pulso" else first


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts if parts[0] == "pulso" else ["pulso", *parts])


def breaches(path: Path) -> list[str]:
    """Every import of ``path`` that runs against the floors or its layer's rules."""
    floor = floor_of_path(path)
    found = []
    for line, module, names in _imports(path):
        where = f"{path.relative_to(ROOT)}:{line}"
        target = floor_of_module(module)
        if module.split(".")[0] in PACKAGES:
            found.append(f"{where} imports {module}: name it pulso.{module}")
        elif target is not None and target != floor and FLOORS[target] >= FLOORS[floor]:
            found.append(f"{where} imports {module}: {floor} may not import {target}")
        for bad in FORBIDDEN.get(floor, ()):
            if module == bad or module.startswith(bad + "."):
                found.append(f"{where} imports {module}: {floor} may not import {bad}")
        if module == "pulso" and floor != "kernel":
            # ``from pulso import db`` names a floor through the kernel package.
            for name in names:
                if name in PACKAGES and FLOORS[name] >= FLOORS[floor] and name != floor:
                    found.append(f"{where} imports pulso.{name}: {floor} may not import {name}")
    return found


def project_modules() -> list[Path]:
    folders = ["pulso", *PACKAGES]
    paths = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "versions" not in path.parts:
                paths.append(path)
    return paths


def test_every_import_runs_down_the_floors():
    found = [line for path in project_modules() for line in breaches(path)]
    assert found == []


def test_no_module_cycle():
    """Module-level imports between the project's modules form no cycle."""
    paths = project_modules()
    names = {module_name(p): p for p in paths}
    graph = {name: set() for name in names}
    for name, path in names.items():
        for _line, module, imported in _imports(path, lazy=False):
            # ``from pkg import sub`` runs ``pkg.sub``; ``from pkg import name`` runs ``pkg``.
            submodules = {f"{module}.{n}" for n in imported} & names.keys()
            targets = submodules if len(submodules) == len(imported) else {module, *submodules}
            graph[name].update(t for t in targets if t in names and t != name)
    cycles = _cycles(graph)
    assert cycles == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_folder_is_installed_inside_pulso():
    """setup.py maps each floor's folder to ``pulso.<folder>``; none is installed at the
    top level, where it could shadow (or be shadowed by) another distribution's ``db``."""
    setup = (ROOT / "setup.py").read_text(encoding="utf-8")
    for package in PACKAGES:
        assert f'"{package}"' in setup, package
    for folder in ROOT.iterdir():
        if (folder / "__init__.py").exists() and folder.name not in ("tests", "benchmarks"):
            assert folder.name in (*PACKAGES, "pulso", "scripts"), folder.name


# -- the checks see what they must ---------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "source", "expected"),
    [
        ("db", "from pulso.web.app import create_app\n", "db may not import web"),
        ("pulso", "from pulso.db.models import Post\n", "kernel may not import db"),
        ("collectors", "from pulso.db.writer import Writer\n", "collectors may not import"),
        ("analytics", "import requests\n", "analytics may not import requests"),
        ("reports", "from pulso.collectors.x import XClient\n", "reports may not import"),
        ("web", "from pulso.jobs.runner import collect\n", "web may not import jobs"),
        ("consultation", "from pulso.reports import FORMATS\n", "may not import reports"),
        ("jobs", "from db.models import Post\n", "name it pulso.db.models"),
        ("db", "from pulso import consultation\n", "db may not import consultation"),
    ],
)
def test_an_upward_import_is_a_breach(folder, source, expected):
    """A synthetic module added to a floor with an import that runs up (or sideways) is
    reported; the same module without it is not."""
    path = ROOT / folder / "_synthetic_breach.py"
    assert not path.exists()
    try:
        path.write_text(source, encoding="utf-8")
        assert any(expected in line for line in breaches(path)), breaches(path)
        path.write_text("from pulso.errors import PulsoError\n", encoding="utf-8")
        assert breaches(path) == []
    finally:
        path.unlink()


def test_a_cycle_is_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
