"""Running chat turns: history in, reply streamed out, SQLite written as it
happens.

This is the one pipeline behind the GUI, the CLI and the benchmarks. The
user's message is committed before generation starts; the reply is inserted
as 'streaming' and its text saved at least every `SAVE_INTERVAL_S` seconds,
then marked complete, stopped or error. A crash loses at most the last
half-second of a reply; a restart marks it 'interrupted'.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from bimedix import __version__
from bimedix.core.direction import language_of
from bimedix.core.knowledge.grounding import DocumentSearch
from bimedix.core.prompts import system_prompt
from bimedix.core.store import ChatStore, Session, StoredMessage
from bimedix.core.triage import TriageConfig, TriageResult
from bimedix.engine.backend import (
    Backend,
    CancelToken,
    ChatMessage,
    ContextTrimmed,
    Finished,
    GenerationParams,
    GenerationStats,
    TextDelta,
)
from bimedix.errors import ReplyNotSavedError, StorageError, UserFacingError

SAVE_INTERVAL_S = 0.5
NEW_SESSION_TITLE = {"en": "New chat", "ar": "محادثة جديدة"}
_TITLE_LENGTH = 60


@dataclass(frozen=True)
class UserMessageSaved:
    message: StoredMessage


@dataclass(frozen=True)
class MessagesRemoved:
    """Regenerate or edit deleted these messages (the old reply, or the
    edited message and what followed it), before the new turn begins."""

    message_ids: tuple[int, ...]


@dataclass(frozen=True)
class TriageNotice:
    """The user's message raised a red flag: show `result.notice` before the
    reply. With `stopped`, no model reply follows (demo mode's choice); the
    notice itself was stored as the reply, `reply`."""

    message_id: int
    result: TriageResult
    stopped: bool = False
    reply: StoredMessage | None = None


@dataclass(frozen=True)
class ReplyStarted:
    message_id: int


@dataclass(frozen=True)
class ReplyDelta:
    message_id: int
    text: str


@dataclass(frozen=True)
class HistoryTrimmed:
    """The oldest messages did not fit in the context and were left out."""

    dropped_messages: int


@dataclass(frozen=True)
class SourcesFound:
    """Documents are on for the session: these numbered passages (maybe
    none) were put in the prompt and are stored as the reply's sources."""

    message_id: int
    sources: list[dict[str, object]]
    translated_query: str | None = None


@dataclass(frozen=True)
class ReplyFinished:
    message: StoredMessage
    stats: GenerationStats


# (mode, language) -> system prompt; demo mode adds its safety line.
SystemPrompt = Callable[[str, str], str]

TurnEvent = (
    MessagesRemoved
    | UserMessageSaved
    | TriageNotice
    | ReplyStarted
    | ReplyDelta
    | HistoryTrimmed
    | SourcesFound
    | ReplyFinished
)
# The stop reason of a reply that is the red-flag notice, not model output.
NOTICE_STOP_REASON = "red_flag_notice"


def new_session(store: ChatStore, mode: str, language: str) -> Session:
    """An empty session titled 'New chat' in the UI language."""
    return store.create_session(NEW_SESSION_TITLE.get(language, "New chat"), mode, language)


def title_from(text: str) -> str:
    """A session title from its first message: first line, shortened."""
    line = " ".join(text.split())
    return line if len(line) <= _TITLE_LENGTH else line[: _TITLE_LENGTH - 1].rstrip() + "…"


def is_conversation_turn(message: StoredMessage) -> bool:
    """A user or assistant message with text that did not fail: what the
    model is shown again, and what training exports contain."""
    return bool(message.content) and message.status != "error" and message.role != "system"


def _documents_budget(n_ctx: int) -> int:
    """Tokens for document passages: a third of the context (the rest is for
    the system prompt, the conversation and the reply), at most 1,500."""
    return max(200, min(1500, n_ctx // 3))


def build_history(
    session: Session, messages: list[StoredMessage], prompt: SystemPrompt = system_prompt
) -> list[ChatMessage]:
    """What the model sees: the mode's system prompt, then every turn."""
    history = [ChatMessage("system", prompt(session.mode, session.language))]
    for message in filter(is_conversation_turn, messages):
        history.append(ChatMessage(message.role, message.content))  # type: ignore[arg-type]
    return history


class ChatRunner:
    """Runs turns of one session against one backend."""

    def __init__(
        self,
        store: ChatStore,
        backend: Backend,
        clock: Callable[[], float] = time.monotonic,
        prompt: SystemPrompt = system_prompt,
        triage: TriageConfig | None = None,
        documents: DocumentSearch | None = None,
    ) -> None:
        self.store = store
        self.backend = backend
        self._clock = clock
        self._prompt = prompt
        # The red-flag check runs on every new user message unless disabled.
        self.triage = TriageConfig() if triage is None else triage
        # The user's documents, when switched on for this session (issue 20).
        self.documents = documents

    def send(
        self,
        session_id: int,
        text: str,
        params: GenerationParams,
        cancel: CancelToken | None = None,
    ) -> Iterator[TurnEvent]:
        """Store the user's message, then generate and store the reply."""
        text = text.strip()
        if not text:
            raise UserFacingError(template="The message is empty.")
        session = self.store.get_session(session_id)
        if session.message_count == 0:
            language = language_of(text, fallback=session.language)
            title = session.title
            if title in NEW_SESSION_TITLE.values():
                title = title_from(text)
            self.store.update_session(session_id, title=title, language=language)
        yield from self._add_user_message_and_reply(session_id, text, params, cancel)

    def _add_user_message_and_reply(
        self,
        session_id: int,
        text: str,
        params: GenerationParams,
        cancel: CancelToken | None,
    ) -> Iterator[TurnEvent]:
        """Store the user's message with its red-flag outcome; on a hit the
        notice event comes before the model's reply (or instead of it, when
        stopping after the notice)."""
        session = self.store.get_session(session_id)
        result = None
        if self.triage.enabled:
            result = self.triage.run(text, fallback_language=session.language)
        stop = result is not None and result.triggered and self.triage.stop_after_notice
        record = result.record(result.triggered, stop) if result is not None else None
        user = self.store.add_message(session_id, "user", text, triage=record)
        yield UserMessageSaved(user)
        if result is None or not result.triggered:
            yield from self._reply(session_id, params, cancel)
            return
        if not stop:
            yield TriageNotice(user.id, result)
            yield from self._reply(session_id, params, cancel)
            return
        # Stored as the reply so the transcript (and any later turn's
        # history) shows what the visitor was told.
        reply = self.store.add_message(
            session_id,
            "assistant",
            result.notice,
            stop_reason=NOTICE_STOP_REASON,
            mode=session.mode,
            app_version=__version__,
        )
        yield TriageNotice(user.id, result, stopped=True, reply=reply)

    def regenerate(
        self, session_id: int, params: GenerationParams, cancel: CancelToken | None = None
    ) -> Iterator[TurnEvent]:
        """Replace the last reply with a new one."""
        messages = self.store.messages(session_id)
        if messages and messages[-1].role == "assistant":
            self.store.delete_messages_from(session_id, messages[-1].position)
            yield MessagesRemoved((messages[-1].id,))
            messages = messages[:-1]
        if not messages or messages[-1].role != "user":
            raise UserFacingError(template="There is no message to answer.")
        yield from self._reply(session_id, params, cancel)

    def edit_last_user_message(
        self,
        session_id: int,
        text: str,
        params: GenerationParams,
        cancel: CancelToken | None = None,
    ) -> Iterator[TurnEvent]:
        """Replace the last user message (and the reply after it), then resend."""
        messages = self.store.messages(session_id)
        users = [m for m in messages if m.role == "user"]
        if not users:
            raise UserFacingError(template="There is no message to edit.")
        if not text.strip():
            raise UserFacingError(template="The message is empty.")
        cut = users[-1].position
        self.store.delete_messages_from(session_id, cut)
        yield MessagesRemoved(tuple(m.id for m in messages if m.position >= cut))
        yield from self._add_user_message_and_reply(session_id, text.strip(), params, cancel)

    def _reply(
        self, session_id: int, params: GenerationParams, cancel: CancelToken | None
    ) -> Iterator[TurnEvent]:
        session = self.store.get_session(session_id)
        messages = self.store.messages(session_id)
        history = build_history(session, messages, self._prompt)
        info = self.backend.info
        grounding = None
        if self.documents is not None:
            question = next((m.content for m in reversed(messages) if m.role == "user"), "")
            grounding = self.documents.ground(
                self.store, self.backend, question, _documents_budget(info.n_ctx)
            )
            history[0] = ChatMessage("system", history[0].content + "\n\n" + grounding.block)
        reply = self.store.add_message(
            session_id,
            "assistant",
            "",
            status="streaming",
            model_file=info.file_name,
            model_sha256=info.sha256,
            model_architecture=info.architecture,
            model_quantization=info.quantization,
            context_size=info.n_ctx,
            prompt_format=info.prompt_format,
            mode=session.mode,
            system_prompt=history[0].content,
            params=params.to_dict(),
            app_version=__version__,
            engine_version=info.engine,
            sources=grounding.sources if grounding is not None else None,
        )
        parts: list[str] = []
        saved_at = self._clock()
        stats: GenerationStats | None = None
        try:
            yield ReplyStarted(reply.id)
            if grounding is not None:
                yield SourcesFound(reply.id, grounding.sources, grounding.translated_query)
            for event in self.backend.stream_chat(history, params, cancel):
                if isinstance(event, TextDelta):
                    parts.append(event.text)
                    yield ReplyDelta(reply.id, event.text)
                    if self._clock() - saved_at >= SAVE_INTERVAL_S:
                        saved_at = self._clock()
                        try:
                            self.store.update_message(reply.id, content="".join(parts))
                        except StorageError:
                            # Disk full or read-only: keep generating; the
                            # final save below retries and reports it.
                            pass
                elif isinstance(event, ContextTrimmed):
                    yield HistoryTrimmed(event.dropped_messages)
                elif isinstance(event, Finished):
                    stats = event.stats
        except UserFacingError:
            if parts:
                self.store.update_message(
                    reply.id, content="".join(parts), status="error", stop_reason="error"
                )
            else:
                # Nothing was generated (e.g. the message is too long): leave
                # no empty reply behind; the user's message stays for editing.
                self.store.delete_messages_from(session_id, reply.position)
            raise
        except BaseException:
            self.store.update_message(
                reply.id, content="".join(parts), status="interrupted", stop_reason="interrupted"
            )
            raise
        if stats is None:
            raise RuntimeError("backend stream ended without a Finished event")
        final = {
            "content": "".join(parts),
            "status": "stopped" if stats.stop_reason == "stopped" else "complete",
            "seed": stats.seed,
            "prompt_tokens": stats.prompt_tokens,
            "cached_prompt_tokens": stats.cached_prompt_tokens,
            "completion_tokens": stats.completion_tokens,
            "time_to_first_token_s": stats.time_to_first_token_s,
            "tokens_per_s": stats.tokens_per_s,
            "stop_reason": stats.stop_reason,
        }
        try:
            self.store.update_message(reply.id, **final)
        except StorageError as exc:
            raise ReplyNotSavedError(str(exc), reply.id, final) from exc
        yield ReplyFinished(self.store.get_message(reply.id), stats)
