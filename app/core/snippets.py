"""Search-result snippets cut from the stored text of a message.

The FTS index holds a normalised copy (no harakat or tatweel, unified alef,
yaa and taa marbuta, case-folded), and FTS5's own `snippet()` would quote
that copy. Readers should see the message as it was written, so the match
is found in the normalised text and its position mapped back to the
original characters.
"""

from __future__ import annotations

import unicodedata

from bimedix.core.direction import normalize_for_search

ELLIPSIS = "…"


def _fold(text: str) -> str:
    """normalize_for_search, plus the Latin accent folding that FTS5's
    `remove_diacritics` does inside the index ("anemie" finds "Anémie")."""
    decomposed = unicodedata.normalize("NFD", normalize_for_search(text))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _normalised_with_origins(text: str) -> tuple[str, list[int]]:
    """The normalised text, and for each of its characters the index of the
    original character it came from (a character removed by normalisation,
    such as a haraka, has no normalised counterpart)."""
    parts: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        folded = _fold(char)
        parts.append(folded)
        origins.extend([index] * len(folded))
    return "".join(parts), origins


def _word_start(normalised: str, at: int) -> bool:
    return at == 0 or not normalised[at - 1].isalnum()


def find_match(text: str, query: str) -> tuple[int, int] | None:
    """(start, end) in `text` of the first word that matches a query word the
    way the search does (normalised, as a word prefix); None if none does."""
    normalised, origins = _normalised_with_origins(text)
    best: tuple[int, int] | None = None
    for word in _fold(query).split():
        word = "".join(c for c in word if c.isalnum())
        if not word:
            continue
        at = normalised.find(word)
        while at != -1 and not _word_start(normalised, at):
            at = normalised.find(word, at + 1)
        if at == -1:
            continue
        start, end = origins[at], origins[at + len(word) - 1] + 1
        # Keep the marks (harakat) that belong to the last matched letter.
        while end < len(text) and not _fold(text[end]):
            end += 1
        if best is None or start < best[0]:
            best = (start, end)
    return best


def search_snippet(text: str, query: str, width: int = 80) -> str:
    """About `width` characters of `text` around the first match of `query`,
    on one line, with an ellipsis where text was cut."""
    flat = " ".join(text.split())
    match = find_match(flat, query)
    if len(flat) <= width:
        return flat
    start = 0 if match is None else max(0, match[0] - width // 3)
    # Start and end on word boundaries where there is one nearby.
    if start:
        space = flat.find(" ", start, start + 15)
        start = space + 1 if space != -1 and (match is None or space < match[0]) else start
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", end - 15, end)
        end = space if space > (match[1] if match else start) else end
    return (ELLIPSIS if start else "") + flat[start:end] + (ELLIPSIS if end < len(flat) else "")
