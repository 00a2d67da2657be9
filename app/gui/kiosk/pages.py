"""The pages of demo mode, built once into the window's page stack.

`KioskPages` is mixed into `KioskWindow`: each `_build_<name>_page` makes
one page and keeps its widgets on the window (the window's logic and the
tests reach them there). Pages hold no text: `retranslate_ui` sets it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bimedix.core.kiosk import VISITOR_SAFETY_NOTICE
from bimedix.core.prompts import DISCLAIMER, MODES
from bimedix.gui.composer import Composer
from bimedix.gui.kiosk.widgets import CardButton
from bimedix.gui.transcript import TranscriptView

LANGUAGE_NAMES = {"ar": "العربية", "en": "English"}


class KioskPages:
    """Builders of the six pages, the safety bar and the shortcuts."""

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
