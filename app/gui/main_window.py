"""MainWindow: sessions sidebar, transcript, composer, model status.

Reads and small writes (rename, delete, mode) use the GUI thread's own
`ChatStore` connection; anything slow (model load, generation, the writes
that go with it) runs on the `GenerationWorker` thread, exports and imports
on `BackgroundTask` threads; results come back as signals.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, QThread, Signal, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bimedix import __version__
from bimedix.core.archive_import import ImportReport, import_archive
from bimedix.core.catalog import is_embedded
from bimedix.core.chat import (
    HistoryTrimmed,
    ReplyDelta,
    ReplyFinished,
    ReplyStarted,
    UserMessageSaved,
    new_session,
)
from bimedix.core.default_model import is_default_file
from bimedix.core.direction import language_direction
from bimedix.core.errors import ReplyNotSavedError, StorageError, UserFacingError
from bimedix.core.export import ExportFilter, ExportResult, export_sessions
from bimedix.core.prompts import DISCLAIMER, MODES
from bimedix.core.settings import Settings
from bimedix.core.store import ChatStore, Session, StoredMessage
from bimedix.engine.backend import GenerationParams, ModelInfo
from bimedix.gui.composer import Composer
from bimedix.gui.error_text import localized
from bimedix.gui.export_dialog import ExportDialog
from bimedix.gui.i18n import LANGUAGES, apply_language
from bimedix.gui.session_list import SessionList
from bimedix.gui.style import TEXT_SIZES, apply_text_size, style_sheet
from bimedix.gui.tasks import BackgroundTask, TaskFunction
from bimedix.gui.transcript import TranscriptView
from bimedix.gui.worker import BackendFactory, GenerationWorker, TurnRequest, llama_backend_factory

TRANSCRIPT_PAGE = 60  # messages shown when a session opens
PROMPT_FORMAT_KEYS = ("auto", "mixtral", "gguf", "chatml", "plain")


class MainWindow(QMainWindow):
    """The chat window."""

    request_model = Signal(str, int, object)
    request_turn = Signal(object)
    request_shutdown = Signal()
    # Emitted on the GUI thread once a turn's results are on screen.
    turn_finished = Signal()
    # Emitted on the GUI thread when a background export or import ends.
    task_finished = Signal()

    def __init__(
        self,
        store: ChatStore,
        settings: Settings,
        settings_path: Path,
        model_path: str,
        backend_factory: BackendFactory | None = None,
        storage_warning: str = "",
    ):
        super().__init__()
        self.store = store
        self.settings = settings
        self._settings_path = settings_path
        self._model_path = model_path
        self._model_info: ModelInfo | None = None
        self._model_loading = False
        self._session_id: int | None = None
        self._active: TurnRequest | None = None
        self._editing = False
        self._turn_failed = False
        self._tasks: list[BackgroundTask] = []
        self._pending_text = ""  # sent, but not yet in the database
        self._hidden_messages: list[StoredMessage] = []  # older than the shown page
        self._unsaved: ReplyNotSavedError | None = None
        self._stream_started_at = 0.0
        self._stream_tokens = 0
        self._kiosk: QMainWindow | None = None  # demo mode, while it runs

        self.setWindowTitle(f"BiMediX Desktop {__version__}")
        self.setStyleSheet(style_sheet(TEXT_SIZES.get(settings.text_size, 1.0)))
        self._build_ui()
        self._build_menus()
        self.retranslate_ui()

        self._thread = QThread(self)
        self._thread.setObjectName("generation")
        models_dir = Path(store.path).parent / "models"
        self.worker = GenerationWorker(
            store.path, backend_factory or llama_backend_factory(models_dir, store.path)
        )
        self.worker.moveToThread(self._thread)
        self.request_model.connect(self.worker.load_model)
        self.request_turn.connect(self.worker.run_turn)
        self.request_shutdown.connect(
            self.worker.shutdown, Qt.ConnectionType.BlockingQueuedConnection
        )
        self.worker.model_loading.connect(self._on_model_loading)
        self.worker.model_loaded.connect(self._on_model_loaded)
        self.worker.model_failed.connect(self._on_model_failed)
        self.worker.turn_event.connect(self._on_turn_event)
        self.worker.turn_failed.connect(self._on_turn_failed)
        self.worker.reply_not_saved.connect(self._on_reply_not_saved)
        self.worker.turn_done.connect(self._on_turn_done)
        self._thread.start()

        if storage_warning:
            self.show_notice(storage_warning)
        self.refresh_sessions()
        sessions = self.store.list_sessions(limit=1)
        if sessions:
            self.open_session(sessions[0].id)
        else:
            self.start_new_chat()
        self.load_model(model_path)

    # --- construction -----------------------------------------------------
    # Widgets are created without text; retranslate_ui() sets every string,
    # at start-up and again whenever the interface language changes.
    def _build_ui(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal)

        sidebar = QWidget()
        sidebar.setObjectName("sidebar")
        self.sidebar = sidebar
        side = QVBoxLayout(sidebar)
        self.new_chat_button = QPushButton()
        self.new_chat_button.clicked.connect(self.start_new_chat)
        self.search_box = QLineEdit()
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self._on_search_changed)
        self.session_list = SessionList()
        self.session_list.itemClicked.connect(self._on_session_clicked)
        self.session_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.session_list.customContextMenuRequested.connect(self._on_session_menu)
        side.addWidget(self.new_chat_button)
        side.addWidget(self.search_box)
        side.addWidget(self.session_list)
        self.rename_button = QPushButton()
        self.rename_button.clicked.connect(self.rename_current_session)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_current_session)
        row = QHBoxLayout()
        row.addWidget(self.rename_button)
        row.addWidget(self.delete_button)
        side.addLayout(row)

        main = QWidget()
        column = QVBoxLayout(main)
        header = QHBoxLayout()
        self.session_title = QLabel()
        self.session_title.setObjectName("sessionTitle")
        # Long titles are clipped instead of pushing the mode selector away.
        self.session_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.mode_label = QLabel()
        self.mode_box = QComboBox()
        for key in MODES:
            self.mode_box.addItem("", key)
        self.mode_box.currentIndexChanged.connect(self._on_mode_changed)
        header.addWidget(self.session_title, 1)
        header.addWidget(self.mode_label)
        header.addWidget(self.mode_box)
        column.addLayout(header)

        model_row = QHBoxLayout()
        self.model_status = QLabel()
        self.model_status.setObjectName("modelStatus")
        self.model_status.setWordWrap(True)
        self.speed_label = QLabel()
        self.speed_label.setObjectName("speed")
        model_row.addWidget(self.model_status, 1)
        model_row.addWidget(self.speed_label)
        column.addLayout(model_row)

        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.retry_save_button = QPushButton()
        self.retry_save_button.hide()
        self.retry_save_button.clicked.connect(self.retry_save)
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.retry_save_button)
        column.addLayout(notice_row)

        self.transcript = TranscriptView()
        self.transcript.direction_flipped.connect(self._on_direction_flipped)
        self.transcript.earlier_requested.connect(self.show_earlier_messages)
        column.addWidget(self.transcript, 1)

        composer_row = QHBoxLayout()
        self.composer = Composer()
        self.composer.setFixedHeight(90)
        self.composer.submitted.connect(self.submit)
        self.send_button = QPushButton()
        self.send_button.setMinimumSize(QSize(90, 40))
        self.send_button.clicked.connect(self._on_send_clicked)
        composer_row.addWidget(self.composer, 1)
        composer_row.addWidget(self.send_button)
        column.addLayout(composer_row)

        actions = QHBoxLayout()
        self.regenerate_button = QPushButton()
        self.regenerate_button.clicked.connect(self.regenerate)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_last_message)
        actions.addWidget(self.regenerate_button)
        actions.addWidget(self.edit_button)
        actions.addStretch(1)
        column.addLayout(actions)

        splitter.addWidget(sidebar)
        splitter.addWidget(main)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 840])

        outer = QWidget()
        outer_layout = QVBoxLayout(outer)
        outer_layout.setContentsMargins(0, 0, 0, 0)
        outer_layout.setSpacing(0)
        outer_layout.addWidget(splitter, 1)
        # Both languages always, each label in its own direction: one
        # mixed-direction label would put the Arabic full stop on the wrong
        # side. This text is deliberately not translated.
        self.disclaimer = QWidget()
        self.disclaimer.setObjectName("disclaimer")
        # English on the left, Arabic on the right, in either interface.
        self.disclaimer.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.disclaimer.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        disclaimer_row = QHBoxLayout(self.disclaimer)
        disclaimer_row.setContentsMargins(10, 4, 10, 4)
        self.disclaimer_en = QLabel(f"⚕ {DISCLAIMER['en']}")
        self.disclaimer_en.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.disclaimer_ar = QLabel(DISCLAIMER["ar"])
        self.disclaimer_ar.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        for label in (self.disclaimer_en, self.disclaimer_ar):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        disclaimer_row.addWidget(self.disclaimer_en, 1)
        disclaimer_row.addWidget(self.disclaimer_ar, 1)
        outer_layout.addWidget(self.disclaimer)
        self.setCentralWidget(outer)
        self.resize(1100, 760)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.new_chat_action = QAction(self, shortcut=QKeySequence.StandardKey.New)
        self.new_chat_action.triggered.connect(self.start_new_chat)
        self.open_model_action = QAction(self, shortcut=QKeySequence.StandardKey.Open)
        self.open_model_action.triggered.connect(self._on_open_model)
        self.use_embedded_action = QAction(self)
        self.use_embedded_action.triggered.connect(lambda: self._choose_model("smollm2"))
        self.use_gemma_action = QAction(self)
        self.use_gemma_action.triggered.connect(lambda: self._choose_model("gemma3"))
        self.export_action = QAction(self, shortcut=QKeySequence("Ctrl+Shift+S"))
        self.export_action.triggered.connect(self.export_chats)
        self.import_action = QAction(self, shortcut=QKeySequence("Ctrl+Shift+O"))
        self.import_action.triggered.connect(self.import_chats)
        self.quit_action = QAction(self, shortcut=QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addActions(
            [
                self.new_chat_action,
                self.open_model_action,
                self.use_embedded_action,
                self.use_gemma_action,
            ]
        )
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.export_action, self.import_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.model_menu = bar.addMenu("")
        self.model_manager_action = QAction(self, shortcut=QKeySequence("Ctrl+M"))
        self.model_manager_action.triggered.connect(self.open_model_manager)
        self.model_menu.addAction(self.model_manager_action)
        self.format_menu = self.model_menu.addMenu("")
        self.prompt_format_group = QActionGroup(self)
        for key in PROMPT_FORMAT_KEYS:
            action = QAction(self, checkable=True)
            action.setData(key)
            action.triggered.connect(lambda _checked, k=key: self._set_prompt_format(k))
            self.prompt_format_group.addAction(action)
            self.format_menu.addAction(action)
        self.evaluate_action = QAction(self, shortcut=QKeySequence("Ctrl+Shift+E"))
        self.evaluate_action.triggered.connect(self.open_evaluate_window)
        self.model_menu.addSeparator()
        self.model_menu.addAction(self.evaluate_action)

        self.chat_menu = bar.addMenu("")
        self.stop_action = QAction(self, shortcut=QKeySequence(Qt.Key.Key_Escape))
        self.stop_action.triggered.connect(self.stop)
        self.regenerate_action = QAction(self, shortcut=QKeySequence("Ctrl+R"))
        self.regenerate_action.triggered.connect(self.regenerate)
        self.edit_action = QAction(self, shortcut=QKeySequence("Ctrl+E"))
        self.edit_action.triggered.connect(self.edit_last_message)
        self.chat_menu.addActions([self.stop_action, self.regenerate_action, self.edit_action])

        self.view_menu = bar.addMenu("")
        # Each language is named in itself, so it can be found from either.
        self.language_menu = self.view_menu.addMenu("")
        self.language_group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = QAction(name, self, checkable=True)
            action.setData(code)
            action.setChecked(code == self.settings.ui_language)
            action.triggered.connect(lambda _checked, c=code: self.set_language(c))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
        self.text_size_menu = self.view_menu.addMenu("")
        self.text_size_group = QActionGroup(self)
        for key in TEXT_SIZES:
            action = QAction(self, checkable=True)
            action.setData(key)
            action.setChecked(key == self.settings.text_size)
            action.triggered.connect(lambda _checked, k=key: self.set_text_size(k))
            self.text_size_group.addAction(action)
            self.text_size_menu.addAction(action)

        self.settings_menu = bar.addMenu("")
        self.demo_mode_action = QAction(self)
        self.demo_mode_action.triggered.connect(self.start_demo_mode)
        self.settings_menu.addAction(self.demo_mode_action)

    def retranslate_ui(self) -> None:
        """Set every user-visible string in the current language."""
        self.setWindowTitle(self.tr("BiMediX Desktop %s") % __version__)
        self.new_chat_button.setText(self.tr("+ New chat"))
        self.search_box.setPlaceholderText(self.tr("Search chats…"))
        self.rename_button.setText(self.tr("Rename"))
        self.delete_button.setText(self.tr("Delete"))
        self.mode_label.setText(self.tr("Mode:"))
        mode_names = {
            "consult": self.tr("Consultation"),
            "mcq": self.tr("Multiple choice"),
            "qa": self.tr("Open question"),
        }
        for index in range(self.mode_box.count()):
            self.mode_box.setItemText(index, mode_names[self.mode_box.itemData(index)])
        self.composer.setPlaceholderText(
            self.tr("Describe your symptoms or ask a medical question… (Enter sends)")
        )
        self.retry_save_button.setText(self.tr("Retry save"))
        self.regenerate_button.setText(self.tr("↻ Regenerate"))
        self.edit_button.setText(self.tr("✎ Edit last message"))
        self.file_menu.setTitle(self.tr("&File"))
        self.new_chat_action.setText(self.tr("&New chat"))
        self.open_model_action.setText(self.tr("&Open model…"))
        self.use_embedded_action.setText(self.tr("Use the embedded model (SmolLM2-135M)"))
        self.use_gemma_action.setText(self.tr("Use Gemma 3 270M (multilingual base model)"))
        self.export_action.setText(self.tr("&Export…"))
        self.import_action.setText(self.tr("&Import…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.model_menu.setTitle(self.tr("&Model"))
        self.model_manager_action.setText(self.tr("Model &manager…"))
        self.format_menu.setTitle(self.tr("Prompt format"))
        self.evaluate_action.setText(self.tr("&Evaluate on medical benchmarks…"))
        format_names = {
            "auto": self.tr("Automatic"),
            "mixtral": self.tr("Mixtral / BiMediX [INST]"),
            "gguf": self.tr("The model's own chat template"),
            "chatml": self.tr("ChatML"),
            "plain": self.tr("Plain User/Assistant transcript"),
        }
        for action in self.prompt_format_group.actions():
            action.setText(format_names[action.data()])
        self.chat_menu.setTitle(self.tr("&Chat"))
        self.stop_action.setText(self.tr("&Stop"))
        self.regenerate_action.setText(self.tr("&Regenerate"))
        self.edit_action.setText(self.tr("&Edit last message"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("Language · اللغة"))
        self.text_size_menu.setTitle(self.tr("Text size"))
        size_names = {
            "normal": self.tr("Normal"),
            "large": self.tr("Large"),
            "very_large": self.tr("Very large"),
        }
        for action in self.text_size_group.actions():
            action.setText(size_names[action.data()])
        self.settings_menu.setTitle(self.tr("&Settings"))
        self.demo_mode_action.setText(self.tr("&Demo mode (kiosk)…"))
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        self.session_title.setAlignment(
            (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
            | Qt.AlignmentFlag.AlignAbsolute
            | Qt.AlignmentFlag.AlignVCenter
        )
        self._show_session_header(self.current_session())
        self._show_model_status()
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def set_language(self, language: str) -> None:
        """Switch the interface language now, and remember it."""
        apply_language(language)
        self.settings.ui_language = language
        for action in self.language_group.actions():
            action.setChecked(action.data() == language)
        self._save_settings()

    def set_text_size(self, key: str) -> None:
        """Scale all text (normal, large, very large), and remember it."""
        self.settings.text_size = key
        apply_text_size(key)
        self.setStyleSheet(style_sheet(TEXT_SIZES.get(key, 1.0)))
        for action in self.text_size_group.actions():
            action.setChecked(action.data() == key)
        self._save_settings()

    # --- demo mode ----------------------------------------------------------
    def start_demo_mode(self) -> None:
        """Settings ▸ Demo mode…: set it up, then hand the screen (and the
        model's memory) to the kiosk until the operator leaves it with the PIN."""
        from bimedix.gui.kiosk_window import open_demo_mode

        if self._active is not None:
            return
        data_dir = Path(self.store.path).parent
        # One model in memory at a time: this window lets go of its own first.
        kiosk = open_demo_mode(
            self, data_dir, self.settings, self._model_path, self.request_shutdown.emit
        )
        if kiosk is None:
            return
        self._model_info = None
        self._kiosk = kiosk
        kiosk.exited.connect(self._on_demo_mode_exited)
        kiosk.showFullScreen()
        self.hide()

    def _on_demo_mode_exited(self) -> None:
        self._kiosk = None
        self.show()
        self.load_model(self._model_path)
        self.refresh_sessions()
    # --- evaluation ---------------------------------------------------------
    def open_evaluate_window(self) -> None:
        """Model ▸ Evaluate…: the benchmark runner, opened once and raised after."""
        from bimedix.gui.eval_window import EvaluateWindow

        window = getattr(self, "evaluate_window", None)
        if window is None:
            window = self.evaluate_window = EvaluateWindow(self.store, self._model_path, self)
        window.show()
        window.raise_()
        window.activateWindow()

    # --- export and import --------------------------------------------------
    def export_chats(self) -> None:
        """Ask what to export and where, then export in the background."""
        session = self.current_session()
        selected = [
            int(item.data(Qt.ItemDataRole.UserRole)) for item in self.session_list.selectedItems()
        ]
        dialog = ExportDialog(
            session.title if session else None,
            session.id if session else None,
            self,
            selected_ids=selected,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        selection = dialog.selection(session.id if session else None)
        self.start_export(dialog.format, dialog.output_path, selection)

    def start_export(self, fmt: str, out: Path, selection: ExportFilter) -> BackgroundTask:
        db_path = self.store.path

        def work(progress: Callable[[int, int], None]) -> ExportResult:
            from bimedix.gui.pdf_export import render_pdf

            store = ChatStore(db_path)  # this thread's own connection
            try:
                pdf = render_pdf if fmt == "pdf" else None
                return export_sessions(store, fmt, out, selection, pdf=pdf, progress=progress)
            finally:
                store.close()

        def done(result: ExportResult) -> None:
            self.statusBar().showMessage(
                self.tr("Exported %d chats (%d messages) to %s")
                % (result.sessions, result.messages, out),
                8000,
            )

        return self._run_task(work, self.tr("Exporting chats…"), done)

    def import_chats(self, path: str | None = None) -> BackgroundTask | None:
        """Import a JSON archive or JSONL file in the background."""
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Import chats"), "", self.tr("Chat archives (*.json *.jsonl)")
            )
        if not path:
            return None
        db_path = self.store.path

        def work(_progress: Callable[[int, int], None]) -> ImportReport:
            store = ChatStore(db_path)
            try:
                return import_archive(store, Path(path))
            finally:
                store.close()

        def done(report: ImportReport) -> None:
            self.refresh_sessions()
            self.show_notice(
                self.tr("Imported %d chats (%d messages); %d were already here.")
                % (report.imported, report.messages, report.skipped),
                "info",
            )

        return self._run_task(work, self.tr("Importing chats…"), done)

    def _run_task(
        self, work: TaskFunction, label: str, done: Callable[[Any], None]
    ) -> BackgroundTask:
        progress = QProgressDialog(label, "", 0, 0, self)
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
        task.failed.connect(self.show_notice)
        task.finished.connect(on_finished)
        task.start()
        return task

    # --- model ------------------------------------------------------------
    def load_model(self, path: str) -> None:
        self._model_path = path
        self._model_loading = True
        n_ctx = self._model_settings().n_ctx or self.settings.n_ctx
        self.request_model.emit(path, n_ctx, dict(self.settings.prompt_formats))

    @Slot(str)
    def _on_model_loading(self, path: str) -> None:
        self._model_info = None
        self._model_loading = True
        self._show_model_status()
        self._update_buttons()

    @Slot(object)
    def _on_model_loaded(self, info: ModelInfo) -> None:
        self._model_info = info
        self._model_loading = False
        self._show_model_status()
        self._check_prompt_format_action(info)
        self.statusBar().showMessage(self.tr("Model ready"), 3000)
        if info.notice:  # the default model was unusable: SmolLM2 stands in
            self.show_notice(info.notice)
        self._update_buttons()

    @Slot(object)
    def _on_model_failed(self, error: UserFacingError) -> None:
        self._model_info = None
        self._model_loading = False
        self._show_model_status()
        self.show_notice(localized(error))
        self._update_buttons()

    def _show_model_status(self) -> None:
        info = self._model_info
        if self._model_loading:
            from bimedix.core.model_library import parse_remote_spec

            remote = parse_remote_spec(self._model_path)
            name = (
                f"{remote[1] or ''} @ {remote[0]}".strip()
                if remote
                else Path(self._model_path).name or self._model_path
            )
            self.model_status.setText(self.tr("Loading model %s…") % name)
        elif info is None:
            self.model_status.setText(self.tr("No model loaded. File ▸ Open model… loads a GGUF."))
        else:
            text = self.tr("Model: %1 · context %2 tokens · %3 prompt format")
            # Isolate the (Latin) model name so an Arabic sentence around it
            # keeps its order, brackets included.
            name = f"\u2068{info.display_name}\u2069"
            text = text.replace("%1", name).replace("%2", str(info.n_ctx))
            text = text.replace("%3", info.prompt_format)
            if is_embedded(info.path) or is_default_file(info.path):
                text += "\n" + self.tr(
                    "This small embedded model stands in for BiMediX; Open model… loads BiMediX."
                )
            self.model_status.setText(text)

    def _on_open_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open model"), "", self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path:
            self._choose_model(path)

    def _choose_model(self, spec: str) -> None:
        """Load a model (path or bundled name) and remember it for next time."""
        self.load_model(spec)
        self.settings.model_path = spec
        self._save_settings()

    def open_model_manager(self) -> QDialog:
        """The Model manager; choosing a model there loads it here."""
        from bimedix.gui.model_manager import ModelManagerDialog

        dialog = ModelManagerDialog(Path(self.store.path).parent, self.settings.n_ctx, self)
        dialog.model_chosen.connect(self._choose_model)
        dialog.show()
        return dialog

    def _model_settings(self) -> Any:
        """The chosen model's own settings (`ModelSettings`, fields None
        where the app-wide value applies)."""
        from bimedix.core.model_library import ModelLibrary

        library = ModelLibrary(Path(self.store.path).parent)
        return library.settings_for(library.settings_key(self._model_path))

    def _set_prompt_format(self, key: str) -> None:
        """Remember a prompt format for the loaded model's file and reload it."""
        if self._model_info is None or self._active is not None:
            return
        self.settings.prompt_formats[self._model_info.file_name] = key
        self._save_settings()
        self.load_model(self._model_path)

    def _check_prompt_format_action(self, info: ModelInfo) -> None:
        chosen = self.settings.prompt_formats.get(info.file_name, "auto")
        for action in self.prompt_format_group.actions():
            action.setChecked(action.data() == chosen)

    @property
    def model_info(self) -> ModelInfo | None:
        return self._model_info

    # --- sessions ---------------------------------------------------------
    def refresh_sessions(self) -> None:
        query = self.search_box.text().strip()
        sessions = self.store.search_sessions(query) if query else self.store.list_sessions(500)
        self.session_list.clear()
        for session in sessions:
            item = QListWidgetItem(session.title)
            item.setData(Qt.ItemDataRole.UserRole, session.id)
            item.setToolTip(
                session.title
                + "\n"
                + self.tr("%d messages · last used %s")
                % (session.message_count, session.updated_at[:16].replace("T", " "))
            )
            self.session_list.addItem(item)
            if session.id == self._session_id:
                item.setSelected(True)
                self.session_list.setCurrentItem(item)

    def current_session(self) -> Session | None:
        if self._session_id is None:
            return None
        try:
            return self.store.get_session(self._session_id)
        except KeyError:
            return None

    def open_session(self, session_id: int) -> None:
        if self._active is not None:
            return  # switching mid-reply would hide the stream; stop first
        session = self.store.get_session(session_id)
        self._session_id = session_id
        self._show_session_header(session)
        fallback = language_direction(session.language)
        self.transcript.clear()
        self.transcript.fallback_direction = fallback
        self.composer.fallback_direction = fallback
        messages = self.store.messages(session_id)
        # Only the latest page gets widgets; thousands of bubbles would
        # freeze the window. "Show earlier messages" adds more on request.
        self._hidden_messages = (
            messages[:-TRANSCRIPT_PAGE] if len(messages) > TRANSCRIPT_PAGE else []
        )
        for message in messages[len(self._hidden_messages) :]:
            self._show_stored(message)
        self.transcript.set_earlier_count(len(self._hidden_messages))
        self.refresh_sessions()
        self._update_buttons()

    def _show_session_header(self, session: Session | None) -> None:
        self.session_title.setText(session.title if session else self.tr("New chat"))
        mode = session.mode if session else self.settings.default_mode
        self.mode_box.blockSignals(True)
        self.mode_box.setCurrentIndex(max(0, self.mode_box.findData(mode)))
        self.mode_box.blockSignals(False)

    def start_new_chat(self) -> None:
        if self._active is not None:
            return
        self._session_id = None
        self.transcript.clear()
        self._show_session_header(None)
        self.session_list.clearSelection()
        self.composer.setFocus()
        self._update_buttons()

    def rename_current_session(self) -> None:
        session = self.current_session()
        if session is None:
            return
        title, ok = QInputDialog.getText(
            self, self.tr("Rename chat"), self.tr("Title:"), text=session.title
        )
        if ok and title.strip():
            self.store.update_session(session.id, title=title.strip())
            self._show_session_header(self.store.get_session(session.id))
            self.refresh_sessions()

    def delete_current_session(self) -> None:
        session = self.current_session()
        if session is None or self._active is not None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete chat"),
            self.tr("Delete “%s” and its %d messages? This cannot be undone.")
            % (session.title, session.message_count),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.store.delete_session(session.id)
        self.start_new_chat()
        self.refresh_sessions()

    def _on_session_clicked(self, item: QListWidgetItem) -> None:
        self.open_session(int(item.data(Qt.ItemDataRole.UserRole)))

    def _on_session_menu(self, position) -> None:  # type: ignore[no-untyped-def]
        item = self.session_list.itemAt(position)
        if item is None:
            return
        self.open_session(int(item.data(Qt.ItemDataRole.UserRole)))
        menu = QMenu(self)
        menu.addAction(self.tr("Rename…"), self.rename_current_session)
        menu.addAction(self.tr("Delete…"), self.delete_current_session)
        menu.exec(self.session_list.mapToGlobal(position))

    def _show_stored(self, message: StoredMessage, at_top: bool = False) -> None:
        self.transcript.add_message(
            message.id,
            message.role,
            message.content,
            message.status,
            message.direction,  # type: ignore[arg-type]
            at_top=at_top,
        )

    def show_earlier_messages(self) -> None:
        """Add the previous page of the open session above what is shown."""
        page = self._hidden_messages[-TRANSCRIPT_PAGE:]
        self._hidden_messages = self._hidden_messages[: -len(page) or None]
        for message in reversed(page):
            self._show_stored(message, at_top=True)
        self.transcript.set_earlier_count(len(self._hidden_messages))

    def _on_direction_flipped(self, message_id: int, direction: str) -> None:
        self.store.set_message_direction(message_id, direction)

    def _on_search_changed(self, _text: str) -> None:
        self.refresh_sessions()

    def _on_mode_changed(self, _index: int) -> None:
        mode = self.mode_box.currentData()
        if self._session_id is not None:
            self.store.update_session(self._session_id, mode=mode)
        self.settings.default_mode = mode
        self._save_settings()

    # --- turns ------------------------------------------------------------
    def _params(self) -> GenerationParams:
        params = GenerationParams(
            max_tokens=self.settings.max_tokens, temperature=self.settings.temperature
        )
        # The model's own sampling defaults win over the app-wide ones.
        chosen = {k: v for k, v in vars(self._model_settings()).items() if v is not None}
        known = {k: chosen[k] for k in params.to_dict() if k in chosen}
        return GenerationParams(**{**params.to_dict(), **known})

    def _on_send_clicked(self) -> None:
        if self._active is not None:
            self.stop()
        else:
            self.submit()

    def submit(self) -> None:
        """Send the composer's text (or the edited last message)."""
        text = self.composer.toPlainText().strip()
        if not text or self._active is not None or self._model_info is None:
            return
        if self._editing:
            self._start_turn("edit", text)
            self._editing = False
        else:
            if self._session_id is None:
                session = new_session(
                    self.store, self.mode_box.currentData(), self.settings.ui_language
                )
                self._session_id = session.id
            self._start_turn("send", text)
        self._pending_text = text
        self.composer.clear()

    def regenerate(self) -> None:
        if self._session_id is not None and self._active is None and self._model_info is not None:
            self._start_turn("regenerate")

    def edit_last_message(self) -> None:
        """Put the last user message back in the composer; Send replaces it."""
        if self._session_id is None or self._active is not None:
            return
        users = [m for m in self.store.messages(self._session_id) if m.role == "user"]
        if not users:
            return
        self._editing = True
        self.composer.setPlainText(users[-1].content)
        self.composer.setFocus()
        self.show_notice(
            self.tr("Editing your last message: Send replaces it and the reply after it."), "info"
        )

    def stop(self) -> None:
        if self._active is not None:
            self._active.cancel.cancel()

    def _start_turn(self, kind: str, text: str = "") -> None:
        assert self._session_id is not None
        self.hide_notice()
        if kind in ("regenerate", "edit"):
            # The worker deletes these rows; mirror that on screen now.
            messages = self.store.messages(self._session_id)
            cut = None
            if kind == "regenerate" and messages and messages[-1].role == "assistant":
                cut = messages[-1].position
            if kind == "edit":
                users = [m for m in messages if m.role == "user"]
                cut = users[-1].position if users else None
            if cut is not None:
                for message in messages:
                    if message.position >= cut:
                        self.transcript.remove_message(message.id)
        self._turn_failed = False
        self._active = TurnRequest(kind, self._session_id, self._params(), text)
        self._stream_tokens = 0
        self.speed_label.clear()
        self._update_buttons()
        self.request_turn.emit(self._active)

    @Slot(object)
    def _on_turn_event(self, event: object) -> None:
        if isinstance(event, UserMessageSaved):
            self._pending_text = ""
            message = event.message
            self._show_stored(message)
            session = self.current_session()
            if session is not None:
                fallback = language_direction(session.language)
                self.transcript.fallback_direction = fallback
                self._show_session_header(session)
            self.refresh_sessions()
        elif isinstance(event, ReplyStarted):
            self.transcript.start_stream(event.message_id)
            self._stream_started_at = time.perf_counter()
        elif isinstance(event, ReplyDelta):
            if self._stream_tokens == 0:
                self._stream_started_at = time.perf_counter()
            self._stream_tokens += 1
            self.transcript.append_stream(event.text)
            elapsed = time.perf_counter() - self._stream_started_at
            # A few updates a second are readable; one per token costs the
            # GUI thread a fifth of a core and slows generation down.
            if self._stream_tokens > 1 and elapsed > 0 and self._stream_tokens % 8 == 0:
                self.speed_label.setText(
                    self.tr("%.1f tokens/s") % ((self._stream_tokens - 1) / elapsed)
                )
        elif isinstance(event, HistoryTrimmed):
            self.show_notice(
                self.tr(
                    "%d older messages no longer fit in the model's context "
                    "and were left out of this reply."
                )
                % event.dropped_messages,
                "info",
            )
        elif isinstance(event, ReplyFinished):
            message = event.message
            self.transcript.finish_stream(message.content, message.status)
            if event.stats.tokens_per_s:
                self.speed_label.setText(
                    self.tr("%.1f tokens/s · %d tokens")
                    % (event.stats.tokens_per_s, event.stats.completion_tokens)
                )

    @Slot(object)
    def _on_turn_failed(self, error: UserFacingError) -> None:
        self._turn_failed = True
        if self._pending_text and not self.composer.toPlainText():
            # The message never reached the database: give it back.
            self.composer.setPlainText(self._pending_text)
        self.show_notice(localized(error))

    @Slot(object)
    def _on_reply_not_saved(self, error: ReplyNotSavedError) -> None:
        """The reply is on screen but not on disk: keep it, offer a retry."""
        self._unsaved = error
        self.transcript.finish_stream(str(error.fields["content"]), "unsaved")
        self.show_notice(str(error))
        self.retry_save_button.show()

    def retry_save(self) -> None:
        error = self._unsaved
        if error is None:
            return
        try:
            self.store.update_message(error.message_id, **error.fields)  # type: ignore[arg-type]
        except StorageError as exc:
            self.show_notice(self.tr("Still cannot save: %s") % exc)
            return
        self._unsaved = None
        self.retry_save_button.hide()
        bubble = self.transcript.bubble(error.message_id)
        if bubble is not None:
            bubble.set_status(str(error.fields["status"]))
        self.show_notice(self.tr("The reply was saved."), "info")

    @Slot()
    def _on_turn_done(self) -> None:
        self._active = None
        if self._session_id is not None:
            if self._turn_failed:
                # The worker may have removed an empty reply: re-read the
                # session, the database is the source of truth.
                self.open_session(self._session_id)
            else:
                # The bubbles are already up to date; rebuilding a long
                # transcript here would stall the event loop.
                self.refresh_sessions()
        self._update_buttons()
        self.turn_finished.emit()

    # --- helpers ----------------------------------------------------------
    @property
    def is_generating(self) -> bool:
        return self._active is not None

    def show_notice(self, text: str, kind: str = "error") -> None:
        self.notice.setProperty("kind", kind)
        self.notice.style().unpolish(self.notice)
        self.notice.style().polish(self.notice)
        self.notice.setText(text)
        self.notice.show()

    def hide_notice(self) -> None:
        if self._unsaved is None:  # an unsaved reply keeps its warning up
            self.notice.hide()

    def _update_buttons(self) -> None:
        generating = self._active is not None
        ready = self._model_info is not None
        self.send_button.setText(self.tr("Stop") if generating else self.tr("Send"))
        self.send_button.setEnabled(generating or ready)
        self.regenerate_button.setEnabled(ready and not generating and self._session_id is not None)
        self.edit_button.setEnabled(not generating and self._session_id is not None)
        self.new_chat_button.setEnabled(not generating)
        self.stop_action.setEnabled(generating)

    def _save_settings(self) -> None:
        try:
            self.settings.save(self._settings_path)
        except OSError as exc:
            self.statusBar().showMessage(self.tr("Could not save settings: %s") % exc, 5000)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self._active is not None:
            self._active.cancel.cancel()
        # A blocking call into a stopped thread would never return: closing
        # twice (e.g. Quit, then the window manager) must be harmless.
        for task in list(self._tasks):
            task.wait()
        evaluate_window = getattr(self, "evaluate_window", None)
        if evaluate_window is not None:
            evaluate_window.close()  # cancels a running evaluation and waits for it
        if self._thread.isRunning():
            self.request_shutdown.emit()
            self._thread.quit()
            self._thread.wait()
        super().closeEvent(event)

    def wait_for_model(self, timeout_ms: int = 30000) -> bool:
        """Process events until the model has loaded or failed (for --screenshot)."""
        from PySide6.QtCore import QCoreApplication, QElapsedTimer

        timer = QElapsedTimer()
        timer.start()
        while self._model_loading and timer.elapsed() < timeout_ms:
            QCoreApplication.processEvents()
            QThread.msleep(10)
        return self._model_info is not None
