"""Question sets for `bimedix replay`: read a JSONL file of prompts or a
BiMediX JSON chat archive into an ordered list of `ReplayItem`s.

JSONL: one object a line, `{"prompt": ...}` with optional `id`, `language`
and `expected`; each line is its own one-turn conversation. Archive: every
session's user turns, in order, replayed as one conversation per session
(the model sees its own earlier replies, not the archived ones).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from bimedix.core.direction import language_of
from bimedix.errors import UserFacingError
from bimedix.safe_json import JsonFileError, iter_jsonl

MAX_ITEMS = 100_000  # a question set, not a corpus


class ReplaySourceError(UserFacingError):
    """The question file cannot be replayed (names the file and line)."""


@dataclass(frozen=True)
class ReplayItem:
    """One prompt to send to every model."""

    index: int  # position in the set, 0-based
    id: str  # the file's id, else "line N" / "session S turn T"
    prompt: str
    language: str  # "en" or "ar"
    expected: str | None = None
    conversation: int = 0  # items sharing this number form one conversation
    turn: int = 0  # position within the conversation


def source_digest(path: Path) -> str:
    """SHA-256 of the file's bytes: part of the replay id, so an edited
    file starts a new replay instead of resuming an old one."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise ReplaySourceError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc
    return digest.hexdigest()


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _from_jsonl(path: Path) -> list[ReplayItem]:
    items: list[ReplayItem] = []
    seen_ids: set[str] = set()
    try:
        for line, record in iter_jsonl(path, comments=True):
            where = f"{path.name}, line {line}"
            if not isinstance(record, dict):
                raise ReplaySourceError(f'{where}: expected an object like {{"prompt": "..."}}.')
            prompt = _text(record.get("prompt"))
            if prompt is None:
                raise ReplaySourceError(f'{where}: "prompt" is missing or empty.')
            raw_id = record.get("id", f"line {line}")
            if not isinstance(raw_id, (str, int)):
                raise ReplaySourceError(f'{where}: "id" must be a string or a number.')
            item_id = str(raw_id)
            if item_id in seen_ids:
                raise ReplaySourceError(f'{where}: id "{item_id}" appears twice.')
            seen_ids.add(item_id)
            language = record.get("language") or language_of(prompt, fallback="en")
            if language not in ("en", "ar"):
                raise ReplaySourceError(f'{where}: "language" must be "en" or "ar".')
            expected = record.get("expected")
            if expected is not None and not isinstance(expected, (str, int)):
                raise ReplaySourceError(f'{where}: "expected" must be text.')
            items.append(
                ReplayItem(
                    len(items), item_id, prompt, language,
                    _text(str(expected)) if expected is not None else None,
                    conversation=len(items),
                )
            )  # fmt: skip
            if len(items) > MAX_ITEMS:
                raise ReplaySourceError(f"{path.name}: more than {MAX_ITEMS} prompts.")
    except JsonFileError as exc:
        raise ReplaySourceError(str(exc)) from exc
    return items


def _from_archive(path: Path) -> list[ReplayItem]:
    from bimedix.core.archive_import import read_archive

    sessions, _ = read_archive(path)
    items: list[ReplayItem] = []
    for number, session in enumerate(sessions):
        turns = [m for m in session["messages"] if m.get("role") == "user"]
        label = session.get("id", number + 1)
        for turn, message in enumerate(turns):
            prompt = _text(message.get("content"))
            if prompt is None:
                continue
            language = language_of(prompt, fallback=session.get("language") or "en")
            items.append(
                ReplayItem(
                    len(items), f"session {label} turn {turn + 1}", prompt, language,
                    conversation=number, turn=turn,
                )
            )  # fmt: skip
    return items


def read_question_set(path: Path) -> list[ReplayItem]:
    """The prompts in `path` (.jsonl: prompts; else a JSON chat archive).

    Raises:
        ReplaySourceError: unreadable, malformed (with its line number), or
            no prompt at all.
    """
    if not path.is_file():
        raise ReplaySourceError(f"No such question file: {path}")
    items = _from_jsonl(path) if path.suffix.lower() == ".jsonl" else _from_archive(path)
    if not items:
        raise ReplaySourceError(f"{path.name} holds no prompt to replay.")
    return items
