"""Help ▸ About: the version, the model in use, and where data and the log are.

The log's path is shown here so that a tester who hits a problem can find
the file to attach to a report.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from bimedix import __version__
from bimedix.core.logs import current_log_file
from bimedix.engine.backend import ModelInfo


def _ltr(text: str) -> str:
    """Keep a path or file name left-to-right inside an Arabic line (an
    isolate, so its slashes do not jump to the other end)."""
    return f"\u2066{text}\u2069"


def about_text(data_dir: Path, model: ModelInfo | None) -> str:
    """The About box's text (plain, one fact per line)."""
    # QCoreApplication.translate is spelled out each time: pyside6-lupdate
    # only recognises that exact call.
    log_file = current_log_file()
    model_name = (
        _ltr(model.display_name) if model else QCoreApplication.translate("About", "none loaded")
    )
    log_name = (
        str(log_file)
        if log_file
        else QCoreApplication.translate("About", "none (the folder is not writable)")
    )
    lines = [
        QCoreApplication.translate("About", "BiMediX Desktop %s") % __version__,
        QCoreApplication.translate("About", "Research tool, not for clinical use."),
        "",
        QCoreApplication.translate("About", "Model: %s") % model_name,
        QCoreApplication.translate("About", "Data folder: %s") % _ltr(str(data_dir)),
        QCoreApplication.translate("About", "Log file: %s")
        % (_ltr(log_name) if log_file else log_name),
    ]
    return "\n".join(lines)


def show_about(parent: QWidget, data_dir: Path, model: ModelInfo | None) -> QMessageBox:
    """Open the About box without blocking (the window stays usable)."""
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("About", "About BiMediX Desktop"))
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(about_text(data_dir, model))
    # Paths can be selected and copied into a bug report.
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
