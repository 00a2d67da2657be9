"""CountryCombo: choose the country whose emergency number red-flag notices
give, from the packaged table (`bimedix.core.triage.countries`), or none.

Used by the Preferences dialog and the demo-mode settings. Names are
translated here (the table's names are English); each item shows the number
too, so the choice can be checked at a glance.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QComboBox, QWidget

from bimedix.core.triage import countries


class CountryCombo(QComboBox):
    """The "not set" item first, then every country in the table, by name."""

    def __init__(self, country: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        # The "not set" item is long: sized to it, the box would squeeze its
        # form label to nothing. The open list still shows whole items.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(20)
        self._fill(country)

    def _names(self) -> dict[str, str]:
        return {
            "AE": self.tr("United Arab Emirates"),
            "SA": self.tr("Saudi Arabia"),
            "EG": self.tr("Egypt"),
            "JO": self.tr("Jordan"),
            "QA": self.tr("Qatar"),
            "KW": self.tr("Kuwait"),
            "OM": self.tr("Oman"),
            "BH": self.tr("Bahrain"),
            "MA": self.tr("Morocco"),
            "LB": self.tr("Lebanon"),
            "IQ": self.tr("Iraq"),
            "GB": self.tr("United Kingdom"),
            "US": self.tr("United States"),
            "EU": self.tr("European Union"),
        }

    def _fill(self, country: str) -> None:
        names = self._names()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("Not set: notices say “your local emergency number”"), "")
        items = []
        for code, entry in countries().items():
            name = names.get(code, entry.name)
            # The number is isolated so it keeps its place in Arabic text.
            label = f"{name} · \u2066{entry.ambulance}\u2069" if entry.ambulance else name
            items.append((name, label, code))
        for _name, label, code in sorted(items):
            self.addItem(label, code)
        self.setCurrentIndex(max(0, self.findData(country)))
        self.blockSignals(False)

    def country(self) -> str:
        """The chosen code ("" when not set)."""
        return str(self.currentData() or "")

    def set_country(self, code: str) -> None:
        self.setCurrentIndex(max(0, self.findData(code)))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.LanguageChange:
            self._fill(self.country())
        super().changeEvent(event)
