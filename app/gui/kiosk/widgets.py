"""The kiosk's own widgets and look: large text for a screen seen from a
step back, big cards to touch, the idle overlay, and the app-wide input
watch behind the idle timer."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from bimedix.core.direction import base_direction
from bimedix.gui.style import style_sheet


def scale_for_screen_height(height: int) -> float:
    """Text scale for a screen: readable from a step back, yet a reply still fits."""
    return max(1.3, min(2.4, height / 620))


def kiosk_style_sheet(scale: float) -> str:
    """The main window's look, plus the kiosk's large cards and buttons."""

    def pt(size: float) -> int:
        return round(size * scale)

    return (
        style_sheet(scale)
        + f"""
#kiosk {{ background: #f4f8fb; }}
#kioskTitle {{ font-size: {pt(26)}pt; font-weight: bold; color: #0b4a6f; }}
#kioskHeading {{ font-size: {pt(16)}pt; font-weight: bold; color: #0b4a6f; }}
#kioskSubtitle {{ font-size: {pt(12)}pt; color: #37474f; }}
#languageButton {{ font-size: {pt(18)}pt; font-weight: bold; padding: 16px 40px;
    border-radius: 14px; background: #0b6e99; color: white; border: none; }}
#languageButton:hover, #primaryButton:hover {{ background: #095b80; }}
#card {{ background: white; border: 2px solid #cfd8dc; border-radius: 12px; }}
#card:checked {{ border: 3px solid #0b6e99; background: #e1f5fe; }}
#card:disabled {{ background: #eceff1; }}
#card:hover {{ border-color: #0b6e99; }}
#cardTitle {{ font-size: {pt(13)}pt; font-weight: bold; color: #0b4a6f; }}
#cardBody {{ color: #37474f; }}
#primaryButton {{ background: #0b6e99; color: white; font-weight: bold; padding: 10px 28px;
    border-radius: 10px; border: none; }}
#primaryButton:disabled {{ background: #b0bec5; color: #eceff1; }}
#secondaryButton {{ padding: 10px 22px; border-radius: 10px; border: 1px solid #90a4ae;
    background: white; }}
#ackBox {{ background: #fff4e5; border: 1px solid #f0d9b5; border-radius: 10px; }}
#ackBox QLabel, #ackBox QCheckBox {{ color: #7a4b00; }}
#ackBox QCheckBox {{ font-weight: bold; }}
#ackBox QCheckBox::indicator {{ width: {pt(18)}px; height: {pt(18)}px; border-radius: 6px;
    border: 2px solid #7a4b00; background: white; }}
#ackBox QCheckBox::indicator:checked {{ background: #0b6e99; border-color: #0b4a6f; }}
#safetyBar {{ background: #fff4e5; border-top: 1px solid #f0d9b5; }}
#safetyBar QLabel {{ color: #7a4b00; }}
#overlayCard {{ background: white; border-radius: 16px; border: 2px solid #0b6e99; }}
#countdown {{ font-size: {pt(40)}pt; font-weight: bold; color: #b3261e; }}
#kioskError {{ color: #b3261e; font-weight: bold; }}
#kiosk #redFlagTitle {{ font-size: {pt(16)}pt; }}
#kiosk #redFlagBody {{ font-size: {pt(12)}pt; }}
#kiosk #redFlagCard {{ border-width: 3px; border-radius: 12px; }}
#operatorStats {{ background: white; border: 1px solid #cfd8dc; border-radius: 10px; }}
"""
    )


class CardButton(QPushButton):
    """A large button with a bold title and a wrapped description."""

    def __init__(self, parent: QWidget | None = None, checkable: bool = False):
        super().__init__(parent)
        self.setObjectName("card")
        self.setCheckable(checkable)
        # Width from the layout (equal columns), not from the text's length.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(6)
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.body = QLabel()
        self.body.setObjectName("cardBody")
        for label in (self.title, self.body):
            label.setWordWrap(True)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        layout.addStretch(1)

    def set_texts(self, title: str, body: str) -> None:
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.body.setText(body)
        # Each text in its own direction: an Arabic prompt in the English
        # interface (or the reverse) is aligned like the language it is in.
        for label in (self.title, self.body):
            rtl = base_direction(label.text(), self._ui_direction()) == "rtl"
            edge = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
            label.setAlignment(edge | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignTop)
        self.setAccessibleName(f"{title} {body}".strip())
        self.updateGeometry()

    def _ui_direction(self) -> str:
        return "rtl" if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else "ltr"

    # A QPushButton sizes itself for one line of text: grow to what the
    # wrapped labels need at the width the layout gave us.
    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().resizeEvent(event)
        if self.width() < 160:
            return  # a first layout pass before the window has its size
        needed = self.layout().totalHeightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def sizeHint(self):  # type: ignore[no-untyped-def]  # noqa: N802 (Qt override)
        return self.layout().totalSizeHint()


class ActivityWatch(QObject):
    """Sees every input event of the application, for the idle timer."""

    activity = Signal(bool)  # True: a deliberate touch, click or key

    _DELIBERATE = (
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.Wheel,
    )
    _INCIDENTAL = (QEvent.Type.MouseMove, QEvent.Type.TouchUpdate)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind in self._DELIBERATE:
            self.activity.emit(True)
        elif kind in self._INCIDENTAL:
            self.activity.emit(False)
        return False


class IdleOverlay(QWidget):
    """ "Are you still there?" over the whole window, with the countdown."""

    still_here = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("idleOverlay")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame()
        card.setObjectName("overlayCard")
        column = QVBoxLayout(card)
        column.setContentsMargins(40, 30, 40, 30)
        column.setSpacing(14)
        self.question = QLabel()
        self.question.setObjectName("kioskHeading")
        self.seconds = QLabel()
        self.seconds.setObjectName("countdown")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.button = QPushButton()
        self.button.setObjectName("primaryButton")
        self.button.clicked.connect(self.still_here.emit)
        for widget in (self.question, self.seconds, self.explanation):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            column.addWidget(widget)
        column.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        QPainter(self).fillRect(self.rect(), QColor(20, 40, 60, 150))
