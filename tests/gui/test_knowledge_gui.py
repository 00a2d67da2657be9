"""The Knowledge panel (add in the background, status, remove) and a chat
with "Answer from my documents" on: passages reach the model, the reply's
[1] links open the passage, and a reopened session shows its sources."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from bimedix.core.knowledge.index import KnowledgeStore
from bimedix.core.store import ChatStore
from bimedix.gui.knowledge.panel import open_knowledge_panel

GUIDE = "# Sepsis\n\nGive broad-spectrum antibiotics within one hour of recognition.\n"


def _guide(tmp_path: Path) -> Path:
    path = tmp_path / "sepsis.md"
    path.write_text(GUIDE, encoding="utf-8")
    return path


def test_panel_adds_in_the_background_reports_failures_and_removes(qtbot, window, tmp_path):
    panel = open_knowledge_panel(window)
    assert window.menus.knowledge_action.text()
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 nothing")
    panel.add_files([_guide(tmp_path), bad])
    assert panel.cancel_button.isVisibleTo(panel)
    qtbot.waitUntil(lambda: panel.task is None, timeout=20000)
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 0).text() == "sepsis.md"
    assert "1 documents" in panel.status.text()
    assert "scan.pdf: the file is damaged" in panel.status.text()

    panel.add_files([_guide(tmp_path)])
    qtbot.waitUntil(lambda: panel.task is None, timeout=20000)
    assert "unchanged" in panel.status.text()

    panel.table.selectRow(0)
    panel.remove_selected()
    assert panel.table.rowCount() == 0
    assert KnowledgeStore(ChatStore(window.store.path)).documents() == []
    assert open_knowledge_panel(window) is panel


def test_reply_cites_passages_that_open_in_a_popup(qtbot, window, backend, tmp_path):
    KnowledgeStore(ChatStore(window.store.path)).add(_guide(tmp_path))
    backend.reply = "Give antibiotics within one hour [1]."
    window.pane.docs_toggle.setChecked(True)
    window.composer.setPlainText("When should antibiotics be given in sepsis?")
    window.submit()
    qtbot.waitUntil(lambda: not window.is_generating and len(window.transcript.bubbles()) == 2)

    system = backend.seen[-1][0].content
    assert "[1] (sepsis.md — Sepsis)" in system
    reply = window.transcript.bubbles()[1]
    assert reply.sources and reply.sources[0]["document"] == "sepsis.md"
    assert 'href="cite:1"' in reply.body.text()
    reply.body.linkActivated.emit("cite:1")
    popup = reply.passage_popup
    assert popup is not None and popup.isVisible()
    assert "within one hour of recognition" in popup.informativeText()
    popup.close()

    # Reopened from the database, the sources are still there; the toggle
    # stays on for this session only.
    session_id = window.current_session().id
    window.start_new_chat()
    assert window.pane.docs_toggle.isChecked()  # the choice carries to a new chat
    window.pane.docs_toggle.setChecked(False)
    window.open_session(session_id)
    assert window.pane.docs_toggle.isChecked()
    again = window.transcript.bubbles()[1]
    assert again.sources == reply.sources
    assert "cite:1" in again.body.text()


def test_toggle_off_sends_no_passages(qtbot, window, backend, tmp_path):
    KnowledgeStore(ChatStore(window.store.path)).add(_guide(tmp_path))
    assert not window.pane.docs_toggle.isChecked()
    window.composer.setPlainText("antibiotics in sepsis?")
    window.submit()
    qtbot.waitUntil(lambda: not window.is_generating and len(window.transcript.bubbles()) == 2)
    assert "sepsis.md" not in backend.seen[-1][0].content
    assert window.transcript.bubbles()[1].sources is None
    assert window.pane.docs_toggle.checkState() == Qt.CheckState.Unchecked
