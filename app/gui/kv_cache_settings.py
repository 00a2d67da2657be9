"""The model cache settings: KV-cache snapshots' disk use, size cap, Clear.

`KvCacheSettingsGroup` is a self-contained group box (meant to sit in a
general Settings dialog); `show_kv_cache_dialog` shows it alone in a small
dialog for the Settings ▸ Model cache… menu action and saves the cap.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bimedix.engine.kv_cache import SnapshotStore
from bimedix.models.opening import kv_cache_dir

MB = 1024 * 1024
MAX_CAP_MB = 1024 * 1024  # 1 TiB, the settings rule's bound


def format_size(size: int) -> str:
    if size >= 1024 * MB:
        return f"{size / (1024 * MB):.2f} GB"
    return f"{size / MB:.1f} MB"


class KvCacheSettingsGroup(QGroupBox):
    """Space the snapshots use, the cap (0: no snapshots) and Clear."""

    cap_changed = Signal(int)  # bytes

    def __init__(self, directory: Path, cap_bytes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kvCacheSettings")
        self._store = SnapshotStore(directory, cap_bytes)
        self.used_label = QLabel()
        self.cap_box = QSpinBox()
        self.cap_box.setRange(0, MAX_CAP_MB)
        self.cap_box.setSingleStep(256)
        self.cap_box.setValue(min(MAX_CAP_MB, cap_bytes // MB))
        self.cap_box.valueChanged.connect(lambda mb: self.cap_changed.emit(mb * MB))
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self._cap_label = QLabel()
        self._used_title = QLabel()
        form = QFormLayout(self)
        form.addRow(self._used_title, self.used_label)
        form.addRow(self._cap_label, self.cap_box)
        form.addRow(self.clear_button)
        form.addRow(self.note)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Model cache"))
        self._used_title.setText(self.tr("In use:"))
        self._cap_label.setText(self.tr("Size limit:"))
        self.cap_box.setSuffix(self.tr(" MB"))
        self.cap_box.setSpecialValueText(self.tr("Off"))
        self.clear_button.setText(self.tr("Clear"))
        self.note.setText(
            self.tr(
                "Saved model states let a conversation continue, after a restart too, "
                "without re-reading it. The limit applies from the next model load."
            )
        )

    def cap_bytes(self) -> int:
        return self.cap_box.value() * MB

    def refresh(self) -> None:
        """Show the space used now (a directory listing: cheap)."""
        self.used_label.setText(format_size(self._store.used_bytes()))

    def clear(self) -> None:
        self._store.clear()
        self.refresh()

    def apply_cap(self) -> None:
        """Delete least recently used snapshots over the chosen cap now."""
        self._store.cap_bytes = self.cap_bytes()
        self._store.enforce_cap()
        self.refresh()


def show_kv_cache_dialog(window: Any) -> QDialog:
    """Settings ▸ Model cache…: the group box alone, window-modal; the cap is
    saved when the dialog closes. `window` is the main window (its settings
    and store)."""
    data_dir = Path(window.store.path).parent
    dialog = QDialog(window)
    dialog.setObjectName("kvCacheDialog")
    dialog.setWindowTitle(dialog.tr("Model cache"))
    group = KvCacheSettingsGroup(kv_cache_dir(data_dir), window.settings.kv_cache_bytes, dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(group)
    layout.addWidget(buttons)

    def save() -> None:
        if group.cap_bytes() != window.settings.kv_cache_bytes:
            window.settings.kv_cache_bytes = group.cap_bytes()
            window._save_settings()
            group.apply_cap()

    dialog.finished.connect(save)
    dialog.open()
    return dialog
