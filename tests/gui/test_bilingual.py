"""The bilingual interface: translations, runtime switching, mirroring, and
where text actually lands on screen (ink positions, not only properties)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from bimedix.gui.i18n import apply_language, qm_path
from bimedix.gui.rich_text import markdown_document
from tests.gui.test_main_window import send

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = ROOT / "app/gui/translations/bimedix_ar.ts"


@pytest.fixture
def arabic_ui(qtbot):
    assert apply_language("ar"), f"compiled translation missing: {qm_path('ar')}"
    yield
    apply_language("en")


def ts_sources(path: Path) -> set[str]:
    return {m.findtext("source") or "" for m in ET.parse(path).getroot().iter("message")}


def test_every_string_in_the_code_is_translated_to_arabic(tmp_path):
    copy = tmp_path / "check.ts"
    shutil.copy(TS_FILE, copy)
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    sources = sorted(str(p) for p in (ROOT / "app/gui").rglob("*.py"))
    subprocess.run([str(lupdate), *sources, "-no-obsolete", "-ts", str(copy)], check=True)
    assert ts_sources(copy) == ts_sources(TS_FILE), "run `make translations`"
    unfinished = [
        m.findtext("source")
        for m in ET.parse(TS_FILE).getroot().iter("message")
        if (t := m.find("translation")) is None or t.get("type") or not (t.text or "").strip()
    ]
    assert unfinished == []


def ink_span(widget: QWidget) -> tuple[int, int]:
    """Leftmost and rightmost x of dark pixels in a rendering of `widget`."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    xs = [
        x
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).value() < 110
    ]
    assert xs, "nothing was drawn"
    return min(xs), max(xs)


def test_arabic_message_in_english_ui_is_right_aligned(qtbot, window):
    send(qtbot, window, "عندي صداع منذ يومين")
    window.resize(1100, 760)
    bubble = window.transcript.bubbles()[0]
    left, right = ink_span(bubble.body)
    assert left > bubble.body.width() / 2 and right > bubble.body.width() * 0.9


def test_english_message_in_arabic_ui_is_left_aligned(qtbot, window, arabic_ui):
    qtbot.waitUntil(lambda: window.layoutDirection() == Qt.LayoutDirection.RightToLeft)
    send(qtbot, window, "I have had a headache for two days")
    bubble = window.transcript.bubbles()[0]
    left, right = ink_span(bubble.body)
    assert right < bubble.body.width() / 2 and left < bubble.body.width() * 0.1


def test_arabic_ui_mirrors_the_window_and_translates_it(qtbot, window, arabic_ui):
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.send_button.text() == "إرسال")
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.send_button.text() == "إرسال"
    assert window.mode_box.currentText() == "استشارة"
    # The sidebar is drawn on the right half of the window.
    sidebar_left = window.sidebar.mapTo(window, window.sidebar.rect().topLeft()).x()
    assert sidebar_left > window.width() / 2
    image = window.grab().toImage()
    y = window.sidebar.mapTo(window, window.sidebar.rect().center()).y()
    sidebar_colour = window.sidebar.palette().color(window.sidebar.backgroundRole())
    right_side = image.pixelColor(window.width() - 5, y)
    assert right_side.name() == "#f3f5f7" or right_side == sidebar_colour


def test_language_switches_at_runtime_and_back(qtbot, window):
    apply_language("ar")
    try:
        # Qt posts LanguageChange events; they arrive on the next loop pass.
        qtbot.waitUntil(lambda: window.new_chat_button.text() == "+ محادثة جديدة")
        assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    finally:
        apply_language("en")
    qtbot.waitUntil(lambda: window.new_chat_button.text() == "+ New chat")
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_set_language_is_remembered(qtbot, window):
    window.set_language("ar")
    try:
        assert window.settings.ui_language == "ar"
        assert '"ui_language": "ar"' in window._settings_path.read_text(encoding="utf-8")
    finally:
        window.set_language("en")


def test_markdown_reply_has_a_direction_per_paragraph():
    text = "## التشخيص\n\n- صداع توتري\n- Migraine without aura\n\n```\ndose = 500 mg\n```\n"
    document = markdown_document(text, "rtl")
    directions = []
    block = document.begin()
    while block.isValid():
        if block.text().strip():
            directions.append((block.text(), block.blockFormat().layoutDirection()))
        block = block.next()
    rtl, ltr = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight
    assert directions == [
        ("التشخيص", rtl),
        ("صداع توتري", rtl),
        ("Migraine without aura", ltr),
        ("dose = 500 mg", ltr),
    ]


def test_arabic_bullet_list_is_drawn_from_the_right(qtbot, window, backend):
    backend.reply = "- صداع توتري\n- الصداع النصفي"
    send(qtbot, window, "ما أسباب الصداع؟")
    reply = window.transcript.bubbles()[1]
    assert "<li" in reply.body.text()
    left, right = ink_span(reply.body)
    assert left > reply.body.width() / 2


def test_user_can_flip_a_message_direction_and_it_is_stored(qtbot, window):
    send(qtbot, window, "120/80")
    bubble = window.transcript.bubbles()[0]
    assert bubble.direction == "ltr"  # English session: neutral text is LTR
    bubble.flip_requested.emit()
    assert bubble.direction == "rtl"
    stored = window.store.messages(window.store.list_sessions()[0].id)[0]
    assert stored.direction == "rtl"
    window.open_session(stored.session_id)
    assert window.transcript.bubbles()[0].direction == "rtl"


def test_text_size_setting_scales_the_font(qtbot, window):
    window.set_text_size("normal")
    normal = QApplication.font().pointSizeF()
    window.set_text_size("very_large")
    try:
        assert QApplication.font().pointSizeF() == pytest.approx(normal * 1.6)
        assert window.settings.text_size == "very_large"
    finally:
        window.set_text_size("normal")


def _raised_templates() -> set[str]:
    """Every `template=` string that core and engine raise errors with."""
    import ast

    found = set()
    for folder in ("core", "engine"):
        for path in (ROOT / "app" / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.keyword) and node.arg == "template":
                    if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                        found.add(node.value.value)
    return found


def test_every_error_template_is_listed_for_translation():
    from bimedix.gui.error_text import TEMPLATES

    raised = _raised_templates()
    assert len(raised) >= 10
    assert raised <= set(TEMPLATES)


def test_errors_are_shown_in_arabic(qtbot, arabic_ui, tmp_path):
    from bimedix.engine.llama_backend import check_gguf_header
    from bimedix.errors import ModelLoadError
    from bimedix.gui.error_text import localized

    with pytest.raises(ModelLoadError) as caught:
        check_gguf_header(tmp_path / "missing.gguf")
    text = localized(caught.value)
    assert text.startswith("ملف النموذج غير موجود") and "missing.gguf" in text
    assert str(caught.value).startswith("Model file not found")  # logs stay English
