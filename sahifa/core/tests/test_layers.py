"""Imports point one way and are written at the top of modules. The layer
and cycle contracts themselves run as `lint-imports` in `make lint`; this
catches the usual way round them: an import hidden inside a function."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or path.name == "conftest.py":
            continue
        yield path


def _local_project_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        # AppConfig.ready() runs once models exist: the one legitimate place.
        if func.name == "ready" and path.name == "apps.py":
            continue
        for node in ast.walk(func):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            relative = isinstance(node, ast.ImportFrom) and node.level > 0
            if relative or any(name.startswith("sahifa") for name in names):
                found.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}")
    return found


def test_no_function_local_imports_of_project_modules():
    offenders = [where for path in _project_modules() for where in _local_project_imports(path)]
    assert offenders == [], "move these imports to the top of the module (or invert the dependency)"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("def f():\n    from sahifa.core import jobs\n", 1),
        ("def f():\n    from . import services\n", 1),
        ("def f():\n    import json\n", 0),
        ("from sahifa.core import jobs\n", 0),
    ],
)
def test_the_check_sees_hidden_imports(tmp_path, source, expected):
    module = ROOT / "core" / "_layer_probe.py"
    try:
        module.write_text(source, encoding="utf-8")
        assert len(_local_project_imports(module)) == expected
    finally:
        module.unlink()
