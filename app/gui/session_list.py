"""The sidebar's list of sessions, each title laid out in its own direction.

Qt's item delegates use the widget's direction for every row; an Arabic
title in an English interface (or the reverse) needs `option.direction` set
per item (see PLATFORM.md), so it aligns and elides from its own start.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QListWidget, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from bimedix.core.direction import base_direction


class DirectionalItemDelegate(QStyledItemDelegate):
    """Sets each row's layout direction from its text's first strong character."""

    def initStyleOption(  # noqa: N802 (Qt override)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        rtl = base_direction(str(index.data(Qt.ItemDataRole.DisplayRole) or "")) == "rtl"
        option.direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class SessionList(QListWidget):
    """Session titles, one line each, elided rather than scrolled sideways."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setItemDelegate(DirectionalItemDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setUniformItemSizes(True)
        self.setWordWrap(False)
        # Ctrl/Shift-click selects several chats, e.g. to export them together.
        self.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
