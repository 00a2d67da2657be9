"""The Backend protocol and the values that cross it.

A backend turns a list of chat messages into a stream of events:
`TextDelta` pieces as they are generated, then exactly one `Finished` with
the statistics of the reply. Cancellation is cooperative through a
`threading.Event` the caller sets from any thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol

Role = Literal["system", "user", "assistant"]
StopReason = Literal["finished", "length", "stopped", "interrupted", "error"]


@dataclass(frozen=True)
class ChatMessage:
    """One message of a conversation, in logical (storage) order."""

    role: Role
    content: str


@dataclass(frozen=True)
class GenerationParams:
    """Sampling settings for one reply. `seed=None` picks a random seed."""

    max_tokens: int = 512
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    seed: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ModelInfo:
    """What is loaded, for display and provenance."""

    path: str
    file_name: str
    architecture: str
    n_ctx: int
    prompt_format: str
    display_name: str
    quantization: str = "unknown"
    sha256: str | None = None
    engine: str = ""  # e.g. "llama-cpp-python 0.3.36"
    notice: str = ""  # why this model was loaded instead of the one asked for


@dataclass(frozen=True)
class TextDelta:
    """A newly generated piece of reply text (never splits a UTF-8 character)."""

    text: str


@dataclass(frozen=True)
class GenerationStats:
    """How a reply was produced."""

    stop_reason: StopReason
    prompt_tokens: int
    prompt_tokens_evaluated: int
    completion_tokens: int
    time_to_first_token_s: float | None
    tokens_per_s: float | None
    seed: int
    dropped_messages: int = 0
    # Prompt tokens taken from the KV cache (live or a disk snapshot), not
    # evaluated: OpenAI's usage.prompt_tokens_details.cached_tokens.
    cached_prompt_tokens: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Finished:
    """The last event of every stream."""

    stats: GenerationStats


@dataclass(frozen=True)
class ContextTrimmed:
    """Old messages were left out because the history no longer fits."""

    dropped_messages: int


StreamEvent = TextDelta | ContextTrimmed | Finished


@dataclass
class CancelToken:
    """Set from any thread to stop a running generation after the current token."""

    _event: threading.Event = field(default_factory=threading.Event)

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class Backend(Protocol):
    """Anything that can stream a chat reply."""

    @property
    def info(self) -> ModelInfo: ...

    def stream_chat(
        self,
        messages: Sequence[ChatMessage],
        params: GenerationParams,
        cancel: CancelToken | None = None,
    ) -> Iterator[StreamEvent]: ...

    def close(self) -> None: ...
