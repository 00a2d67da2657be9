"""Opening the chat database so that a damaged file never stops the app and
never silently becomes an empty history.

A file SQLite cannot use (garbage, truncated, written by a newer version) is
moved aside with a timestamp, a fresh database is created, and every session
and message SQLite can still read is copied into it. The caller gets a
message saying what happened.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from bimedix.core.direction import language_of, normalize_for_search
from bimedix.core.store import SESSION_COLUMNS, ChatStore, utc_now
from bimedix.errors import StorageError

_MESSAGE_COLUMNS = ("id", "session_id", "position", "role", "content", "status",
                    "created_at", "updated_at")  # fmt: skip
_BATCH = 200
log = logging.getLogger("bimedix.store")


def open_store_safely(path: Path) -> tuple[ChatStore, str]:
    """Open `path`, recovering from damage. Returns the store and a message
    for the user ('' when all was well).

    Runs SQLite's quick_check once (at start-up), so damage inside the file
    is found now rather than halfway through a conversation.
    """
    try:
        store = ChatStore(path)
        try:
            (status,) = store.db.execute("PRAGMA quick_check").fetchone()
        except sqlite3.DatabaseError as exc:
            status = str(exc)
        if status == "ok":
            return store, ""
        store.close()
        problem = f"The chat database {path} is damaged ({status.splitlines()[0]})."
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
    log.warning("%s; moved to %s", problem, moved.name)
    store = ChatStore(path)
    sessions, messages = salvage(moved, store)
    log.warning("recovered %d sessions and %d messages from %s", sessions, messages, moved.name)
    return store, (
        f"{problem} The file was moved to {moved.name} and a new database was started; "
        f"{sessions} chats and {messages} messages could be recovered from it."
    )


def _readable_rows(
    conn: sqlite3.Connection, table: str, columns: tuple[str, ...], max_rows: int
) -> Iterator[tuple]:
    """Rows of `table` that can still be read, skipping damaged stretches."""
    try:
        (top,) = conn.execute(f"SELECT MAX(rowid) FROM {table}").fetchone()
    except sqlite3.DatabaseError:
        top = max_rows  # the highest rowid the file could possibly hold
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


def _insert(conn: sqlite3.Connection, sql: str, params: list[object]) -> bool:
    """Insert one salvaged row; a row too damaged to fit the schema is skipped
    (without rolling back the rows already saved)."""
    try:
        conn.execute(sql, params)
    except sqlite3.IntegrityError:
        return False
    return True


def _padded_copy(damaged: Path, workdir: Path) -> Path:
    """A copy of `damaged`, grown back to the size its header promises.

    A truncated file makes SQLite reject the whole schema (tables whose root
    page lies past the end); with the missing pages present as zeros, only
    the rows that were really lost stay unreadable.
    """
    copy = workdir / "salvage.db"
    shutil.copyfile(damaged, copy)
    with copy.open("r+b") as handle:
        header = handle.read(100)
        if len(header) == 100 and header.startswith(b"SQLite format 3\x00"):
            page_size = int.from_bytes(header[16:18], "big") or 65536
            if page_size == 1:
                page_size = 65536
            pages = int.from_bytes(header[28:32], "big")
            if pages * page_size > copy.stat().st_size:
                handle.truncate(pages * page_size)
    return copy


def salvage(damaged: Path, store: ChatStore) -> tuple[int, int]:
    """Copy what can be read from `damaged` into `store`: (sessions, messages)."""
    with tempfile.TemporaryDirectory(prefix="bimedix-salvage-") as workdir:
        return _salvage_from(_padded_copy(damaged, Path(workdir)), store)


def _salvage_from(damaged: Path, store: ChatStore) -> tuple[int, int]:
    try:
        source = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
        source.execute("SELECT 1 FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError:
        return 0, 0
    # No page holds more than ~page_size/16 rows: a safe upper bound on rowids
    # when the table's own MAX(rowid) is unreadable.
    max_rows = max(1000, damaged.stat().st_size // 16)
    sessions = messages = 0
    try:
        with store.db.conn as conn:
            known: set[int] = set()
            now = utc_now()
            for row in _readable_rows(source, "sessions", SESSION_COLUMNS, max_rows):
                if row[0] is None:
                    continue
                session_id, title, mode, language, created, updated = row
                if _insert(
                    conn,
                    f"INSERT OR IGNORE INTO sessions ({', '.join(SESSION_COLUMNS)})"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [session_id, title or f"Recovered chat {session_id}", mode or "consult",
                     language or "en", created or now, updated or created or now],
                ):  # fmt: skip
                    known.add(session_id)
                    sessions += 1
            for row in _readable_rows(source, "messages", _MESSAGE_COLUMNS, max_rows):
                if row[0] is None or row[1] is None or row[2] is None or row[3] is None:
                    continue  # not enough left of this row to place it
                row = (*row[:4], row[4] or "", row[5] or "interrupted", row[6] or now,
                       row[7] or row[6] or now)  # fmt: skip
                if row[1] not in known:
                    # Its session row was lost: keep the message under a
                    # stand-in session rather than drop it.
                    if not _insert(
                        conn,
                        "INSERT INTO sessions (id, title, mode, language, created_at, updated_at)"
                        " VALUES (?, ?, 'consult', ?, ?, ?)",
                        [row[1], f"Recovered chat {row[1]}", language_of(row[4] or ""),
                         row[6], row[7]],
                    ):  # fmt: skip
                        continue
                    known.add(row[1])
                    sessions += 1
                if _insert(
                    conn,
                    f"INSERT OR IGNORE INTO messages ({', '.join(_MESSAGE_COLUMNS)}, search_text)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [*row, normalize_for_search(row[4] or "")],
                ):
                    messages += 1
    finally:
        source.close()
    return sessions, messages


def recover_orphaned_replies(store: ChatStore, data_dir: Path, desktop_app: bool = False) -> int:
    """Mark replies left 'streaming' by a process that died as interrupted.

    Skipped while a reply may still be in progress: while a desktop app holds
    the data folder (unless the caller is that app) or while a `bimedix chat`
    holds a ReplyWriterLock. Returns how many replies were marked.
    """
    from bimedix.core.instance_lock import InstanceLock, live_reply_writers

    def nobody_is_writing() -> bool:
        if not desktop_app and InstanceLock(data_dir).held_elsewhere():
            return False
        return not live_reply_writers(data_dir)

    return store.mark_interrupted_replies(only_if=nobody_is_writing)
