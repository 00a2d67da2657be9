"""Screenshots of demo (kiosk) mode for docs/screenshots, with the real
embedded model answering.

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python tools/kiosk_screenshots.py \
        --lang en --out docs/screenshots

Writes kiosk-start.png (the bilingual first screen), kiosk-welcome-LANG.png
(what to try, starter prompts, the disclaimer to acknowledge),
kiosk-chat-LANG.png (a starter prompt answered) and kiosk-idle-LANG.png
(the "Are you still there?" countdown). --suffix tells sizes apart.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from bimedix.core.kiosk import KioskSettings, hash_pin
from bimedix.gui.i18n import apply_language
from bimedix.gui.kiosk import KioskWindow
from bimedix.models.catalog import embedded_model_path


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", choices=["en", "ar"], required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--suffix", default="")
    parser.add_argument("--prompt", type=int, default=0, help="which starter prompt to send")
    parser.add_argument("--mode", default="consult")
    parser.add_argument("--model", default="", help="model path or bundled name")
    parser.add_argument("--operator", action="store_true", help="also the PIN, panel, settings")
    parser.add_argument("--wait-s", type=int, default=60, help="model load timeout")
    parser.add_argument("--reply-wait-s", type=int, default=400, help="reply timeout")
    parser.add_argument("--max-tokens", type=int, default=256)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_language("en")
    data_dir = Path(tempfile.mkdtemp(prefix="kiosk-shots-"))
    settings = KioskSettings(pin_hash=hash_pin("2468"), countdown_s=20, max_tokens=args.max_tokens)
    window = KioskWindow(data_dir, settings, args.model or str(embedded_model_path()), "en")
    window.showFullScreen()
    window.setGeometry(app.primaryScreen().geometry())  # Xvfb has no window manager
    if not window.wait_for_model(args.wait_s * 1000):
        print("the model did not load", file=sys.stderr)
        return 1
    settle(app)
    args.out.mkdir(parents=True, exist_ok=True)

    def shoot(name: str) -> None:
        settle(app)
        path = args.out / f"{name}{args.suffix}.png"
        window.grab().save(str(path))
        print(path)

    if args.lang == "en":
        shoot("kiosk-start")
    window.choose_language(args.lang)
    window.choose_mode(args.mode)
    window.ack_box.setChecked(True)
    shoot(f"kiosk-welcome-{args.lang}")
    done: list[bool] = []
    window.turn_finished.connect(lambda: done.append(True))
    window.prompt_cards[args.prompt].click()
    end = time.monotonic() + args.reply_wait_s
    while not done and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    print(f"reply finished: {bool(done)}", file=sys.stderr)
    window.transcript.scroll_to_end()
    shoot(f"kiosk-chat-{args.lang}")
    window._on_idle()  # what the visitor sees after idle_timeout_s without input
    settle(app, 1.2)
    shoot(f"kiosk-idle-{args.lang}")
    window.reset_visit()
    if args.operator:
        # The operator's screens, in the operator's language.
        window.choose_language(args.lang)
        window.ask_pin(lambda: window._show_page("operator"))
        shoot(f"kiosk-pin-{args.lang}")
        window.pin_field.setText("2468")
        window.pin_ok.click()
        shoot(f"kiosk-operator-{args.lang}")
        from bimedix.gui.kiosk.settings_dialog import KioskSettingsDialog

        dialog = KioskSettingsDialog(window.kiosk, window, starting=False)
        dialog.show()
        settle(app)
        dialog.grab().save(str(args.out / f"kiosk-settings-{args.lang}{args.suffix}.png"))
        dialog.close()
    window.exit_demo_mode()
    return 0


if __name__ == "__main__":
    sys.exit(main())
