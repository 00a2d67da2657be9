"""The transcript: one bubble per message, direction set per message.

Each bubble takes the direction of its message's first strong character
(text like "120/80" follows the session's language). Streaming text is
buffered and painted at most every `REPAINT_INTERVAL_MS`, so a fast model
never floods the event loop.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from bimedix.core.direction import base_direction

REPAINT_INTERVAL_MS = 50

_STATUS_NOTES = {
    "stopped": "■ stopped",
    "interrupted": "⚠ interrupted — the app closed before this reply finished",
    "error": "⚠ the reply failed",
    "streaming": "…",
}


class MessageBubble(QFrame):
    """One message: a role line and selectable text in its own direction."""

    def __init__(
        self, role: str, text: str, fallback_direction: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.role = role
        self._text = text
        self._fallback = fallback_direction
        self.setObjectName("userBubble" if role == "user" else "assistantBubble")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        self.role_label = QLabel(self.tr("You") if role == "user" else "BiMediX")
        self.role_label.setObjectName("roleLabel")
        self.body = QLabel()
        self.body.setObjectName("messageBody")
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusNote")
        self.status_label.hide()
        layout.addWidget(self.role_label)
        layout.addWidget(self.body)
        layout.addWidget(self.status_label)
        self._apply_text()

    @property
    def text(self) -> str:
        return self._text

    @property
    def direction(self) -> str:
        return base_direction(self._text, self._fallback)  # type: ignore[arg-type]

    def set_text(self, text: str) -> None:
        self._text = text
        self._apply_text()

    def append_text(self, text: str) -> None:
        self._text += text

    def flush(self) -> None:
        """Show text appended since the last flush."""
        if self.body.text() != self._text:
            self._apply_text()

    def set_status(self, status: str) -> None:
        note = _STATUS_NOTES.get(status, "")
        self.status_label.setText(self.tr(note) if note else "")
        self.status_label.setVisible(bool(note))

    def _apply_text(self) -> None:
        rtl = self.direction == "rtl"
        direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        self.body.setLayoutDirection(direction)
        # AlignLeft is mirrored by Qt in a right-to-left widget: it means "leading edge".
        self.body.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.body.setText(self._text)


class TranscriptView(QScrollArea):
    """A scrolling column of message bubbles."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._content = QWidget()
        self._content.setObjectName("transcriptContent")
        self._layout = QVBoxLayout(self._content)
        self._layout.setContentsMargins(16, 16, 16, 16)
        self._layout.setSpacing(10)
        self._layout.addStretch(1)
        self.setWidget(self._content)
        self._bubbles: dict[int, MessageBubble] = {}
        self._streaming: MessageBubble | None = None
        self.fallback_direction = "ltr"
        self._repaint = QTimer(self)
        self._repaint.setInterval(REPAINT_INTERVAL_MS)
        self._repaint.timeout.connect(self._on_repaint_timeout)

    def clear(self) -> None:
        self._repaint.stop()
        self._streaming = None
        for bubble in self._bubbles.values():
            bubble.deleteLater()
        self._bubbles.clear()

    def bubbles(self) -> list[MessageBubble]:
        return list(self._bubbles.values())

    def bubble(self, message_id: int) -> MessageBubble | None:
        return self._bubbles.get(message_id)

    def add_message(
        self, message_id: int, role: str, text: str, status: str = "complete"
    ) -> MessageBubble:
        bubble = MessageBubble(role, text, self.fallback_direction)
        bubble.set_status(status)
        self._bubbles[message_id] = bubble
        self._layout.insertWidget(self._layout.count() - 1, bubble)
        self._scroll_to_end_soon()
        return bubble

    def remove_message(self, message_id: int) -> None:
        bubble = self._bubbles.pop(message_id, None)
        if bubble is not None:
            if bubble is self._streaming:
                self._streaming = None
            bubble.deleteLater()

    def start_stream(self, message_id: int) -> None:
        self._streaming = self.add_message(message_id, "assistant", "", "streaming")
        self._repaint.start()

    def append_stream(self, text: str) -> None:
        if self._streaming is not None:
            self._streaming.append_text(text)

    def finish_stream(self, text: str, status: str) -> None:
        self._repaint.stop()
        if self._streaming is not None:
            self._streaming.set_text(text)
            self._streaming.set_status(status)
            self._streaming = None
        self._scroll_to_end_soon()

    def _on_repaint_timeout(self) -> None:
        if self._streaming is None:
            return
        bar = self.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 40
        self._streaming.flush()
        if at_end:
            self._scroll_to_end_soon()

    def scroll_to_end(self) -> None:
        self.verticalScrollBar().setValue(self.verticalScrollBar().maximum())

    def _scroll_to_end_soon(self) -> None:
        # The layout grows on the next event-loop pass; scroll after it.
        QTimer.singleShot(0, self.scroll_to_end)
