"""ReplayDialog (Model ▸ Replay a question set…): pick a question file and
models, run `bimedix.eval.replay` on a `BackgroundTask` with its own
database connection, show progress and an ETA, then open the HTML report
(written to the data folder's replays/ folder) in the default browser.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bimedix.core.settings import Settings
from bimedix.engine.backend import Backend, CancelToken
from bimedix.gui.tasks import BackgroundTask


def replay_job(
    db_path: str, question_file: Path, models_text: str, max_tokens: int, settings: Settings,
    cancel: CancelToken,
) -> Any:  # fmt: skip
    """The background task's function: run the replay, write the report,
    return its path (and whether every cell was reached)."""
    from bimedix.core.store import ChatStore
    from bimedix.eval.replay import check_model_names, parse_models, plan_replay, run_replay
    from bimedix.eval.replay_report import build_report, render_html
    from bimedix.models.opening import open_backend

    def job(progress: Any) -> tuple[str, bool]:
        models = parse_models(models_text, 1234)
        check_model_names([str(m.spec) for m in models], Path(db_path).parent)
        plan = plan_replay(question_file, models, max_tokens=max_tokens, temperature=0.0,
                           mode=settings.default_mode)  # fmt: skip
        data_dir = Path(db_path).parent
        store = ChatStore(db_path)  # this thread's own connection
        try:

            def open_model(model: Any) -> Backend:
                return open_backend(
                    model.spec, data_dir, n_ctx=settings.n_ctx,
                    prompt_formats=settings.prompt_formats, hash_cache=store,
                )  # fmt: skip

            finished = run_replay(
                store, plan, open_model, cancel=cancel,
                on_progress=lambda p: progress(p.done, p.total),
            )  # fmt: skip
            out = data_dir / "replays" / f"replay-{plan.replay_id}.html"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(render_html(build_report(store, plan)), encoding="utf-8")
            return str(out), finished
        finally:
            store.close()

    return job


class ReplayDialog(QDialog):
    """Start a replay, watch it, open its report."""

    def __init__(self, db_path: str, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.db_path = db_path
        self.settings = settings
        self.task: BackgroundTask | None = None
        self.cancel = CancelToken()
        self.report_path = ""
        self._started = 0.0
        self.file_edit = QLineEdit()
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._browse)
        self.models_edit = QLineEdit("smollm2, gemma3")
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(1, 8192)
        self.max_tokens.setValue(256)
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.start_button = QPushButton()
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton()
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.open_button = QPushButton()
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_report)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        self.form = QFormLayout()
        self.form.addRow("", file_row)
        self.form.addRow("", self.models_edit)
        self.form.addRow("", self.max_tokens)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.start_button, self.stop_button, self.open_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(640, 260)
        self.retranslate_ui()
        app = QCoreApplication.instance()
        if app is not None:  # quitting mid-replay: stop after this reply, then exit
            app.aboutToQuit.connect(self._stop_and_wait)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Replay a question set"))
        labels = (self.tr("Question file:"), self.tr("Models:"), self.tr("Max tokens:"))
        for row, text in enumerate(labels):
            item = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            if item is not None and isinstance(item.widget(), QLabel):
                item.widget().setText(text)
        self.file_edit.setPlaceholderText(self.tr("JSONL of prompts, or a JSON chat archive"))
        self.models_edit.setToolTip(
            self.tr("Comma-separated; NAME@seed=N runs a model with its own seed")
        )
        self.browse_button.setText(self.tr("&Browse…"))
        self.start_button.setText(self.tr("&Start"))
        self.stop_button.setText(self.tr("S&top"))
        self.open_button.setText(self.tr("&Open report"))

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Question file"), "", self.tr("Question sets (*.jsonl *.json)")
        )
        if path:
            self.file_edit.setText(path)

    def start(self) -> bool:
        """Run the replay in the background; False if one is running or no
        file was given."""
        if self.task is not None or not self.file_edit.text().strip():
            return False
        self.cancel = CancelToken()
        job = replay_job(self.db_path, Path(self.file_edit.text().strip()),
                         self.models_edit.text(), self.max_tokens.value(), self.settings,
                         self.cancel)  # fmt: skip
        self.task = BackgroundTask(job, self)
        self.task.progressed.connect(self._on_progress)
        self.task.succeeded.connect(self._on_succeeded)
        self.task.failed.connect(self._on_failed)
        self.task.finished.connect(self._on_finished)
        self._started = time.monotonic()
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.open_button.setEnabled(False)
        self.status.setText(self.tr("Loading the first model…"))
        self.task.start()
        return True

    def stop(self) -> None:
        self.cancel.cancel()
        self.status.setText(self.tr("Stopping after this reply…"))

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        elapsed = time.monotonic() - self._started
        self.status.setText(
            self.tr("%1 of %2 answered · %3 s elapsed")
            .replace("%1", str(done))
            .replace("%2", str(total))
            .replace("%3", str(int(elapsed)))
        )

    def _on_succeeded(self, result: tuple[str, bool]) -> None:
        self.report_path, finished = result
        self.open_button.setEnabled(True)
        self.status.setText(
            self.tr("Done. The report is ready.")
            if finished
            else self.tr("Stopped; what finished is kept. Start again to resume.")
        )
        if finished:
            self.open_report()

    def _on_failed(self, message: str) -> None:
        self.status.setText(message)

    def _on_finished(self) -> None:
        self.task = None
        self.start_button.setEnabled(True)
        self.stop_button.setEnabled(False)

    def open_report(self) -> bool:
        if not self.report_path:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(self.report_path))

    def _stop_and_wait(self) -> None:
        self.cancel.cancel()
        if self.task is not None:
            self.task.wait()

    def reject(self) -> None:
        """Closing the dialog stops the replay after the reply being
        written (what finished is kept); it is not waited for here."""
        if self.task is not None:
            self.stop()
        super().reject()


def open_replay_dialog(window: Any) -> ReplayDialog:
    """Model ▸ Replay a question set…: one dialog per main window (a replay
    keeps running while it is hidden)."""
    dialog = getattr(window, "replay_dialog", None)
    if dialog is None:
        dialog = window.replay_dialog = ReplayDialog(window.store.path, window.settings, window)
    if dialog.isVisible():  # already open: bring it forward
        dialog.raise_()
    dialog.show()
    return dialog
