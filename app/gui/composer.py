"""The message composer: Enter sends, Shift+Enter adds a line.

QPlainTextEdit does not right-align right-to-left paragraphs on its own
(QTBUG-7516), so the composer sets its text direction and alignment from the
first strong character of what the user is typing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from bimedix.core.direction import base_direction


class Composer(QPlainTextEdit):
    """Multi-line input that emits `submitted` on Enter."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.fallback_direction = "ltr"
        self.setObjectName("composer")
        self.setTabChangesFocus(True)
        self.textChanged.connect(self._on_text_changed)
        self._direction = ""
        self._on_text_changed()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not (event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.submitted.emit()
            return
        super().keyPressEvent(event)

    @property
    def direction(self) -> str:
        return self._direction

    def _on_text_changed(self) -> None:
        direction = base_direction(self.toPlainText(), self.fallback_direction)  # type: ignore[arg-type]
        if direction == self._direction:
            return
        self._direction = direction
        option = self.document().defaultTextOption()
        rtl = direction == "rtl"
        option.setTextDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        option.setAlignment(Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setDefaultTextOption(option)
