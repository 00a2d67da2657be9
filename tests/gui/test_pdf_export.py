"""PDF export through Qt: Arabic shaped, in logical order, fonts embedded."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from bimedix.core.export import ExportFilter, export_sessions
from bimedix.core.store import ChatStore
from bimedix.gui.pdf_export import render_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

QUESTION = "أعاني من صداع وحمى خفيفة منذ يومين"
REPLY = "هل تتناول 500 mg من الباراسيتامول؟"


def pdf_text(path) -> str:
    raw = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    # Qt writes shaped glyphs; their Unicode mapping uses presentation forms,
    # which NFKC folds back to the letters that were typed.
    return unicodedata.normalize("NFKC", raw.stdout)


def test_arabic_pdf_holds_the_words_in_logical_order(qtbot, tmp_path):
    store = ChatStore(tmp_path / "c.db")
    session = store.create_session("استشارة صداع", "consult", "ar")
    store.add_message(session.id, "user", QUESTION)
    store.add_message(session.id, "assistant", REPLY, model_file="m.gguf")
    out = tmp_path / "chat.pdf"
    export_sessions(store, "pdf", out, ExportFilter(session_ids=[session.id]), pdf=render_pdf)
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    assert QUESTION in text
    # pdftotext orders the Latin run inside an Arabic line visually ("mg
    # 500"), so check the words, each in logical order.
    assert "هل تتناول" in text and "من الباراسيتامول" in text and "500" in text
    assert "1 / 1" in text  # page numbers
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert "Arabic" in fonts and " yes " in fonts  # embedded


def test_long_conversation_gets_numbered_pages(qtbot, tmp_path):
    store = ChatStore(tmp_path / "c.db")
    session = store.create_session("long", "qa", "en")
    for index in range(80):
        store.add_message(session.id, "user", f"Question number {index} about anaemia")
    out = tmp_path / "long.pdf"
    render_pdf("".join(f"<p>line {i}</p>" for i in range(400)), out, title="long")
    text = pdf_text(out)
    assert "1 / " in text and "line 399" in text
    pages = text.count("long — ")
    assert pages > 1 and f"{pages} / {pages}" in text
