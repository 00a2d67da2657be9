"""Opening a chat database one store at a time (`ChatStore.__init__`).

Owns the in-process lock and the advisory lock file beside the database
that serialise switching a file to WAL and migrating it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

try:
    import fcntl
except ImportError:  # Windows: only this process's threads are serialised
    fcntl = None  # type: ignore[assignment]

_OPENING = threading.Lock()  # see opening_lock


@contextmanager
def opening_lock(path: str) -> Iterator[None]:
    """Switch a file to WAL and migrate it one store at a time.

    Two stores doing it at once on a new file make SQLite refuse one of them
    immediately ("database is locked", or "table sessions already exists" when
    both saw the same pending step): threads of this process (the Model
    manager's quality card beside the window's own store) wait on a lock, and
    other processes (the app and `bimedix chat` started together) on an
    advisory lock of `PATH.lock` beside the database.
    """
    with _OPENING:
        if path == ":memory:" or fcntl is None:
            yield
            return
        try:
            handle = open(f"{path}.lock", "ab")  # noqa: SIM115 - closed below
        except OSError:
            # A read-only folder: nothing can be migrated there anyway, and
            # SQLite reports what it cannot do.
            yield
            return
        with handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            yield
