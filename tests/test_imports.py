"""Imports point one way: down the pipeline, never back up (TYPE_CHECKING imports aside)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "claimkit"

# Lower numbers are lower layers; a module may import only its own layer or lower ones.
LAYERS: dict[str, int] = {
    "errors": 0,
    "_version": 0,
    "_io": 0,
    "_gc": 0,
    "_dates": 1,
    "_lock": 1,
    "_anchor": 1,
    "_model": 2,
    "_temporal": 2,
    "_load": 3,
    "_grounding": 3,
    "_infer": 4,
    "_resolve": 5,
    "_findings": 5,
    "_index": 6,
    "_rules._registry": 6,
    "_config": 7,
    "_report": 7,
    "_rules": 8,
    "_engine": 9,
    "_pin": 9,
    "_baseline": 9,
    "_formats": 9,
    "_timeline": 10,
    "_export": 10,
    "_import": 10,
    "_schema": 10,
    "_cli_interop": 11,
    "_distributed": 10,
    "testing": 11,
    "cli": 11,
    "pytest_plugin": 11,
    "__init__": 12,
    "__main__": 12,
}


def layer(module: str) -> int:
    """The layer of a dotted module name inside claimkit (its longest known prefix)."""
    parts = module.split(".")
    while parts:
        name = ".".join(parts)
        if name in LAYERS:
            return LAYERS[name]
        parts.pop()
    return LAYERS["__init__"]


def runtime_imports(path: Path) -> set[str]:
    """claimkit modules imported by `path` outside `if TYPE_CHECKING:` blocks."""
    tree = ast.parse(path.read_text("utf-8"))
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            guarded.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("claimkit"):
            found.add(node.module.removeprefix("claimkit").lstrip("."))
        elif isinstance(node, ast.Import):
            found.update(
                a.name.removeprefix("claimkit").lstrip(".")
                for a in node.names
                if a.name.startswith("claimkit")
            )
    return {name for name in found if name}


MODULES = sorted(p for p in SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SRC)) for p in MODULES])
def test_a_module_imports_only_its_own_layer_or_lower(path: Path) -> None:
    name = ".".join(path.relative_to(SRC).with_suffix("").parts)
    mine = layer(name)
    upward = sorted(m for m in runtime_imports(path) if layer(m) > mine)
    assert not upward, f"{name} (layer {mine}) imports upward: {upward}"


def test_the_layer_test_fails_on_an_upward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from claimkit._engine import check\n", encoding="utf-8")
    assert layer("_dates") < max(layer(m) for m in runtime_imports(bad))
