"""Running slow work (exports, imports) off the GUI thread.

`BackgroundTask` runs one function on its own QThread and reports progress,
the result or a user-facing error back to the GUI thread as signals, the
way Anki's background operations do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from bimedix.errors import UserFacingError

log = logging.getLogger("bimedix.gui")

# The function receives a progress callback (done, total).
TaskFunction = Callable[[Callable[[int, int], None]], Any]


class BackgroundTask(QThread):
    """Run `function` once on this thread; results come back as signals."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, function: TaskFunction, parent: QObject | None = None):
        super().__init__(parent)
        self._function = function

    def run(self) -> None:
        try:
            result = self._function(self.progressed.emit)
        except UserFacingError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(f"{exc.filename or ''} {exc.strerror or exc}".strip())
        except Exception as exc:  # noqa: BLE001 - our bug: log it, and tell the user
            log.exception("background task failed")
            self.failed.emit(f"Unexpected error: {type(exc).__name__}: {exc}")
        else:
            self.succeeded.emit(result)
