"""The review panel (issue 17), driven through real widgets offscreen with the
scripted backend: open it by keyboard, store a review, badge the reply,
filter the sidebar, copy a message id, and the same in Arabic."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from bimedix.core.review import make_review
from bimedix.core.store import ChatStore
from bimedix.gui.i18n import apply_language
from bimedix.gui.main.review_panel import ReviewPanel


def send(qtbot, window, text: str) -> None:
    window.composer.setPlainText(text)
    with qtbot.waitSignal(window.turn_finished, timeout=10000):
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)


def last_reply(window):
    return [b for b in window.transcript.bubbles() if b.role == "assistant"][-1]


def titles(window) -> list[str]:
    return [window.session_list.item(i).text() for i in range(window.session_list.count())]


def save(qtbot, panel: ReviewPanel) -> None:
    with qtbot.waitSignal(panel.finished, timeout=5000):
        qtbot.mouseClick(
            panel.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
        )


def test_shortcut_opens_the_panel_and_save_stores_and_badges(qtbot, window):
    send(qtbot, window, "My child has a fever")
    window.reviews.review_action.trigger()  # Chat ▸ Review reply, Ctrl+Shift+R
    panel = window.reviews.panel
    assert panel is not None and panel.isVisible()
    assert panel.message_id == last_reply(window).message_id
    assert panel.unrated_button.isChecked() and not panel.remove_button.isEnabled()
    panel.bad_button.setChecked(True)
    panel.tag_boxes["unsafe"].setChecked(True)
    panel.note_edit.setText("dose missing")
    panel.correction_edit.setPlainText("Paracetamol, dosed by weight.")
    save(qtbot, panel)
    review = ChatStore(window.store.path).get_review(panel.message_id)
    assert review is not None and review.rating == "bad" and review.tags == ("unsafe",)
    assert review.correction == "Paracetamol, dosed by weight."
    badge = last_reply(window).review_label
    assert badge.isVisibleTo(window) and badge.text() == "👎 · Unsafe · note · corrected"


def test_tab_reaches_a_reply_and_enter_opens_its_review(qtbot, window):
    send(qtbot, window, "hello")
    reply = last_reply(window)
    assert reply.focusPolicy() == Qt.FocusPolicy.TabFocus
    reply.setFocus()
    qtbot.keyClick(reply, Qt.Key.Key_Return)
    panel = window.reviews.panel
    assert panel is not None and panel.message_id == reply.message_id
    # Tab order follows reading order: rating, then tags, note, correction.
    chain, widget = [], panel.nextInFocusChain()
    while widget is not panel and len(chain) < 100:
        chain.append(widget)
        widget = widget.nextInFocusChain()
    wanted = [panel.copy_id_button, panel.good_button, panel.tag_boxes["factually-wrong"],
              panel.tag_boxes["good-example"], panel.note_edit, panel.correction_edit,
              panel.buttons.button(QDialogButtonBox.StandardButton.Save)]  # fmt: skip
    positions = [chain.index(w) for w in wanted]
    assert positions == sorted(positions)
    with qtbot.waitSignal(panel.finished, timeout=5000):
        qtbot.keyClick(panel, Qt.Key.Key_Escape)
    assert window.store.get_review(reply.message_id) is None  # cancelled: nothing stored


def test_stored_review_shows_when_a_session_reopens(qtbot, window):
    send(qtbot, window, "hello")
    message_id = last_reply(window).message_id
    window.store.set_review(message_id, make_review("up", ["good-example"]))
    window.open_session(window.current_session().id)
    assert last_reply(window).review_label.text() == "👍 · Good example"


def test_sidebar_filters_rated_and_needing_correction(qtbot, window):
    send(qtbot, window, "first question")
    first = last_reply(window).message_id
    window.start_new_chat()
    send(qtbot, window, "second question")
    second = last_reply(window).message_id
    window.start_new_chat()
    send(qtbot, window, "third question")
    window.store.set_review(first, make_review("down"))
    window.store.set_review(second, make_review("down", correction="better"))
    box = window.sidebar.review_filter
    assert [box.itemText(i) for i in range(box.count())] == [
        "All chats", "Rated", "Needs correction"]  # fmt: skip
    assert len(titles(window)) == 3
    box.setCurrentIndex(1)
    assert sorted(titles(window)) == ["first question", "second question"]
    box.setCurrentIndex(2)
    assert titles(window) == ["first question"]
    box.setCurrentIndex(0)
    assert len(titles(window)) == 3


def test_copy_message_id(qtbot, window):
    send(qtbot, window, "hello")
    reply = last_reply(window)
    reply.copy_message_id()
    assert QApplication.clipboard().text() == str(reply.message_id)
    assert (
        str(reply.message_id)
        in ReviewPanel(window.store.get_message(reply.message_id)).id_label.text()
    )


@pytest.fixture
def arabic_ui():
    assert apply_language("ar")
    yield
    apply_language("en")


def test_panel_and_filter_in_arabic_are_translated_and_mirrored(qtbot, window, arabic_ui):
    send(qtbot, window, "مرحبا")
    window.store.set_review(last_reply(window).message_id, make_review("down", ["unsafe"]))
    window.reviews.review_action.trigger()
    panel = window.reviews.panel
    assert panel is not None
    assert panel.windowTitle() == "مراجعة الرد"
    assert panel.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert panel.tag_boxes["unsafe"].text() == "غير آمن" and panel.tag_boxes["unsafe"].isChecked()
    assert panel.bad_button.isChecked()
    assert window.sidebar.review_filter.itemText(2) == "تحتاج إلى تصحيح"
    assert window.reviews.review_action.text() == "&مراجعة الرد…"
    window.open_session(window.current_session().id)
    assert last_reply(window).review_label.text() == "👎 · غير آمن"
    panel.reject()
