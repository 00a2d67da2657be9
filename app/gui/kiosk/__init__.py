"""Demo (kiosk) mode: one visitor at a time on a full-screen station.

- `window`: `KioskWindow`, the assembly, visits and turns over a `ChatController`.
- `pages`: the six pages, the safety bar and the shortcuts.
- `idle`: `IdleController`, the "Are you still there?" countdown.
- `operator`: PIN, operator panel, demo settings, leaving demo mode.
- `exports`: exports of stored visits.
- `settings_dialog`, `widgets`, `worker`: the settings dialog, the big
  buttons and overlay, and the generation worker with its privacy rules.
- `launch`: `open_demo_mode` (from the main window) and `run_kiosk` (`--kiosk`).
"""

from bimedix.gui.kiosk.launch import open_demo_mode, run_kiosk
from bimedix.gui.kiosk.window import KioskWindow

__all__ = ["KioskWindow", "open_demo_mode", "run_kiosk"]
