"""Reading JSON and JSONL files the user (or anyone) may have tampered with.

One place for the limits every reader shares: a size cap checked before the
file is read, a nesting-depth cap checked before the parser recurses (a file
of 100,000 `[` would otherwise end in a RecursionError), strict UTF-8, and
errors that name the file and, where known, the line. JSONL is streamed line
by line with a per-line cap, so a 100 MB single line is refused after reading
only the cap's worth of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bimedix.errors import UserFacingError

MAX_DEPTH = 64  # far above any file the app writes (archives nest about 6 deep)
SMALL_FILE = 4 << 20  # settings, library, kiosk files
LARGE_FILE = 512 << 20  # chat archives, training data
MAX_LINE = 16 << 20  # one JSONL record

_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


class JsonFileError(UserFacingError):
    """A JSON or JSONL file is unreadable, too large, too deep or not JSON."""


def _size(size: int) -> str:
    return f"{size / (1 << 20):.0f} MB" if size >= 1 << 20 else f"{size} bytes"


def _outside_strings(data: bytes) -> bytes:
    """The text with every JSON string's content removed (brackets inside
    strings do not nest), using only C-speed bytes operations: drop escaped
    backslashes, then escaped quotes, then keep every other piece between
    quotes."""
    unescaped = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    return b"".join(unescaped.split(b'"')[::2])


def nested_deeper_than(data: bytes, limit: int) -> bool:
    """Whether the JSON text `data` nests arrays/objects more than `limit`
    deep. No recursion: strings are removed, then innermost `[]`/`{}` pairs
    are stripped one level per pass, at most `limit` passes (each a C-speed
    replace). Broken text is refused only when its leading run of openers
    alone is too deep, so callers still report ordinary syntax errors."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return False  # cannot possibly nest deeper
    skeleton = _outside_strings(data).translate(None, _NOT_BRACKETS)
    for _ in range(limit):
        stripped = skeleton.replace(b"[]", b"").replace(b"{}", b"")
        if stripped == skeleton:
            break
        skeleton = stripped
    if b"[]" in skeleton or b"{}" in skeleton:
        return True  # a matched pair survived `limit` passes
    # What is left cannot be reduced: unmatched brackets of a truncated or
    # broken file. The parser fails at the first closer, so it only recurses
    # through the run of openers before it (plus the pairs stripped above,
    # at most `limit`): refuse only when that run alone is too deep.
    return len(skeleton) - len(skeleton.lstrip(b"[{")) > limit


def _where(source: str, line: int | None) -> str:
    return f"{source}, line {line}" if line is not None else source


def loads(
    data: bytes | str,
    source: str,
    *,
    line: int | None = None,
    max_depth: int = MAX_DEPTH,
) -> Any:
    """Parse one JSON document, naming `source` (and `line`) in any error.

    Raises:
        JsonFileError: not UTF-8, nested too deep, or not JSON.
    """
    where = _where(source, line)
    if isinstance(data, str):
        raw = data.encode("utf-8", errors="surrogatepass")
    else:
        raw = data
        try:
            data = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JsonFileError(
                f"{where}: not UTF-8 text (invalid byte at offset {exc.start})."
            ) from exc
    if data.startswith("\ufeff"):
        data = data[1:]  # a byte-order mark some editors add
    if nested_deeper_than(raw, max_depth):
        raise JsonFileError(f"{where}: nested more than {max_depth} levels deep.")
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        at = f"line {exc.lineno}, column {exc.colno}" if line is None else f"column {exc.colno}"
        raise JsonFileError(f"{where}: not valid JSON at {at} ({exc.msg}).") from exc
    except RecursionError as exc:  # defence in depth: the check above should stop it
        raise JsonFileError(f"{where}: nested too deeply.") from exc


def read_bytes(path: Path, max_bytes: int, source: str | None = None) -> bytes:
    """The file's bytes, refused before reading if larger than `max_bytes`.

    Raises:
        JsonFileError: missing, unreadable, empty or too large.
    """
    name = source or path.name
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise JsonFileError(f"Cannot read {name}: {exc.strerror or exc}.") from exc
    if len(data) > max_bytes:
        raise JsonFileError(f"{name} is larger than {_size(max_bytes)}; refusing to read it.")
    if not data.strip():
        raise JsonFileError(f"{name} is empty.")
    return data


def load_file(
    path: Path,
    *,
    max_bytes: int = SMALL_FILE,
    max_depth: int = MAX_DEPTH,
    source: str | None = None,
) -> Any:
    """Parse the JSON file at `path` within the limits.

    Raises:
        JsonFileError: naming the file and, for syntax errors, line and column.
    """
    name = source or path.name
    return loads(read_bytes(path, max_bytes, name), name, max_depth=max_depth)


def iter_jsonl(
    path: Path,
    *,
    max_line: int = MAX_LINE,
    max_depth: int = MAX_DEPTH,
    comments: bool = False,
    source: str | None = None,
) -> Iterator[tuple[int, Any]]:
    """(line number, value) for each non-blank line of a JSONL file, read
    one line at a time; with `comments`, lines starting with `#` are skipped.

    Raises:
        JsonFileError: unreadable, a line too long, not UTF-8, too deep or
            not JSON, naming the file and line.
    """
    name = source or path.name
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise JsonFileError(f"Cannot read {name}: {exc.strerror or exc}.") from exc
    with handle:
        number = 0
        while True:
            try:
                raw = handle.readline(max_line + 1)
            except OSError as exc:
                raise JsonFileError(f"Cannot read {name}: {exc.strerror or exc}.") from exc
            if not raw:
                return
            number += 1
            if len(raw) > max_line:
                raise JsonFileError(
                    f"{name}, line {number}: longer than {_size(max_line)}; refusing to read it."
                )
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            stripped = raw.strip()
            if not stripped or (comments and stripped.startswith(b"#")):
                continue
            yield number, loads(stripped, name, line=number, max_depth=max_depth)
