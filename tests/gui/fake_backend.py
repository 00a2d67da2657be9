"""A scripted backend for GUI-logic tests (engine tests use the real model).

It streams a fixed reply word by word, records which thread it ran on, and
can be slowed down so a test can press Stop mid-reply.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence

from bimedix.engine.backend import (
    CancelToken,
    ChatMessage,
    Finished,
    GenerationParams,
    GenerationStats,
    ModelInfo,
    StopReason,
    StreamEvent,
    TextDelta,
)
from bimedix.errors import ModelLoadError


class ScriptedBackend:
    """Replies with `reply` (one TextDelta per word), optionally slowly."""

    def __init__(
        self, reply: str = "Hello there, how long have you had the fever?", delay_s: float = 0.0
    ):
        self.reply = reply
        self.delay_s = delay_s
        self.threads: list[int] = []
        self.seen: list[list[ChatMessage]] = []
        self.closed = False
        self.formats_seen: list[dict[str, str]] = []
        self.n_ctx_seen: list[int] = []
        self._info = ModelInfo(
            "/models/fake.gguf", "fake.gguf", "llama", 2048, "chatml", "Fake model"
        )

    @property
    def info(self) -> ModelInfo:
        return self._info

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        cancel: CancelToken | None = None,
    ) -> Iterator[StreamEvent]:
        self.threads.append(threading.get_ident())
        self.seen.append(list(messages))
        words = self.reply.split(" ")
        reason: StopReason = "finished"
        count = 0
        for index, word in enumerate(words):
            if self.delay_s:
                time.sleep(self.delay_s)
            count += 1
            yield TextDelta(word if index == 0 else " " + word)
            if cancel is not None and cancel.cancelled:
                reason = "stopped"
                break
        yield Finished(GenerationStats(reason, 10, 10, count, 0.01, 100.0, params.seed or 1))

    def close(self) -> None:
        self.closed = True


def factory_for(backend: ScriptedBackend):
    """A backend factory that hands out `backend`, or fails for missing files."""

    def factory(path: str, n_ctx: int, prompt_formats: dict[str, str]) -> ScriptedBackend:
        backend.formats_seen.append(dict(prompt_formats))
        backend.n_ctx_seen.append(n_ctx)
        if "missing" in path:
            raise ModelLoadError(f"Model file not found: {path}")
        return backend

    return factory
