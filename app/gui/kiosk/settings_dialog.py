"""The demo-mode settings dialog (Settings ▸ Demo mode…, and the operator
panel): PIN, idle timeout, privacy, automatic export and which model answers.

It edits a copy of `KioskSettings`; the caller saves what `result_settings`
returns once the dialog is accepted.
"""

from __future__ import annotations

import copy

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bimedix.core.kiosk import (
    EXPORT_FORMATS,
    MIN_COUNTDOWN_S,
    MIN_IDLE_TIMEOUT_S,
    PRIVACY_CHOICES,
    KioskSettings,
    PinFormatError,
    normalise_pin,
)
from bimedix.gui.country_combo import CountryCombo


class KioskSettingsDialog(QDialog):
    """Edit demo-mode settings; `starting` says whether OK starts the demo."""

    def __init__(
        self, settings: KioskSettings, parent: QWidget | None = None, starting: bool = True
    ):
        super().__init__(parent)
        self._settings = copy.deepcopy(settings)
        self.setWindowTitle(self.tr("Demo mode"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)

        intro = QLabel(
            self.tr(
                "Demo mode shows BiMediX full screen for visitors at an event: a welcome "
                "screen, large text, no menus and no other chats. It clears each visit after "
                "a time without input. Esc opens the operator panel; leaving needs the PIN."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        pin_box = QGroupBox(self.tr("Operator PIN"))
        pin_form = QFormLayout(pin_box)
        self.pin = QLineEdit()
        self.pin_again = QLineEdit()
        for field in (self.pin, self.pin_again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(12)
        if settings.has_pin:
            self.pin.setPlaceholderText(self.tr("Leave empty to keep the current PIN"))
        pin_form.addRow(self.tr("New PIN (4–12 digits):"), self.pin)
        pin_form.addRow(self.tr("New PIN again:"), self.pin_again)
        layout.addWidget(pin_box)

        visit_box = QGroupBox(self.tr("Visits"))
        visit_form = QFormLayout(visit_box)
        self.idle = QSpinBox()
        self.idle.setRange(MIN_IDLE_TIMEOUT_S, 3600)
        self.idle.setSuffix(self.tr(" s"))
        self.idle.setValue(round(settings.idle_timeout_s))
        self.countdown = QSpinBox()
        self.countdown.setRange(MIN_COUNTDOWN_S, 300)
        self.countdown.setSuffix(self.tr(" s"))
        self.countdown.setValue(round(settings.countdown_s))
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(16, 8192)
        self.max_tokens.setValue(settings.max_tokens)
        visit_form.addRow(self.tr("Ask “Are you still there?” after no input for:"), self.idle)
        visit_form.addRow(self.tr("Then clear the visit after:"), self.countdown)
        visit_form.addRow(self.tr("Longest reply (tokens):"), self.max_tokens)
        layout.addWidget(visit_box)

        red_flag_box = QGroupBox(self.tr("Emergency notices"))
        red_flag_form = QFormLayout(red_flag_box)
        self.country = CountryCombo(settings.country)
        country_label = QLabel(self.tr("&Country for the emergency number:"))
        country_label.setBuddy(self.country)
        red_flag_form.addRow(country_label, self.country)
        self.stop_after_red_flag = QCheckBox(
            self.tr("Show only the notice when a message sounds like an emergency (no reply)")
        )
        self.stop_after_red_flag.setChecked(settings.stop_after_red_flag)
        red_flag_form.addRow(self.stop_after_red_flag)
        layout.addWidget(red_flag_box)

        privacy_box = QGroupBox(self.tr("Privacy of visitors' sessions"))
        privacy_layout = QVBoxLayout(privacy_box)
        self.privacy_group = QButtonGroup(self)
        self.privacy_buttons: dict[str, QRadioButton] = {}
        labels = {
            "none": self.tr("Not stored: kept in memory only and gone when the visit ends"),
            "anonymised": self.tr(
                "Stored anonymised: e-mails, links, long numbers and introduced names removed; "
                "titled “Demo session”"
            ),
            "full": self.tr("Stored: like any chat, in this computer's chat history"),
        }
        for key in PRIVACY_CHOICES:
            button = QRadioButton(labels[key])
            button.setChecked(key == settings.privacy)
            button.toggled.connect(self._update_enabled)
            self.privacy_group.addButton(button)
            self.privacy_buttons[key] = button
            privacy_layout.addWidget(button)
        export_row = QHBoxLayout()
        self.auto_export = QCheckBox(self.tr("Export each stored visit when it ends, as"))
        self.auto_export.setChecked(settings.auto_export)
        self.auto_export.toggled.connect(self._update_enabled)
        self.export_format = QComboBox()
        for fmt in EXPORT_FORMATS:
            self.export_format.addItem(fmt.upper(), fmt)
        self.export_format.setCurrentIndex(
            max(0, self.export_format.findData(settings.export_format))
        )
        export_row.addWidget(self.auto_export)
        export_row.addWidget(self.export_format)
        export_row.addStretch(1)
        privacy_layout.addLayout(export_row)
        folder_row = QHBoxLayout()
        self.export_dir = QLineEdit(settings.export_dir)
        self.export_dir.setPlaceholderText(self.tr("Default: kiosk-exports in the data folder"))
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose_export_dir)
        folder_row.addWidget(QLabel(self.tr("Export folder:")))
        folder_row.addWidget(self.export_dir, 1)
        folder_row.addWidget(browse)
        privacy_layout.addLayout(folder_row)
        layout.addWidget(privacy_box)

        model_box = QGroupBox(self.tr("Model"))
        model_layout = QFormLayout(model_box)
        self.local = QRadioButton(self.tr("This computer"))
        self.remote = QRadioButton(
            self.tr("An OpenAI-compatible server (shared by several stations)")
        )
        self.local.setChecked(settings.backend == "local")
        self.remote.setChecked(settings.backend == "openai")
        self.remote.toggled.connect(self._update_enabled)
        self.model = QLineEdit(settings.model)
        self.model.setPlaceholderText(self.tr("Empty: the model the app uses"))
        self.base_url = QLineEdit(settings.base_url)
        self.base_url.setPlaceholderText("http://192.168.1.10:8080/v1")
        self.api_model = QLineEdit(settings.api_model)
        self.api_key = QLineEdit(settings.api_key)
        self.api_key.setEchoMode(QLineEdit.EchoMode.Password)
        model_layout.addRow(self.local)
        model_layout.addRow(self.tr("Model file or name:"), self.model)
        model_layout.addRow(self.remote)
        model_layout.addRow(self.tr("Server address:"), self.base_url)
        model_layout.addRow(self.tr("Model name on the server:"), self.api_model)
        model_layout.addRow(self.tr("API key (optional):"), self.api_key)
        layout.addWidget(model_box)

        self.error = QLabel()
        self.error.setObjectName("notice")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Start demo mode") if starting else self.tr("Save"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._update_enabled()

    def _update_enabled(self) -> None:
        stores = not self.privacy_buttons["none"].isChecked()
        self.auto_export.setEnabled(stores)
        self.export_format.setEnabled(stores and self.auto_export.isChecked())
        remote = self.remote.isChecked()
        self.model.setEnabled(not remote)
        for field in (self.base_url, self.api_model, self.api_key):
            field.setEnabled(remote)

    def _choose_export_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export folder"))
        if folder:
            self.export_dir.setText(folder)

    def _problem(self) -> str:
        """What is wrong with the form, in the interface language ('' if nothing)."""
        pin, again = self.pin.text(), self.pin_again.text()
        if pin or again or not self._settings.has_pin:
            try:
                if normalise_pin(pin) != normalise_pin(again):
                    return self.tr("The two PINs are not the same.")
            except PinFormatError:
                return self.tr("The PIN must be 4 to 12 digits.")
        url = self.base_url.text().strip()
        if self.remote.isChecked() and not url.startswith(("http://", "https://")):
            return self.tr("The server address must start with http:// or https://.")
        return ""

    def accept(self) -> None:
        problem = self._problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()

    def result_settings(self) -> KioskSettings:
        """The edited settings (call after the dialog was accepted)."""
        result = copy.deepcopy(self._settings)
        if self.pin.text():
            result.set_pin(self.pin.text())
        result.idle_timeout_s = float(self.idle.value())
        result.countdown_s = float(self.countdown.value())
        result.max_tokens = self.max_tokens.value()
        result.country = self.country.country()
        result.stop_after_red_flag = self.stop_after_red_flag.isChecked()
        result.privacy = next(k for k, b in self.privacy_buttons.items() if b.isChecked())
        result.auto_export = self.auto_export.isChecked() and result.privacy != "none"
        result.export_format = str(self.export_format.currentData())
        result.export_dir = self.export_dir.text().strip()
        result.backend = "openai" if self.remote.isChecked() else "local"
        result.model = self.model.text().strip()
        result.base_url = self.base_url.text().strip()
        result.api_model = self.api_model.text().strip()
        result.api_key = self.api_key.text()
        return result
