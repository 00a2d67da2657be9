"""Reviews of replies (issue 17): validation, the m006 migration with its
backup, ChatStore's review methods, and every export carrying the review,
including the sft and preference training files."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import jsonschema
import pytest

from bimedix.core.archive_import import archive_schema, import_archive
from bimedix.core.export import ExportFilter, export_sessions, render_to_string
from bimedix.core.review import TAGS, Review, ReviewError, make_review
from bimedix.core.store import ChatStore


def reviewed_session(store: ChatStore) -> tuple[int, int, int]:
    """A two-turn Arabic/English session: reply 1 rated bad and corrected,
    reply 2 rated good. Returns (session id, reply 1 id, reply 2 id)."""
    session = store.create_session("Fever", "consult", "en")
    store.add_message(
        session.id, "user", "My child has a fever of 39", system_prompt="You are BiMediX"
    )
    bad = store.add_message(
        session.id, "assistant", "Give aspirin.", system_prompt="You are BiMediX"
    )
    store.add_message(session.id, "user", "ما هي الجرعة؟")
    good = store.add_message(session.id, "assistant", "حسب الوزن.", system_prompt="You are BiMediX")
    store.set_review(
        bad.id,
        make_review("down", ["unsafe", "factually-wrong"], "aspirin: Reye", "Use paracetamol."),
    )
    store.set_review(good.id, make_review("up", ["good-example"]))
    return session.id, bad.id, good.id


def test_ratings_and_tags_are_checked() -> None:
    assert make_review("up").rating == "good" and make_review("down").rating == "bad"
    assert make_review(None, ["Unsafe", "unsafe"]).tags == ("unsafe",)
    with pytest.raises(ReviewError, match="unknown tag 'rude'.*factually-wrong"):
        make_review("up", ["rude"])
    with pytest.raises(ReviewError, match="unknown rating 'meh'"):
        make_review("meh")
    assert len(TAGS) == 7


def test_review_is_stored_replaced_and_removed(store: ChatStore) -> None:
    _, bad, good = reviewed_session(store)
    review = store.get_review(bad)
    assert (
        review is not None
        and review.rating == "bad"
        and review.tags == ("unsafe", "factually-wrong")
    )
    assert review.correction == "Use paracetamol." and review.needs_correction is False
    assert store.get_message(bad).review == review
    store.set_review(bad, make_review("down", note="still wrong"))
    assert store.get_review(bad).needs_correction  # type: ignore[union-attr]
    assert store.set_review(good, Review()) is None
    assert store.get_review(good) is None


def test_only_replies_that_exist_can_be_reviewed(store: ChatStore) -> None:
    session_id, bad, _ = reviewed_session(store)
    user_id = store.messages(session_id)[0].id
    with pytest.raises(ReviewError, match="user message"):
        store.set_review(user_id, make_review("up"))
    with pytest.raises(KeyError):
        store.set_review(9999, make_review("up"))


def test_listing_and_session_filters(store: ChatStore) -> None:
    session_id, bad, good = reviewed_session(store)
    other = store.create_session("Unrated", "qa", "en")
    assert [r.review.message_id for r in store.list_reviews()] == [bad, good]
    assert store.reviewed_session_ids("rated") == {session_id}
    assert store.reviewed_session_ids("needs-correction") == set()
    store.set_review(bad, make_review("down"))
    assert store.reviewed_session_ids("needs-correction") == {session_id}
    assert [r.review.message_id for r in store.list_reviews("needs-correction")] == [bad]
    assert store.reviewed_session_ids("all") == {session_id, other.id}


def test_regenerating_a_reply_drops_its_review(store: ChatStore) -> None:
    session_id, bad, _ = reviewed_session(store)
    store.delete_messages_from(session_id, 1)
    assert store.list_reviews() == []


def test_migration_m006_backs_up_an_older_database(tmp_path: Path) -> None:
    path = tmp_path / "chats.db"
    ChatStore(path).close()
    conn = sqlite3.connect(path)  # make it look like a database from before m006
    conn.execute("DROP TABLE reviews")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_review'")
    conn.commit()
    conn.close()
    store = ChatStore(path)
    assert (tmp_path / "chats.db.before-m006_review.bak").exists()
    session_id, bad, _ = reviewed_session(store)
    assert store.get_review(bad) is not None
    store.close()


def test_json_archive_carries_the_review_and_imports_it_back(
    store: ChatStore, tmp_path: Path
) -> None:
    session_id, bad, _ = reviewed_session(store)
    record = (store.get_session(session_id), store.messages(session_id))
    archive = json.loads(render_to_string("json", record))
    jsonschema.validate(archive, archive_schema())
    messages = archive["sessions"][0]["messages"]
    assert messages[1]["id"] == bad  # message ids are in the export
    assert messages[1]["review"]["tags"] == ["unsafe", "factually-wrong"]
    assert messages[0]["review"] is None
    (tmp_path / "a.json").write_text(json.dumps(archive), "utf-8")
    other = ChatStore(tmp_path / "other.db")
    import_archive(other, tmp_path / "a.json")
    (reply,) = [m for m in other.list_reviews() if m.review.rating == "bad"]
    assert reply.review.correction == "Use paracetamol." and reply.review.note == "aspirin: Reye"
    other.close()


def test_text_exports_carry_rating_tags_note_and_correction(store: ChatStore) -> None:
    session_id, bad, good = reviewed_session(store)
    record = (store.get_session(session_id), store.messages(session_id))
    (line,) = render_to_string("jsonl", record).splitlines()
    reviews = json.loads(line)["reviews"]
    assert [(r["message_id"], r["rating"]) for r in reviews] == [(bad, "bad"), (good, "good")]
    rows = list(csv.DictReader(io.StringIO(render_to_string("csv", record))))
    assert (rows[1]["rating"], rows[1]["tags"], rows[1]["note"]) == (
        "bad",
        "unsafe,factually-wrong",
        "aspirin: Reye",
    )
    assert rows[1]["correction"] == "Use paracetamol." and rows[0]["rating"] == ""
    for fmt in ("md", "html"):
        text = render_to_string(fmt, record)
        assert "Review: bad" in text and "unsafe, factually-wrong" in text, fmt
        assert "aspirin: Reye" in text and "Use paracetamol." in text, fmt
        assert "Review: good" in text and "good-example" in text, fmt
    # An Arabic correction reads right to left in Markdown viewers too.
    store.set_review(good, make_review("down", correction="خذ الباراسيتامول"))
    record = (store.get_session(session_id), store.messages(session_id))
    assert '<div dir="rtl">\n\n> خذ الباراسيتامول' in render_to_string("md", record)


def test_sft_export_has_corrected_and_good_replies(store: ChatStore) -> None:
    session_id, bad, good = reviewed_session(store)
    record = (store.get_session(session_id), store.messages(session_id))
    first, second = (json.loads(x) for x in render_to_string("sft", record).splitlines())
    assert first["messages"] == [
        {"role": "system", "content": "You are BiMediX"},
        {"role": "user", "content": "My child has a fever of 39"},
        {"role": "assistant", "content": "Use paracetamol."},
    ]
    assert first["origin"] == "correction" and first["message_id"] == bad
    assert second["origin"] == "rated-good" and second["messages"][-1]["content"] == "حسب الوزن."
    # The conversation up to the good reply keeps what the model actually said.
    assert [m["content"] for m in second["messages"][1:4]] == [
        "My child has a fever of 39",
        "Give aspirin.",
        "ما هي الجرعة؟",
    ]


def test_preference_export_pairs_correction_or_good_reply_with_bad(store: ChatStore) -> None:
    session_id, bad, _ = reviewed_session(store)
    record = (store.get_session(session_id), store.messages(session_id))
    (pair,) = (json.loads(x) for x in render_to_string("preference", record).splitlines())
    assert pair["prompt"][-1] == {"role": "user", "content": "My child has a fever of 39"}
    assert pair["chosen"] == [{"role": "assistant", "content": "Use paracetamol."}]
    assert pair["rejected"] == [{"role": "assistant", "content": "Give aspirin."}]
    # Without a correction, a good reply to the same prompt elsewhere is chosen.
    store.set_review(bad, make_review("down"))
    twin = store.create_session("Fever again", "consult", "en")
    store.add_message(
        twin.id, "user", "My child has a fever of 39", system_prompt="You are BiMediX"
    )
    better = store.add_message(
        twin.id, "assistant", "Paracetamol by weight.", system_prompt="You are BiMediX"
    )
    store.set_review(better.id, make_review("up"))
    out = Path(store.path).parent / "pref.jsonl"
    result = export_sessions(store, "preference", out, ExportFilter())
    (pair,) = (json.loads(x) for x in out.read_text("utf-8").splitlines())
    assert pair["chosen"][0]["content"] == "Paracetamol by weight." and result.messages == 1
