"""GenerationWorker: the one thread that owns the model.

Lives on its own QThread. It loads the model (one `Llama`, created and used
only here), runs chat turns through `ChatRunner` with its own SQLite
connection, and reports back only through signals. Stop is a `CancelToken`
the GUI sets directly, because this thread is busy while generating and
would not see a queued call until the reply ended.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from bimedix.core.chat import ChatRunner
from bimedix.core.knowledge.grounding import DocumentSearch
from bimedix.core.store import ChatStore
from bimedix.core.triage import TriageConfig
from bimedix.engine.backend import Backend, CancelToken, GenerationParams
from bimedix.errors import ReplyNotSavedError, UserFacingError

# (model path or bundled name, context size, prompt-format overrides by file name)
BackendFactory = Callable[[str, int, dict[str, str]], Backend]


def open_chat_backend(
    spec: str,
    n_ctx: int,
    prompt_formats: dict[str, str],
    models_dir: Path,
    db_path: str,
    *,
    private: bool = False,
) -> Backend:
    """Open the backend a chat window asks for (see `open_backend`); model
    hashes are cached in the database at `db_path`. Runs on the worker
    thread that will own the backend. `private` (demo mode): KV-cache
    snapshots hold system prompts only, never a visitor's words."""
    from bimedix.core.settings import SETTINGS_FILE, Settings
    from bimedix.models.opening import open_backend

    data_dir = models_dir.parent
    kv_cache_bytes = Settings.load(data_dir / SETTINGS_FILE).kv_cache_bytes
    store = ChatStore(db_path)
    try:
        return open_backend(
            spec,
            data_dir,
            n_ctx=n_ctx,
            prompt_formats=prompt_formats,
            hash_cache=store,
            kv_cache_bytes=kv_cache_bytes,
            kv_cache_replies=not private,
        )
    finally:
        store.close()


def llama_backend_factory(
    models_dir: Path, db_path: str, *, private: bool = False
) -> BackendFactory:
    """The real backend factory: `open_chat_backend` for this data folder."""

    def create(spec: str, n_ctx: int, prompt_formats: dict[str, str]) -> Backend:
        return open_chat_backend(
            spec, n_ctx, prompt_formats, models_dir, db_path, private=private
        )

    return create


@dataclass
class TurnRequest:
    """What the GUI asks the worker to do for one turn."""

    kind: str  # "send", "regenerate" or "edit"
    session_id: int
    params: GenerationParams
    text: str = ""
    cancel: CancelToken = field(default_factory=CancelToken)
    # The red-flag check for this turn (country, stop after the notice):
    # taken per turn so a settings change applies without a restart.
    triage: TriageConfig = field(default_factory=TriageConfig)
    documents: bool = False  # answer from the user's documents (issue 20)


class GenerationWorker(QObject):
    """Loads models and runs turns; move it to a QThread before use."""

    model_loading = Signal(str)
    model_loaded = Signal(object)  # ModelInfo
    model_failed = Signal(object)  # UserFacingError
    turn_event = Signal(object)  # a bimedix.core.chat.TurnEvent
    turn_failed = Signal(object)  # UserFacingError
    reply_not_saved = Signal(object)  # ReplyNotSavedError: text kept for a retry
    turn_done = Signal()

    def __init__(self, db_path: str, backend_factory: BackendFactory):
        super().__init__()
        self._db_path = db_path
        self._backend_factory = backend_factory
        self._backend: Backend | None = None
        self._store: ChatStore | None = None

    def _runner(
        self, triage: TriageConfig | None = None, documents: bool = False
    ) -> ChatRunner:
        if self._store is None:
            # Opened here so the connection belongs to this thread.
            self._store = ChatStore(self._db_path)
        assert self._backend is not None
        search = DocumentSearch() if documents else None
        return ChatRunner(self._store, self._backend, triage=triage, documents=search)

    @Slot(str, int, object)
    def load_model(self, path: str, n_ctx: int, prompt_formats: dict[str, str]) -> None:
        self.model_loading.emit(path)
        if self._backend is not None:
            self._backend.close()
            self._backend = None
        try:
            self._backend = self._backend_factory(path, n_ctx, prompt_formats)
        except UserFacingError as exc:
            self.model_failed.emit(exc)
            return
        self.model_loaded.emit(self._backend.info)

    @Slot(object)
    def run_turn(self, request: TurnRequest) -> None:
        if self._backend is None:
            self.turn_failed.emit(UserFacingError(template="No model is loaded."))
            self.turn_done.emit()
            return
        try:
            runner = self._runner(request.triage, request.documents)
            events: Any
            if request.kind == "send":
                events = runner.send(
                    request.session_id, request.text, request.params, request.cancel
                )
            elif request.kind == "regenerate":
                events = runner.regenerate(request.session_id, request.params, request.cancel)
            else:
                events = runner.edit_last_user_message(
                    request.session_id, request.text, request.params, request.cancel
                )
            for event in events:
                self.turn_event.emit(event)
        except ReplyNotSavedError as exc:
            self.reply_not_saved.emit(exc)
        except UserFacingError as exc:
            self.turn_failed.emit(exc)
        finally:
            self.turn_done.emit()

    @Slot()
    def shutdown(self) -> None:
        """Release the model and the database on the owning thread."""
        if self._backend is not None:
            self._backend.close()
            self._backend = None
        if self._store is not None:
            self._store.close()
            self._store = None
