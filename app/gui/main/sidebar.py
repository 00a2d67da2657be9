"""Sidebar: new chat, search, a review filter, the list of sessions, rename
and delete.

It only draws and reports; the window decides what a click does."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bimedix.core.store import Session
from bimedix.gui.session_list import SessionList


class Sidebar(QWidget):
    """The left-hand column of the main window."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("sidebar")
        # A QWidget subclass paints its style-sheet background only when asked.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        side = QVBoxLayout(self)
        self.new_chat_button = QPushButton()
        self.search_box = QLineEdit()
        self.search_box.setClearButtonEnabled(True)
        # All chats, chats with a rated reply, chats with a reply rated bad
        # and not corrected yet (issue 17); the window applies it.
        self.review_filter = QComboBox()
        for key in ("all", "rated", "needs-correction"):
            self.review_filter.addItem("", key)
        self.session_list = SessionList()
        self.session_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        side.addWidget(self.new_chat_button)
        side.addWidget(self.search_box)
        side.addWidget(self.review_filter)
        side.addWidget(self.session_list)
        self.rename_button = QPushButton()
        self.delete_button = QPushButton()
        row = QHBoxLayout()
        row.addWidget(self.rename_button)
        row.addWidget(self.delete_button)
        side.addLayout(row)

    def retranslate_ui(self) -> None:
        self.new_chat_button.setText(self.tr("+ New chat"))
        self.search_box.setPlaceholderText(self.tr("Search chats…"))
        for index, label in enumerate(
            (self.tr("All chats"), self.tr("Rated"), self.tr("Needs correction"))
        ):
            self.review_filter.setItemText(index, label)
        self.review_filter.setToolTip(self.tr("Show chats by review"))
        self.rename_button.setText(self.tr("Rename"))
        self.delete_button.setText(self.tr("Delete"))

    def show_sessions(self, sessions: list[Session], current_id: int | None) -> None:
        """Fill the list, selecting the open session."""
        self.session_list.clear()
        for session in sessions:
            item = QListWidgetItem(session.title)
            item.setData(Qt.ItemDataRole.UserRole, session.id)
            item.setToolTip(
                session.title
                + "\n"
                + self.tr("%d messages · last used %s")
                % (session.message_count, session.updated_at[:16].replace("T", " "))
            )
            self.session_list.addItem(item)
            if session.id == current_id:
                item.setSelected(True)
                self.session_list.setCurrentItem(item)

    def ask_title(self, current: str) -> str:
        """Ask for a new title; "" if cancelled or left empty."""
        title, ok = QInputDialog.getText(
            self, self.tr("Rename chat"), self.tr("Title:"), text=current
        )
        return title.strip() if ok else ""

    def confirm_delete(self, title: str, message_count: int) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Delete chat"),
            self.tr("Delete “%s” and its %d messages? This cannot be undone.")
            % (title, message_count),
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_session_menu(
        self, position: QPoint, rename: Callable[[], None], delete: Callable[[], None]
    ) -> None:
        """The right-click menu of the session at `position`."""
        menu = QMenu(self)
        menu.addAction(self.tr("Rename…"), rename)
        menu.addAction(self.tr("Delete…"), delete)
        menu.exec(self.session_list.mapToGlobal(position))
