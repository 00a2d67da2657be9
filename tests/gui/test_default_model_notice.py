"""The desktop app on its default model: when the parts are missing it loads
SmolLM2 through the real worker and says why, above the chat."""

from __future__ import annotations

from pathlib import Path

import pytest

from bimedix.core.settings import Settings
from bimedix.core.store import ChatStore
from bimedix.gui.main_window import MainWindow
from bimedix.models import default_model
from bimedix.models.default_model import PartSpec, SplitModel


def test_missing_parts_load_smollm2_with_a_visible_notice(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    part = PartSpec("no_such_part_pkg", "p.bin", 10)
    missing = SplitModel("absent.gguf", 10, "0" * 64, (part,), "pip install them")
    monkeypatch.setattr(default_model, "QWEN_SPLIT", missing)
    monkeypatch.delenv("BIMEDIX_DEFAULT_MODEL")
    store = ChatStore(tmp_path / "chats.db")
    # The real factory (llama.cpp on the worker thread), as `make run` starts it.
    window = MainWindow(store, Settings(), tmp_path / "settings.json", "qwen-coder-1.5b")
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.model_info is not None, timeout=120000)
        assert window.model_info.display_name == "SmolLM2-135M-Instruct Q4_1"
        assert window.notice.isVisibleTo(window)
        assert "not installed (no_such_part_pkg)" in window.notice.text()
        assert "SmolLM2" in window.notice.text()
    finally:
        window.close()
