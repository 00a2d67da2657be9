"""PEP 517 build backend: setuptools, plus the generated package data.

A wheel or sdist built from a clean checkout (`python -m build`, `pip
install .`) must carry the compiled translations (.qm) and the Arabic fonts,
which are not in git (see build_assets.py). This thin wrapper around
`setuptools.build_meta`:
- asks pip for PySide6-Essentials when building a wheel or an sdist, because
  Qt's `lrelease` compiles the .ts files, and runs `build_assets.prepare()`
  before setuptools collects package data;
- does NOT ask for it for editable installs (`make setup`), which would
  otherwise download Qt into every isolated build; there the Makefile
  compiles the translations with the project's own venv, and fonts are
  copied when the system has them.
"""

from __future__ import annotations

import sys

import build_assets
from setuptools import build_meta as _setuptools
from setuptools.build_meta import (  # noqa: F401 - re-exported PEP 517/660 hooks
    get_requires_for_build_editable,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)

# lrelease comes with the same Qt the app runs on (see pyproject's pins).
QT_TOOLS = [
    "PySide6-Essentials>=6.8,<6.12; python_version < '3.12'",
    "PySide6-Essentials>=6.8,<7; python_version >= '3.12'",
]


def get_requires_for_build_wheel(config_settings=None):
    return [*_setuptools.get_requires_for_build_wheel(config_settings), *QT_TOOLS]


def get_requires_for_build_sdist(config_settings=None):
    return [*_setuptools.get_requires_for_build_sdist(config_settings), *QT_TOOLS]


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    build_assets.prepare()
    return _setuptools.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_sdist(sdist_directory, config_settings=None):
    build_assets.prepare()
    return _setuptools.build_sdist(sdist_directory, config_settings)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    for step in (build_assets.copy_fonts, build_assets.compile_translations):
        try:
            step()
        except build_assets.AssetError as exc:
            print(f"bimedix build: {exc} (continuing: editable install)", file=sys.stderr)
    return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)
