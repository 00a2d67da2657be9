"""ComparePane: one contender's column in the compare view: its label (the
model's name, or "A"/"B" in blind mode), state, the streamed reply (shaped
and directed by Qt from the text: Arabic reads right to left), and its
vote button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from bimedix.gui.chat_controller import ChatController


class ComparePane(QFrame):
    """A contender: its spec, controller, session and reply so far."""

    def __init__(self, spec: str, controller: ChatController, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.controller = controller
        self.letter = ""  # "A", "B", … by position
        self.model_name = ""  # the loaded model's display name
        self.session_id: int | None = None
        self.message_id: int | None = None
        self.reply = ""
        self.done = False
        self.failed = ""
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setObjectName("compareTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.reply_view = QTextBrowser()
        self.reply_view.setOpenLinks(False)
        self.vote_button = QPushButton()
        self.vote_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.reply_view, 1)
        layout.addWidget(self.vote_button)

    def reset(self) -> None:
        """Ready for a new prompt."""
        self.session_id = self.message_id = None
        self.reply = self.failed = ""
        self.done = False
        self.reply_view.clear()
        self.vote_button.setEnabled(False)

    def add_text(self, text: str) -> None:
        self.reply += text
        self.reply_view.setPlainText(self.reply)

    def show_title(self, text: str) -> None:
        self.title.setText(text)
        self.setAccessibleName(text)
