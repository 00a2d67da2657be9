"""What the app carries with it for the desktop: its Arabic fonts and its icon.

The Noto Arabic fonts (SIL OFL 1.1, copied from Debian's fonts-noto-core at
build time by packaging/build_assets.py) are registered with Qt at start-up,
so Arabic looks the same whether or not the system has an Arabic font. The
window icon is loaded from PNGs rendered from our own SVG
(packaging/render_icons.py), so no SVG image plugin is needed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase, QIcon

FONTS_DIR = Path(__file__).parent / "fonts"
ICONS_DIR = Path(__file__).parent / "icons"
APP_ID = "org.bimedix.Desktop"


def register_bundled_fonts() -> list[str]:
    """Add the bundled fonts to Qt's font database; return their families.

    Missing fonts are not an error (a development checkout before
    `make setup`): style.py's fallback list then finds the system's.
    """
    families: list[str] = []
    for path in sorted(FONTS_DIR.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families.extend(
                f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families
            )
    return families


def app_icon() -> QIcon:
    """The application icon at every size we ship."""
    icon = QIcon()
    for path in sorted(ICONS_DIR.glob(f"{APP_ID}-*.png")):
        icon.addFile(str(path))
    return icon
