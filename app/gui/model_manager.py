"""The Model manager dialog: the catalog and the user's library, details of
the selected model, add / download / build / remove, the hub token, and
per-model settings.

Reading GGUF headers, downloads and builds run on `BackgroundTask` threads;
the dialog only shows their progress. Choosing a model emits
`model_chosen`; the main window loads it on the generation worker.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bimedix.engine.backend import CancelToken
from bimedix.engine.gguf_file import GGUFInfo, RamEstimate, estimate_ram, format_bytes, inspect_gguf
from bimedix.gui.error_text import localized
from bimedix.gui.model_transfers import ModelTransfers, _isolated
from bimedix.gui.tasks import BackgroundTask
from bimedix.models.downloads import load_token
from bimedix.models.library import (
    ModelLibrary,
    ModelRow,
    ModelSettings,
    add_local_model,
    list_models,
    load_api_key,
)


class ModelManagerDialog(ModelTransfers):
    """Browse, add, download and configure models."""

    model_chosen = Signal(str)  # a name or path `resolve_model` accepts

    def __init__(self, data_dir: Path, n_ctx: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self._n_ctx = n_ctx
        self._rows: list[ModelRow] = []
        self._details: dict[str, tuple[GGUFInfo, RamEstimate] | str] = {}
        self._tasks: list[BackgroundTask] = []
        self._cancel: CancelToken | None = None
        self.setAcceptDrops(True)
        self.resize(1000, 660)
        self._build()
        self.retranslate_ui()
        self.refresh()

    # --- construction -----------------------------------------------------
    def _build(self) -> None:
        self.table = QTableWidget(0, 4)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.table.itemDoubleClicked.connect(lambda _item: self._on_use())

        self.details = QLabel()
        self.details.setObjectName("modelDetails")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.settings_box = QGroupBox()
        form = QFormLayout(self.settings_box)
        self.ctx_spin = _spin(0, 131072, 256)
        self.threads_spin = _spin(0, 256)
        self.gpu_spin = _spin(0, 999)
        self.temperature_spin = _double(0.0, 2.0, 0.05)
        self.top_p_spin = _double(0.0, 1.0, 0.05)
        self.top_k_spin = _spin(0, 500)
        self.min_p_spin = _double(0.0, 1.0, 0.01)
        self.repeat_spin = _double(0.0, 2.0, 0.05)
        self.max_tokens_spin = _spin(0, 32768, 64)
        self.seed_spin = _spin(-1, 2**31 - 1)
        self._setting_labels = [QLabel() for _ in range(10)]
        spins = [self.ctx_spin, self.threads_spin, self.gpu_spin, self.temperature_spin,
                 self.top_p_spin, self.top_k_spin, self.min_p_spin, self.repeat_spin,
                 self.max_tokens_spin, self.seed_spin]  # fmt: skip
        for label, spin in zip(self._setting_labels, spins, strict=True):
            form.addRow(label, spin)
        self.save_settings_button = QPushButton()
        self.save_settings_button.clicked.connect(self._on_save_settings)
        form.addRow(self.save_settings_button)

        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.addWidget(self.details, 1)
        right_column.addWidget(self.settings_box)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setSizes([560, 440])

        self.use_button = QPushButton()
        self.use_button.clicked.connect(self._on_use)
        self.get_button = QPushButton()
        self.get_button.clicked.connect(self._on_get)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self._on_add_file)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self._on_remove)
        self.hub_button = QPushButton()
        self.hub_button.clicked.connect(self._on_hub_file)
        buttons = QHBoxLayout()
        for button in (self.use_button, self.get_button, self.add_button, self.hub_button,
                       self.remove_button):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.progress = QProgressBar()
        self.progress.hide()
        self.progress_label = QLabel()
        self.progress_label.hide()
        self.cancel_button = QPushButton()
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self._on_cancel)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)

        self.token_label = QLabel()
        self.token_edit = QLineEdit(load_token(self.data_dir) or "")
        self.token_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.token_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.token_button = QPushButton()
        self.token_button.clicked.connect(self._on_save_token)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token_label)
        token_row.addWidget(self.token_edit, 1)
        token_row.addWidget(self.token_button)

        self.remote_box = QGroupBox()
        remote_row = QHBoxLayout(self.remote_box)
        self.remote_url = QLineEdit()
        self.remote_url.setPlaceholderText("http://127.0.0.1:8000/v1")
        self.remote_model = QLineEdit()
        self.remote_key = QLineEdit(load_api_key(self.data_dir) or "")
        self.remote_key.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.remote_url, self.remote_model, self.remote_key):
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.remote_url_label, self.remote_model_label, self.remote_key_label = (
            QLabel(),
            QLabel(),
            QLabel(),
        )
        self.connect_button = QPushButton()
        self.connect_button.clicked.connect(self._on_connect)
        remote_row.addWidget(self.remote_url_label)
        remote_row.addWidget(self.remote_url, 3)
        remote_row.addWidget(self.remote_model_label)
        remote_row.addWidget(self.remote_model, 2)
        remote_row.addWidget(self.remote_key_label)
        remote_row.addWidget(self.remote_key, 2)
        remote_row.addWidget(self.connect_button)

        self.message = QLabel()
        self.message.setObjectName("notice")
        self.message.setWordWrap(True)
        self.message.hide()

        column = QVBoxLayout(self)
        column.addWidget(splitter, 1)
        column.addLayout(buttons)
        column.addLayout(progress_row)
        column.addWidget(self.progress_label)
        column.addWidget(self.message)
        column.addLayout(token_row)
        column.addWidget(self.remote_box)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Model manager"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Model"), self.tr("Status"), self.tr("Size"), self.tr("Languages")]
        )
        self.settings_box.setTitle(self.tr("Settings for this model"))
        names = [
            self.tr("Context size (tokens)"), self.tr("CPU threads"), self.tr("GPU layers"),
            self.tr("Temperature"), self.tr("Top-p"), self.tr("Top-k"), self.tr("Min-p"),
            self.tr("Repeat penalty"), self.tr("Max reply tokens"),
            self.tr("Seed"),
        ]  # fmt: skip
        for label, name in zip(self._setting_labels, names, strict=True):
            label.setText(name)
        # The lowest value of each box means "not set for this model".
        for spin in (self.ctx_spin, self.threads_spin, self.max_tokens_spin):
            spin.setSpecialValueText(self.tr("app default"))
        self.seed_spin.setSpecialValueText(self.tr("random"))
        self.save_settings_button.setText(self.tr("Save settings"))
        self.use_button.setText(self.tr("Use this model"))
        self.add_button.setText(self.tr("Add GGUF file…"))
        self.remove_button.setText(self.tr("Remove from library"))
        self.hub_button.setText(self.tr("Download from the hub…"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.token_label.setText(self.tr("Hugging Face token (gated models):"))
        self.token_button.setText(self.tr("Save token"))
        self.add_button.setToolTip(self.tr("You can also drop .gguf files on this window."))
        self.remote_box.setTitle(self.tr("Or use a model on a server (OpenAI-compatible API)"))
        self.remote_url_label.setText(self.tr("Address:"))
        self.remote_model_label.setText(self.tr("Model:"))
        self.remote_model.setPlaceholderText(self.tr("the server's first model"))
        self.remote_key_label.setText(self.tr("API key:"))
        self.connect_button.setText(self.tr("Connect"))
        self._update_buttons()

    # --- data -------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        current = select or self.selected_name()
        self._rows = list_models(self.data_dir)
        self.table.setRowCount(len(self._rows))
        for index, row in enumerate(self._rows):
            name = QTableWidgetItem(row.display_name)
            name.setData(Qt.ItemDataRole.UserRole, row.name)
            name.setToolTip(row.note)
            self.table.setItem(index, 0, name)
            self.table.setItem(index, 1, QTableWidgetItem(self._status_text(row)))
            # Sizes and language codes are Latin runs: isolate them so a
            # right-to-left table does not print "MB 98.4".
            size = _isolated(format_bytes(row.size_bytes)) if row.size_bytes else ""
            self.table.setItem(index, 2, QTableWidgetItem(size))
            self.table.setItem(index, 3, QTableWidgetItem(_isolated(" ".join(row.languages))))
            if row.name == current:
                self.table.setCurrentCell(index, 0)
        if self.table.currentRow() < 0 and self._rows:
            self.table.setCurrentCell(0, 0)
        self._update_buttons()

    def _status_text(self, row: ModelRow) -> str:
        if row.in_library:
            return self.tr("In library") if row.installed else self.tr("File missing")
        if row.installed:
            return self.tr("Installed")
        return self.tr("Build GGUF") if row.kind == "build" else self.tr("Download")

    def selected_row(self) -> ModelRow | None:
        index = self.table.currentRow()
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def selected_name(self) -> str | None:
        row = self.selected_row()
        return row.name if row else None

    def _update_buttons(self) -> None:
        row = self.selected_row()
        busy = self._cancel is not None
        self.use_button.setEnabled(bool(row and row.installed))
        self.get_button.setVisible(bool(row and not row.installed and not row.in_library))
        self.get_button.setText(
            self.tr("Build GGUF") if row and row.kind == "build" else self.tr("Download")
        )
        self.get_button.setEnabled(not busy)
        self.hub_button.setEnabled(not busy)
        self.remove_button.setEnabled(bool(row and row.in_library) and not busy)
        self.settings_box.setEnabled(bool(row and row.installed))

    # --- details ----------------------------------------------------------
    def _on_selection(self) -> None:
        self._update_buttons()
        row = self.selected_row()
        if row is None:
            return
        self._load_settings(row)
        if not row.installed or not row.path or not Path(row.path).is_file():
            self._show_catalog_details(row)  # the default model before its first use, too
            return
        cached = self._details.get(row.path)
        if cached is not None:
            self._show_details(row, cached)
            return
        self.details.setText(self.tr("Reading %s…") % Path(row.path).name)
        path, n_ctx = row.path, self._n_ctx
        data_dir = self.data_dir

        def work(_progress: Callable[[int, int], None]) -> tuple[GGUFInfo, RamEstimate, Any]:
            from bimedix.eval.quality import quality_cards

            info = inspect_gguf(path)
            ram = estimate_ram(info, n_ctx)
            name = Path(path).name
            return info, ram, quality_cards(data_dir, {name: ram.total_bytes})[name]

        def done(result: tuple[GGUFInfo, RamEstimate, Any]) -> None:
            self._details[path] = result
            if self.selected_row() is not None and self.selected_row().path == path:  # type: ignore[union-attr]
                self._show_details(row, result)

        def failed(message: str) -> None:
            self._details[path] = message
            self._show_details(row, message)

        self._start(work, done, failed)

    def _show_catalog_details(self, row: ModelRow) -> None:
        lines = [
            f"<b>{_escape(row.display_name)}</b>",
            self.tr("Licence: %s") % _escape(row.licence),
            self.tr("Size: %s, quantisation %s") % (format_bytes(row.size_bytes), row.quantization),
            _escape(row.note),
        ]
        if row.kind == "build":
            lines.append(
                self.tr(
                    "Published in Hugging Face format only: Build GGUF downloads it, "
                    "converts and quantises it (needs the training tools)."
                )
            )
        self.details.setText("<br>".join(lines))

    def _show_details(
        self, row: ModelRow, result: tuple[GGUFInfo, RamEstimate, Any] | str
    ) -> None:
        if isinstance(result, str):
            self.details.setText(f"<b>{_escape(row.display_name)}</b><br>{_escape(result)}")
            return
        info, ram, card = result
        if info.expert_count:
            experts = self.tr("%d (%d used per token)") % (
                info.expert_count,
                info.expert_used_count or 0,
            )
        else:
            experts = self.tr("none (dense model)")
        facts = [
            (self.tr("Architecture"), info.architecture),
            (self.tr("Parameters"), f"{info.parameter_count / 1e6:,.1f} M"),
            (self.tr("Quantisation"), info.quantization),
            (self.tr("Context length"), str(info.context_length or "?")),
            (self.tr("Experts"), experts),
            (self.tr("Chat template"), self.tr("yes") if info.has_chat_template else self.tr("no")),
            (self.tr("File size"), format_bytes(info.file_size)),
            (
                self.tr("RAM needed"),
                self.tr("about %s at %d tokens of context")
                % (format_bytes(ram.total_bytes), ram.n_ctx),  # fmt: skip
            ),
            (
                self.tr("RAM available"),
                format_bytes(ram.available_bytes) if ram.available_bytes else "?",
            ),
        ]
        # Both columns start on the reading side, whatever each value's own
        # direction (a Latin size inside an Arabic table).
        side = "right" if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else "left"
        rows = "".join(
            f"<tr><td align='{side}'><b>{_escape(k)}</b>&nbsp;&nbsp;</td>"
            f"<td align='{side}'>\u2068{_escape(v)}\u2069</td></tr>"
            for k, v in facts
        )
        text = f"<b>{_escape(row.display_name)}</b><table>{rows}</table>"
        if ram.fits is False:
            text += "<p style='color:#b00020'>" + self.tr(
                "Warning: this model needs more memory than is available now. It will be very "
                "slow or fail to load; choose a smaller quantisation or context."
            ) + "</p>"  # fmt: skip
        if card is not None:  # measured on this machine: mini benchmark, speed, RAM
            text += "<p><b>" + self.tr("Quality card") + "</b><br>\u2068"
            text += _escape(card.summary()) + "\u2069</p>"
        text += f"<p><small>\u2068{_escape(str(info.path))}\u2069</small></p>"
        self.details.setText(text)

    # --- settings ---------------------------------------------------------
    def _load_settings(self, row: ModelRow) -> None:
        s = ModelLibrary(self.data_dir).settings_for(row.name) if row.installed else ModelSettings()
        self.ctx_spin.setValue(s.n_ctx or 0)
        self.threads_spin.setValue(s.n_threads or 0)
        self.gpu_spin.setValue(s.n_gpu_layers)
        self.temperature_spin.setValue(s.temperature if s.temperature is not None else 0.7)
        self.top_p_spin.setValue(s.top_p if s.top_p is not None else 0.95)
        self.top_k_spin.setValue(s.top_k if s.top_k is not None else 40)
        self.min_p_spin.setValue(s.min_p if s.min_p is not None else 0.05)
        self.repeat_spin.setValue(s.repeat_penalty if s.repeat_penalty is not None else 1.1)
        self.max_tokens_spin.setValue(s.max_tokens or 0)
        self.seed_spin.setValue(s.seed if s.seed is not None else -1)

    def current_settings(self) -> ModelSettings:
        return ModelSettings(
            n_ctx=self.ctx_spin.value() or None,
            n_threads=self.threads_spin.value() or None,
            n_gpu_layers=self.gpu_spin.value(),
            temperature=self.temperature_spin.value(),
            top_p=self.top_p_spin.value(),
            top_k=self.top_k_spin.value(),
            min_p=self.min_p_spin.value(),
            repeat_penalty=self.repeat_spin.value(),
            max_tokens=self.max_tokens_spin.value() or None,
            seed=None if self.seed_spin.value() < 0 else self.seed_spin.value(),
        )

    def _on_save_settings(self) -> None:
        row = self.selected_row()
        if row is None or not row.installed:
            return
        ModelLibrary(self.data_dir).save_settings_for(row.name, self.current_settings())
        self.show_message(self.tr("Settings saved for %s.") % row.name, error=False)

    # --- actions ----------------------------------------------------------
    def _on_use(self) -> None:
        row = self.selected_row()
        if row is not None and row.installed:
            self.model_chosen.emit(row.name)
            self.accept()

    def _on_add_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Add GGUF file"), "", self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path:
            self.add_files([path])

    def add_files(self, paths: list[str]) -> BackgroundTask | None:
        """Validate and register GGUF files (off the GUI thread)."""
        if not paths:
            return None
        data_dir = self.data_dir

        def work(_progress: Callable[[int, int], None]) -> str:
            names = [add_local_model(data_dir, Path(p)).name for p in paths]
            return names[-1]

        def done(name: str) -> None:
            self.refresh(select=name)
            self.show_message(self.tr("Added %s to the library.") % name, error=False)

        return self._start(work, done, self.show_message)

    def _on_remove(self) -> None:
        row = self.selected_row()
        if row is None or not row.in_library:
            return
        ModelLibrary(self.data_dir).remove(row.name)
        self.refresh()
        self.show_message(self.tr("Removed %s from the library.") % row.name, error=False)

    def _start(
        self,
        work: Any,
        done: Callable[[Any], None],
        failed: Callable[[str], None],
        on_finished: Callable[[], None] | None = None,
    ) -> BackgroundTask:
        task = BackgroundTask(work, self)
        self._tasks.append(task)
        task.succeeded.connect(done)
        task.failed.connect(failed)

        def finished() -> None:
            self._tasks.remove(task)
            task.deleteLater()
            if on_finished is not None:
                on_finished()
            self._update_buttons()

        task.finished.connect(finished)
        task.start()
        self._update_buttons()
        return task

    def show_message(self, text: str, error: bool = True) -> None:
        self.message.setProperty("kind", "error" if error else "info")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(localized(text))
        self.message.show()

    def wait_for_tasks(self) -> None:
        for task in list(self._tasks):
            task.wait()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if any(u.toLocalFile().lower().endswith(".gguf") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.toLocalFile()]
        self.add_files([p for p in paths if p.lower().endswith(".gguf")])

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        self._on_cancel()
        self.wait_for_tasks()
        super().closeEvent(event)


def _spin(low: int, high: int, step: int = 1) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    return spin


def _double(low: float, high: float, step: float) -> QDoubleSpinBox:
    spin = QDoubleSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setDecimals(2)
    return spin


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
