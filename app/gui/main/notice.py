"""NoticeLabel: one line of news above the transcript (an error, or info)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


class NoticeLabel(QLabel):
    """Hidden until there is something to say; styled by its `kind`."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("notice")
        self.setWordWrap(True)
        self.hide()

    def show_notice(self, text: str, kind: str = "error") -> None:
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setText(text)
        self.show()
