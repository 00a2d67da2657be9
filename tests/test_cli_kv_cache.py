"""`bimedix chat` resumes a session in a new process from a KV-cache
snapshot: the second process's reply takes most of its prompt from the cache,
and the stored provenance says so."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def chat(data_dir: Path, *args: str) -> None:
    env = {**os.environ, "BIMEDIX_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-m", "bimedix.cli", "chat", "--model", "smollm2"]
    subprocess.run(
        [*command, "--max-tokens", "8", "--seed", "1", *args],
        env=env, capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip


def test_a_session_continued_in_a_new_process_is_resumed_from_disk(tmp_path: Path) -> None:
    chat(tmp_path, "--once", "What is anaemia?")
    assert list((tmp_path / "kv-cache").glob("*.kvs"))
    chat(tmp_path, "--session", "1", "--once", "And its treatment?")
    database = next(tmp_path.glob("*.db"))
    with sqlite3.connect(database) as conn:
        rows = conn.execute(
            "SELECT prompt_tokens, cached_prompt_tokens FROM messages "
            "WHERE role = 'assistant' ORDER BY position"
        ).fetchall()
    (first_prompt, first_cached), (second_prompt, second_cached) = rows
    assert first_cached == 0  # nothing cached yet: a fresh data folder
    assert second_cached >= first_prompt  # the whole first prompt came from disk
    assert second_cached < second_prompt
