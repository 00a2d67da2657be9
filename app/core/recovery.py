"""Opening the chat database so that a damaged file never stops the app and
never silently becomes an empty history.

A file SQLite cannot use (garbage, truncated, written by a newer version) is
moved aside with a timestamp, a fresh database is created, and every session
and message SQLite can still read is copied into it. The caller gets a
message saying what happened.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from bimedix.core.direction import normalize_for_search
from bimedix.core.errors import StorageError
from bimedix.core.store import ChatStore

_SESSION_COLUMNS = ("id", "title", "mode", "language", "created_at", "updated_at")
_MESSAGE_COLUMNS = ("id", "session_id", "position", "role", "content", "status",
                    "created_at", "updated_at")  # fmt: skip
_BATCH = 200


def open_store_safely(path: Path) -> tuple[ChatStore, str]:
    """Open `path`, recovering from damage. Returns the store and a message
    for the user ('' when all was well)."""
    try:
        return ChatStore(path), ""
    except StorageError as exc:
        if not path.exists():
            raise
        problem = str(exc)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    moved = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    os.replace(path, moved)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            os.replace(side, Path(f"{moved}{suffix}"))
    store = ChatStore(path)
    sessions, messages = salvage(moved, store)
    return store, (
        f"{problem} The file was moved to {moved.name} and a new database was started; "
        f"{sessions} chats and {messages} messages could be recovered from it."
    )


def _readable_rows(
    conn: sqlite3.Connection, table: str, columns: tuple[str, ...]
) -> Iterator[tuple]:
    """Rows of `table` that can still be read, skipping damaged stretches."""
    try:
        (top,) = conn.execute(f"SELECT MAX(rowid) FROM {table}").fetchone()
    except sqlite3.DatabaseError:
        top = 1_000_000
    select = f"SELECT {', '.join(columns)} FROM {table} WHERE rowid BETWEEN ? AND ?"
    for start in range(0, (top or 0) + 1, _BATCH):
        try:
            rows = conn.execute(select, [start, start + _BATCH - 1]).fetchall()
        except sqlite3.DatabaseError:
            # Retry row by row, to keep what surrounds a bad page.
            rows = []
            for rowid in range(start, start + _BATCH):
                try:
                    rows += conn.execute(select, [rowid, rowid]).fetchall()
                except sqlite3.DatabaseError:
                    continue
        yield from rows


def salvage(damaged: Path, store: ChatStore) -> tuple[int, int]:
    """Copy what can be read from `damaged` into `store`: (sessions, messages)."""
    try:
        source = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
        source.execute("SELECT 1 FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError:
        return 0, 0
    sessions = messages = 0
    try:
        with store.db.conn as conn:
            known: set[int] = set()
            for row in _readable_rows(source, "sessions", _SESSION_COLUMNS):
                conn.execute(
                    f"INSERT OR IGNORE INTO sessions ({', '.join(_SESSION_COLUMNS)})"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    row,
                )
                known.add(row[0])
                sessions += 1
            for row in _readable_rows(source, "messages", _MESSAGE_COLUMNS):
                if row[1] not in known:
                    continue
                conn.execute(
                    f"INSERT OR IGNORE INTO messages ({', '.join(_MESSAGE_COLUMNS)}, search_text)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [*row, normalize_for_search(row[4] or "")],
                )
                messages += 1
    except sqlite3.DatabaseError:
        pass  # keep what was copied before the damage
    finally:
        source.close()
    return sessions, messages
