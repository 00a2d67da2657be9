"""Settings ▸ Model cache…: the group box shows the snapshots' disk use,
clears them, and the dialog saves a changed cap (deleting what is over it)."""

from __future__ import annotations

import json
from pathlib import Path

from bimedix.engine.kv_cache import Snapshot, SnapshotKey, SnapshotStore
from bimedix.gui.kv_cache_settings import MB, KvCacheSettingsGroup, show_kv_cache_dialog

KEY = SnapshotKey("a" * 64, "chatml", 2048)


def fill(directory: Path, count: int, size: int) -> SnapshotStore:
    store = SnapshotStore(directory)
    for number in range(count):
        store.write(KEY, Snapshot((number, 1, 2), bytes(size)))
    return store


def test_group_shows_use_and_clears(qtbot, tmp_path: Path) -> None:
    store = fill(tmp_path, 3, 2 * MB)
    group = KvCacheSettingsGroup(tmp_path, 2048 * MB)
    qtbot.addWidget(group)
    assert group.used_label.text() == "6.0 MB"
    assert group.cap_bytes() == 2048 * MB
    group.clear_button.click()
    assert store.used_bytes() == 0
    assert group.used_label.text() == "0.0 MB"


def test_dialog_saves_a_new_cap_and_applies_it(window, qtbot, tmp_path: Path) -> None:
    directory = tmp_path / "kv-cache"
    store = fill(directory, 3, 2 * MB)
    window.menus.kv_cache_action.trigger()
    dialog = next(w for w in window.findChildren(object) if w.objectName() == "kvCacheDialog")
    group = dialog.findChild(KvCacheSettingsGroup)
    group.cap_box.setValue(5)  # MB: one 2 MB snapshot must go
    dialog.reject()
    qtbot.waitUntil(lambda: window.settings.kv_cache_bytes == 5 * MB)
    saved = json.loads((tmp_path / "settings.json").read_text())
    assert saved["kv_cache_bytes"] == 5 * MB
    assert store.used_bytes() <= 5 * MB
    assert len(list(directory.glob("*.kvs"))) == 2


def test_dialog_opens_without_blocking(window) -> None:
    dialog = show_kv_cache_dialog(window)
    assert dialog.isVisible()
    dialog.reject()
