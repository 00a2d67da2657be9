"""ChatController on its own, with the scripted backend: what the views see
of a turn (signals, states, properties), and that the model is only ever
used on the controller's worker thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence

import pytest

from bimedix.core.chat import (
    MessagesRemoved,
    ReplyDelta,
    ReplyFinished,
    ReplyStarted,
    UserMessageSaved,
    new_session,
)
from bimedix.core.store import ChatStore
from bimedix.engine.backend import CancelToken, ChatMessage, GenerationParams, StreamEvent
from bimedix.errors import PromptTooLongError
from bimedix.gui.chat_controller import ChatController, default_worker
from tests.gui.fake_backend import ScriptedBackend, factory_for

PARAMS = GenerationParams(max_tokens=64)
WAIT_MS = 10000


class Recorder:
    """Everything a controller emits, in order."""

    def __init__(self, controller: ChatController) -> None:
        self.events: list[object] = []
        self.states: list[str] = []
        self.in_progress: list[bool] = []
        self.speeds: list[float] = []
        self.failures: list[object] = []
        self.done: list[bool] = []
        controller.turn_event.connect(self.events.append)
        controller.state_changed.connect(self.states.append)
        controller.response_in_progress_changed.connect(self.in_progress.append)
        controller.token_speed_changed.connect(self.speeds.append)
        controller.turn_failed.connect(self.failures.append)
        controller.turn_done.connect(self.done.append)

    def kinds(self) -> list[str]:
        return [type(event).__name__ for event in self.events]


class FailingBackend(ScriptedBackend):
    """Refuses every prompt the way llama.cpp refuses one that is too long."""

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        cancel: CancelToken | None = None,
    ) -> Iterator[StreamEvent]:
        self.threads.append(threading.get_ident())
        raise PromptTooLongError(template="The message is too long for this model.")
        yield  # pragma: no cover (a generator, like the real backends)


@pytest.fixture
def store(tmp_path) -> Iterator[ChatStore]:
    store = ChatStore(tmp_path / "chats.db")
    yield store
    store.close()


@pytest.fixture
def make_controller(qtbot, store):
    made: list[ChatController] = []

    def make(backend: ScriptedBackend, spec: str = "/models/fake.gguf") -> ChatController:
        controller = ChatController(default_worker(store.path, factory_for(backend)))
        made.append(controller)
        with qtbot.waitSignals(
            [controller.model_loading, controller.state_changed], timeout=WAIT_MS
        ):
            controller.load_model(spec, 2048, {"fake.gguf": "chatml"})
        if "missing" not in spec:
            qtbot.waitUntil(lambda: controller.model_info is not None, timeout=WAIT_MS)
        return controller

    yield make
    for controller in made:
        controller.shutdown()


def send(qtbot, controller: ChatController, session_id: int, text: str) -> None:
    with qtbot.waitSignal(controller.turn_done, timeout=WAIT_MS):
        assert controller.send(session_id, text, PARAMS)


def test_a_turn_streams_through_signals_and_reports_its_states(qtbot, make_controller, store):
    backend = ScriptedBackend()
    controller = make_controller(backend)
    assert controller.state == "idle" and not controller.response_in_progress
    assert backend.formats_seen == [{"fake.gguf": "chatml"}] and backend.n_ctx_seen == [2048]
    session = new_session(store, "consult", "en")
    seen = Recorder(controller)

    with qtbot.waitSignal(controller.turn_done, timeout=WAIT_MS) as done:
        assert controller.send(session.id, "I have a cough", PARAMS)
        assert controller.response_in_progress and controller.state == "processing_prompt"
        assert controller.unsent_text == "I have a cough"

    assert done.args == [False]
    assert seen.kinds()[:2] == ["UserMessageSaved", "ReplyStarted"]
    assert seen.kinds()[-1] == "ReplyFinished"
    deltas = [e.text for e in seen.events if isinstance(e, ReplyDelta)]
    assert "".join(deltas) == backend.reply
    assert seen.states == ["processing_prompt", "generating", "idle"]
    assert seen.in_progress == [True, False]
    assert not controller.response_in_progress and controller.turn_text == ""
    # 9 words: one running estimate after 8 tokens, then the backend's own figure.
    assert len(seen.speeds) == 2 and seen.speeds[0] > 0
    assert seen.speeds[-1] == controller.token_speed == 100.0
    messages = store.messages(session.id)
    assert [(m.role, m.status) for m in messages] == [
        ("user", "complete"),
        ("assistant", "complete"),
    ]
    assert messages[1].content == backend.reply


def test_the_model_is_only_used_on_the_one_worker_thread(qtbot, make_controller, store):
    backend = ScriptedBackend()
    controller = make_controller(backend)
    session = new_session(store, "qa", "en")
    for text in ("first", "second", "third"):
        send(qtbot, controller, session.id, text)
    assert len(set(backend.threads)) == 1
    assert threading.get_ident() not in backend.threads


def test_regenerate_and_edit_report_the_rows_the_runner_deleted(qtbot, make_controller, store):
    backend = ScriptedBackend()
    controller = make_controller(backend)
    session = new_session(store, "qa", "en")
    send(qtbot, controller, session.id, "first question")
    send(qtbot, controller, session.id, "second question with a typo")
    user, reply = store.messages(session.id)[2:]
    seen = Recorder(controller)

    backend.reply = "A different answer"
    with qtbot.waitSignal(controller.turn_done, timeout=WAIT_MS):
        assert controller.regenerate(session.id, PARAMS)
    assert seen.events[0] == MessagesRemoved((reply.id,))
    assert not any(isinstance(e, UserMessageSaved) for e in seen.events)
    new_reply = store.messages(session.id)[-1]
    assert new_reply.content == "A different answer"

    seen.events.clear()
    with qtbot.waitSignal(controller.turn_done, timeout=WAIT_MS):
        assert controller.edit(session.id, "second question, corrected", PARAMS)
    assert seen.events[0] == MessagesRemoved((user.id, new_reply.id))
    assert isinstance(seen.events[1], UserMessageSaved)
    texts = [m.content for m in store.messages(session.id)]
    assert texts[2:] == ["second question, corrected", "A different answer"]
    assert len(texts) == 4


def test_one_turn_at_a_time_and_stop_ends_the_reply(qtbot, make_controller, store):
    slow = ScriptedBackend(reply=" ".join(["word"] * 400), delay_s=0.005)
    controller = make_controller(slow)
    session = new_session(store, "qa", "en")
    seen = Recorder(controller)

    with qtbot.waitSignal(controller.turn_done, timeout=WAIT_MS):
        assert controller.send(session.id, "tell me a long story", PARAMS)
        assert not controller.send(session.id, "and another", PARAMS)  # refused: busy
        assert not controller.regenerate(session.id, PARAMS)
        qtbot.waitUntil(lambda: any(isinstance(e, ReplyDelta) for e in seen.events))
        controller.stop()

    finished = [e for e in seen.events if isinstance(e, ReplyFinished)]
    assert finished and finished[0].message.status == "stopped"
    assert 0 < len(finished[0].message.content.split()) < 400
    assert [m.content for m in store.messages(session.id)][0] == "tell me a long story"


def test_a_discarded_turn_reports_nothing_more_but_still_ends(qtbot, make_controller, store):
    slow = ScriptedBackend(reply=" ".join(["word"] * 400), delay_s=0.005)
    controller = make_controller(slow)
    session = new_session(store, "qa", "en")
    seen = Recorder(controller)

    with qtbot.waitSignal(controller.turn_done, timeout=WAIT_MS):
        controller.send(session.id, "tell me a long story", PARAMS)
        qtbot.waitUntil(lambda: any(isinstance(e, ReplyStarted) for e in seen.events))
        controller.stop(discard=True)
        shown = len(seen.events)

    assert len(seen.events) == shown  # no more deltas, no ReplyFinished
    assert not any(isinstance(e, ReplyFinished) for e in seen.events)
    assert seen.done == [False] and controller.state == "idle"
    assert store.messages(session.id)[-1].status == "stopped"  # the database still has it


def test_a_refused_prompt_is_a_failed_turn(qtbot, make_controller, store):
    controller = make_controller(FailingBackend())
    session = new_session(store, "qa", "en")
    seen = Recorder(controller)

    with qtbot.waitSignal(controller.turn_done, timeout=WAIT_MS) as done:
        controller.send(session.id, "a very long message", PARAMS)

    assert done.args == [True]
    assert len(seen.failures) == 1 and isinstance(seen.failures[0], PromptTooLongError)
    # The user's message was stored before the model refused it (nothing to
    # give back); the empty reply was removed again, so views re-read the session.
    assert seen.kinds() == ["UserMessageSaved", "ReplyStarted"]
    assert [m.role for m in store.messages(session.id)] == ["user"]


def test_regenerate_with_nothing_to_answer_fails_cleanly(qtbot, make_controller, store):
    controller = make_controller(ScriptedBackend())
    session = new_session(store, "qa", "en")
    seen = Recorder(controller)
    with qtbot.waitSignal(controller.turn_failed, timeout=WAIT_MS) as failed:
        controller.regenerate(session.id, PARAMS)
    qtbot.waitUntil(lambda: seen.done == [True], timeout=WAIT_MS)
    assert failed.args[0].template == "There is no message to answer."
    assert controller.state == "idle"


def test_a_model_that_fails_to_load_is_reported_and_refuses_turns(qtbot, make_controller, store):
    controller = ChatController(default_worker(store.path, factory_for(ScriptedBackend())))
    try:
        errors: list[object] = []
        controller.model_error_changed.connect(errors.append)
        with qtbot.waitSignal(controller.model_failed, timeout=WAIT_MS):
            controller.load_model("/models/missing.gguf", 2048, {})
        assert controller.model_info is None and controller.state == "no_model"
        assert "missing.gguf" in str(controller.model_error)
        assert errors == [controller.model_error]
        session = new_session(store, "qa", "en")
        assert not controller.send(session.id, "hello", PARAMS)
        assert not controller.response_in_progress

        # Loading another model clears the error.
        with qtbot.waitSignal(controller.model_loaded, timeout=WAIT_MS):
            controller.load_model("/models/fake.gguf", 2048, {})
        assert controller.model_error is None and errors[-1] is None
    finally:
        controller.shutdown()


def test_release_then_reload_and_shutdown_twice(qtbot, make_controller, store):
    backend = ScriptedBackend()
    controller = make_controller(backend)
    controller.release_model()  # blocking: the backend is closed when it returns
    assert backend.closed and controller.model_info is None and controller.state == "no_model"
    with qtbot.waitSignal(controller.model_loaded, timeout=WAIT_MS):
        controller.load_model("/models/fake.gguf", 2048, {})
    assert controller.wait_for_model(1000)
    controller.shutdown()
    controller.shutdown()  # a second close must not block on the stopped thread
