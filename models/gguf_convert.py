"""HF checkpoint → GGUF with llama.cpp's own converter, and quantisation.

The converter (`convert_hf_to_gguf.py`, its `conversion/` package and
`gguf-py`) is taken from the llama-cpp-python source distribution of exactly
the version the app runs, so what it writes is what the runtime reads. The
sdist comes from the package index through pip (`pip download`), is unpacked
once into `~/.cache/bimedix-desktop/`, and is never committed. Offline
machines can point `BIMEDIX_LLAMA_CPP_SDIST` at a downloaded
`llama_cpp_python-<version>.tar.gz`.

Quantisation runs in-process through `llama_cpp.llama_model_quantize`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bimedix.errors import UserFacingError

SDIST_ENV = "BIMEDIX_LLAMA_CPP_SDIST"
CACHE_ENV = "BIMEDIX_CACHE_DIR"
CONVERTER_PARTS = ("convert_hf_to_gguf.py", "conversion", "gguf-py")
OUTTYPES = ("f32", "f16", "bf16", "q8_0", "auto")
# llama.cpp's `enum llama_ftype` values of the types worth offering.
QUANT_TYPES = {
    "F16": 1,
    "Q4_0": 2,
    "Q4_1": 3,
    "Q8_0": 7,
    "Q5_0": 8,
    "Q5_1": 9,
    "Q2_K": 10,
    "Q3_K_S": 11,
    "Q3_K_M": 12,
    "Q3_K_L": 13,
    "Q4_K_S": 14,
    "Q4_K_M": 15,
    "Q5_K_S": 16,
    "Q5_K_M": 17,
    "Q6_K": 18,
    "IQ4_NL": 25,
    "IQ4_XS": 30,
    "BF16": 32,
}


class ConversionError(UserFacingError):
    """The converter or the quantiser could not produce a GGUF."""


def cache_dir() -> Path:
    explicit = os.environ.get(CACHE_ENV)
    base = (
        Path(explicit)
        if explicit
        else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bimedix-desktop"
    )
    return base.expanduser()


def runtime_version() -> str:
    """The installed llama-cpp-python version (the runtime the GGUF is for)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("llama-cpp-python")
    except PackageNotFoundError as exc:
        raise ConversionError("llama-cpp-python is not installed; run `make setup`.") from exc


def _download_sdist(version: str, target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    name = f"llama_cpp_python-{version}.tar.gz"
    if (target / name).exists():
        return target / name
    print(f"[convert] fetching the llama-cpp-python {version} source distribution (once)")
    # pip prepares the sdist's metadata (a few seconds in an isolated build
    # environment) before it saves the archive; only the archive is used.
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
               "--dest", str(target), f"llama-cpp-python=={version}"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    found = target / name
    if not found.exists():
        reason = (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
        raise ConversionError(
            f"Could not download llama-cpp-python {version} from the package index "
            f"({reason}). Download {name} yourself and set {SDIST_ENV} to its path."
        )
    return found


def ensure_converter(version: str | None = None) -> Path:
    """The folder holding `convert_hf_to_gguf.py` for the runtime's version,
    unpacked from its sdist on first use."""
    version = version or runtime_version()
    root = cache_dir() / f"llama-cpp-python-{version}" / "llama.cpp"
    if (root / "convert_hf_to_gguf.py").exists() and (root / ".complete").exists():
        return root
    sdist = Path(os.environ[SDIST_ENV]) if os.environ.get(SDIST_ENV) else None
    if sdist is None:
        sdist = _download_sdist(version, cache_dir() / "sdist")
    prefix = f"llama_cpp_python-{version}/vendor/llama.cpp/"
    staging = Path(tempfile.mkdtemp(prefix="converter-", dir=cache_dir()))
    try:
        with tarfile.open(sdist) as archive:
            members = [
                m
                for m in archive.getmembers()
                if m.name.startswith(prefix)
                and m.name[len(prefix) :].split("/")[0] in CONVERTER_PARTS
                and (m.isfile() or m.isdir())
            ]
            if not any(m.name == prefix + "convert_hf_to_gguf.py" for m in members):
                raise ConversionError(f"{sdist.name} does not contain llama.cpp's converter")
            for member in members:
                member.name = member.name[len(prefix) :]
            archive.extractall(staging, members=members, filter="data")
        (staging / ".complete").write_text(version)
        root.parent.mkdir(parents=True, exist_ok=True)
        if root.exists():
            import shutil

            shutil.rmtree(root)
        staging.replace(root)
    except (OSError, tarfile.TarError) as exc:
        raise ConversionError(f"Cannot unpack {sdist}: {exc}") from exc
    finally:
        if staging.exists():
            import shutil

            shutil.rmtree(staging, ignore_errors=True)
    return root


class ConversionCancelled(ConversionError):
    """The conversion was stopped through its cancel token."""


def convert_hf_to_gguf(
    hf_dir: Path,
    out: Path,
    *,
    outtype: str = "f16",
    metadata: dict[str, Any] | None = None,
    cancel: Any = None,
) -> Path:
    """Convert a Hugging Face checkpoint folder to one GGUF file.

    `metadata` holds GGUF `general.*` keys (name, description, license,
    tags, base_models, datasets, …) written over what the converter derives;
    the chat template comes from the checkpoint's tokenizer files.
    `cancel` (anything with a `cancelled` attribute, e.g. the engine's
    `CancelToken`) stops the converter within a fraction of a second: a
    93 GB checkpoint takes the best part of an hour.

    Raises:
        ConversionCancelled: `cancel` was set (nothing is left behind).
        ConversionError: the folder is not a convertible checkpoint, or the
            converter failed (its last lines of output are in the message).
    """
    hf_dir, out = Path(hf_dir), Path(out)
    if outtype not in OUTTYPES:
        raise ConversionError(f"outtype must be one of {', '.join(OUTTYPES)}, not {outtype!r}")
    if not (hf_dir / "config.json").exists():
        raise ConversionError(f"{hf_dir} is not a Hugging Face model folder (no config.json)")
    converter = ensure_converter()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with tempfile.TemporaryDirectory() as scratch:
        command = [
            sys.executable,
            str(converter / "convert_hf_to_gguf.py"),
            str(hf_dir),
            "--outfile",
            str(partial),
            "--outtype",
            outtype,
        ]
        if metadata:
            override = Path(scratch) / "metadata.json"
            override.write_text(json.dumps(metadata, ensure_ascii=False), encoding="utf-8")
            command += ["--metadata", str(override)]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("NO_LOCAL_GGUF", None)  # use the gguf-py that ships with this converter
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        while True:
            try:
                # Retrying communicate() after a timeout loses no output.
                stdout, stderr = process.communicate(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if cancel is not None and cancel.cancelled:
                    process.kill()
                    process.communicate()
                    partial.unlink(missing_ok=True)
                    raise ConversionCancelled(f"The conversion of {hf_dir} was stopped.") from None
    if process.returncode != 0 or not partial.exists():
        partial.unlink(missing_ok=True)
        tail = "\n".join((stderr or stdout).strip().splitlines()[-8:])
        raise ConversionError(f"llama.cpp's converter failed on {hf_dir}:\n{tail}")
    partial.replace(out)
    return out


@dataclass(frozen=True)
class QuantizeResult:
    """A quantised file and what it cost."""

    src: Path
    dst: Path
    qtype: str
    src_bytes: int
    dst_bytes: int
    seconds: float

    @property
    def ratio(self) -> float:
        return self.dst_bytes / self.src_bytes if self.src_bytes else 0.0

    def describe(self) -> str:
        return (
            f"{self.dst.name}: {self.qtype}, {self.dst_bytes / 1e6:.2f} MB "
            f"({self.ratio:.0%} of {self.src_bytes / 1e6:.2f} MB) in {self.seconds:.1f} s"
        )


def quantize_gguf(
    src: Path, dst: Path, qtype: str, *, threads: int | None = None, verbose: bool = False
) -> QuantizeResult:
    """Quantise a GGUF (normally F16) to `qtype` (Q4_K_M, Q5_K_M, Q8_0, …).

    K-quants need rows divisible by 256; llama.cpp quantises tensors whose
    rows are not with a compatible fallback type.

    Raises:
        ConversionError: unknown type, missing input, or llama.cpp failed.
    """
    import ctypes

    import llama_cpp

    src, dst = Path(src), Path(dst)
    key = qtype.upper()
    if key not in QUANT_TYPES:
        raise ConversionError(
            f"Unknown quantisation type {qtype!r}; choose one of {', '.join(QUANT_TYPES)}"
        )
    if not src.is_file():
        raise ConversionError(f"No GGUF to quantise at {src}")
    dst.parent.mkdir(parents=True, exist_ok=True)
    partial = dst.with_name(dst.name + ".part")
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = QUANT_TYPES[key]
    params.nthread = threads or os.cpu_count() or 1
    from llama_cpp._utils import suppress_stdout_stderr

    started = time.perf_counter()
    # llama.cpp prints every tensor it quantises straight to fd 2.
    with suppress_stdout_stderr(disable=verbose):
        status = llama_cpp.llama_model_quantize(
            str(src).encode("utf-8"), str(partial).encode("utf-8"), ctypes.byref(params)
        )
    seconds = time.perf_counter() - started
    if status != 0 or not partial.exists():
        partial.unlink(missing_ok=True)
        raise ConversionError(f"llama.cpp could not quantise {src.name} to {key} (status {status})")
    partial.replace(dst)
    return QuantizeResult(src, dst, key, src.stat().st_size, dst.stat().st_size, seconds)
