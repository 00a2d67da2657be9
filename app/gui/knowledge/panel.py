"""KnowledgePanel: the user's documents - add, remove, progress, status.

Opened from File ▸ Knowledge. The table lists what `KnowledgeStore` holds
(read on the GUI thread: one small query); adding runs on an
`AddDocumentsTask` with a progress bar and Cancel; removing is one short
transaction. Chats use the documents when "Answer from my documents" is on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bimedix.core.knowledge.index import Document, KnowledgeStore
from bimedix.core.store import ChatStore
from bimedix.errors import UserFacingError
from bimedix.gui.knowledge.tasks import AddDocumentsTask

if TYPE_CHECKING:
    from bimedix.gui.main_window import MainWindow

FILE_FILTER = "*.pdf *.md *.markdown *.txt *.text *.html *.htm *.docx"


class KnowledgePanel(QDialog):
    """The documents of one chat database."""

    def __init__(self, db_path: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("knowledgePanel")
        self.resize(760, 460)
        self._db_path = db_path
        self._store = ChatStore(db_path)  # this (GUI) thread's connection
        self._knowledge = KnowledgeStore(self._store)
        self.task: AddDocumentsTask | None = None
        self._added = self._failed = 0

        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = QTableWidget(0, 5)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("knowledgeStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.cancel_button = QPushButton()
        self.cancel_button.hide()
        self.close_button = QPushButton()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.add_button.clicked.connect(self.choose_files)
        self.remove_button.clicked.connect(self.remove_selected)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.close)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.retranslate_ui()
        self.refresh()

    # --- text -------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Knowledge: your documents"))
        self.intro.setText(
            self.tr(
                "Add your guidelines and protocols (PDF, Word, Markdown, text, HTML; Arabic "
                "or English). With “Answer from my documents” on, a chat searches them "
                "and cites the passages it was given as [1], [2]…"
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("Document"), self.tr("Type"), self.tr("Pages"), self.tr("Passages"),
             self.tr("Updated")]
        )  # fmt: skip
        self.add_button.setText(self.tr("Add files…"))
        self.remove_button.setText(self.tr("Remove"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.close_button.setText(self.tr("Close"))
        if not self.status.text():
            self._show_totals()

    # --- list ---------------------------------------------------------------
    def documents(self) -> list[Document]:
        return self._knowledge.documents()

    def refresh(self) -> None:
        documents = self.documents()
        self.table.setRowCount(len(documents))
        for row, document in enumerate(documents):
            cells = [document.name, document.format.upper(), str(document.pages),
                     str(document.chunks), document.updated_at[:10]]  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, document.id)
                item.setToolTip(document.path)
                self.table.setItem(row, column, item)
        self._update_buttons()

    def _show_totals(self) -> None:
        documents = self.documents()
        self.status.setText(
            self.tr("%1 documents, %2 passages")
            .replace("%1", str(len(documents)))
            .replace("%2", str(sum(d.chunks for d in documents)))
        )

    def _update_buttons(self) -> None:
        busy = self.task is not None
        self.add_button.setEnabled(not busy)
        self.remove_button.setEnabled(not busy and bool(self.table.selectedItems()))
        self.cancel_button.setVisible(busy)
        self.progress.setVisible(busy)

    # --- add ----------------------------------------------------------------
    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add documents"), "", self.tr("Documents") + f" ({FILE_FILTER})"
        )
        if names:
            self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> None:
        """Index `paths` in the background; progress and outcome show here."""
        if self.task is not None or not paths:
            return
        self._added = self._failed = 0
        self._messages: list[str] = []
        task = self.task = AddDocumentsTask(self._db_path, paths, self)
        task.progressed.connect(self._on_progress)
        task.file_done.connect(self._on_file_done)
        task.file_failed.connect(self._on_file_failed)
        task.cancelled.connect(self._on_cancelled)
        task.finished.connect(self._on_finished)
        self._update_buttons()
        self.progress.setValue(0)
        task.start()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText(self.tr("Cancelling…"))

    def _on_progress(self, name: str, stage: str, done: float) -> None:
        stages = {
            "hashing": self.tr("checking"),
            "reading": self.tr("reading"),
            "indexing": self.tr("indexing"),
            "done": self.tr("done"),
        }
        self.progress.setValue(int(done * 100))
        self.status.setText(f"{name}: {stages.get(stage, stage)}")

    def _on_file_done(self, name: str, outcome: str) -> None:
        self._added += 1
        outcomes = {
            "added": self.tr("added"),
            "updated": self.tr("re-indexed (changed)"),
            "unchanged": self.tr("unchanged, kept"),
        }
        self._messages.append(f"{name}: {outcomes.get(outcome, outcome)}")
        self.refresh()

    def _on_file_failed(self, message: str) -> None:
        self._failed += 1
        self._messages.append(message)

    def _on_cancelled(self) -> None:
        self._messages.append(self.tr("Cancelled: the file being indexed was left as it was."))

    def _on_finished(self) -> None:
        self.task = None
        self.refresh()
        self._show_totals()
        if self._messages:
            self.status.setText(self.status.text() + " · " + " · ".join(self._messages[-4:]))
        self._update_buttons()

    # --- remove -------------------------------------------------------------
    def remove_selected(self) -> None:
        rows = {item.row() for item in self.table.selectedItems()}
        ids = {int(self.table.item(r, 0).data(Qt.ItemDataRole.UserRole)) for r in rows}
        try:
            for document_id in ids:
                self._knowledge.remove(str(document_id))
        except UserFacingError as exc:
            self.status.setText(str(exc))
            return
        self.refresh()
        self._show_totals()

    def closeEvent(self, event: object) -> None:  # noqa: N802 (Qt override)
        if self.task is not None:
            self.task.cancel()
            self.task.wait(5000)
        super().closeEvent(event)  # type: ignore[arg-type]


def open_knowledge_panel(window: MainWindow) -> KnowledgePanel:
    """File ▸ Knowledge: one panel per window, brought back when opened again."""
    panel = getattr(window, "knowledge_panel", None)
    if panel is None:
        panel = KnowledgePanel(window.store.path, window)
        window.knowledge_panel = panel  # type: ignore[attr-defined]
    panel.show()
    panel.activateWindow()
    return panel
