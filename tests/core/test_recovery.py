"""A damaged or foreign database never stops the app and never silently
becomes an empty history; schema updates keep a backup to fall back on."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

import bimedix.core.store as store_module
from bimedix.core.recovery import open_store_safely
from bimedix.core.store import ChatStore
from bimedix.errors import FutureSchemaError, StorageError


def make_history(path: Path, sessions: int = 30) -> None:
    store = ChatStore(path)
    for index in range(sessions):
        session = store.create_session(f"chat {index}", "consult", "en")
        store.add_message(session.id, "user", f"question {index} " + "x" * 400)
        store.add_message(session.id, "assistant", f"answer {index} عن فقر الدم " + "y" * 400)
    store.close()
    # Fold the WAL into the main file, as a clean shutdown eventually does.
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def test_a_healthy_database_opens_without_a_message(tmp_path):
    make_history(tmp_path / "chats.db")
    store, message = open_store_safely(tmp_path / "chats.db")
    assert message == "" and len(store.list_sessions()) == 30


def test_garbage_file_is_moved_aside_and_the_app_starts(tmp_path):
    db = tmp_path / "chats.db"
    db.write_bytes(os.urandom(50_000))
    store, message = open_store_safely(db)
    assert "moved to chats.damaged-" in message and "0 chats" in message
    assert store.list_sessions() == []
    (moved,) = tmp_path.glob("chats.damaged-*.db")
    assert moved.stat().st_size == 50_000  # kept as it was, for the user


def test_truncated_file_is_salvaged(tmp_path):
    db = tmp_path / "chats.db"
    make_history(db, sessions=60)
    size = db.stat().st_size
    with db.open("r+b") as handle:
        handle.truncate(size * 2 // 3)
    store, message = open_store_safely(db)
    assert "recovered" in message
    sessions = store.list_sessions()
    assert 0 < len(sessions) <= 60
    recovered = sum(len(store.messages(s.id)) for s in sessions)
    assert recovered > 0
    assert store.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert store.search("question")  # the search index is rebuilt too


def test_damaged_pages_lose_only_what_they_held(tmp_path):
    db = tmp_path / "chats.db"
    make_history(db, sessions=60)
    data = bytearray(db.read_bytes())
    page = 4096
    middle = len(data) // page // 2
    data[middle * page : (middle + 2) * page] = os.urandom(2 * page)
    db.write_bytes(bytes(data))
    store, message = open_store_safely(db)
    assert "damaged" in message or "malformed" in message or "integrity" in message
    total = sum(len(store.messages(s.id)) for s in store.list_sessions())
    assert total > 60  # most of the 120 messages survive


def test_database_from_a_newer_version_is_kept_and_salvaged(tmp_path):
    db = tmp_path / "chats.db"
    make_history(db, sessions=3)
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('bimedix', 'm999_from_the_future', '2030-01-01')"
        )
    with pytest.raises(FutureSchemaError):
        ChatStore(db)
    store, message = open_store_safely(db)
    assert "newer version" in message and "3 chats and 6 messages" in message
    assert [len(store.messages(s.id)) for s in store.list_sessions()] == [2, 2, 2]


@pytest.mark.expect_log("bimedix.store", r"migration of .* failed; restoring")
def test_migration_takes_a_backup_and_restores_it_on_failure(tmp_path, monkeypatch):
    db = tmp_path / "chats.db"
    make_history(db, sessions=2)

    @store_module.migrations()
    def m900_breaks(database):  # registered for this test only
        database.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    try:
        with pytest.raises(StorageError, match="restored"):
            ChatStore(db)
        (backup,) = tmp_path.glob("chats.db.before-m900_breaks.bak")
        assert backup.exists()
        with sqlite3.connect(db) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables
    finally:
        store_module.migrations._migrations.pop()
    store = ChatStore(db)
    assert len(store.list_sessions()) == 2


def test_unreadable_folder_is_a_storage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError):
        ChatStore(blocker / "chats.db")
