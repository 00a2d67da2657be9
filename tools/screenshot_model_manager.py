"""Render the Model manager to a PNG (for docs/screenshots and review).

    xvfb-run -a -s "-screen 0 1280x900x24" .venv/bin/python \
        tools/screenshot_model_manager.py --lang ar --out docs/screenshots/model-manager-ar.png

Uses a throw-away data folder holding one library model (a copy of the
embedded GGUF's path) so the list shows the catalog and a library entry.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", choices=["en", "ar"], default="en")
    parser.add_argument("--out", required=True)
    parser.add_argument(
        "--downloading", action="store_true", help="show a download in progress (local fake hub)"
    )
    args = parser.parse_args()

    from PySide6.QtCore import QCoreApplication, QThread
    from PySide6.QtWidgets import QApplication

    from bimedix.gui.i18n import apply_language
    from bimedix.gui.model_manager import ModelManagerDialog
    from bimedix.gui.style import apply_text_size, style_sheet
    from bimedix.models.catalog import embedded_model_path
    from bimedix.models.library import add_local_model

    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 (kept alive)
    apply_language(args.lang)
    apply_text_size("normal")
    data_dir = Path(tempfile.mkdtemp(prefix="bimedix-shot-"))
    add_local_model(data_dir, embedded_model_path(), "smollm2-q4_1-copy")
    dialog = ModelManagerDialog(data_dir, 4096)
    dialog.setStyleSheet(style_sheet(1.0))
    dialog.show()
    dialog.table.setCurrentCell(dialog.table.rowCount() - 1, 0)  # the library entry
    if args.downloading:
        import os

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from tests.fake_hub import FILE, REPO, start_fake_hub

        hub, _server = start_fake_hub(embedded_model_path().read_bytes())
        hub.bytes_per_s = 12_000_000
        os.environ["HF_ENDPOINT"] = hub.url
        dialog.start_get(None, hub_file=(REPO, FILE))
        for _ in range(250):  # until speed and time left are known
            QCoreApplication.processEvents()
            QThread.msleep(10)
        ok = dialog.grab().save(args.out)
        dialog._on_cancel()
        dialog.wait_for_tasks()
        print(args.out if ok else f"could not write {args.out}")
        return 0 if ok else 1
    for _ in range(300):  # the details are read on a background thread
        QCoreApplication.processEvents()
        if not dialog._tasks:
            break
        QThread.msleep(10)
    dialog.wait_for_tasks()
    for _ in range(10):
        QCoreApplication.processEvents()
    ok = dialog.grab().save(args.out)
    print(args.out if ok else f"could not write {args.out}")
    dialog.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
