"""Exports of demo-mode visits: each stored visit as it ends (if the
operator asked for it) and "today's sessions" from the operator panel, on
`BackgroundTask` threads with their own database connections."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from bimedix.core.export import COMBINED_FORMATS, EXTENSIONS, ExportFilter, export_sessions
from bimedix.core.store import ChatStore
from bimedix.gui.kiosk.worker import VisitEnded
from bimedix.gui.tasks import BackgroundTask


class VisitExports:
    """Mixed into `KioskWindow` (its strings keep the window's context)."""

    def _export_dir(self) -> Path:
        return self.kiosk.resolved_export_dir(self.data_dir)

    def _visit_export_path(self, ended: VisitEnded) -> Path:
        now = datetime.now()
        name = (
            f"visit-{now:%H%M%S}-{ended.stored_session_id}.{EXTENSIONS[self.kiosk.export_format]}"
        )
        return self._export_dir() / f"{now:%Y-%m-%d}" / name

    def export_today(self) -> BackgroundTask | None:
        """Export the sessions stored today, as the operator's format."""
        ids = list(self.stats.today().stored_session_ids)
        if not ids:
            if self.kiosk.stores_visits:
                self.export_result.setText(
                    QCoreApplication.translate("KioskWindow", "No sessions were stored today.")
                )
            else:
                self.export_result.setText(
                    QCoreApplication.translate(
                        "KioskWindow",
                        "Nothing to export: sessions are not stored (privacy setting).",
                    )
                )
            return None
        fmt = self.kiosk.export_format
        extension = EXTENSIONS[fmt] if fmt in COMBINED_FORMATS else "zip"
        out = self._export_dir() / f"kiosk-{datetime.now():%Y-%m-%d}.{extension}"
        return self._export(ids, out)

    def _export(self, session_ids: list[int], out: Path) -> BackgroundTask:
        db_path, fmt = self.db_path, self.kiosk.export_format

        def work(progress: Callable[[int, int], None]) -> str:
            from bimedix.gui.pdf_export import render_pdf

            out.parent.mkdir(parents=True, exist_ok=True)
            store = ChatStore(db_path)  # this thread's own connection
            try:
                pdf = render_pdf if fmt == "pdf" else None
                result = export_sessions(
                    store, fmt, out, ExportFilter(session_ids=session_ids), pdf, progress
                )
            finally:
                store.close()
            return str(result.files[0]) if result.files else str(out)

        task = BackgroundTask(work, self)
        self._tasks.append(task)

        def succeeded(path: str) -> None:
            message = QCoreApplication.translate("KioskWindow", "Exported to %s") % path
            self.export_result.setText(message)
            self.export_finished.emit(message)

        def failed(error: str) -> None:
            message = QCoreApplication.translate("KioskWindow", "Export failed: %s") % error
            self.export_result.setText(message)
            self.export_finished.emit(message)

        def finished() -> None:
            self._tasks.remove(task)
            task.deleteLater()

        task.succeeded.connect(succeeded)
        task.failed.connect(failed)
        task.finished.connect(finished)
        task.start()
        return task
