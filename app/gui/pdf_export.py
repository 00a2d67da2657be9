"""PDF export drawn by Qt: Arabic shaped and right-aligned by Qt's own text
engine (never pre-reshaped), fonts embedded, page numbers in the footer;
the text layer is then made logical Arabic (`core.pdf_text_layer`).

Takes the same HTML as the HTML export (`core.export.session_html`), so the
per-paragraph `dir` attributes carry over.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTransform,
)

from bimedix.core.export_document import FONT_STACK
from bimedix.core.pdf_text_layer import fix_arabic_text_layer
from bimedix.gui.style import ARABIC_FONT_FAMILIES


def ensure_gui_application() -> QGuiApplication:
    """Qt needs an application object to lay out text; the CLI has none.

    A QApplication (not just a QGuiApplication), so that widgets can still be
    created later in the same process.
    """
    from PySide6.QtWidgets import QApplication

    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["bimedix"])
    return app  # type: ignore[return-value]


def render_pdf(html: str, path: Path, title: str = "BiMediX chat") -> None:
    """Write `html` to an A4 PDF at `path` with 'page N of M' footers."""
    ensure_gui_application()
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("BiMediX Desktop")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(18, 18, 18, 22),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setResolution(300)
    document = QTextDocument()
    # Lay out with the PDF's resolution, not the screen's, or text that is
    # 10 pt on screen comes out a third of that size at 300 dpi.
    document.documentLayout().setPaintDevice(writer)
    font = QFont()
    font.setFamilies(["Noto Sans", *ARABIC_FONT_FAMILIES])
    font.setPointSizeF(10.5)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(
        f"body {{ font-family: {FONT_STACK}; }} .meta {{ color: #666666; }} "
        ".role { color: #455a64; }"
    )
    document.setHtml(html)
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    footer_height = writer.resolution() * 0.3
    body = QSizeF(page.width(), page.height() - footer_height)
    document.setPageSize(body)
    pages = document.pageCount()

    painter = QPainter(writer)
    try:
        footer_font = QFont(font)
        footer_font.setPointSizeF(8)
        for number in range(pages):
            if number:
                writer.newPage()
            # setTransform/resetTransform rather than save()/restore():
            # PySide6 6.12's QPainter.restore() binding drops a reference to
            # None, and a long export then aborts the interpreter.
            painter.setTransform(QTransform.fromTranslate(0, -number * body.height()))
            document.drawContents(
                painter, QRectF(0, number * body.height(), body.width(), body.height())
            )
            painter.resetTransform()
            painter.setFont(footer_font)
            painter.drawText(
                QRectF(0, body.height(), body.width(), footer_height),
                Qt.AlignmentFlag.AlignCenter,
                f"{title} — {number + 1} / {pages}",
            )
    finally:
        painter.end()
    del painter, writer  # the file is complete and closed before it is rewritten
    # Qt's text layer names shaped Arabic glyphs by presentation forms;
    # make copy-paste and search see the letters of the text.
    fix_arabic_text_layer(path)
