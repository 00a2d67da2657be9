"""Screenshots of the knowledge base for docs/screenshots, with the real
embedded model answering from the bench guidelines.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/knowledge_screenshots.py --lang ar

Writes knowledge-panel-LANG.png (the Knowledge panel with the eight bench
guidelines), knowledge-reply-LANG.png (a reply with "Answer from my
documents" on, its sources listed under it) and knowledge-citation-LANG.png
(the popup a citation link opens).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from bimedix.core.knowledge.index import KnowledgeStore
from bimedix.core.settings import Settings
from bimedix.core.store import ChatStore
from bimedix.engine.llama_backend import LlamaCppBackend
from bimedix.gui.i18n import apply_language
from bimedix.gui.knowledge.panel import open_knowledge_panel
from bimedix.gui.main_window import MainWindow
from bimedix.models.catalog import embedded_model_path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "bench" / "data" / "knowledge" / "docs"
QUESTIONS = {
    "en": "Within how many minutes must the first antibiotic be given on the sepsis pathway?",
    "ar": "كم غراماً من الجلوكوز يُعطى عند نقص السكر؟",
}


def settle(app: QApplication, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", choices=["en", "ar"], required=True)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--max-tokens", type=int, default=80)
    parser.add_argument("--model", default="", help="GGUF path (default: the embedded SmolLM2)")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_language(args.lang)
    data_dir = Path(tempfile.mkdtemp(prefix="knowledge-shots-"))
    store = ChatStore(data_dir / "chats.db")
    knowledge = KnowledgeStore(store)
    for path in sorted(DOCS.glob("*.md")):
        knowledge.add(path)
    settings = Settings()
    settings.ui_language = args.lang
    settings.max_tokens = args.max_tokens

    def factory(spec: str, n_ctx: int, _formats: dict[str, str]) -> LlamaCppBackend:
        return LlamaCppBackend(Path(spec), n_ctx=n_ctx)

    window = MainWindow(
        store,
        settings,
        data_dir / "settings.json",
        args.model or str(embedded_model_path()),
        backend_factory=factory,
    )
    window.resize(1100, 760)
    window.show()
    if not window.wait_for_model():
        print("the model did not load", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)

    window.pane.docs_toggle.setChecked(True)
    window.mode_box.setCurrentIndex(window.mode_box.findData("qa"))
    done: list[bool] = []
    window.turn_finished.connect(lambda: done.append(True))
    window.composer.setPlainText(QUESTIONS[args.lang])
    window.submit()
    end = time.monotonic() + 300
    while not done and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    settle(app)
    window.transcript.scroll_to_end()
    settle(app)
    path = args.out / f"knowledge-reply-{args.lang}.png"
    window.grab().save(str(path))
    print(path)

    reply = window.transcript.bubbles()[1]
    reply.body.linkActivated.emit("cite:1")
    settle(app)
    if reply.passage_popup is not None:
        path = args.out / f"knowledge-citation-{args.lang}.png"
        reply.passage_popup.grab().save(str(path))
        print(path)
        reply.passage_popup.close()

    panel = open_knowledge_panel(window)
    settle(app)
    path = args.out / f"knowledge-panel-{args.lang}.png"
    panel.grab().save(str(path))
    print(path)
    panel.close()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
