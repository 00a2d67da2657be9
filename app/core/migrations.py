"""The chat database's schema, as an ordered list of sqlite-utils migrations.

Each step is a small function, applied once and recorded in
`_sqlite_migrations`; `ChatStore` backs the file up before applying any.
A new step goes at the END, named m<NNN>_<topic>; never edit a released
one. tests/core/test_store.py pins the exact schema they build.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("bimedix")


@migrations()
def m001_sessions_and_messages(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            mode TEXT NOT NULL,
            language TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
            content TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'complete'
                CHECK (status IN ('complete', 'streaming', 'stopped', 'interrupted', 'error')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            model_file TEXT,
            prompt_format TEXT,
            params TEXT,
            seed INTEGER,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            time_to_first_token_s REAL,
            tokens_per_s REAL,
            stop_reason TEXT,
            search_text TEXT NOT NULL DEFAULT '',
            UNIQUE (session_id, position)
        )"""
    )
    db.execute("CREATE INDEX idx_sessions_updated ON sessions(updated_at)")
    db["messages"].enable_fts(
        ["search_text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )


@migrations()
def m002_message_direction(db: sqlite_utils.Database) -> None:
    # NULL: direction from the text; 'ltr'/'rtl': the user flipped it.
    db.execute("ALTER TABLE messages ADD COLUMN direction TEXT CHECK (direction IN ('ltr', 'rtl'))")


@migrations()
def m003_provenance(db: sqlite_utils.Database) -> None:
    # Everything a tester needs to reproduce or compare a reply.
    for column, kind in (
        ("model_sha256", "TEXT"),
        ("model_architecture", "TEXT"),
        ("model_quantization", "TEXT"),
        ("context_size", "INTEGER"),
        ("mode", "TEXT"),
        ("system_prompt", "TEXT"),
        ("app_version", "TEXT"),
        ("engine_version", "TEXT"),
    ):
        db.execute(f"ALTER TABLE messages ADD COLUMN {column} {kind}")
    db.execute(
        """
        CREATE TABLE model_hashes (
            path TEXT NOT NULL,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (path, size, mtime_ns)
        )"""
    )


@migrations()
def m004_eval_runs(db: sqlite_utils.Database) -> None:
    # Benchmark runs (issue 7): one row per benchmark and language, and one
    # row per scored question, written as each is scored so a cancelled or
    # crashed run keeps what it measured.
    db.execute(
        """
        CREATE TABLE eval_runs (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'running'
                CHECK (status IN ('running', 'complete', 'cancelled', 'error')),
            benchmark TEXT NOT NULL,
            language TEXT NOT NULL,
            method TEXT NOT NULL CHECK (method IN ('loglikelihood', 'generation')),
            shots INTEGER NOT NULL DEFAULT 0,
            model_name TEXT NOT NULL,
            model_file TEXT,
            model_sha256 TEXT,
            model_quantization TEXT,
            n_planned INTEGER NOT NULL,
            n_scored INTEGER NOT NULL DEFAULT 0,
            acc REAL,
            acc_stderr REAL,
            acc_norm REAL,
            acc_norm_stderr REAL,
            duration_s REAL,
            settings TEXT NOT NULL DEFAULT '{}',
            app_version TEXT,
            engine_version TEXT,
            error TEXT
        )"""
    )
    db.execute(
        """
        CREATE TABLE eval_results (
            run_id INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            item_id TEXT NOT NULL,
            subject TEXT NOT NULL DEFAULT '',
            gold INTEGER NOT NULL,
            predicted INTEGER,
            predicted_norm INTEGER,
            loglikelihoods TEXT,
            reply TEXT,
            PRIMARY KEY (run_id, position)
        )"""
    )
    db.execute("CREATE INDEX idx_eval_runs_model ON eval_runs(model_sha256, benchmark)")


@migrations()
def m005_triage(db: sqlite_utils.Database) -> None:
    # The red-flag check's outcome for a user message (issue 19), as JSON:
    # rule ids, categories, country, whether the notice was shown.
    db.execute("ALTER TABLE messages ADD COLUMN triage TEXT")


@migrations()
def m006_review(db: sqlite_utils.Database) -> None:
    # A tester's review of an assistant reply (issue 17); it goes with the
    # message (regenerate, delete). Tags are a JSON list of identifiers.
    db.execute(
        """
        CREATE TABLE reviews (
            message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
            rating TEXT CHECK (rating IN ('good', 'bad')),
            tags TEXT NOT NULL DEFAULT '[]',
            note TEXT NOT NULL DEFAULT '',
            correction TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )


@migrations()
def m007_replay(db: sqlite_utils.Database) -> None:
    # Replays (issue 17): one row per run of a question set over some models,
    # one row per (model, prompt) cell, pointing at the session that holds
    # the exchange; and the votes of blind side-by-side comparisons.
    db.execute(
        """
        CREATE TABLE replay_runs (
            id TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            source TEXT NOT NULL,
            models TEXT NOT NULL,
            settings TEXT NOT NULL DEFAULT '{}'
        )"""
    )
    db.execute(
        """
        CREATE TABLE replay_cells (
            replay_id TEXT NOT NULL REFERENCES replay_runs(id) ON DELETE CASCADE,
            model_index INTEGER NOT NULL,
            item_index INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('complete', 'failed')),
            session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
            message_id INTEGER,
            reply TEXT NOT NULL DEFAULT '',
            error TEXT,
            seconds REAL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (replay_id, model_index, item_index)
        )"""
    )
    db.execute("CREATE INDEX idx_replay_cells_session ON replay_cells(session_id)")
    db.execute(
        """
        CREATE TABLE compare_votes (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            prompt TEXT NOT NULL,
            blind INTEGER NOT NULL,
            contenders TEXT NOT NULL,
            winner TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT ''
        )"""
    )


@migrations()
def m008_cached_tokens(db: sqlite_utils.Database) -> None:
    # Prompt tokens a reply took from the KV cache (live or a disk snapshot)
    # instead of evaluating: OpenAI's prompt_tokens_details.cached_tokens.
    db.execute("ALTER TABLE messages ADD COLUMN cached_prompt_tokens INTEGER")


@migrations()
def m009_knowledge(db: sqlite_utils.Database) -> None:
    # The user's documents (issue 20): one row per file, its passages with
    # their page and heading, and an FTS5 index over a normalised copy of
    # each passage (`search_text`, see bimedix.core.knowledge.terms).
    db.execute(
        """
        CREATE TABLE knowledge_documents (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            format TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            pages INTEGER NOT NULL,
            chunks INTEGER NOT NULL,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE knowledge_chunks (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES knowledge_documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            page INTEGER,
            heading TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            tokens INTEGER NOT NULL,
            search_text TEXT NOT NULL,
            UNIQUE (document_id, position)
        )"""
    )
    db["knowledge_chunks"].enable_fts(
        ["search_text"], create_triggers=True, tokenize="unicode61 remove_diacritics 2"
    )
    # The passages a reply was grounded on, as JSON: number, file, page, text.
    db.execute("ALTER TABLE messages ADD COLUMN sources TEXT")
