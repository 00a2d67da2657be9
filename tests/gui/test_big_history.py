"""Ten thousand sessions and 200,000 messages: the window lists sessions,
opens any of them with a bounded number of widgets, and search answers."""

from __future__ import annotations

import pytest

from bench.big_history import MESSAGES_PER_SESSION, SESSIONS, build
from bimedix.core.recovery import open_store_safely
from bimedix.core.settings import Settings
from bimedix.gui.main_window import TRANSCRIPT_PAGE, MainWindow
from tests.gui.fake_backend import ScriptedBackend, factory_for


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    build(folder / "chats.db")
    return folder


def test_big_history_opens_lists_and_searches(qtbot, big_db):
    store, message = open_store_safely(big_db / "chats.db")
    assert message == ""
    window = MainWindow(
        store, Settings(), big_db / "settings.json", "m.gguf",
        backend_factory=factory_for(ScriptedBackend()),
    )  # fmt: skip
    qtbot.addWidget(window)
    try:
        assert window.session_list.count() > 0
        for session_id in (1, SESSIONS // 2, SESSIONS):
            window.open_session(session_id)
            assert len(window.transcript.bubbles()) == min(MESSAGES_PER_SESSION, TRANSCRIPT_PAGE)
        window.search_box.setText("فقر الدم")  # matches messages, diacritised or not
        assert 0 < window.session_list.count() <= 200
        assert store.search("ferritin")
        assert len(store.search("فَقْر")) == 50  # limited, ranked
    finally:
        window.close()
