"""Tools ▸ Evaluate…: run medical benchmarks on a model and compare with the
BiMediX paper.

The window collects what to run, hands it to an `EvalTask` (its own QThread,
its own database connection and its own copy of the model), and shows
progress with an ETA, the paper table (published rows beside the user's
runs), every stored run, and a bar chart. Cancel stops after the current
question; what was scored stays stored. All scoring logic lives in the pure
`bimedix.eval` package; this module only displays it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QThread, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bimedix.core.store import ChatStore
from bimedix.engine.backend import CancelToken
from bimedix.errors import UserFacingError
from bimedix.eval.benchmarks import BENCHMARKS
from bimedix.eval.paper import HEADER, TABLES, table_rows, to_csv, to_markdown
from bimedix.eval.results import EvalRun, ResultsStore
from bimedix.eval.runner import Method, Progress
from bimedix.gui.bar_chart import Bar, BarChart


@dataclass(frozen=True)
class EvalRequest:
    """Everything an evaluation job needs, decided on the GUI thread."""

    db_path: str
    models_dir: Path
    model_spec: str
    benchmarks: tuple[str, ...]
    language: str
    limit: int | None
    shots: int
    method: Method
    allow_network: bool
    n_ctx: int = 2048


class EvalTask(QThread):
    """Runs one request; progress and finished runs come back as signals."""

    progressed = Signal(object)  # Progress
    run_finished = Signal(object)  # EvalRun
    status = Signal(str)
    failed = Signal(str)

    def __init__(self, request: EvalRequest, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.cancel_token = CancelToken()

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def run(self) -> None:
        from bimedix.eval.session import EvalSession, execute, plan_runs
        from bimedix.models.opening import open_backend, resolve_local_model

        request = self.request
        store = None
        session = None
        try:
            store = ChatStore(request.db_path)
            plan = plan_runs(request.benchmarks, request.language, limit=request.limit,
                             shots=request.shots, allow_network=request.allow_network)  # fmt: skip
            data_dir = request.models_dir.parent
            model = resolve_local_model(request.model_spec, data_dir, hash_cache=store)
            self.status.emit(model.path.name)
            backend = None
            if request.method == "generation":
                backend = open_backend(str(model.path), data_dir, n_ctx=request.n_ctx)
            session = EvalSession(model.path, model.sha256, model.display_name,
                                  method=request.method, n_ctx=request.n_ctx,
                                  backend=backend, owns_backend=True)  # fmt: skip
            settings = {"n_ctx": request.n_ctx, "limit": request.limit, "prefix_reuse": True}
            execute(store, plan, session, shots=request.shots, settings=settings,
                    cancel=self.cancel_token, on_progress=self.progressed.emit,
                    on_run=self.run_finished.emit)  # fmt: skip
        except UserFacingError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(f"{exc.filename or ''} {exc.strerror or exc}".strip())
        finally:
            if session is not None:
                session.close()
            if store is not None:
                store.close()


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    minutes, secs = divmod(int(seconds + 0.5), 60)
    if minutes >= 60:
        return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


class EvaluateWindow(QDialog):
    """Benchmark runner, results table and chart."""

    def __init__(self, store: ChatStore, model_spec: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.store = store
        self.results = ResultsStore(store)
        self.task: EvalTask | None = None
        self.runs: list[EvalRun] = []

        self.model_edit = QLineEdit(model_spec)
        self.model_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self._on_browse)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_edit, 1)
        model_row.addWidget(self.browse_button)

        self.bench_list = QListWidget()
        self.bench_list.setFixedHeight(self.fontMetrics().height() + 18)
        self.bench_list.setFlow(QListWidget.Flow.LeftToRight)
        self.bench_list.setWrapping(True)
        for name, bench in BENCHMARKS.items():
            item = QListWidgetItem(bench.column if name != "mini" else "Mini (bundled)")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name == "mini" else Qt.CheckState.Unchecked)
            self.bench_list.addItem(item)

        self.language_box = QComboBox()
        for key in ("en", "ar", "both"):
            self.language_box.addItem("", key)
        self.language_box.setCurrentIndex(2)
        self.method_box = QComboBox()
        self.method_box.addItem("", "loglikelihood")
        self.method_box.addItem("", "generation")
        self.limit_box = QSpinBox()
        self.limit_box.setRange(0, 100000)
        self.shots_box = QSpinBox()
        self.shots_box.setRange(0, 25)
        self.network_box = QCheckBox()
        self.run_button = QPushButton()
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.start)
        self.cancel_button = QPushButton()
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)

        self.form = QFormLayout()
        self.model_label = QLabel()
        self.bench_label = QLabel()
        self.language_label = QLabel()
        self.method_label = QLabel()
        self.limit_label = QLabel()
        self.shots_label = QLabel()
        self.form.addRow(self.model_label, model_row)
        self.form.addRow(self.bench_label, self.bench_list)
        options = QHBoxLayout()
        for label, widget in ((self.language_label, self.language_box),
                              (self.method_label, self.method_box),
                              (self.limit_label, self.limit_box),
                              (self.shots_label, self.shots_box)):  # fmt: skip
            options.addWidget(label)
            options.addWidget(widget)
        options.addWidget(self.network_box)
        options.addStretch(1)
        self.form.addRow(options)

        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(0)
        self.status_label = QLabel()
        run_row = QHBoxLayout()
        run_row.addWidget(self.progress_bar, 1)
        run_row.addWidget(self.status_label)
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.cancel_button)

        self.table_box = QComboBox()
        for key in TABLES:
            self.table_box.addItem("", key)
        self.table_box.currentIndexChanged.connect(self.refresh)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._on_export)
        self.paper_table = QTableWidget(0, len(HEADER))
        self._setup_table(self.paper_table)
        # Ten narrow number columns share the width; the model name takes what it needs.
        self.paper_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.paper_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        paper_page = QWidget()
        paper_layout = QVBoxLayout(paper_page)
        paper_top = QHBoxLayout()
        paper_top.addWidget(self.table_box)
        paper_top.addStretch(1)
        paper_top.addWidget(self.export_button)
        paper_layout.addLayout(paper_top)
        paper_layout.addWidget(self.paper_table, 1)
        paper_layout.addWidget(self.source_label)

        self.runs_table = QTableWidget(0, 9)
        self._setup_table(self.runs_table)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self._on_delete)
        runs_page = QWidget()
        runs_layout = QVBoxLayout(runs_page)
        runs_layout.addWidget(self.runs_table, 1)
        delete_row = QHBoxLayout()
        delete_row.addStretch(1)
        delete_row.addWidget(self.delete_button)
        runs_layout.addLayout(delete_row)

        self.tabs = QTabWidget()
        self.tabs.addTab(runs_page, "")
        self.tabs.addTab(paper_page, "")
        self.chart = BarChart()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.chart)
        splitter.setSizes([420, 220])

        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addLayout(run_row)
        layout.addWidget(splitter, 1)
        self.resize(1270, 860)
        self.retranslate_ui()
        self.refresh()

    @staticmethod
    def _setup_table(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setWordWrap(False)

    # --- language -------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
            self.refresh()
        super().changeEvent(event)

    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Evaluate a model on medical benchmarks"))
        self.model_label.setText(self.tr("Model:"))
        self.browse_button.setText(self.tr("Browse…"))
        self.bench_label.setText(self.tr("Benchmarks:"))
        self.language_label.setText(self.tr("Language:"))
        for index, name in enumerate((self.tr("English"), self.tr("Arabic"), self.tr("Both"))):
            self.language_box.setItemText(index, name)
        self.method_label.setText(self.tr("Scoring:"))
        self.method_box.setItemText(0, self.tr("Log-likelihood of each option"))
        self.method_box.setItemText(1, self.tr("Letter from a chat reply"))
        self.limit_label.setText(self.tr("Questions (0 = all):"))
        self.shots_label.setText(self.tr("Examples (shots):"))
        self.network_box.setText(self.tr("Download data sets (network)"))
        self.run_button.setText(self.tr("Run"))
        self.cancel_button.setText(self.tr("Cancel"))
        for index, name in enumerate((self.tr("English table"), self.tr("Arabic table"),
                                      self.tr("Bilingual table"))):  # fmt: skip
            self.table_box.setItemText(index, name)
        self.export_button.setText(self.tr("Export table…"))
        self.delete_button.setText(self.tr("Delete run"))
        self.tabs.setTabText(0, self.tr("Your runs"))
        self.tabs.setTabText(1, self.tr("BiMediX paper table"))
        self.source_label.setText(self.tr("Published rows: BiMediX paper (arXiv 2402.13253, Findings of EMNLP 2024). Rows marked “this machine” are your runs; * averages only the benchmarks run."))  # noqa: E501
        self.runs_table.setHorizontalHeaderLabels([
            self.tr("Date"), self.tr("Model"), self.tr("Benchmark"), self.tr("Language"),
            self.tr("Questions"), self.tr("Accuracy"), self.tr("Length-normalised"),
            self.tr("Time"), self.tr("Status"),
        ])  # fmt: skip
        header = list(HEADER)
        header[0] = self.tr("Model")
        self.paper_table.setHorizontalHeaderLabels(header)
        self.chart.set_empty_text(self.tr("No runs yet: choose benchmarks and press Run."))
        if self.task is None:
            self.status_label.setText(self.tr("Ready"))

    # --- running ----------------------------------------------------------------
    def chosen_benchmarks(self) -> tuple[str, ...]:
        return tuple(
            self.bench_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.bench_list.count())
            if self.bench_list.item(i).checkState() == Qt.CheckState.Checked
        )

    def request(self) -> EvalRequest:
        return EvalRequest(
            db_path=self.store.path,
            models_dir=Path(self.store.path).parent / "models",
            model_spec=self.model_edit.text().strip(),
            benchmarks=self.chosen_benchmarks(),
            language=self.language_box.currentData(),
            limit=self.limit_box.value() or None,
            shots=self.shots_box.value(),
            method=self.method_box.currentData(),
            allow_network=self.network_box.isChecked(),
        )

    def start(self) -> None:
        if self.task is not None:
            return
        if not self.chosen_benchmarks():
            QMessageBox.information(self, self.windowTitle(), self.tr("Choose a benchmark."))
            return
        self.task = EvalTask(self.request(), self)
        self.task.progressed.connect(self._on_progress)
        self.task.run_finished.connect(self._on_run_finished)
        self.task.status.connect(self._on_status)
        self.task.failed.connect(self._on_failed)
        self.task.finished.connect(self._on_task_finished)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress_bar.setRange(0, 0)  # busy until the first question is scored
        self.status_label.setText(self.tr("Loading…"))
        self.task.start()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(self.tr("Stopping after this question…"))

    def _on_status(self, model_name: str) -> None:
        self.status_label.setText(self.tr("Loading %s…") % model_name)

    def _on_progress(self, progress: Progress) -> None:
        self.progress_bar.setRange(0, progress.total)
        self.progress_bar.setValue(progress.done)
        language = {"en": self.tr("English"), "ar": self.tr("Arabic")}.get(progress.language, "")
        self.status_label.setText(
            self.tr("%1 (%2): %3 of %4, %5 correct, ETA %6")
            .replace("%1", BENCHMARKS[progress.benchmark].column
                     if progress.benchmark in BENCHMARKS else progress.benchmark)
            .replace("%2", language)
            .replace("%3", str(progress.done))
            .replace("%4", str(progress.total))
            .replace("%5", str(progress.correct))
            .replace("%6", format_eta(progress.eta_s))
        )  # fmt: skip

    def _on_run_finished(self, run: EvalRun) -> None:
        self.refresh()

    def _on_failed(self, message: str) -> None:
        self.status_label.setText(self.tr("Failed"))
        QMessageBox.warning(self, self.windowTitle(), message)

    def _on_task_finished(self) -> None:
        cancelled = self.task is not None and self.task.cancel_token.cancelled
        self.task = None
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1)
        if self.status_label.text() != self.tr("Failed"):
            self.status_label.setText(self.tr("Cancelled; the questions scored are kept")
                                      if cancelled else self.tr("Done"))  # fmt: skip
        self.refresh()

    def wait(self, timeout_ms: int = 600_000) -> bool:
        """Block until a running task ends (tests and screenshots)."""
        return self.task is None or self.task.wait(timeout_ms)

    # --- showing ------------------------------------------------------------------
    def refresh(self) -> None:
        self.runs = self.results.runs()
        self._fill_runs()
        self._fill_paper()
        self._fill_chart()

    def _language_name(self, code: str) -> str:
        return {"en": self.tr("English"), "ar": self.tr("Arabic"),
                "both": self.tr("Both")}.get(code, code)  # fmt: skip

    def _status_name(self, status: str) -> str:
        names = {"complete": self.tr("complete"), "cancelled": self.tr("cancelled"),
                 "running": self.tr("running"), "error": self.tr("error")}  # fmt: skip
        return names.get(status, status)

    def _fill_runs(self) -> None:
        table = self.runs_table
        table.setRowCount(len(self.runs))
        for row, run in enumerate(self.runs):
            bench = BENCHMARKS.get(run.benchmark)
            values = [
                run.created_at[:16].replace("T", " "),
                _model_label(run),
                bench.column if bench and run.benchmark != "mini" else run.benchmark,
                self._language_name(run.language),
                f"{run.n_scored}/{run.n_planned}",
                _percent(run.acc, run.acc_stderr),
                _percent(run.acc_norm, run.acc_norm_stderr) if run.method == "loglikelihood"
                else "",
                format_eta(run.duration_s),
                self._status_name(run.status),
            ]  # fmt: skip
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, run.id)
                if column >= 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(row, column, item)

    def _fill_paper(self) -> None:
        rows = table_rows(self.runs, self.table_box.currentData() or "en")
        table = self.paper_table
        table.setRowCount(len(rows))
        mine = self.tr("%s (this machine)")
        for index, row in enumerate(rows):
            label = row.model if row.published else mine % row.model
            average = "" if row.average is None else f"{row.average:.1f}"
            if row.partial and average:
                average += "*"
            values = [label, *("" if c is None else f"{c:.1f}" for c in row.cells), average]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if not row.published:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                    item.setBackground(QColor("#e6f0fa"))
                table.setItem(index, column, item)

    def _fill_chart(self) -> None:
        """Newest finished run per (model, benchmark, language): accuracy ± s.e."""
        newest: dict[tuple[str, str, str], EvalRun] = {}
        for run in sorted(self.runs, key=lambda r: r.id):
            if run.n_scored and run.acc is not None and run.status != "running":
                newest[(run.model_sha256 or run.model_name, run.benchmark, run.language)] = run
        models: list[str] = []
        bars = []
        for (model, benchmark, language), run in newest.items():
            if model not in models:
                models.append(model)
            bench = BENCHMARKS.get(benchmark)
            name = bench.column if bench and benchmark != "mini" else benchmark.removeprefix(
                "file:")
            bars.append(Bar(f"{name} {language.upper()}", 100 * (run.acc or 0.0),
                            100 * run.acc_stderr if run.acc_stderr else None,
                            models.index(model)))  # fmt: skip
        names = []
        for model in models:
            run = next(r for r in newest.values() if (r.model_sha256 or r.model_name) == model)
            names.append(_model_label(run))
        self.chart.set_bars(bars[-16:], names, reference=25.0,
                            reference_label=self.tr("chance (4 options)"))  # fmt: skip

    # --- actions ------------------------------------------------------------------
    def _on_browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a model"), str(Path.home()), self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.model_edit.setText(path)

    def _on_export(self) -> None:
        table = self.table_box.currentData() or "en"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export table"), str(Path.home() / f"bimedix-{table}.md"),
            self.tr("Markdown (*.md);;CSV (*.csv)"),
        )  # fmt: skip
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        table = self.table_box.currentData() or "en"
        text = to_csv(self.runs, table) if path.suffix.lower() == ".csv" else to_markdown(
            self.runs, table)  # fmt: skip
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(self, self.windowTitle(), f"{path}: {exc.strerror or exc}")

    def _on_delete(self) -> None:
        rows = {index.row() for index in self.runs_table.selectedIndexes()}
        for row in rows:
            item = self.runs_table.item(row, 0)
            if item is not None:
                self.results.delete(int(item.data(Qt.ItemDataRole.UserRole)))
        self.refresh()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if self.task is not None:
            self.task.cancel()
            self.task.wait()
        super().closeEvent(event)


def _model_label(run: EvalRun) -> str:
    """The model's name, with its quantisation unless the name already says it."""
    quantization = run.model_quantization or ""
    if quantization and quantization not in run.model_name:
        return f"{run.model_name} ({quantization})"
    return run.model_name


def _percent(value: float | None, stderr: float | None) -> str:
    if value is None:
        return ""
    text = f"{100 * value:.1f}%"
    return text + (f" ± {100 * stderr:.1f}" if stderr is not None else "")
