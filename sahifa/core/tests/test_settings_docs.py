"""The settings stay readable and their docs stay true: every environment
variable the settings read is documented in docs/configuration.md and listed
in .env.example, nothing documented is gone from the code, and base.py
assigns each setting once (no `INSTALLED_APPS += ...` further down)."""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
SETTINGS_DIR = ROOT / "sahifa" / "settings"
BASE = SETTINGS_DIR / "base.py"
CONFIGURATION = ROOT / "docs" / "configuration.md"
ENV_EXAMPLE = ROOT / ".env.example"
ENV_HELPERS = {"env_str", "env_int", "env_bool", "env_list", "env_float"}
# Lists that are written once, in one literal, where they are defined.
LITERAL_LISTS = {"INSTALLED_APPS", "MIDDLEWARE", "SAHIFA_PERIODIC_JOBS"}


def variables_read(path: Path) -> set[str]:
    """Names passed to the env_* helpers or to os.environ.get/[...] in a file."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            called = (
                func.id
                if isinstance(func, ast.Name)
                else ast.unparse(func)
                if isinstance(func, ast.Attribute)
                else ""
            )
            if called in ENV_HELPERS or called in {"os.environ.get", "os.getenv"}:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    names.add(first.value)
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            if isinstance(node.slice, ast.Constant):
                names.add(node.slice.value)
    return names


def settings_variables() -> set[str]:
    names = set()
    for path in sorted(SETTINGS_DIR.glob("*.py")) + [ROOT / "deploy" / "web.py"]:
        names |= variables_read(path)
    return names


def test_the_scan_finds_variables():
    names = settings_variables()
    assert {"DATABASE_URL", "SAHIFA_LISTEN_ENGINE", "WEB_CONCURRENCY"} <= names


def test_every_variable_is_documented():
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", CONFIGURATION.read_text()))
    missing = sorted(settings_variables() - documented)
    assert not missing, f"not in docs/configuration.md: {missing}"


def test_every_variable_is_in_env_example():
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", ENV_EXAMPLE.read_text(), re.M))
    missing = sorted(settings_variables() - listed)
    assert not missing, f"not in .env.example: {missing}"


def test_documented_variables_exist():
    """A variable in the first column of a table in docs/configuration.md is
    read somewhere in the repository (catches renamed or removed ones)."""
    cells = re.findall(r"^\| ([^|]+) \|", CONFIGURATION.read_text(), re.M)
    documented = {name for cell in cells for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cell)}
    sources = [ROOT / "Makefile", *ROOT.glob("scripts/*"), *ROOT.glob("deploy/*.py")]
    sources += [p for p in (ROOT / "sahifa").rglob("*.py") if "tests" not in p.parts]
    code = "\n".join(p.read_text() for p in sources if p.is_file())
    stale = sorted(name for name in documented if name not in code)
    assert not stale, f"documented but read nowhere: {stale}"


def test_base_assigns_each_setting_once():
    tree = ast.parse(BASE.read_text(), str(BASE))
    assigned: dict[str, int] = {}
    problems = []
    for node in ast.walk(tree):
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AugAssign | ast.AnnAssign)
            else []
        )
        for target in targets:
            if isinstance(target, ast.Name) and target.id.isupper():
                assigned[target.id] = assigned.get(target.id, 0) + 1
                if isinstance(node, ast.AugAssign):
                    problems.append(f"{target.id} augmented on line {node.lineno}")
            elif isinstance(target, ast.Subscript | ast.Attribute):
                root = target
                while isinstance(root, ast.Subscript | ast.Attribute):
                    root = root.value
                if isinstance(root, ast.Name) and root.id.isupper():
                    problems.append(f"{ast.unparse(target)} assigned on line {node.lineno}")
        # INSTALLED_APPS.append(...), MIDDLEWARE.insert(...), and the like.
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id.isupper()
            and node.func.attr in {"append", "extend", "insert", "remove", "update", "setdefault"}
        ):
            problems.append(f"{ast.unparse(node.func)}() on line {node.lineno}")
    problems += [f"{name} assigned {n} times" for name, n in assigned.items() if n > 1]
    assert not problems, problems
    for name in LITERAL_LISTS:
        value = next(
            n.value
            for n in tree.body
            if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", None) == name
        )
        assert isinstance(value, ast.List), f"{name} is not written as a literal list"


def test_periodic_jobs_are_commands():
    commands = get_commands()
    jobs = [name for name, _ in settings.SAHIFA_PERIODIC_JOBS]
    base = BASE.read_text()
    # Jobs kept for one backend only are still real commands.
    assert "prune_db_task_results" in base
    for name in [*jobs, "prune_db_task_results"]:
        assert name in commands, name
    assert all(interval > 0 for _, interval in settings.SAHIFA_PERIODIC_JOBS)
