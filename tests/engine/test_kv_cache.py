"""KV-cache snapshots with the real embedded GGUF: a conversation resumed from
a snapshot (same process or a new one) gives the same greedy reply as a full
evaluation while evaluating only the new tokens; damaged, truncated or
foreign snapshots are ignored; the directory keeps to its cap."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from bimedix.engine.backend import ChatMessage, Finished, GenerationParams, GenerationStats
from bimedix.engine.kv_cache import (
    SUFFIX,
    Snapshot,
    SnapshotKey,
    SnapshotStore,
)
from bimedix.engine.llama_backend import LlamaCppBackend
from bimedix.models.catalog import embedded_model_path

GREEDY = GenerationParams(max_tokens=24, temperature=0.0, seed=1)
SHA = "0" * 63 + "1"  # stands in for the model's SHA-256 (only a key here)
SYSTEM = ChatMessage("system", "You are a careful medical assistant. Answer briefly and kindly.")


def open_model(cache: Path | None) -> LlamaCppBackend:
    return LlamaCppBackend(
        embedded_model_path(), n_ctx=1024, n_threads=2, sha256=SHA, kv_cache_dir=cache
    )


def reply(backend: LlamaCppBackend, messages: list[ChatMessage]) -> tuple[str, GenerationStats]:
    parts, stats = [], None
    for event in backend.stream_chat(messages, GREEDY):
        if isinstance(event, Finished):
            stats = event.stats
        elif hasattr(event, "text"):
            parts.append(event.text)
    assert stats is not None
    return "".join(parts), stats


def second_turn(first_reply: str) -> list[ChatMessage]:
    return [
        SYSTEM,
        ChatMessage("user", "I have had a headache for two days. What should I do?"),
        ChatMessage("assistant", first_reply),
        ChatMessage("user", "Is it safe to take paracetamol with coffee?"),
    ]


@pytest.fixture(scope="module")
def reference() -> dict[str, object]:
    """Replies and prompt sizes from full evaluations, without any cache."""
    backend = open_model(None)
    try:
        first, _ = reply(backend, second_turn("")[:2])
        backend._llama.reset()
        messages = second_turn(first)
        second, stats = reply(backend, messages)
    finally:
        backend.close()
    assert stats.cached_prompt_tokens == 0
    return {"first": first, "messages": messages, "second": second, "prompt": stats.prompt_tokens}


def run_session(cache: Path) -> None:
    """A session that leaves snapshots behind (first turn, then a switch)."""
    backend = open_model(cache)
    try:
        reply(backend, second_turn("")[:2])
    finally:
        backend.close()


def test_resumed_reply_is_identical_and_evaluates_only_new_tokens(
    tmp_path: Path, reference: dict[str, object]
) -> None:
    run_session(tmp_path)
    assert list(tmp_path.glob(f"*{SUFFIX}")), "no snapshot was written"
    messages: list[ChatMessage] = reference["messages"]  # type: ignore[assignment]
    backend = open_model(tmp_path)  # a restart: the live KV cache is empty
    try:
        text, stats = reply(backend, messages)
        # Only the previous reply (retokenised) and the new question remain.
        new = len(backend.encode(messages)) - len(backend.encode(messages[:2]))
    finally:
        backend.close()
    assert text == reference["second"]
    assert stats.prompt_tokens == reference["prompt"]
    assert stats.cached_prompt_tokens > stats.prompt_tokens // 2
    assert stats.prompt_tokens_evaluated <= new + 8


def test_resumed_in_a_new_process(tmp_path: Path, reference: dict[str, object]) -> None:
    run_session(tmp_path)
    script = f"""
import json, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_kv_cache import open_model, reply
from bimedix.engine.backend import ChatMessage
from pathlib import Path
messages = [ChatMessage(**m) for m in json.loads(sys.argv[1])]
backend = open_model(Path({str(tmp_path)!r}))
text, stats = reply(backend, messages)
backend.close()
print(json.dumps({{"text": text, "cached": stats.cached_prompt_tokens}}))
"""
    messages = [{"role": m.role, "content": m.content} for m in reference["messages"]]  # type: ignore[attr-defined]
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(messages)],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["text"] == reference["second"]
    assert result["cached"] > 0


def test_new_chat_evaluates_only_the_users_tokens(tmp_path: Path) -> None:
    run_session(tmp_path)  # another chat with the same system prompt
    question = ChatMessage("user", "What is a normal resting heart rate for adults?")
    backend = open_model(tmp_path)
    try:
        alone = len(backend.tokenizer.tokenize_plain(question.content))
        _, stats = reply(backend, [SYSTEM, question])
    finally:
        backend.close()
    assert stats.cached_prompt_tokens > 0
    assert stats.prompt_tokens_evaluated <= alone + 8


def test_damaged_snapshots_are_ignored(tmp_path: Path, reference: dict[str, object]) -> None:
    run_session(tmp_path)
    files = sorted(tmp_path.glob(f"*{SUFFIX}"))
    for number, path in enumerate(files):
        data = path.read_bytes()
        if number % 2:
            path.write_bytes(data[: len(data) // 2])  # truncated
        else:
            middle = len(data) - 100
            path.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    backend = open_model(tmp_path)
    try:
        text, stats = reply(backend, reference["messages"])  # type: ignore[arg-type]
    finally:
        backend.close()
    assert text == reference["second"]
    assert stats.cached_prompt_tokens == 0


def test_a_snapshot_for_another_model_is_ignored(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path)
    ours = SnapshotKey(SHA, "chatml", 1024)
    other = SnapshotKey("f" * 64, "chatml", 1024)
    written = store.write(other, Snapshot((1, 2, 3), b"state"))
    assert written is not None
    # Renamed to look like ours: its header still says whose it is.
    disguised = store.path_for(ours, (1, 2, 3))
    written.rename(disguised)
    assert store.best_match(ours, [1, 2, 3, 4]) == (disguised, 3)
    assert store.load(ours, disguised) is None


def test_llama_refusing_a_state_falls_back_to_evaluation(
    tmp_path: Path, reference: dict[str, object]
) -> None:
    backend = open_model(tmp_path)
    try:
        ids = backend.encode(reference["messages"])  # type: ignore[arg-type]
        cache = backend.prompt_cache
        assert cache is not None
        cache.store.write(cache.key, Snapshot(tuple(ids[:40]), b"not a llama state"))
        text, stats = reply(backend, reference["messages"])  # type: ignore[arg-type]
    finally:
        backend.close()
    assert text == reference["second"]


def test_concurrent_writers_and_readers_never_see_half_a_file(tmp_path: Path) -> None:
    key = SnapshotKey(SHA, "chatml", 1024)
    snapshot = Snapshot(tuple(range(500)), bytes(range(256)) * 4000)
    stores = [SnapshotStore(tmp_path) for _ in range(3)]
    errors: list[str] = []

    def write() -> None:
        for _ in range(15):
            stores[0].write(key, snapshot)

    def read() -> None:
        for _ in range(30):
            path = stores[1].path_for(key, snapshot.ids)
            if path.exists():
                loaded = stores[1].load(key, path)
                if loaded is not None and loaded != snapshot:
                    errors.append("different content")

    threads = [threading.Thread(target=write), threading.Thread(target=write)]
    threads += [threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert stores[2].load(key, stores[2].path_for(key, snapshot.ids)) == snapshot
    assert not list(tmp_path.glob("*.tmp"))


def test_the_cap_deletes_least_recently_used_first(tmp_path: Path) -> None:
    import os

    key = SnapshotKey(SHA, "chatml", 1024)
    store = SnapshotStore(tmp_path, cap_bytes=10**9)
    paths = []
    for number in range(4):
        path = store.write(key, Snapshot((number, 7), bytes(10_000)))
        assert path is not None
        os.utime(path, (1000 + number, 1000 + number))
        paths.append(path)
    assert store.load(key, paths[0]) is not None  # used now: the newest
    store.cap_bytes = 2 * paths[0].stat().st_size + 10
    store.enforce_cap()
    assert sorted(p.exists() for p in paths) == [False, False, True, True]
    assert paths[0].exists() and paths[3].exists()
    assert store.clear() > 0
    assert store.used_bytes() == 0


def test_private_mode_saves_the_system_prompt_only(tmp_path: Path) -> None:
    """Demo mode: a visitor's words never reach the snapshot folder."""
    backend = LlamaCppBackend(
        embedded_model_path(), n_ctx=1024, n_threads=2, sha256=SHA, kv_cache_dir=tmp_path,
        kv_cache_replies=False,
    )  # fmt: skip
    try:
        messages = second_turn("")[:2]
        reply(backend, messages)
        cache = backend.prompt_cache
        assert cache is not None
        cache.store.wait()
        system = cache.system_prefix_length(messages)
        files = list(tmp_path.glob(f"*{SUFFIX}"))
        expected = cache.store.path_for(cache.key, backend.encode(messages)[:system])
        assert [f.name for f in files] == [expected.name]
    finally:
        backend.close()
