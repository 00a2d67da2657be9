"""KioskWindow: demo mode for events, one visitor at a time.

Full screen, large text, no menus, no model switching, no settings and no
list of other people's chats. A bilingual welcome screen (language, then
what to try, starter prompts and the research-only disclaimer to
acknowledge), the chat itself, and after `idle_timeout_s` without input an
"Are you still there?" countdown that clears the visit. Esc opens the
operator panel and Ctrl+Q, Alt+F4 or closing the window leave demo mode,
each only with the operator PIN.

This module assembles the window and runs visits; the pages, the idle
countdown, the operator's side and the exports have their own modules in
this package. Generation runs through a `ChatController` over a
`KioskWorker`, exactly as in the main window; the rules (PIN, safety line,
statistics, anonymising) live in `bimedix.core.kiosk` and
`bimedix.core.anonymise`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QLayout,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bimedix.core.chat import (
    ReplyDelta,
    ReplyFinished,
    ReplyStarted,
    TriageNotice,
    UserMessageSaved,
)
from bimedix.core.direction import language_direction
from bimedix.core.kiosk import (
    KIOSK_FILE,
    KIOSK_STATS_FILE,
    STARTER_PROMPTS,
    KioskSettings,
    KioskStats,
    PinGate,
)
from bimedix.core.settings import DB_FILE
from bimedix.core.triage_view import display_for_result
from bimedix.engine.backend import GenerationParams, ModelInfo
from bimedix.errors import UserFacingError
from bimedix.gui.chat_controller import ChatController
from bimedix.gui.error_text import localized
from bimedix.gui.i18n import apply_language
from bimedix.gui.kiosk.exports import VisitExports
from bimedix.gui.kiosk.idle import IdleController
from bimedix.gui.kiosk.operator import OperatorPanel
from bimedix.gui.kiosk.pages import KioskPages
from bimedix.gui.kiosk.widgets import IdleOverlay, kiosk_style_sheet, scale_for_screen_height
from bimedix.gui.kiosk.worker import KioskWorker, VisitEnded, kiosk_backend_factory
from bimedix.gui.style import app_font
from bimedix.gui.tasks import BackgroundTask
from bimedix.gui.worker import BackendFactory


class KioskWindow(KioskPages, OperatorPanel, VisitExports, QMainWindow):
    """Demo mode: welcome, chat, idle reset and the operator's panel."""

    request_start_visit = Signal(str, str)
    request_end_visit = Signal(int)
    turn_finished = Signal()  # a turn's results are on screen
    visit_reset = Signal()  # the screen is back at the welcome
    visit_recorded = Signal(object)  # VisitEnded, after statistics and export
    export_finished = Signal(str)  # a message for the operator
    exited = Signal()  # demo mode ended (with the PIN)

    PAGES = ("set_pin", "language", "setup", "chat", "pin", "operator")

    def __init__(
        self,
        data_dir: Path,
        kiosk: KioskSettings,
        model_spec: str,
        home_language: str = "en",
        backend_factory: BackendFactory | None = None,
        n_ctx: int = 4096,
        prompt_formats: dict[str, str] | None = None,
    ):
        super().__init__()
        self.setObjectName("kiosk")
        self.data_dir = data_dir
        self.db_path = str(data_dir / DB_FILE)
        self.kiosk = kiosk
        self.kiosk_path = data_dir / KIOSK_FILE
        self.stats = KioskStats(data_dir / KIOSK_STATS_FILE)
        self.home_language = home_language
        self._model_spec = kiosk.model if kiosk.backend == "local" and kiosk.model else model_spec
        self._backend_factory = backend_factory
        self._n_ctx = n_ctx
        self._prompt_formats = dict(prompt_formats or {})
        self._gate = PinGate(kiosk.pin_hash)
        self._language = home_language
        self._mode = "consult"
        self._visit_id: int | None = None
        self._visit_wanted = False  # a visit was asked for and not yet ended
        self._unwanted_starts = 0  # visits asked for, then reset before they started
        self._queued_text = ""  # a starter prompt waiting for the visit to start
        self._after_pin: Callable[[], None] | None = None
        self._page_before_pin = "language"
        self._may_close = False
        self._scale = 0.0
        self._tasks: list[BackgroundTask] = []
        self.controller: ChatController | None = None

        self._build_ui()
        self._build_shortcuts()
        self.idle = IdleController(self.centralWidget(), self.overlay, lambda: self.kiosk)
        self.idle.expired.connect(self.reset_visit)
        self.idle.answered.connect(self._arm_idle)
        self._app_font_before = QApplication.font()
        self.set_scale(1.5)
        self.retranslate_ui()
        self._start_worker()
        self._show_page("language" if kiosk.has_pin else "set_pin")

    # --- construction -----------------------------------------------------
    def _build_ui(self) -> None:
        central = QWidget()
        central.setObjectName("kiosk")
        central.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages, 1)
        self._page_index: dict[str, int] = {}
        for name in self.PAGES:
            page = getattr(self, f"_build_{name}_page")()
            self._page_index[name] = self.pages.addWidget(page)
        outer.addWidget(self._build_safety_bar())
        self.setCentralWidget(central)
        # Full screen is the size: content never makes the window grow past it.
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.overlay = IdleOverlay(central)

    # --- language and text ----------------------------------------------------
    def retranslate_ui(self) -> None:
        """Set every translated string in the current interface language."""
        self.setWindowTitle(self.tr("BiMediX demo"))
        self.set_pin_title.setText(self.tr("Choose an operator PIN"))
        self.set_pin_help.setText(
            self.tr(
                "Visitors need nothing to use the demo. You need this PIN (4 to 12 digits) to "
                "open the operator panel (Esc) and to leave demo mode. It is stored only as a "
                "salted hash."
            )
        )
        self.new_pin.setPlaceholderText(self.tr("New PIN"))
        self.repeat_pin.setPlaceholderText(self.tr("New PIN again"))
        self.set_pin_button.setText(self.tr("Set PIN and start the demo"))
        self.setup_title.setText(self.tr("What would you like to try?"))
        descriptions = {
            "consult": self.tr(
                "Describe your symptoms: BiMediX asks follow-up questions, "
                "like a doctor in a consultation."
            ),  # fmt: skip
            "mcq": self.tr(
                "Give a medical exam question with options: BiMediX picks the "
                "answer and explains why."
            ),  # fmt: skip
            "qa": self.tr("Ask any medical question and get a direct answer."),
        }
        for key, card in self.mode_cards.items():
            card.set_texts(self._mode_name(key), descriptions[key])
        self.prompts_title.setText(self.tr("Or start with one of these:"))
        self._show_prompts()
        self.ack_text.setText(
            self.tr(
                "BiMediX is a research tool, not a doctor. Its answers can be wrong and are not "
                "medical advice. In an emergency, call your local emergency number now."
            )
        )
        self.ack_box.setText(self.tr("I understand"))
        self.back_button.setText(self.tr("Change language · تغيير اللغة"))
        self.start_button.setText(self.tr("Start chatting"))
        self.finish_button.setText(self.tr("Finish and clear"))
        self.composer.setPlaceholderText(self.tr("Type your question here… (Enter sends)"))
        self.pin_title.setText(self.tr("Operator PIN"))
        self.pin_cancel.setText(self.tr("Cancel"))
        self.pin_ok.setText(self.tr("Unlock"))
        self.operator_title.setText(self.tr("Operator panel"))
        self.export_button.setText(self.tr("Export today's sessions"))
        self.settings_button.setText(self.tr("Demo settings…"))
        self.exit_button.setText(self.tr("Exit demo mode"))
        self.resume_button.setText(self.tr("Back to the demo"))
        self.overlay.question.setText(self.tr("Are you still there?"))
        self.overlay.explanation.setText(
            self.tr("This conversation will be cleared for the next visitor.")
        )
        self.overlay.button.setText(self.tr("I'm still here"))
        self._update_chat_title()
        self._update_buttons()
        self._update_model_note()
        self.idle.update_label()
        if self.current_page == "operator":
            self._refresh_operator_panel()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _mode_name(self, key: str) -> str:
        names = {
            "consult": self.tr("Consultation"),
            "mcq": self.tr("Multiple choice"),
            "qa": self.tr("Open question"),
        }
        return names[key]

    def set_scale(self, scale: float) -> None:
        """Text size for the kiosk (1.0 is the normal app's)."""
        if abs(scale - self._scale) < 0.01:
            return
        self._scale = scale
        # The application font, not the window's: style-sheet rules resolve
        # against it. The previous one is put back when demo mode ends.
        QApplication.setFont(app_font(scale))
        self.setStyleSheet(kiosk_style_sheet(scale))
        self.composer.setFixedHeight(round(70 * scale))
        self.send_button.setMinimumWidth(round(90 * scale))

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        screen = self.screen()
        if screen is not None:
            self.set_scale(scale_for_screen_height(screen.geometry().height()))
        super().showEvent(event)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().resizeEvent(event)
        central = self.centralWidget()
        if central is not None:
            self.overlay.setGeometry(central.rect())

    # --- pages ---------------------------------------------------------------
    @property
    def current_page(self) -> str:
        return self.PAGES[self.pages.currentIndex()]

    def _show_page(self, name: str) -> None:
        self.pages.setCurrentIndex(self._page_index[name])
        # The language page is the shared start; everything else belongs to
        # someone (a visitor or the operator) who may walk away.
        self.safety_bar.setVisible(name in ("setup", "chat"))
        if name == "pin":
            self.pin_field.clear()
            self.pin_field.setFocus()
        elif name == "set_pin":
            self.new_pin.setFocus()
        elif name == "chat":
            self.composer.setFocus()
        elif name == "operator":
            self._refresh_operator_panel()
        self._arm_idle()

    def choose_language(self, language: str) -> None:
        """The visitor's language: the whole interface switches (and mirrors)."""
        self._language = language
        if self._model_error:
            # Try again for each new visitor: a remote server may be back.
            self._load_model()
        apply_language(language)  # without its .qm, Arabic still mirrors
        self.retranslate_ui()
        self.choose_mode(self._mode)
        self.ack_box.setChecked(False)
        self._show_page("setup")

    def choose_mode(self, mode: str) -> None:
        self._mode = mode
        self.mode_cards[mode].setChecked(True)
        self._show_prompts()

    def _prompts(self) -> list[str]:
        """Starter prompts for the mode: three in the visitor's language and
        one in the other, since answering in both is the point of BiMediX."""
        other = "en" if self._language == "ar" else "ar"
        by_language = STARTER_PROMPTS[self._mode]
        return [*by_language[self._language][:3], by_language[other][0]]

    def _show_prompts(self) -> None:
        for card, prompt in zip(self.prompt_cards, self._prompts(), strict=True):
            card.set_texts("", prompt)
        self._update_setup_buttons()

    def _update_setup_buttons(self) -> None:
        acknowledged = self.ack_box.isChecked()
        self.start_button.setEnabled(acknowledged)
        for card in self.prompt_cards:
            card.setEnabled(acknowledged)

    def _on_prompt_clicked(self, index: int) -> None:
        self.start_chat(self._prompts()[index])

    def start_chat(self, first_message: str = "") -> None:
        """Leave the welcome for the chat; send `first_message` if given."""
        if not self.ack_box.isChecked():
            return
        self._update_chat_title()
        fallback = language_direction(self._language)
        self.transcript.clear()
        self.transcript.fallback_direction = fallback
        self.composer.fallback_direction = fallback
        self.hide_notice()
        self._show_page("chat")
        if self._visit_id is None and not self._visit_wanted:
            self._visit_wanted = True
            self.request_start_visit.emit(self._mode, self._language)
        if first_message:
            self.composer.setPlainText(first_message)
            self.submit()

    def _update_chat_title(self) -> None:
        self.chat_title.setText(self.tr("BiMediX · %s") % self._mode_name(self._mode))

    # --- turns: asked of the controller, drawn from its signals --------------
    @property
    def worker(self) -> KioskWorker | None:
        """The running generation worker (None once demo mode has ended)."""
        return self.controller.worker if self.controller is not None else None  # type: ignore[return-value]

    @property
    def is_generating(self) -> bool:
        return self.controller is not None and self.controller.response_in_progress

    def submit(self) -> None:
        text = self.composer.toPlainText().strip()
        if not text or self.is_generating or self.model_info is None:
            return
        if self._visit_id is None:
            self._queued_text = text  # sent as soon as the visit exists
            self.composer.clear()
            self._update_buttons()
            return
        self._send(text)

    def _send(self, text: str) -> None:
        assert self._visit_id is not None and self.controller is not None
        self.hide_notice()
        params = GenerationParams(max_tokens=self.kiosk.max_tokens)
        # The operator's country and stop choice, as they are now.
        self.controller.triage = self.kiosk.triage_config()
        self.controller.send(self._visit_id, text, params)
        self.composer.clear()
        self._update_buttons()
        self._arm_idle()

    def _on_send_clicked(self) -> None:
        if self.is_generating:
            assert self.controller is not None
            self.controller.stop()
        else:
            self.submit()

    @Slot(int)
    def _on_visit_started(self, session_id: int) -> None:
        if self._unwanted_starts:
            # That visitor left (reset) before their visit had started.
            self._unwanted_starts -= 1
            self.request_end_visit.emit(session_id)
            return
        self._visit_id = session_id
        if self._queued_text:
            text, self._queued_text = self._queued_text, ""
            self._send(text)

    @Slot(object)
    def _on_turn_event(self, event: object) -> None:
        if isinstance(event, UserMessageSaved):
            message = event.message
            self.transcript.add_message(message.id, "user", message.content)
        elif isinstance(event, ReplyStarted):
            self.transcript.start_stream(event.message_id)
        elif isinstance(event, ReplyDelta):
            self.transcript.append_stream(event.text)
        elif isinstance(event, ReplyFinished):
            self.transcript.finish_stream(event.message.content, event.message.status)
            self.stats.record_reply(event.stats.tokens_per_s, event.stats.time_to_first_token_s)

    @Slot(object)
    def _on_red_flag(self, event: TriageNotice) -> None:
        """The notice, large and in the visitor's language, above the reply
        (or alone: with `stop_after_red_flag` no reply follows)."""
        display = display_for_result(event.result)
        if display is not None:
            self.transcript.add_notice(event.message_id, display).announce()

    @Slot(object)
    def _on_turn_failed(self, error: UserFacingError) -> None:
        assert self.controller is not None
        pending = self.controller.turn_text
        if pending and not self.composer.toPlainText():
            self.composer.setPlainText(pending)
        self.show_notice(localized(error))

    @Slot(bool)
    def _on_turn_done(self, _failed: bool) -> None:
        self._update_buttons()
        self._arm_idle()
        self.turn_finished.emit()

    def show_notice(self, text: str) -> None:
        self.chat_notice.setText(text)
        self.chat_notice.show()

    def hide_notice(self) -> None:
        self.chat_notice.hide()

    def _update_buttons(self) -> None:
        generating = self.is_generating
        self.send_button.setText(self.tr("Stop") if generating else self.tr("Send"))
        self.send_button.setEnabled(generating or self.model_info is not None)

    # --- the model -------------------------------------------------------------
    def _start_worker(self) -> None:
        """A generation thread for the current privacy and backend choice."""
        models_dir = self.data_dir / "models"
        factory = self._backend_factory or kiosk_backend_factory(
            self.kiosk, models_dir, self.db_path
        )
        worker = KioskWorker(self.db_path, self.kiosk.privacy, factory)
        controller = ChatController(
            worker,
            self,
            thread_name="kiosk-generation",
            run_turn=worker.run_visit_turn,
            release=worker.shutdown_kiosk,
        )
        self.request_start_visit.connect(worker.start_visit)
        self.request_end_visit.connect(worker.end_visit)
        controller.model_loaded.connect(self._on_model_loaded)
        controller.model_failed.connect(self._on_model_failed)
        controller.turn_event.connect(self._on_turn_event)
        controller.triage_notice.connect(self._on_red_flag)
        controller.turn_failed.connect(self._on_turn_failed)
        controller.reply_not_saved.connect(self._on_turn_failed)
        controller.turn_done.connect(self._on_turn_done)
        worker.storage_failed.connect(self._on_storage_failed)
        worker.visit_started.connect(self._on_visit_started)
        worker.visit_ended.connect(self._on_visit_ended)
        self.controller = controller
        self._load_model()

    def _load_model(self) -> None:
        assert self.controller is not None
        self.controller.load_model(self._model_spec, self._n_ctx, self._prompt_formats)

    def _stop_worker(self) -> None:
        if self.controller is None:
            return
        self.controller.shutdown()
        for signal in (self.request_start_visit, self.request_end_visit):
            signal.disconnect()
        self.controller.worker.deleteLater()
        self.controller.deleteLater()
        self.controller = None
        self._visit_id = None
        self._visit_wanted = False
        self._unwanted_starts = 0

    @Slot(object)
    def _on_model_loaded(self, info: ModelInfo) -> None:
        self._update_buttons()
        self._update_model_note()

    @Slot(object)
    def _on_model_failed(self, error: UserFacingError) -> None:
        self._update_buttons()
        self._update_model_note()

    @property
    def _model_error(self) -> str:
        error = self.controller.model_error if self.controller is not None else None
        return localized(error) if error is not None else ""

    def _update_model_note(self) -> None:
        if self._model_error:
            text = self.tr("The assistant is not available: %s Please ask a member of staff.")
            self.model_note.setText(text % self._model_error)
        elif self.model_info is None:
            self.model_note.setText(self.tr("The assistant is getting ready…"))
        elif self.model_info.notice:  # the default model fell back to SmolLM2
            self.model_note.setText(self.model_info.notice)
        else:
            self.model_note.clear()

    @property
    def model_info(self) -> ModelInfo | None:
        return self.controller.model_info if self.controller is not None else None

    @Slot(object)
    def _on_storage_failed(self, error: UserFacingError) -> None:
        # For the operator; the visitor's chat goes on.
        self.export_result.setText(self.tr("Could not store a session: %s") % localized(error))

    # --- idle reset ----------------------------------------------------------------
    def _arm_idle(self) -> None:
        """Run the idle timer when someone may have walked away mid-visit."""
        idle_page = self.current_page not in ("language", "set_pin")
        self.idle.arm(idle_page and not self.is_generating)

    def _on_idle(self) -> None:
        """Ask "Are you still there?" now (the idle timer does it on its own)."""
        self.idle._on_idle()  # noqa: SLF001 (the same slot, called early)

    def seconds_left(self) -> int:
        return self.idle.seconds_left()

    @property
    def asking_still_there(self) -> bool:
        """The "Are you still there?" countdown is running."""
        return self.idle.asking_still_there

    def reset_visit(self) -> None:
        """Clear the visit from the screen (and, unless stored, from
        everywhere) and go back to the welcome for the next visitor."""
        self.idle.dismiss()
        if self.controller is not None:
            self.controller.stop(discard=True)  # its events must not reach the next visitor
        if self._visit_id is not None:
            self.request_end_visit.emit(self._visit_id)
        elif self._visit_wanted:
            self._unwanted_starts += 1  # ended as soon as it starts
        self._visit_id = None
        self._visit_wanted = False
        self._queued_text = ""
        self.transcript.clear()
        self.composer.clear()
        self.hide_notice()
        self.ack_box.setChecked(False)
        self._mode = "consult"
        if self._language != self.home_language:
            self._language = self.home_language
            apply_language(self.home_language)
        self._show_page("language")
        self.visit_reset.emit()

    @Slot(object)
    def _on_visit_ended(self, ended: VisitEnded) -> None:
        if ended.turns:
            self.stats.record_session(ended.stored_session_id)
        if ended.stored_session_id is not None and self.kiosk.auto_export:
            self._export([ended.stored_session_id], self._visit_export_path(ended))
        self.visit_recorded.emit(ended)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if not self._may_close and self.kiosk.has_pin:
            # Window close, Alt+F4 or Ctrl+Q: only with the PIN.
            event.ignore()
            self.ask_pin(self.exit_demo_mode)
            return
        self.idle.stop()
        self._stop_worker()
        # The last visit's end is queued from the worker: record it (and start
        # its export) before the application may quit, then let exports finish.
        QApplication.sendPostedEvents(self)
        for task in list(self._tasks):
            task.wait()
        QApplication.setFont(self._app_font_before)
        super().closeEvent(event)
        self.exited.emit()

    def wait_for_model(self, timeout_ms: int = 30000) -> bool:
        """Process events until the model has loaded or failed (screenshots)."""
        return self.controller is not None and self.controller.wait_for_model(timeout_ms)
