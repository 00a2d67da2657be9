"""Fixtures for GUI tests: a MainWindow on a real SQLite file with a
scripted backend, closed (and its worker thread joined) after each test."""

from __future__ import annotations

import pytest

from bimedix.core.settings import Settings
from bimedix.core.store import ChatStore
from bimedix.gui.main_window import MainWindow
from tests.gui.fake_backend import ScriptedBackend, factory_for


@pytest.fixture
def backend() -> ScriptedBackend:
    return ScriptedBackend()


@pytest.fixture
def make_window(qtbot, tmp_path):
    windows: list[MainWindow] = []

    def make(backend: ScriptedBackend, model_path: str = "/models/fake.gguf") -> MainWindow:
        store = ChatStore(tmp_path / "chats.db")
        window = MainWindow(
            store,
            Settings(),
            tmp_path / "settings.json",
            model_path,
            backend_factory=factory_for(backend),
        )
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(make_window, backend, qtbot) -> MainWindow:
    window = make_window(backend)
    qtbot.waitUntil(lambda: window.model_info is not None)
    return window
