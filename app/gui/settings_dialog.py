"""SettingsDialog: the main window's Settings ▸ Preferences….

One group box per topic, stacked in `sections` (a QVBoxLayout; other topics
are appended with `add_section`). Today: emergency notices, i.e. the
country whose number red-flag notices give. The dialog edits a copy of
`Settings`; the window takes `result_settings()` when it is accepted,
saves it and uses it from the next turn, without a restart.
"""

from __future__ import annotations

import copy

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from bimedix.core.settings import Settings
from bimedix.core.triage import countries
from bimedix.gui.country_combo import CountryCombo


class SettingsDialog(QDialog):
    """Edit the app's settings; nothing changes until OK."""

    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self._settings = copy.deepcopy(settings)
        self.setWindowTitle(self.tr("Preferences"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.sections = QVBoxLayout()
        layout.addLayout(self.sections)
        self.add_section(self._emergency_section(settings.country))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.country.setFocus()

    def add_section(self, section: QWidget) -> None:
        """Add a topic's group box below the others."""
        self.sections.addWidget(section)

    def _emergency_section(self, country: str) -> QGroupBox:
        box = QGroupBox(self.tr("Emergency notices"))
        form = QFormLayout(box)
        intro = QLabel(
            self.tr(
                "When a message sounds like an emergency, BiMediX first shows what to do now "
                "and the emergency number to call, then the reply. Choose the country whose "
                "number the notice gives."
            )
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.country = CountryCombo(country)
        self.country.currentIndexChanged.connect(self._show_number)
        label = QLabel(self.tr("&Country:"))
        label.setBuddy(self.country)
        form.addRow(label, self.country)
        self.number_note = QLabel()
        self.number_note.setWordWrap(True)
        form.addRow(self.number_note)
        self._show_number()
        return box

    def _show_number(self) -> None:
        entry = countries().get(self.country.country())
        if entry is not None and entry.ambulance:
            text = (
                self.tr(
                    "Notices will say to call %s. Check this number before using BiMediX at an "
                    "event."
                )
                % f"\u2066{entry.ambulance}\u2069"
            )
        else:
            text = self.tr("Notices will say to call “your local emergency number”.")
        self.number_note.setText(text)

    def result_settings(self) -> Settings:
        """The edited settings (after the dialog was accepted)."""
        result = copy.deepcopy(self._settings)
        result.country = self.country.country()
        return result
