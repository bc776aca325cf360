"""The house's layers: apps import only lower apps, and no modules import each other in a circle.

Reads the import statements of every module (those inside functions too) without importing anything.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Lowest first; an app may import the apps of lower layers only (never one of its own layer but itself).
LAYERS = (
    ("rbm",),
    ("accounts",),
    ("places",),
    ("outcomes",),
    ("indicators",),
    ("evaluations",),
    ("plans",),
    ("countries",),
    ("notifications",),
    ("reports", "dashboard"),
    # The translators' round trip reads and writes the texts of every app below it.
    ("translations",),
    ("demo",),
    # Backups copy the database and the files whole; of the apps they import only the counts cache, dropped
    # after a restore.
    ("backups",),
)
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}
# A service queues its task, and the task calls the service: the one circle allowed, with a lazy import.
ALLOWED_CYCLE_ENDS = ("services", "tasks")


def _modules() -> dict[str, Path]:
    modules = {}
    for app in LEVEL:
        folder = ROOT / app
        if not folder.is_dir():
            continue
        for path in folder.rglob("*.py"):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            parts = list(relative.with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = relative
    return modules


def _imports(path: Path, module: str, is_package: bool) -> set[str]:
    """Every module an import statement names, absolute or relative, at any depth of the file."""
    names = set()
    for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base)
                target = f"{prefix}.{node.module}" if node.module else prefix
            else:
                target = node.module or ""
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names)
    return names


def _graph() -> tuple[dict[str, set[str]], dict[str, Path]]:
    modules = _modules()
    graph = {}
    for module, path in modules.items():
        targets = _imports(path, module, path.name == "__init__.py")
        graph[module] = {target for target in targets if target in modules and target != module}
    return graph, modules


def test_no_app_imports_an_app_of_a_higher_or_the_same_layer():
    graph, modules = _graph()
    found = set()
    for module, targets in graph.items():
        app = module.split(".")[0]
        for target in targets:
            other = target.split(".")[0]
            if other != app and LEVEL[other] >= LEVEL[app]:
                found.add((str(modules[module]), target))
    # Report the module imported at its shortest name, so `from a.b import c` and `import a.b` read alike.
    found = {
        (path, target) for path, target in found if not any((path, shorter) in found for shorter in _prefixes(target))
    }
    assert found == set()


def _prefixes(target: str) -> list[str]:
    parts = target.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(frozenset(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return components


def _allowed(component: frozenset[str]) -> bool:
    """A service module and its app's tasks module, and nothing else."""
    if len(component) != 2:
        return False
    kinds = sorted(
        "tasks" if module.endswith(".tasks") else "services" if ".services" in module else "" for module in component
    )
    apps = {module.split(".")[0] for module in component}
    return kinds == sorted(ALLOWED_CYCLE_ENDS) and len(apps) == 1


def _without_package_edges(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """A package's __init__ re-exporting its modules (and a module reaching its package) is not a circle."""
    return {
        module: {
            target for target in targets if not target.startswith(module + ".") and not module.startswith(target + ".")
        }
        for module, targets in graph.items()
    }


def _collapsed(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph of an app's rooms: `indicators.selectors.results` counts as `indicators.selectors`."""
    collapsed: dict[str, set[str]] = {}
    for module, targets in graph.items():
        room = ".".join(module.split(".")[:2])
        collapsed.setdefault(room, set()).update(
            ".".join(target.split(".")[:2]) for target in targets if ".".join(target.split(".")[:2]) != room
        )
    return collapsed


def test_no_modules_import_each_other_in_a_circle():
    graph, _ = _graph()
    graph = _without_package_edges(graph)
    cycles = {component for component in _cycles(graph) if not _allowed(component)}
    assert cycles == set()


def test_no_rooms_of_an_app_import_each_other_in_a_circle():
    """Selectors never import services, filters and selectors not each other: reads below writes."""
    graph, _ = _graph()
    rooms = _collapsed(_without_package_edges(graph))
    cycles = {component for component in _cycles(rooms) if not _allowed(component)}
    assert cycles == set()
