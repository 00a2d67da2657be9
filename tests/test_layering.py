"""The package's layers, enforced: the pure core and the engine never import
Qt (or the GUI package), so they run and test without a display; every
sub-package imports only the layers below it; and no modules import each
other in a cycle. Imports inside functions count; imports only for type
checkers (`if TYPE_CHECKING:`) do not, since they never run."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"
FORBIDDEN = ("PySide6", "shiboken6", "bimedix.gui", "superqt", "pytestqt")
PURE_PACKAGES = ("core", "engine", "eval")


def _sources() -> list[Path]:
    files = sorted(p for package in PURE_PACKAGES for p in (APP / package).rglob("*.py"))
    assert len(files) >= 10, f"expected the core and engine sources under {APP}"
    return files


def _type_checking_only(tree: ast.AST) -> set[int]:
    """ids of the nodes under `if TYPE_CHECKING:`."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            skipped.update(id(inner) for part in node.body for inner in ast.walk(part))
    return skipped


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports at run time, at any depth (also inside
    functions), but not under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = _type_checking_only(tree)
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                package = ["bimedix", *path.parent.relative_to(APP).parts]
                base = package[: len(package) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))
            and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def _is_forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(APP)))
def test_core_and_engine_modules_do_not_import_qt(path: Path) -> None:
    offending = sorted(m for m in imported_modules(path) if _is_forbidden(m))

    assert offending == [], f"{path.relative_to(APP)} imports {offending}"


def test_the_import_scanner_sees_qt_imports(tmp_path: Path) -> None:
    """The check above must be able to fail."""
    source = (
        "import os\n"
        "def late():\n"
        "    from PySide6.QtCore import QObject\n"
        "    import importlib\n"
        "    importlib.import_module('bimedix.gui.main_window')\n"
    )
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")

    found = {m for m in imported_modules(probe) if _is_forbidden(m)}

    assert found == {"PySide6.QtCore", "PySide6.QtCore.QObject", "bimedix.gui.main_window"}


def test_importing_core_engine_and_cli_does_not_load_qt() -> None:
    code = (
        "import bimedix.core.store, bimedix.core.chat, bimedix.core.settings, "
        "bimedix.core.direction, bimedix.models.catalog, bimedix.core.prompts, "
        "bimedix.engine.llama_backend, bimedix.engine.prompt_format, bimedix.cli\n"
        "import sys\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6') or m.startswith('bimedix.gui'))\n"
        "assert not loaded, loaded\n"
        "assert 'PySide6' not in sys.modules\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr


# --- layers of the whole package ---------------------------------------------
ROOT = APP.parent
# Where each part of `bimedix` lives (pyproject's package-dir).
SOURCE_ROOTS = {
    "bimedix": APP,
    "bimedix.models": ROOT / "models",
    "bimedix.training": ROOT / "training",
}
# Top to bottom. A module may import its own area and the areas of LATER
# layers only; areas that share a layer never import each other.
LAYERS: list[tuple[str, ...]] = [
    ("__main__",),  # python -m bimedix: the desktop app
    ("cli",),  # every command (PDF export borrows the GUI's Qt renderer)
    ("gui",),
    ("eval", "training"),
    ("core",),
    ("models",),
    ("engine",),
    ("safe_json", "validation"),
    ("errors", "__init__"),  # bimedix.errors; the package itself (__version__)
]
RANK = {area: rank for rank, names in enumerate(LAYERS) for area in names}


def package_modules() -> dict[str, Path]:
    """Every module of `bimedix`, by dotted name."""
    found: dict[str, Path] = {}
    for package, folder in SOURCE_ROOTS.items():
        for path in folder.rglob("*.py"):
            parts = path.relative_to(folder).with_suffix("").parts
            if package == "bimedix" and parts[0] in ("models", "training"):
                continue  # not part of the package (nothing lives there)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join([package, *parts])] = path
    return found


def area_of(module: str) -> str:
    """The layer area of a dotted `bimedix…` module name."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports_between(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module -> the package's modules it imports (longest known prefix)."""
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in imported_modules(path):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and not name.startswith(imported + "."):
                targets.add(imported)
        edges[name] = targets
    return edges


def layer_violations(edges: dict[str, set[str]]) -> list[str]:
    found = []
    for source, targets in edges.items():
        for target in targets:
            a, b = area_of(source), area_of(target)
            if a != b and RANK[b] <= RANK[a]:
                found.append(f"{source} ({a}) imports {target} ({b})")
    return sorted(found)


def import_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        order[node] = low[node] = len(order)
        stack.append(node)
        for target in edges.get(node, ()):
            if target not in order:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], order[target])
        if low[node] == order[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for node in sorted(edges):
        if node not in order:
            visit(node)
    return cycles


def test_every_area_has_a_layer() -> None:
    modules = package_modules()
    assert len(modules) > 100
    assert {area_of(m) for m in modules} <= set(RANK), "place the new area in LAYERS"


def test_every_import_goes_down_the_layers() -> None:
    assert layer_violations(_imports_between(package_modules())) == []


def test_no_modules_import_each_other_in_a_cycle() -> None:
    assert import_cycles(_imports_between(package_modules())) == []


def test_the_layer_checks_can_fail() -> None:
    edges = {
        "bimedix.engine.x": {"bimedix.core.y"},  # upwards
        "bimedix.core.y": {"bimedix.core.z"},
        "bimedix.core.z": {"bimedix.core.y"},  # a cycle
        "bimedix.eval.a": {"bimedix.training.b"},  # same layer
    }
    assert layer_violations(edges) == [
        "bimedix.engine.x (engine) imports bimedix.core.y (core)",
        "bimedix.eval.a (eval) imports bimedix.training.b (training)",
    ]
    assert import_cycles(edges) == [["bimedix.core.y", "bimedix.core.z"]]
