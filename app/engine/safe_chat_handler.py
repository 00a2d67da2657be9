"""A chat handler for llama-cpp-python's OpenAI server that renders chats the
way the app does.

The server's stock chat path renders the template to one string and
tokenises it with special tokens on, so a client could forge control tokens
(`<|im_end|>`, `</s>`) inside a message. This handler renders with the app's
prompt formats and `encode_prompt` (content tokenised with special=False),
hands the token ids to `Llama.create_completion`, and converts the result
into OpenAI chat objects, adding the token usage to the last streamed chunk
(as OpenAI's `stream_options.include_usage` does). `max_tokens` is applied by
the local backend's rule (`length_limit_reached`), so both give one reply.

With a `notice` function (`bimedix serve --red-flags` passes the red-flag
check), the last user message is checked before the model runs and, on a
hit, the emergency notice is
prepended to the reply's content (the first content chunk when streaming),
followed by a blank line, so every OpenAI client shows it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from bimedix.engine.backend import ChatMessage, Role
from bimedix.engine.kv_cache import common_prefix
from bimedix.engine.llama_backend import (
    MAX_CHARACTER_OVERRUN,
    _LlamaTokenizer,
    encode_prompt,
    ends_inside_character,
    length_limit_reached,
    prompt_format_for,
)
from bimedix.engine.prompt_format import PromptFormat

# Roles a client may send, mapped onto the app's three.
_ROLES: dict[str, Role] = {
    "system": "system",
    "developer": "system",
    "user": "user",
    "assistant": "assistant",
}
# Arguments of the chat handler protocol that create_completion also takes.
_PASSED_ON = (
    "temperature", "top_p", "top_k", "min_p", "typical_p", "seed", "max_tokens",
    "presence_penalty", "frequency_penalty", "repeat_penalty", "tfs_z", "mirostat_mode",
    "mirostat_tau", "mirostat_eta", "logits_processor", "grammar", "logit_bias",
)  # fmt: skip


def _text_of(content: Any) -> str:
    """A message's text: a string, or the text parts of a content list."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for part in content:
            if isinstance(part, dict) and part.get("type") == "text":
                parts.append(str(part.get("text", "")))
            else:
                raise ValueError("only text message content is supported")
        return "".join(parts)
    raise ValueError("message content must be a string or a list of text parts")


def to_chat_messages(messages: list[dict[str, Any]]) -> list[ChatMessage]:
    """OpenAI request messages as the app's ChatMessages.

    Raises:
        ValueError: a role the app cannot render (tools, functions).
    """
    converted = []
    for message in messages:
        role = _ROLES.get(str(message.get("role")))
        if role is None:
            raise ValueError(f"role {message.get('role')!r} is not supported by this server")
        converted.append(ChatMessage(role, _text_of(message.get("content"))))
    return converted


class SafeChatHandler:
    """Callable registered as a llama-cpp-python chat handler."""

    def __init__(
        self,
        prompt_format: str = "auto",
        file_name: str = "",
        notice: Callable[[str], str] | None = None,
    ) -> None:
        self._override = prompt_format
        self._file_name = file_name
        # The last user message's text -> a notice to show first, or ''. A
        # function, so the engine never imports the core's red-flag rules.
        self._notice = notice
        # One Llama per server process; cached by identity.
        self._prepared: dict[int, tuple[_LlamaTokenizer, PromptFormat]] = {}

    def prepare(self, llama: Any) -> tuple[_LlamaTokenizer, PromptFormat]:
        key = id(llama)
        if key not in self._prepared:
            self._prepared[key] = (
                _LlamaTokenizer(llama),
                prompt_format_for(llama, self._override, self._file_name),
            )
        return self._prepared[key]

    def encode(self, llama: Any, messages: list[dict[str, Any]]) -> list[int]:
        tokenizer, prompt_format = self.prepare(llama)
        return encode_prompt(prompt_format, tokenizer, to_chat_messages(messages))

    def __call__(
        self,
        *,
        llama: Any,
        messages: list[dict[str, Any]],
        stream: bool = False,
        stop: str | list[str] | None = None,
        model: str | None = None,
        logprobs: bool | None = None,
        top_logprobs: int | None = None,
        tools: Any = None,
        functions: Any = None,
        response_format: Any = None,
        **kwargs: Any,
    ) -> Any:
        if tools or functions:
            raise ValueError("tools and functions are not supported by this server")
        if response_format and response_format.get("type") not in (None, "text"):
            raise ValueError("only text responses are supported by this server")
        _tokenizer, prompt_format = self.prepare(llama)
        ids = self.encode(llama, messages)
        stops = list(prompt_format.stop_strings)
        if stop:
            stops += [stop] if isinstance(stop, str) else list(stop)
        from llama_cpp import StoppingCriteriaList

        options = {k: kwargs[k] for k in _PASSED_ON if k in kwargs}
        notice = self.notice_for(messages)  # checked before the model runs
        limit = _TokenLimit.of(llama, ids, options.get("max_tokens"))
        if limit is not None:
            # Our rule replaces create_completion's own max_tokens check
            # (which finishes a split character only when the reply is 3
            # bytes or longer): a limit it never reaches first.
            options["max_tokens"] = limit.limit + MAX_CHARACTER_OVERRUN + 1
            options["stopping_criteria"] = StoppingCriteriaList([limit])
        cached = cached_prefix(llama, ids)  # before the KV cache changes
        result = llama.create_completion(
            prompt=ids,
            stream=stream,
            stop=stops,
            model=model,
            logprobs=top_logprobs if logprobs else None,
            **options,
        )
        if stream:
            return _chat_chunks(_as_length(result, limit), len(ids), notice, cached)
        reply = _chat_completion(next(_as_length(iter([result]), limit)))
        if isinstance(reply.get("usage"), dict):
            reply["usage"]["prompt_tokens_details"] = {"cached_tokens": cached}
        if notice:
            message = reply["choices"][0]["message"]
            message["content"] = notice + message["content"]
        return reply

    def notice_for(self, messages: list[dict[str, Any]]) -> str:
        """The red-flag notice (with its separating blank line) for the last
        user message, or '' when the check is off or nothing fired."""
        if self._notice is None:
            return ""
        users = [m for m in messages if m.get("role") == "user"]
        if not users:
            return ""
        notice = self._notice(_text_of(users[-1].get("content")))
        return notice + "\n\n" if notice else ""


class _TokenLimit:
    """A stopping criterion that ends a reply at max_tokens exactly as the
    local backend does (`length_limit_reached`), so a served reply and a
    local one agree token for token."""

    def __init__(self, llama: Any, prompt_tokens: int, limit: int) -> None:
        self.llama = llama
        self.prompt_tokens = prompt_tokens
        self.limit = limit
        self.room = llama.n_ctx() - prompt_tokens
        self.reached = False

    @classmethod
    def of(cls, llama: Any, ids: list[int], max_tokens: Any) -> _TokenLimit | None:
        """The limit for a request, or None when it sets none (unlimited)."""
        if not isinstance(max_tokens, int) or max_tokens <= 0:
            return None
        return cls(llama, len(ids), max_tokens)

    def __call__(self, input_ids: Any, _logits: Any) -> bool:
        # Called before each new token is handed out, with the prompt and
        # the reply so far; True drops that token and ends the reply.
        generated = [int(t) for t in input_ids[self.prompt_tokens :]]
        if not generated:
            return False
        inside = ends_inside_character(self.llama.detokenize(generated[-MAX_CHARACTER_OVERRUN:]))
        limit = min(self.limit, self.room)
        if length_limit_reached(len(generated), limit, self.room, inside_character=inside):
            self.reached = True
        return self.reached


def _as_length(
    chunks: Iterator[dict[str, Any]], limit: _TokenLimit | None
) -> Iterator[dict[str, Any]]:
    """Completion chunks with finish_reason 'length' where our limit ended
    them (create_completion reports a stopping criterion as 'stop')."""
    for chunk in chunks:
        choice = chunk["choices"][0] if chunk.get("choices") else {}
        if limit is not None and limit.reached and choice.get("finish_reason") == "stop":
            choice["finish_reason"] = "length"
        yield chunk


def _chat_completion(completion: dict[str, Any]) -> dict[str, Any]:
    choice = completion["choices"][0]
    return {
        "id": "chat" + completion["id"],
        "object": "chat.completion",
        "created": completion["created"],
        "model": completion["model"],
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": choice["text"]},
                "logprobs": None,
                "finish_reason": choice.get("finish_reason"),
            }
        ],
        "usage": completion.get("usage"),
    }


def cached_prefix(llama: Any, ids: list[int]) -> int:
    """How many prompt tokens llama.cpp will take from its KV cache rather
    than evaluate (it replays one when the whole prompt is cached)."""
    common = common_prefix(llama.input_ids[: llama.n_tokens], ids)
    return common - 1 if common == len(ids) and common > 0 else common


def _chat_chunks(
    chunks: Iterator[dict[str, Any]], prompt_tokens: int, notice: str = "", cached: int = 0
) -> Iterator[dict[str, Any]]:
    """Completion chunks as chat chunks: a role chunk, the text, the finish,
    and a last chunk with the usage."""
    chat_id = f"chatcmpl-{uuid.uuid4().hex}"
    created = int(time.time())
    model = ""
    completion_tokens = 0

    def chunk(delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
        return {
            "id": chat_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }

    started = False
    for piece in chunks:
        model = piece.get("model", model)
        if not started:
            started = True
            yield chunk({"role": "assistant"}, None)
            if notice:
                yield chunk({"content": notice}, None)
        choice = piece["choices"][0]
        finish = choice.get("finish_reason")
        if choice.get("text"):
            completion_tokens += 1
            yield chunk({"content": choice["text"]}, None)
        if finish:
            yield chunk({}, finish)
    usage_chunk = chunk({}, None)
    usage_chunk["choices"] = []
    usage_chunk["usage"] = {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "prompt_tokens_details": {"cached_tokens": cached},
    }
    yield usage_chunk
