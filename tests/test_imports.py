"""Imports stay at the top of each module and never run in a circle.

An import inside a function or at the bottom of a module is how a cycle gets hidden; a cycle
makes the import order matter and breaks as soon as someone moves a line. Read from the source
with `ast`, so nothing is imported: imports under `if TYPE_CHECKING:` (annotations only) do
not count.
"""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "helpbutton"
# "module:line" of imports that must stay inside a function, each with its reason. None today.
ALLOWED_INNER_IMPORTS: dict[str, str] = {}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imported(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The helpbutton modules an import statement loads (the module itself, or the package
    whose names it takes; `from package import module` counts as the module)."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in MODULES}
    base = node.module or ""
    if node.level:
        package = module.split(".")
        if MODULES[module].name != "__init__.py":
            package = package[:-1]
        package = package[:len(package) - node.level + 1]
        base = ".".join([*package, *([base] if base else [])])
    found = set()
    for alias in node.names:
        if f"{base}.{alias.name}" in MODULES:
            found.add(f"{base}.{alias.name}")
        elif base in MODULES:
            found.add(base)
    return found


def _top_level_imports(module: str, body: list[ast.stmt]) -> set[str]:
    found: set[str] = set()
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found |= _imported(module, node)
        elif isinstance(node, ast.If) and not _is_type_checking(node):
            found |= _top_level_imports(module, node.body + node.orelse)
        elif isinstance(node, ast.Try):
            found |= _top_level_imports(module, node.body + node.orelse + node.finalbody)
    return found - {module}


def _graph() -> dict[str, set[str]]:
    return {module: _top_level_imports(module, ast.parse(path.read_text()).body)
            for module, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_checker_sees_a_cycle_and_the_real_imports():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    graph = _graph()
    assert "helpbutton.models" in graph["helpbutton.triage.queries"]
    assert "helpbutton.policy" in graph["helpbutton.triage.queries"]


def test_no_import_cycles_among_helpbutton_modules():
    assert _cycles(_graph()) == []


def test_no_imports_inside_functions_or_below_the_code():
    misplaced = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                misplaced += [f"{module}:{inner.lineno}" for inner in ast.walk(node)
                              if isinstance(inner, (ast.Import, ast.ImportFrom))]
        code_started = False
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                code_started = True
            elif code_started and isinstance(node, (ast.Import, ast.ImportFrom)):
                misplaced.append(f"{module}:{node.lineno}")
    assert [m for m in misplaced if m not in ALLOWED_INNER_IMPORTS] == []
