"""The layers of ARCHITECTURE.md hold: the import-linter contracts in pyproject.toml are
kept, and no two modules import each other at run time (docs/decisions/0027)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop"

# Circles being broken elsewhere; each entry is a set of modules that import each other.

# What the `lint-imports` script runs, with this interpreter (importlinter.cli has no
# __main__); from the repository root, so it reads pyproject.toml and imports `desktop`.
LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"


def test_the_import_contracts_are_kept() -> None:
    result = subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(tree: ast.Module, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The modules of the package `module` imports, at its top or inside a function (run
    time either way), leaving out what is imported only under TYPE_CHECKING."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()

    def closest(name: str) -> str:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(closest(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in known else closest(base))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {name for name in found if name.startswith("desktop") and name != module}


def _run_time_circles() -> list[frozenset[str]]:
    files = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    known = set(files)
    graph = {
        module: _imported(ast.parse(path.read_text()), module, path.name == "__init__.py", known)
        for module, path in files.items()
    }
    # Tarjan's strongly connected components, iteratively.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[frozenset[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    circles.append(frozenset(component))
    return circles


def test_no_module_imports_itself_round_a_circle() -> None:
    circles = _run_time_circles()
    assert circles == [], [sorted(circle) for circle in circles]


def test_the_circle_finder_sees_an_import_inside_a_function() -> None:
    tree = ast.parse("def f():\n    from desktop.store import schema\n")
    found = _imported(tree, "desktop.store.backup", False, {"desktop.store.schema"})
    assert found == {"desktop.store.schema"}
    tree = ast.parse("if TYPE_CHECKING:\n    from desktop.store import schema\n")
    assert _imported(tree, "desktop.store.backup", False, {"desktop.store.schema"}) == set()
