"""Demo (kiosk) mode, driven through real widgets offscreen with a scripted
backend: the welcome, idle reset, the PIN, privacy choices, statistics and
exports, and the mirrored Arabic welcome."""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from bimedix.core.chat import NEW_SESSION_TITLE
from bimedix.core.kiosk import (
    DEMO_SAFETY_LINE,
    KIOSK_FILE,
    STARTER_PROMPTS,
    KioskSettings,
    KioskStats,
    demo_system_prompt,
    hash_pin,
    verify_pin,
)
from bimedix.core.settings import DB_FILE, Settings
from bimedix.core.store import ChatStore
from bimedix.errors import ModelLoadError, UserFacingError
from bimedix.gui.i18n import apply_language
from bimedix.gui.kiosk import KioskWindow
from bimedix.gui.kiosk.settings_dialog import KioskSettingsDialog
from bimedix.gui.kiosk.worker import kiosk_backend_factory
from tests.gui.fake_backend import ScriptedBackend, factory_for
from tests.openai_stub import OpenAIStub

PIN = "2468"
PIN_HASH = hash_pin(PIN)  # scrypt is slow on purpose: hash once


@pytest.fixture
def make_kiosk(qtbot, tmp_path):
    windows: list[KioskWindow] = []
    ChatStore(tmp_path / DB_FILE).close()  # the user's database, as the app leaves it

    def make(backend: ScriptedBackend | None = None, **overrides) -> KioskWindow:
        settings = KioskSettings(pin_hash=PIN_HASH, idle_timeout_s=60, countdown_s=20)
        for key, value in overrides.items():
            setattr(settings, key, value)
        window = KioskWindow(
            tmp_path, settings, "/models/fake.gguf", "en",
            backend_factory=factory_for(backend or ScriptedBackend()),
        )  # fmt: skip
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


def start_visit(qtbot, window: KioskWindow, language: str = "en", prompt: int = 0) -> None:
    """Pick a language, acknowledge the disclaimer, send a starter prompt."""
    window.choose_language(language)
    assert window.current_page == "setup"
    window.ack_box.setChecked(True)
    with qtbot.waitSignal(window.turn_finished, timeout=10000):
        window.prompt_cards[prompt].click()


def send(qtbot, window: KioskWindow, text: str) -> None:
    window.composer.setPlainText(text)
    with qtbot.waitSignal(window.turn_finished, timeout=10000):
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)


def rows(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as conn:
        sessions = conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
        messages = conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0]
    return sessions, messages


def test_disclaimer_must_be_acknowledged_before_chatting(qtbot, make_kiosk):
    backend = ScriptedBackend()
    window = make_kiosk(backend)
    assert window.current_page == "language"
    window.choose_language("en")
    assert not window.start_button.isEnabled()
    assert not any(card.isEnabled() for card in window.prompt_cards)
    window.start_chat("ignored")  # refused without the acknowledgement
    assert window.current_page == "setup" and backend.seen == []
    window.ack_box.setChecked(True)
    assert window.start_button.isEnabled()


def test_starter_prompts_follow_the_mode_in_both_languages(qtbot, make_kiosk):
    window = make_kiosk()
    window.choose_language("en")
    window.choose_mode("mcq")
    texts = [card.body.text() for card in window.prompt_cards]
    assert texts[:3] == list(STARTER_PROMPTS["mcq"]["en"])
    assert texts[3] == STARTER_PROMPTS["mcq"]["ar"][0]  # one in the other language
    # The Arabic prompt is right-aligned even in the English interface.
    assert window.prompt_cards[3].body.alignment() & Qt.AlignmentFlag.AlignRight


def test_a_starter_prompt_starts_the_chat_with_the_demo_safety_line(qtbot, make_kiosk):
    backend = ScriptedBackend(reply="Please tell me more about the fever.")
    window = make_kiosk(backend)
    window.choose_language("en")
    window.choose_mode("qa")
    window.ack_box.setChecked(True)
    with qtbot.waitSignal(window.turn_finished, timeout=10000):
        window.prompt_cards[1].click()
    assert window.current_page == "chat"
    bubbles = window.transcript.bubbles()
    assert [b.role for b in bubbles] == ["user", "assistant"]
    assert bubbles[0].text == STARTER_PROMPTS["qa"]["en"][1]
    assert bubbles[1].text == backend.reply
    system = backend.seen[0][0]
    assert system.role == "system" and system.content == demo_system_prompt("qa", "en")
    assert DEMO_SAFETY_LINE["ar"] in system.content
    send(qtbot, window, "And what about children?")
    assert len(window.transcript.bubbles()) == 4
    assert backend.threads and threading.get_ident() not in backend.threads


def test_idle_visit_counts_down_then_resets_to_the_welcome(qtbot, make_kiosk, tmp_path):
    window = make_kiosk(idle_timeout_s=0.3, countdown_s=0.6)
    start_visit(qtbot, window)
    assert window.transcript.bubbles()
    qtbot.waitUntil(lambda: window.asking_still_there, timeout=3000)
    assert window.overlay.isVisibleTo(window)
    assert window.overlay.question.text() == "Are you still there?"
    assert window.overlay.seconds.text() in ("1", "0")
    assert window.current_page == "chat"  # still there, behind the question
    with qtbot.waitSignal(window.visit_reset, timeout=3000):
        pass
    assert window.current_page == "language"
    assert not window.asking_still_there
    assert window.transcript.bubbles() == []
    assert window.composer.toPlainText() == ""
    assert not window.ack_box.isChecked()  # the next visitor acknowledges again


def test_a_touch_during_the_countdown_keeps_the_visit(qtbot, make_kiosk):
    window = make_kiosk(idle_timeout_s=0.3, countdown_s=30)
    window.show()
    qtbot.waitExposed(window)
    start_visit(qtbot, window)
    qtbot.waitUntil(lambda: window.asking_still_there, timeout=3000)
    qtbot.mouseClick(window.overlay.button, Qt.MouseButton.LeftButton)
    assert not window.asking_still_there
    assert window.current_page == "chat" and len(window.transcript.bubbles()) == 2


def test_the_idle_timer_waits_while_a_reply_is_generated(qtbot, make_kiosk):
    slow = ScriptedBackend(reply=" ".join(["word"] * 60), delay_s=0.02)
    window = make_kiosk(slow, idle_timeout_s=0.3, countdown_s=30)
    start_visit(qtbot, window)  # the reply takes about 1.2 s, four idle periods
    assert window.transcript.bubbles()[-1].text == slow.reply
    assert not window.asking_still_there


def test_the_welcome_itself_never_times_out(qtbot, make_kiosk):
    window = make_kiosk(idle_timeout_s=0.1, countdown_s=0.1)
    qtbot.wait(400)
    assert window.current_page == "language" and not window.asking_still_there


@pytest.mark.parametrize("how", ["escape", "ctrl+q", "alt+f4", "close"])
def test_leaving_needs_the_pin(qtbot, make_kiosk, how):
    window = make_kiosk()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    start_visit(qtbot, window)
    exited: list[bool] = []
    window.exited.connect(lambda: exited.append(True))
    if how == "escape":
        qtbot.keyClick(window.composer, Qt.Key.Key_Escape)
    elif how == "ctrl+q":
        qtbot.keyClick(window.composer, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    elif how == "alt+f4":
        qtbot.keyClick(window.composer, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    else:
        assert window.close() is False
    assert window.isVisible() and window.current_page == "pin"
    # A wrong PIN changes nothing.
    qtbot.keyClicks(window.pin_field, "1111")
    qtbot.keyClick(window.pin_field, Qt.Key.Key_Return)
    assert window.pin_error.text() == "Wrong PIN."
    assert window.isVisible() and window.current_page == "pin" and not exited
    # Cancel goes back to the visitor's chat, untouched.
    window.pin_cancel.click()
    assert window.current_page == "chat" and len(window.transcript.bubbles()) == 2
    if how == "escape":
        qtbot.keyClick(window.composer, Qt.Key.Key_Escape)
    else:
        window.close()
    qtbot.keyClicks(window.pin_field, PIN)
    qtbot.keyClick(window.pin_field, Qt.Key.Key_Return)
    if how == "escape":
        assert window.current_page == "operator" and window.isVisible()
        window.exit_button.click()
    assert exited == [True] and not window.isVisible()
    assert window.worker is None  # the model was released


def test_too_many_wrong_pins_lock_the_panel(qtbot, make_kiosk):
    window = make_kiosk()
    window.ask_pin(lambda: None)
    for _ in range(5):
        window.pin_field.setText("0000")
        window.pin_ok.click()
    assert "Try again in 30 seconds" in window.pin_error.text()
    window.pin_field.setText(PIN)
    window.pin_ok.click()
    assert window.current_page == "pin"  # the right PIN waits out the lockout too


def test_not_stored_leaves_nothing_in_the_database(qtbot, make_kiosk, tmp_path):
    window = make_kiosk(privacy="none")
    start_visit(qtbot, window)
    secret = "My name is Zebedee Quill and my number is 0501234567"
    send(qtbot, window, secret)
    with qtbot.waitSignal(window.visit_recorded, timeout=5000):
        window.finish_button.click()
    db = tmp_path / DB_FILE
    assert rows(db) == (0, 0)
    window.exit_demo_mode()
    for path in tmp_path.glob(DB_FILE + "*"):  # the database, its WAL and journal
        assert b"Zebedee" not in path.read_bytes()
    stats = KioskStats(tmp_path / "kiosk-stats.json").today()
    assert stats.sessions == 1 and stats.replies == 2 and stats.stored_session_ids == []


def test_stored_anonymised_keeps_the_chat_without_identifying_details(qtbot, make_kiosk, tmp_path):
    window = make_kiosk(privacy="anonymised")
    window.choose_language("en")
    window.ack_box.setChecked(True)
    window.start_chat()
    qtbot.waitUntil(lambda: window._visit_id is not None)
    send(qtbot, window, "My name is Zebedee Quill, call me on +44 7700 900123, I have a rash")
    with qtbot.waitSignal(window.visit_recorded, timeout=5000) as recorded:
        window.finish_button.click()
    stored_id = recorded.args[0].stored_session_id
    store = ChatStore(tmp_path / DB_FILE)
    (session,) = store.list_sessions()
    assert session.id == stored_id and session.title == "Demo session"
    user, reply = store.messages(session.id)
    assert user.content == "My name is [name], call me on [number], I have a rash"
    assert reply.role == "assistant" and reply.status == "complete"
    assert reply.system_prompt == demo_system_prompt("consult", "en")
    assert KioskStats(tmp_path / "kiosk-stats.json").today().stored_session_ids == [stored_id]


def test_stored_visits_are_exported_automatically_and_on_request(qtbot, make_kiosk, tmp_path):
    window = make_kiosk(privacy="full", auto_export=True, export_format="json")
    start_visit(qtbot, window)
    with qtbot.waitSignal(window.export_finished, timeout=10000) as exported:
        window.finish_button.click()
    assert exported.args[0].startswith("Exported to ")
    (visit_file,) = (tmp_path / "kiosk-exports" / date.today().isoformat()).glob("visit-*.json")
    archive = json.loads(visit_file.read_text(encoding="utf-8"))
    (session,) = archive["sessions"]
    assert session["messages"][0]["content"] == STARTER_PROMPTS["consult"]["en"][0]
    assert session["title"] not in NEW_SESSION_TITLE.values()  # stored like any chat
    # The operator's export of the day holds it too.
    with qtbot.waitSignal(window.export_finished, timeout=10000):
        window.export_today()
    today = tmp_path / "kiosk-exports" / f"kiosk-{date.today().isoformat()}.json"
    assert json.loads(today.read_text(encoding="utf-8"))["sessions"][0]["id"] == session["id"]


def test_an_empty_visit_is_not_counted_or_stored(qtbot, make_kiosk, tmp_path):
    window = make_kiosk(privacy="full")
    window.choose_language("en")
    window.ack_box.setChecked(True)
    window.start_chat()
    qtbot.waitUntil(lambda: window._visit_id is not None)
    with qtbot.waitSignal(window.visit_recorded, timeout=5000):
        window.finish_button.click()
    assert rows(tmp_path / DB_FILE) == (0, 0)
    assert KioskStats(tmp_path / "kiosk-stats.json").today().sessions == 0


def test_operator_panel_shows_todays_sessions_and_speed(qtbot, make_kiosk):
    window = make_kiosk(privacy="none")
    start_visit(qtbot, window)
    with qtbot.waitSignal(window.visit_recorded, timeout=5000):
        window.reset_visit()
    window.ask_pin(lambda: window._show_page("operator"))
    window.pin_field.setText(PIN)
    window.pin_ok.click()
    assert window.current_page == "operator"
    assert window.sessions_label.text() == "Sessions served today: 1 (1 replies)"
    assert "100.0 tokens/s" in window.speed_label.text()  # the scripted backend's figure
    assert "not stored" in window.privacy_label.text()
    window.export_today()
    assert "not stored" in window.export_result.text()
    window.resume_button.click()
    assert window.current_page == "language"


def test_first_use_asks_for_a_pin_and_stores_only_its_hash(qtbot, tmp_path):
    window = KioskWindow(
        tmp_path, KioskSettings(), "/models/fake.gguf", "en",
        backend_factory=factory_for(ScriptedBackend()),
    )  # fmt: skip
    qtbot.addWidget(window)
    try:
        assert window.current_page == "set_pin"
        window.new_pin.setText("12")
        window.set_pin_button.click()
        assert window.set_pin_error.text() == "The PIN must be 4 to 12 digits."
        window.new_pin.setText("975310")
        window.repeat_pin.setText("975311")
        window.set_pin_button.click()
        assert window.set_pin_error.text() == "The two PINs are not the same."
        window.repeat_pin.setText("975310")
        window.set_pin_button.click()
        assert window.current_page == "language"
        saved = KioskSettings.load(tmp_path / KIOSK_FILE)
        assert verify_pin("975310", saved.pin_hash)
        assert "975310" not in (tmp_path / KIOSK_FILE).read_text(encoding="utf-8")
    finally:
        window.exit_demo_mode()


def x_of(widget: QWidget, window: QWidget) -> int:
    return widget.mapTo(window, QPoint(0, 0)).x()


def test_arabic_welcome_is_mirrored_and_translated(qtbot, make_kiosk):
    window = make_kiosk()
    window.show()
    qtbot.waitExposed(window)
    window.choose_language("ar")
    qtbot.waitUntil(lambda: window.start_button.text() == "ابدأ المحادثة")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.mode_cards["consult"].title.text() == "استشارة"
    # The first mode is on the right, the last on the left.
    cards = window.mode_cards
    assert x_of(cards["consult"], window) > x_of(cards["mcq"], window) > x_of(cards["qa"], window)
    assert x_of(cards["consult"], window) > window.width() / 2
    # "Back" leads on the right; "Start" ends on the left.
    assert x_of(window.back_button, window) > window.width() / 2
    assert x_of(window.start_button, window) < window.width() / 2
    # Arabic starter prompts first, right-aligned; the English one left-aligned.
    assert window.prompt_cards[0].body.text() == STARTER_PROMPTS["consult"]["ar"][0]
    assert window.prompt_cards[0].body.alignment() & Qt.AlignmentFlag.AlignRight
    assert window.prompt_cards[3].body.alignment() & Qt.AlignmentFlag.AlignLeft
    # The next visitor finds the operator's language again.
    window.reset_visit()
    qtbot.waitUntil(lambda: window.layoutDirection() == Qt.LayoutDirection.LeftToRight)
    assert window.current_page == "language"


def test_arabic_chat_is_right_aligned_and_answered_with_the_arabic_prompt(qtbot, make_kiosk):
    backend = ScriptedBackend(reply="منذ متى بدأت الحمى؟")
    window = make_kiosk(backend)
    start_visit(qtbot, window, "ar")
    assert backend.seen[0][0].content == demo_system_prompt("consult", "ar")
    user = window.transcript.bubbles()[0]
    assert user.direction == "rtl"


def test_remote_backend_is_chosen_by_the_settings(tmp_path):
    bad = KioskSettings(backend="openai", base_url="10.0.0.2:8080")
    with pytest.raises(UserFacingError, match="not a server address"):
        kiosk_backend_factory(bad, tmp_path, str(tmp_path / DB_FILE))("", 2048, {})
    local = kiosk_backend_factory(KioskSettings(), tmp_path, str(tmp_path / DB_FILE))
    with pytest.raises(ModelLoadError, match="not found"):
        local(str(tmp_path / "missing.gguf"), 2048, {})


def test_a_visit_is_answered_by_a_remote_server(qtbot, tmp_path):
    with OpenAIStub("Remote reply from the event server.") as server:
        settings = KioskSettings(
            pin_hash=PIN_HASH,
            backend="openai",
            base_url=server.url,
            api_model="bimedix",
            api_key="event-key",
        )
        ChatStore(tmp_path / DB_FILE).close()
        factory = kiosk_backend_factory(settings, tmp_path, str(tmp_path / DB_FILE))
        window = KioskWindow(tmp_path, settings, "", "en", backend_factory=factory)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.model_info is not None, timeout=10000)
        start_visit(qtbot, window, "en")
        assert window.transcript.bubbles()[1].text == server.reply
        request = server.requests[0]
        assert request["model"] == "bimedix" and request["stream"] is True
        assert request["messages"][0] == {
            "role": "system",
            "content": demo_system_prompt("consult", "en"),
        }
        assert server.keys == ["Bearer event-key"]
        window.exit_demo_mode()


def test_settings_dialog_validates_and_returns_the_choices(qtbot):
    dialog = KioskSettingsDialog(KioskSettings(), starting=True)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.error.text() == "The PIN must be 4 to 12 digits."
    dialog.pin.setText("1234")
    dialog.pin_again.setText("1234")
    dialog.privacy_buttons["anonymised"].setChecked(True)
    dialog.auto_export.setChecked(True)
    dialog.remote.setChecked(True)
    dialog.base_url.setText("server:8080")
    dialog.accept()
    assert "http://" in dialog.error.text()
    dialog.base_url.setText("http://10.0.0.2:8080/v1")
    dialog.idle.setValue(90)
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    chosen = dialog.result_settings()
    assert verify_pin("1234", chosen.pin_hash)
    assert (chosen.privacy, chosen.auto_export, chosen.backend) == ("anonymised", True, "openai")
    assert chosen.base_url == "http://10.0.0.2:8080/v1" and chosen.idle_timeout_s == 90


def test_settings_demo_mode_hands_the_screen_to_the_kiosk_and_back(
    qtbot, window, monkeypatch, tmp_path
):
    def accept_with_pin(dialog: KioskSettingsDialog) -> int:
        dialog.pin.setText(PIN)
        dialog.pin_again.setText(PIN)
        return 1

    monkeypatch.setattr(KioskSettingsDialog, "exec", accept_with_pin)
    window.show()
    qtbot.waitExposed(window)
    window.demo_mode_action.trigger()
    kiosk = window._kiosk
    assert isinstance(kiosk, KioskWindow)
    assert not window.isVisible() and kiosk.isVisible()
    assert window.model_info is None  # the main window let go of its model
    assert verify_pin(PIN, KioskSettings.load(tmp_path / KIOSK_FILE).pin_hash)
    assert kiosk.close() is False and kiosk.current_page == "pin"
    kiosk.pin_field.setText(PIN)
    kiosk.pin_ok.click()
    assert not kiosk.isVisible() and window.isVisible()
    qtbot.waitUntil(lambda: window.model_info is not None)


def test_settings_are_remembered_between_runs(tmp_path):
    settings = KioskSettings(pin_hash=PIN_HASH, privacy="full", idle_timeout_s=300)
    settings.save(tmp_path / KIOSK_FILE)
    assert KioskSettings.load(tmp_path / KIOSK_FILE) == settings
    assert Settings().ui_language == "en"  # the app's own settings are untouched


def test_a_model_that_failed_to_load_is_tried_again_for_the_next_visitor(qtbot, tmp_path):
    backend = ScriptedBackend()
    attempts: list[str] = []

    def flaky(path: str, n_ctx: int, formats: dict[str, str]) -> ScriptedBackend:
        attempts.append(path)
        if len(attempts) == 1:
            raise ModelLoadError(template="Model file not found: {path}", path=path)
        return backend

    window = KioskWindow(
        tmp_path, KioskSettings(pin_hash=PIN_HASH), "/models/fake.gguf", "en", backend_factory=flaky
    )
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: "not available" in window.model_note.text())
        assert not window.send_button.isEnabled()
        window.choose_language("en")
        qtbot.waitUntil(lambda: window.model_info is not None)
        assert len(attempts) == 2 and window.send_button.isEnabled()
    finally:
        window.exit_demo_mode()


def test_the_last_visit_is_counted_and_exported_when_demo_mode_ends(qtbot, make_kiosk, tmp_path):
    window = make_kiosk(privacy="full", auto_export=True)
    start_visit(qtbot, window)
    window.exit_demo_mode()  # straight from the chat, as the operator leaves
    assert KioskStats(tmp_path / "kiosk-stats.json").today().sessions == 1
    exports = list((tmp_path / "kiosk-exports").rglob("visit-*.json"))
    assert len(exports) == 1


def test_a_visit_reset_before_it_started_leaves_no_empty_chat(qtbot, make_kiosk, tmp_path):
    window = make_kiosk(privacy="full")
    for _ in range(3):  # quick visitors who leave at once
        window.choose_language("en")
        window.ack_box.setChecked(True)
        window.start_chat()
        window.reset_visit()
    start_visit(qtbot, window)
    with qtbot.waitSignal(window.visit_recorded, timeout=5000):
        window.reset_visit()
    qtbot.wait(200)
    assert rows(tmp_path / DB_FILE) == (1, 2)
