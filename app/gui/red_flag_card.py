"""RedFlagCard: the emergency notice drawn in a transcript, above the reply.

One card per user message that raised a red flag (issue 19), in that
message's language and direction whatever the interface language: the title
("This may be an emergency."), what to do now with the number in bold, and
the footer. Red for an emergency, amber for a crisis-support notice. The
whole text is the card's accessible description, and `announce()` asks a
screen reader to speak it at once, before the reply that follows.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from bimedix.core.triage_view import NoticeDisplay


def body_html(display: NoticeDisplay) -> str:
    """The lines after the title as paragraphs, the emergency number bold.

    Every paragraph takes the notice's direction: left to Qt, an Arabic
    line that starts with "BiMediX" would be laid out left to right."""
    rtl = display.language == "ar"
    opening = '<p dir="rtl" align="right">' if rtl else '<p dir="ltr" align="left">'
    paragraphs = []
    for line in display.body_lines:
        text = html.escape(line)
        if display.number:
            # Digits around it would be another number (999 inside 9999).
            pattern = rf"(?<!\d){re.escape(display.number)}(?!\d)"
            text = re.sub(pattern, lambda m: f"<b><big>{m.group(0)}</big></b>", text)
        paragraphs.append(f"{opening}{text}</p>")
    return "".join(paragraphs)


class RedFlagCard(QFrame):
    """A red (or amber) notice card; `display` says what it shows."""

    def __init__(self, display: NoticeDisplay, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("redFlagCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Reachable with Tab, so a screen-reader user can come back to it.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("redFlagTitle")
        self.title.setWordWrap(True)
        self.body = QLabel()
        self.body.setObjectName("redFlagBody")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        self.display = display
        self.set_display(display)

    @property
    def text(self) -> str:
        return self.display.text

    @property
    def language(self) -> str:
        return self.display.language

    def set_display(self, display: NoticeDisplay) -> None:
        self.display = display
        self.setProperty("kind", "crisis" if display.crisis else "emergency")
        self.style().unpolish(self)
        self.style().polish(self)
        rtl = display.language == "ar"
        # The message's direction, not the interface's: an Arabic notice in
        # the English interface still reads right to left.
        self.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        edge = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        edge |= Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignTop
        self.title.setAlignment(edge)
        self.body.setAlignment(edge)
        marker = "" if display.crisis else "⚠ "
        self.title.setText(marker + display.title)
        self.body.setText(body_html(display))
        self.setAccessibleName(display.title)
        self.setAccessibleDescription(display.text)

    def announce(self) -> None:
        """Ask a screen reader to read the notice now, interrupting."""
        event = QAccessibleAnnouncementEvent(self, self.display.text)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
        QAccessible.updateAccessibility(event)
