"""The actions package is in no import cycle and no module borrows another's private name (issue 26): shared helpers
live in small modules of their own (actions/sending.py, actions/turn.py). Every `import actions.x` / `from actions.x
import y` counts, also one written inside a function, since that is how a cycle used to be hidden."""

import ast

from tests.conftest import ROOT

PACKAGES = ("actions", "cyberprotect", "channels")


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports():
    """{module: {(imported module, name or None)}} for the project's own modules in PACKAGES."""
    graph = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            found = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {(a.name, None) for a in node.names if a.name.split(".")[0] in PACKAGES}
                elif (
                    isinstance(node, ast.ImportFrom)
                    and node.level == 0
                    and node.module
                    and node.module.split(".")[0] in PACKAGES
                ):
                    found |= {(node.module, a.name) for a in node.names}
            graph[module_name(path)] = found
    return graph


def edges(graph):
    """Module -> the project modules it imports (`from actions import turn` is the module actions.turn)."""
    out = {}
    for module, found in graph.items():
        targets = set()
        for target, name in found:
            targets.add(f"{target}.{name}" if name and f"{target}.{name}" in graph else target)
        out[module] = {t for t in targets if t in graph and t != module}
    return out


def cycles(out):
    found, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        for nxt in sorted(out.get(node, ())):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in sorted(out):
        if node not in state:
            visit(node, [node])
    return found


def test_no_import_cycle_through_an_actions_module():
    out = edges(imports())
    assert "actions.advice_actions" in out and "actions.sending" in out["actions.children_actions"]
    assert [c for c in cycles(out) if any(m.startswith("actions.") for m in c)] == []


def test_no_module_imports_another_modules_private_name():
    private = [
        (module, target, name)
        for module, found in imports().items()
        for target, name in found
        if name and name.startswith("_") and not name.startswith("__")
    ]
    assert private == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
