"""Screenshot the Evaluate window (docs/screenshots/evaluate-*.png).

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python tools/eval_screenshot.py \\
        en DATA_DIR out.png [--run] [--tab 0|1]

With --run the bundled mini benchmark (English and Arabic) is run from the
window first, exactly as a user would press Run; DATA_DIR keeps the runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QThread
from PySide6.QtWidgets import QApplication

from bimedix.core.store import ChatStore
from bimedix.gui.eval_window import EvaluateWindow
from bimedix.gui.i18n import apply_language
from bimedix.gui.style import apply_text_size


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("lang", choices=("en", "ar"))
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("out")
    parser.add_argument("--run", action="store_true")
    parser.add_argument("--tab", type=int, default=0)
    args = parser.parse_args()
    app = QApplication([sys.argv[0]])  # noqa: F841 - keeps the application alive
    apply_language(args.lang)
    apply_text_size("normal")
    args.data_dir.mkdir(parents=True, exist_ok=True)
    store = ChatStore(args.data_dir / "chats.db")
    window = EvaluateWindow(store, "smollm2")
    window.show()
    if args.run:
        window.start()
        while window.task is not None:
            QCoreApplication.processEvents()
            QThread.msleep(20)
    window.tabs.setCurrentIndex(args.tab)
    for _ in range(10):
        QCoreApplication.processEvents()
    ok = window.grab().save(args.out)
    window.close()
    store.close()
    print(args.out if ok else f"could not write {args.out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
