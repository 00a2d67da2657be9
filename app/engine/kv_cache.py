"""KV-cache snapshots on disk: capture, store, find and restore llama.cpp state.

A snapshot is llama.cpp's context state (the KV cache) together with the
token ids it holds. It lets a conversation continue after a switch, a restart
or in a new process by evaluating only the tokens after the longest cached
prefix, instead of the whole prompt.

Files live in one directory (DATA_DIR/kv-cache/). Each is named by its key
(model SHA-256, prompt format, context size) and the SHA-256 of its token
ids, which together determine its content; it is written to a temporary file
and renamed, so a reader in another process sees a whole file or none. The
payload carries its own SHA-256, so a truncated or damaged file is noticed
and ignored (the prompt is then evaluated in full, with a log line). The
directory keeps to a size cap by deleting the least recently used files.

Capture and restore must run on the thread that owns the `Llama`; writing a
captured snapshot can run on a background thread (`save_in_background`).
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import logging
import os
import struct
import threading
import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("bimedix.engine.kv_cache")

MAGIC = b"BMXKV01\n"
SUFFIX = ".kvs"
DEFAULT_CAP_BYTES = 2 * 1024**3
_HEADER_LIMIT = 4096  # bytes of JSON header; anything bigger is not ours
_STALE_TEMP_S = 3600  # a temp file this old was left by a crashed writer


@dataclass(frozen=True)
class SnapshotKey:
    """What a snapshot is only valid for: one model file, prompt format and
    context size."""

    model_sha256: str
    prompt_format: str
    n_ctx: int

    @property
    def digest(self) -> str:
        text = f"{self.model_sha256}|{self.prompt_format}|{self.n_ctx}"
        return hashlib.sha256(text.encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Snapshot:
    """Token ids and the llama.cpp state that holds exactly those tokens."""

    ids: tuple[int, ...]
    state: bytes


def ids_digest(ids: Sequence[int]) -> str:
    return hashlib.sha256(array("i", ids).tobytes()).hexdigest()[:32]


def common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b):  # noqa: B905 (lengths differ by design)
        if x != y:
            break
        n += 1
    return n


def capture(llama: Any) -> Snapshot:
    """The state of `llama` now (owner thread only). Uses llama.cpp's state
    API directly rather than `Llama.save_state`, which also copies a logits
    array of up to hundreds of MB that a restore never needs (generation
    always re-evaluates at least one token after a restore)."""
    import llama_cpp

    ctx = llama._ctx.ctx
    size = int(llama_cpp.llama_state_get_size(ctx))
    buffer = (ctypes.c_uint8 * size)()
    written = int(llama_cpp.llama_state_get_data(ctx, buffer, size))
    if written > size:
        raise RuntimeError("llama.cpp wrote more state than it announced")
    ids = tuple(int(t) for t in llama.input_ids[: llama.n_tokens])
    return Snapshot(ids, bytes(memoryview(buffer)[:written]))


def restore(llama: Any, snapshot: Snapshot) -> None:
    """Load `snapshot` into `llama` (owner thread only).

    Raises:
        RuntimeError: llama.cpp refused the state (another model or context);
            the Llama is then reset so nothing stale is reused.
    """
    import llama_cpp

    data = (ctypes.c_uint8 * len(snapshot.state)).from_buffer_copy(snapshot.state)
    if int(llama_cpp.llama_state_set_data(llama._ctx.ctx, data, len(snapshot.state))) != len(
        snapshot.state
    ):
        llama.reset()
        llama._ctx.kv_cache_clear()
        raise RuntimeError("llama.cpp refused the saved state")
    n = len(snapshot.ids)
    llama.input_ids[:n] = snapshot.ids
    llama.n_tokens = n
    # Logits were not restored: generation must decode at least one token.
    llama._requires_eval = True


class CorruptSnapshot(Exception):
    """A snapshot file that is truncated, damaged or for another key."""


def _read_header(handle: Any, path: Path) -> tuple[dict[str, Any], tuple[int, ...]]:
    if handle.read(len(MAGIC)) != MAGIC:
        raise CorruptSnapshot(f"{path.name}: not a snapshot file")
    raw_length = handle.read(4)
    if len(raw_length) != 4:
        raise CorruptSnapshot(f"{path.name}: truncated header")
    (length,) = struct.unpack("<I", raw_length)
    if length > _HEADER_LIMIT:
        raise CorruptSnapshot(f"{path.name}: header too long")
    try:
        header = json.loads(handle.read(length))
        n_tokens = int(header["n_tokens"])
    except (ValueError, KeyError, TypeError) as exc:
        raise CorruptSnapshot(f"{path.name}: unreadable header") from exc
    raw_ids = handle.read(4 * n_tokens)
    if len(raw_ids) != 4 * n_tokens:
        raise CorruptSnapshot(f"{path.name}: truncated token ids")
    ids = array("i")
    ids.frombytes(raw_ids)
    return header, tuple(ids)


class SnapshotStore:
    """The snapshot directory: atomic writes, prefix lookup, LRU size cap."""

    def __init__(self, directory: Path, cap_bytes: int = DEFAULT_CAP_BYTES) -> None:
        self.directory = Path(directory)
        self.cap_bytes = cap_bytes
        self._writers: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()

    def path_for(self, key: SnapshotKey, ids: Sequence[int]) -> Path:
        return self.directory / f"{key.digest}-{ids_digest(ids)}{SUFFIX}"

    def has(self, key: SnapshotKey, ids: Sequence[int]) -> bool:
        return self.path_for(key, ids).is_file()

    # -- writing -----------------------------------------------------------

    def write(self, key: SnapshotKey, snapshot: Snapshot) -> Path | None:
        """Write `snapshot` atomically; None (with a log line) if the disk
        refused. An existing file of the same name holds the same content."""
        path = self.path_for(key, snapshot.ids)
        header = json.dumps(
            {
                "model_sha256": key.model_sha256,
                "prompt_format": key.prompt_format,
                "n_ctx": key.n_ctx,
                "n_tokens": len(snapshot.ids),
                "state_bytes": len(snapshot.state),
                "state_sha256": hashlib.sha256(snapshot.state).hexdigest(),
            }
        ).encode()
        temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with open(temp, "wb") as handle:
                handle.write(MAGIC + struct.pack("<I", len(header)) + header)
                handle.write(array("i", snapshot.ids).tobytes())
                handle.write(snapshot.state)
            os.replace(temp, path)
        except OSError as exc:
            log.warning("could not write KV snapshot %s: %s", path.name, exc)
            temp.unlink(missing_ok=True)
            return None
        self.enforce_cap(keep=path)
        return path

    def save_in_background(self, key: SnapshotKey, snapshot: Snapshot) -> threading.Thread:
        """Write `snapshot` on a daemon thread; `wait()` joins pending writes."""

        def run() -> None:
            with self._write_lock:  # one write at a time, in the order asked
                started = time.perf_counter()
                written = self.write(key, snapshot)
            if written is not None:
                log.info(
                    "KV snapshot of %d tokens written (%d bytes, %.3f s)",
                    len(snapshot.ids), len(snapshot.state), time.perf_counter() - started,
                )  # fmt: skip

        thread = threading.Thread(target=run, name="kv-snapshot-writer", daemon=True)
        with self._lock:
            self._writers = [t for t in self._writers if t.is_alive()] + [thread]
        thread.start()
        return thread

    def wait(self, timeout: float | None = None) -> None:
        with self._lock:
            writers = list(self._writers)
        for thread in writers:
            thread.join(timeout)

    # -- reading -----------------------------------------------------------

    def _files(self, key: SnapshotKey | None = None) -> list[Path]:
        if not self.directory.is_dir():
            return []
        pattern = f"{key.digest}-*{SUFFIX}" if key else f"*{SUFFIX}"
        return list(self.directory.glob(pattern))

    def best_match(self, key: SnapshotKey, ids: Sequence[int]) -> tuple[Path, int] | None:
        """The snapshot sharing the longest token prefix with `ids`, and the
        length of that prefix; None when no file shares any. Reads only each
        candidate's header and token ids; unreadable files are skipped."""
        best: tuple[Path, int] | None = None
        for path in self._files(key):
            try:
                with open(path, "rb") as handle:
                    _, cached = _read_header(handle, path)
            except (OSError, CorruptSnapshot):
                continue  # deleted meanwhile, or damaged: load() would say so
            common = common_prefix(cached, ids)
            if common and (best is None or common > best[1]):
                best = (path, common)
        return best

    def load(self, key: SnapshotKey, path: Path) -> Snapshot | None:
        """The snapshot in `path`, checked whole; None, with a log line, when
        it is missing, truncated, damaged or made for another key."""
        try:
            with open(path, "rb") as handle:
                header, ids = _read_header(handle, path)
                if (
                    header.get("model_sha256") != key.model_sha256
                    or header.get("prompt_format") != key.prompt_format
                    or header.get("n_ctx") != key.n_ctx
                ):
                    raise CorruptSnapshot(f"{path.name}: made for another model or context")
                if path.name != self.path_for(key, ids).name:
                    raise CorruptSnapshot(f"{path.name}: token ids do not match its name")
                state = handle.read(int(header["state_bytes"]) + 1)
                digest = hashlib.sha256(state).hexdigest()
                if len(state) != int(header["state_bytes"]) or digest != header.get("state_sha256"):
                    raise CorruptSnapshot(f"{path.name}: truncated or damaged state")
        except FileNotFoundError:
            log.info("KV snapshot %s vanished before it was read", path.name)
            return None
        except (OSError, CorruptSnapshot, ValueError) as exc:
            log.warning("ignoring KV snapshot: %s", exc)
            return None
        try:
            os.utime(path)  # most recently used: the cap deletes it last
        except OSError:
            pass
        return Snapshot(ids, state)

    # -- size cap ----------------------------------------------------------

    def used_bytes(self) -> int:
        total = 0
        for path in self._files():
            try:
                total += path.stat().st_size
            except OSError:
                pass
        return total

    def enforce_cap(self, keep: Path | None = None) -> int:
        """Delete least recently used snapshots until the directory fits the
        cap (never `keep`, the one just written); returns bytes freed."""
        entries = []
        now = time.time()
        for path in self._files():
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append((stat.st_mtime, stat.st_size, path))
        for temp in self.directory.glob(".*.tmp") if self.directory.is_dir() else []:
            try:
                if now - temp.stat().st_mtime > _STALE_TEMP_S:
                    temp.unlink()
            except OSError:
                pass
        total = sum(size for _, size, _ in entries)
        freed = 0
        for _, size, path in sorted(entries, key=lambda e: e[0]):
            if total <= self.cap_bytes:
                break
            if path == keep:
                continue
            try:
                path.unlink()
            except OSError:
                continue
            total -= size
            freed += size
        return freed

    def clear(self) -> int:
        """Delete every snapshot; returns bytes freed."""
        freed = 0
        for path in self._files():
            try:
                size = path.stat().st_size
                path.unlink()
                freed += size
            except OSError:
                pass
        return freed
