"""Compare votes: stored with every contender, and carried by the JSON
archive of the sessions they are about (which still imports)."""

from __future__ import annotations

import json
from pathlib import Path

from bimedix.core.archive_import import read_archive
from bimedix.core.compare_votes import save_vote, votes, votes_about
from bimedix.core.export import ExportFilter, export_sessions
from bimedix.core.store import ChatStore


def test_votes_travel_in_the_json_archive_of_their_sessions(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "chats.db")
    a, b, other = (store.create_session(t, "consult", "ar") for t in ("A", "B", "other"))
    for session in (a, b):
        store.add_message(session.id, "user", "ما هي أعراض الحمى؟")
        store.add_message(session.id, "assistant", f"رد {session.title}")
    contenders = [
        {"label": "A", "model": "smollm2", "session_id": a.id, "reply": "رد A"},
        {"label": "B", "model": "gemma3", "session_id": b.id, "reply": "رد B"},
    ]
    vote_id = save_vote(store, "ما هي أعراض الحمى؟", contenders, "B", blind=True)
    (stored,) = votes(store)
    assert stored["id"] == vote_id and stored["blind"] and stored["contenders"] == contenders
    assert votes_about(store, [other.id]) == []

    out = tmp_path / "all.json"
    export_sessions(store, "json", out, ExportFilter(session_ids=[a.id, b.id]))
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["compare_votes"] == [stored]
    sessions, _ = read_archive(out)  # the schema accepts it
    assert len(sessions) == 2

    alone = tmp_path / "other.json"
    export_sessions(store, "json", alone, ExportFilter(session_ids=[other.id]))
    assert "compare_votes" not in json.loads(alone.read_text(encoding="utf-8"))
