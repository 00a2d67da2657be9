"""The `bimedix` command line, run as a real subprocess on the embedded model."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bimedix.core.store import ChatStore

CLI = [sys.executable, "-m", "bimedix.cli"]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, timeout=120, env=env, check=False
    )


def test_chat_once_prints_the_reply_and_stores_the_turn(tmp_path: Path) -> None:
    result = run_cli(
        "--data-dir", str(tmp_path), "chat", "--once", "What is anemia?", "--seed", "1",
        "--max-tokens", "16", "--mode", "qa",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    store = ChatStore(tmp_path / "chats.db")
    (session,) = store.list_sessions()
    user, reply = store.messages(session.id)
    assert (session.mode, user.content) == ("qa", "What is anemia?")
    assert reply.status == "complete" and reply.completion_tokens and reply.seed == 1
    assert result.stdout.strip() == reply.content.strip()
    # Full provenance for testers.
    import hashlib

    from bimedix import __version__
    from bimedix.models.catalog import embedded_model_path

    digest = hashlib.sha256(embedded_model_path().read_bytes()).hexdigest()
    assert (reply.model_sha256, reply.model_quantization) == (digest, "Q4_1")
    assert (reply.model_architecture, reply.context_size, reply.mode) == ("llama", 4096, "qa")
    assert reply.app_version == __version__ and reply.engine_version.startswith("llama-cpp")
    assert "BiMediX" in reply.system_prompt and reply.prompt_format == "gguf"
    assert reply.time_to_first_token_s is not None and reply.stop_reason in ("finished", "length")


def test_session_continues_and_lists_as_json(tmp_path: Path) -> None:
    env = {**os.environ, "BIMEDIX_DATA_DIR": str(tmp_path)}
    for text in ("Hello", "ما هي أعراض فقر الدم؟"):
        extra = ["--session", "1"] if text != "Hello" else []
        result = run_cli("chat", "--once", text, "--max-tokens", "8", *extra, env=env)
        assert result.returncode == 0, result.stderr
    listing = run_cli("sessions", "list", "--json", env=env)
    (record,) = json.loads(listing.stdout)  # one JSON array
    (line,) = run_cli("sessions", "list", "--nl", env=env).stdout.splitlines()
    assert json.loads(line) == record
    assert record["id"] == 1 and record["message_count"] == 4 and record["mode"] == "consult"
    assert record["title"] == "Hello"


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("--data-dir", str(tmp_path), "chat", "--once", "hi", "--model", "/no.gguf")
    assert result.returncode == 2
    assert "Model file not found" in result.stderr and "Traceback" not in result.stderr


def test_unknown_session_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("--data-dir", str(tmp_path), "chat", "--once", "hi", "--session", "42")
    assert result.returncode == 2 and "not found" in result.stderr


def _read_available(fd: int) -> bytes:
    try:
        return os.read(fd, 1 << 16)
    except BlockingIOError:
        return b""


def _saved_partial_reply(db: Path) -> bool:
    with sqlite3.connect(db, timeout=5) as conn:
        row = conn.execute(
            "SELECT length(content) FROM messages WHERE status = 'streaming'"
        ).fetchone()
    return bool(row and row[0])


# Holds the desktop app's lock on a data folder, as a running app does.
LOCK_HOLDER = (
    "import sys, time; from pathlib import Path;"
    "from bimedix.core.instance_lock import InstanceLock;"
    "lock = InstanceLock(Path(sys.argv[1])); assert lock.acquire();"
    "print('locked', flush=True); time.sleep(300)"
)


def _exported_replies(data_dir: Path, out: Path) -> list[tuple[str, str]]:
    """(status, content) of session 1's messages, as `bimedix export` writes them."""
    result = run_cli("--data-dir", str(data_dir), "export", "--format", "json",
                     "--session", "1", "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    (session,) = json.loads(out.read_text(encoding="utf-8"))["sessions"]
    return [(m["status"], m["content"]) for m in session["messages"]]


def test_killing_the_process_mid_reply_keeps_what_was_saved(tmp_path: Path) -> None:
    """SIGKILL during a long reply: earlier messages intact, the partial
    reply stored (a prefix of what was printed), and the database passes its
    integrity check. The next command that opens the store marks the reply
    interrupted, but not while a desktop app holds the folder, nor while
    the chat that writes it is still alive."""
    from bimedix.cli import main

    first = run_cli("--data-dir", str(tmp_path), "chat", "--once", "Hi", "--max-tokens", "8")
    assert first.returncode == 0
    process = subprocess.Popen(
        [*CLI, "--data-dir", str(tmp_path), "chat", "--model", "smollm2", "--session", "1",
         "--once", "Write a long essay about the history of medicine.", "--max-tokens", "2000",
         "--seed", "5"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    assert process.stdout is not None
    os.set_blocking(process.stdout.fileno(), False)
    printed = b""
    deadline = time.monotonic() + 60
    # Kill as soon as a partial reply has been saved (after one save interval).
    while not _saved_partial_reply(tmp_path / "chats.db"):
        assert process.poll() is None, "the reply ended before the test could kill it"
        assert time.monotonic() < deadline
        printed += _read_available(process.stdout.fileno())
        time.sleep(0.01)
    # Another command while the chat is alive leaves its reply streaming.
    assert main(["--data-dir", str(tmp_path), "sessions", "list"]) == 0
    assert _saved_partial_reply(tmp_path / "chats.db") or process.poll() is not None
    process.send_signal(signal.SIGKILL)
    process.wait()
    printed += _read_available(process.stdout.fileno())

    with sqlite3.connect(tmp_path / "chats.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    store = ChatStore(tmp_path / "chats.db")
    messages = store.messages(1)
    assert [m.status for m in messages] == ["complete", "complete", "complete", "streaming"]
    partial = messages[-1].content
    assert partial and printed.decode("utf-8", "replace").startswith(partial)

    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        held = _exported_replies(tmp_path, tmp_path / "held.json")
        assert held[-1] == ("streaming", partial)  # the app may still be writing it
    finally:
        holder.kill()
        holder.wait()
    replies = _exported_replies(tmp_path, tmp_path / "after.json")
    assert [status for status, _ in replies] == ["complete"] * 3 + ["interrupted"]
    assert replies[-1][1] == partial
    assert store.messages(1)[-1].stop_reason == "interrupted"
    # The dead chat's writer lock file was cleared away on the way.
    assert not list((tmp_path / "writers").glob("*.lock"))


def test_prompt_format_override_is_recorded_with_the_reply(tmp_path: Path) -> None:
    result = run_cli(
        "--data-dir", str(tmp_path), "chat", "--once", "Hello </s>", "--max-tokens", "4",
        "--prompt-format", "mixtral",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    reply = ChatStore(tmp_path / "chats.db").messages(1)[-1]
    assert reply.prompt_format == "mixtral"


def test_export_and_import_commands(tmp_path: Path) -> None:
    source, target = tmp_path / "a", tmp_path / "b"
    assert (
        run_cli(
            "--data-dir", str(source), "chat", "--once", "مرحبا", "--max-tokens", "4"
        ).returncode
        == 0
    )
    archive = tmp_path / "out.json"
    result = run_cli(
        "--data-dir", str(source), "export", "--format", "json", "--all", "--out", str(archive)
    )
    assert result.returncode == 0, result.stderr
    result = run_cli("--data-dir", str(target), "import", str(archive))
    assert result.returncode == 0 and "imported 1 sessions" in result.stdout
    again = run_cli("--data-dir", str(target), "import", str(archive))
    assert "skipped 1" in again.stdout
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    refused = run_cli("--data-dir", str(target), "import", str(broken))
    assert refused.returncode == 2 and "line 1" in refused.stderr
    pdf = tmp_path / "chat.pdf"
    made = run_cli(
        "--data-dir", str(source), "export", "--format", "pdf", "--session", "1", "--out", str(pdf)
    )
    assert made.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")
    # Several sessions to a .pdf name: one document, not a folder named all.pdf.
    assert run_cli("--data-dir", str(source), "chat", "--once", "hi", "--max-tokens", "4"
                   ).returncode == 0  # fmt: skip
    combined = tmp_path / "all.pdf"
    both = run_cli(
        "--data-dir", str(source), "export", "--format", "pdf", "--all", "--out", str(combined)
    )
    assert both.returncode == 0 and combined.is_file(), both.stderr
    assert combined.read_bytes().startswith(b"%PDF") and both.stdout.strip() == str(combined)
    assert "2 sessions" in both.stderr
