"""MainWindow behaviour, driven through real widgets offscreen."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from bimedix.core.store import ChatStore
from tests.gui.fake_backend import ScriptedBackend


def send(qtbot, window, text: str) -> None:
    window.composer.setPlainText(text)
    with qtbot.waitSignal(window.turn_finished, timeout=10000):
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)


def test_model_status_names_the_loaded_model(window):
    assert "Fake model" in window.model_status.text()
    assert window.send_button.isEnabled()


def test_disclaimer_is_always_shown_in_both_languages(window):
    assert "not for clinical use" in window.disclaimer_en.text()
    assert "ليست للاستخدام السريري" in window.disclaimer_ar.text()


def test_enter_sends_and_reply_streams_into_transcript_and_database(qtbot, window, backend):
    send(qtbot, window, "I have had a fever for three days")
    bubbles = window.transcript.bubbles()
    assert [b.role for b in bubbles] == ["user", "assistant"]
    assert bubbles[1].text == backend.reply
    assert window.composer.toPlainText() == ""
    store = ChatStore(window.store.path)
    (session,) = store.list_sessions()
    messages = store.messages(session.id)
    assert [(m.role, m.status) for m in messages] == [
        ("user", "complete"),
        ("assistant", "complete"),
    ]
    assert messages[1].content == backend.reply
    assert session.title == "I have had a fever for three days"


def test_generation_never_runs_on_the_gui_thread(qtbot, window, backend):
    send(qtbot, window, "hello")
    assert backend.threads and threading.get_ident() not in backend.threads


def test_shift_enter_adds_a_new_line_instead_of_sending(qtbot, window):
    window.composer.setPlainText("line one")
    window.composer.moveCursor(window.composer.textCursor().MoveOperation.End)
    qtbot.keyClick(window.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert window.composer.toPlainText() == "line one\n"
    assert window.transcript.bubbles() == []


def test_stop_ends_the_reply_and_marks_it_stopped(qtbot, make_window):
    slow = ScriptedBackend(reply=" ".join(["word"] * 400), delay_s=0.005)
    window = make_window(slow)
    qtbot.waitUntil(lambda: window.model_info is not None)
    window.composer.setPlainText("tell me a long story")
    window.submit()
    assert window.send_button.text() == "Stop"
    qtbot.waitUntil(
        lambda: len(window.transcript.bubbles()) == 2 and bool(window.transcript.bubbles()[1].text)
    )
    with qtbot.waitSignal(window.turn_finished, timeout=10000):
        window.send_button.click()
    reply = window.store.messages(window.store.list_sessions()[0].id)[-1]
    assert reply.status == "stopped"
    assert 0 < len(reply.content.split()) < 400
    assert window.send_button.text() == "Send"


def test_regenerate_replaces_the_last_reply(qtbot, window, backend):
    send(qtbot, window, "first question")
    backend.reply = "A different answer"
    with qtbot.waitSignal(window.turn_finished, timeout=10000):
        window.regenerate_button.click()
    texts = [b.text for b in window.transcript.bubbles()]
    assert texts == ["first question", "A different answer"]
    session_id = window.store.list_sessions()[0].id
    assert [m.content for m in window.store.messages(session_id)] == texts


def test_edit_last_message_replaces_it_and_its_reply(qtbot, window, backend):
    send(qtbot, window, "first question")
    send(qtbot, window, "second question with a typo")
    window.edit_button.click()
    assert window.composer.toPlainText() == "second question with a typo"
    backend.reply = "Answer to the corrected question"
    send(qtbot, window, "second question, corrected")
    texts = [b.text for b in window.transcript.bubbles()]
    assert texts[2:] == ["second question, corrected", "Answer to the corrected question"]
    assert len(texts) == 4


def test_history_is_sent_with_the_mode_system_prompt(qtbot, window, backend):
    window.mode_box.setCurrentIndex(window.mode_box.findData("mcq"))
    send(qtbot, window, "Which vitamin deficiency causes scurvy? A) A B) B12 C) C D) D")
    system = backend.seen[-1][0]
    assert system.role == "system" and "letter" in system.content


def test_arabic_message_is_right_to_left_and_neutral_text_follows_session(qtbot, window):
    send(qtbot, window, "عندي صداع منذ يومين")
    send(qtbot, window, "120/80")
    bubbles = window.transcript.bubbles()
    assert bubbles[0].direction == "rtl"
    assert bubbles[0].body.layoutDirection() == Qt.LayoutDirection.RightToLeft
    # No strong character: follows the session's language (Arabic).
    assert bubbles[2].text == "120/80" and bubbles[2].direction == "rtl"
    assert bubbles[1].direction == "ltr"  # the English reply


def test_composer_switches_direction_with_content(window):
    window.composer.setPlainText("مرحبا")
    assert window.composer.direction == "rtl"
    option = window.composer.document().defaultTextOption()
    assert option.alignment() & Qt.AlignmentFlag.AlignRight
    window.composer.setPlainText("hello")
    assert window.composer.direction == "ltr"


def test_new_chat_rename_search_and_delete(qtbot, window, monkeypatch):
    send(qtbot, window, "about anemia")
    window.start_new_chat()
    send(qtbot, window, "عن فَقْرِ الدَّم")
    assert window.session_list.count() == 2

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Renamed chat", True))
    window.rename_current_session()
    assert window.session_title.text() == "Renamed chat"

    window.search_box.setText("فقر")
    assert window.session_list.count() == 1
    assert window.session_list.item(0).text() == "Renamed chat"
    window.search_box.clear()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window.delete_current_session()
    assert window.session_list.count() == 2
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.delete_current_session()
    assert window.session_list.count() == 1
    assert window.transcript.bubbles() == []


def test_missing_model_shows_a_message_and_app_stays_usable(qtbot, make_window, backend):
    window = make_window(backend, model_path="/nowhere/missing.gguf")
    qtbot.waitUntil(lambda: window.notice.text() != "")
    assert "not found" in window.notice.text()
    assert window.model_info is None
    assert not window.send_button.isEnabled()
    # Browsing still works, and another model can be loaded.
    window.start_new_chat()
    window.load_model("/models/fake.gguf")
    qtbot.waitUntil(lambda: window.model_info is not None)
    assert window.send_button.isEnabled()


def test_reopening_shows_stored_sessions(qtbot, make_window, backend):
    first = make_window(backend)
    qtbot.waitUntil(lambda: first.model_info is not None)
    send(qtbot, first, "remember me")
    first.close()
    second = make_window(backend)
    assert [b.text for b in second.transcript.bubbles()] == ["remember me", backend.reply]


def test_a_message_too_long_for_the_context_is_refused_and_kept_for_editing(qtbot, make_window):
    from bimedix.errors import PromptTooLongError

    class TooLong(ScriptedBackend):
        def stream_chat(self, messages, params, cancel=None):
            raise PromptTooLongError("This message is 300000 tokens long.")
            yield  # pragma: no cover (makes this a generator)

    window = make_window(TooLong())
    qtbot.waitUntil(lambda: window.model_info is not None)
    send(qtbot, window, "x " * 500_000)
    assert "300000 tokens" in window.notice.text()
    assert [b.role for b in window.transcript.bubbles()] == ["user"]
    session_id = window.store.list_sessions()[0].id
    assert [m.role for m in window.store.messages(session_id)] == ["user"]
    assert window.send_button.isEnabled()


def test_prompt_format_override_is_saved_per_model_and_reloads_it(qtbot, window, backend):
    (chatml,) = [a for a in window.prompt_format_group.actions() if a.data() == "chatml"]
    loads = len(backend.formats_seen)
    chatml.trigger()
    qtbot.waitUntil(lambda: len(backend.formats_seen) > loads and window.model_info is not None)
    assert backend.formats_seen[-1] == {"fake.gguf": "chatml"}
    assert window.settings.prompt_formats == {"fake.gguf": "chatml"}
    assert chatml.isChecked()


def test_window_says_the_embedded_model_is_a_stand_in(qtbot, make_window):
    from bimedix.engine.backend import ModelInfo
    from bimedix.models.catalog import embedded_model_path

    backend = ScriptedBackend()
    path = str(embedded_model_path())
    backend._info = ModelInfo(path, "x.gguf", "llama", 4096, "gguf", "SmolLM2-135M-Instruct Q4_1")
    window = make_window(backend, model_path=path)
    qtbot.waitUntil(lambda: window.model_info is not None)
    assert "SmolLM2-135M-Instruct Q4_1" in window.model_status.text()
    assert "stands in for BiMediX" in window.model_status.text()


def test_export_and_import_run_in_the_background(qtbot, window, tmp_path):
    import json

    from bimedix.core.export import ExportFilter

    send(qtbot, window, "سؤال عن الضغط")
    out = tmp_path / "chats.json"
    with qtbot.waitSignal(window.task_finished, timeout=20000):
        task = window.start_export("json", out, ExportFilter())
    assert task is not None
    assert json.loads(out.read_text(encoding="utf-8"))["sessions"][0]["title"] == "سؤال عن الضغط"
    assert "Exported 1 chats" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.task_finished, timeout=20000):
        window.import_chats(str(out))
    assert "already here" in window.notice.text()
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with qtbot.waitSignal(window.task_finished, timeout=20000):
        window.import_chats(str(broken))
    assert "line 1" in window.notice.text()
    assert window.send_button.isEnabled()


def test_export_pdf_from_the_window(qtbot, window, tmp_path):
    from bimedix.core.export import ExportFilter

    send(qtbot, window, "عندي صداع")
    out = tmp_path / "chat.pdf"
    session_id = window.store.list_sessions()[0].id
    with qtbot.waitSignal(window.task_finished, timeout=20000):
        window.start_export("pdf", out, ExportFilter(session_ids=[session_id]))
    assert out.read_bytes().startswith(b"%PDF")


def test_export_dialog_offers_this_selected_or_all(qtbot, window):
    from bimedix.gui.export_dialog import ExportDialog

    dialog = ExportDialog("Fever", 3, window, selected_ids=[3, 5, 8])
    qtbot.addWidget(dialog)
    assert dialog.current_button.isChecked() and dialog.chosen_ids(3) == [3]
    assert dialog.destination.text().endswith("00003-Fever.json")
    dialog.selected_button.setChecked(True)
    assert dialog.chosen_ids(3) == [3, 5, 8]
    assert dialog.one_document.isHidden()  # json holds several chats in one file anyway
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("pdf"))
    assert not dialog.one_document.isHidden() and dialog.one_document.isChecked()
    assert dialog.destination.text().endswith("bimedix-chats.pdf")  # one document
    dialog.one_document.setChecked(False)
    assert dialog.destination.text().endswith(".zip")  # one file per chat
    dialog.all_button.setChecked(True)
    assert dialog.chosen_ids(3) is None


def on_worker_thread(qtbot, window, function) -> None:
    """Run `function` on the generation thread (SQLite connections belong to
    the thread that opened them) and wait for it."""
    from PySide6.QtCore import QTimer

    done = []
    QTimer.singleShot(0, window.worker, lambda: done.append(function()))
    qtbot.waitUntil(lambda: bool(done))


def test_disk_full_keeps_the_reply_on_screen_and_retry_saves_it(qtbot, window, backend):
    send(qtbot, window, "first")
    backend.reply = "A long answer " + "word " * 3000  # needs new pages

    def fill_disk() -> None:
        # SQLite may not grow the file any more: the emulation of a full disk.
        window.worker._store.db.execute("PRAGMA max_page_count = 1")

    on_worker_thread(qtbot, window, fill_disk)
    send(qtbot, window, "second question")
    reply = window.transcript.bubbles()[-1]
    assert reply.text.startswith("A long answer") and reply.status_label.isVisibleTo(reply)
    assert "Retry save" in window.notice.text() and window.retry_save_button.isVisibleTo(window)
    session_id = window.store.list_sessions()[0].id
    assert window.store.messages(session_id)[-1].content != reply.text  # not on disk yet
    # Space is freed: the retry writes the whole reply.
    on_worker_thread(
        qtbot, window, lambda: window.worker._store.db.execute("PRAGMA max_page_count = 1073741823")
    )
    window.retry_save()
    assert "saved" in window.notice.text() and not window.retry_save_button.isVisibleTo(window)
    stored = window.store.messages(session_id)[-1]
    assert stored.content == reply.text and stored.status == "complete"


def test_message_that_cannot_be_saved_goes_back_to_the_composer(qtbot, window):
    send(qtbot, window, "first")
    on_worker_thread(
        qtbot, window, lambda: window.worker._store.db.execute("PRAGMA query_only = 1")
    )
    send(qtbot, window, "please keep this text")
    assert window.composer.toPlainText() == "please keep this text"
    assert "Could not save" in window.notice.text()
    on_worker_thread(
        qtbot, window, lambda: window.worker._store.db.execute("PRAGMA query_only = 0")
    )


def test_long_transcript_opens_at_its_end_and_loads_earlier_pages(qtbot, window):
    from bimedix.gui.main_window import TRANSCRIPT_PAGE

    session = window.store.create_session("long", "consult", "en")
    for index in range(150):
        window.store.add_message(session.id, "user" if index % 2 == 0 else "assistant", f"m{index}")
    window.open_session(session.id)
    texts = [b.text for b in window.transcript.bubbles()]
    assert len(texts) == TRANSCRIPT_PAGE and texts[-1] == "m149"
    assert window.transcript.earlier_button.text() == "Show 90 earlier messages"
    window.transcript.earlier_button.click()
    window.transcript.earlier_button.click()
    texts = [b.text for b in window.transcript.bubbles()]
    assert texts == [f"m{i}" for i in range(150)]
    assert not window.transcript.earlier_button.isVisibleTo(window.transcript)


def test_empty_chat_shows_how_to_start_until_the_first_message(qtbot, window):
    assert window.transcript.welcome.isVisibleTo(window.transcript)
    assert "Consultation mode" in window.transcript.welcome.text()
    send(qtbot, window, "hello")
    assert not window.transcript.welcome.isVisibleTo(window.transcript)
    window.start_new_chat()
    assert window.transcript.welcome.isVisibleTo(window.transcript)


def test_export_dialog_filters_all_chats_by_mode_and_dates(qtbot, window):
    from PySide6.QtCore import QDate

    from bimedix.gui.export_dialog import ExportDialog

    dialog = ExportDialog("Fever", 3, window)
    qtbot.addWidget(dialog)
    assert not dialog.mode_filter.isEnabled()  # filters narrow "All chats" only
    assert dialog.selection(3).session_ids == [3]
    dialog.all_button.setChecked(True)
    assert dialog.mode_filter.isEnabled()
    dialog.mode_filter.setCurrentIndex(dialog.mode_filter.findData("mcq"))
    dialog.since_check.setChecked(True)
    dialog.since_date.setDate(QDate(2026, 11, 1))
    chosen = dialog.selection(3)
    assert (chosen.session_ids, chosen.mode, chosen.since, chosen.until) == (
        None, "mcq", "2026-11-01", None,
    )  # fmt: skip
