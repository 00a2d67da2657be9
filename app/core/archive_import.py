"""Importing chat archives: validate everything first, then insert in one
transaction, so a bad file imports nothing.

Accepts the JSON archive (validated against
`schemas/chat-archive-v1.schema.json`) and the JSONL flavour (one
conversation per line with chat `messages`, as `bimedix export --format
jsonl` writes). Errors name the first problem and where it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from bimedix.core.direction import language_of
from bimedix.core.store import ChatStore, utc_now
from bimedix.errors import UserFacingError
from bimedix.safe_json import LARGE_FILE, SMALL_FILE, JsonFileError, iter_jsonl, load_file


class ImportFileError(UserFacingError):
    """The file is not a valid archive; nothing was imported."""


@dataclass(frozen=True)
class ImportReport:
    imported: int
    skipped: int
    messages: int


def archive_schema() -> dict[str, Any]:
    text = resources.files("bimedix.core").joinpath("schemas/chat-archive-v1.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _location(path: Any) -> str:
    parts = ""
    for part in path:
        parts += f"[{part}]" if isinstance(part, int) else (f".{part}" if parts else part)
    return parts or "(top level)"


def _validate(document: Any, schema: dict[str, Any], where: str) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        raise ImportFileError(f"{where}{_location(error.absolute_path)}: {error.message}")


_JSONL_LINE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["messages"],
    "properties": {
        "title": {"type": "string"},
        "mode": {"enum": ["consult", "mcq", "qa"]},
        "language": {"enum": ["en", "ar"]},
        "messages": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["role", "content"],
                "properties": {
                    "role": {"enum": ["system", "user", "assistant"]},
                    "content": {"type": "string"},
                },
            },
        },
    },
}


def _jsonl_to_sessions(path: Path) -> list[dict[str, Any]]:
    now = utc_now()
    sessions = []
    for number, record in iter_jsonl(path):
        _validate(record, _JSONL_LINE_SCHEMA, f"{path.name}, line {number}: ")
        turns = [m for m in record["messages"] if m["role"] != "system"]
        first_user = next((m["content"] for m in turns if m["role"] == "user"), "")
        sessions.append(
            {
                "title": record.get("title") or first_user[:60] or "Imported chat",
                "mode": record.get("mode", "consult"),
                "language": record.get("language") or language_of(first_user),
                "created_at": now,
                "updated_at": now,
                "messages": [
                    {
                        "position": i,
                        "role": m["role"],
                        "content": m["content"],
                        "status": "complete",
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i, m in enumerate(turns)
                ],
            }  # fmt: skip
        )
    if not sessions:
        raise ImportFileError(f"{path.name} holds no conversations.")
    return sessions


def _refuse_if_not_an_object(path: Path) -> None:
    """Look at the first bytes only, so a large file that is not an archive
    at all is refused without being read into memory."""
    try:
        if path.stat().st_size <= SMALL_FILE:
            return  # small enough to parse for a precise line and column
        with path.open("rb") as handle:
            head = handle.read(4096).lstrip(b" \t\r\n")
    except OSError as exc:
        raise ImportFileError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    if head and not head.startswith(b"{"):
        raise ImportFileError(
            f'{path.name} is not a BiMediX chat archive (it does not start with "{{").'
        )


def read_archive(path: Path) -> tuple[list[dict[str, Any]], bool]:
    """Parse and validate a file.

    Returns:
        The sessions, and whether they carry ids to keep (JSON archive).

    Raises:
        ImportFileError: naming the first problem and its location.
    """
    try:
        if path.suffix.lower() == ".jsonl":
            return _jsonl_to_sessions(path), False
        _refuse_if_not_an_object(path)
        document = load_file(path, max_bytes=LARGE_FILE)
    except JsonFileError as exc:
        raise ImportFileError(str(exc)) from exc
    if not isinstance(document, dict) or document.get("format") != "bimedix-chat-archive":
        raise ImportFileError(
            f'{path.name} is not a BiMediX chat archive (no "format": '
            '"bimedix-chat-archive" at the top).'
        )
    _validate(document, archive_schema(), f"{path.name}: ")
    return document["sessions"], True


def import_archive(store: ChatStore, path: Path, duplicate: bool = False) -> ImportReport:
    """Import a file into `store`. Sessions whose id already exists are
    skipped, unless `duplicate` is set (then they get new ids)."""
    sessions, keep_ids = read_archive(path)
    imported, skipped, messages = store.import_sessions(sessions, keep_ids, duplicate)
    return ImportReport(imported, skipped, messages)
