"""Red-flag notices on screen (issue 19): the card above the reply in the
main window, in the message's language, again when a session is reopened;
the Preferences dialog's country used from the next turn; demo mode's large
notice and its stop-after-the-notice choice. Real widgets offscreen, the
scripted backend, the packaged rules."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from bimedix.core.chat import NOTICE_STOP_REASON, ReplyStarted
from bimedix.core.kiosk import KIOSK_FILE, KioskSettings, hash_pin
from bimedix.core.settings import DB_FILE, Settings
from bimedix.core.store import ChatStore
from bimedix.gui import red_flag_card
from bimedix.gui.i18n import apply_language
from bimedix.gui.kiosk import KioskWindow
from bimedix.gui.kiosk.settings_dialog import KioskSettingsDialog
from bimedix.gui.settings_dialog import SettingsDialog
from tests.gui.fake_backend import ScriptedBackend, factory_for

CHEST_EN = "crushing chest pain spreading to my left arm and I'm sweating"
CHEST_AR = "ألم شديد في صدري ينتشر إلى ذراعي اليسرى مع تعرق"
CRISIS_EN = "I want to kill myself"
PIN = "2468"
PIN_HASH = hash_pin(PIN)


def send(qtbot, window, text: str) -> None:
    window.composer.setPlainText(text)
    with qtbot.waitSignal(window.turn_finished, timeout=10000):
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)


def layout_index(window, widget) -> int:
    return window.transcript._layout.indexOf(widget)  # noqa: SLF001 (screen order)


def reading_order(window) -> list[object]:
    """The transcript's widgets in the order a screen reader walks them
    (Qt's accessibility tree follows the children's order)."""
    content = window.transcript.widget()
    return [c for c in content.children() if c.isWidgetType() and c.isVisibleTo(content)]


# --- main window ----------------------------------------------------------------
def test_card_comes_before_the_reply_in_english(qtbot, window, backend):
    order: list[str] = []

    def record(event: object) -> None:
        if isinstance(event, ReplyStarted):
            order.append("reply" if not window.transcript.notices() else "card, then reply")

    window.controller.turn_event.connect(record)
    send(qtbot, window, CHEST_EN)
    user, reply = window.transcript.bubbles()
    (card,) = window.transcript.notices()
    assert order == ["card, then reply"]  # on screen before the reply began
    assert layout_index(window, user) < layout_index(window, card) < layout_index(window, reply)
    readers = reading_order(window)
    assert readers.index(user) < readers.index(card) < readers.index(reply)
    assert card.language == "en"
    assert card.title.text() == "⚠ This may be an emergency."
    assert card.accessibleName() == "This may be an emergency."
    assert "Call your local emergency number now" in card.accessibleDescription()
    assert card.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert card.property("kind") == "emergency"
    assert reply.text == backend.reply  # by default the model still answers


def test_card_is_in_arabic_for_an_arabic_message_in_the_english_interface(qtbot, window):
    send(qtbot, window, CHEST_AR)
    (card,) = window.transcript.notices()
    assert card.language == "ar"
    assert card.title.text() == "⚠ قد تكون هذه حالة طارئة."
    assert "رقم الطوارئ المحلي" in card.text
    assert card.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert card.body.alignment() & Qt.AlignmentFlag.AlignRight
    # Every line right to left, the footer too, though it starts with "BiMediX".
    document = QTextDocument()
    document.setHtml(card.body.text())
    block, lines = document.begin(), []
    while block.isValid():
        lines.append((block.text(), block.blockFormat().layoutDirection()))
        block = block.next()
    assert lines[-1][0].startswith("BiMediX")
    assert {direction for _text, direction in lines} == {Qt.LayoutDirection.RightToLeft}


def test_a_benign_message_shows_no_card(qtbot, window):
    send(qtbot, window, "my chest muscles hurt after the gym")
    assert window.transcript.notices() == []
    assert len(window.transcript.bubbles()) == 2


def test_the_notice_is_announced_to_a_screen_reader(qtbot, window, monkeypatch):
    announced: list[tuple[str, object]] = []
    real = red_flag_card.QAccessible

    class Spy:
        AnnouncementPoliteness = real.AnnouncementPoliteness

        @staticmethod
        def updateAccessibility(event) -> None:  # noqa: N802 (Qt's name)
            announced.append((event.message(), event.politeness()))

    monkeypatch.setattr(red_flag_card, "QAccessible", Spy)
    send(qtbot, window, CHEST_EN)
    (card,) = window.transcript.notices()
    assert announced == [(card.text, real.AnnouncementPoliteness.Assertive)]


def test_a_crisis_notice_is_amber_with_the_crisis_title(qtbot, window):
    send(qtbot, window, CRISIS_EN)
    (card,) = window.transcript.notices()
    assert card.property("kind") == "crisis"
    assert card.title.text() == "It sounds like you are going through something very hard."


def test_reopened_session_draws_the_stored_notice_above_its_reply(qtbot, window):
    send(qtbot, window, "How is a sprained ankle treated?")
    send(qtbot, window, CHEST_AR)
    shown = window.transcript.notices()[0].text
    session_id = window.current_session().id
    window.start_new_chat()
    assert window.transcript.notices() == []
    window.open_session(session_id)
    bubbles = window.transcript.bubbles()
    (card,) = window.transcript.notices()
    assert card.text == shown
    assert layout_index(window, bubbles[2]) < layout_index(window, card)
    assert layout_index(window, card) < layout_index(window, bubbles[3])


def test_editing_the_message_removes_its_card(qtbot, window):
    send(qtbot, window, CHEST_EN)
    window.edit_last_message()
    send(qtbot, window, "I have a mild headache")
    assert window.transcript.notices() == []
    assert [b.role for b in window.transcript.bubbles()] == ["user", "assistant"]


def test_preferences_save_the_country_and_the_next_notice_uses_its_number(qtbot, window, tmp_path):
    send(qtbot, window, CHEST_EN)
    assert "your local emergency number" in window.transcript.notices()[0].text
    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog)
    assert dialog.country.country() == ""
    dialog.country.set_country("AE")
    assert "998" in dialog.number_note.text()
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert json.loads((tmp_path / "settings.json").read_text())["country"] == "AE"
    assert Settings.load(tmp_path / "settings.json").country == "AE"
    send(qtbot, window, CHEST_EN)  # the next turn, no restart
    card = window.transcript.notices()[-1]
    assert "Call 998 now" in card.text
    assert "<b><big>998</big></b>" in card.body.text()


def test_cancelled_preferences_change_nothing(qtbot, window, tmp_path):
    dialog = window.open_settings()
    dialog.country.set_country("GB")
    dialog.reject()
    assert window.settings.country == ""
    assert not (tmp_path / "settings.json").exists()


def test_preferences_are_on_the_settings_menu_with_a_shortcut(window):
    action = window.menus.preferences_action
    assert action in window.menus.settings_menu.actions()
    assert action.shortcut().toString() == "Ctrl+,"


def test_preferences_dialog_is_translated_and_keyboard_reachable(qtbot, window):
    apply_language("ar")
    try:
        dialog = SettingsDialog(Settings(country="SA"), window)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "التفضيلات"
        assert dialog.country.currentText().startswith("السعودية")
        assert dialog.country.itemText(0).startswith("غير محدد")
        labels = [w for w in dialog.findChildren(type(dialog.number_note)) if w.buddy()]
        assert [label.buddy() for label in labels] == [dialog.country]
        assert "&" in labels[0].text()  # Alt + the letter reaches the list
    finally:
        apply_language("en")


# --- demo mode --------------------------------------------------------------------
@pytest.fixture
def make_kiosk(qtbot, tmp_path):
    windows: list[KioskWindow] = []
    ChatStore(tmp_path / DB_FILE).close()

    def make(backend: ScriptedBackend, **overrides) -> KioskWindow:
        settings = KioskSettings(pin_hash=PIN_HASH, idle_timeout_s=60, countdown_s=20)
        for key, value in overrides.items():
            setattr(settings, key, value)
        window = KioskWindow(
            tmp_path, settings, "/models/fake.gguf", "en", backend_factory=factory_for(backend)
        )
        qtbot.addWidget(window)
        windows.append(window)
        window.resize(1280, 900)
        qtbot.waitUntil(lambda: window.model_info is not None)
        return window

    yield make
    for window in windows:
        if window.isVisible() or window.worker is not None:
            window.exit_demo_mode()
    apply_language("en")


def start_chat(window: KioskWindow, language: str) -> None:
    window.choose_language(language)
    window.ack_box.setChecked(True)
    window.start_chat()


def test_kiosk_shows_the_notice_large_in_the_visitors_language(qtbot, make_kiosk):
    backend = ScriptedBackend()
    window = make_kiosk(backend, country="SA")
    start_chat(window, "ar")
    qtbot.waitUntil(lambda: window._visit_id is not None)  # noqa: SLF001
    send(qtbot, window, CHEST_AR)
    (card,) = window.transcript.notices()
    assert card.language == "ar" and "997" in card.text
    assert card.layoutDirection() == Qt.LayoutDirection.RightToLeft
    # Larger than the chat's own text: the kiosk's style makes it so.
    body = window.transcript.bubbles()[0].body
    for label in (card.title, card.body, body):
        label.ensurePolished()  # the style sheet's fonts (the window is not shown)
    assert card.title.font().pointSizeF() > 1.2 * body.font().pointSizeF()
    assert card.body.font().pointSizeF() > body.font().pointSizeF()
    user, reply = window.transcript.bubbles()
    assert layout_index(window, user) < layout_index(window, card) < layout_index(window, reply)
    assert reply.text == backend.reply
    assert len(backend.seen) == 1


def test_kiosk_stops_after_the_notice_when_the_operator_chose_it(qtbot, make_kiosk):
    backend = ScriptedBackend()
    window = make_kiosk(backend, country="GB", stop_after_red_flag=True, privacy="full")
    start_chat(window, "en")
    qtbot.waitUntil(lambda: window._visit_id is not None)  # noqa: SLF001
    send(qtbot, window, CHEST_EN)
    (card,) = window.transcript.notices()
    assert "Call 999 now" in card.text
    assert [b.role for b in window.transcript.bubbles()] == ["user"]  # the notice stands alone
    assert backend.seen == []  # the model was not asked
    # The next, ordinary message is answered as usual.
    send(qtbot, window, "How much water should I drink a day?")
    assert [b.role for b in window.transcript.bubbles()] == ["user", "user", "assistant"]
    assert len(window.transcript.notices()) == 1


def test_stopped_visit_reopened_in_the_main_window_shows_one_card(qtbot, make_kiosk, tmp_path):
    from bimedix.gui.main_window import MainWindow

    window = make_kiosk(ScriptedBackend(), country="GB", stop_after_red_flag=True, privacy="full")
    start_chat(window, "en")
    qtbot.waitUntil(lambda: window._visit_id is not None)  # noqa: SLF001
    send(qtbot, window, CHEST_EN)
    session_id = window._visit_id  # noqa: SLF001
    store = ChatStore(tmp_path / DB_FILE)
    assert store.messages(session_id)[-1].stop_reason == NOTICE_STOP_REASON
    main = MainWindow(
        store, Settings(), tmp_path / "settings.json", "/models/fake.gguf",
        backend_factory=factory_for(ScriptedBackend()),
    )  # fmt: skip
    qtbot.addWidget(main)
    try:
        main.open_session(session_id)
        assert [b.role for b in main.transcript.bubbles()] == ["user"]
        (card,) = main.transcript.notices()
        assert "Call 999 now" in card.text
    finally:
        main.close()


def test_kiosk_settings_dialog_sets_country_and_stop(qtbot, tmp_path):
    dialog = KioskSettingsDialog(KioskSettings(pin_hash=PIN_HASH), starting=False)
    qtbot.addWidget(dialog)
    dialog.show()
    (label,) = [w for w in dialog.findChildren(QLabel) if w.buddy() is dialog.country]
    assert label.width() > 100  # the long "not set" item must not squeeze it away
    assert dialog.country.country() == "" and not dialog.stop_after_red_flag.isChecked()
    dialog.country.set_country("EG")
    dialog.stop_after_red_flag.setChecked(True)
    dialog.accept()
    result = dialog.result_settings()
    assert (result.country, result.stop_after_red_flag) == ("EG", True)
    result.save(tmp_path / KIOSK_FILE)
    loaded = KioskSettings.load(tmp_path / KIOSK_FILE)
    assert loaded.triage_config().country == "EG"
    assert loaded.triage_config().stop_after_notice
