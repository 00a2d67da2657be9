"""Interface language: Qt translators and layout direction, switchable at
runtime.

Our strings live in `translations/bimedix_<lang>.ts` (compiled to `.qm` by
`pyside6-lrelease` during set-up); Qt's own `qtbase_<lang>.qm` translates
standard dialogs. Installing a translator makes Qt send every widget a
LanguageChange event; our widgets re-set their texts when they get it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
LANGUAGES = {"en": "English", "ar": "العربية"}
RTL_LANGUAGES = {"ar"}

_installed: list[QTranslator] = []


def qm_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"bimedix_{language}.qm"


def apply_language(language: str) -> bool:
    """Switch the running application to `language` ('en' or 'ar').

    Returns False when our compiled translation is missing (the interface
    then stays English, but is still mirrored for Arabic).
    """
    app = QApplication.instance()
    assert app is not None
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    complete = True
    if language != "en":
        ours = QTranslator(app)
        if ours.load(str(qm_path(language))):
            _installed.append(ours)
        else:
            complete = False
        qt_own = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_own.load(f"qtbase_{language}", qt_dir):
            _installed.append(qt_own)
    for translator in _installed:
        QCoreApplication.installTranslator(translator)
    QLocale.setDefault(QLocale(language))
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft
        if language in RTL_LANGUAGES
        else Qt.LayoutDirection.LeftToRight
    )
    return complete
