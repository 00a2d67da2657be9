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


def _tr(text: str) -> str:
    return QCoreApplication.translate("About", text)


def about_text(data_dir: Path, model: ModelInfo | None) -> str:
    """The About box's text (plain, one fact per line)."""
    log_file = current_log_file()
    lines = [
        _tr("BiMediX Desktop %s") % __version__,
        _tr("Research tool, not for clinical use."),
        "",
        _tr("Model: %s") % (model.display_name if model else _tr("none loaded")),
        _tr("Data folder: %s") % data_dir,
        _tr("Log file: %s") % (log_file if log_file else _tr("none (the folder is not writable)")),
    ]
    return "\n".join(lines)


def show_about(parent: QWidget, data_dir: Path, model: ModelInfo | None) -> QMessageBox:
    """Open the About box without blocking (the window stays usable)."""
    box = QMessageBox(parent)
    box.setWindowTitle(_tr("About BiMediX Desktop"))
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(about_text(data_dir, model))
    # Paths can be selected and copied into a bug report.
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
