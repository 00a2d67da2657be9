"""The Model manager dialog on real files: details read off the GUI thread,
adding good and broken GGUFs, per-model settings reaching the chat, a
download with progress from a local hub, Cancel, and choosing a local or a
remote model from the main window."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from bimedix.gui.model_manager import ModelManagerDialog
from bimedix.models.catalog import embedded_model_path
from bimedix.models.library import (
    ModelLibrary,
    ModelSettings,
    add_local_model,
    load_api_key,
    models_dir,
)
from tests.fake_hub import FILE, REPO, start_fake_hub

EMBEDDED = embedded_model_path()


@pytest.fixture
def dialog(qtbot, tmp_path: Path) -> ModelManagerDialog:
    manager = ModelManagerDialog(tmp_path, 2048)
    qtbot.addWidget(manager)
    yield manager
    manager.close()


def select(dialog: ModelManagerDialog, name: str) -> None:
    for row in range(dialog.table.rowCount()):
        if dialog._rows[row].name == name:
            dialog.table.setCurrentCell(row, 0)
            return
    raise AssertionError(f"{name} is not listed")


def test_lists_the_catalog_and_shows_details_read_in_the_background(qtbot, dialog) -> None:
    names = [row.name for row in dialog._rows]
    assert names[:3] == ["qwen-coder-1.5b", "smollm2", "gemma3"] and "bimedix-bi" in names
    select(dialog, "smollm2")
    qtbot.waitUntil(lambda: "Architecture" in dialog.details.text(), timeout=10000)
    # The quality card: nothing measured yet in this fresh data folder.
    assert "Quality card" in dialog.details.text()
    assert "mini EN not evaluated · AR not evaluated · speed not measured" in dialog.details.text()
    text = dialog.details.text()
    assert "llama" in text and "134.5 M" in text and "Q4_1" in text and "2048 tokens" in text
    select(dialog, "bimedix-bi")
    assert "Hugging Face format only" in dialog.details.text()
    assert not dialog.get_button.isHidden() and dialog.get_button.text() == "Build GGUF"
    assert not dialog.use_button.isEnabled()


def test_adding_files_validates_them_off_the_gui_thread(qtbot, dialog, tmp_path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(EMBEDDED.read_bytes()[:4096])
    dialog.add_files([str(broken)])
    qtbot.waitUntil(lambda: not dialog._tasks, timeout=10000)
    assert "truncated or damaged" in dialog.message.text()
    assert ModelLibrary(tmp_path).entries() == []

    good = tmp_path / "good.gguf"
    shutil.copy(EMBEDDED, good)
    dialog.add_files([str(good)])
    qtbot.waitUntil(lambda: not dialog._tasks, timeout=10000)
    assert dialog.selected_name() == "good" and dialog.remove_button.isEnabled()
    assert [e.name for e in ModelLibrary(tmp_path).entries()] == ["good"]
    dialog._on_remove()
    assert ModelLibrary(tmp_path).entries() == [] and good.exists()


def test_settings_of_a_bundled_model_are_saved_and_used_by_the_chat(
    qtbot, dialog, tmp_path, make_window, backend
) -> None:
    select(dialog, "smollm2")
    dialog.ctx_spin.setValue(1024)
    dialog.temperature_spin.setValue(0.2)
    dialog.top_k_spin.setValue(12)
    dialog.seed_spin.setValue(77)
    dialog.save_settings_button.click()
    saved = ModelLibrary(tmp_path).settings_for("smollm2")
    assert (saved.n_ctx, saved.temperature, saved.top_k, saved.seed) == (1024, 0.2, 12, 77)
    assert saved.n_threads is None  # "app default" stays unset

    window = make_window(backend, str(EMBEDDED))
    qtbot.waitUntil(lambda: window.model_info is not None)
    params = window._params()
    assert (params.temperature, params.top_k, params.seed) == (0.2, 12, 77)
    assert backend.n_ctx_seen[-1] == 1024


def test_download_shows_progress_and_registers_the_model(
    qtbot, dialog, tmp_path, monkeypatch
) -> None:
    hub, server = start_fake_hub(EMBEDDED.read_bytes())
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    monkeypatch.setattr(
        "bimedix.models.catalog.find_catalog_entry",
        lambda key: type("Known", (), {"repo_id": REPO, "filename": FILE, "revision": "main",
                                       "key": key, "sha256": None})(),
    )  # fmt: skip
    try:
        dialog.start_get("mixtral-8x7b-instruct-q4_k_m")
        assert not dialog.cancel_button.isHidden() and not dialog.get_button.isEnabled()
        # (a task's `finished` may fire before a test could connect to it)
        qtbot.waitUntil(lambda: not dialog._tasks, timeout=30000)
    finally:
        server.shutdown()
        server.server_close()
    assert "is ready" in dialog.message.text(), dialog.message.text()
    assert dialog.progress.isHidden()
    (entry,) = ModelLibrary(tmp_path).entries()
    assert entry.catalog_key == "mixtral-8x7b-instruct-q4_k_m" and entry.sha256 == hub.sha256
    row = next(r for r in dialog._rows if r.name == "mixtral-8x7b-instruct-q4_k_m")
    assert row.installed and (models_dir(tmp_path) / FILE).is_file()


def test_choosing_models_loads_them_on_the_worker(qtbot, make_window, backend, tmp_path) -> None:
    window = make_window(backend)
    qtbot.waitUntil(lambda: window.model_info is not None)
    add_local_model(tmp_path, EMBEDDED, "mine")
    ModelLibrary(tmp_path).set_settings("mine", ModelSettings(n_ctx=512))
    manager = window.open_model_manager()
    qtbot.addWidget(manager)
    select(manager, "mine")
    # Not qtbot.waitSignal on the worker's signal: pytest-qt would stop its
    # timer from the worker thread, and Qt warns about that.
    loads: list[object] = []
    window.worker.model_loaded.connect(loads.append)  # called on the worker thread
    manager.use_button.click()
    qtbot.waitUntil(lambda: len(loads) == 1, timeout=10000)
    assert window.settings.model_path == "mine"
    assert backend.n_ctx_seen[-1] == 512
    saved = json.loads((tmp_path / "settings.json").read_text())
    assert saved["model_path"] == "mine"

    manager = window.open_model_manager()
    qtbot.addWidget(manager)
    manager.remote_url.setText("http://127.0.0.1:9/v1")
    manager.remote_model.setText("bimedix")
    manager.remote_key.setText("sekret")
    manager.connect_button.click()
    qtbot.waitUntil(lambda: len(loads) == 2, timeout=10000)
    assert manager.result() == QDialog.DialogCode.Accepted
    assert window.settings.model_path == "openai:http://127.0.0.1:9/v1#bimedix"
    assert load_api_key(tmp_path) == "sekret"
    assert stat.S_IMODE((tmp_path / "remote_api_key").stat().st_mode) == 0o600


def test_the_real_factory_routes_remote_specs_to_the_openai_backend(tmp_path) -> None:
    import socket

    from bimedix.engine.openai_backend import RemoteBackendError
    from bimedix.gui.worker import llama_backend_factory

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    create = llama_backend_factory(models_dir(tmp_path), str(tmp_path / "chats.db"))
    with pytest.raises(RemoteBackendError, match=f"127.0.0.1:{port}"):
        create(f"openai:http://127.0.0.1:{port}/v1#m", 2048, {})


def test_any_hub_file_can_be_downloaded(qtbot, dialog, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    hub, server = start_fake_hub(EMBEDDED.read_bytes())
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    answers = iter([(REPO, True), (FILE, True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: next(answers))
    try:
        dialog.hub_button.click()
        qtbot.waitUntil(lambda: not dialog._tasks, timeout=30000)
    finally:
        server.shutdown()
        server.server_close()
    (entry,) = ModelLibrary(tmp_path).entries()
    assert (entry.repo_id, entry.filename, entry.sha256) == (REPO, FILE, hub.sha256)
    assert dialog.selected_name() == entry.name


def test_library_and_remote_models_are_remembered_across_restarts(tmp_path, monkeypatch) -> None:
    from bimedix.core.settings import Settings
    from bimedix.gui.app import default_model

    add_local_model(tmp_path, EMBEDDED, "mine")
    assert default_model(Settings(model_path="mine"), tmp_path) == "mine"
    remote = "openai:http://10.0.0.5:8000/v1#bimedix"
    assert default_model(Settings(model_path=remote), tmp_path) == remote
    # A library model whose file is gone falls back to the embedded model.
    ModelLibrary(tmp_path).remove("mine")
    assert default_model(Settings(model_path="mine"), tmp_path) == str(EMBEDDED)
    assert default_model(Settings(model_path="bimedix-bi"), tmp_path) == str(EMBEDDED)
    # Outside the test suite (which pins SmolLM2) the default is Qwen2.5-Coder.
    monkeypatch.delenv("BIMEDIX_DEFAULT_MODEL")
    assert default_model(Settings(model_path=""), tmp_path) == "qwen-coder-1.5b"


def test_reading_details_during_a_download_keeps_its_progress_and_cancel(
    qtbot, dialog, tmp_path, monkeypatch
) -> None:
    hub, server = start_fake_hub(EMBEDDED.read_bytes())
    hub.bytes_per_s = 5_000_000
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    try:
        dialog.start_get(None, hub_file=(REPO, FILE))
        select(dialog, "gemma3")  # its details are read on another task meanwhile
        qtbot.waitUntil(lambda: len(dialog._tasks) == 1, timeout=10000)
        assert not dialog.progress.isHidden() and not dialog.cancel_button.isHidden()
        qtbot.waitUntil(lambda: dialog.progress.value() > 0, timeout=10000)
        dialog.cancel_button.click()
        qtbot.waitUntil(lambda: not dialog._tasks, timeout=30000)
    finally:
        server.shutdown()
        server.server_close()
    assert "stopped" in dialog.message.text() and dialog.progress.isHidden()
    assert ModelLibrary(tmp_path).entries() == []
    assert list(models_dir(tmp_path).glob(".*.part")), "kept for resuming"
