"""The packages show the architecture (issue 26): `cyberprotect/` is the pure domain (content, routing, replies,
message facts, the checker, handover and rehearsal logic) and imports nothing from Rasa, rasa_sdk or `actions`;
`actions/` is the thin Rasa adapter and keeps no pure module of its own; no project module imports a module path
that does not exist (an old path left behind by a move) and no module is in an import cycle."""

import ast
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PURE = "cyberprotect"
RASA_SIDE = ("rasa", "rasa_sdk", "actions", "sanic", "tensorflow")  # what the pure package must never load
# The only modules outside the pure package it may use: pure themselves (no Rasa), owned by the channel gate and the
# NLU normaliser, which need the same placeholders and letters; and the one retention rule of the project.
OUTSIDE_ALLOWED = {"channels.redaction", "components.text_normaliser", "startup.privacy"}
PROJECT = ("actions", "cyberprotect", "channels", "components", "startup", "insights", "scripts", "tests")
# The modules every part of the domain lives in: the move must have put them in the pure package.
DOMAIN = (
    "content_schema",
    "content_store",
    "routing",
    "replies",
    "questions",
    "message_facts.child",
    "message_facts.nation",
    "message_facts.situation",
    "message_facts.refinement",
    "checker.signs",
    "checker.detect",
    "checker.reply",
    "handover.hours",
    "handover.summary",
    "rehearsal.engine",
    "rehearsal.keypoints",
    "rehearsal.matching",
    "rehearsal.persona",
    "rehearsal.scenarios",
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def python_files(package: str):
    return sorted(p for p in (ROOT / package).rglob("*.py") if "node_modules" not in p.parts)


def imported(path: Path):
    """Every module an `import` names in the file, also inside functions: [(module, line)]."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [(node.module, node.lineno)]
            found += [
                (f"{node.module}.{a.name}", node.lineno) for a in node.names if is_module(f"{node.module}.{a.name}")
            ]
    return found


def is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or path.is_dir()  # a package, or a folder of modules (tests/)


def test_every_part_of_the_domain_is_in_the_pure_package():
    missing = [m for m in DOMAIN if not is_module(f"{PURE}.{m}")]
    assert missing == [], f"not in {PURE}/: {missing}"


def test_the_pure_package_names_nothing_from_rasa_or_the_actions():
    wrong = [
        f"{module_name(path)}:{line} imports {name}"
        for path in python_files(PURE)
        for name, line in imported(path)
        if name.split(".")[0] in RASA_SIDE
        or (
            name.split(".")[0] in PROJECT
            and name.split(".")[0] != PURE
            and name not in OUTSIDE_ALLOWED
            and not any(name.startswith(a + ".") or a.startswith(name + ".") for a in OUTSIDE_ALLOWED)
        )
    ]
    assert python_files(PURE), f"no package {PURE}/"
    assert wrong == []


def test_importing_the_whole_pure_package_loads_no_rasa_and_no_action():
    """Also what the pure package imports in turn (channels.redaction, startup.privacy, ...): a fresh interpreter
    imports every module of it, then lists what got loaded."""
    code = (
        "import importlib, pkgutil, sys\n"
        f"import {PURE}\n"
        f"for m in pkgutil.walk_packages({PURE}.__path__, '{PURE}.'):\n"
        "    importlib.import_module(m.name)\n"
        f"print(sorted(k for k in sys.modules if k.split('.')[0] in {RASA_SIDE!r}))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_the_actions_package_is_only_the_rasa_adapter():
    """Every module in actions/ uses rasa_sdk: a module that does not is domain logic and belongs in cyberprotect/."""
    pure_left = [
        module_name(p)
        for p in python_files("actions")
        if p.name != "__init__.py" and not any(name.split(".")[0] == "rasa_sdk" for name, _ in imported(p))
    ]
    assert pure_left == []


def test_no_project_module_imports_a_path_that_does_not_exist():
    """A module moved without its old path (issue 26) leaves no import behind: every project import resolves."""
    dangling = [
        f"{module_name(path)}:{line} imports {name}"
        for package in PROJECT
        for path in python_files(package)
        for name, line in imported(path)
        if name.split(".")[0] in PROJECT and not is_module(name)
    ]
    assert dangling == []


def test_no_import_cycle_through_the_domain_or_the_actions():
    """Imports written inside functions count too (that is how a cycle hides). Cycles inside channels/ and startup/
    alone (their function-level imports of each other) are not this issue's boundary and are not checked here."""
    graph = {}
    for package in PROJECT:
        for path in python_files(package):
            graph[module_name(path)] = {name for name, _ in imported(path) if is_module(name)}
    for module, targets in graph.items():
        targets.discard(module)
        targets &= set(graph)
    assert "cyberprotect.routing" in graph and "actions.advice_actions" in graph
    state, cycles = {}, []

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert [c for c in cycles if any(m.split(".")[0] in ("actions", PURE) for m in c)] == []


def test_no_project_module_edits_sys_path():
    """Scripts run as modules from the repository root (`python -m scripts.eval_checker`) and pytest has the root on
    its path (pyproject.toml), so no file needs a `sys.path` edit to import the project."""
    editing = [
        path.relative_to(ROOT).as_posix()
        for package in PROJECT
        for path in python_files(package)
        if path.name != "test_package_boundaries.py"
        and any(
            isinstance(node, ast.Attribute)
            and node.attr in ("insert", "append", "extend")
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "path"
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id == "sys"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert editing == []
