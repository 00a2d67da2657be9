"""Passages from blocks: along headings and paragraphs, sized in tokens.

A heading closes the passage before it and is carried by every passage of
its section (so a hit shows where it came from). Paragraphs are added while
the passage stays within `max_tokens`; a paragraph too long on its own is cut
at sentence ends, then at words. Sizes are counted with a function passed in:
the chat model's tokenizer where one is loaded, else `approx_tokens`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bimedix.core.knowledge.extract import Block

TokenCounter = Callable[[str], int]
MAX_TOKENS = 200  # a passage: a few paragraphs; 5 of them fit a 2k context
_SENTENCE_END = re.compile(r"(?<=[.!?؟;؛])\s+")


def approx_tokens(text: str) -> int:
    """A cheap token count with no model loaded: one per 4 characters of
    Latin text, one per 2 characters of Arabic (byte-level BPE vocabularies
    such as SmolLM2's and Qwen's split Arabic finer). tests/core/knowledge
    checks it stays within a factor of two of SmolLM2's real tokenizer."""
    arabic = sum(1 for c in text if "\u0600" <= c <= "\u06ff")
    return max(1, math.ceil((len(text) - arabic) / 4 + arabic / 2))


@dataclass(frozen=True)
class Chunk:
    text: str
    heading: str
    page: int | None
    tokens: int


def chunk_blocks(
    blocks: Iterable[Block], count: TokenCounter = approx_tokens, max_tokens: int = MAX_TOKENS
) -> list[Chunk]:
    chunks: list[Chunk] = []
    headings: dict[int, str] = {}
    parts: list[str] = []
    used = 0
    page: int | None = None

    def heading_path() -> str:
        return " › ".join(headings[level] for level in sorted(headings))

    def flush() -> None:
        nonlocal used, page
        if parts:
            text = "\n\n".join(parts)
            chunks.append(Chunk(text, heading_path(), page, count(text)))
        parts.clear()
        used = 0
        page = None

    for block in blocks:
        if block.level:
            flush()
            headings = {k: v for k, v in headings.items() if k < block.level}
            headings[block.level] = block.text
            continue
        for piece in _fit(block.text, count, max_tokens):
            size = count(piece)
            if parts and used + size > max_tokens:
                flush()
            if not parts:
                page = block.page
            parts.append(piece)
            used += size
    flush()
    return chunks


def _fit(text: str, count: TokenCounter, max_tokens: int) -> list[str]:
    """`text` as pieces of at most `max_tokens` (sentences, then words)."""
    if count(text) <= max_tokens:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    units = _SENTENCE_END.split(text)
    if len(units) == 1:
        units = text.split()
    for unit in units:
        if count(unit) > max_tokens and len(unit.split()) > 1:
            if current:
                pieces.append(" ".join(current))
                current = []
            pieces.extend(_fit_words(unit, count, max_tokens))
            continue
        if current and count(" ".join([*current, unit])) > max_tokens:
            pieces.append(" ".join(current))
            current = []
        current.append(unit)
    if current:
        pieces.append(" ".join(current))
    return pieces


def _fit_words(text: str, count: TokenCounter, max_tokens: int) -> list[str]:
    pieces: list[str] = []
    current: list[str] = []
    for word in text.split():
        if current and count(" ".join([*current, word])) > max_tokens:
            pieces.append(" ".join(current))
            current = []
        current.append(word)
    if current:
        pieces.append(" ".join(current))
    return pieces
