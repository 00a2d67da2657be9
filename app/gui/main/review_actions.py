"""Reviews in the main window: open the review panel for a reply, store what
it returns, badge the reply, and filter the sidebar by review state.

Attached to the window once (`ReviewActions(window)`); the window only asks
it to narrow the session list (`filtered`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog

from bimedix.core.store import Session
from bimedix.errors import StorageError, UserFacingError
from bimedix.gui.main.review_panel import ReviewPanel
from bimedix.gui.transcript import MessageBubble

if TYPE_CHECKING:
    from bimedix.gui.main_window import MainWindow


class ReviewActions(QObject):
    """The main window's review panel, review shortcut and sidebar filter."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel: ReviewPanel | None = None
        self.review_action = QAction(window, shortcut=QKeySequence("Ctrl+Shift+R"))
        self.review_action.triggered.connect(self.review_focused_or_last)
        window.menus.chat_menu.addAction(self.review_action)
        window.transcript.review_requested.connect(self.open_panel)
        window.sidebar.review_filter.currentIndexChanged.connect(window.refresh_sessions)
        window.installEventFilter(self)  # retranslate on LanguageChange
        self.retranslate_ui()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()
        return False

    def retranslate_ui(self) -> None:
        self.review_action.setText(self.tr("Re&view reply…"))

    def filtered(self, sessions: list[Session]) -> list[Session]:
        """`sessions` narrowed to the sidebar's review filter."""
        which = self.window.sidebar.review_filter.currentData() or "all"
        if which == "all":
            return sessions
        keep = self.window.store.reviewed_session_ids(which)
        return [s for s in sessions if s.id in keep]

    def review_focused_or_last(self) -> ReviewPanel | None:
        """Ctrl+Shift+R: the reply with keyboard focus, else the last reply."""
        widget = QApplication.focusWidget()
        while widget is not None and not isinstance(widget, MessageBubble):
            widget = widget.parentWidget()
        if widget is None or widget.role != "assistant":
            replies = [b for b in self.window.transcript.bubbles() if b.role == "assistant"]
            widget = replies[-1] if replies else None
        if widget is None or widget.message_id is None:
            return None
        return self.open_panel(widget.message_id)

    def open_panel(self, message_id: int) -> ReviewPanel | None:
        """Show the review panel for a reply; Save stores the review."""
        try:
            message = self.window.store.get_message(message_id)
        except KeyError:
            return None  # deleted meanwhile (another window, the CLI)
        if message.role != "assistant" or message.status == "streaming":
            return None
        panel = ReviewPanel(message, self.window)
        panel.finished.connect(lambda result: self._on_panel_finished(panel, result))
        self.panel = panel
        panel.open()
        return panel

    def _on_panel_finished(self, panel: ReviewPanel, result: int) -> None:
        self.panel = None
        panel.deleteLater()
        if result != QDialog.DialogCode.Accepted:
            return
        try:
            stored = self.window.store.set_review(panel.message_id, panel.review())
        except (StorageError, UserFacingError, KeyError) as exc:
            self.window.show_notice(self.tr("The review was not saved: %s") % exc)
            return
        bubble = self.window.transcript.bubble(panel.message_id)
        if bubble is not None:
            bubble.set_review(stored)
        self.window.refresh_sessions()
