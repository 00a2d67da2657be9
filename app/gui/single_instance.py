"""Hand-over to an already running window on the same data folder.

The running app listens on a local socket named after its data folder; a
second start connects, asks it to come to the front, and exits.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha1(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"bimedix-desktop-{digest}"


class RaiseServer(QObject):
    """Listens for later starts; emits `raise_requested` for each."""

    raise_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self._server = QLocalServer(self)
        name = server_name(data_dir)
        QLocalServer.removeServer(name)  # a socket file left by a crash
        self._server.listen(name)
        self._server.newConnection.connect(self._on_new_connection)

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            connection.disconnected.connect(connection.deleteLater)
            connection.disconnectFromServer()
            self.raise_requested.emit()


def ask_running_instance_to_raise(data_dir: Path) -> bool:
    """True when a running app on `data_dir` was reached."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    reached = socket.waitForConnected(1000)
    socket.disconnectFromServer()
    return reached
