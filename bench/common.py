"""Shared pieces of the benchmarks: result records, statistics, machine info."""

from __future__ import annotations

import glob
import json
import math
import os
import platform
import statistics
import subprocess
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent


@dataclass
class Measurement:
    """One number with its target; `passed` is None when there is no target."""

    benchmark: str
    name: str
    value: float | int | None
    unit: str
    target: str = ""
    passed: bool | None = None
    display: str = ""  # how the table shows the value, when not just value + unit
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def median(values: list[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of `values`."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return float(ordered[rank - 1])


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _cpu_flags() -> list[str]:
    wanted = ("avx", "avx2", "fma", "f16c", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile")
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                return [f for f in wanted if f in flags]
    except OSError:
        pass
    return []


def _physical_cores() -> int | None:
    try:
        pairs = set()
        physical = core = None
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("physical id"):
                physical = line.split(":", 1)[1].strip()
            elif line.startswith("core id"):
                core = line.split(":", 1)[1].strip()
            elif not line.strip() and core is not None:
                pairs.add((physical, core))
                physical = core = None
        if core is not None:
            pairs.add((physical, core))
        return len(pairs) or None
    except OSError:
        return None


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError):
        pass
    return None


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _llama_build() -> dict[str, Any]:
    """The CMAKE_ARGS that tools/setup.sh recorded next to the built wheel.

    The installed wheel's `direct_url.json` names the wheel folder it came
    from; every recorded folder is listed too.
    """
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    recorded: dict[str, str] = {}
    for path in sorted(glob.glob(str(cache / "bimedix-desktop" / "wheels" / "*" / "CMAKE_ARGS"))):
        try:
            recorded[Path(path).parent.name] = Path(path).read_text(encoding="utf-8").strip()
        except OSError:
            continue
    installed_from = None
    cmake_args = None
    try:
        dist = metadata.distribution("llama-cpp-python")
        raw = dist.read_text("direct_url.json")
        if raw:
            url = json.loads(raw).get("url", "")
            if url.startswith("file://"):
                folder = Path(url[len("file://") :]).parent
                installed_from = str(folder)
                cmake_args = recorded.get(folder.name)
                if cmake_args is None and (folder / "CMAKE_ARGS").is_file():
                    cmake_args = (folder / "CMAKE_ARGS").read_text(encoding="utf-8").strip()
    except (metadata.PackageNotFoundError, OSError, ValueError):
        pass
    if cmake_args is None and len(recorded) == 1:
        cmake_args = next(iter(recorded.values()))
    system_info = None
    try:
        import llama_cpp

        system_info = llama_cpp.llama_print_system_info().decode("utf-8", "replace").strip()
    except Exception:  # noqa: BLE001 - informational only
        pass
    return {
        "cmake_args": cmake_args,
        "wheel_folder": installed_from,
        "recorded_cmake_args": recorded,
        "llama_system_info": system_info,
    }


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", *args], cwd=REPO_DIR, capture_output=True, text=True, timeout=5, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def _git_commit() -> str | None:
    """The commit measured, with '+dirty' when tracked app files differ from it."""
    commit = _git("rev-parse", "--short", "HEAD")
    if commit and _git("status", "--porcelain", "--untracked-files=no", "--", "app"):
        commit += "+dirty"
    return commit or None


def load_average() -> list[float] | None:
    """1, 5 and 15-minute load averages: other work on the CPU skews timings."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def machine_info(model_path: Path | None) -> dict[str, Any]:
    """What the numbers were measured on."""
    import bimedix

    info: dict[str, Any] = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cpu_model": _cpu_model(),
        "logical_cores": os.cpu_count(),
        "physical_cores": _physical_cores(),
        "cpu_flags": _cpu_flags(),
        "memory_gib": _memory_gib(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "bimedix_desktop": getattr(bimedix, "__version__", None),
        "git_commit": _git_commit(),
        "llama_cpp_python": _version("llama-cpp-python"),
        "pyside6": _version("PySide6") or _version("pyside6-essentials"),
        "qt_platform": os.environ.get("QT_QPA_PLATFORM", ""),
        "load_average_start": load_average(),
    }
    info.update(_llama_build())
    if model_path is not None:
        info["model"] = model_path.name
        try:
            info["model_size_mb"] = round(model_path.stat().st_size / 1e6, 1)
        except OSError:
            pass
    return info
