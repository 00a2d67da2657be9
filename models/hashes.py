"""SHA-256 of model files, computed once per file version.

Hashing a 26 GB BiMediX GGUF takes about a minute, so the digest is cached
in the chat database keyed by path, size and modification time: a changed
file is hashed again, an unchanged one never.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Protocol

_BLOCK = 1 << 20


class HashCache(Protocol):
    """Where digests are remembered: `bimedix.core.store.ChatStore` is one.

    A protocol, so model management never imports the chat store."""

    def cached_sha256(self, path: str, size: int, mtime_ns: int) -> str | None: ...

    def remember_sha256(self, path: str, size: int, mtime_ns: int, sha256: str) -> None: ...


def sha256_of(path: Path) -> str:
    """SHA-256 (hex) of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def file_sha256(path: Path, store: HashCache | None = None) -> str:
    """The file's SHA-256 (hex), from the cache when the file is unchanged."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if store is not None:
        cached = store.cached_sha256(*key)
        if cached:
            return cached
    result = sha256_of(path)
    if store is not None:
        store.remember_sha256(*key, result)
    return result
