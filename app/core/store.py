"""ChatStore: sessions and messages in SQLite (sqlite-utils), versioned.

WAL journal, foreign keys on, every write in a transaction, schema changes as
an ordered list of sqlite-utils migrations (`bimedix.core.migrations`).
Message text is indexed by FTS5 through a normalised copy (`search_text`) so
that Arabic matches regardless of harakat, tatweel and alef/yaa/taa-marbuta
spelling, and English regardless of case.

A `ChatStore` wraps one connection; open one per thread.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from bimedix.core.direction import normalize_for_search
from bimedix.core.migrations import migrations
from bimedix.core.review import Review
from bimedix.core.review_store import REVIEW_SUBQUERY, ReviewQueries, review_from_row
from bimedix.core.store_opening import opening_lock
from bimedix.errors import FutureSchemaError, StorageError

log = logging.getLogger("bimedix.store")


SESSION_COLUMNS = ("id", "title", "mode", "language", "created_at", "updated_at")
MESSAGE_STATUSES = ("complete", "streaming", "stopped", "interrupted", "error")
PROVENANCE_FIELDS = (
    "model_file",
    "model_sha256",
    "model_architecture",
    "model_quantization",
    "context_size",
    "mode",
    "system_prompt",
    "app_version",
    "engine_version",
    "prompt_format",
    "params",
    "seed",
    "prompt_tokens",
    "cached_prompt_tokens",
    "completion_tokens",
    "time_to_first_token_s",
    "tokens_per_s",
    "stop_reason",
    "triage",
    "sources",
)
# Provenance fields held as JSON text in SQLite and as dicts (sources: a
# list) in Python.
JSON_FIELDS = ("params", "triage", "sources")


def clean_text(text: str) -> str:
    """Text SQLite can store: lone UTF-16 surrogates (which JSON escapes can
    produce) become U+FFFD instead of failing the whole write."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Session:
    id: int
    title: str
    mode: str
    language: str
    created_at: str
    updated_at: str
    message_count: int = 0


@dataclass(frozen=True)
class StoredMessage:
    id: int
    session_id: int
    position: int
    role: str
    content: str
    status: str
    created_at: str
    updated_at: str
    model_file: str | None = None
    prompt_format: str | None = None
    params: dict[str, Any] | None = None
    seed: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    time_to_first_token_s: float | None = None
    tokens_per_s: float | None = None
    stop_reason: str | None = None
    direction: str | None = None
    model_sha256: str | None = None
    model_architecture: str | None = None
    model_quantization: str | None = None
    context_size: int | None = None
    mode: str | None = None
    system_prompt: str | None = None
    app_version: str | None = None
    engine_version: str | None = None
    triage: dict[str, Any] | None = None
    review: Review | None = None  # a tester's review (replies only)
    cached_prompt_tokens: int | None = None
    # The user's document passages the reply was grounded on (issue 20).
    sources: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class SearchHit:
    message_id: int
    session_id: int
    session_title: str
    role: str
    content: str


def _fts_query(text: str) -> str:
    """Each word of the normalised query as a quoted prefix term (AND-ed)."""
    # Control characters (NUL among them) end an FTS5 string early.
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)
    words = normalize_for_search(text).split()
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


class ChatStore(ReviewQueries):
    """Sessions and their messages in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            conn = sqlite3.connect(self.path, timeout=10)
        except sqlite3.Error as exc:
            raise StorageError(f"Cannot open the chat database {self.path}: {exc}") from exc
        try:
            self.db = sqlite_utils.Database(conn, execute_plugins=False)
            with opening_lock(self.path):
                if self.path != ":memory:":
                    self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA foreign_keys=ON")
                # NORMAL is durable across application crashes in WAL mode;
                # only an OS crash or power loss can lose the last transactions.
                self.db.execute("PRAGMA synchronous=NORMAL")
                conn.create_function(
                    "normalize_for_search", 1, normalize_for_search, deterministic=True
                )
                self._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StorageError(f"Cannot open the chat database {self.path}: {exc}") from exc
        except StorageError:
            conn.close()
            raise

    def _migrate(self) -> None:
        """Bring the schema up to date, with a backup to fall back on.

        Raises:
            FutureSchemaError: written by a newer BiMediX (unknown migrations).
            StorageError: a migration failed; the backup was put back.
        """
        # sqlite-utils lists applied and pending steps but not all known ones.
        known = {m.name for m in migrations._migrations}
        applied = {m.name for m in migrations.applied(self.db)}
        if applied - known:
            raise FutureSchemaError(
                f"The chat database {self.path} was written by a newer version of BiMediX "
                f"(schema steps {', '.join(sorted(applied - known))})."
            )
        pending = migrations.pending(self.db)
        if not pending:
            log.debug("opened %s", self.path)
            return
        # Integrity first: a damaged file must not be migrated (or backed up).
        (status,) = self.db.execute("PRAGMA quick_check").fetchone()
        if status != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {status}")
        backup: Path | None = None
        if applied and self.path != ":memory:":
            backup = Path(f"{self.path}.before-{pending[0].name}.bak")
            with closing(sqlite3.connect(backup)) as target:
                self.db.conn.backup(target)
        steps = ", ".join(m.name for m in pending)
        if applied:
            log.info(
                "migrating %s: %s (backup %s)", self.path, steps, backup.name if backup else None
            )
        else:
            log.debug("created %s: %s", self.path, steps)
        try:
            migrations.apply(self.db)
        except Exception as exc:
            if backup is None:
                raise
            log.error("migration of %s failed; restoring %s", self.path, backup, exc_info=True)
            self.db.conn.rollback()
            with closing(sqlite3.connect(backup)) as source:
                source.backup(self.db.conn)
            raise StorageError(
                f"Updating the chat database failed ({exc}); it was restored from {backup}."
            ) from exc

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction on this store's connection, for the store and
        the stores that share its file (eval results, reviews); SQLite errors
        become a StorageError for the user."""
        try:
            with self.db.conn:
                yield self.db.conn
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"Could not save to the chat database: {exc}") from exc

    # --- sessions ---------------------------------------------------------
    def create_session(self, title: str, mode: str, language: str) -> Session:
        now = utc_now()
        title = clean_text(title)
        with self.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO sessions (title, mode, language, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (title, mode, language, now, now),
            )
        return self.get_session(int(cursor.lastrowid or 0))

    def get_session(self, session_id: int) -> Session:
        rows = list(self._sessions_query("WHERE s.id = ?", [session_id]))
        if not rows:
            raise KeyError(f"no session {session_id}")
        return rows[0]

    def list_sessions(self, limit: int | None = None) -> list[Session]:
        """Sessions, most recently used first."""
        suffix = "ORDER BY s.updated_at DESC, s.id DESC"
        if limit is not None:
            suffix += f" LIMIT {int(limit)}"
        return list(self._sessions_query(suffix, []))

    def _sessions_query(self, suffix: str, args: Sequence[Any]) -> Iterator[Session]:
        sql = (
            "SELECT s.id, s.title, s.mode, s.language, s.created_at, s.updated_at,"
            " (SELECT COUNT(*) FROM messages m WHERE m.session_id = s.id)"
            f" FROM sessions s {suffix}"
        )
        for row in self.db.execute(sql, list(args)).fetchall():
            yield Session(*row)

    def update_session(self, session_id: int, **fields: str) -> None:
        """Change title, mode or language."""
        allowed = {
            k: clean_text(v) for k, v in fields.items() if k in ("title", "mode", "language")
        }
        if not allowed:
            return
        assignments = ", ".join(f"{k} = ?" for k in allowed)
        with self.transaction() as conn:
            conn.execute(
                f"UPDATE sessions SET {assignments}, updated_at = ? WHERE id = ?",
                [*allowed.values(), utc_now(), session_id],
            )

    def delete_session(self, session_id: int) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM sessions WHERE id = ?", [session_id])

    # --- messages ---------------------------------------------------------
    def add_message(
        self,
        session_id: int,
        role: str,
        content: str,
        status: str = "complete",
        **provenance: Any,
    ) -> StoredMessage:
        """Append a message to a session and commit it immediately."""
        now = utc_now()
        content = clean_text(content)
        values = self._provenance_values(provenance)
        with self.transaction() as conn:
            (position,) = conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM messages WHERE session_id = ?",
                [session_id],
            ).fetchone()
            columns = [
                "session_id",
                "position",
                "role",
                "content",
                "status",
                "created_at",
                "updated_at",
                "search_text",
                *values,
            ]
            cursor = conn.execute(
                f"INSERT INTO messages ({', '.join(columns)})"
                f" VALUES ({', '.join('?' for _ in columns)})",
                [
                    session_id,
                    position,
                    role,
                    content,
                    status,
                    now,
                    now,
                    normalize_for_search(content),
                    *values.values(),
                ],
            )
            conn.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", [now, session_id])
        return self.get_message(int(cursor.lastrowid or 0))

    def update_message(
        self,
        message_id: int,
        content: str | None = None,
        status: str | None = None,
        **provenance: Any,
    ) -> None:
        """Update a message's text, status and/or provenance in one transaction."""
        values = self._provenance_values(provenance)
        if content is not None:
            content = clean_text(content)
            values["content"] = content
            values["search_text"] = normalize_for_search(content)
        if status is not None:
            values["status"] = status
        values["updated_at"] = utc_now()
        assignments = ", ".join(f"{k} = ?" for k in values)
        with self.transaction() as conn:
            conn.execute(
                f"UPDATE messages SET {assignments} WHERE id = ?", [*values.values(), message_id]
            )

    @staticmethod
    def _provenance_values(provenance: dict[str, Any]) -> dict[str, Any]:
        unknown = set(provenance) - set(PROVENANCE_FIELDS)
        if unknown:
            raise TypeError(f"unknown message fields: {sorted(unknown)}")
        values = {k: clean_text(v) if isinstance(v, str) else v for k, v in provenance.items()}
        for name in JSON_FIELDS:
            if isinstance(values.get(name), (dict, list)):
                values[name] = json.dumps(values[name], sort_keys=True, ensure_ascii=False)
        return values

    def get_message(self, message_id: int) -> StoredMessage:
        rows = self._messages_query("WHERE id = ?", [message_id])
        if not rows:
            raise KeyError(f"no message {message_id}")
        return rows[0]

    def messages(self, session_id: int) -> list[StoredMessage]:
        """A session's messages in order."""
        return self._messages_query("WHERE session_id = ? ORDER BY position", [session_id])

    def _messages_query(self, suffix: str, args: Sequence[Any]) -> list[StoredMessage]:
        names = [f for f in StoredMessage.__dataclass_fields__ if f != "review"]
        columns = ", ".join([*names, REVIEW_SUBQUERY])
        cursor = self.db.execute(f"SELECT {columns} FROM messages {suffix}", list(args))
        result = []
        for row in cursor.fetchall():
            record = dict(zip(names, row[:-1], strict=True))
            for name in JSON_FIELDS:
                if record[name]:
                    record[name] = json.loads(record[name])
            record["review"] = review_from_row(row[-1], record["id"])
            result.append(StoredMessage(**record))
        return result

    def import_sessions(
        self, sessions: list[dict[str, Any]], keep_ids: bool, duplicate: bool
    ) -> tuple[int, int, int]:
        """Insert validated archive sessions in one transaction.

        With `keep_ids`, sessions and messages keep their ids where free; a
        session whose id exists is skipped unless `duplicate`.

        Returns:
            (sessions imported, sessions skipped, messages imported)
        """
        imported = skipped = message_count = 0
        message_columns = (
            "position", "role", "content", "status", "created_at", "updated_at", "direction",
            *PROVENANCE_FIELDS,
        )  # fmt: skip
        with self.transaction() as conn:
            for session in sessions:
                session_id = session.get("id") if keep_ids else None
                if session_id is not None:
                    exists = conn.execute("SELECT 1 FROM sessions WHERE id = ?", [session_id])
                    if exists.fetchone():
                        if not duplicate:
                            skipped += 1
                            continue
                        session_id = None
                cursor = conn.execute(
                    "INSERT INTO sessions (id, title, mode, language, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [session_id, clean_text(session["title"]),
                     *(session[c] for c in SESSION_COLUMNS[2:])],
                )  # fmt: skip
                new_session_id = cursor.lastrowid
                for message in session["messages"]:
                    values = self._provenance_values(
                        {k: message.get(k) for k in PROVENANCE_FIELDS}
                    )
                    message_id = message.get("id") if keep_ids and not duplicate else None
                    if (
                        message_id is not None
                        and conn.execute(
                            "SELECT 1 FROM messages WHERE id = ?", [message_id]
                        ).fetchone()
                    ):
                        message_id = None
                    message = {**message, "content": clean_text(message["content"])}
                    row = [message.get(c) for c in message_columns[:7]]
                    row += [values[c] for c in PROVENANCE_FIELDS]
                    columns = ("id", "session_id", *message_columns, "search_text")
                    cursor = conn.execute(
                        f"INSERT INTO messages ({', '.join(columns)})"
                        f" VALUES ({', '.join('?' for _ in columns)})",
                        [message_id, new_session_id, *row,
                         normalize_for_search(message["content"])],
                    )  # fmt: skip
                    review = Review.from_dict(message.get("review") or {})
                    if message["role"] == "assistant" and not review.is_empty:
                        self.insert_review(conn, int(cursor.lastrowid or 0), review, utc_now())
                    message_count += 1
                imported += 1
        return imported, skipped, message_count

    def cached_sha256(self, path: str, size: int, mtime_ns: int) -> str | None:
        row = self.db.execute(
            "SELECT sha256 FROM model_hashes WHERE path = ? AND size = ? AND mtime_ns = ?",
            [path, size, mtime_ns],
        ).fetchone()
        return row[0] if row else None

    def reply_speed(self, model_file: str, limit: int = 50) -> tuple[float | None, int]:
        """Mean decode speed (tokens/s) of the last `limit` complete replies
        from the model file named `model_file`, and how many were averaged."""
        row = self.db.execute(
            "SELECT AVG(tokens_per_s), COUNT(*) FROM (SELECT tokens_per_s FROM messages"
            " WHERE role = 'assistant' AND status = 'complete' AND model_file = ?"
            " AND tokens_per_s > 0 ORDER BY id DESC LIMIT ?)",
            [model_file, limit],
        ).fetchone()
        return (row[0], row[1]) if row else (None, 0)

    def remember_sha256(self, path: str, size: int, mtime_ns: int, sha256: str) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM model_hashes WHERE path = ?", [path])
            conn.execute(
                "INSERT INTO model_hashes (path, size, mtime_ns, sha256) VALUES (?, ?, ?, ?)",
                [path, size, mtime_ns, sha256],
            )

    def set_message_direction(self, message_id: int, direction: str | None) -> None:
        """Pin a message's text direction ('ltr'/'rtl'), or None for automatic."""
        with self.transaction() as conn:
            conn.execute("UPDATE messages SET direction = ? WHERE id = ?", [direction, message_id])

    def delete_messages_from(self, session_id: int, position: int) -> None:
        """Delete a session's messages at `position` and after (regenerate, edit)."""
        with self.transaction() as conn:
            conn.execute(
                "DELETE FROM messages WHERE session_id = ? AND position >= ?",
                [session_id, position],
            )

    def mark_interrupted_replies(self, only_if: Callable[[], bool] | None = None) -> int:
        """Replies still 'streaming' belong to a process that died: mark them.

        Call once at start-up, before any generation begins. `only_if` is
        asked inside the write transaction (which holds SQLite's write lock,
        so no reply can start meanwhile): False leaves every reply alone.
        """
        with self.transaction() as conn:
            if only_if is not None:
                conn.execute("BEGIN IMMEDIATE")
                if not only_if():
                    return 0
            cursor = conn.execute(
                "UPDATE messages SET status = 'interrupted', stop_reason = 'interrupted'"
                " WHERE status = 'streaming'"
            )
        return cursor.rowcount

    # --- search -----------------------------------------------------------
    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Messages matching every word of `query` (prefix match), best first."""
        fts = _fts_query(clean_text(query))
        if not fts:
            return []
        rows = self.db.execute(
            "SELECT m.id, m.session_id, s.title, m.role, m.content"
            " FROM messages_fts f"
            " JOIN messages m ON m.id = f.rowid"
            " JOIN sessions s ON s.id = m.session_id"
            " WHERE messages_fts MATCH ? ORDER BY f.rank LIMIT ?",
            [fts, limit],
        ).fetchall()
        return [SearchHit(*row) for row in rows]

    def search_sessions(self, query: str, limit: int = 200) -> list[Session]:
        """Sessions whose title or messages match `query`, newest first."""
        query = clean_text(query).replace("\x00", "")
        fts = _fts_query(query)
        if not fts:
            return self.list_sessions()
        # Titles are few and short: compare them normalised, like messages.
        return list(
            self._sessions_query(
                "WHERE s.id IN (SELECT m.session_id FROM messages_fts f"
                " JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH ?)"
                " OR instr(normalize_for_search(s.title), ?) > 0"
                f" ORDER BY s.updated_at DESC LIMIT {int(limit)}",
                [fts, normalize_for_search(query.strip())],
            )
        )

    # --- command-line queries (bimedix sessions) -----------------------------
    def filter_sessions(
        self,
        mode: str | None = None,
        language: str | None = None,
        since: str | None = None,
        limit: int | None = None,
    ) -> list[Session]:
        """Sessions, most recently used first, narrowed by mode, language and
        creation date (`since`: an ISO date or time, inclusive)."""
        clauses: list[str] = []
        args: list[Any] = []
        for column, value in (("mode", mode), ("language", language)):
            if value is not None:
                clauses.append(f"s.{column} = ?")
                args.append(value)
        if since is not None:
            clauses.append("s.created_at >= ?")
            args.append(since)
        suffix = f"WHERE {' AND '.join(clauses)} " if clauses else ""
        suffix += "ORDER BY s.updated_at DESC, s.id DESC"
        if limit is not None:
            suffix += f" LIMIT {int(limit)}"
        return list(self._sessions_query(suffix, args))

    def missing_session_ids(self, session_ids: Sequence[int]) -> list[int]:
        """The ids in `session_ids` that name no session, in the order given."""
        marks = ", ".join("?" for _ in session_ids) or "NULL"
        rows = self.db.execute(
            f"SELECT id FROM sessions WHERE id IN ({marks})", list(session_ids)
        ).fetchall()
        present = {row[0] for row in rows}
        return [i for i in session_ids if i not in present]

    def delete_sessions(self, session_ids: Sequence[int]) -> int:
        """Delete sessions and their messages in one transaction.

        The messages go by the foreign key's cascade, and the FTS triggers
        take them out of the search index with them. Returns how many
        sessions were deleted.
        """
        marks = ", ".join("?" for _ in session_ids) or "NULL"
        with self.transaction() as conn:
            cursor = conn.execute(f"DELETE FROM sessions WHERE id IN ({marks})", list(session_ids))
        return cursor.rowcount
