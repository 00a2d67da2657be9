"""Starting demo mode: from the main window's Settings menu, or from the
command line (`bimedix-desktop --kiosk`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from bimedix.core.kiosk import KIOSK_FILE, KioskSettings
from bimedix.core.settings import Settings
from bimedix.gui.kiosk.window import KioskWindow


def open_demo_mode(
    parent: QWidget,
    data_dir: Path,
    settings: Settings,
    model_spec: str,
    before_start: Callable[[], None] = lambda: None,
) -> KioskWindow | None:
    """Settings ▸ Demo mode…: the operator reviews the demo settings (and
    sets the PIN the first time); returns the kiosk window, not yet shown,
    or None if they cancelled. `before_start` runs just before the kiosk
    starts loading its model (the main window releases its own there)."""
    from bimedix.gui.kiosk.settings_dialog import KioskSettingsDialog

    kiosk = KioskSettings.load(data_dir / KIOSK_FILE)
    if not kiosk.country:
        kiosk.country = settings.country  # the app's, until the operator picks one
    dialog = KioskSettingsDialog(kiosk, parent, starting=True)
    if not dialog.exec():
        return None
    kiosk = dialog.result_settings()
    try:
        kiosk.save(data_dir / KIOSK_FILE)
    except OSError:
        pass  # the kiosk runs on these settings; its panel reports failed saves
    before_start()
    return KioskWindow(
        data_dir,
        kiosk,
        model_spec,
        settings.ui_language,
        n_ctx=settings.n_ctx,
        prompt_formats=settings.prompt_formats,
    )


def run_kiosk(
    app: QApplication, data_dir: Path, settings: Settings, model_spec: str, screenshot: str | None
) -> int:
    """`bimedix-desktop --kiosk`: demo mode from the start (the PIN is set
    on the first screen the first time)."""
    from bimedix.gui.single_instance import RaiseServer

    window = KioskWindow(
        data_dir,
        KioskSettings.load(data_dir / KIOSK_FILE),
        model_spec,
        settings.ui_language,
        n_ctx=settings.n_ctx,
        prompt_formats=settings.prompt_formats,
    )
    raise_server = RaiseServer(data_dir, window)
    raise_server.raise_requested.connect(lambda: (window.raise_(), window.activateWindow()))
    window.showFullScreen()
    screen = window.screen()
    if screenshot and screen is not None:
        window.setGeometry(screen.geometry())  # no window manager to do it
    if screenshot:
        window.wait_for_model()
        for _ in range(5):
            app.processEvents()
        ok = window.grab().save(screenshot)
        window.exit_demo_mode()
        print(screenshot if ok else f"could not write {screenshot}")
        return 0 if ok else 1
    return int(app.exec())
