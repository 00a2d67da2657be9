"""ChatStore on real SQLite files: the migrated schema, sessions and messages,
provenance, crash recovery and full-text search in English and Arabic."""

from __future__ import annotations

import itertools
import json
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

import bimedix.core.store as store_module
from bimedix.core.store import ChatStore
from bimedix.errors import StorageError

# Every table, index and trigger of a freshly migrated database, exactly as
# SQLite stores it. A migration that changes any of these must update this.
EXPECTED_SCHEMA: dict[tuple[str, str], str | None] = {
    ("index", "idx__sqlite_migrations_migration_set_name"): (
        'CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"\n'
        '    ON "_sqlite_migrations" ("migration_set", "name")'
    ),
    ("index", "idx_sessions_updated"): (
        "CREATE INDEX idx_sessions_updated ON sessions(updated_at)"
    ),
    # The index behind UNIQUE (session_id, position): SQLite stores no SQL.
    ("index", "sqlite_autoindex_messages_1"): None,
    ("table", "_sqlite_migrations"): (
        'CREATE TABLE "_sqlite_migrations" (\n'
        '   "id" INTEGER PRIMARY KEY,\n'
        '   "migration_set" TEXT,\n'
        '   "name" TEXT,\n'
        '   "applied_at" TEXT\n'
        ")"
    ),
    ("table", "messages"): (
        "CREATE TABLE messages (\n"
        "            id INTEGER PRIMARY KEY,\n"
        "            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,\n"
        "            position INTEGER NOT NULL,\n"
        "            role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),\n"
        "            content TEXT NOT NULL,\n"
        "            status TEXT NOT NULL DEFAULT 'complete'\n"
        "                CHECK (status IN"
        " ('complete', 'streaming', 'stopped', 'interrupted', 'error')),\n"
        "            created_at TEXT NOT NULL,\n"
        "            updated_at TEXT NOT NULL,\n"
        "            model_file TEXT,\n"
        "            prompt_format TEXT,\n"
        "            params TEXT,\n"
        "            seed INTEGER,\n"
        "            prompt_tokens INTEGER,\n"
        "            completion_tokens INTEGER,\n"
        "            time_to_first_token_s REAL,\n"
        "            tokens_per_s REAL,\n"
        "            stop_reason TEXT,\n"
        "            search_text TEXT NOT NULL DEFAULT '', "
        "direction TEXT CHECK (direction IN ('ltr', 'rtl')), "
        "model_sha256 TEXT, model_architecture TEXT, model_quantization TEXT, "
        "context_size INTEGER, mode TEXT, system_prompt TEXT, app_version TEXT, "
        "engine_version TEXT, triage TEXT, cached_prompt_tokens INTEGER, sources TEXT,\n"
        "            UNIQUE (session_id, position)\n"
        "        )"
    ),
    ("table", "messages_fts"): (
        'CREATE VIRTUAL TABLE "messages_fts" USING FTS5 (\n'
        '    "search_text",\n'
        "    tokenize='unicode61 remove_diacritics 2',\n"
        '    content="messages"\n'
        ")"
    ),
    ("table", "messages_fts_config"): (
        "CREATE TABLE 'messages_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID"
    ),
    ("table", "messages_fts_data"): (
        "CREATE TABLE 'messages_fts_data'(id INTEGER PRIMARY KEY, block BLOB)"
    ),
    ("table", "messages_fts_docsize"): (
        "CREATE TABLE 'messages_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB)"
    ),
    ("table", "messages_fts_idx"): (
        "CREATE TABLE 'messages_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID"
    ),
    ("table", "model_hashes"): (
        "CREATE TABLE model_hashes (\n"
        "            path TEXT NOT NULL,\n"
        "            size INTEGER NOT NULL,\n"
        "            mtime_ns INTEGER NOT NULL,\n"
        "            sha256 TEXT NOT NULL,\n"
        "            PRIMARY KEY (path, size, mtime_ns)\n"
        "        )"
    ),
    ("index", "sqlite_autoindex_model_hashes_1"): None,
    ("table", "sessions"): (
        "CREATE TABLE sessions (\n"
        "            id INTEGER PRIMARY KEY,\n"
        "            title TEXT NOT NULL,\n"
        "            mode TEXT NOT NULL,\n"
        "            language TEXT NOT NULL,\n"
        "            created_at TEXT NOT NULL,\n"
        "            updated_at TEXT NOT NULL\n"
        "        )"
    ),
    ("trigger", "messages_ad"): (
        'CREATE TRIGGER "messages_ad" AFTER DELETE ON "messages" BEGIN\n'
        '  INSERT INTO "messages_fts" ("messages_fts", rowid, "search_text")'
        " VALUES('delete', old.rowid, old.\"search_text\");\n"
        "END"
    ),
    ("trigger", "messages_ai"): (
        'CREATE TRIGGER "messages_ai" AFTER INSERT ON "messages" BEGIN\n'
        '  INSERT INTO "messages_fts" (rowid, "search_text")'
        ' VALUES (new.rowid, new."search_text");\n'
        "END"
    ),
    ("trigger", "messages_au"): (
        'CREATE TRIGGER "messages_au" AFTER UPDATE ON "messages" BEGIN\n'
        '  INSERT INTO "messages_fts" ("messages_fts", rowid, "search_text")'
        " VALUES('delete', old.rowid, old.\"search_text\");\n"
        '  INSERT INTO "messages_fts" (rowid, "search_text")'
        ' VALUES (new.rowid, new."search_text");\n'
        "END"
    ),
    # m004 (issue 7): benchmark runs and their per-question results.
    ('table', 'eval_results'): (
        'CREATE TABLE eval_results (\n'
        '            run_id INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,\n'
        '            position INTEGER NOT NULL,\n'
        '            item_id TEXT NOT NULL,\n'
        "            subject TEXT NOT NULL DEFAULT '',\n"
        '            gold INTEGER NOT NULL,\n'
        '            predicted INTEGER,\n'
        '            predicted_norm INTEGER,\n'
        '            loglikelihoods TEXT,\n'
        '            reply TEXT,\n'
        '            PRIMARY KEY (run_id, position)\n'
        '        )'
    ),
    ('table', 'eval_runs'): (
        'CREATE TABLE eval_runs (\n'
        '            id INTEGER PRIMARY KEY,\n'
        '            created_at TEXT NOT NULL,\n'
        '            finished_at TEXT,\n'
        "            status TEXT NOT NULL DEFAULT 'running'\n"
        "                CHECK (status IN ('running', 'complete', 'cancelled', 'error')),\n"
        '            benchmark TEXT NOT NULL,\n'
        '            language TEXT NOT NULL,\n'
        "            method TEXT NOT NULL CHECK (method IN ('loglikelihood', 'generation')),\n"
        '            shots INTEGER NOT NULL DEFAULT 0,\n'
        '            model_name TEXT NOT NULL,\n'
        '            model_file TEXT,\n'
        '            model_sha256 TEXT,\n'
        '            model_quantization TEXT,\n'
        '            n_planned INTEGER NOT NULL,\n'
        '            n_scored INTEGER NOT NULL DEFAULT 0,\n'
        '            acc REAL,\n'
        '            acc_stderr REAL,\n'
        '            acc_norm REAL,\n'
        '            acc_norm_stderr REAL,\n'
        '            duration_s REAL,\n'
        "            settings TEXT NOT NULL DEFAULT '{}',\n"
        '            app_version TEXT,\n'
        '            engine_version TEXT,\n'
        '            error TEXT\n'
        '        )'
    ),
    ('index', 'idx_eval_runs_model'): (
        'CREATE INDEX idx_eval_runs_model ON eval_runs(model_sha256, benchmark)'
    ),
    ('index', 'sqlite_autoindex_eval_results_1'): None,
    # m006 (issue 17): a tester's review of a reply.
    ("table", "reviews"): (
        "CREATE TABLE reviews (\n"
        "            message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,\n"
        "            rating TEXT CHECK (rating IN ('good', 'bad')),\n"
        "            tags TEXT NOT NULL DEFAULT '[]',\n"
        "            note TEXT NOT NULL DEFAULT '',\n"
        "            correction TEXT NOT NULL DEFAULT '',\n"
        "            created_at TEXT NOT NULL,\n"
        "            updated_at TEXT NOT NULL\n"
        "        )"
    ),
    # m007_replay: replay runs and cells, compare votes.
    ("index", "idx_replay_cells_session"): (
        "CREATE INDEX idx_replay_cells_session ON replay_cells(session_id)"
    ),
    ("index", "sqlite_autoindex_replay_cells_1"): None,
    ("index", "sqlite_autoindex_replay_runs_1"): None,
    ("table", "compare_votes"): (
        "CREATE TABLE compare_votes (\n"
        "            id INTEGER PRIMARY KEY,\n"
        "            created_at TEXT NOT NULL,\n"
        "            prompt TEXT NOT NULL,\n"
        "            blind INTEGER NOT NULL,\n"
        "            contenders TEXT NOT NULL,\n"
        "            winner TEXT NOT NULL,\n"
        "            note TEXT NOT NULL DEFAULT ''\n"
        "        )"
    ),
    ("table", "replay_cells"): (
        "CREATE TABLE replay_cells (\n"
        "            replay_id TEXT NOT NULL REFERENCES replay_runs(id) ON DELETE CASCADE,\n"
        "            model_index INTEGER NOT NULL,\n"
        "            item_index INTEGER NOT NULL,\n"
        "            status TEXT NOT NULL CHECK (status IN ('complete', 'failed')),\n"
        "            session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,\n"
        "            message_id INTEGER,\n"
        "            reply TEXT NOT NULL DEFAULT '',\n"
        "            error TEXT,\n"
        "            seconds REAL,\n"
        "            updated_at TEXT NOT NULL,\n"
        "            PRIMARY KEY (replay_id, model_index, item_index)\n"
        "        )"
    ),
    ("table", "replay_runs"): (
        "CREATE TABLE replay_runs (\n"
        "            id TEXT PRIMARY KEY,\n"
        "            created_at TEXT NOT NULL,\n"
        "            source TEXT NOT NULL,\n"
        "            models TEXT NOT NULL,\n"
        "            settings TEXT NOT NULL DEFAULT '{}'\n"
        "        )"
    ),
    # m009 (issue 20): the user's documents and their passages.
    ('table', 'knowledge_documents'): 'CREATE TABLE knowledge_documents (\n            id INTEGER PRIMARY KEY,\n            path TEXT NOT NULL UNIQUE,\n            name TEXT NOT NULL,\n            format TEXT NOT NULL,\n            sha256 TEXT NOT NULL,\n            size INTEGER NOT NULL,\n            pages INTEGER NOT NULL,\n            chunks INTEGER NOT NULL,\n            added_at TEXT NOT NULL,\n            updated_at TEXT NOT NULL\n        )',  # noqa: E501
    ('index', 'sqlite_autoindex_knowledge_documents_1'): None,
    ('table', 'knowledge_chunks'): "CREATE TABLE knowledge_chunks (\n            id INTEGER PRIMARY KEY,\n            document_id INTEGER NOT NULL REFERENCES knowledge_documents(id) ON DELETE CASCADE,\n            position INTEGER NOT NULL,\n            page INTEGER,\n            heading TEXT NOT NULL DEFAULT '',\n            text TEXT NOT NULL,\n            tokens INTEGER NOT NULL,\n            search_text TEXT NOT NULL,\n            UNIQUE (document_id, position)\n        )",  # noqa: E501
    ('index', 'sqlite_autoindex_knowledge_chunks_1'): None,
    ('table', 'knowledge_chunks_fts'): 'CREATE VIRTUAL TABLE "knowledge_chunks_fts" USING FTS5 (\n    "search_text",\n    tokenize=\'unicode61 remove_diacritics 2\',\n    content="knowledge_chunks"\n)',  # noqa: E501
    ('table', 'knowledge_chunks_fts_data'): "CREATE TABLE 'knowledge_chunks_fts_data'(id INTEGER PRIMARY KEY, block BLOB)",  # noqa: E501
    ('table', 'knowledge_chunks_fts_idx'): "CREATE TABLE 'knowledge_chunks_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID",  # noqa: E501
    ('table', 'knowledge_chunks_fts_docsize'): "CREATE TABLE 'knowledge_chunks_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB)",  # noqa: E501
    ('table', 'knowledge_chunks_fts_config'): "CREATE TABLE 'knowledge_chunks_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID",  # noqa: E501
    ('trigger', 'knowledge_chunks_ai'): 'CREATE TRIGGER "knowledge_chunks_ai" AFTER INSERT ON "knowledge_chunks" BEGIN\n  INSERT INTO "knowledge_chunks_fts" (rowid, "search_text") VALUES (new.rowid, new."search_text");\nEND',  # noqa: E501
    ('trigger', 'knowledge_chunks_ad'): 'CREATE TRIGGER "knowledge_chunks_ad" AFTER DELETE ON "knowledge_chunks" BEGIN\n  INSERT INTO "knowledge_chunks_fts" ("knowledge_chunks_fts", rowid, "search_text") VALUES(\'delete\', old.rowid, old."search_text");\nEND',  # noqa: E501
    ('trigger', 'knowledge_chunks_au'): 'CREATE TRIGGER "knowledge_chunks_au" AFTER UPDATE ON "knowledge_chunks" BEGIN\n  INSERT INTO "knowledge_chunks_fts" ("knowledge_chunks_fts", rowid, "search_text") VALUES(\'delete\', old.rowid, old."search_text");\n  INSERT INTO "knowledge_chunks_fts" (rowid, "search_text") VALUES (new.rowid, new."search_text");\nEND',  # noqa: E501
}


def schema_of(path: Path) -> dict[tuple[str, str], str | None]:
    """The schema read through a plain sqlite3 connection, not the store's."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    finally:
        conn.close()
    return {(kind, name): sql for kind, name, sql in rows}


@pytest.fixture
def ticking_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every write get a later timestamp than the one before.

    Real writes can land in the same millisecond; ordering tests must not
    depend on that.
    """
    start = datetime(2030, 1, 1, tzinfo=timezone.utc)
    counter = itertools.count()
    monkeypatch.setattr(
        store_module,
        "utc_now",
        lambda: (start + timedelta(seconds=next(counter))).isoformat(timespec="milliseconds"),
    )


# --- schema and connection ------------------------------------------------


def test_migrations_build_exact_schema_on_empty_database(db_path: Path) -> None:
    ChatStore(db_path).close()

    assert schema_of(db_path) == EXPECTED_SCHEMA


def test_migrations_are_recorded_once_and_reopening_changes_nothing(db_path: Path) -> None:
    ChatStore(db_path).close()
    ChatStore(db_path).close()

    assert schema_of(db_path) == EXPECTED_SCHEMA
    conn = sqlite3.connect(db_path)
    try:
        applied = conn.execute(
            "SELECT migration_set, name FROM _sqlite_migrations ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    assert applied == [
        ("bimedix", "m001_sessions_and_messages"),
        ("bimedix", "m002_message_direction"),
        ("bimedix", "m003_provenance"),
        ("bimedix", "m004_eval_runs"),
        ("bimedix", "m005_triage"),
        ("bimedix", "m006_review"),
        ("bimedix", "m007_replay"),
        ("bimedix", "m008_cached_tokens"),
        ("bimedix", "m009_knowledge"),
    ]


def test_connection_uses_wal_and_foreign_keys(store: ChatStore) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_file_that_is_not_a_database_raises_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "chats.db"
    path.write_bytes(b"this is not an SQLite database, just text. " * 100)

    with pytest.raises(StorageError, match="chats.db"):
        ChatStore(path)


# --- sessions -------------------------------------------------------------


def test_create_and_get_session(store: ChatStore) -> None:
    created = store.create_session("Headache", "consult", "en")

    fetched = store.get_session(created.id)

    assert fetched == created
    assert (fetched.title, fetched.mode, fetched.language) == ("Headache", "consult", "en")
    assert fetched.message_count == 0
    assert fetched.created_at == fetched.updated_at


def test_get_missing_session_raises_key_error(store: ChatStore) -> None:
    with pytest.raises(KeyError):
        store.get_session(12345)


def test_update_session_changes_only_allowed_fields(store: ChatStore, ticking_now: None) -> None:
    session = store.create_session("New chat", "consult", "en")

    store.update_session(session.id, title="صداع", mode="qa", language="ar", created_at="x")

    updated = store.get_session(session.id)
    assert (updated.title, updated.mode, updated.language) == ("صداع", "qa", "ar")
    assert updated.created_at == session.created_at
    assert updated.updated_at > session.updated_at


def test_list_sessions_most_recently_used_first(store: ChatStore, ticking_now: None) -> None:
    first = store.create_session("first", "consult", "en")
    second = store.create_session("second", "consult", "en")
    third = store.create_session("third", "consult", "en")
    assert [s.id for s in store.list_sessions()] == [third.id, second.id, first.id]

    store.add_message(first.id, "user", "a new message moves the session to the top")

    sessions = store.list_sessions()
    assert [s.id for s in sessions] == [first.id, third.id, second.id]
    assert [s.message_count for s in sessions] == [1, 0, 0]
    assert [s.id for s in store.list_sessions(limit=2)] == [first.id, third.id]


def test_delete_session_cascades_to_messages_and_search_index(store: ChatStore) -> None:
    doomed = store.create_session("doomed", "consult", "en")
    kept = store.create_session("kept", "consult", "en")
    store.add_message(doomed.id, "user", "zygomatic fracture")
    store.add_message(doomed.id, "assistant", "zygomatic arch")
    store.add_message(kept.id, "user", "tibia")

    store.delete_session(doomed.id)

    with pytest.raises(KeyError):
        store.get_session(doomed.id)
    count = store.db.execute(
        "SELECT COUNT(*) FROM messages WHERE session_id = ?", [doomed.id]
    ).fetchone()[0]
    assert count == 0
    assert store.search("zygomatic") == []
    assert [m.content for m in store.messages(kept.id)] == ["tibia"]


# --- messages -------------------------------------------------------------


def test_messages_get_consecutive_positions_and_come_back_in_order(store: ChatStore) -> None:
    session = store.create_session("s", "consult", "en")
    other = store.create_session("other", "consult", "en")
    store.add_message(other.id, "user", "other session")

    added = [
        store.add_message(session.id, "system", "be careful"),
        store.add_message(session.id, "user", "hello"),
        store.add_message(session.id, "assistant", "hi", status="streaming"),
    ]

    listed = store.messages(session.id)
    assert listed == added
    assert [m.position for m in listed] == [0, 1, 2]
    assert [m.role for m in listed] == ["system", "user", "assistant"]
    assert [m.status for m in listed] == ["complete", "complete", "streaming"]
    assert store.get_session(session.id).message_count == 3
    assert store.get_message(added[1].id).content == "hello"


def test_update_message_changes_content_and_status(store: ChatStore) -> None:
    session = store.create_session("s", "consult", "en")
    reply = store.add_message(session.id, "assistant", "", status="streaming")

    store.update_message(reply.id, content="partial")
    assert store.get_message(reply.id).content == "partial"
    assert store.get_message(reply.id).status == "streaming"

    store.update_message(reply.id, content="partial and done", status="complete")

    done = store.get_message(reply.id)
    assert (done.content, done.status) == ("partial and done", "complete")
    assert done.position == reply.position
    assert done.created_at == reply.created_at


def test_get_missing_message_raises_key_error(store: ChatStore) -> None:
    with pytest.raises(KeyError):
        store.get_message(999)


def test_message_for_missing_session_is_rejected(store: ChatStore) -> None:
    with pytest.raises(StorageError):
        store.add_message(777, "user", "orphan")


@pytest.mark.parametrize(
    ("role", "status"), [("doctor", "complete"), ("user", "finished"), ("assistant", "")]
)
def test_invalid_role_or_status_is_rejected(store: ChatStore, role: str, status: str) -> None:
    session = store.create_session("s", "consult", "en")

    with pytest.raises(StorageError):
        store.add_message(session.id, role, "text", status=status)
    assert store.messages(session.id) == []


def test_unknown_provenance_field_is_a_type_error(store: ChatStore) -> None:
    session = store.create_session("s", "consult", "en")

    with pytest.raises(TypeError, match="temperature"):
        store.add_message(session.id, "assistant", "x", temperature=0.5)


def test_delete_messages_from_position_keeps_earlier_messages(store: ChatStore) -> None:
    session = store.create_session("s", "consult", "en")
    other = store.create_session("other", "consult", "en")
    for i in range(4):
        store.add_message(session.id, "user" if i % 2 == 0 else "assistant", f"m{i}")
        store.add_message(other.id, "user", f"o{i}")

    store.delete_messages_from(session.id, 2)

    assert [m.content for m in store.messages(session.id)] == ["m0", "m1"]
    assert len(store.messages(other.id)) == 4
    again = store.add_message(session.id, "user", "m2 again")
    assert again.position == 2


def test_mark_interrupted_replies_only_touches_streaming(store: ChatStore) -> None:
    session = store.create_session("s", "consult", "en")
    statuses = ["complete", "streaming", "stopped", "streaming", "error"]
    ids = [
        store.add_message(session.id, "assistant", f"reply {i}", status=status).id
        for i, status in enumerate(statuses)
    ]

    assert store.mark_interrupted_replies() == 2

    after = {m.id: m for m in store.messages(session.id)}
    assert [after[i].status for i in ids] == [
        "complete",
        "interrupted",
        "stopped",
        "interrupted",
        "error",
    ]
    assert after[ids[1]].stop_reason == "interrupted"
    assert after[ids[0]].stop_reason is None
    assert after[ids[1]].content == "reply 1"
    assert store.mark_interrupted_replies() == 0


def test_provenance_round_trips_with_params_as_json(store: ChatStore) -> None:
    session = store.create_session("s", "consult", "en")
    params = {"max_tokens": 32, "temperature": 0.2, "top_p": 0.9, "seed": None, "stop": ["x"]}
    reply = store.add_message(
        session.id,
        "assistant",
        "",
        status="streaming",
        model_file="BiMediX-Bi.Q4_K_M.gguf",
        prompt_format="mixtral",
        params=params,
    )

    store.update_message(
        reply.id,
        content="answer",
        status="complete",
        seed=1234,
        prompt_tokens=100,
        completion_tokens=20,
        time_to_first_token_s=0.25,
        tokens_per_s=42.5,
        stop_reason="finished",
    )

    raw = store.db.execute("SELECT params FROM messages WHERE id = ?", [reply.id]).fetchone()[0]
    assert isinstance(raw, str)
    assert json.loads(raw) == params
    reopened = ChatStore(store.path)
    try:
        message = reopened.get_message(reply.id)
    finally:
        reopened.close()
    assert message.params == params
    assert (message.model_file, message.prompt_format) == ("BiMediX-Bi.Q4_K_M.gguf", "mixtral")
    assert (message.seed, message.prompt_tokens, message.completion_tokens) == (1234, 100, 20)
    assert message.time_to_first_token_s == pytest.approx(0.25)
    assert message.tokens_per_s == pytest.approx(42.5)
    assert message.stop_reason == "finished"
    assert (message.content, message.status) == ("answer", "complete")


def test_messages_without_provenance_read_back_as_none(store: ChatStore) -> None:
    session = store.create_session("s", "consult", "en")

    message = store.add_message(session.id, "user", "hi")

    assert message.params is None
    assert message.model_file is None
    assert message.seed is None


# --- search ---------------------------------------------------------------


def _contents(hits: list[store_module.SearchHit]) -> list[str]:
    return sorted(hit.content for hit in hits)


def test_english_search_is_case_insensitive_and_matches_prefixes(store: ChatStore) -> None:
    session = store.create_session("Blood", "qa", "en")
    store.add_message(session.id, "user", "What causes Iron-Deficiency ANAEMIA?")
    store.add_message(session.id, "assistant", "Blood loss, poor diet and malabsorption.")

    assert _contents(store.search("anaemia")) == ["What causes Iron-Deficiency ANAEMIA?"]
    assert _contents(store.search("IRON deficiency")) == ["What causes Iron-Deficiency ANAEMIA?"]
    assert _contents(store.search("malabs")) == ["Blood loss, poor diet and malabsorption."]
    assert _contents(store.search("anae iron")) == ["What causes Iron-Deficiency ANAEMIA?"]
    # Every word must match.
    assert store.search("anaemia malabsorption") == []
    assert store.search("diabetes") == []


def test_search_hits_carry_session_and_role(store: ChatStore) -> None:
    session = store.create_session("Renal colic", "consult", "en")
    message = store.add_message(session.id, "assistant", "Drink water; see a urologist.")

    (hit,) = store.search("urolog")

    assert hit.message_id == message.id
    assert hit.session_id == session.id
    assert hit.session_title == "Renal colic"
    assert hit.role == "assistant"
    assert hit.content == "Drink water; see a urologist."


def test_search_follows_updates_of_message_text(store: ChatStore) -> None:
    session = store.create_session("s", "qa", "en")
    reply = store.add_message(session.id, "assistant", "", status="streaming")
    assert store.search("bradycardia") == []

    store.update_message(reply.id, content="Sinus bradycardia is common in athletes.")
    assert [h.message_id for h in store.search("bradycardia")] == [reply.id]

    store.update_message(reply.id, content="Tachycardia instead.")
    assert store.search("bradycardia") == []
    assert [h.message_id for h in store.search("tachy")] == [reply.id]


@pytest.mark.parametrize(
    ("indexed", "query"),
    [
        ("فَقْرُ الدَّمِ عند الأطفال", "فقر الدم"),  # harakat in the text
        ("فقر الدم عند الأطفال", "فَقْرُ الدَّمِ"),  # harakat in the query
        ("اذهب إلى مستشفى قريب", "مستشفي"),  # alef maqsura vs yaa
        ("اذهب إلى مستشفي قريب", "مستشفى"),
        ("اتصل بسيارة الإسعاف", "الاسعاف"),  # alef with hamza below vs bare alef
        ("اتصل بسيارة الاسعاف", "الإسعاف"),
        ("أنيميا حادة", "انيميا"),  # alef with hamza above
        ("آلام البطن", "الام"),  # alef madda
        ("جرعة الدواء", "جرعه"),  # taa marbuta vs haa
        ("الـــدواء مفيد", "الدواء"),  # tatweel
        ("مستشفى الأطفال", "مستشف"),  # prefix match
    ],
)
def test_arabic_search_ignores_spelling_variants(
    store: ChatStore, indexed: str, query: str
) -> None:
    session = store.create_session("عربي", "consult", "ar")
    store.add_message(session.id, "user", indexed)
    store.add_message(session.id, "assistant", "سكري النوع الثاني")

    assert _contents(store.search(query)) == [indexed]


def test_arabic_search_stores_original_text_with_harakat(store: ChatStore) -> None:
    session = store.create_session("عربي", "consult", "ar")
    store.add_message(session.id, "user", "فَقْرُ الدَّمِ")

    (hit,) = store.search("فقر")

    assert hit.content == "فَقْرُ الدَّمِ"


@pytest.mark.parametrize(
    "query", ["", "   ", '"', "'", "?", "*", "AND", "OR NOT", "NEAR(", "(", "a:b", "^"]
)
def test_search_never_fails_on_odd_queries(store: ChatStore, query: str) -> None:
    session = store.create_session("s", "qa", "en")
    store.add_message(session.id, "user", "ordinary text about asthma")

    assert store.search(query) == []


def test_search_sessions_by_message_text_and_title(store: ChatStore, ticking_now: None) -> None:
    by_message = store.create_session("Chest pain", "consult", "en")
    store.add_message(by_message.id, "user", "Is my angina dangerous?")
    by_title = store.create_session("Angina follow-up", "consult", "en")
    store.add_message(by_title.id, "user", "It came back yesterday.")
    arabic = store.create_session("ضغط", "consult", "ar")
    store.add_message(arabic.id, "user", "ضَغْطُ الدَّمِ مرتفع")
    unrelated = store.create_session("Rash", "consult", "en")

    assert [s.id for s in store.search_sessions("angina")] == [by_title.id, by_message.id]
    assert [s.id for s in store.search_sessions("ANGI")] == [by_title.id, by_message.id]
    assert [s.id for s in store.search_sessions("ضغط الدم")] == [arabic.id]
    assert store.search_sessions("pneumonia") == []
    assert [s.id for s in store.search_sessions("  ")] == [
        unrelated.id,
        arabic.id,
        by_title.id,
        by_message.id,
    ]
    # Each session once, with its message count, however many messages match.
    store.add_message(by_message.id, "assistant", "Angina needs a cardiologist.")
    hits = store.search_sessions("angina")
    assert sorted(s.id for s in hits) == sorted([by_message.id, by_title.id])
    assert {s.id: s.message_count for s in hits}[by_message.id] == 2


def test_search_sessions_treats_like_wildcards_literally(store: ChatStore) -> None:
    session = store.create_session("Asthma", "consult", "en")
    store.add_message(session.id, "user", "wheezing at night")

    assert store.search_sessions("_") == []
    assert store.search_sessions("%") == []


def test_search_sessions_matches_arabic_titles_regardless_of_spelling(store: ChatStore) -> None:
    # A renamed session with no messages: only its title can match.
    session = store.create_session("الإسعافات الأولية", "consult", "ar")

    assert [s.id for s in store.search_sessions("الاسعافات")] == [session.id]


def test_message_direction_can_be_pinned_and_reset(store: ChatStore) -> None:
    session = store.create_session("t", "consult", "en")
    message = store.add_message(session.id, "user", "120/80")
    assert store.get_message(message.id).direction is None
    store.set_message_direction(message.id, "rtl")
    assert store.get_message(message.id).direction == "rtl"
    store.set_message_direction(message.id, None)
    assert store.get_message(message.id).direction is None
    with pytest.raises(StorageError):
        store.set_message_direction(message.id, "up")


def test_model_hash_is_cached_by_path_size_and_mtime(store: ChatStore, tmp_path: Path) -> None:
    import hashlib
    import os

    from bimedix.models.hashes import file_sha256

    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF" + b"x" * 1000)
    expected = hashlib.sha256(model.read_bytes()).hexdigest()
    assert file_sha256(model, store) == expected
    # A cached digest is returned without reading the file again...
    stat = model.stat()
    store.remember_sha256(str(model.resolve()), stat.st_size, stat.st_mtime_ns, "cached")
    assert file_sha256(model, store) == "cached"
    # ...until the file changes.
    model.write_bytes(b"GGUF" + b"y" * 1000)
    os.utime(model, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert file_sha256(model, store) == hashlib.sha256(model.read_bytes()).hexdigest()


def test_two_threads_can_open_a_new_database_at_the_same_moment(tmp_path: Path) -> None:
    # The Model manager reads quality cards on a worker thread while the
    # window opens its own store: on a new file, both switch it to WAL and
    # migrate it. Without the store's opening lock SQLite refused one of
    # them at once ("database is locked"), in the first of these rounds.
    for round_ in range(10):
        path = tmp_path / f"chats-{round_}.db"
        start = threading.Barrier(2)
        errors: list[Exception] = []

        def open_and_close(
            path: Path = path, start: threading.Barrier = start, errors: list = errors
        ) -> None:
            start.wait()
            try:
                ChatStore(path).close()
            except Exception as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)

        threads = [threading.Thread(target=open_and_close) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        store = ChatStore(path)
        assert store.list_sessions() == []
        store.close()


_OPEN_AT = """
import sys, time
from bimedix.core.store import ChatStore
while time.time() < float(sys.argv[2]):
    time.sleep(0.001)
ChatStore(sys.argv[1]).close()
"""


def test_two_processes_can_create_the_same_database_at_the_same_moment(tmp_path: Path) -> None:
    # The app and `bimedix chat` started together on a new data folder:
    # without the lock file beside the database, one of the two failed in
    # 7 of 8 rounds ("database is locked" or "table sessions already exists").
    for round_ in range(3):
        path = tmp_path / f"chats-{round_}.db"
        start_at = str(time.time() + 1.5)  # after both interpreters have started
        children = [
            subprocess.Popen(
                [sys.executable, "-c", _OPEN_AT, str(path), start_at],
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        failures = [child.communicate(timeout=60)[1] for child in children if child.wait(60)]
        assert failures == []
        store = ChatStore(path)
        assert store.list_sessions() == []
        store.close()
