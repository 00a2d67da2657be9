"""CompareWindow: two or more models or servers answer the same prompt side
by side, each through its own `ChatController` (its own worker thread and
session). They stream in parallel when `memory.fits_in_parallel` says they
fit, otherwise one after another, each released before the next loads.
Blind mode shuffles the columns and labels them A, B, … until the tester
votes; the vote (with every reply) goes to `compare_votes`, then the names
are revealed.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bimedix.core.chat import ReplyDelta, ReplyFinished, title_from
from bimedix.core.compare_votes import save_vote
from bimedix.core.direction import language_of
from bimedix.core.settings import Settings
from bimedix.core.store import ChatStore
from bimedix.engine.backend import GenerationParams, ModelInfo
from bimedix.errors import UserFacingError
from bimedix.gui.chat_controller import ChatController, default_worker
from bimedix.gui.compare.memory import available_bytes, fits_in_parallel, model_bytes
from bimedix.gui.compare.pane import ComparePane
from bimedix.gui.composer import Composer
from bimedix.gui.worker import BackendFactory

LETTERS = "ABCDEFGH"
TIE = "tie"


class CompareWindow(QWidget):
    """The compare view (Model ▸ Compare side by side…)."""

    round_finished = Signal()  # every contender answered or failed
    voted = Signal(str)  # the winner's letter, or "tie"

    def __init__(
        self,
        store: ChatStore,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        backend_factory: BackendFactory | None = None,
        rng: random.Random | None = None,
        available: int | None = None,
        measure: Callable[[str], int | None] | None = None,
    ) -> None:
        """`available` (RAM bytes) and `measure` (a spec's need) replace
        the real measurements in tests."""
        super().__init__(parent, Qt.WindowType.Window)
        self.store = store
        self.settings = settings
        self._factory = backend_factory
        self._rng = rng or random.Random()
        self._available = available
        self._measure = measure
        self.panes: list[ComparePane] = []
        self.parallel = False
        self.prompt = ""
        self._queue: list[ComparePane] = []
        self._revealed = True
        self.setObjectName("compareWindow")
        self.resize(1100, 700)

        self.models_edit = QLineEdit("smollm2, gemma3")
        self.blind_box = QCheckBox()
        self.blind_box.setChecked(True)
        self.prompt_edit = Composer()  # right-aligns Arabic; Enter asks
        self.prompt_edit.setMaximumHeight(90)
        self.prompt_edit.submitted.connect(self.ask)
        self.ask_button = QPushButton()
        self.ask_button.clicked.connect(self.ask)
        self.mode_label = QLabel()
        self.mode_label.setWordWrap(True)
        self.tie_button = QPushButton()
        self.tie_button.setEnabled(False)
        self.tie_button.clicked.connect(lambda: self.vote(TIE))
        self.models_label = QLabel()
        self.models_label.setBuddy(self.models_edit)

        top = QHBoxLayout()
        top.addWidget(self.models_label)
        top.addWidget(self.models_edit, 1)
        top.addWidget(self.blind_box)
        ask_row = QHBoxLayout()
        ask_row.addWidget(self.prompt_edit, 1)
        ask_row.addWidget(self.ask_button)
        self.panes_row = QHBoxLayout()
        bottom = QHBoxLayout()
        bottom.addWidget(self.mode_label, 1)
        bottom.addWidget(self.tie_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(ask_row)
        layout.addLayout(self.panes_row, 1)
        layout.addLayout(bottom)
        self.retranslate_ui()

    # --- text ---------------------------------------------------------------
    def retranslate_ui(self) -> None:
        self.setWindowTitle(self.tr("Compare side by side"))
        self.models_label.setText(self.tr("&Models:"))
        self.models_edit.setToolTip(
            self.tr("Two or more, comma-separated: names, GGUF paths or openai:URL#model")
        )
        self.blind_box.setText(self.tr("&Blind (hide names until I vote)"))
        self.prompt_edit.setPlaceholderText(self.tr("Ask every model the same question…"))
        self.ask_button.setText(self.tr("&Ask all"))
        self.tie_button.setText(self.tr("&Tie"))
        for pane in self.panes:
            self._show_pane_title(pane)
            pane.vote_button.setText(self.tr("%1 is better").replace("%1", pane.letter))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        super().changeEvent(event)

    def _show_pane_title(self, pane: ComparePane) -> None:
        if self._revealed:
            pane.show_title(f"{pane.letter} — {pane.model_name or pane.spec}")
        else:
            pane.show_title(self.tr("Model %1").replace("%1", pane.letter))

    # --- contenders ---------------------------------------------------------
    def specs(self) -> list[str]:
        return [s.strip() for s in self.models_edit.text().split(",") if s.strip()]

    def _build_panes(self, specs: list[str]) -> None:
        """One pane and controller per spec; blind mode shuffles the order
        so a column's place does not give its model away."""
        self._close_panes()
        order = list(specs)
        if self.blind_box.isChecked():
            self._rng.shuffle(order)
        for index, spec in enumerate(order):
            worker = default_worker(self.store.path, self._factory)
            controller = ChatController(worker, self, thread_name=f"compare-{index}")
            pane = ComparePane(spec, controller, self)
            pane.letter = LETTERS[index]
            pane.vote_button.clicked.connect(lambda _c=False, p=pane: self.vote(p.letter))
            controller.model_loaded.connect(lambda info, p=pane: self._on_model_loaded(p, info))
            controller.model_failed.connect(lambda error, p=pane: self._on_failed(p, error))
            controller.turn_event.connect(lambda event, p=pane: self._on_turn_event(p, event))
            controller.turn_failed.connect(lambda error, p=pane: self._on_failed(p, error))
            controller.turn_done.connect(lambda _failed, p=pane: self._on_turn_done(p))
            self.panes.append(pane)
            self.panes_row.addWidget(pane, 1)

    def _close_panes(self) -> None:
        for pane in self.panes:
            pane.controller.shutdown()
            pane.setParent(None)
            pane.deleteLater()
        self.panes = []

    # --- a round --------------------------------------------------------------
    def ask(self) -> bool:
        """Send the prompt to every contender; False (with the reason shown)
        when there is nothing to ask or fewer than two models."""
        text = self.prompt_edit.toPlainText().strip()
        specs = self.specs()
        if any(not pane.done for pane in self.panes) and self.panes and self.prompt:
            return False  # a round is still running
        if not text or len(specs) < 2:
            self.mode_label.setText(self.tr("Give a question and at least two models."))
            return False
        if [p.spec for p in self.panes] != specs or self.blind_box.isChecked():
            self._build_panes(specs)
        self.prompt = text
        self._revealed = not self.blind_box.isChecked()
        data_dir = Path(self.store.path).parent
        measure = self._measure or (lambda spec: model_bytes(spec, data_dir))
        needs = [measure(spec) for spec in specs]
        available = self._available if self._available is not None else available_bytes()
        self.parallel = fits_in_parallel(needs, available)
        self.mode_label.setText(
            self.tr("Streaming in parallel (they fit in memory).")
            if self.parallel
            else self.tr("One after another (not enough memory for all at once).")
        )
        self.tie_button.setEnabled(False)
        for pane in self.panes:
            pane.reset()
            pane.session_id = self.store.create_session(
                f"Compare {pane.letter} · {title_from(text)}",
                self.settings.default_mode,
                language_of(text),
            ).id
        self.retranslate_ui()
        self._queue = list(self.panes)
        if self.parallel:
            while self._queue:
                self._begin(self._queue.pop(0))
        else:
            self._begin(self._queue.pop(0))
        return True

    def _begin(self, pane: ComparePane) -> None:
        pane.status.setText(self.tr("Loading…"))
        if pane.controller.model_info is not None:
            self._send(pane)
        else:
            pane.controller.load_model(pane.spec, self.settings.n_ctx, self.settings.prompt_formats)

    def _send(self, pane: ComparePane) -> None:
        pane.status.setText(self.tr("Answering…"))
        params = GenerationParams(
            max_tokens=self.settings.max_tokens, temperature=self.settings.temperature
        )
        assert pane.session_id is not None
        pane.controller.send(pane.session_id, self.prompt, params)

    def _on_model_loaded(self, pane: ComparePane, info: ModelInfo) -> None:
        pane.model_name = info.display_name  # kept after the model is released
        self._show_pane_title(pane)
        if pane.session_id is not None and not pane.done:
            self._send(pane)

    def _on_failed(self, pane: ComparePane, error: UserFacingError) -> None:
        pane.failed = str(error)
        pane.status.setText(self.tr("Failed: %1").replace("%1", str(error)))
        if pane.controller.state == "no_model":  # the model never loaded: no turn_done
            self._finish(pane)

    def _on_turn_event(self, pane: ComparePane, event: object) -> None:
        if isinstance(event, ReplyDelta):
            pane.add_text(event.text)
        elif isinstance(event, ReplyFinished):
            pane.message_id = event.message.id
            stats = event.stats
            speed = f"{stats.tokens_per_s:.1f}" if stats.tokens_per_s else "?"
            pane.status.setText(
                self.tr("%1 tokens · %2 tokens/s")
                .replace("%1", str(stats.completion_tokens))
                .replace("%2", speed)
            )

    def _on_turn_done(self, pane: ComparePane) -> None:
        if not self.parallel:
            pane.controller.release_model()
        self._finish(pane)

    def _finish(self, pane: ComparePane) -> None:
        if pane.done:
            return
        pane.done = True
        if self._queue and not self.parallel:
            self._begin(self._queue.pop(0))
        if all(p.done for p in self.panes):
            for p in self.panes:
                p.vote_button.setEnabled(not p.failed)
            self.tie_button.setEnabled(True)
            self.round_finished.emit()

    # --- the vote ---------------------------------------------------------------
    def vote(self, winner: str) -> int:
        """Store the vote with every contender's reply, then reveal the names."""
        contenders = [
            {
                "label": pane.letter,
                "model": pane.spec,
                "model_name": pane.model_name or pane.spec,
                "session_id": pane.session_id,
                "message_id": pane.message_id,
                "reply": pane.reply,
                "failed": pane.failed or None,
            }
            for pane in self.panes
        ]
        vote_id = save_vote(self.store, self.prompt, contenders, winner, blind=not self._revealed)
        self._revealed = True
        for pane in self.panes:
            pane.vote_button.setEnabled(False)
        self.tie_button.setEnabled(False)
        self.retranslate_ui()
        self.mode_label.setText(
            self.tr("Vote saved: %1.").replace("%1", self.tr("a tie") if winner == TIE else winner)
        )
        self.voted.emit(winner)
        return vote_id

    def closeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        self._close_panes()
        super().closeEvent(event)


def open_compare_window(window: Any) -> CompareWindow:
    """Model ▸ Compare side by side…: one compare window per main window,
    raised when opened again."""
    view = getattr(window, "compare_window", None)
    if view is None:
        view = window.compare_window = CompareWindow(window.store, window.settings, window)
    if view.isVisible():  # already open: bring it forward
        view.raise_()
        view.activateWindow()
    view.show()
    return view
