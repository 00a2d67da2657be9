"""One desktop app per data folder.

The GUI holds an exclusive lock on `DATA_DIR/bimedix.lock` while it runs; a
second GUI on the same folder finds it held and hands over to the first
(which raises its window) instead of opening the database twice. The CLI
may run alongside (SQLite's WAL mode makes that safe) but leaves crash
recovery to the app that holds the lock. The OS drops the lock when the
process dies, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

LOCK_NAME = "bimedix.lock"

try:
    import fcntl
except ImportError:  # Windows: msvcrt below
    fcntl = None  # type: ignore[assignment]


class InstanceLock:
    """An exclusive, process-lifetime lock on a data folder."""

    def __init__(self, data_dir: Path):
        self.path = data_dir / LOCK_NAME
        self._handle: IO[str] | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another process holds it."""
        handle = self.path.open("a+", encoding="utf-8")
        try:
            _lock(handle)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return True

    def held_elsewhere(self) -> bool:
        """Whether another process holds the lock (without keeping it)."""
        if self._handle is not None or not self.path.exists():
            return False
        if self.acquire():
            self.release()
            return False
        return True

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file drops the lock
            self._handle = None


def _lock(handle: IO[str]) -> None:
    if fcntl is not None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    else:  # pragma: no cover - Windows
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)


WRITERS_DIR = "writers"


class ReplyWriterLock:
    """Held by a process other than the desktop app (`bimedix chat`) while
    it may be streaming replies into the database.

    Each such process locks its own file, `DATA_DIR/writers/<pid>.lock`, so
    that crash recovery elsewhere can tell a reply that is still being
    written from one whose process died. Exclusive locks on separate files
    (rather than one shared lock) work the same on every platform.
    """

    def __init__(self, data_dir: Path):
        self._lock = InstanceLock(data_dir)
        self._lock.path = data_dir / WRITERS_DIR / f"{os.getpid()}.lock"

    def acquire(self) -> bool:
        self._lock.path.parent.mkdir(exist_ok=True)
        return self._lock.acquire()

    def release(self) -> None:
        self._lock.release()
        self._lock.path.unlink(missing_ok=True)


def live_reply_writers(data_dir: Path) -> bool:
    """Whether another live process holds a ReplyWriterLock on `data_dir`.

    Files left by processes that died are removed on the way.
    """
    folder = data_dir / WRITERS_DIR
    if not folder.is_dir():
        return False
    live = False
    for path in folder.glob("*.lock"):
        if path.stem == str(os.getpid()):
            continue
        probe = InstanceLock(data_dir)
        probe.path = path
        if probe.acquire():
            probe.release()
            path.unlink(missing_ok=True)
        else:
            live = True
    return live
