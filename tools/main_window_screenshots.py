"""Screenshots of the main window answering one question with the default
model (or --model), for docs/screenshots.

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python tools/main_window_screenshots.py \
        --lang ar --out docs/screenshots

Writes default-model-chat-LANG.png: a new consultation, one question in the
interface language, the reply streamed to the end.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from bimedix.core.settings import Settings
from bimedix.core.store import ChatStore
from bimedix.gui.i18n import apply_language
from bimedix.gui.main_window import MainWindow

QUESTIONS = {
    "en": "I have had a headache and a fever of 38.5 since yesterday. What should I do?",
    "ar": "عندي صداع وحرارة 38.5 منذ أمس. ماذا أفعل؟",
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", choices=["en", "ar"], required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--model", default="qwen-coder-1.5b")
    parser.add_argument("--max-tokens", type=int, default=200)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_language(args.lang)
    data_dir = Path(tempfile.mkdtemp(prefix="main-shots-"))
    settings = Settings(ui_language=args.lang, max_tokens=args.max_tokens)
    store = ChatStore(data_dir / "chats.db")
    window = MainWindow(store, settings, data_dir / "settings.json", args.model)
    window.resize(1280, 860)
    window.show()
    if not window.wait_for_model(600000):
        print("the model did not load", file=sys.stderr)
        return 1
    done: list[bool] = []
    window.turn_finished.connect(lambda: done.append(True))
    window.composer.setPlainText(QUESTIONS[args.lang])
    window.send_button.click()
    end = time.monotonic() + 900
    while not done and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    print(f"reply finished: {bool(done)}", file=sys.stderr)
    for _ in range(30):
        app.processEvents()
        time.sleep(0.02)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"default-model-chat-{args.lang}.png"
    window.grab().save(str(path))
    print(path)
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
