"""IdleController: "Are you still there?" after a visitor walks away.

After `idle_timeout_s` without input on a visitor's page, the overlay asks
and counts down `countdown_s`; a deliberate touch, click or key answers it,
silence clears the visit (`expired`). A bumped mouse only restarts the idle
timer. The window says when the timer may run (`arm`)."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

from bimedix.core.kiosk import KioskSettings
from bimedix.gui.kiosk.widgets import ActivityWatch, IdleOverlay


class IdleController(QObject):
    """Owns the idle timer, the countdown and the overlay's visibility."""

    expired = Signal()  # nobody answered: clear the visit
    answered = Signal()  # "I'm still here": the window re-arms the timer

    def __init__(
        self, area: QWidget, overlay: IdleOverlay, settings: Callable[[], KioskSettings]
    ) -> None:
        super().__init__(area)
        self._area = area  # what the overlay covers
        self.overlay = overlay
        self._settings = settings  # the operator may change them mid-demo
        self._idle = QTimer(self, singleShot=True)
        self._idle.timeout.connect(self._on_idle)
        self._countdown = QTimer(self, interval=200)
        self._countdown.timeout.connect(self._on_countdown_tick)
        self._countdown_clock = QElapsedTimer()
        self._activity = ActivityWatch(self)
        self._activity.activity.connect(self._on_activity)
        overlay.still_here.connect(self._on_still_here)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self._activity)

    def arm(self, wanted: bool) -> None:
        """Run the idle timer if `wanted` and nobody is being asked already."""
        if wanted and not self.asking_still_there:
            self._idle.start(round(self._settings().idle_timeout_s * 1000))
        else:
            self._idle.stop()

    @Slot(bool)
    def _on_activity(self, deliberate: bool) -> None:
        if self.asking_still_there:
            # A bumped mouse is not an answer; a touch, click or key is.
            if deliberate:
                self._on_still_here()
        elif self._idle.isActive():
            self._idle.start()

    @Slot()
    def _on_idle(self) -> None:
        self.overlay.setGeometry(self._area.rect())
        self.overlay.show()
        self.overlay.raise_()
        self._countdown_clock.start()
        self._countdown.start()
        self.update_label()

    def seconds_left(self) -> int:
        remaining = self._settings().countdown_s - self._countdown_clock.elapsed() / 1000
        return max(0, math.ceil(remaining))

    @property
    def asking_still_there(self) -> bool:
        """The "Are you still there?" countdown is running."""
        return self._countdown.isActive()

    def update_label(self) -> None:
        if self.asking_still_there:
            self.overlay.seconds.setText(str(self.seconds_left()))

    @Slot()
    def _on_countdown_tick(self) -> None:
        if self._countdown_clock.elapsed() >= self._settings().countdown_s * 1000:
            self.expired.emit()
        else:
            self.update_label()

    @Slot()
    def _on_still_here(self) -> None:
        self._countdown.stop()
        self.overlay.hide()
        self.answered.emit()

    def dismiss(self) -> None:
        """Stop asking (the visit is being cleared anyway)."""
        self._countdown.stop()
        self.overlay.hide()

    def stop(self) -> None:
        """Demo mode ends: no timers, and stop watching the application."""
        self._idle.stop()
        self._countdown.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._activity)
