"""Screenshots of the tester workbench for docs/screenshots, real models
answering: the compare view (blind, then revealed after a vote) and the
replay report rendered by Qt's own rich-text engine.

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python tools/workbench_screenshots.py \
        --lang en --out docs/screenshots

Writes compare-blind-LANG.png, compare-revealed-LANG.png and, with
--report FILE.html, replay-report-LANG.png.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QPainter, QTextDocument
from PySide6.QtWidgets import QApplication

from bimedix.core.settings import Settings
from bimedix.core.store import ChatStore
from bimedix.gui.compare.view import CompareWindow
from bimedix.gui.i18n import apply_language
from bimedix.gui.style import app_font, style_sheet

QUESTION = {
    "en": "What are the first signs of dehydration in a child?",
    "ar": "ما هي العلامات الأولى للجفاف عند الطفل؟",
}


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def render_report(html_file: Path, out: Path, width: int = 1300) -> None:
    """The report page as Qt lays it out (no browser needed)."""
    document = QTextDocument()
    document.setDefaultFont(app_font())
    document.setHtml(html_file.read_text(encoding="utf-8"))
    document.setTextWidth(width)
    size = document.size().toSize()
    image = QImage(QSize(width, min(size.height(), 2400)), QImage.Format.Format_RGB32)
    image.fill(0xFFFFFF)
    painter = QPainter(image)
    document.drawContents(painter)
    painter.end()
    image.save(str(out))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", choices=["en", "ar"], required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--models", default="smollm2, gemma3")
    parser.add_argument("--report", type=Path, help="a replay report to render")
    args = parser.parse_args()
    app = QApplication(sys.argv)
    app.setFont(app_font())
    app.setStyleSheet(style_sheet())
    apply_language(args.lang)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.report:
        render_report(args.report, args.out / f"replay-report-{args.lang}.png")
    data = Path(tempfile.mkdtemp(prefix="bimedix-shots-"))
    view = CompareWindow(ChatStore(data / "chats.db"), Settings(max_tokens=48, temperature=0.0))
    view.resize(1300, 760)
    view.models_edit.setText(args.models)
    view.prompt_edit.setPlainText(QUESTION[args.lang])
    view.show()
    done: list[bool] = []
    view.round_finished.connect(lambda: done.append(True))
    assert view.ask()
    deadline = time.monotonic() + 900
    while not done and time.monotonic() < deadline:
        settle(app, 0.2)
    settle(app, 0.5)
    view.grab().save(str(args.out / f"compare-blind-{args.lang}.png"))
    view.vote(view.panes[0].letter)
    settle(app, 0.5)
    view.grab().save(str(args.out / f"compare-revealed-{args.lang}.png"))
    view.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
