"""The layers stay visible in the tree: collectors yield records and hand them to ``db``'s
writers (no SQL of their own), analytics computes without HTTP, reports render without
collecting. Checked on the import statements of every module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What a layer may not import. ``collectors/base.py`` runs a collection (one transaction per
# page), so it may open transactions; its SQL still lives in ``db``.
FORBIDDEN = {
    "collectors": ("db.models", "db.upsert", "db.queries", "sqlalchemy.sql", "psycopg"),
    "analytics": ("requests", "httpx", "urllib.request", "http.client", "tweepy", "facebook"),
    "reports": (
        "requests",
        "httpx",
        "urllib.request",
        "http.client",
        "tweepy",
        "facebook",
        "collectors",
    ),
}
# From sqlalchemy a collector may only name the engine and session it is handed.
SQLALCHEMY_NAMES = {"Engine", "Session"}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.lineno, node.module, tuple(alias.name for alias in node.names)


def _modules(layer: str):
    return sorted((ROOT / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_import_only_what_they_may(layer):
    breaches = []
    for path in _modules(layer):
        for line, module, names in _imports(path):
            where = f"{path.relative_to(ROOT)}:{line}"
            if any(module == bad or module.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                breaches.append(f"{where} imports {module}")
            if layer == "collectors" and module.split(".")[0] == "sqlalchemy":
                extra = set(names) - SQLALCHEMY_NAMES
                if extra or not names:
                    breaches.append(f"{where} imports {module} {sorted(extra)}")
    assert breaches == []


def test_the_check_sees_a_breach(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from db.upsert import id_map\nfrom sqlalchemy import select\n")
    found = [(module, names) for _line, module, names in _imports(bad)]
    assert ("db.upsert", ("id_map",)) in found and ("sqlalchemy", ("select",)) in found
