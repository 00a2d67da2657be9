"""GUI event-loop stalls while a reply streams into the real MainWindow.

Builds the window the way `bimedix.gui.app.main` does (offscreen under
`make bench`), on a temporary data folder with the embedded model, waits for
the worker thread to load it, then for each turn puts a message in the
composer and calls `submit()`. A 5 ms precise `QTimer` records when it
actually fires; every gap beyond 5 ms is time the event loop was busy or
starved (UI work on the GUI thread, GIL or CPU contention with the
generation thread). The window covers `submit()` itself up to the moment
`is_generating` turns False (after the final re-read of the session).

Reported: the longest stall (target < 50 ms, with the worst of each phase),
the p99 stall, the same limited to the streaming phase, the tokens/s the GUI
thread saw arrive as `ReplyDelta` signals next to the rate the worker
measured (and the GUI thread's CPU use), and how many references to `True`
the process lost per streamed token (a binding bug that aborts the app on
Python < 3.12 once the count reaches zero).

`python -m bench` runs this in a child interpreter (`run_isolated`), as the
app runs: no llama.cpp context of the other benchmarks in the process (those
slowed the worker here by about 30 %), and a crash at exit is reported as an
exit status.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import REPO_DIR, Measurement, median, percentile

INTERVAL_MS = 5
# Py_True references lost per ReplyDelta beyond this means a binding leaks a
# reference per signal emission; on Python < 3.12 that aborts the process
# ("Fatal Python error: bool_dealloc") once the count reaches zero.
MAX_TRUE_REFS_LOST_PER_TOKEN = 0.1
MAX_TOKENS = 200
TARGET_STALL_MS = 50.0
TURN_TIMEOUT_MS = 120_000
PROMPTS = (
    "Write a long, detailed patient leaflet about type 2 diabetes: causes, symptoms, "
    "diagnosis, treatment, diet, exercise and complications.",
    "Now explain in detail how high blood pressure is diagnosed and treated.",
    "List ten healthy breakfast ideas for someone with diabetes, with a sentence on each.",
)


def _pyside_version() -> str:
    import PySide6

    return str(PySide6.__version__)


def _apply_look(settings: Any) -> None:
    """What `bimedix.gui.app.main` applies before building the window
    (language, text size), where this version of the app has it."""
    try:
        from bimedix.gui.i18n import apply_language

        apply_language(settings.ui_language)
    except ImportError:
        pass
    try:
        from bimedix.gui.style import apply_text_size

        apply_text_size(settings.text_size)
    except (ImportError, AttributeError):
        pass


def _one_turn(window: Any, prompt: str) -> dict[str, Any]:
    from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Slot

    from bimedix.core.chat import ReplyDelta, ReplyFinished

    class Probe(QObject):
        """Lives on the GUI thread: sees turn events when the GUI does."""

        def __init__(self) -> None:
            super().__init__()
            self.delta_times: list[float] = []
            self.stats: Any = None

        @Slot(object)
        def on_event(self, event: object) -> None:
            if isinstance(event, ReplyDelta):
                self.delta_times.append(time.perf_counter())
            elif isinstance(event, ReplyFinished):
                self.stats = event.stats

    probe = Probe()
    window.worker.turn_event.connect(probe.on_event)
    ticks: list[float] = []
    loop = QEventLoop()
    state = {"submitted": False, "started": False}

    def tick() -> None:
        ticks.append(time.perf_counter())
        if state["submitted"] and not window.is_generating:
            loop.quit()

    def start() -> None:
        window.composer.setPlainText(prompt)
        window.submit()
        state["submitted"] = True
        state["started"] = window.is_generating

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(INTERVAL_MS)
    timer.timeout.connect(tick)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    guard.start(TURN_TIMEOUT_MS)
    refs_before = sys.getrefcount(True), sys.getrefcount(None)
    cpu_before, wall_before = time.thread_time(), time.perf_counter()
    timer.start()
    QTimer.singleShot(0, start)
    loop.exec()
    gui_cpu = (time.thread_time() - cpu_before) / (time.perf_counter() - wall_before)
    refs_after = sys.getrefcount(True), sys.getrefcount(None)
    timer.stop()
    guard.stop()
    window.worker.turn_event.disconnect(probe.on_event)

    gaps = [(b, (b - a) * 1000.0) for a, b in zip(ticks, ticks[1:], strict=False)]
    stalls = [max(0.0, gap - INTERVAL_MS) for _, gap in gaps]
    deltas = probe.delta_times
    # Phase of each gap, by when it ended: before the first ReplyDelta reached
    # the GUI (submit, user message, prompt evaluation), while deltas arrive,
    # and after the last one (ReplyFinished, then the session is re-read).
    phases: dict[str, list[float]] = {"submit": [], "streaming": [], "finish": []}
    for end, gap in gaps:
        if not deltas or end < deltas[0]:
            phase = "submit"
        elif end <= deltas[-1]:
            phase = "streaming"
        else:
            phase = "finish"
        phases[phase].append(max(0.0, gap - INTERVAL_MS))
    streaming = phases["streaming"]
    seen_rate = None
    if len(deltas) > 1 and deltas[-1] > deltas[0]:
        seen_rate = (len(deltas) - 1) / (deltas[-1] - deltas[0])
    stats = probe.stats
    return {
        "started": state["started"],
        "finished": stats is not None,
        "ticks": len(ticks),
        "window_s": round(ticks[-1] - ticks[0], 3) if len(ticks) > 1 else 0.0,
        "stalls_ms": stalls,
        "streaming_stalls_ms": streaming,
        "max_stall_ms": max(stalls, default=float("nan")),
        "max_stall_by_phase_ms": {k: round(max(v, default=0.0), 2) for k, v in phases.items()},
        "p99_stall_ms": percentile(stalls, 99),
        "median_gap_ms": median([gap for _, gap in gaps]),
        "deltas": len(deltas),
        "gui_tokens_per_s": seen_rate,
        "worker_tokens_per_s": stats.tokens_per_s if stats else None,
        "completion_tokens": stats.completion_tokens if stats else None,
        "stop_reason": stats.stop_reason if stats else None,
        "speed_label": window.speed_label.text(),
        "gui_thread_cpu_percent": round(gui_cpu * 100, 1),
        "true_refs_change": refs_after[0] - refs_before[0],
        "none_refs_change": refs_after[1] - refs_before[1],
    }


def run(model_path: Path, turns: int = 3) -> list[Measurement]:
    """Measure `turns` replies in one session; stalls are pooled over all."""
    from PySide6.QtWidgets import QApplication

    from bimedix.core.settings import Settings
    from bimedix.core.store import ChatStore
    from bimedix.gui import app as gui_app
    from bimedix.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(["bimedix-desktop"])
    app.setApplicationName("BiMediX Desktop")

    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bimedix-bench-gui-") as tmp:
        data_dir = Path(tmp)
        store = ChatStore(data_dir / getattr(gui_app, "DB_NAME", "chats.db"))
        settings_path = data_dir / getattr(gui_app, "SETTINGS_NAME", "settings.json")
        settings = Settings.load(settings_path)
        settings.ui_language = "en"
        settings.max_tokens = MAX_TOKENS
        _apply_look(settings)
        store.mark_interrupted_replies()
        window = MainWindow(store, settings, settings_path, str(model_path))
        window.show()
        loaded_at = time.perf_counter()
        loaded = window.wait_for_model(60_000)
        load_s = time.perf_counter() - loaded_at
        try:
            if loaded:
                for number in range(turns):
                    results.append(_one_turn(window, PROMPTS[number % len(PROMPTS)]))
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
            store.close()

    if not loaded or not results or not all(r["started"] and r["finished"] for r in results):
        return [
            Measurement(
                "gui_stall",
                "longest event-loop stall",
                None,
                "ms",
                target=f"< {TARGET_STALL_MS:g} ms",
                passed=False,
                details={"error": "model did not load or a turn did not run", "turns": results},
            )
        ]

    all_stalls = [s for r in results for s in r["stalls_ms"]]
    streaming_stalls = [s for r in results for s in r["streaming_stalls_ms"]]
    longest = max(all_stalls)
    by_phase = {
        phase: max(r["max_stall_by_phase_ms"][phase] for r in results)
        for phase in ("submit", "streaming", "finish")
    }
    per_turn = [
        {k: (round(v, 2) if isinstance(v, float) else v) for k, v in r.items() if "stalls" not in k}
        for r in results
    ]
    gui_rates = [r["gui_tokens_per_s"] for r in results if r["gui_tokens_per_s"]]
    worker_rates = [r["worker_tokens_per_s"] for r in results if r["worker_tokens_per_s"]]
    common = {"interval_ms": INTERVAL_MS, "max_tokens": MAX_TOKENS, "turns": turns}
    tokens = sum(r["completion_tokens"] or 0 for r in results)
    true_lost = -sum(r["true_refs_change"] for r in results)
    lost_per_token = true_lost / max(1, tokens)
    immortal = sys.version_info >= (3, 12)
    refs = Measurement(
        "gui_stall",
        "Py_True references lost per streamed token",
        round(lost_per_token, 2),
        "refs",
        target=f"< {MAX_TRUE_REFS_LOST_PER_TOKEN:g}",
        passed=lost_per_token < MAX_TRUE_REFS_LOST_PER_TOKEN,
        details={
            "true_refs_lost": true_lost,
            "none_refs_change": sum(r["none_refs_change"] for r in results),
            "tokens": tokens,
            "true_refcount_now": sys.getrefcount(True),
            "immortal_singletons": immortal,
        },
    )
    if not refs.passed:
        remaining = sys.getrefcount(True) / max(lost_per_token, 1e-9)
        refs.details["note"] = (
            f"Each streamed token drops a reference to True (PySide6 "
            f"{_pyside_version()} on Python {sys.version.split()[0]}): after about "
            f"{remaining:,.0f} more tokens the app aborts with 'Fatal Python error: "
            "bool_dealloc'."
        )
    return [
        Measurement(
            "gui_stall",
            "longest event-loop stall",
            round(longest, 1),
            "ms",
            target=f"< {TARGET_STALL_MS:g} ms",
            passed=longest < TARGET_STALL_MS,
            display=f"{longest:.1f} ms ("
            + ", ".join(f"{k} {v:.1f}" for k, v in by_phase.items())
            + ")",
            details={
                "max_stall_by_phase_ms": {k: round(v, 2) for k, v in by_phase.items()},
                **common,
                "ticks": len(all_stalls),
                "per_turn": per_turn,
                "model_load_s": round(load_s, 2),
            },
        ),
        Measurement(
            "gui_stall",
            "p99 event-loop stall",
            round(percentile(all_stalls, 99), 1),
            "ms",
            details=common,
        ),
        Measurement(
            "gui_stall",
            "longest stall while tokens stream",
            round(max(streaming_stalls, default=0.0), 1),
            "ms",
            display=(
                f"{max(streaming_stalls, default=0.0):.1f} ms "
                f"(p99 {percentile(streaming_stalls, 99):.1f} ms)"
            ),
            details={**common, "ticks": len(streaming_stalls)},
        ),
        Measurement(
            "gui_stall",
            "tokens/s seen by the GUI (median of turns)",
            round(median(gui_rates), 1),
            "tok/s",
            display=(f"{median(gui_rates):.1f} tok/s (worker {median(worker_rates):.1f})"),
            details={
                "gui_thread_cpu_percent": [r["gui_thread_cpu_percent"] for r in results],
                "gui_rates": [round(x, 1) for x in gui_rates],
                "worker_rates": [round(x, 1) for x in worker_rates],
                "completion_tokens": [r["completion_tokens"] for r in results],
            },
        ),
        refs,
    ]


def run_isolated(model_path: Path, turns: int = 3, timeout_s: float = 300.0) -> list[Measurement]:
    """`run` in a fresh interpreter, as the app runs: no llama.cpp context
    (or OpenMP thread team) of the other benchmarks in the process, and a
    crash at exit shows up as an exit status instead of killing the bench."""
    command = [sys.executable, "-m", "bench.gui_stall", "--model", str(model_path)]
    command += ["--turns", str(turns)]
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    try:
        done = subprocess.run(
            command,
            cwd=REPO_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"the GUI benchmark did not finish in {timeout_s:g} s") from exc
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith(_RESULT_PREFIX)]
    errors = [
        ln for ln in done.stderr.splitlines() if ln.strip() and "propagateSizeHints" not in ln
    ]
    if not lines:
        tail = " | ".join(errors[-6:])
        raise RuntimeError(f"GUI benchmark exited with {done.returncode}: {tail}")
    results = [Measurement(**m) for m in json.loads(lines[-1][len(_RESULT_PREFIX) :])]
    if results:
        results[0].details["child_exit_status"] = done.returncode
        if done.returncode != 0:
            last = errors[-1] if errors else ""
            fatal = next((ln for ln in errors if "Fatal Python error" in ln), last)
            results[0].details["note"] = (
                f"The GUI benchmark process exited with status {done.returncode} after "
                f"reporting its results: {fatal.strip()}"
            )
    return results


_RESULT_PREFIX = "BENCH-RESULT "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gui_stall")
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--turns", type=int, default=3)
    args = parser.parse_args(argv)
    results = run(args.model, turns=args.turns)
    print(_RESULT_PREFIX + json.dumps([m.to_dict() for m in results], default=str), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
