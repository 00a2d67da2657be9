"""DisclaimerBar: "not for clinical use", always, in both languages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from bimedix.core.prompts import DISCLAIMER


class DisclaimerBar(QWidget):
    """Both languages always, each label in its own direction: one
    mixed-direction label would put the Arabic full stop on the wrong side.
    This text is deliberately not translated."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("disclaimer")
        # English on the left, Arabic on the right, in either interface.
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        disclaimer_row = QHBoxLayout(self)
        disclaimer_row.setContentsMargins(10, 4, 10, 4)
        self.english = QLabel(f"⚕ {DISCLAIMER['en']}")
        self.english.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.arabic = QLabel(DISCLAIMER["ar"])
        self.arabic.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        for label in (self.english, self.arabic):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        disclaimer_row.addWidget(self.english, 1)
        disclaimer_row.addWidget(self.arabic, 1)
