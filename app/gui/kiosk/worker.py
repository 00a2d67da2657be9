"""KioskWorker: the generation thread of demo mode, and its backend choice.

It is the app's `GenerationWorker` (one model, one thread, turns through
`ChatRunner`) with three differences: the demo system prompt (the safety
line in both languages), visits that start and end on request, and where a
visit is kept, which the operator chose:

- "none": the visit lives in a private in-memory SQLite database on this
  thread and is deleted when it ends; nothing reaches the user's database.
- "anonymised": the same, plus after each turn the finished messages are
  appended, anonymised (`bimedix.core.anonymise`), to the user's database.
- "full": the visit is written to the user's database as it happens, like
  any chat.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal, Slot

from bimedix.core.anonymise import AnonymisedCopy
from bimedix.core.chat import NEW_SESSION_TITLE, ChatRunner
from bimedix.core.kiosk import KioskSettings, demo_system_prompt
from bimedix.core.store import ChatStore
from bimedix.core.triage import TriageConfig
from bimedix.engine.backend import Backend
from bimedix.errors import UserFacingError
from bimedix.gui.worker import BackendFactory, GenerationWorker, TurnRequest, llama_backend_factory
from bimedix.models.opening import RemoteServer, open_backend

MEMORY_DB = ":memory:"
log = logging.getLogger("bimedix.kiosk")


def kiosk_backend_factory(
    settings: KioskSettings, models_dir: Path, db_path: str
) -> BackendFactory:
    """The local model through llama.cpp, or an OpenAI-compatible server
    (many stations sharing one powerful machine), as the operator chose."""
    if settings.backend != "openai":
        # Visitors' words never reach the KV-cache folder; the demo's
        # system prompt does, so each visit evaluates only its own tokens.
        return llama_backend_factory(models_dir, db_path, private=True)

    def create_remote(_spec: str, _n_ctx: int, _formats: dict[str, str]) -> Backend:
        # The backend checks the address and raises a translatable error.
        server = RemoteServer(
            settings.base_url,
            model=settings.api_model or None,
            api_key=settings.api_key or None,
            timeout=settings.request_timeout_s,
        )
        return open_backend(server, models_dir.parent)

    return create_remote


@dataclass(frozen=True)
class VisitEnded:
    """A visit was cleared: where it was kept, if anywhere."""

    stored_session_id: int | None  # in the user's database
    turns: int  # messages the visitor sent


class KioskWorker(GenerationWorker):
    """Runs demo visits; move it to a QThread before use."""

    visit_started = Signal(int)  # session id for TurnRequests
    visit_ended = Signal(object)  # VisitEnded
    storage_failed = Signal(object)  # UserFacingError: the anonymised copy failed

    def __init__(self, db_path: str, privacy: str, backend_factory: BackendFactory):
        super().__init__(db_path if privacy == "full" else MEMORY_DB, backend_factory)
        self._user_db_path = db_path
        self._privacy = privacy
        self._copy: AnonymisedCopy | None = None

    def _visit_store(self) -> ChatStore:
        if self._store is None:
            # Opened here so the connection (and an in-memory database) belongs
            # to this thread alone.
            self._store = ChatStore(self._db_path)
        return self._store

    def _runner(
        self, triage: TriageConfig | None = None, documents: bool = False
    ) -> ChatRunner:
        # Demo visitors never answer from the operator's documents.
        assert self._backend is not None
        return ChatRunner(
            self._visit_store(), self._backend, prompt=demo_system_prompt, triage=triage
        )

    @Slot(str, str)
    def start_visit(self, mode: str, language: str) -> None:
        title = NEW_SESSION_TITLE.get(language, NEW_SESSION_TITLE["en"])
        session = self._visit_store().create_session(title, mode, language)
        self.visit_started.emit(session.id)

    # New slot names rather than overrides: PySide resolves an overridden
    # slot's receiver wrongly, and a queued call would then run on the GUI
    # thread (a blocking one deadlocks).
    @Slot(object)
    def run_visit_turn(self, request: TurnRequest) -> None:
        self.run_turn(request)
        if self._privacy == "anonymised":
            self._copy_anonymised(request.session_id)

    def _copy_anonymised(self, session_id: int) -> int | None:
        try:
            if self._copy is None:
                self._copy = AnonymisedCopy(ChatStore(self._user_db_path))
            return self._copy.sync(self._visit_store(), session_id)
        except UserFacingError as exc:
            self.storage_failed.emit(exc)
            return None

    @Slot(int)
    def end_visit(self, session_id: int) -> None:
        """Forget the visit here; report where it was kept."""
        store = self._visit_store()
        try:
            turns = sum(m.role == "user" for m in store.messages(session_id))
        except KeyError:
            turns = 0
        stored: int | None = None
        if self._privacy == "full":
            stored = session_id if turns else None
            if not turns:
                store.delete_session(session_id)  # an empty visit leaves no chat
        else:
            if self._privacy == "anonymised" and turns:
                stored = self._copy_anonymised(session_id)
                if self._copy is not None:
                    self._copy.forget(session_id)
            store.delete_session(session_id)
        log.info("visit %d reset: %d turns, privacy %s, kept as %s", session_id, turns,
                 self._privacy, stored)  # fmt: skip
        self.visit_ended.emit(VisitEnded(stored, turns))

    @Slot()
    def shutdown_kiosk(self) -> None:
        """Release the model and both databases on the owning thread."""
        self.shutdown()
        if self._copy is not None:
            self._copy.target.close()
            self._copy = None
