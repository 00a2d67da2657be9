"""The desktop entry point: data folder handling and --screenshot."""

from __future__ import annotations

import os

from PySide6.QtGui import QImage

from bimedix.gui.app import main, open_data


def test_damaged_database_is_set_aside_with_a_message(tmp_path):
    (tmp_path / "chats.db").write_bytes(os.urandom(10_000))
    store, settings, settings_path, warning = open_data(str(tmp_path))
    assert "moved to chats.damaged-" in warning
    assert store.list_sessions() == []
    assert settings_path.parent == tmp_path


def test_unwritable_data_folder_falls_back_to_a_temporary_one(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store, _settings, settings_path, warning = open_data(str(blocker / "data"))
    assert "Cannot write to the data folder" in warning and "will not be kept" in warning
    assert settings_path.parent != blocker / "data"
    store.create_session("still works", "consult", "en")


def test_screenshot_renders_the_window_with_the_embedded_model(qtbot, tmp_path):
    png = tmp_path / "shot.png"
    code = main(["--data-dir", str(tmp_path / "data"), "--lang", "en", "--screenshot", str(png)])
    assert code == 0
    image = QImage(str(png))
    assert image.width() >= 800 and image.height() >= 600


def test_kiosk_screenshot_starts_demo_mode_full_screen(qtbot, tmp_path):
    png = tmp_path / "kiosk.png"
    args = ["--data-dir", str(tmp_path / "data"), "--lang", "en", "--kiosk", "--screenshot"]
    assert main([*args, str(png)]) == 0
    image = QImage(str(png))
    assert image.width() >= 800 and image.height() >= 600
