"""A PDF written by the app's own exporter (Qt) as a knowledge document:
pypdf reads Qt's Arabic each word backwards; indexing must give logical
base letters that an Arabic question (with harakat, variant spellings) finds,
with the page number."""

from __future__ import annotations

from pathlib import Path

from bimedix.core.export import ExportFilter, export_sessions
from bimedix.core.knowledge.extract import extract
from bimedix.core.knowledge.index import KnowledgeStore
from bimedix.core.store import ChatStore
from bimedix.gui.pdf_export import render_pdf

REPLY = (
    "تبدأ الجرعة الأولية للإنسولين القاعدي عادةً بعشر وحدات يومياً، "
    "مع فحص سكر الدم صباحاً. Metformin 500 mg twice daily."
)


def test_exported_arabic_pdf_is_indexed_in_logical_order(qtbot, tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "chats.db")
    session = store.create_session("إرشادات السكري", "qa", "ar")
    store.add_message(session.id, "user", "ما هي الجرعة الأولية للإنسولين القاعدي؟")
    store.add_message(session.id, "assistant", REPLY)
    pdf = tmp_path / "guideline.pdf"
    export_sessions(store, "pdf", pdf, ExportFilter(session_ids=[session.id]), pdf=render_pdf)

    text = " ".join(b.text for b in extract(pdf).blocks)
    assert "الجرعة الأولية للإنسولين القاعدي" in text
    assert "بعشر وحدات يومياً،" in text
    assert "Metformin 500 mg" in text
    assert not any(0xFB50 <= ord(c) <= 0xFEFF for c in text)

    knowledge = KnowledgeStore(store)
    added = knowledge.add(pdf)
    assert added.document.format == "pdf" and added.document.pages == 1
    hits = knowledge.search("جُرْعَة الانسولين القاعدى")
    assert hits and hits[0].page == 1 and hits[0].coverage == 1.0
    assert knowledge.search("metformin")[0].document_id == added.document.id
