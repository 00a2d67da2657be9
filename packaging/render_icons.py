"""Render the application icon's PNG sizes from its hand-written SVG.

    .venv/bin/python packaging/render_icons.py

Writes app/gui/icons/org.bimedix.Desktop-<N>.png for the sizes desktops ask
for (16-512 px). The PNGs are committed: they are our artwork, they are
small, and the running app then needs no SVG plugin for its window icon.
Run this again after editing the SVG (tests/test_packaging.py checks that
every size exists at its size).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICON_DIR = Path(__file__).resolve().parent.parent / "app" / "gui" / "icons"
APP_ID = "org.bimedix.Desktop"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QPainter needs it
    renderer = QSvgRenderer(str(ICON_DIR / f"{APP_ID}.svg"))
    if not renderer.isValid():
        print("render_icons: the SVG does not parse", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = ICON_DIR / f"{APP_ID}-{size}.png"
        if not image.save(str(target)):
            print(f"render_icons: could not write {target}", file=sys.stderr)
            return 1
        print(f"render_icons: wrote {target.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
