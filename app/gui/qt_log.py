"""Qt's own messages and our uncaught exceptions, into the app's log.

`install_qt_message_handler` routes qDebug/qWarning/... to the
`bimedix.gui.qt` logger (so the test suite can fail on an unexpected Qt
warning) and drops the one message the offscreen and xcb plugins repeat on
every window, "This plugin does not support propagateSizeHints()".
`ErrorReporter` shows an uncaught exception to the user from whatever
thread it was raised on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    Qt,
    QtMsgType,
    Signal,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMessageBox

from bimedix.core.logs import current_log_file

log = logging.getLogger("bimedix.gui")
qt_log = logging.getLogger("bimedix.gui.qt")

# Messages that say nothing about our app: Qt's platform plugins print them
# for every window they show.
SILENCED = ("This plugin does not support propagateSizeHints()",)

_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def on_qt_message(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt message handler: one log record per message, minus SILENCED ones."""
    if message in SILENCED:
        return
    category = context.category or "default"
    level = _LEVELS.get(kind, logging.WARNING)
    if category == "default":
        qt_log.log(level, "%s", message)
    else:
        qt_log.log(level, "[%s] %s", category, message)


def install_qt_message_handler() -> Callable[..., object] | None:
    """Route Qt's messages to logging; returns the handler it replaced."""
    return qInstallMessageHandler(on_qt_message)


class ErrorReporter(QObject):
    """Shows an unexpected error in a (non-modal) message box on the GUI
    thread, whichever thread it came from; the traceback is in the log."""

    _report = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.shown: list[str] = []  # what was shown, for tests
        self._report.connect(self._on_report)  # queued when emitted off this thread

    def show_exception(self, exc: BaseException) -> None:
        """Callable from any thread."""
        self._report.emit(f"{type(exc).__name__}: {exc}")

    @Slot(str)
    def _on_report(self, summary: str) -> None:
        self.shown.append(summary)
        if QApplication.instance() is None:
            return
        where = current_log_file()
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(self.tr("Unexpected error"))
        text = self.tr("Something went wrong inside BiMediX Desktop: %s") % summary
        if where is not None:
            text += "\n\n" + self.tr("The details were written to %s") % where
        box.setText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # non-modal: the app stays usable
