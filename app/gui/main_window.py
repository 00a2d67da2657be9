"""MainWindow: assembles the chat window over one `ChatController`.

The parts are one widget per module in `bimedix.gui.main` (sidebar, chat
header, status items, notice, disclaimer bar, menus, export/import). The
window wires them together, keeps which session is open and draws what the
controller reports; it holds no turn logic. Reads and small writes (rename,
delete, mode) use the GUI thread's own `ChatStore` connection; the model
and generation live on the controller's worker thread, exports and imports
on `BackgroundTask` threads; results come back as signals.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bimedix import __version__
from bimedix.core.chat import (
    UserMessageSaved,
    new_session,
)
from bimedix.core.direction import language_direction
from bimedix.core.export import ExportFilter
from bimedix.core.settings import Settings
from bimedix.core.store import ChatStore, Session
from bimedix.core.triage import TriageConfig
from bimedix.engine.backend import GenerationParams, ModelInfo
from bimedix.errors import ReplyNotSavedError, StorageError, UserFacingError
from bimedix.gui.chat_controller import ChatController, default_worker
from bimedix.gui.error_text import localized
from bimedix.gui.i18n import apply_language
from bimedix.gui.main.chat_pane import TRANSCRIPT_PAGE, ChatPane  # noqa: F401 (re-exported)
from bimedix.gui.main.disclaimer import DisclaimerBar
from bimedix.gui.main.menus import MainMenus
from bimedix.gui.main.model_actions import ModelActions
from bimedix.gui.main.model_choice import generation_params
from bimedix.gui.main.review_actions import ReviewActions
from bimedix.gui.main.sidebar import Sidebar
from bimedix.gui.main.transfer import ChatTransfer
from bimedix.gui.style import TEXT_SIZES, apply_text_size, style_sheet
from bimedix.gui.tasks import BackgroundTask
from bimedix.gui.worker import BackendFactory, GenerationWorker


class MainWindow(ModelActions, QMainWindow):
    """The chat window."""

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
        self._session_id: int | None = None
        self._editing = False
        self._unsaved: ReplyNotSavedError | None = None
        self._kiosk: QMainWindow | None = None  # demo mode, while it runs

        self.setWindowTitle(f"BiMediX Desktop {__version__}")
        self.setStyleSheet(style_sheet(TEXT_SIZES.get(settings.text_size, 1.0)))
        self.controller = ChatController(default_worker(store.path, backend_factory), self)
        self.controller.triage = TriageConfig(country=settings.country)
        self.transfer = ChatTransfer(store.path, self)
        self._build_ui()
        self.menus = MainMenus(self)
        self.stop_action = self.menus.stop_action
        self.prompt_format_group = self.menus.prompt_format_group
        self.evaluate_action = self.menus.evaluate_action
        self.demo_mode_action = self.menus.demo_mode_action
        self._connect()
        self.reviews = ReviewActions(self)  # review panel, Ctrl+Shift+R, sidebar filter
        self.retranslate_ui()

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
        self.sidebar = Sidebar()
        # The tests and the demo-mode hand-over reach these by their old names.
        self.new_chat_button = self.sidebar.new_chat_button
        self.search_box = self.sidebar.search_box
        self.session_list = self.sidebar.session_list

        self.pane = ChatPane()
        # The tests, benchmarks and tools reach these by their old names.
        pane = self.pane
        self.header, self.session_title, self.mode_box = (
            pane.header,
            pane.header.session_title,
            pane.header.mode_box,
        )
        self.model_status, self.speed_label = pane.model_status, pane.speed_label
        self.notice, self.retry_save_button = pane.notice, pane.retry_save_button
        self.transcript, self.composer, self.send_button = (
            pane.transcript,
            pane.composer,
            pane.send_button,
        )
        self.regenerate_button, self.edit_button = pane.regenerate_button, pane.edit_button

        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.pane)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 840])

        outer = QWidget()
        outer_layout = QVBoxLayout(outer)
        outer_layout.setContentsMargins(0, 0, 0, 0)
        outer_layout.setSpacing(0)
        outer_layout.addWidget(splitter, 1)
        self.disclaimer = DisclaimerBar()
        self.disclaimer_en = self.disclaimer.english
        self.disclaimer_ar = self.disclaimer.arabic
        outer_layout.addWidget(self.disclaimer)
        self.setCentralWidget(outer)
        self.resize(1100, 760)

    def _connect(self) -> None:
        self.new_chat_button.clicked.connect(self.start_new_chat)
        self.search_box.textChanged.connect(self._on_search_changed)
        self.session_list.itemClicked.connect(self._on_session_clicked)
        self.session_list.customContextMenuRequested.connect(self._on_session_menu)
        self.sidebar.rename_button.clicked.connect(self.rename_current_session)
        self.sidebar.delete_button.clicked.connect(self.delete_current_session)
        self.mode_box.currentIndexChanged.connect(self._on_mode_changed)
        self.retry_save_button.clicked.connect(self.retry_save)
        self.transcript.direction_flipped.connect(self._on_direction_flipped)
        self.transcript.earlier_requested.connect(self.show_earlier_messages)
        self.composer.submitted.connect(self.submit)
        self.send_button.clicked.connect(self._on_send_clicked)
        self.regenerate_button.clicked.connect(self.regenerate)
        self.edit_button.clicked.connect(self.edit_last_message)
        self.pane.docs_toggle.toggled.connect(
            lambda on: self._session_id and self.controller.set_documents(self._session_id, on)
        )

        controller = self.controller
        controller.model_loading.connect(self._on_model_loading)
        controller.model_loaded.connect(self._on_model_loaded)
        controller.model_failed.connect(self._on_model_failed)
        controller.turn_event.connect(self._on_turn_event)
        controller.triage_notice.connect(self.pane.show_red_flag)
        controller.turn_failed.connect(self._on_turn_failed)
        controller.reply_not_saved.connect(self._on_reply_not_saved)
        controller.turn_done.connect(self._on_turn_done)
        controller.token_speed_changed.connect(self.speed_label.show_speed)

        self.transfer.exported.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.transfer.imported.connect(self._on_imported)
        self.transfer.failed.connect(self.show_notice)
        self.transfer.task_finished.connect(self.task_finished)

    def retranslate_ui(self) -> None:
        """Set every user-visible string in the current language."""
        self.setWindowTitle(self.tr("BiMediX Desktop %s") % __version__)
        self.sidebar.retranslate_ui()
        self.pane.retranslate_ui()
        self.menus.retranslate_ui()
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
        self.menus.check_language(language)
        self._save_settings()

    def set_text_size(self, key: str) -> None:
        """Scale all text (normal, large, very large), and remember it."""
        self.settings.text_size = key
        apply_text_size(key)
        self.setStyleSheet(style_sheet(TEXT_SIZES.get(key, 1.0)))
        self.menus.check_text_size(key)
        self._save_settings()

    # --- demo mode ----------------------------------------------------------
    def start_demo_mode(self) -> None:
        """Settings ▸ Demo mode… (see `bimedix.gui.main.demo_mode`)."""
        from bimedix.gui.main.demo_mode import start_demo_mode

        self._kiosk = start_demo_mode(self, self._model_path)  # kept alive while it runs
        if self._kiosk is not None:
            self._kiosk.exited.connect(lambda: setattr(self, "_kiosk", None))

    def open_settings(self) -> QDialog:
        """Settings ▸ Preferences…: saved on OK, used from the next turn."""
        from bimedix.gui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.result_settings()))
        dialog.open()
        return dialog

    def apply_settings(self, settings: Settings) -> None:
        """Take the Preferences dialog's settings now and save them."""
        self.settings.country = settings.country
        self.controller.triage = TriageConfig(country=settings.country)
        self._save_settings()

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
        selected = [
            int(item.data(Qt.ItemDataRole.UserRole)) for item in self.session_list.selectedItems()
        ]
        self.transfer.ask_and_export(self.current_session(), selected)

    def start_export(self, fmt: str, out: Path, selection: ExportFilter) -> BackgroundTask:
        return self.transfer.start_export(fmt, out, selection)

    def import_chats(self, path: str | None = None) -> BackgroundTask | None:
        """Import a JSON archive or JSONL file in the background."""
        return self.transfer.start_import(path) if path else self.transfer.ask_and_import()

    def _on_imported(self, message: str) -> None:
        self.refresh_sessions()
        self.show_notice(message, "info")

    @property
    def model_info(self) -> ModelInfo | None:
        return self.controller.model_info

    @property
    def worker(self) -> GenerationWorker:
        """The controller's worker (benchmarks and tests listen to it)."""
        return self.controller.worker

    # --- sessions ---------------------------------------------------------
    def refresh_sessions(self) -> None:
        query = self.search_box.text().strip()
        sessions = self.store.search_sessions(query) if query else self.store.list_sessions(500)
        self.sidebar.show_sessions(self.reviews.filtered(sessions), self._session_id)

    def current_session(self) -> Session | None:
        if self._session_id is None:
            return None
        try:
            return self.store.get_session(self._session_id)
        except KeyError:
            return None

    def open_session(self, session_id: int) -> None:
        if self.is_generating:
            return  # switching mid-reply would hide the stream; stop first
        session = self.store.get_session(session_id)
        self._session_id = session_id
        self._show_session_header(session)
        fallback = language_direction(session.language)
        self.transcript.clear()
        self.transcript.fallback_direction = fallback
        self.composer.fallback_direction = fallback
        self.pane.show_messages(self.store.messages(session_id))
        self.pane.docs_toggle.setChecked(self.controller.uses_documents(session_id))
        self.refresh_sessions()
        self._update_buttons()

    def _show_session_header(self, session: Session | None) -> None:
        self.header.show_session(
            session.title if session else self.tr("New chat"),
            session.mode if session else self.settings.default_mode,
        )

    def start_new_chat(self) -> None:
        if self.is_generating:
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
        title = self.sidebar.ask_title(session.title)
        if title:
            self.store.update_session(session.id, title=title)
            self._show_session_header(self.store.get_session(session.id))
            self.refresh_sessions()

    def delete_current_session(self) -> None:
        session = self.current_session()
        if session is None or self.is_generating:
            return
        if not self.sidebar.confirm_delete(session.title, session.message_count):
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
        self.sidebar.show_session_menu(
            position, self.rename_current_session, self.delete_current_session
        )

    def show_earlier_messages(self) -> None:
        """Add the previous page of the open session above what is shown."""
        self.pane.show_earlier_messages()

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

    # --- turns: asked of the controller, drawn from its signals --------------
    def _params(self) -> GenerationParams:
        return generation_params(self.settings, self._model_settings())

    def _on_send_clicked(self) -> None:
        if self.is_generating:
            self.stop()
        else:
            self.submit()

    def submit(self) -> None:
        """Send the composer's text (or the edited last message)."""
        text = self.composer.toPlainText().strip()
        if not text or self.is_generating or self.model_info is None:
            return
        if self._editing:
            assert self._session_id is not None
            self._before_turn()
            self.controller.edit(self._session_id, text, self._params())
            self._editing = False
        else:
            if self._session_id is None:
                session = new_session(
                    self.store, self.mode_box.currentData(), self.settings.ui_language
                )
                self._session_id = session.id
                self.controller.set_documents(session.id, self.pane.docs_toggle.isChecked())
            self._before_turn()
            self.controller.send(self._session_id, text, self._params())
        self.composer.clear()
        self._update_buttons()

    def regenerate(self) -> None:
        if self._session_id is not None and not self.is_generating and self.model_info is not None:
            self._before_turn()
            self.controller.regenerate(self._session_id, self._params())
            self._update_buttons()

    def edit_last_message(self) -> None:
        """Put the last user message back in the composer; Send replaces it."""
        if self._session_id is None or self.is_generating:
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
        self.controller.stop()

    def _before_turn(self) -> None:
        self.hide_notice()

    @Slot(object)
    def _on_turn_event(self, event: object) -> None:
        if isinstance(event, UserMessageSaved):
            message = event.message
            self.pane.show_stored(message)
            session = self.current_session()
            if session is not None:
                fallback = language_direction(session.language)
                self.transcript.fallback_direction = fallback
                self._show_session_header(session)
            self.refresh_sessions()
        else:
            self.pane.show_turn_event(event)

    @Slot(object)
    def _on_turn_failed(self, error: UserFacingError) -> None:
        unsent = self.controller.unsent_text
        if unsent and not self.composer.toPlainText():
            # The message never reached the database: give it back.
            self.composer.setPlainText(unsent)
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

    @Slot(bool)
    def _on_turn_done(self, failed: bool) -> None:
        if self._session_id is not None:
            if failed:
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
        return self.controller.response_in_progress

    def show_notice(self, text: str, kind: str = "error") -> None:
        self.notice.show_notice(text, kind)

    def hide_notice(self) -> None:
        if self._unsaved is None:  # an unsaved reply keeps its warning up
            self.notice.hide()

    def _update_buttons(self) -> None:
        generating = self.is_generating
        self.pane.show_buttons(
            generating, self.model_info is not None, self._session_id is not None
        )
        self.new_chat_button.setEnabled(not generating)
        self.stop_action.setEnabled(generating)

    def _save_settings(self) -> None:
        try:
            self.settings.save(self._settings_path)
        except OSError as exc:
            self.statusBar().showMessage(self.tr("Could not save settings: %s") % exc, 5000)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.controller.stop()
        self.transfer.wait()
        evaluate_window = getattr(self, "evaluate_window", None)
        if evaluate_window is not None:
            evaluate_window.close()  # cancels a running evaluation and waits for it
        self.controller.shutdown()  # harmless the second time (Quit, then the WM)
        super().closeEvent(event)

    def wait_for_model(self, timeout_ms: int = 30000) -> bool:
        """Process events until the model has loaded or failed (for --screenshot)."""
        return self.controller.wait_for_model(timeout_ms)
