"""Screenshots of reviewing replies (issue 17) for docs/screenshots.

    xvfb-run -a -s "-screen 0 1280x860x24" .venv/bin/python tools/review_screenshots.py \
        --lang en --out docs/screenshots

Writes review-panel-LANG.png (the main window with the review panel open
over a reply, the reply's badge and the sidebar) and
review-filter-LANG.png (the sidebar showing only chats that need a
correction). The chats are written into a fresh data folder first; the
window loads the embedded SmolLM2 model as usual.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from bimedix.core.review import make_review
from bimedix.core.settings import Settings
from bimedix.core.store import ChatStore
from bimedix.gui.i18n import apply_language
from bimedix.gui.main_window import MainWindow
from bimedix.models.catalog import embedded_model_path

CHATS = {
    "en": [
        ("Fever in a 4-year-old", "My 4-year-old has a fever of 39 °C. What can I give him?",
         "Give him aspirin every four hours until the fever goes down.",
         ("bad", ["unsafe", "factually-wrong"], "Aspirin is not for children (Reye syndrome).",
          "Paracetamol or ibuprofen, dosed by his weight; see a doctor if the fever lasts "
          "more than 3 days, or at once if he is drowsy, has a rash or trouble breathing.")),
        ("Iron tablets", "Should I take iron tablets with tea?",
         "Tea reduces iron absorption; take the tablets with water or orange juice.",
         ("good", ["good-example"], "", "")),
        ("Headache", "I have had a headache for two weeks.",
         "Headaches are common. Drink water.",
         ("bad", ["incomplete"], "Needs red flags and when to see a doctor.", "")),
    ],
    "ar": [
        ("حمى عند طفل", "ابني عمره ٤ سنوات وحرارته ٣٩ درجة. ماذا أعطيه؟",
         "أعطه الأسبرين كل أربع ساعات حتى تنخفض الحرارة.",
         ("bad", ["unsafe", "factually-wrong"], "الأسبرين لا يُعطى للأطفال (متلازمة راي).",
          "باراسيتامول أو إيبوبروفين بجرعة حسب وزنه؛ راجع الطبيب إذا استمرت الحمى أكثر من "
          "٣ أيام، وفوراً إذا كان خاملاً أو ظهر طفح أو صعوبة في التنفس.")),
        ("أقراص الحديد", "هل آخذ أقراص الحديد مع الشاي؟",
         "الشاي يقلل امتصاص الحديد؛ خذ الأقراص مع الماء أو عصير البرتقال.",
         ("good", ["good-example"], "", "")),
        ("صداع", "عندي صداع منذ أسبوعين.",
         "الصداع شائع. اشرب الماء.",
         ("bad", ["incomplete"], "ينقصه ذكر علامات الخطر ومتى تجب مراجعة الطبيب.", "")),
    ],
}  # fmt: skip


def settle(app: QApplication, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        # Bubbles of a cleared transcript go by deleteLater; outside exec()
        # only an explicit flush deletes them.
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        time.sleep(0.01)


def fill(store: ChatStore, lang: str) -> int:
    """Write the example chats; returns the session to open (the first)."""
    first = 0
    for title, question, reply, (rating, tags, note, correction) in reversed(CHATS[lang]):
        session = store.create_session(title, "consult", lang)
        store.add_message(session.id, "user", question)
        message = store.add_message(session.id, "assistant", reply, model_file="SmolLM2")
        store.set_review(message.id, make_review(rating, tags, note, correction))
        first = session.id
    return first


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", choices=["en", "ar"], required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_language(args.lang)
    data_dir = Path(tempfile.mkdtemp(prefix="review-shots-"))
    store = ChatStore(data_dir / "chats.db")
    first = fill(store, args.lang)
    settings = Settings(ui_language=args.lang)
    window = MainWindow(store, settings, data_dir / "settings.json", str(embedded_model_path()))
    window.setGeometry(0, 0, 1280, 860)
    window.show()
    window.open_session(first)  # the newest chat, which the window opens anyway
    if not window.wait_for_model(60000):
        print("the model did not load", file=sys.stderr)
        return 1
    settle(app)
    args.out.mkdir(parents=True, exist_ok=True)
    panel = window.reviews.review_focused_or_last()
    assert panel is not None
    # Beside the reply, so its badge shows (Xvfb has no window manager to place it).
    panel.move(20 if args.lang == "ar" else 700, 110)
    settle(app, 0.8)
    shot = app.primaryScreen().grabWindow(0, 0, 0, 1280, 860)
    shot.save(str(args.out / f"review-panel-{args.lang}.png"))
    panel.reject()
    window.sidebar.review_filter.setCurrentIndex(2)  # needs correction
    window.open_session(int(window.session_list.item(0).data(Qt.ItemDataRole.UserRole)))
    settle(app)
    window.grab().save(str(args.out / f"review-filter-{args.lang}.png"))
    print(args.out / f"review-panel-{args.lang}.png")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
