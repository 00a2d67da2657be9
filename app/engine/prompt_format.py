"""Prompt formats, and turning a rendered prompt into token ids safely.

A format renders messages into `Segment`s: trusted scaffolding written by the
format (may contain control tokens such as `<|im_start|>`), untrusted message
content, and explicit BOS/EOS tokens. `encode_segments` tokenises content with
special-token parsing OFF, so text a user types (`</s>`, `[INST]`,
`<|im_end|>`) can never become a control token. For benign content the result
is identical to llama.cpp tokenising the whole rendered string with
special=True, so nothing changes for the model except safety.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from bimedix.engine.backend import ChatMessage

SegmentKind = Literal["scaffold", "content", "bos", "eos"]
PROMPT_FORMATS = ("auto", "mixtral", "gguf", "chatml", "plain")


@dataclass(frozen=True)
class Segment:
    """A piece of a rendered prompt and how far it is trusted."""

    kind: SegmentKind
    text: str = ""


def scaffold(text: str) -> Segment:
    return Segment("scaffold", text)


def content(text: str) -> Segment:
    return Segment("content", text)


BOS = Segment("bos")
EOS = Segment("eos")


class PromptFormat(Protocol):
    """Renders a conversation, ending with the cue for the assistant's reply."""

    name: str
    stop_strings: tuple[str, ...]

    def render(self, messages: Sequence[ChatMessage]) -> list[Segment]: ...


def fold_system_prompt(messages: Sequence[ChatMessage]) -> list[ChatMessage]:
    """Merge system messages into the first user turn (for formats without a
    system role, like Mixtral-Instruct and so BiMediX)."""
    system = "\n\n".join(m.content for m in messages if m.role == "system")
    turns = [m for m in messages if m.role != "system"]
    if system and turns and turns[0].role == "user":
        turns[0] = ChatMessage("user", f"{system}\n\n{turns[0].content}")
    elif system:
        turns.insert(0, ChatMessage("user", system))
    return turns


class MixtralInstructFormat:
    """`<s>[INST] {user} [/INST] {assistant}</s>[INST] …` — BiMediX's format.

    `[INST]` is ordinary text in Mixtral's vocabulary; BOS and EOS are the
    only control tokens, and are emitted as token ids, never parsed from text.
    """

    name = "mixtral"
    stop_strings = ("[INST]", "[/INST]")

    def render(self, messages: Sequence[ChatMessage]) -> list[Segment]:
        segments = [BOS]
        for message in fold_system_prompt(messages):
            if message.role == "user":
                segments += [scaffold("[INST] "), content(message.content), scaffold(" [/INST]")]
            else:
                segments += [scaffold(" "), content(message.content), EOS]
        return segments


class ChatMLFormat:
    """`<|im_start|>role\\n…<|im_end|>` — used when a GGUF has no template."""

    name = "chatml"
    stop_strings = ("<|im_end|>", "<|im_start|>")

    def render(self, messages: Sequence[ChatMessage]) -> list[Segment]:
        segments: list[Segment] = []
        for message in messages:
            segments += [
                scaffold(f"<|im_start|>{message.role}\n"),
                content(message.content),
                scaffold("<|im_end|>\n"),
            ]
        segments.append(scaffold("<|im_start|>assistant\n"))
        return segments


class PlainTranscriptFormat:
    """`User: …` / `Assistant: …` lines, for base models without a chat
    template (Gemma 3 270M base): they continue a transcript naturally."""

    name = "plain"
    stop_strings = ("\nUser:", "\nAssistant:")

    def render(self, messages: Sequence[ChatMessage]) -> list[Segment]:
        segments: list[Segment] = []
        for message in messages:
            if message.role == "system":
                segments += [content(message.content), scaffold("\n\n")]
            else:
                label = "User: " if message.role == "user" else "Assistant: "
                segments += [scaffold(label), content(message.content), scaffold("\n")]
        segments.append(scaffold("Assistant:"))
        return segments


# Private-use code points: never produced by templates, so the sentinels can
# be found again after rendering.
_SENTINEL = re.compile("\ue000(\\d+)\ue001")


def _raise_template_error(message: str) -> None:
    raise jinja2.TemplateError(message)


class JinjaTemplateFormat:
    """The GGUF's own chat template (`tokenizer.chat_template`), sandboxed.

    Each message's content is replaced by a sentinel before rendering, and
    the rendered string is split at the sentinels: everything the template
    wrote is scaffolding; the sentinels become untrusted content again.
    """

    name = "gguf"

    def __init__(self, template: str, bos_token: str, eos_token: str) -> None:
        env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
        env.globals["raise_exception"] = _raise_template_error
        self._template = env.from_string(template)
        self._bos_token = bos_token
        self._eos_token = eos_token
        self.stop_strings: tuple[str, ...] = tuple(t for t in (eos_token,) if t)
        # Filters run on the sentinels, not the content. `trim` is the one
        # chat templates apply to content (Gemma's does), so mirror it.
        self._trims_content = bool(re.search(r"\|\s*trim\b", template))

    def _render_text(self, messages: Sequence[ChatMessage]) -> str:
        return self._template.render(
            messages=[
                {"role": m.role, "content": f"\ue000{i}\ue001"} for i, m in enumerate(messages)
            ],
            add_generation_prompt=True,
            bos_token=self._bos_token,
            eos_token=self._eos_token,
        )

    def render(self, messages: Sequence[ChatMessage]) -> list[Segment]:
        try:
            text = self._render_text(messages)
        except jinja2.TemplateError:
            # Templates such as Mistral's and Gemma's reject a system role.
            messages = fold_system_prompt(messages)
            text = self._render_text(messages)
        segments: list[Segment] = []
        position = 0
        for match in _SENTINEL.finditer(text):
            if match.start() > position:
                segments.append(scaffold(text[position : match.start()]))
            text_of_message = messages[int(match.group(1))].content
            segments.append(
                content(text_of_message.strip() if self._trims_content else text_of_message)
            )
            position = match.end()
        if position < len(text):
            segments.append(scaffold(text[position:]))
        return segments


class Tokenizer(Protocol):
    """What `encode_segments` needs from a model's vocabulary."""

    bos_id: int
    eos_id: int
    control_tokens: dict[str, int]  # text of each control token -> id

    def tokenize_plain(self, text: str) -> list[int]:
        """Tokenise with special-token parsing off and no BOS."""
        ...


def _control_token_pattern(tokenizer: Tokenizer) -> re.Pattern[str] | None:
    texts = sorted((t for t in tokenizer.control_tokens if t), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, texts))) if texts else None


def encode_segments(segments: Sequence[Segment], tokenizer: Tokenizer) -> list[int]:
    """Token ids for a rendered prompt; control tokens only from scaffolding.

    Adjacent plain text (scaffolding text between control tokens, and
    content) is tokenised as one piece, exactly as llama.cpp splits a prompt
    around special tokens, so merges across the boundary stay natural.
    """
    pattern = _control_token_pattern(tokenizer)
    ids: list[int] = []
    plain: list[str] = []

    def flush() -> None:
        if plain:
            ids.extend(tokenizer.tokenize_plain("".join(plain)))
            plain.clear()

    for segment in segments:
        if segment.kind == "bos":
            flush()
            ids.append(tokenizer.bos_id)
        elif segment.kind == "eos":
            flush()
            ids.append(tokenizer.eos_id)
        elif segment.kind == "content":
            plain.append(segment.text)
        else:
            position = 0
            for match in pattern.finditer(segment.text) if pattern else ():
                plain.append(segment.text[position : match.start()])
                flush()
                ids.append(tokenizer.control_tokens[match.group(0)])
                position = match.end()
            plain.append(segment.text[position:])
    flush()
    return ids


def segments_text(segments: Sequence[Segment], bos_text: str = "", eos_text: str = "") -> str:
    """The rendered prompt as one string (for display and debugging only)."""
    parts = []
    for segment in segments:
        if segment.kind == "bos":
            parts.append(bos_text)
        elif segment.kind == "eos":
            parts.append(eos_text)
        else:
            parts.append(segment.text)
    return "".join(parts)
