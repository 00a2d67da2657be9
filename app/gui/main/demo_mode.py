"""Demo mode from the chat window: hand the screen, and the model's memory,
to the kiosk until the operator leaves it with the PIN; then come back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from bimedix.gui.main_window import MainWindow


def start_demo_mode(window: MainWindow, model_path: str) -> QMainWindow | None:
    """Set demo mode up and show it full screen; None if it was not started.

    The caller keeps the returned kiosk window alive while it runs.
    """
    from bimedix.gui.kiosk import open_demo_mode

    if window.is_generating:
        return None
    data_dir = Path(window.store.path).parent
    # One model in memory at a time: the chat window lets go of its own first.
    kiosk = open_demo_mode(
        window, data_dir, window.settings, model_path, window.controller.release_model
    )
    if kiosk is None:
        return None

    def on_exited() -> None:
        window.show()
        window.load_model(model_path)
        window.refresh_sessions()

    kiosk.exited.connect(on_exited)
    kiosk.showFullScreen()
    window.hide()
    return kiosk
