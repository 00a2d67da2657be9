"""ChatPane: the main window's conversation column.

Top to bottom: the session header, the model status and speed, the notice
line (with "Retry save"), the transcript, the composer with Send/Stop, and
Regenerate and Edit. It draws a turn's events into the transcript; which
session is open and what the buttons do is the window's business."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from bimedix.core.chat import (
    NOTICE_STOP_REASON,
    HistoryTrimmed,
    MessagesRemoved,
    ReplyDelta,
    ReplyFinished,
    ReplyStarted,
    SourcesFound,
    TriageNotice,
)
from bimedix.core.store import StoredMessage
from bimedix.core.triage_view import display_for_record, display_for_result
from bimedix.gui.composer import Composer
from bimedix.gui.main.header import ChatHeader
from bimedix.gui.main.notice import NoticeLabel
from bimedix.gui.main.status_items import ModelStatusLabel, SpeedLabel
from bimedix.gui.transcript import TranscriptView

TRANSCRIPT_PAGE = 60  # messages shown when a session opens


class ChatPane(QWidget):
    """The right-hand column: one conversation and its controls."""

    def __init__(self) -> None:
        super().__init__()
        # Painted like the plain QWidget it replaces.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._hidden_messages: list[StoredMessage] = []  # older than the shown page
        column = QVBoxLayout(self)
        self.header = ChatHeader()
        column.addWidget(self.header)

        model_row = QHBoxLayout()
        self.model_status = ModelStatusLabel()
        self.speed_label = SpeedLabel()
        model_row.addWidget(self.model_status, 1)
        model_row.addWidget(self.speed_label)
        column.addLayout(model_row)

        self.notice = NoticeLabel()
        self.retry_save_button = QPushButton()
        self.retry_save_button.hide()
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.retry_save_button)
        column.addLayout(notice_row)

        self.transcript = TranscriptView()
        column.addWidget(self.transcript, 1)

        composer_row = QHBoxLayout()
        self.composer = Composer()
        self.composer.setFixedHeight(90)
        self.send_button = QPushButton()
        self.send_button.setMinimumSize(QSize(90, 40))
        composer_row.addWidget(self.composer, 1)
        composer_row.addWidget(self.send_button)
        column.addLayout(composer_row)

        actions = QHBoxLayout()
        self.regenerate_button = QPushButton()
        self.edit_button = QPushButton()
        actions.addWidget(self.regenerate_button)
        actions.addWidget(self.edit_button)
        actions.addStretch(1)
        # Per session: answer from the Knowledge panel's documents, citing them.
        self.docs_toggle = QCheckBox()
        self.docs_toggle.setObjectName("docsToggle")
        actions.addWidget(self.docs_toggle)
        column.addLayout(actions)

    def retranslate_ui(self) -> None:
        self.header.retranslate_ui()
        self.composer.setPlaceholderText(
            self.tr("Describe your symptoms or ask a medical question… (Enter sends)")
        )
        self.retry_save_button.setText(self.tr("Retry save"))
        self.regenerate_button.setText(self.tr("↻ Regenerate"))
        self.edit_button.setText(self.tr("✎ Edit last message"))
        self.docs_toggle.setText(self.tr("Answer from my documents"))
        self.docs_toggle.setToolTip(
            self.tr("Search your documents (Knowledge panel) and cite the passages used as [1]")
        )

    def show_turn_event(self, event: object) -> None:
        """Draw one event of a running turn (the user's own message is the
        window's to show: it also updates the session)."""
        if isinstance(event, MessagesRemoved):
            for message_id in event.message_ids:
                self.transcript.remove_message(message_id)
        elif isinstance(event, ReplyStarted):
            self.transcript.start_stream(event.message_id)
        elif isinstance(event, ReplyDelta):
            self.transcript.append_stream(event.text)
        elif isinstance(event, SourcesFound):
            self.transcript.set_stream_sources(event.sources)
        elif isinstance(event, HistoryTrimmed):
            self.notice.show_notice(
                self.tr(
                    "%d older messages no longer fit in the model's context "
                    "and were left out of this reply."
                )
                % event.dropped_messages,
                "info",
            )
        elif isinstance(event, ReplyFinished):
            message = event.message
            self.transcript.finish_stream(message.content, message.status)
            if event.stats.tokens_per_s:
                stats = event.stats
                self.speed_label.show_final(
                    stats.tokens_per_s or 0.0,
                    stats.completion_tokens,
                    stats.prompt_tokens,
                    stats.cached_prompt_tokens,
                )

    def show_buttons(self, generating: bool, ready: bool, has_session: bool) -> None:
        self.send_button.setText(self.tr("Stop") if generating else self.tr("Send"))
        self.send_button.setEnabled(generating or ready)
        self.regenerate_button.setEnabled(ready and not generating and has_session)
        self.edit_button.setEnabled(not generating and has_session)

    def show_red_flag(self, event: TriageNotice) -> None:
        """The turn's red-flag notice, above its reply, read out first."""
        display = display_for_result(event.result)
        if display is not None:
            self.transcript.add_notice(event.message_id, display).announce()

    def show_messages(self, messages: list[StoredMessage]) -> None:
        """Show a session just opened (the transcript was cleared)."""
        messages = without_notice_replies(messages)
        # Only the latest page gets widgets; thousands of bubbles would
        # freeze the window. "Show earlier messages" adds more on request.
        self._hidden_messages = (
            messages[:-TRANSCRIPT_PAGE] if len(messages) > TRANSCRIPT_PAGE else []
        )
        for message in messages[len(self._hidden_messages) :]:
            self.show_stored(message)
        self.transcript.set_earlier_count(len(self._hidden_messages))

    def show_stored(self, message: StoredMessage, at_top: bool = False) -> None:
        bubble = self.transcript.add_message(
            message.id,
            message.role,
            message.content,
            message.status,
            message.direction,  # type: ignore[arg-type]
            at_top=at_top,
        )
        bubble.set_review(message.review)
        display = display_for_record(message.triage) if message.role == "user" else None
        if display is not None:
            self.transcript.add_notice(message.id, display, at_top=at_top)
        if message.sources is not None:
            bubble.set_sources(message.sources)

    def show_earlier_messages(self) -> None:
        """Add the previous page of the open session above what is shown."""
        page = self._hidden_messages[-TRANSCRIPT_PAGE:]
        self._hidden_messages = self._hidden_messages[: -len(page) or None]
        for message in reversed(page):
            self.show_stored(message, at_top=True)
        self.transcript.set_earlier_count(len(self._hidden_messages))


def without_notice_replies(messages: list[StoredMessage]) -> list[StoredMessage]:
    """Leave out replies that are a red-flag notice (demo mode stopped
    there) when the message before them draws that notice as its card."""
    kept = []
    for index, message in enumerate(messages):
        before = messages[index - 1] if index else None
        if (
            message.stop_reason == NOTICE_STOP_REASON
            and before is not None
            and display_for_record(before.triage) is not None
        ):
            continue
        kept.append(message)
    return kept
