"""File ▸ Export…: what to export (this chat or all), in which format, where."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from bimedix.core.export import COMBINED_FORMATS, EXTENSIONS, ExportFilter, safe_filename
from bimedix.core.export_document import DOCUMENT_FORMATS


class ExportDialog(QDialog):
    """Collects the scope, format and destination of an export."""

    def __init__(
        self,
        session_title: str | None,
        session_id: int | None,
        parent: QWidget,
        selected_ids: list[int] | None = None,
    ):
        super().__init__(parent)
        self.selected_ids = selected_ids or []
        self.setWindowTitle(self.tr("Export chats"))
        self._session_title = session_title or "chat"
        self._session_id = session_id or 0
        self.current_button = QRadioButton(self.tr("This chat"))
        self.selected_button = QRadioButton(self.tr("Selected chats (%d)") % len(self.selected_ids))
        self.selected_button.setVisible(len(self.selected_ids) > 1)
        self.all_button = QRadioButton(self.tr("All chats"))
        self.current_button.setEnabled(session_id is not None)
        (self.current_button if session_id is not None else self.all_button).setChecked(True)
        self.format_box = QComboBox()
        names = {
            "json": self.tr("JSON archive (complete, can be imported)"),
            "jsonl": self.tr("JSONL chat messages (for training)"),
            "sharegpt": self.tr("JSONL, ShareGPT style"),
            "md": self.tr("Markdown"),
            "html": self.tr("HTML page"),
            "csv": self.tr("CSV spreadsheet"),
            "pdf": self.tr("PDF document"),
            "txt": self.tr("Plain text, visual order (old viewers only)"),
            "sft": self.tr("Reviewed replies for fine-tuning (JSONL)"),
            "preference": self.tr("Preference pairs for DPO (JSONL)"),
        }
        for key, label in names.items():
            self.format_box.addItem(label, key)
        # Several chats in a reading format: one document (a file name) or a
        # zip with one file per chat; the destination's name decides.
        self.one_document = QCheckBox(self.tr("One document (contents, each chat on a new page)"))
        self.one_document.setChecked(True)
        self.destination = QLineEdit()
        # A file path reads left to right whatever the interface language.
        self.destination.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._on_browse)
        row = QHBoxLayout()
        row.addWidget(self.destination, 1)
        row.addWidget(browse)
        form = QFormLayout()
        scope = QVBoxLayout()
        scope.addWidget(self.current_button)
        scope.addWidget(self.selected_button)
        scope.addWidget(self.all_button)
        form.addRow(self.tr("Export:"), scope)
        # Filters narrow "All chats" (the CLI has the same, plus --model-file).
        self.mode_filter = QComboBox()
        self.mode_filter.addItem(self.tr("Any mode"), None)
        self.mode_filter.addItem(self.tr("Consultation"), "consult")
        self.mode_filter.addItem(self.tr("Multiple choice"), "mcq")
        self.mode_filter.addItem(self.tr("Open question"), "qa")
        self.since_check = QCheckBox(self.tr("Created from"))
        self.since_date = QDateEdit(QDate.currentDate().addMonths(-1))
        self.until_check = QCheckBox(self.tr("to"))
        self.until_date = QDateEdit(QDate.currentDate())
        for edit in (self.since_date, self.until_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        dates = QHBoxLayout()
        for widget in (self.since_check, self.since_date, self.until_check, self.until_date):
            dates.addWidget(widget)
        dates.addStretch(1)
        self._filters = [self.mode_filter, self.since_check, self.since_date,
                         self.until_check, self.until_date]  # fmt: skip
        form.addRow(self.tr("Mode:"), self.mode_filter)
        form.addRow(self.tr("Dates:"), dates)
        form.addRow(self.tr("Format:"), self.format_box)
        form.addRow("", self.one_document)
        form.addRow(self.tr("Save to:"), row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.format_box.currentIndexChanged.connect(self._suggest_destination)
        self.all_button.toggled.connect(self._suggest_destination)
        self.selected_button.toggled.connect(self._suggest_destination)
        self.one_document.toggled.connect(self._suggest_destination)
        self.all_button.toggled.connect(self._enable_filters)
        self._enable_filters()
        self._suggest_destination()

    def _enable_filters(self) -> None:
        for widget in self._filters:
            widget.setEnabled(self.all_button.isChecked())

    def selection(self, current: int | None) -> ExportFilter:
        """What to export, as the exporter takes it."""
        ids = self.chosen_ids(current)
        if ids is not None:
            return ExportFilter(session_ids=ids)
        return ExportFilter(
            mode=self.mode_filter.currentData(),
            since=self.since_date.date().toString("yyyy-MM-dd")
            if self.since_check.isChecked()
            else None,
            until=self.until_date.date().toString("yyyy-MM-dd")
            if self.until_check.isChecked()
            else None,
        )

    @property
    def export_all(self) -> bool:
        return self.all_button.isChecked()

    def chosen_ids(self, current: int | None) -> list[int] | None:
        """Session ids to export; None means all."""
        if self.all_button.isChecked() or current is None and not self.selected_button.isChecked():
            return None
        if self.selected_button.isChecked():
            return list(self.selected_ids)
        return [current] if current is not None else None

    @property
    def format(self) -> str:
        return str(self.format_box.currentData())

    @property
    def output_path(self) -> Path:
        return Path(self.destination.text()).expanduser()

    def _suggest_destination(self) -> None:
        folder = Path.home() / "Documents"
        folder = folder if folder.is_dir() else Path.home()
        extension = EXTENSIONS[self.format]
        several = self.export_all or self.selected_button.isChecked()
        self.one_document.setVisible(several and self.format in DOCUMENT_FORMATS)
        if several and self.format in DOCUMENT_FORMATS and self.one_document.isChecked():
            name = f"bimedix-chats.{extension}"
        elif several and self.format not in COMBINED_FORMATS:
            name = f"bimedix-export-{self.format}.zip"
        elif several:
            name = f"bimedix-chats.{extension}"
        else:
            name = safe_filename(self._session_title, self._session_id, extension)
        self.destination.setText(str(folder / name))

    def _on_browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save export as"), self.destination.text()
        )
        if path:
            self.destination.setText(path)

    def _on_accept(self) -> None:
        if self.destination.text().strip():
            self.accept()
