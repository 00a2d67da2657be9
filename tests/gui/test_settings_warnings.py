"""Ignored settings are reported once in the status bar (issue 22), and the
model's "ready" message does not wipe the warning off before it is read."""

from __future__ import annotations


def test_settings_warning_shows_once_and_survives_model_ready(make_window, backend, qtbot):
    window = make_window(backend)
    warning = "settings.json: ignored n_ctx = -5 (must be a whole number from 256 to 131072)."
    window.show_settings_warnings([warning])
    qtbot.waitUntil(lambda: window.model_info is not None)
    assert window.statusBar().currentMessage() == warning


def test_no_warnings_leave_the_status_bar_alone(make_window, backend, qtbot):
    window = make_window(backend)
    window.show_settings_warnings([])
    qtbot.waitUntil(lambda: window.model_info is not None)
    assert window.statusBar().currentMessage() in ("", "Model ready")
