"""The review panel: rate, tag, annotate and correct one assistant reply.

A dialog over the main window, opened from a reply (its context menu,
Enter on a focused reply, or Chat ▸ Review reply, Ctrl+Shift+R). It edits a
`Review` and returns it; `ReviewActions` stores it. Tab moves through the
fields in reading order; the layout follows the interface language.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from bimedix.core.direction import base_direction
from bimedix.core.review import TAGS, Review, make_review
from bimedix.core.store import StoredMessage
from bimedix.gui.review_text import tag_labels

EXCERPT_CHARS = 600


class ReviewPanel(QDialog):
    """Edits the review of `message` (an assistant reply)."""

    def __init__(self, message: StoredMessage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self.message_id = message.id
        self.removed = False  # "Remove review" was chosen
        self.setWindowTitle(self.tr("Review reply"))
        layout = QVBoxLayout(self)

        id_row = QHBoxLayout()
        self.id_label = QLabel(self.tr("Message id: %d") % message.id)
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_id_button = QPushButton(self.tr("Copy id"))
        self.copy_id_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(str(message.id))
        )
        id_row.addWidget(self.id_label, 1)
        id_row.addWidget(self.copy_id_button)
        layout.addLayout(id_row)

        reply = message.content
        if len(reply) > EXCERPT_CHARS:
            reply = reply[:EXCERPT_CHARS] + "…"
        self.reply_label = QLabel(reply)
        self.reply_label.setObjectName("reviewedReply")
        self.reply_label.setWordWrap(True)
        self.reply_label.setTextFormat(Qt.TextFormat.PlainText)
        rtl = base_direction(reply) == "rtl"
        edge = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        self.reply_label.setAlignment(edge | Qt.AlignmentFlag.AlignAbsolute)
        layout.addWidget(self.reply_label)

        rating_box = QGroupBox(self.tr("Rating"))
        rating_row = QHBoxLayout(rating_box)
        self.good_button = QRadioButton(self.tr("👍 &Good"))
        self.bad_button = QRadioButton(self.tr("👎 &Bad"))
        self.unrated_button = QRadioButton(self.tr("&Not rated"))
        self.rating_group = QButtonGroup(self)
        for button in (self.good_button, self.bad_button, self.unrated_button):
            self.rating_group.addButton(button)
            rating_row.addWidget(button)
        layout.addWidget(rating_box)

        tags_box = QGroupBox(self.tr("Tags"))
        grid = QGridLayout(tags_box)
        self.tag_boxes: dict[str, QCheckBox] = {}
        labels = tag_labels()
        for index, tag in enumerate(TAGS):
            box = QCheckBox(labels[tag])
            box.setToolTip(tag)  # the identifier exports and the CLI use
            self.tag_boxes[tag] = box
            grid.addWidget(box, index // 2, index % 2)
        layout.addWidget(tags_box)

        layout.addWidget(QLabel(self.tr("Note:")))
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("What is wrong or good about this reply"))
        layout.addWidget(self.note_edit)
        layout.addWidget(QLabel(self.tr("Corrected reply:")))
        self.correction_edit = QPlainTextEdit()
        self.correction_edit.setPlaceholderText(self.tr("What the model should have said"))
        self.correction_edit.setTabChangesFocus(True)  # Tab leaves; it types no tab
        layout.addWidget(self.correction_edit, 1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.remove_button = self.buttons.addButton(
            self.tr("Remove review"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.show_review(message.review)
        self.resize(560, 600)

    def show_review(self, review: Review | None) -> None:
        review = review or Review()
        {"good": self.good_button, "bad": self.bad_button}.get(
            review.rating or "", self.unrated_button
        ).setChecked(True)
        for tag, box in self.tag_boxes.items():
            box.setChecked(tag in review.tags)
        self.note_edit.setText(review.note)
        self.correction_edit.setPlainText(review.correction)
        self.remove_button.setEnabled(not review.is_empty)

    def review(self) -> Review:
        """What the panel shows now, as a Review ("Remove review": empty)."""
        if self.removed:
            return Review()
        rating = "good" if self.good_button.isChecked() else None
        rating = "bad" if self.bad_button.isChecked() else rating
        return make_review(
            rating,
            [tag for tag, box in self.tag_boxes.items() if box.isChecked()],
            self.note_edit.text(),
            self.correction_edit.toPlainText(),
        )

    def _on_remove_clicked(self) -> None:
        self.removed = True
        self.accept()
