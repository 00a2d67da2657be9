"""The pure core and the engine never import Qt (or the GUI package), so they
run and test without a display."""

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


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (also inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
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
