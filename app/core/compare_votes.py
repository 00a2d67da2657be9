"""Votes from the side-by-side compare view (table `compare_votes`, migration
m007): which pane's reply the tester preferred, stored with every pane's
model and reply so an export stands on its own. Core, so the JSON archive
export can carry them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bimedix.core.store import ChatStore, utc_now


def save_vote(
    store: ChatStore, prompt: str, contenders: list[dict[str, Any]], winner: str, *,
    blind: bool, note: str = "",
) -> int:  # fmt: skip
    """Store a side-by-side vote. `contenders`: label, model and reply (and
    message/session ids) of each pane; `winner`: a label or "tie"."""
    with store.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO compare_votes (created_at, prompt, blind, contenders, winner, note)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [utc_now(), prompt, int(blind), json.dumps(contenders, ensure_ascii=False),
             winner, note],
        )  # fmt: skip
    return int(cursor.lastrowid or 0)


def votes(store: ChatStore) -> list[dict[str, Any]]:
    """Every compare vote, oldest first, as plain data for exports."""
    rows = store.db.execute(
        "SELECT id, created_at, prompt, blind, contenders, winner, note"
        " FROM compare_votes ORDER BY id"
    ).fetchall()
    return [
        {
            "id": r[0], "created_at": r[1], "prompt": r[2], "blind": bool(r[3]),
            "contenders": json.loads(r[4]), "winner": r[5], "note": r[6],
        }
        for r in rows
    ]  # fmt: skip


def votes_about(store: ChatStore, session_ids: Iterable[int]) -> list[dict[str, Any]]:
    """The votes with a contender in one of `session_ids` (what an archive
    of those sessions carries)."""
    wanted = set(session_ids)
    return [
        vote for vote in votes(store)
        if any(c.get("session_id") in wanted for c in vote["contenders"])
    ]  # fmt: skip
