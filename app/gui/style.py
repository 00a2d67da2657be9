"""Look of the app: fonts (an explicit Arabic family), text size, colours.

Latin text uses the platform font; Arabic falls back to Noto Sans Arabic
(then Noto Naskh Arabic) instead of whatever fontconfig picks first, which on
Linux is often DejaVu Sans, whose Arabic is poor.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import QApplication

ARABIC_FONT_FAMILIES = ("Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans")
TEXT_SIZES = {"normal": 1.0, "large": 1.25, "very_large": 1.6}
BASE_POINT_SIZE = 10.0

_base_family: str | None = None


def app_font(scale: float = 1.0) -> QFont:
    """The interface font at `scale`, with the Arabic fallback family."""
    global _base_family
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if _base_family is None:
        # Resolve a generic alias ("Sans Serif") to the real family it stands
        # for: with an alias first, the Arabic fallback's tall metrics set the
        # line height of Latin text too (40 px instead of 26 at 14.5 pt).
        _base_family = QFontInfo(app.font()).family()
    font = QFont(_base_family)
    font.setFamilies([_base_family, *ARABIC_FONT_FAMILIES])
    font.setPointSizeF(BASE_POINT_SIZE * scale)
    return font


def apply_text_size(key: str) -> None:
    """Set the application font for a text size key (normal, large, very_large)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setFont(app_font(TEXT_SIZES.get(key, 1.0)))


def style_sheet(scale: float = 1.0) -> str:
    """The window's style sheet; point sizes follow the text size."""
    title = round(15 * scale)
    small = round(9 * scale)
    return f"""
#sidebar {{ background: #f3f5f7; }}
#disclaimer {{ background: #fff4e5; border-top: 1px solid #f0d9b5; }}
#disclaimer QLabel {{ color: #7a4b00; }}
#notice {{ background: #fdecea; color: #8a1c1c; padding: 6px 10px; border-radius: 4px; }}
#notice[kind="info"] {{ background: #e8f1fb; color: #0b4a8b; }}
#modelStatus {{ color: #37474f; }}
#speed {{ color: #2e7d32; font-weight: bold; }}
#sessionTitle {{ font-size: {title}pt; font-weight: bold; }}
#userBubble {{ background: #e3f2fd; border: 1px solid #bbdefb; border-radius: 8px; }}
#assistantBubble {{ background: #ffffff; border: 1px solid #e0e0e0; border-radius: 8px; }}
#roleLabel {{ color: #546e7a; font-weight: bold; font-size: {small}pt; }}
#statusNote {{ color: #b26a00; font-size: {small}pt; }}
#reviewBadge {{ color: #8d3b00; font-size: {small}pt; }}
#assistantBubble:focus {{ border: 2px solid #1565c0; }}
#transcriptContent {{ background: #fafafa; }}
#welcome {{ color: #607d8b; padding: 40px 60px; font-size: {round(11 * scale)}pt; }}
#redFlagCard {{ background: #fdecea; border: 2px solid #c62828; border-radius: 8px; }}
#redFlagCard[kind="crisis"] {{ background: #fff4e5; border: 2px solid #e65100; }}
#redFlagCard:focus {{ border-width: 3px; }}
#redFlagTitle {{ color: #8a1c1c; font-weight: bold; font-size: {round(12 * scale)}pt; }}
#redFlagCard[kind="crisis"] #redFlagTitle {{ color: #7a3e00; }}
#redFlagBody {{ color: #2b0b0b; }}
"""
