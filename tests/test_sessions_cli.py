"""`bimedix sessions …`: list filters, show, search, rename, delete, and the
JSON convention (one array; `--nl` for lines). Most run in-process through
`bimedix.cli.main`; terminal behaviour runs a real subprocess on a pty."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bimedix.cli import main
from bimedix.core.direction import to_visual_order
from bimedix.core.snippets import find_match, search_snippet
from bimedix.core.store import ChatStore

ARABIC_QUESTION = "ما هي أعراض فَقْرُ الدَّمِ عند الأطفالِ؟"
ARABIC_REPLY = "مقدمة طويلة عن الموضوع " * 5 + "يسبب نقـــص الحديد التعب والشحوب " + "خاتمة " * 12


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """Three sessions: Arabic consult, English qa, English consult."""
    store = ChatStore(tmp_path / "chats.db")
    arabic = store.create_session("فقر الدم", "consult", "ar")
    store.add_message(arabic.id, "user", ARABIC_QUESTION)
    store.add_message(arabic.id, "assistant", ARABIC_REPLY)
    english = store.create_session("Anaemia", "qa", "en")
    store.add_message(english.id, "user", 'What causes ANÉMIE and "iron" deficiency - NEAR?')
    store.add_message(english.id, "assistant", "Low iron, blood loss.", status="stopped")
    other = store.create_session("Headache", "consult", "en")
    store.add_message(other.id, "user", "I have a headache")
    store.close()
    return tmp_path


def cli(data_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


# --- list --------------------------------------------------------------------
def test_list_json_is_one_array_and_nl_one_object_per_line(data_dir: Path, capsys) -> None:
    code, out, _ = cli(data_dir, capsys, "sessions", "list", "--json")
    records = json.loads(out)
    assert code == 0 and [r["id"] for r in records] == [3, 2, 1]
    assert records[2] == {**records[2], "title": "فقر الدم", "language": "ar", "message_count": 2}
    code, out, _ = cli(data_dir, capsys, "sessions", "list", "--nl")
    assert [json.loads(line) for line in out.splitlines()] == records
    # No match is still one valid document.
    code, out, _ = cli(data_dir, capsys, "sessions", "list", "--json", "--mode", "mcq")
    assert (code, json.loads(out)) == (0, [])


def test_list_filters(data_dir: Path, capsys) -> None:
    def ids(*args: str) -> list[int]:
        code, out, err = cli(data_dir, capsys, "sessions", "list", "--json", *args)
        assert code == 0, err
        return [r["id"] for r in json.loads(out)]

    assert ids("--mode", "consult") == [3, 1]
    assert ids("--language", "ar") == [1]
    assert ids("--mode", "consult", "--language", "en") == [3]
    assert ids("--limit", "2") == [3, 2]
    assert ids("--since", "2000-01-01") == [3, 2, 1]
    assert ids("--since", "2999-01-01") == []
    code, out, err = cli(data_dir, capsys, "sessions", "list", "--since", "yesterday")
    assert code == 2
    assert err == "bimedix: --since wants a date as YYYY-MM-DD, not yesterday.\n"
    with pytest.raises(SystemExit):
        main(["--data-dir", str(data_dir), "sessions", "list", "--limit", "0"])
    assert "must be 1 or more" in capsys.readouterr().err


# --- show --------------------------------------------------------------------
def test_show_prints_role_time_status_in_logical_order_when_piped(data_dir: Path, capsys) -> None:
    code, out, _ = cli(data_dir, capsys, "sessions", "show", "2")
    assert code == 0
    assert out.splitlines()[0] == "# Anaemia"
    assert "[assistant] " in out and " UTC · stopped\nLow iron, blood loss." in out
    assert "[user] " in out and " · complete\n" in out
    code, out, _ = cli(data_dir, capsys, "sessions", "show", "1")
    assert ARABIC_QUESTION in out  # stdout is not a terminal: logical order


def test_show_json_is_the_archive_form(data_dir: Path, capsys, tmp_path: Path) -> None:
    code, out, _ = cli(data_dir, capsys, "sessions", "show", "1", "--json")
    shown = json.loads(out)
    archive = tmp_path / "archive.json"
    main(["--data-dir", str(data_dir), "export", "--format", "json", "--session", "1",
          "--out", str(archive)])  # fmt: skip
    capsys.readouterr()
    (exported,) = json.loads(archive.read_text(encoding="utf-8"))["sessions"]
    assert code == 0 and shown == exported
    assert shown["messages"][0]["content"] == ARABIC_QUESTION


@pytest.mark.parametrize("command", [["show", "99"], ["show", "99", "--json"],
                                     ["rename", "99", "x"], ["delete", "99", "--yes"],
                                     ["delete", "1", "98", "99", "--yes"]])  # fmt: skip
def test_unknown_id_is_one_clear_line_and_exit_1(data_dir: Path, capsys, command) -> None:
    code, out, err = cli(data_dir, capsys, "sessions", *command)
    missing = ", ".join(c for c in command if c.startswith("9"))
    assert (code, out, err) == (1, "", f"bimedix: no session with id {missing}\n")
    assert len(ChatStore(data_dir / "chats.db").list_sessions()) == 3  # nothing deleted


# --- search ------------------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        "فقر الدم",  # no harakat, query vs. text with harakat
        "فَقْرُ",  # harakat in the query
        "فـــقر",  # tatweel in the query
        "الاطفال",  # bare alef for أ
        "اعراض",  # bare alef for أ
        "نقص",  # the text has tatweel
    ],
)
def test_arabic_search_ignores_harakat_tatweel_and_letter_variants(
    data_dir: Path, capsys, query: str
) -> None:
    code, out, _ = cli(data_dir, capsys, "sessions", "search", query, "--json")
    hits = json.loads(out)
    assert code == 0 and hits and {h["session_id"] for h in hits} == {1}
    assert hits[0]["session_title"] == "فقر الدم"


def test_snippets_come_from_the_stored_text(data_dir: Path, capsys) -> None:
    _, out, _ = cli(data_dir, capsys, "sessions", "search", "فقر", "--json")
    (hit,) = json.loads(out)
    assert hit["role"] == "user" and hit["snippet"] == ARABIC_QUESTION  # harakat kept
    _, out, _ = cli(data_dir, capsys, "sessions", "search", "نقص", "--json")
    (hit,) = json.loads(out)
    # A long reply: a window around the match, cut at words, tatweel kept.
    assert "نقـــص الحديد" in hit["snippet"] and hit["snippet"].startswith("…")
    assert hit["snippet"].endswith("…") and len(hit["snippet"]) < 100
    _, out, _ = cli(data_dir, capsys, "sessions", "search", "anemie", "--json")
    (hit,) = json.loads(out)
    assert hit["session_id"] == 2 and "ANÉMIE" in hit["snippet"]


def test_english_search_ignores_case_and_text_output(data_dir: Path, capsys) -> None:
    code, out, _ = cli(data_dir, capsys, "sessions", "search", "HEADACHE")
    assert code == 0 and out.splitlines() == ["     3  Headache", "        user: I have a headache"]
    _, out, _ = cli(data_dir, capsys, "sessions", "search", "iron", "--nl", "--limit", "1")
    assert len(out.splitlines()) == 1 and json.loads(out)["session_id"] == 2


@pytest.mark.parametrize("query", ['"', "*", "NEAR", "-", '"iron', "NEAR(a b)", "a OR", "(",
                                   "^x", "iron:", "\x00", "- -", "**"])  # fmt: skip
def test_fts_syntax_is_searched_as_text_and_never_crashes(data_dir: Path, capsys, query) -> None:
    code, out, err = cli(data_dir, capsys, "sessions", "search", query, "--json")
    assert code == 0 and "Traceback" not in err
    hits = json.loads(out)
    if query in ("NEAR", '"iron', "iron:"):  # words of the English message
        assert {h["session_id"] for h in hits} == {2}


def test_find_match_maps_back_to_the_original_characters() -> None:
    text = "عن فَقْرُ الدَّمِ"
    start, end = find_match(text, "فقر")  # type: ignore[misc]
    assert text[start:end] == "فَقْرُ"
    assert find_match("Anémie", "ANEMIE") == (0, 6)
    assert find_match("prefix match", "mat") == (7, 10)
    assert find_match("inside", "side") is None  # FTS matches word prefixes only
    assert search_snippet("short", "nothing") == "short"


# --- rename / delete ----------------------------------------------------------
def test_rename(data_dir: Path, capsys) -> None:
    code, out, _ = cli(data_dir, capsys, "sessions", "rename", "3", "  صداع   نصفي ")
    assert code == 0 and out == "renamed session 3: صداع نصفي\n"
    assert ChatStore(data_dir / "chats.db").get_session(3).title == "صداع نصفي"
    code, _, err = cli(data_dir, capsys, "sessions", "rename", "3", "  ")
    assert code == 2 and err == "bimedix: The new title is empty.\n"


def test_delete_with_yes_removes_messages_from_the_search_index(data_dir: Path, capsys) -> None:
    code, out, _ = cli(data_dir, capsys, "sessions", "delete", "1", "3", "1", "--yes")
    assert code == 0 and out == "deleted 2 sessions\n"
    store = ChatStore(data_dir / "chats.db")
    assert [s.id for s in store.list_sessions()] == [2]
    assert store.search("فقر") == [] and store.search("headache") == []
    (indexed,) = store.db.execute("SELECT COUNT(*) FROM messages_fts").fetchone()
    assert indexed == 2  # only session 2's messages are left in the index
    _, out, _ = cli(data_dir, capsys, "sessions", "search", "فقر", "--json")
    assert json.loads(out) == []


def test_delete_refuses_without_yes_when_not_on_a_terminal(data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bimedix.cli", "--data-dir", str(data_dir), "sessions", "delete",
         "1"], input="y\n", capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1 and "add --yes" in result.stderr
    assert len(ChatStore(data_dir / "chats.db").list_sessions()) == 3


# --- on a terminal -------------------------------------------------------------
def run_on_tty(data_dir: Path, *args: str, answer: str = "") -> str:
    """Run `bimedix` with stdin and stdout on a pseudo-terminal; type
    `answer` once it asks; return everything it wrote."""
    main_fd, child_fd = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bimedix.cli", "--data-dir", str(data_dir), *args],
        stdin=child_fd, stdout=child_fd, stderr=child_fd, close_fds=True,
    )  # fmt: skip
    os.close(child_fd)
    output = b""
    deadline = time.monotonic() + 120
    answered = not answer
    while time.monotonic() < deadline:
        ready, _, _ = select.select([main_fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(main_fd, 1 << 16)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            output += chunk
        if not answered and b"[y/N]" in output:
            os.write(main_fd, answer.encode())
            answered = True
        if process.poll() is not None and not ready:
            break
    process.wait(timeout=30)
    os.close(main_fd)
    return output.decode("utf-8").replace("\r\n", "\n")


def test_show_on_a_terminal_prints_arabic_in_visual_order(data_dir: Path) -> None:
    output = run_on_tty(data_dir, "sessions", "show", "1")
    assert to_visual_order(ARABIC_QUESTION) in output
    assert ARABIC_QUESTION not in output


def test_delete_asks_on_a_terminal(data_dir: Path) -> None:
    kept = run_on_tty(data_dir, "sessions", "delete", "3", answer="n\n")
    assert "Delete this session and all its messages? [y/N]" in kept and "nothing deleted" in kept
    assert len(ChatStore(data_dir / "chats.db").list_sessions()) == 3
    gone = run_on_tty(data_dir, "sessions", "delete", "3", "2", answer="y\n")
    assert "Delete these 2 sessions and all their messages" in gone and "deleted 2 sessions" in gone
    assert [s.id for s in ChatStore(data_dir / "chats.db").list_sessions()] == [1]


def test_sessions_help_lists_every_command(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["sessions", "--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in ("list", "show", "search", "rename", "delete"))
