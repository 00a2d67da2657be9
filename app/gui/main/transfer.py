"""ChatTransfer: exporting and importing chats on background threads.

Each task opens its own `ChatStore` connection on its thread; a progress
dialog shows while it runs and the result comes back as a signal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QProgressDialog, QWidget

from bimedix.core.archive_import import ImportReport, import_archive
from bimedix.core.export import ExportFilter, ExportResult, export_sessions
from bimedix.core.store import ChatStore, Session
from bimedix.gui.export_dialog import ExportDialog
from bimedix.gui.tasks import BackgroundTask, TaskFunction


class ChatTransfer(QObject):
    """Runs exports and imports for one window's database."""

    exported = Signal(str)  # a message for the status bar
    imported = Signal(str)  # a message for the notice line
    failed = Signal(str)
    task_finished = Signal()

    def __init__(self, db_path: str, window: QWidget) -> None:
        super().__init__(window)
        self._db_path = db_path
        self._window = window  # parent of the progress dialogs
        self._tasks: list[BackgroundTask] = []

    def ask_and_export(self, session: Session | None, selected_ids: list[int]) -> None:
        """The export dialog (this chat, the selected ones or all; format and
        file), then the export."""
        dialog = ExportDialog(
            session.title if session else None,
            session.id if session else None,
            self._window,
            selected_ids=selected_ids,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        selection = dialog.selection(session.id if session else None)
        self.start_export(dialog.format, dialog.output_path, selection)

    def start_export(self, fmt: str, out: Path, selection: ExportFilter) -> BackgroundTask:
        db_path = self._db_path

        def work(progress: Callable[[int, int], None]) -> ExportResult:
            from bimedix.gui.pdf_export import render_pdf

            store = ChatStore(db_path)  # this thread's own connection
            try:
                pdf = render_pdf if fmt == "pdf" else None
                return export_sessions(store, fmt, out, selection, pdf=pdf, progress=progress)
            finally:
                store.close()

        def done(result: ExportResult) -> None:
            self.exported.emit(
                self.tr("Exported %d chats (%d messages) to %s")
                % (result.sessions, result.messages, out)
            )

        return self._run_task(work, self.tr("Exporting chats…"), done)

    def ask_and_import(self) -> BackgroundTask | None:
        path, _ = QFileDialog.getOpenFileName(
            self._window, self.tr("Import chats"), "", self.tr("Chat archives (*.json *.jsonl)")
        )
        return self.start_import(path) if path else None

    def start_import(self, path: str) -> BackgroundTask:
        db_path = self._db_path

        def work(_progress: Callable[[int, int], None]) -> ImportReport:
            store = ChatStore(db_path)
            try:
                return import_archive(store, Path(path))
            finally:
                store.close()

        def done(report: ImportReport) -> None:
            self.imported.emit(
                self.tr("Imported %d chats (%d messages); %d were already here.")
                % (report.imported, report.messages, report.skipped)
            )

        return self._run_task(work, self.tr("Importing chats…"), done)

    def _run_task(
        self, work: TaskFunction, label: str, done: Callable[[Any], None]
    ) -> BackgroundTask:
        progress = QProgressDialog(label, "", 0, 0, self._window)
        progress.setCancelButton(None)
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        task = BackgroundTask(work, self)
        self._tasks.append(task)

        def on_progress(value: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(value)

        def on_finished() -> None:
            progress.close()
            self._tasks.remove(task)
            task.deleteLater()
            self.task_finished.emit()

        task.progressed.connect(on_progress)
        task.succeeded.connect(done)
        task.failed.connect(self.failed)
        task.finished.connect(on_finished)
        task.start()
        return task

    def wait(self) -> None:
        """Block until every running task has ended (closing the window)."""
        for task in list(self._tasks):
            task.wait()
