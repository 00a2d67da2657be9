"""KioskWindow: demo mode for events, one visitor at a time.

Full screen, large text, no menus, no model switching, no settings and no
list of other people's chats. A bilingual welcome screen (language, then
what to try, starter prompts and the research-only disclaimer to
acknowledge), the chat itself, and after `idle_timeout_s` without input an
"Are you still there?" countdown that clears the visit. Esc opens the
operator panel and Ctrl+Q, Alt+F4 or closing the window leave demo mode,
each only with the operator PIN.

Generation runs on a `KioskWorker` thread exactly as in the main window;
the rules (PIN, safety line, statistics, anonymising) live in
`bimedix.core.kiosk` and `bimedix.core.anonymise`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QEvent, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from bimedix.core.chat import ReplyDelta, ReplyFinished, ReplyStarted, UserMessageSaved
from bimedix.core.direction import language_direction
from bimedix.core.errors import UserFacingError
from bimedix.core.export import COMBINED_FORMATS, EXTENSIONS, ExportFilter, export_sessions
from bimedix.core.kiosk import (
    KIOSK_FILE,
    KIOSK_STATS_FILE,
    STARTER_PROMPTS,
    VISITOR_SAFETY_NOTICE,
    KioskSettings,
    KioskStats,
    PinFormatError,
    PinGate,
    normalise_pin,
)
from bimedix.core.prompts import DISCLAIMER, MODES
from bimedix.core.settings import DB_FILE, Settings
from bimedix.core.store import ChatStore
from bimedix.engine.backend import GenerationParams, ModelInfo
from bimedix.gui.composer import Composer
from bimedix.gui.error_text import localized
from bimedix.gui.i18n import apply_language
from bimedix.gui.kiosk_widgets import (
    ActivityWatch,
    CardButton,
    IdleOverlay,
    kiosk_style_sheet,
    scale_for_screen_height,
)
from bimedix.gui.kiosk_worker import KioskWorker, VisitEnded, kiosk_backend_factory
from bimedix.gui.style import app_font
from bimedix.gui.tasks import BackgroundTask
from bimedix.gui.transcript import TranscriptView
from bimedix.gui.worker import BackendFactory, TurnRequest

LANGUAGE_NAMES = {"ar": "العربية", "en": "English"}


class KioskWindow(QMainWindow):
    """Demo mode: welcome, chat, idle reset and the operator's panel."""

    request_model = Signal(str, int, object)
    request_turn = Signal(object)
    request_start_visit = Signal(str, str)
    request_end_visit = Signal(int)
    request_shutdown = Signal()
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
        self._model_info: ModelInfo | None = None
        self._model_error = ""
        self._language = home_language
        self._mode = "consult"
        self._visit_id: int | None = None
        self._visit_wanted = False  # a visit was asked for and not yet ended
        self._unwanted_starts = 0  # visits asked for, then reset before they started
        self._queued_text = ""  # a starter prompt waiting for the visit to start
        self._pending_text = ""  # sent, not yet in the visit's database
        self._active: TurnRequest | None = None
        self._discarding = False  # events of a turn cut short by a reset
        self._after_pin: Callable[[], None] | None = None
        self._page_before_pin = "language"
        self._may_close = False
        self._scale = 0.0
        self._tasks: list[BackgroundTask] = []
        self._thread: QThread | None = None
        self.worker: KioskWorker | None = None

        self._build_ui()
        self._build_shortcuts()
        self._idle = QTimer(self, singleShot=True)
        self._idle.timeout.connect(self._on_idle)
        self._countdown = QTimer(self, interval=200)
        self._countdown.timeout.connect(self._on_countdown_tick)
        self._countdown_clock = QElapsedTimer()
        self._activity = ActivityWatch(self)
        self._activity.activity.connect(self._on_activity)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self._activity)
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
        self.overlay.still_here.connect(self._on_still_here)

    @staticmethod
    def _page(margins: int = 48) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(margins, margins // 2, margins, margins // 2)
        layout.setSpacing(18)
        return page, layout

    @staticmethod
    def _fixed_direction_label(text: str, object_name: str, rtl: bool) -> QLabel:
        # Bilingual texts are not translated: each is shown in its own
        # language and direction, whatever the interface language.
        label = QLabel(text)
        label.setObjectName(object_name)
        label.setWordWrap(True)
        label.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def _build_set_pin_page(self) -> QWidget:
        page, layout = self._page()
        layout.addStretch(1)
        self.set_pin_title = QLabel()
        self.set_pin_title.setObjectName("kioskHeading")
        self.set_pin_help = QLabel()
        self.set_pin_help.setWordWrap(True)
        self.new_pin = QLineEdit()
        self.repeat_pin = QLineEdit()
        for field in (self.new_pin, self.repeat_pin):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(12)
            field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
            field.returnPressed.connect(self._on_set_pin)
        self.set_pin_error = QLabel()
        self.set_pin_error.setObjectName("kioskError")
        self.set_pin_button = QPushButton()
        self.set_pin_button.setObjectName("primaryButton")
        self.set_pin_button.clicked.connect(self._on_set_pin)
        for widget in (self.set_pin_title, self.set_pin_help, self.new_pin, self.repeat_pin):
            layout.addWidget(widget)
        layout.addWidget(self.set_pin_error)
        layout.addWidget(self.set_pin_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addStretch(2)
        return self._centred(page)

    def _build_language_page(self) -> QWidget:
        page, layout = self._page()
        layout.addStretch(2)
        title = QLabel("BiMediX")
        title.setObjectName("kioskTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        layout.addWidget(
            self._fixed_direction_label(
                "اسأل مساعداً طبياً بالذكاء الاصطناعي — بالعربية أو بالإنجليزية",
                "kioskSubtitle",
                rtl=True,
            )
        )
        layout.addWidget(
            self._fixed_direction_label(
                "Ask a medical AI assistant — in Arabic or in English", "kioskSubtitle", rtl=False
            )
        )
        layout.addSpacing(24)
        row = QHBoxLayout()
        row.setSpacing(40)
        row.addStretch(1)
        self.language_buttons: dict[str, QPushButton] = {}
        # Arabic first, so it sits where an Arabic reader looks first (the
        # right) in a right-to-left interface and leads in a left-to-right one.
        for code in ("ar", "en"):
            button = QPushButton(LANGUAGE_NAMES[code])
            button.setObjectName("languageButton")
            button.clicked.connect(lambda _checked=False, c=code: self.choose_language(c))
            self.language_buttons[code] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addSpacing(24)
        layout.addWidget(self._fixed_direction_label(DISCLAIMER["ar"], "kioskSubtitle", rtl=True))
        layout.addWidget(self._fixed_direction_label(DISCLAIMER["en"], "kioskSubtitle", rtl=False))
        self.model_note = QLabel()
        self.model_note.setObjectName("kioskError")
        self.model_note.setWordWrap(True)
        self.model_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.model_note)
        layout.addStretch(3)
        return page

    def _build_setup_page(self) -> QWidget:
        page, layout = self._page()
        self.setup_title = QLabel()
        self.setup_title.setObjectName("kioskHeading")
        layout.addWidget(self.setup_title)
        modes = QHBoxLayout()
        modes.setSpacing(18)
        self.mode_cards: dict[str, CardButton] = {}
        for key in MODES:
            card = CardButton(checkable=True)
            card.setAutoExclusive(True)
            card.clicked.connect(lambda _checked=False, k=key: self.choose_mode(k))
            self.mode_cards[key] = card
            modes.addWidget(card, 1)
        layout.addLayout(modes)
        self.prompts_title = QLabel()
        self.prompts_title.setObjectName("kioskHeading")
        layout.addWidget(self.prompts_title)
        prompts = QGridLayout()
        prompts.setSpacing(14)
        self.prompt_cards: list[CardButton] = []
        for index in range(4):
            card = CardButton()
            card.clicked.connect(lambda _checked=False, i=index: self._on_prompt_clicked(i))
            self.prompt_cards.append(card)
            prompts.addWidget(card, index // 2, index % 2)
        layout.addLayout(prompts)
        layout.addStretch(1)

        ack = QFrame()
        ack.setObjectName("ackBox")
        ack_layout = QVBoxLayout(ack)
        ack_layout.setContentsMargins(18, 12, 18, 12)
        self.ack_text = QLabel()
        self.ack_text.setWordWrap(True)
        self.ack_box = QCheckBox()
        self.ack_box.toggled.connect(self._update_setup_buttons)
        ack_layout.addWidget(self.ack_text)
        ack_layout.addWidget(self.ack_box)
        layout.addWidget(ack)

        buttons = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.setObjectName("secondaryButton")
        self.back_button.clicked.connect(self.reset_visit)
        self.start_button = QPushButton()
        self.start_button.setObjectName("primaryButton")
        self.start_button.clicked.connect(lambda: self.start_chat())
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        layout.addLayout(buttons)
        return page

    def _build_chat_page(self) -> QWidget:
        page, layout = self._page(margins=24)
        header = QHBoxLayout()
        self.chat_title = QLabel()
        self.chat_title.setObjectName("kioskHeading")
        self.finish_button = QPushButton()
        self.finish_button.setObjectName("secondaryButton")
        self.finish_button.clicked.connect(self.reset_visit)
        header.addWidget(self.chat_title, 1)
        header.addWidget(self.finish_button)
        layout.addLayout(header)
        self.chat_notice = QLabel()
        self.chat_notice.setObjectName("notice")
        self.chat_notice.setWordWrap(True)
        self.chat_notice.hide()
        layout.addWidget(self.chat_notice)
        self.transcript = TranscriptView()
        layout.addWidget(self.transcript, 1)
        row = QHBoxLayout()
        self.composer = Composer()
        self.composer.submitted.connect(self.submit)
        self.send_button = QPushButton()
        self.send_button.setObjectName("primaryButton")
        self.send_button.clicked.connect(self._on_send_clicked)
        row.addWidget(self.composer, 1)
        row.addWidget(self.send_button)
        layout.addLayout(row)
        return page

    def _build_pin_page(self) -> QWidget:
        page, layout = self._page()
        layout.addStretch(1)
        self.pin_title = QLabel()
        self.pin_title.setObjectName("kioskHeading")
        self.pin_field = QLineEdit()
        self.pin_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_field.setMaxLength(12)
        self.pin_field.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.pin_field.returnPressed.connect(self._on_pin_entered)
        self.pin_error = QLabel()
        self.pin_error.setObjectName("kioskError")
        buttons = QHBoxLayout()
        self.pin_cancel = QPushButton()
        self.pin_cancel.setObjectName("secondaryButton")
        self.pin_cancel.clicked.connect(self._cancel_pin)
        self.pin_ok = QPushButton()
        self.pin_ok.setObjectName("primaryButton")
        self.pin_ok.clicked.connect(self._on_pin_entered)
        buttons.addWidget(self.pin_cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.pin_ok)
        for widget in (self.pin_title, self.pin_field, self.pin_error):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return self._centred(page)

    def _build_operator_page(self) -> QWidget:
        page, layout = self._page()
        self.operator_title = QLabel()
        self.operator_title.setObjectName("kioskHeading")
        layout.addWidget(self.operator_title)
        box = QFrame()
        box.setObjectName("operatorStats")
        stats = QVBoxLayout(box)
        stats.setContentsMargins(20, 16, 20, 16)
        self.sessions_label = QLabel()
        self.speed_label = QLabel()
        self.privacy_label = QLabel()
        self.backend_label = QLabel()
        for label in (
            self.sessions_label,
            self.speed_label,
            self.privacy_label,
            self.backend_label,
        ):
            label.setWordWrap(True)
            stats.addWidget(label)
        layout.addWidget(box)
        self.export_result = QLabel()
        self.export_result.setWordWrap(True)
        self.export_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.export_result)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.export_button = QPushButton()
        self.export_button.setObjectName("secondaryButton")
        self.export_button.clicked.connect(self.export_today)
        self.settings_button = QPushButton()
        self.settings_button.setObjectName("secondaryButton")
        self.settings_button.clicked.connect(self.edit_settings)
        self.exit_button = QPushButton()
        self.exit_button.setObjectName("secondaryButton")
        self.exit_button.clicked.connect(self.exit_demo_mode)
        self.resume_button = QPushButton()
        self.resume_button.setObjectName("primaryButton")
        self.resume_button.clicked.connect(self._resume_from_operator)
        for button in (self.export_button, self.settings_button, self.exit_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.resume_button)
        layout.addLayout(buttons)
        return page

    @staticmethod
    def _centred(page: QWidget) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.addStretch(1)
        row.addWidget(page, 2)
        row.addStretch(1)
        return holder

    def _build_safety_bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("safetyBar")
        bar.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        bar.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # English left, Arabic right
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 6, 16, 6)
        english = QLabel(f"⚕ {VISITOR_SAFETY_NOTICE['en']}")
        english.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        arabic = QLabel(VISITOR_SAFETY_NOTICE["ar"])
        arabic.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        for label in (english, arabic):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            row.addWidget(label, 1)
        self.safety_bar = bar
        return bar

    def _build_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WindowShortcut
        self.escape_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self, context=context)
        self.escape_shortcut.activated.connect(self._on_escape)
        self.quit_shortcuts = [
            QShortcut(QKeySequence(keys), self, context=context) for keys in ("Ctrl+Q", "Alt+F4")
        ]
        for shortcut in self.quit_shortcuts:
            shortcut.activated.connect(self.close)

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
        self._update_countdown_label()
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
            self._model_error = ""
            self.request_model.emit(self._model_spec, self._n_ctx, self._prompt_formats)
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

    # --- turns ---------------------------------------------------------------
    def submit(self) -> None:
        text = self.composer.toPlainText().strip()
        if not text or self._active is not None or self._model_info is None:
            return
        if self._visit_id is None:
            self._queued_text = text  # sent as soon as the visit exists
            self.composer.clear()
            self._update_buttons()
            return
        self._send(text)

    def _send(self, text: str) -> None:
        assert self._visit_id is not None
        self.hide_notice()
        params = GenerationParams(max_tokens=self.kiosk.max_tokens)
        self._active = TurnRequest("send", self._visit_id, params, text)
        self._pending_text = text
        self.composer.clear()
        self._update_buttons()
        self._arm_idle()
        self.request_turn.emit(self._active)

    def _on_send_clicked(self) -> None:
        if self._active is not None:
            self._active.cancel.cancel()
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
        if self._discarding:
            return
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
    def _on_turn_failed(self, error: UserFacingError) -> None:
        if self._discarding:
            return
        if self._pending_text and not self.composer.toPlainText():
            self.composer.setPlainText(self._pending_text)
        self.show_notice(localized(error))

    @Slot()
    def _on_turn_done(self) -> None:
        self._active = None
        self._pending_text = ""
        self._discarding = False
        self._update_buttons()
        self._arm_idle()
        self.turn_finished.emit()

    def show_notice(self, text: str) -> None:
        self.chat_notice.setText(text)
        self.chat_notice.show()

    def hide_notice(self) -> None:
        self.chat_notice.hide()

    def _update_buttons(self) -> None:
        generating = self._active is not None
        self.send_button.setText(self.tr("Stop") if generating else self.tr("Send"))
        self.send_button.setEnabled(generating or self._model_info is not None)

    # --- the model -------------------------------------------------------------
    def _start_worker(self) -> None:
        """A generation thread for the current privacy and backend choice."""
        models_dir = self.data_dir / "models"
        factory = self._backend_factory or kiosk_backend_factory(
            self.kiosk, models_dir, self.db_path
        )
        self._thread = QThread(self)
        self._thread.setObjectName("kiosk-generation")
        worker = KioskWorker(self.db_path, self.kiosk.privacy, factory)
        worker.moveToThread(self._thread)
        self.request_model.connect(worker.load_model)
        self.request_turn.connect(worker.run_visit_turn)
        self.request_start_visit.connect(worker.start_visit)
        self.request_end_visit.connect(worker.end_visit)
        self.request_shutdown.connect(
            worker.shutdown_kiosk, Qt.ConnectionType.BlockingQueuedConnection
        )
        worker.model_loaded.connect(self._on_model_loaded)
        worker.model_failed.connect(self._on_model_failed)
        worker.turn_event.connect(self._on_turn_event)
        worker.turn_failed.connect(self._on_turn_failed)
        worker.reply_not_saved.connect(self._on_turn_failed)
        worker.storage_failed.connect(self._on_storage_failed)
        worker.turn_done.connect(self._on_turn_done)
        worker.visit_started.connect(self._on_visit_started)
        worker.visit_ended.connect(self._on_visit_ended)
        self.worker = worker
        self._thread.start()
        self._model_info = None
        self._model_error = ""
        self.request_model.emit(self._model_spec, self._n_ctx, self._prompt_formats)

    def _stop_worker(self) -> None:
        if self._thread is None or self.worker is None:
            return
        if self._active is not None:
            self._active.cancel.cancel()
        if self._thread.isRunning():
            self.request_shutdown.emit()
            self._thread.quit()
            self._thread.wait()
        for signal in (
            self.request_model,
            self.request_turn,
            self.request_start_visit,
            self.request_end_visit,
            self.request_shutdown,
        ):
            signal.disconnect()
        self.worker.deleteLater()
        self.worker = None
        self._thread = None
        self._active = None
        self._visit_id = None
        self._visit_wanted = False
        self._unwanted_starts = 0

    @Slot(object)
    def _on_model_loaded(self, info: ModelInfo) -> None:
        self._model_info = info
        self._model_error = ""
        self._update_buttons()
        self._update_model_note()

    @Slot(object)
    def _on_model_failed(self, error: UserFacingError) -> None:
        self._model_info = None
        self._model_error = localized(error)
        self._update_buttons()
        self._update_model_note()

    def _update_model_note(self) -> None:
        if self._model_error:
            text = self.tr("The assistant is not available: %s Please ask a member of staff.")
            self.model_note.setText(text % self._model_error)
        elif self._model_info is None:
            self.model_note.setText(self.tr("The assistant is getting ready…"))
        elif self._model_info.notice:  # the default model fell back to SmolLM2
            self.model_note.setText(self._model_info.notice)
        else:
            self.model_note.clear()

    @property
    def model_info(self) -> ModelInfo | None:
        return self._model_info

    @Slot(object)
    def _on_storage_failed(self, error: UserFacingError) -> None:
        # For the operator; the visitor's chat goes on.
        self.export_result.setText(self.tr("Could not store a session: %s") % localized(error))

    # --- idle reset ----------------------------------------------------------------
    def _arm_idle(self) -> None:
        """Run the idle timer when someone may have walked away mid-visit."""
        idle_page = self.current_page not in ("language", "set_pin")
        if idle_page and self._active is None and not self.asking_still_there:
            self._idle.start(round(self.kiosk.idle_timeout_s * 1000))
        else:
            self._idle.stop()

    @Slot(bool)
    def _on_activity(self, deliberate: bool) -> None:
        if self.asking_still_there:
            # A bumped mouse is not an answer; a touch, click or key is.
            if deliberate:
                self._on_still_here()
        elif self._idle.isActive():
            self._idle.start()

    def _on_idle(self) -> None:
        self.overlay.setGeometry(self.centralWidget().rect())
        self.overlay.show()
        self.overlay.raise_()
        self._countdown_clock.start()
        self._countdown.start()
        self._update_countdown_label()

    def seconds_left(self) -> int:
        remaining = self.kiosk.countdown_s - self._countdown_clock.elapsed() / 1000
        return max(0, math.ceil(remaining))

    @property
    def asking_still_there(self) -> bool:
        """The "Are you still there?" countdown is running."""
        return self._countdown.isActive()

    def _update_countdown_label(self) -> None:
        if self.asking_still_there:
            self.overlay.seconds.setText(str(self.seconds_left()))

    def _on_countdown_tick(self) -> None:
        if self._countdown_clock.elapsed() >= self.kiosk.countdown_s * 1000:
            self.reset_visit()
        else:
            self._update_countdown_label()

    def _on_still_here(self) -> None:
        self._countdown.stop()
        self.overlay.hide()
        self._arm_idle()

    def reset_visit(self) -> None:
        """Clear the visit from the screen (and, unless stored, from
        everywhere) and go back to the welcome for the next visitor."""
        self._countdown.stop()
        self.overlay.hide()
        if self._active is not None:
            self._active.cancel.cancel()
            self._discarding = True
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

    # --- exports ----------------------------------------------------------------
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
                self.export_result.setText(self.tr("No sessions were stored today."))
            else:
                self.export_result.setText(
                    self.tr("Nothing to export: sessions are not stored (privacy setting).")
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
            message = self.tr("Exported to %s") % path
            self.export_result.setText(message)
            self.export_finished.emit(message)

        def failed(error: str) -> None:
            message = self.tr("Export failed: %s") % error
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

    # --- the operator ---------------------------------------------------------------
    def _on_escape(self) -> None:
        if self.current_page == "pin":
            self._cancel_pin()
        elif self.current_page == "operator":
            self._resume_from_operator()
        elif self.current_page != "set_pin":
            self.ask_pin(lambda: self._show_page("operator"))

    def ask_pin(self, then: Callable[[], None]) -> None:
        """Show the PIN page; run `then` once the right PIN is entered."""
        if self.current_page != "pin":
            self._page_before_pin = self.current_page
        self._after_pin = then
        self.pin_error.clear()
        self._show_page("pin")

    def _on_pin_entered(self) -> None:
        locked = self._gate.seconds_locked()
        if not locked and self._gate.check(self.pin_field.text()):
            action, self._after_pin = self._after_pin, None
            self.pin_field.clear()
            if action is not None:
                action()
            return
        self.pin_field.clear()
        locked = self._gate.seconds_locked()
        if locked:
            self.pin_error.setText(
                self.tr("Too many wrong PINs. Try again in %d seconds.") % locked
            )
        else:
            self.pin_error.setText(self.tr("Wrong PIN."))

    def _cancel_pin(self) -> None:
        self._after_pin = None
        self._show_page(self._page_before_pin)

    def _resume_from_operator(self) -> None:
        self._show_page(self._page_before_pin if self._page_before_pin != "pin" else "language")

    def _on_set_pin(self) -> None:
        first, second = self.new_pin.text(), self.repeat_pin.text()
        try:
            normalise_pin(first)
        except PinFormatError:
            self.set_pin_error.setText(self.tr("The PIN must be 4 to 12 digits."))
            return
        if normalise_pin(first) != (normalise_pin(second) if second.strip() else ""):
            self.set_pin_error.setText(self.tr("The two PINs are not the same."))
            self.repeat_pin.clear()
            return
        self.kiosk.set_pin(first)
        self._gate = PinGate(self.kiosk.pin_hash)
        self._save_kiosk_settings()
        self.new_pin.clear()
        self.repeat_pin.clear()
        self.set_pin_error.clear()
        self._show_page("language")

    def _save_kiosk_settings(self) -> None:
        try:
            self.kiosk.save(self.kiosk_path)
        except OSError as exc:
            self.export_result.setText(self.tr("Could not save the demo settings: %s") % exc)

    def _refresh_operator_panel(self) -> None:
        today = self.stats.today()
        self.sessions_label.setText(
            self.tr("Sessions served today: %d (%d replies)") % (today.sessions, today.replies)
        )
        speed, first = today.average_tokens_per_s, today.average_first_token_s
        if speed is None:
            self.speed_label.setText(self.tr("Average reply speed: no replies yet today"))
        else:
            self.speed_label.setText(
                self.tr("Average reply speed: %.1f tokens/s; first words after %.1f s")
                % (speed, first or 0.0)
            )
        privacy = {
            "none": self.tr("not stored"),
            "anonymised": self.tr("stored anonymised"),
            "full": self.tr("stored"),
        }[self.kiosk.privacy]
        text = self.tr("Visitors' sessions: %s") % privacy
        if self.kiosk.auto_export and self.kiosk.stores_visits:
            text += " · " + self.tr("each one exported to %s") % self._export_dir()
        self.privacy_label.setText(text)
        if self.kiosk.backend == "openai":
            where = self.tr("remote server %s") % f"\u2068{self.kiosk.base_url}\u2069"
        elif self._model_info is not None:
            where = f"\u2068{self._model_info.display_name}\u2069"
        else:
            where = "…"
        self.backend_label.setText(self.tr("Model: %s") % where)

    def edit_settings(self) -> None:
        """The demo settings dialog, from the operator panel (PIN already given)."""
        from bimedix.gui.kiosk_settings_dialog import KioskSettingsDialog

        before = (self.kiosk.privacy, self.kiosk.backend, self.kiosk.model,
                  self.kiosk.base_url, self.kiosk.api_model, self.kiosk.api_key)  # fmt: skip
        dialog = KioskSettingsDialog(self.kiosk, self, starting=False)
        if not dialog.exec():
            return
        self.kiosk = dialog.result_settings()
        self._gate = PinGate(self.kiosk.pin_hash)
        self._save_kiosk_settings()
        after = (self.kiosk.privacy, self.kiosk.backend, self.kiosk.model,
                 self.kiosk.base_url, self.kiosk.api_model, self.kiosk.api_key)  # fmt: skip
        if after != before:
            # Where visits are kept, or which model answers, changed: a new
            # worker for the next visitor.
            self.reset_visit()
            self._stop_worker()
            if self.kiosk.backend == "local" and self.kiosk.model:
                self._model_spec = self.kiosk.model
            self._start_worker()
            self._page_before_pin = "language"
        self._refresh_operator_panel()

    def exit_demo_mode(self) -> None:
        """Leave demo mode (the PIN was given): end the visit, release the model."""
        self.reset_visit()
        self._may_close = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if not self._may_close and self.kiosk.has_pin:
            # Window close, Alt+F4 or Ctrl+Q: only with the PIN.
            event.ignore()
            self.ask_pin(self.exit_demo_mode)
            return
        self._idle.stop()
        self._countdown.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._activity)
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
        timer = QElapsedTimer()
        timer.start()
        while self._model_info is None and not self._model_error and timer.elapsed() < timeout_ms:
            QApplication.processEvents()
            QThread.msleep(10)
        return self._model_info is not None


def open_demo_mode(
    parent: QWidget,
    data_dir: Path,
    settings: Settings,
    model_spec: str,
    before_start: Callable[[], None] = lambda: None,
) -> KioskWindow | None:
    """Settings ▸ Demo mode…: the operator reviews the demo settings (and
    sets the PIN the first time); returns the kiosk window, not yet shown,
    or None if they cancelled. `before_start` runs just before the kiosk
    starts loading its model (the main window releases its own there)."""
    from bimedix.gui.kiosk_settings_dialog import KioskSettingsDialog

    kiosk = KioskSettings.load(data_dir / KIOSK_FILE)
    dialog = KioskSettingsDialog(kiosk, parent, starting=True)
    if not dialog.exec():
        return None
    kiosk = dialog.result_settings()
    try:
        kiosk.save(data_dir / KIOSK_FILE)
    except OSError:
        pass  # the kiosk runs on these settings; its panel reports failed saves
    before_start()
    return KioskWindow(
        data_dir,
        kiosk,
        model_spec,
        settings.ui_language,
        n_ctx=settings.n_ctx,
        prompt_formats=settings.prompt_formats,
    )


def run_kiosk(
    app: QApplication, data_dir: Path, settings: Settings, model_spec: str, screenshot: str | None
) -> int:
    """`bimedix-desktop --kiosk`: demo mode from the start (the PIN is set
    on the first screen the first time)."""
    from bimedix.gui.single_instance import RaiseServer

    window = KioskWindow(
        data_dir,
        KioskSettings.load(data_dir / KIOSK_FILE),
        model_spec,
        settings.ui_language,
        n_ctx=settings.n_ctx,
        prompt_formats=settings.prompt_formats,
    )
    raise_server = RaiseServer(data_dir, window)
    raise_server.raise_requested.connect(lambda: (window.raise_(), window.activateWindow()))
    window.showFullScreen()
    screen = window.screen()
    if screenshot and screen is not None:
        window.setGeometry(screen.geometry())  # no window manager to do it
    if screenshot:
        window.wait_for_model()
        for _ in range(5):
            app.processEvents()
        ok = window.grab().save(screenshot)
        window.exit_demo_mode()
        print(screenshot if ok else f"could not write {screenshot}")
        return 0 if ok else 1
    return int(app.exec())
