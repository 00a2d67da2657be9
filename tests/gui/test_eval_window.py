"""The Evaluate window: stored runs shown in the runs table, the paper table
and the chart; a real run of the bundled benchmark off the GUI thread with
progress, and cancel keeping what was scored; opened from the Model menu."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from bimedix.core.store import ChatStore
from bimedix.engine.backend import CancelToken
from bimedix.eval.benchmarks import mini_benchmark_path
from bimedix.eval.items import EvalItem, load_jsonl
from bimedix.eval.results import ItemOutcome, ModelIdentity, ResultsStore
from bimedix.eval.runner import run_benchmark
from bimedix.gui.eval_window import EvaluateWindow
from bimedix.gui.i18n import apply_language

ITEMS = load_jsonl(mini_benchmark_path())
MODEL = ModelIdentity("Fake BiMediX", "fake.gguf", "cd" * 32, "Q4_K_M", "test")


class _AlwaysB:
    method = "loglikelihood"

    def score(
        self, position: int, item: EvalItem, shots: Sequence[EvalItem], cancel: CancelToken
    ) -> ItemOutcome:
        return ItemOutcome(position, item.item_id, item.subject, item.answer, 1, 1, (0.0,) * 4)


@pytest.fixture
def arabic_ui(qtbot):
    assert apply_language("ar")
    yield
    apply_language("en")


@pytest.fixture
def store(tmp_path: Path):
    chat_store = ChatStore(tmp_path / "chats.db")
    yield chat_store
    chat_store.close()


def test_stored_runs_fill_the_tables_and_the_chart(qtbot, store: ChatStore, tmp_path: Path):
    run_benchmark(store, _AlwaysB(), ITEMS[:10], benchmark="medqa", language="en", model=MODEL)
    run_benchmark(store, _AlwaysB(), ITEMS[12:], benchmark="mini", language="ar", model=MODEL)
    window = EvaluateWindow(store, "smollm2")
    qtbot.addWidget(window)

    assert window.runs_table.rowCount() == 2
    assert window.runs_table.item(0, 2).text() == "mini"
    assert window.runs_table.item(1, 2).text() == "MedQA"
    assert window.runs_table.item(1, 4).text() == "10/10"
    # The paper's English table: 5 published rows, then this model's row.
    table = window.paper_table
    assert table.rowCount() == 6
    assert table.item(5, 0).text() == "Fake BiMediX Q4_K_M (this machine)"
    expected = 100 * sum(i.answer == 1 for i in ITEMS[:10]) / 10
    assert table.item(5, 8).text() == f"{expected:.1f}"  # the MedQA column
    assert table.item(4, 0).text() == "BiMediX" and table.item(4, 10).text() == "75.4"
    assert [bar.label for bar in window.chart.bars] == ["MedQA EN", "mini AR"]

    out = tmp_path / "table.md"
    window.export_to(out)
    assert "Fake BiMediX Q4_K_M (this machine)" in out.read_text(encoding="utf-8")

    window.runs_table.selectRow(0)
    window._on_delete()  # noqa: SLF001
    assert window.runs_table.rowCount() == 1


def test_a_run_from_the_window_scores_off_the_gui_thread(qtbot, store: ChatStore) -> None:
    window = EvaluateWindow(store, "smollm2")
    qtbot.addWidget(window)
    window.limit_box.setValue(2)
    window.language_box.setCurrentIndex(window.language_box.findData("both"))
    progress = []

    window.start()
    assert window.task is not None
    window.task.progressed.connect(progress.append)
    qtbot.waitUntil(lambda: window.task is None, timeout=300_000)

    runs = ResultsStore(store).runs()
    assert sorted((r.language, r.n_scored, r.status) for r in runs) == [
        ("ar", 2, "complete"), ("en", 2, "complete"),
    ]  # fmt: skip
    assert [p.done for p in progress] == [1, 2, 1, 2]
    assert window.runs_table.rowCount() == 2 and window.run_button.isEnabled()
    assert window.status_label.text() == "Done"


def test_cancel_keeps_what_was_scored(qtbot, store: ChatStore) -> None:
    window = EvaluateWindow(store, "smollm2")
    qtbot.addWidget(window)
    window.language_box.setCurrentIndex(window.language_box.findData("en"))

    window.start()
    task = window.task
    assert task is not None
    task.progressed.connect(lambda p: window.cancel() if p.done == 1 else None)
    qtbot.waitUntil(lambda: window.task is None, timeout=300_000)

    (run,) = ResultsStore(store).runs()
    assert run.status == "cancelled" and 1 <= run.n_scored < 12
    assert window.status_label.text() == "Cancelled; the questions scored are kept"


def test_a_bad_model_is_reported_and_the_window_stays_usable(qtbot, store, monkeypatch) -> None:
    messages = []
    monkeypatch.setattr(
        "bimedix.gui.eval_window.QMessageBox.warning", lambda *args: messages.append(args[2])
    )
    window = EvaluateWindow(store, "/no/such/model.gguf")
    qtbot.addWidget(window)

    window.start()
    qtbot.waitUntil(lambda: window.task is None, timeout=60_000)

    assert messages and "Model file not found" in messages[0]
    assert window.run_button.isEnabled() and window.status_label.text() == "Failed"
    assert ResultsStore(store).runs() == []


# Offscreen, Qt says "This plugin does not support raise()" when the window
# is brought to the front: expected here, not silenced for every test.
@pytest.mark.expect_log("bimedix.gui.qt", r"does not support raise\(\)")
def test_the_model_menu_opens_the_window(window) -> None:
    window.evaluate_action.trigger()

    assert window.evaluate_window.isVisible()
    assert window.evaluate_window.model_edit.text() == "/models/fake.gguf"
    window.evaluate_window.close()


def test_arabic_window_is_translated_and_mirrored(qtbot, store, arabic_ui) -> None:
    window = EvaluateWindow(store, "smollm2")
    qtbot.addWidget(window)

    assert window.windowTitle() == "تقييم نموذج على اختبارات طبية"
    assert window.run_button.text() == "تشغيل"
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
