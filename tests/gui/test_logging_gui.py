"""The GUI side of logging: Qt's messages, exceptions in slots and worker
threads, Help ▸ About, and quiet --screenshot output."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, Slot, qWarning

from bimedix.core.logs import install_exception_hooks, setup_logging
from bimedix.gui.qt_log import ErrorReporter


def test_qt_warnings_are_logged_except_the_plugin_noise(qapp, tmp_path, expect_log):
    path = setup_logging(tmp_path)
    expect_log("bimedix.gui.qt", "^QFont: a real warning$", logging.WARNING)
    qWarning("This plugin does not support propagateSizeHints()")
    qWarning("QFont: a real warning")
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert "QFont: a real warning" in text and "propagateSizeHints" not in text


class _Breaks(QObject):
    @Slot()
    def run(self) -> None:
        raise RuntimeError("slot broke on purpose")


def test_an_exception_in_a_worker_thread_slot_is_logged_and_shown(qtbot, tmp_path, expect_log):
    path = setup_logging(tmp_path)
    reporter = ErrorReporter()
    install_exception_hooks(reporter.show_exception)
    expect_log("bimedix.crash", "Unexpected error", logging.ERROR)
    thread = QThread()
    worker = _Breaks()
    worker.moveToThread(thread)
    thread.start()
    try:
        QMetaObject.invokeMethod(worker, "run", Qt.ConnectionType.QueuedConnection)
        # The report comes back to this (the GUI) thread as a queued signal.
        qtbot.waitUntil(lambda: bool(reporter.shown), timeout=5000)
    finally:
        thread.quit()
        thread.wait()
    assert reporter.shown == ["RuntimeError: slot broke on purpose"]
    assert path is not None
    text = path.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: slot broke on purpose" in text


def test_help_about_shows_the_log_file(make_window, backend, tmp_path):
    path = setup_logging(tmp_path / "data")
    window = make_window(backend)
    assert window.menus.help_menu.title() == "&Help"
    box = window.show_about()
    # Paths are isolated left-to-right runs (U+2066 … U+2069) for Arabic lines.
    assert f"Log file: \u2066{path}\u2069" in box.text()
    assert f"Data folder: \u2066{tmp_path}\u2069" in box.text()
    box.close()


def test_screenshot_prints_only_the_file_name(tmp_path: Path) -> None:
    png = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bimedix.gui.app", "--data-dir", str(tmp_path / "data"),
         "--lang", "en", "--screenshot", str(png)],
        capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{png}\n" and result.stderr == ""
    log_text = (tmp_path / "data" / "logs" / "bimedix.log").read_text(encoding="utf-8")
    assert "bimedix-desktop started" in log_text and "loaded SmolLM2" in log_text
    assert "propagateSizeHints" not in log_text


def test_a_background_task_bug_is_logged_and_reported(qtbot, tmp_path, expect_log):
    from bimedix.gui.tasks import BackgroundTask

    path = setup_logging(tmp_path)
    expect_log("bimedix.gui", "background task failed", logging.ERROR)

    def export(_progress):
        raise KeyError("no such column")

    failures: list[str] = []
    task = BackgroundTask(export)
    task.failed.connect(failures.append)
    task.start()
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    task.wait()
    assert failures == ["Unexpected error: KeyError: 'no such column'"]
    assert path is not None
    assert "KeyError: 'no such column'" in path.read_text(encoding="utf-8")
