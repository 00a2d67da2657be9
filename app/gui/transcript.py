"""The transcript: one bubble per message, direction set per message.

A message takes the direction of its first strong character (text like
"120/80" follows the session's language), unless the user flipped it.
Assistant replies are Markdown, laid out paragraph by paragraph, with a
badge for their review; Tab reaches them, Enter or the menu key opens the
review (issue 17). Streaming
text is buffered and painted at most every `REPAINT_INTERVAL_MS`, so a fast
model never floods the event loop.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from bimedix.core.direction import Direction, base_direction
from bimedix.core.review import Review
from bimedix.core.triage_view import NoticeDisplay
from bimedix.gui.knowledge.citations import link_citations, show_passage, source_for, sources_html
from bimedix.gui.red_flag_card import RedFlagCard
from bimedix.gui.review_text import badge
from bimedix.gui.rich_text import markdown_to_html

REPAINT_INTERVAL_MS = 50


class MessageBubble(QFrame):
    """One message: a role line and selectable text in its own direction."""

    flip_requested = Signal()
    review_requested = Signal()

    def __init__(
        self,
        role: str,
        text: str,
        fallback_direction: Direction,
        direction_override: Direction | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.role = role
        self._text = text
        self._fallback: Direction = fallback_direction
        self._override = direction_override
        self._status = "complete"
        self.message_id: int | None = None  # set by TranscriptView
        self.review: Review | None = None
        self._sources: list[dict[str, object]] | None = None  # passages it may cite
        self.passage_popup: QWidget | None = None  # the last citation opened
        self._shown: tuple[str, str] | None = None  # (text, direction) on screen
        self.setObjectName("userBubble" if role == "user" else "assistantBubble")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        self.role_label = QLabel()
        self.role_label.setObjectName("roleLabel")
        self.body = QLabel()
        self.body.setObjectName("messageBody")
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.body.customContextMenuRequested.connect(self._on_context_menu)
        self.body.setOpenExternalLinks(False)
        self.body.linkActivated.connect(self._on_link)
        self.status_label = QLabel()
        self.status_label.setObjectName("statusNote")
        self.status_label.hide()
        self.review_label = QLabel()
        self.review_label.setObjectName("reviewBadge")
        self.review_label.hide()
        layout.addWidget(self.role_label)
        layout.addWidget(self.body)
        layout.addWidget(self.status_label)
        layout.addWidget(self.review_label)
        if role == "assistant":
            # Keyboard users reach replies with Tab to review them.
            self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._retranslate()
        self._apply_text()

    @property
    def text(self) -> str:
        return self._text

    @property
    def direction(self) -> Direction:
        return self._override or base_direction(self._text, self._fallback)

    def set_text(self, text: str) -> None:
        self._text = text
        self._apply_text()

    def append_text(self, text: str) -> None:
        self._text += text

    def flush(self) -> None:
        """Show text appended since the last flush."""
        self._apply_text()

    def set_direction_override(self, direction: Direction | None) -> None:
        self._override = direction
        self._apply_text()

    def set_status(self, status: str) -> None:
        self._status = status
        self._retranslate()

    def set_review(self, review: Review | None) -> None:
        """Show the reply's stored review as a badge (nothing when None)."""
        self.review = review
        self._retranslate()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if self.role == "assistant" and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.review_requested.emit()
        elif event.key() == Qt.Key.Key_Menu or (
            event.key() == Qt.Key.Key_F10 and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self._on_context_menu(QPoint(0, 0))
        else:
            super().keyPressEvent(event)
    def set_sources(self, sources: list[dict[str, object]] | None) -> None:
        """The document passages this reply was given ([] when none matched)."""
        self._sources = sources
        self._shown = None
        self.body.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self._apply_text()

    @property
    def sources(self) -> list[dict[str, object]] | None:
        return self._sources

    def _on_link(self, link: str) -> None:
        source = source_for(link, self._sources or [])
        if source is not None:
            self.passage_popup = show_passage(self, source, self.tr("Source"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        text = badge(self.review)
        self.review_label.setText(text)
        self.review_label.setVisible(bool(text))
        self.role_label.setText(self.tr("You") if self.role == "user" else "BiMediX")
        notes = {
            "stopped": self.tr("■ Stopped"),
            "interrupted": self.tr("⚠ Interrupted: the app closed before this reply finished"),
            "error": self.tr("⚠ This reply failed"),
            "unsaved": self.tr("⚠ Not saved yet: the disk is full or read-only"),
            "streaming": "…",
        }
        note = notes.get(self._status, "")
        self.status_label.setText(note)
        self.status_label.setVisible(bool(note))

    def _apply_text(self) -> None:
        direction = self.direction
        if self._shown == (self._text, direction):
            return
        self._shown = (self._text, direction)
        rtl = direction == "rtl"
        # The bubble's own direction: the role line and status follow it.
        self.setLayoutDirection(
            Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        )
        # Absolute alignment: Qt would otherwise align each label by the
        # direction of its own text ("BiMediX" is Latin even over Arabic).
        edge = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        edge |= Qt.AlignmentFlag.AlignAbsolute
        self.body.setAlignment(edge | Qt.AlignmentFlag.AlignTop)
        self.role_label.setAlignment(edge | Qt.AlignmentFlag.AlignVCenter)
        self.status_label.setAlignment(edge | Qt.AlignmentFlag.AlignVCenter)
        self.review_label.setAlignment(edge | Qt.AlignmentFlag.AlignVCenter)
        if self.role == "assistant":
            self.body.setTextFormat(Qt.TextFormat.RichText)
            body = markdown_to_html(self._text, direction)
            if self._sources is not None:
                body = link_citations(body, self._sources) + sources_html(
                    self._sources,
                    self.tr("Sources (your documents)"),
                    self.tr("Your documents were searched: nothing relevant was found."),
                )
            self.body.setText(body)
        else:
            self.body.setTextFormat(Qt.TextFormat.PlainText)
            self.body.setText(self._text)

    def _on_context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction(self.tr("Copy"), self._copy)
        menu.addAction(self.tr("Flip text direction"), self.flip_requested.emit)
        if self.message_id is not None:
            if self.role == "assistant":
                menu.addAction(self.tr("Review this reply…"), self.review_requested.emit)
            menu.addAction(self.tr("Copy message id"), self.copy_message_id)
        menu.exec(self.body.mapToGlobal(position))

    def _copy(self) -> None:
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.clipboard().setText(self.body.selectedText() or self._text)

    def copy_message_id(self) -> None:
        """The id `bimedix review` and the JSON export use."""
        from PySide6.QtGui import QGuiApplication

        QGuiApplication.clipboard().setText(str(self.message_id))


class TranscriptView(QScrollArea):
    """A scrolling column of message bubbles."""

    # message id, new direction ("ltr"/"rtl")
    direction_flipped = Signal(int, str)
    earlier_requested = Signal()
    review_requested = Signal(int)  # message id

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
        # Long transcripts open at their end; older messages load on request.
        self.earlier_button = QPushButton()
        self.earlier_button.hide()
        self.earlier_button.clicked.connect(self.earlier_requested.emit)
        self._layout.insertWidget(0, self.earlier_button)
        # What an empty chat shows: how to start, and what the modes do.
        self.welcome = QLabel()
        self.welcome.setObjectName("welcome")
        self.welcome.setWordWrap(True)
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout.insertWidget(1, self.welcome)
        self._retranslate()
        self.setWidget(self._content)
        self._bubbles: dict[int, MessageBubble] = {}
        # Red-flag notices, by the id of the user message that raised them.
        self._notices: dict[int, RedFlagCard] = {}
        self._streaming: MessageBubble | None = None
        self.fallback_direction: Direction = "ltr"
        self._repaint = QTimer(self)
        self._repaint.setInterval(REPAINT_INTERVAL_MS)
        self._repaint.timeout.connect(self._on_repaint_timeout)

    def clear(self) -> None:
        self._repaint.stop()
        self._streaming = None
        for bubble in self._bubbles.values():
            bubble.deleteLater()
        self._bubbles.clear()
        for card in self._notices.values():
            card.deleteLater()
        self._notices.clear()
        self.welcome.show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.welcome.setText(
            self.tr(
                "Describe your symptoms, how long you have had them, and any medicines "
                "you take. In Consultation mode BiMediX asks follow-up questions; "
                "Multiple choice answers with the option letter; Open question answers "
                "directly. You can write in Arabic or English."
            )
        )

    def bubbles(self) -> list[MessageBubble]:
        return list(self._bubbles.values())

    def bubble(self, message_id: int) -> MessageBubble | None:
        return self._bubbles.get(message_id)

    def add_message(
        self,
        message_id: int,
        role: str,
        text: str,
        status: str = "complete",
        direction: Direction | None = None,
        at_top: bool = False,
    ) -> MessageBubble:
        bubble = MessageBubble(role, text, self.fallback_direction, direction)
        bubble.message_id = message_id
        bubble.set_status(status)
        bubble.flip_requested.connect(lambda: self._on_flip_requested(message_id))
        bubble.review_requested.connect(lambda: self.review_requested.emit(message_id))
        self.welcome.hide()
        if at_top:
            # Below the "earlier messages" button and the (hidden) welcome;
            # the dict keeps screen order.
            self._bubbles = {message_id: bubble, **self._bubbles}
            self._layout.insertWidget(2, bubble)
        else:
            self._bubbles[message_id] = bubble
            self._layout.insertWidget(self._layout.count() - 1, bubble)
            self._scroll_to_end_soon()
        return bubble

    def add_notice(
        self, message_id: int, display: NoticeDisplay, at_top: bool = False
    ) -> RedFlagCard:
        """Show (or update) the red-flag card of user message `message_id`,
        right under it: above the reply, which is added after it."""
        card = self._notices.get(message_id)
        if card is not None:
            card.set_display(display)
            return card
        card = RedFlagCard(display)
        self._notices[message_id] = card
        self.welcome.hide()
        bubble = self._bubbles.get(message_id)
        index = self._layout.indexOf(bubble) + 1 if bubble is not None else -1
        self._layout.insertWidget(index if index > 0 else self._layout.count() - 1, card)
        if not at_top:
            self._scroll_to_end_soon()
        return card

    def notice(self, message_id: int) -> RedFlagCard | None:
        return self._notices.get(message_id)

    def notices(self) -> list[RedFlagCard]:
        return list(self._notices.values())

    def set_earlier_count(self, count: int) -> None:
        """How many older messages are not shown yet (0 hides the button)."""
        self.earlier_button.setText(self.tr("Show %d earlier messages") % count)
        self.earlier_button.setVisible(count > 0)

    def remove_message(self, message_id: int) -> None:
        bubble = self._bubbles.pop(message_id, None)
        card = self._notices.pop(message_id, None)
        if card is not None:
            card.deleteLater()
        self.welcome.setVisible(not self._bubbles and not self._notices)
        if bubble is not None:
            if bubble is self._streaming:
                self._streaming = None
            bubble.deleteLater()

    def start_stream(self, message_id: int) -> None:
        self._streaming = self.add_message(message_id, "assistant", "", "streaming")
        self._repaint.start()

    def set_stream_sources(self, sources: list[dict[str, object]]) -> None:
        if self._streaming is not None:
            self._streaming.set_sources(sources)

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

    def _on_flip_requested(self, message_id: int) -> None:
        bubble = self._bubbles.get(message_id)
        if bubble is None:
            return
        flipped: Direction = "ltr" if bubble.direction == "rtl" else "rtl"
        bubble.set_direction_override(flipped)
        self.direction_flipped.emit(message_id, flipped)

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
