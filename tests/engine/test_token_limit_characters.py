"""The token limit and characters split over several tokens.

SmolLM2's byte-level tokenizer writes many Arabic letters and '؟' as two
one-byte tokens. When `max_tokens` falls between them, the local backend and
`bimedix serve` (SafeChatHandler over llama-cpp-python's create_completion)
must give the same reply: the character is finished, never dropped, and the
reply counts the same tokens.
"""

from __future__ import annotations

from typing import Any

import pytest

from bimedix.engine.backend import ChatMessage, Finished, GenerationParams, TextDelta
from bimedix.engine.llama_backend import (
    LlamaCppBackend,
    ends_inside_character,
    length_limit_reached,
)
from bimedix.engine.safe_chat_handler import SafeChatHandler

# Greedy decoding, as `bimedix eval --method generation` asks for; the same
# names in GenerationParams and the OpenAI request.
GREEDY = {"temperature": 0.0, "top_k": 1, "top_p": 1.0, "min_p": 0.0, "repeat_penalty": 1.0}
REPLY = "أي؟"  # 'أ' and '؟' are two one-byte tokens each in SmolLM2's vocabulary
# max_tokens -> (reply, its tokens): a limit inside 'أ' or '؟' finishes it.
EXPECTED = {1: ("أ", 2), 2: ("أ", 2), 3: ("أي", 3), 4: ("أي؟", 5), 5: ("أي؟", 5)}


def _few_shot(reply: str) -> list[ChatMessage]:
    """A history that makes the model answer exactly `reply`."""
    messages = []
    for _ in range(6):
        messages += [ChatMessage("user", "Say the word."), ChatMessage("assistant", reply)]
    return [*messages, ChatMessage("user", "Say the word.")]


def _served(backend: LlamaCppBackend, messages: list[ChatMessage], max_tokens: int,
            stream: bool) -> tuple[str, str | None, int | None]:  # fmt: skip
    """(reply, finish reason, completion tokens or None when streamed) from
    `bimedix serve`'s chat handler."""
    result: Any = SafeChatHandler()(
        llama=backend._llama, messages=[{"role": m.role, "content": m.content} for m in messages],
        stream=stream, max_tokens=max_tokens, seed=0, **GREEDY,
    )  # fmt: skip
    if not stream:
        choice = result["choices"][0]
        return (
            choice["message"]["content"],
            choice["finish_reason"],
            result["usage"]["completion_tokens"],
        )
    chunks = [c["choices"][0] for c in result if c["choices"]]
    text = "".join(c["delta"].get("content", "") for c in chunks)
    return text, [c["finish_reason"] for c in chunks if c["finish_reason"]][-1], None


@pytest.mark.parametrize("max_tokens", sorted(EXPECTED))
def test_token_limit_inside_a_character_finishes_it_locally_and_served(
    backend: LlamaCppBackend, max_tokens: int
) -> None:
    messages = _few_shot(REPLY)
    llama: Any = backend._llama
    pieces = [llama.detokenize([t]) for t in backend.tokenizer.tokenize_plain(REPLY)]
    assert pieces == [b"\xd8", b"\xa3", "ي".encode(), b"\xd8", b"\x9f"]  # the split we test

    params = GenerationParams(max_tokens=max_tokens, seed=0, **GREEDY)
    events = list(backend.stream_chat(messages, params))
    local = "".join(e.text for e in events if isinstance(e, TextDelta))
    assert isinstance(events[-1], Finished)
    stats = events[-1].stats

    assert (local, stats.completion_tokens) == EXPECTED[max_tokens]
    assert stats.stop_reason == "length"
    served = _served(backend, messages, max_tokens, stream=False)
    assert served == (local, "length", stats.completion_tokens)
    assert _served(backend, messages, max_tokens, stream=True) == (local, "length", None)


def test_served_reply_under_the_limit_still_ends_on_its_own(backend: LlamaCppBackend) -> None:
    messages = _few_shot(REPLY)

    assert _served(backend, messages, 16, stream=False) == (REPLY, "stop", 5)
    assert _served(backend, messages, 16, stream=True) == (REPLY, "stop", None)


def test_length_rule() -> None:
    assert ends_inside_character("أ".encode()[:1])
    assert ends_inside_character(b"ok \xe2\x82")
    assert not ends_inside_character("أي؟".encode())
    assert not ends_inside_character(b"\x9f")  # a stray continuation byte is no start
    assert not length_limit_reached(4, 4, 100, inside_character=True)
    assert length_limit_reached(4, 4, 100, inside_character=False)
    assert length_limit_reached(7, 4, 100, inside_character=True)  # at most 3 over
    assert length_limit_reached(5, 8, 5, inside_character=True)  # never past the context
