"""Screenshots of the red-flag notice (issue 19) for docs/screenshots, with
the real embedded model answering after the notice.

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python tools/red_flag_screenshots.py \
        --lang en --out docs/screenshots

Writes redflag-main-LANG.png (the main window: the card above the reply),
redflag-kiosk-LANG.png (demo mode, the model answering after the notice),
redflag-kiosk-stop-LANG.png (demo mode set to stop after the notice),
preferences-LANG.png and kiosk-settings-redflag-LANG.png (where the
country and the stop choice are set). The country is the UAE (998).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from bimedix.core.kiosk import KioskSettings, hash_pin
from bimedix.core.settings import DB_FILE, SETTINGS_FILE, Settings
from bimedix.core.store import ChatStore
from bimedix.gui.i18n import apply_language
from bimedix.gui.kiosk import KioskWindow
from bimedix.gui.kiosk.settings_dialog import KioskSettingsDialog
from bimedix.gui.main_window import MainWindow
from bimedix.gui.settings_dialog import SettingsDialog
from bimedix.models.catalog import embedded_model_path

MESSAGES = {
    "en": "I have crushing chest pain spreading to my left arm and I'm sweating",
    "ar": "ألم شديد في صدري ينتشر إلى ذراعي اليسرى مع تعرق",
}


def settle(app: QApplication, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def wait_for(app: QApplication, done: list[bool], seconds: float) -> bool:
    end = time.monotonic() + seconds
    while not done and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    return bool(done)


def shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    settle(app)
    widget.grab().save(str(path))
    print(path)


def main_window_shot(app: QApplication, args: argparse.Namespace, model: str) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="redflag-shots-"))
    settings = Settings(ui_language=args.lang, country="AE", max_tokens=args.max_tokens)
    settings.save(data_dir / SETTINGS_FILE)
    apply_language(args.lang)
    window = MainWindow(ChatStore(data_dir / DB_FILE), settings, data_dir / SETTINGS_FILE, model)
    window.resize(1100, 760)
    window.show()
    window.wait_for_model(args.wait_s * 1000)
    done: list[bool] = []
    window.turn_finished.connect(lambda: done.append(True))
    window.composer.setPlainText(MESSAGES[args.lang])
    window.submit()
    print(f"main window reply finished: {wait_for(app, done, args.reply_wait_s)}", file=sys.stderr)
    window.transcript.verticalScrollBar().setValue(0)  # the message, the card, the reply
    shoot(app, window, args.out / f"redflag-main-{args.lang}.png")
    for bubble in window.transcript.bubbles():
        print(f"{bubble.role}: {bubble.text}", file=sys.stderr)
    dialog = SettingsDialog(window.settings, window)
    dialog.show()
    shoot(app, dialog, args.out / f"preferences-{args.lang}.png")
    dialog.close()
    window.close()


def kiosk_shot(app: QApplication, args: argparse.Namespace, model: str, stop: bool) -> None:
    apply_language("en")
    data_dir = Path(tempfile.mkdtemp(prefix="redflag-kiosk-shots-"))
    kiosk = KioskSettings(
        pin_hash=hash_pin("2468"), max_tokens=args.max_tokens, country="AE",
        stop_after_red_flag=stop,
    )  # fmt: skip
    window = KioskWindow(data_dir, kiosk, model, "en")
    window.showFullScreen()
    window.setGeometry(app.primaryScreen().geometry())  # Xvfb has no window manager
    window.wait_for_model(args.wait_s * 1000)
    window.choose_language(args.lang)
    window.ack_box.setChecked(True)
    done: list[bool] = []
    window.turn_finished.connect(lambda: done.append(True))
    window.start_chat(MESSAGES[args.lang])
    print(f"kiosk reply finished: {wait_for(app, done, args.reply_wait_s)}", file=sys.stderr)
    window.transcript.verticalScrollBar().setValue(0)
    name = "redflag-kiosk-stop" if stop else "redflag-kiosk"
    shoot(app, window, args.out / f"{name}-{args.lang}.png")
    if stop:
        dialog = KioskSettingsDialog(window.kiosk, window, starting=False)
        dialog.show()
        shoot(app, dialog, args.out / f"kiosk-settings-redflag-{args.lang}.png")
        dialog.close()
    window.exit_demo_mode()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", choices=["en", "ar"], required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--model", default="", help="model path or bundled name")
    parser.add_argument("--wait-s", type=int, default=60, help="model load timeout")
    parser.add_argument("--reply-wait-s", type=int, default=300, help="reply timeout")
    parser.add_argument("--max-tokens", type=int, default=160)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    args.out.mkdir(parents=True, exist_ok=True)
    model = args.model or str(embedded_model_path())
    main_window_shot(app, args, model)
    kiosk_shot(app, args, model, stop=False)
    kiosk_shot(app, args, model, stop=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
