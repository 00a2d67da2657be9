"""ChatController: one conversation's model, worker thread and turn state.

The views (the main window, demo mode, later a side-by-side compare) hold
no turn logic: they call `send`, `regenerate`, `edit`, `stop` and
`load_model` here and draw what the signals report. The controller owns a
`GenerationWorker` on its own QThread, so the one `Llama` object is created,
used and closed on exactly that thread; requests go to it as queued
signals and results come back the same way. Which rows regenerate and edit
delete is decided by `ChatRunner` alone and arrives as a `MessagesRemoved`
event.

State is exposed as properties with change signals, after GPT4All's `Chat`:
`response_in_progress`, `state` (see `ResponseState`), `token_speed` and
`model_error`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QObject, Qt, QThread, Signal, Slot

from bimedix.core.chat import (
    ReplyDelta,
    ReplyFinished,
    ReplyStarted,
    TriageNotice,
    UserMessageSaved,
)
from bimedix.core.triage import TriageConfig
from bimedix.engine.backend import GenerationParams, ModelInfo
from bimedix.errors import ReplyNotSavedError, UserFacingError
from bimedix.gui.worker import BackendFactory, GenerationWorker, TurnRequest, llama_backend_factory

# no_model -> loading_model -> idle -> processing_prompt -> generating -> idle
ResponseState = Literal["no_model", "loading_model", "idle", "processing_prompt", "generating"]

# A few speed updates a second are readable; one per token costs the GUI
# thread a fifth of a core and slows generation down.
SPEED_EVERY_TOKENS = 8


def default_worker(db_path: str, backend_factory: BackendFactory | None = None) -> GenerationWorker:
    """The app's worker for the database at `db_path`: models open through
    `open_chat_backend` unless a test passes its own factory."""
    models_dir = Path(db_path).parent / "models"
    return GenerationWorker(db_path, backend_factory or llama_backend_factory(models_dir, db_path))


class ChatController(QObject):
    """Owns one worker thread and its backend; runs one turn at a time."""

    # To the worker (queued: it lives on the controller's thread).
    _request_model = Signal(str, int, object)
    _request_turn = Signal(object)
    _request_release = Signal()

    # To the views; every one is emitted on the GUI thread.
    model_loading = Signal(str)  # spec
    model_loaded = Signal(object)  # ModelInfo
    model_failed = Signal(object)  # UserFacingError
    turn_event = Signal(object)  # a bimedix.core.chat.TurnEvent
    # A TriageNotice: the user's message raised a red flag; show it before
    # the reply (also reported through turn_event, like every event).
    triage_notice = Signal(object)
    turn_failed = Signal(object)  # UserFacingError
    reply_not_saved = Signal(object)  # ReplyNotSavedError: the text is kept for a retry
    turn_done = Signal(bool)  # True if turn_failed was reported; idle again
    response_in_progress_changed = Signal(bool)
    state_changed = Signal(str)  # ResponseState
    token_speed_changed = Signal(float)  # tokens/s, 0.0 when unknown
    model_error_changed = Signal(object)  # UserFacingError or None

    def __init__(
        self,
        worker: GenerationWorker,
        parent: QObject | None = None,
        *,
        thread_name: str = "generation",
        run_turn: Callable[[TurnRequest], None] | None = None,
        release: Callable[[], None] | None = None,
    ) -> None:
        """`run_turn` and `release` name the worker's slots when a subclass
        adds its own (demo mode does: PySide would run an overridden slot
        on the wrong thread)."""
        super().__init__(parent)
        self.worker = worker
        self._active: TurnRequest | None = None
        self._discarding = False  # the views asked not to see this turn's end
        self._failed = False
        self._saved_user_text = False
        self._state: ResponseState = "no_model"
        self._model_info: ModelInfo | None = None
        self._model_error: UserFacingError | None = None
        self._token_speed = 0.0
        self._stream_tokens = 0
        self._stream_started_at = 0.0
        # The red-flag check each new turn runs with; the views set it from
        # their settings, and the next turn takes it.
        self.triage = TriageConfig()
        self._documents: set[int] = set()  # sessions answering from documents

        self._thread = QThread(self)
        self._thread.setObjectName(thread_name)
        worker.moveToThread(self._thread)
        self._request_model.connect(worker.load_model)
        self._request_turn.connect(run_turn or worker.run_turn)
        self._request_release.connect(
            release or worker.shutdown, Qt.ConnectionType.BlockingQueuedConnection
        )
        worker.model_loading.connect(self._on_model_loading)
        worker.model_loaded.connect(self._on_model_loaded)
        worker.model_failed.connect(self._on_model_failed)
        worker.turn_event.connect(self._on_turn_event)
        worker.turn_failed.connect(self._on_turn_failed)
        worker.reply_not_saved.connect(self._on_reply_not_saved)
        worker.turn_done.connect(self._on_turn_done)
        self._thread.start()

    # --- properties -------------------------------------------------------
    @property
    def response_in_progress(self) -> bool:
        return self._active is not None

    @property
    def state(self) -> ResponseState:
        return self._state

    @property
    def token_speed(self) -> float:
        return self._token_speed

    @property
    def model_info(self) -> ModelInfo | None:
        return self._model_info

    @property
    def model_error(self) -> UserFacingError | None:
        return self._model_error

    @property
    def model_loading_now(self) -> bool:
        return self._state == "loading_model"

    @property
    def turn_text(self) -> str:
        """The text the running turn sends ("" for regenerate or when idle)."""
        return self._active.text if self._active is not None else ""

    @property
    def unsent_text(self) -> str:
        """The running turn's text while it is not yet in the database."""
        return "" if self._saved_user_text else self.turn_text

    def _set_state(self, state: ResponseState) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    def _set_token_speed(self, speed: float) -> None:
        if speed != self._token_speed:
            self._token_speed = speed
            self.token_speed_changed.emit(speed)

    def _set_model_error(self, error: UserFacingError | None) -> None:
        if error is not self._model_error:
            self._model_error = error
            self.model_error_changed.emit(error)

    # --- the model --------------------------------------------------------
    def load_model(self, spec: str, n_ctx: int, prompt_formats: dict[str, str]) -> None:
        """Close the current model (if any) and open `spec` on the worker."""
        self._model_info = None
        self._set_model_error(None)
        self._set_state("loading_model")
        self._request_model.emit(spec, n_ctx, dict(prompt_formats))

    @Slot(str)
    def _on_model_loading(self, spec: str) -> None:
        self._model_info = None
        self._set_state("loading_model")
        self.model_loading.emit(spec)

    @Slot(object)
    def _on_model_loaded(self, info: ModelInfo) -> None:
        self._model_info = info
        self._set_model_error(None)
        self._set_state("idle")
        self.model_loaded.emit(info)

    @Slot(object)
    def _on_model_failed(self, error: UserFacingError) -> None:
        self._model_info = None
        self._set_model_error(error)
        self._set_state("no_model")
        self.model_failed.emit(error)

    # --- turns ------------------------------------------------------------
    def send(self, session_id: int, text: str, params: GenerationParams) -> bool:
        """Store `text` as the user's message, then stream a reply."""
        return self._start("send", session_id, params, text)

    def regenerate(self, session_id: int, params: GenerationParams) -> bool:
        """Replace the last reply with a new one."""
        return self._start("regenerate", session_id, params)

    def edit(self, session_id: int, text: str, params: GenerationParams) -> bool:
        """Replace the last user message (and its reply), then resend."""
        return self._start("edit", session_id, params, text)

    def set_documents(self, session_id: int, on: bool) -> None:
        """Answer this session's turns from the user's documents, or not."""
        if on:
            self._documents.add(session_id)
        else:
            self._documents.discard(session_id)

    def uses_documents(self, session_id: int | None) -> bool:
        return session_id in self._documents

    def _start(self, kind: str, session_id: int, params: GenerationParams, text: str = "") -> bool:
        if self._active is not None or self._model_info is None:
            return False
        self._active = TurnRequest(kind, session_id, params, text, triage=self.triage)
        self._active.documents = session_id in self._documents
        self._failed = False
        self._discarding = False
        self._saved_user_text = False
        self._stream_tokens = 0
        self._set_token_speed(0.0)
        self._set_state("processing_prompt")
        self.response_in_progress_changed.emit(True)
        self._request_turn.emit(self._active)
        return True

    def stop(self, discard: bool = False) -> None:
        """Stop the reply now. The worker is busy generating and would not
        see a queued call, so the request's cancel token is set directly.
        With `discard`, the rest of this turn's events are not reported."""
        if self._active is not None:
            self._active.cancel.cancel()
            self._discarding = self._discarding or discard

    @Slot(object)
    def _on_turn_event(self, event: object) -> None:
        if self._discarding:
            return
        if isinstance(event, UserMessageSaved):
            self._saved_user_text = True
        elif isinstance(event, ReplyStarted):
            self._stream_started_at = time.perf_counter()
        elif isinstance(event, ReplyDelta):
            if self._stream_tokens == 0:
                self._stream_started_at = time.perf_counter()
                self._set_state("generating")
            self._stream_tokens += 1
            elapsed = time.perf_counter() - self._stream_started_at
            if self._stream_tokens > 1 and elapsed > 0:
                if self._stream_tokens % SPEED_EVERY_TOKENS == 0:
                    self._set_token_speed((self._stream_tokens - 1) / elapsed)
        elif isinstance(event, ReplyFinished) and event.stats.tokens_per_s:
            self._set_token_speed(event.stats.tokens_per_s)
        self.turn_event.emit(event)
        if isinstance(event, TriageNotice):
            self.triage_notice.emit(event)

    @Slot(object)
    def _on_turn_failed(self, error: UserFacingError) -> None:
        self._failed = True
        if not self._discarding:
            self.turn_failed.emit(error)

    @Slot(object)
    def _on_reply_not_saved(self, error: ReplyNotSavedError) -> None:
        # Not a failed turn: the reply is whole on screen, only not on disk.
        if not self._discarding:
            self.reply_not_saved.emit(error)

    @Slot()
    def _on_turn_done(self) -> None:
        self._active = None
        self._discarding = False
        self._set_state("idle" if self._model_info is not None else "no_model")
        self.response_in_progress_changed.emit(False)
        self.turn_done.emit(self._failed)

    def wait_for_model(self, timeout_ms: int = 30000) -> bool:
        """Process events until the model has loaded or failed (screenshots
        and the smoke test; never from a slot)."""
        timer = QElapsedTimer()
        timer.start()
        while self._state == "loading_model" and timer.elapsed() < timeout_ms:
            QCoreApplication.processEvents()
            QThread.msleep(10)
        return self._model_info is not None

    # --- lifetime ---------------------------------------------------------
    def release_model(self) -> None:
        """Close the backend and the worker's database on their own thread
        and wait for it; the thread stays up for a later `load_model`."""
        self.stop()
        if self._thread.isRunning():
            self._request_release.emit()
        self._model_info = None
        self._set_state("no_model")

    def shutdown(self) -> None:
        """Release the model and end the thread. Safe to call twice: a
        blocking call into a stopped thread would never return."""
        if self._thread.isRunning():
            self.release_model()
            self._thread.quit()
            self._thread.wait()
