"""ChatStore's review methods (the `reviews` table, migration m006_review).

A mixin of `ChatStore`, kept in its own module so store.py stays small;
callers use these public methods and never the table itself.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from bimedix.core.review import Review, ReviewError

if TYPE_CHECKING:
    import sqlite_utils

# One column of a messages query: the message's review as a JSON array, or NULL.
REVIEW_SUBQUERY = (
    "(SELECT json_array(r.rating, r.tags, r.note, r.correction, r.updated_at)"
    " FROM reviews r WHERE r.message_id = messages.id)"
)
REVIEW_FILTERS = ("all", "rated", "needs-correction")


def review_from_row(value: str | None, message_id: int) -> Review | None:
    """The Review packed by REVIEW_SUBQUERY (None when there is none)."""
    if not value:
        return None
    rating, tags, note, correction, updated_at = json.loads(value)
    return Review(rating, tuple(json.loads(tags)), note, correction, updated_at, message_id)


@dataclass(frozen=True)
class ReviewedReply:
    """A review with the reply it judges, for listings (`bimedix review --list`)."""

    review: Review
    session_id: int
    session_title: str
    position: int
    reply: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "message_id": self.review.message_id,
            "session_id": self.session_id,
            "session_title": self.session_title,
            "position": self.position,
            **self.review.to_dict(),
            "reply": self.reply,
        }


class ReviewQueries:
    """Reviews of assistant replies: set, read, list, filter sessions."""

    if TYPE_CHECKING:
        db: sqlite_utils.Database

        def transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def set_review(self, message_id: int, review: Review) -> Review | None:
        """Store `review` for an assistant reply, replacing any earlier one;
        an empty review removes it. Returns what is stored now.

        Raises:
            KeyError: no message `message_id`.
            ReviewError: the message is not an assistant reply.
        """
        row = self.db.execute("SELECT role FROM messages WHERE id = ?", [message_id]).fetchone()
        if row is None:
            raise KeyError(f"no message {message_id}")
        if row[0] != "assistant":
            raise ReviewError(
                f"message {message_id} is a {row[0]} message; only replies are reviewed"
            )
        now = datetime.now(timezone.utc).isoformat(timespec="milliseconds")  # as store.utc_now
        with self.transaction() as conn:
            if review.is_empty:
                conn.execute("DELETE FROM reviews WHERE message_id = ?", [message_id])
                return None
            self.insert_review(conn, message_id, review, now)
        return self.get_review(message_id)

    @staticmethod
    def insert_review(conn: sqlite3.Connection, message_id: int, review: Review, now: str) -> None:
        """Write one review inside the caller's transaction (imports use it)."""
        conn.execute(
            "INSERT INTO reviews (message_id, rating, tags, note, correction, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(message_id) DO UPDATE SET"
            " rating = excluded.rating, tags = excluded.tags, note = excluded.note,"
            " correction = excluded.correction, updated_at = excluded.updated_at",
            [message_id, review.rating, json.dumps(list(review.tags)), review.note,
             review.correction, review.updated_at or now, now],
        )  # fmt: skip

    def get_review(self, message_id: int) -> Review | None:
        row = self.db.execute(
            f"SELECT {REVIEW_SUBQUERY} FROM messages WHERE id = ?", [message_id]
        ).fetchone()
        return review_from_row(row[0], message_id) if row else None

    def list_reviews(self, which: str = "all") -> list[ReviewedReply]:
        """Reviewed replies, oldest session first; `which` is one of REVIEW_FILTERS."""
        sql = (
            f"SELECT m.id, {REVIEW_SUBQUERY.replace('messages.id', 'm.id')}, m.session_id,"
            " s.title, m.position, m.content FROM reviews r0"
            " JOIN messages m ON m.id = r0.message_id JOIN sessions s ON s.id = m.session_id"
            f" {self._review_where(which, 'r0')} ORDER BY m.session_id, m.position"
        )
        result = []
        for message_id, packed, session_id, title, position, content in self.db.execute(sql):
            review = review_from_row(packed, message_id)
            assert review is not None
            result.append(ReviewedReply(review, session_id, title, position, content))
        return result

    def reviewed_session_ids(self, which: str = "rated") -> set[int]:
        """Sessions with a rated reply ('rated') or a reply rated bad and not
        yet corrected ('needs-correction'); 'all' is every session's id."""
        if which == "all":
            return {row[0] for row in self.db.execute("SELECT id FROM sessions")}
        rows = self.db.execute(
            "SELECT DISTINCT m.session_id FROM reviews r JOIN messages m ON m.id = r.message_id"
            f" {self._review_where(which, 'r')}"
        )
        return {row[0] for row in rows}

    @staticmethod
    def _review_where(which: str, alias: str) -> str:
        if which not in REVIEW_FILTERS:
            raise ValueError(f"unknown review filter {which!r}")
        if which == "rated":
            return f"WHERE {alias}.rating IS NOT NULL"
        if which == "needs-correction":
            return f"WHERE {alias}.rating = 'bad' AND trim({alias}.correction) = ''"
        return ""
