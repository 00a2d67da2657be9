"""The GUI's Replay dialog on the real embedded model: it runs off the GUI
thread with progress, writes the report and opens it; the Model menu
reaches it and the compare view."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtGui import QDesktopServices

from bimedix.core.settings import Settings
from bimedix.core.store import ChatStore
from bimedix.gui.replay_dialog import ReplayDialog


def test_replay_runs_in_the_background_and_opens_its_report(qtbot, tmp_path, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"prompt": "Hello", "expected": "zzz"}) + "\n", "utf-8")
    store = ChatStore(tmp_path / "chats.db")
    dialog = ReplayDialog(store.path, Settings())
    qtbot.addWidget(dialog)
    dialog.file_edit.setText(str(questions))
    dialog.models_edit.setText("smollm2")
    dialog.max_tokens.setValue(4)
    assert dialog.start()
    assert not dialog.start()  # one at a time
    qtbot.waitUntil(lambda: dialog.task is None, timeout=300_000)
    assert dialog.progress.value() == dialog.progress.maximum() == 1
    assert opened == [dialog.report_path] and Path(dialog.report_path).is_file()
    page = Path(dialog.report_path).read_text(encoding="utf-8")
    assert "✘ incorrect" in page and "smollm2" in page
    assert len(store.list_sessions()) == 1


def test_an_unknown_model_is_reported_in_the_dialog(qtbot, tmp_path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"prompt": "Hello"}\n', "utf-8")
    dialog = ReplayDialog(str(tmp_path / "chats.db"), Settings())
    qtbot.addWidget(dialog)
    dialog.file_edit.setText(str(questions))
    dialog.models_edit.setText("gpt-9")
    assert dialog.start()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60_000)
    assert "Unknown model gpt-9" in dialog.status.text() and "smollm2" in dialog.status.text()
    assert not dialog.open_button.isEnabled()


def test_the_model_menu_opens_compare_and_replay(window) -> None:
    window.menus.compare_action.trigger()
    window.menus.replay_action.trigger()
    assert window.compare_window.isVisible() and window.replay_dialog.isVisible()
    window.compare_window.close()
    window.replay_dialog.close()
