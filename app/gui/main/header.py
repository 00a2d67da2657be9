"""ChatHeader: the open session's title and the mode selector."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from bimedix.core.prompts import MODES


class ChatHeader(QWidget):
    """Title on one side, "Mode: [consultation ▾]" on the other."""

    def __init__(self) -> None:
        super().__init__()
        header = QHBoxLayout(self)
        header.setContentsMargins(0, 0, 0, 0)  # laid out as if a row of the column
        self.session_title = QLabel()
        self.session_title.setObjectName("sessionTitle")
        # Long titles are clipped instead of pushing the mode selector away.
        self.session_title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.mode_label = QLabel()
        self.mode_box = QComboBox()
        for key in MODES:
            self.mode_box.addItem("", key)
        header.addWidget(self.session_title, 1)
        header.addWidget(self.mode_label)
        header.addWidget(self.mode_box)

    def retranslate_ui(self) -> None:
        self.mode_label.setText(self.tr("Mode:"))
        mode_names = {
            "consult": self.tr("Consultation"),
            "mcq": self.tr("Multiple choice"),
            "qa": self.tr("Open question"),
        }
        for index in range(self.mode_box.count()):
            self.mode_box.setItemText(index, mode_names[self.mode_box.itemData(index)])
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        self.session_title.setAlignment(
            (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
            | Qt.AlignmentFlag.AlignAbsolute
            | Qt.AlignmentFlag.AlignVCenter
        )

    def show_session(self, title: str, mode: str) -> None:
        """Show a session's title and mode without reporting a mode change."""
        self.session_title.setText(title)
        self.mode_box.blockSignals(True)
        self.mode_box.setCurrentIndex(max(0, self.mode_box.findData(mode)))
        self.mode_box.blockSignals(False)
