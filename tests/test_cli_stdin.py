"""`bimedix chat` reads the message from stdin: `--once -`, or any time
stdin is not a terminal (issue 22). Real subprocesses, embedded model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bimedix.core.store import ChatStore

CLI = [sys.executable, "-m", "bimedix.cli"]


def run(tmp_path: Path, *args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*CLI, "--data-dir", str(tmp_path), "chat", *args],
        input=stdin, capture_output=True, timeout=180, check=False,
    )  # fmt: skip


def test_once_dash_reads_the_whole_of_stdin(tmp_path: Path) -> None:
    text = "Line one of my notes.\nما هي أعراض فقر الدم؟\n"
    result = run(tmp_path, "--once", "-", "--max-tokens", "4", stdin=text.encode())
    assert result.returncode == 0, result.stderr
    store = ChatStore(tmp_path / "chats.db")
    (session,) = store.list_sessions()
    assert store.messages(session.id)[0].content.strip() == text.strip()


def test_a_pipe_into_plain_chat_is_one_message(tmp_path: Path) -> None:
    result = run(tmp_path, "--max-tokens", "4", stdin=b"What is anemia?")
    assert result.returncode == 0, result.stderr
    store = ChatStore(tmp_path / "chats.db")
    (session,) = store.list_sessions()
    assert [m.role for m in store.messages(session.id)] == ["user", "assistant"]


def test_undecodable_stdin_is_a_clear_error(tmp_path: Path) -> None:
    result = run(tmp_path, "--once", "-", stdin=b"fever \xff\xfe and cough")
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    assert "Standard input is not UTF-8 text (invalid byte at offset 6)" in stderr


def test_empty_stdin_is_refused(tmp_path: Path) -> None:
    result = run(tmp_path, "--once", "-", stdin=b"  \n")
    assert result.returncode == 2 and b"Standard input is empty" in result.stderr


def test_a_one_megabyte_pipe_is_refused_with_its_token_count(tmp_path: Path) -> None:
    """The paste that cannot be an argument ("Argument list too long")."""
    paste = ("Patient reports chest pain. " * 40_000)[: 1 << 20]
    result = run(tmp_path, "--once", "-", "--max-tokens", "4", stdin=paste.encode())
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert "tokens long" in stderr and "Traceback" not in stderr
