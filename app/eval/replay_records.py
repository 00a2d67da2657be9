"""Replays in the chat database (tables of migration m007): the run row and
one cell per (model, prompt), written as soon as it finishes. A cell row
exists only for a finished or failed cell, so re-running a replay skips
exactly what is done.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bimedix.core.store import ChatStore, utc_now


@dataclass(frozen=True)
class ReplayCell:
    """One model's answer to one prompt, or why there is none."""

    model_index: int
    item_index: int
    status: str  # "complete" or "failed"
    session_id: int | None
    message_id: int | None
    reply: str
    error: str | None
    seconds: float | None


def ensure_run(
    store: ChatStore, replay_id: str, source: str, models: list[dict[str, Any]],
    settings: dict[str, Any],
) -> bool:  # fmt: skip
    """Create the run row unless it exists; True when it already did (resume)."""
    with store.transaction() as conn:
        row = conn.execute("SELECT 1 FROM replay_runs WHERE id = ?", [replay_id]).fetchone()
        if row is None:
            conn.execute(
                "INSERT INTO replay_runs (id, created_at, source, models, settings)"
                " VALUES (?, ?, ?, ?, ?)",
                [replay_id, utc_now(), source, json.dumps(models), json.dumps(settings)],
            )
    return row is not None


def run_row(store: ChatStore, replay_id: str) -> dict[str, Any]:
    """The run's source, models and settings. Raises KeyError if unknown."""
    row = store.db.execute(
        "SELECT id, created_at, source, models, settings FROM replay_runs WHERE id = ?",
        [replay_id],
    ).fetchone()
    if row is None:
        raise KeyError(f"replay {replay_id}")
    return {
        "replay_id": row[0],
        "created_at": row[1],
        "source": row[2],
        "models": json.loads(row[3]),
        "settings": json.loads(row[4]),
    }


def save_cell(store: ChatStore, replay_id: str, cell: ReplayCell) -> None:
    """Record a finished or failed cell (replacing a failed try)."""
    with store.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO replay_cells (replay_id, model_index, item_index, status,"
            " session_id, message_id, reply, error, seconds, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                replay_id, cell.model_index, cell.item_index, cell.status, cell.session_id,
                cell.message_id, cell.reply, cell.error, cell.seconds, utc_now(),
            ],
        )  # fmt: skip


def cells(store: ChatStore, replay_id: str) -> dict[tuple[int, int], ReplayCell]:
    """The run's recorded cells by (model index, item index)."""
    rows = store.db.execute(
        "SELECT model_index, item_index, status, session_id, message_id, reply, error, seconds"
        " FROM replay_cells WHERE replay_id = ?",
        [replay_id],
    ).fetchall()
    return {(r[0], r[1]): ReplayCell(*r) for r in rows}


def replay_of_session(store: ChatStore, session_id: int) -> str | None:
    """The replay a session was created by, if any."""
    row = store.db.execute(
        "SELECT replay_id FROM replay_cells WHERE session_id = ? LIMIT 1", [session_id]
    ).fetchone()
    return row[0] if row else None
