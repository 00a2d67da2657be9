"""Indexing documents off the GUI thread, with progress and cancel.

`AddDocumentsTask` adds files one after another on its own QThread with its
own database connection (a `ChatStore` belongs to one thread). Cancel sets a
token the indexer checks between stages and every few passages; the
transaction of the file being indexed is rolled back, so it stays as it was.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from bimedix.core.knowledge.index import AddCancelled, KnowledgeStore
from bimedix.core.store import ChatStore
from bimedix.engine.backend import CancelToken
from bimedix.errors import UserFacingError

log = logging.getLogger("bimedix.gui")


class AddDocumentsTask(QThread):
    """Index `paths` into the database at `db_path`."""

    progressed = Signal(str, str, float)  # file name, stage, fraction of this file
    file_done = Signal(str, str)  # file name, outcome: added / updated / unchanged
    file_failed = Signal(str)  # the user-facing message
    cancelled = Signal()

    def __init__(self, db_path: str, paths: list[Path], parent: QObject | None = None):
        super().__init__(parent)
        self._db_path = db_path
        self._paths = paths
        self.cancel_token = CancelToken()

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def run(self) -> None:
        store = ChatStore(self._db_path)
        try:
            knowledge = KnowledgeStore(store)
            for path in self._paths:
                if self.cancel_token.cancelled:
                    self.cancelled.emit()
                    return
                try:
                    result = knowledge.add(
                        path,
                        progress=lambda stage, done, n=path.name: self.progressed.emit(
                            n, stage, done
                        ),
                        cancel=self.cancel_token,
                    )
                except AddCancelled:
                    self.cancelled.emit()
                    return
                except UserFacingError as exc:
                    self.file_failed.emit(str(exc))
                    continue
                except Exception as exc:  # noqa: BLE001 - our bug: log it, tell the user
                    log.exception("indexing failed")
                    self.file_failed.emit(f"{path.name}: unexpected error {type(exc).__name__}")
                    continue
                self.file_done.emit(path.name, result.outcome)
        finally:
            store.close()
