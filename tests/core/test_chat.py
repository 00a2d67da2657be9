"""ChatRunner against the real embedded model and a real SQLite file: what is
stored when, provenance, progressive saving, cancel, regenerate, edit, and
the ways a turn can end early."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bimedix.core.chat import (
    ChatRunner,
    HistoryTrimmed,
    MessagesRemoved,
    ReplyDelta,
    ReplyFinished,
    ReplyStarted,
    TurnEvent,
    UserMessageSaved,
    build_history,
    new_session,
    title_from,
)
from bimedix.core.prompts import system_prompt
from bimedix.core.store import ChatStore
from bimedix.engine.backend import CancelToken, ChatMessage, GenerationParams
from bimedix.errors import PromptTooLongError, UserFacingError
from bimedix.models.catalog import embedded_model_path

ESSAY = "Write a long, detailed essay about how the human heart pumps blood."
PARAMS = GenerationParams(max_tokens=8, temperature=0.7, seed=11)


class TickingClock:
    """A monotonic clock that moves one second every time it is read."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


class FrozenClock:
    """A clock that never moves: no save interval ever elapses."""

    def __call__(self) -> float:
        return 100.0


@pytest.fixture
def runner(store: ChatStore, backend) -> ChatRunner:  # type: ignore[no-untyped-def]
    return ChatRunner(store, backend, clock=TickingClock())


@pytest.fixture
def observer(store: ChatStore, db_path: Path) -> Iterator[ChatStore]:
    """A second connection to the same file, as another process would see it."""
    other = ChatStore(db_path)
    yield other
    other.close()


def deltas(events: list[TurnEvent]) -> str:
    return "".join(e.text for e in events if isinstance(e, ReplyDelta))


# --- a normal turn -----------------------------------------------------------


def test_send_stores_user_message_then_complete_reply_with_provenance(
    runner: ChatRunner,
    store: ChatStore,
    backend,  # type: ignore[no-untyped-def]
) -> None:
    session = new_session(store, "qa", "en")

    events = list(runner.send(session.id, f"  {ESSAY}  ", PARAMS))

    assert isinstance(events[0], UserMessageSaved)
    assert isinstance(events[1], ReplyStarted)
    assert all(isinstance(e, ReplyDelta) for e in events[2:-1])
    assert isinstance(events[-1], ReplyFinished)
    user, reply = store.messages(session.id)
    assert events[0].message == user
    assert (user.role, user.content, user.status, user.position) == ("user", ESSAY, "complete", 0)
    assert events[1].message_id == reply.id
    assert (reply.role, reply.position, reply.status) == ("assistant", 1, "complete")
    assert reply.content == deltas(events) != ""
    stats = events[-1].stats
    assert events[-1].message == reply
    assert reply.model_file == backend.info.file_name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert reply.prompt_format == "gguf"
    assert reply.params == PARAMS.to_dict()
    assert reply.seed == stats.seed == 11
    assert reply.prompt_tokens == stats.prompt_tokens > 0
    assert reply.completion_tokens == stats.completion_tokens == 8
    assert reply.stop_reason == stats.stop_reason == "length"
    assert reply.tokens_per_s is not None and reply.tokens_per_s > 0
    assert reply.time_to_first_token_s is not None and reply.time_to_first_token_s >= 0


def test_first_message_names_the_session_and_sets_its_language(
    runner: ChatRunner, store: ChatStore
) -> None:
    session = new_session(store, "consult", "en")
    text = "عندي ألم في الصدر منذ يومين ويزداد عند صعود الدرج، وأحياناً أشعر بضيق في التنفس"

    list(runner.send(session.id, text, GenerationParams(max_tokens=2, seed=1)))

    updated = store.get_session(session.id)
    assert updated.language == "ar"
    assert updated.title == title_from(text)
    assert updated.title.endswith("…") and len(updated.title) == 60
    # Later messages do not rename the session.
    list(runner.send(session.id, "Another question", GenerationParams(max_tokens=2, seed=1)))
    assert store.get_session(session.id).title == updated.title


def test_a_custom_title_is_kept(runner: ChatRunner, store: ChatStore) -> None:
    session = store.create_session("My migraine diary", "consult", "en")

    list(runner.send(session.id, "Day one: aura.", GenerationParams(max_tokens=2, seed=1)))

    assert store.get_session(session.id).title == "My migraine diary"


def test_the_model_sees_the_whole_history(runner: ChatRunner, store: ChatStore) -> None:
    session = new_session(store, "qa", "en")

    first = list(runner.send(session.id, "What is anaemia?", PARAMS))[-1]
    second = list(runner.send(session.id, "And its treatment?", PARAMS))[-1]

    assert isinstance(first, ReplyFinished) and isinstance(second, ReplyFinished)
    assert second.stats.prompt_tokens > first.stats.prompt_tokens + first.stats.completion_tokens
    # The second prompt starts with the first, already in the KV cache; the
    # stored provenance says how much of it was taken from there.
    assert second.message.cached_prompt_tokens == second.stats.cached_prompt_tokens
    assert 0 < second.stats.cached_prompt_tokens < second.stats.prompt_tokens
    assert [m.role for m in store.messages(session.id)] == [
        "user",
        "assistant",
        "user",
        "assistant",
    ]


# --- saving while streaming --------------------------------------------------


def test_reply_is_saved_progressively(
    runner: ChatRunner, store: ChatStore, observer: ChatStore
) -> None:
    session = new_session(store, "qa", "en")
    shown: list[str] = []
    snapshots: list[tuple[str, str]] = []
    reply_id = None

    for event in runner.send(session.id, ESSAY, GenerationParams(max_tokens=16, seed=5)):
        if isinstance(event, ReplyStarted):
            reply_id = event.message_id
            row = observer.get_message(reply_id)
            assert (row.content, row.status) == ("", "streaming")
        elif isinstance(event, ReplyDelta):
            shown.append(event.text)
            row = observer.get_message(event.message_id)
            snapshots.append((row.content, row.status))
            if len(shown) >= 2:
                # Everything up to the previous piece is already on disk.
                assert row.status == "streaming"
                assert row.content in ("".join(shown[:-1]), "".join(shown))
                assert row.content != ""

    assert len(shown) >= 3
    final = observer.get_message(reply_id)  # type: ignore[arg-type]
    assert (final.content, final.status) == ("".join(shown), "complete")
    assert all(status == "streaming" for _, status in snapshots)


def test_reply_is_not_rewritten_before_the_save_interval(
    store: ChatStore,
    observer: ChatStore,
    backend,  # type: ignore[no-untyped-def]
) -> None:
    runner = ChatRunner(store, backend, clock=FrozenClock())
    session = new_session(store, "qa", "en")
    seen: list[str] = []

    for event in runner.send(session.id, ESSAY, GenerationParams(max_tokens=12, seed=5)):
        if isinstance(event, ReplyDelta):
            seen.append(observer.get_message(event.message_id).content)

    assert len(seen) >= 3
    assert set(seen) == {""}
    assert store.messages(session.id)[-1].content != ""


# --- ending early -----------------------------------------------------------


def test_cancel_mid_stream_stops_within_one_token(runner: ChatRunner, store: ChatStore) -> None:
    session = new_session(store, "qa", "en")
    cancel = CancelToken()
    before: list[str] = []
    after: list[str] = []
    finished = None

    for event in runner.send(session.id, ESSAY, GenerationParams(max_tokens=32, seed=5), cancel):
        if isinstance(event, ReplyDelta):
            (after if cancel.cancelled else before).append(event.text)
            if len(before) == 3 and not cancel.cancelled:
                cancel.cancel()
        elif isinstance(event, ReplyFinished):
            finished = event

    assert finished is not None
    assert len(after) <= 1
    assert finished.stats.stop_reason == "stopped"
    assert finished.stats.completion_tokens < 32
    reply = store.messages(session.id)[-1]
    assert (reply.status, reply.stop_reason) == ("stopped", "stopped")
    assert reply.content == "".join(before + after)
    assert finished.message == reply


def test_closing_the_stream_marks_the_reply_interrupted(
    runner: ChatRunner, store: ChatStore
) -> None:
    session = new_session(store, "qa", "en")
    stream = runner.send(session.id, ESSAY, GenerationParams(max_tokens=32, seed=5))
    shown = []
    for event in stream:
        if isinstance(event, ReplyDelta):
            shown.append(event.text)
            if len(shown) == 2:
                break

    stream.close()

    user, reply = store.messages(session.id)
    assert user.content == ESSAY
    assert (reply.status, reply.stop_reason) == ("interrupted", "interrupted")
    assert reply.content == "".join(shown)
    # The backend is still usable for the next turn.
    last = list(runner.send(session.id, "Shorter, please.", PARAMS))[-1]
    assert isinstance(last, ReplyFinished) and last.message.status == "complete"


def test_closing_the_stream_right_after_reply_started_leaves_no_streaming_row(
    runner: ChatRunner, store: ChatStore
) -> None:
    session = new_session(store, "qa", "en")
    stream = runner.send(session.id, ESSAY, PARAMS)
    assert isinstance(next(stream), UserMessageSaved)
    assert isinstance(next(stream), ReplyStarted)

    stream.close()

    assert [m.status for m in store.messages(session.id) if m.role == "assistant"] in (
        [],
        ["interrupted"],
    )


def test_empty_message_is_refused_and_nothing_is_stored(
    runner: ChatRunner, store: ChatStore
) -> None:
    session = new_session(store, "qa", "en")

    for text in ("", "   \n\t "):
        with pytest.raises(UserFacingError, match="empty"):
            list(runner.send(session.id, text, PARAMS))

    assert store.messages(session.id) == []
    assert store.get_session(session.id).title == "New chat"


def test_message_too_long_for_the_context_leaves_no_empty_reply(
    runner: ChatRunner, store: ChatStore
) -> None:
    session = new_session(store, "qa", "en")
    events: list[TurnEvent] = []

    with pytest.raises(PromptTooLongError):
        for event in runner.send(session.id, "palpitations " * 2500, PARAMS):
            events.append(event)

    assert not any(isinstance(e, ReplyDelta) for e in events)
    (user,) = store.messages(session.id)
    assert user.role == "user"
    assert user.content.startswith("palpitations palpitations")


def test_trimmed_history_is_reported(store: ChatStore) -> None:
    from bimedix.engine.llama_backend import LlamaCppBackend

    small = LlamaCppBackend(embedded_model_path(), n_ctx=512)
    try:
        runner = ChatRunner(store, small, clock=TickingClock())
        session = new_session(store, "qa", "en")
        for i in range(8):
            store.add_message(session.id, "user", f"Question {i}: " + "fever and cough " * 12)
            store.add_message(session.id, "assistant", f"Answer {i}: " + "rest and fluids " * 12)

        events = list(runner.send(session.id, "What now?", GenerationParams(max_tokens=8, seed=1)))
    finally:
        small.close()

    trimmed = [e for e in events if isinstance(e, HistoryTrimmed)]
    assert len(trimmed) == 1
    finished = events[-1]
    assert isinstance(finished, ReplyFinished)
    assert trimmed[0].dropped_messages == finished.stats.dropped_messages > 0
    assert finished.message.status == "complete"
    # Nothing was deleted: trimming only changes what the model sees.
    assert len(store.messages(session.id)) == 18


# --- regenerate and edit -----------------------------------------------------


def test_regenerate_replaces_the_last_reply(runner: ChatRunner, store: ChatStore) -> None:
    session = new_session(store, "qa", "en")
    list(runner.send(session.id, ESSAY, GenerationParams(max_tokens=8, temperature=1.0, seed=1)))
    user, old_reply = store.messages(session.id)

    events = list(
        runner.regenerate(session.id, GenerationParams(max_tokens=8, temperature=1.0, seed=2))
    )

    assert not any(isinstance(e, UserMessageSaved) for e in events)
    assert events[0] == MessagesRemoved((old_reply.id,))
    messages = store.messages(session.id)
    assert [m.id for m in messages][0] == user.id
    new_reply = messages[1]
    assert len(messages) == 2
    assert new_reply.position == old_reply.position == 1
    assert (old_reply.seed, new_reply.seed) == (1, 2)
    assert new_reply.status == "complete"
    assert new_reply.content == deltas(events) != old_reply.content
    # (SQLite may give the freed id to the new reply, so ids are not compared.)
    assert store.search(old_reply.content) == [] or all(
        hit.message_id == new_reply.id for hit in store.search(old_reply.content)
    )


def test_regenerate_answers_a_user_message_without_reply(
    runner: ChatRunner, store: ChatStore
) -> None:
    session = new_session(store, "qa", "en")
    store.add_message(session.id, "user", "Is ibuprofen safe with asthma?")

    list(runner.regenerate(session.id, PARAMS))

    assert [m.role for m in store.messages(session.id)] == ["user", "assistant"]


def test_regenerate_without_messages_is_refused(runner: ChatRunner, store: ChatStore) -> None:
    session = new_session(store, "qa", "en")

    with pytest.raises(UserFacingError):
        list(runner.regenerate(session.id, PARAMS))


def test_edit_last_user_message_replaces_it_and_its_reply(
    runner: ChatRunner, store: ChatStore
) -> None:
    session = new_session(store, "qa", "en")
    list(runner.send(session.id, "What is a normal pulse?", PARAMS))
    list(runner.send(session.id, "And for chldren?", PARAMS))
    first_turn = store.messages(session.id)[:2]
    replaced = [m.id for m in store.messages(session.id)[2:]]

    events = list(runner.edit_last_user_message(session.id, "  And for children?  ", PARAMS))

    # The deleted rows are named first, so a view never works them out itself.
    assert events[0] == MessagesRemoved(tuple(replaced))
    assert isinstance(events[1], UserMessageSaved)
    messages = store.messages(session.id)
    assert messages[:2] == first_turn
    assert [(m.role, m.position) for m in messages[2:]] == [("user", 2), ("assistant", 3)]
    assert messages[2].content == "And for children?"
    assert events[1].message == messages[2]
    assert messages[3].status == "complete"
    assert "chldren" not in " ".join(m.content for m in messages)


def test_edit_is_refused_without_user_message_or_with_empty_text(
    runner: ChatRunner, store: ChatStore
) -> None:
    session = new_session(store, "qa", "en")
    with pytest.raises(UserFacingError):
        list(runner.edit_last_user_message(session.id, "text", PARAMS))

    list(runner.send(session.id, "Original question", PARAMS))
    with pytest.raises(UserFacingError, match="empty"):
        list(runner.edit_last_user_message(session.id, "  ", PARAMS))
    assert store.messages(session.id)[0].content == "Original question"


# --- pure helpers --------------------------------------------------------------


def test_build_history_starts_with_system_prompt_and_skips_failed_or_empty(
    store: ChatStore,
) -> None:
    session = store.create_session("s", "mcq", "ar")
    store.add_message(session.id, "user", "سؤال")
    store.add_message(session.id, "assistant", "broken", status="error")
    store.add_message(session.id, "assistant", "", status="interrupted")
    store.add_message(session.id, "system", "stored system text")
    store.add_message(session.id, "assistant", "partial answer", status="stopped")
    store.add_message(session.id, "user", "next")

    history = build_history(store.get_session(session.id), store.messages(session.id))

    assert history == [
        ChatMessage("system", system_prompt("mcq", "ar")),
        ChatMessage("user", "سؤال"),
        ChatMessage("assistant", "partial answer"),
        ChatMessage("user", "next"),
    ]


def test_title_from_uses_the_first_line_shortened() -> None:
    assert title_from("  Chest\n pain   at night ") == "Chest pain at night"
    long = "word " * 30
    assert len(title_from(long)) == 60
    assert title_from(long).endswith("…")
