"""The operator's side of demo mode: the PIN (set, asked, locked out),
the operator panel, the demo settings and leaving demo mode."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from bimedix.core.kiosk import PinFormatError, PinGate, normalise_pin


class OperatorPanel:
    """Mixed into `KioskWindow` (its strings keep the window's context)."""

    def _on_escape(self) -> None:
        if self.current_page == "pin":
            self._cancel_pin()
        elif self.current_page == "operator":
            self._resume_from_operator()
        elif self.current_page != "set_pin":
            self.ask_pin(lambda: self._show_page("operator"))

    def ask_pin(self, then: Callable[[], None]) -> None:
        """Show the PIN page; run `then` once the right PIN is entered."""
        if self.current_page != "pin":
            self._page_before_pin = self.current_page
        self._after_pin = then
        self.pin_error.clear()
        self._show_page("pin")

    def _on_pin_entered(self) -> None:
        locked = self._gate.seconds_locked()
        if not locked and self._gate.check(self.pin_field.text()):
            action, self._after_pin = self._after_pin, None
            self.pin_field.clear()
            if action is not None:
                action()
            return
        self.pin_field.clear()
        locked = self._gate.seconds_locked()
        if locked:
            self.pin_error.setText(
                QCoreApplication.translate(
                    "KioskWindow", "Too many wrong PINs. Try again in %d seconds."
                )
                % locked
            )
        else:
            self.pin_error.setText(QCoreApplication.translate("KioskWindow", "Wrong PIN."))

    def _cancel_pin(self) -> None:
        self._after_pin = None
        self._show_page(self._page_before_pin)

    def _resume_from_operator(self) -> None:
        self._show_page(self._page_before_pin if self._page_before_pin != "pin" else "language")

    def _on_set_pin(self) -> None:
        first, second = self.new_pin.text(), self.repeat_pin.text()
        try:
            normalise_pin(first)
        except PinFormatError:
            self.set_pin_error.setText(
                QCoreApplication.translate("KioskWindow", "The PIN must be 4 to 12 digits.")
            )
            return
        if normalise_pin(first) != (normalise_pin(second) if second.strip() else ""):
            self.set_pin_error.setText(
                QCoreApplication.translate("KioskWindow", "The two PINs are not the same.")
            )
            self.repeat_pin.clear()
            return
        self.kiosk.set_pin(first)
        self._gate = PinGate(self.kiosk.pin_hash)
        self._save_kiosk_settings()
        self.new_pin.clear()
        self.repeat_pin.clear()
        self.set_pin_error.clear()
        self._show_page("language")

    def _save_kiosk_settings(self) -> None:
        try:
            self.kiosk.save(self.kiosk_path)
        except OSError as exc:
            self.export_result.setText(
                QCoreApplication.translate("KioskWindow", "Could not save the demo settings: %s")
                % exc
            )

    def _refresh_operator_panel(self) -> None:
        today = self.stats.today()
        self.sessions_label.setText(
            QCoreApplication.translate("KioskWindow", "Sessions served today: %d (%d replies)")
            % (today.sessions, today.replies)
        )
        speed, first = today.average_tokens_per_s, today.average_first_token_s
        if speed is None:
            self.speed_label.setText(
                QCoreApplication.translate(
                    "KioskWindow", "Average reply speed: no replies yet today"
                )
            )
        else:
            self.speed_label.setText(
                QCoreApplication.translate(
                    "KioskWindow", "Average reply speed: %.1f tokens/s; first words after %.1f s"
                )
                % (speed, first or 0.0)
            )
        privacy = {
            "none": QCoreApplication.translate("KioskWindow", "not stored"),
            "anonymised": QCoreApplication.translate("KioskWindow", "stored anonymised"),
            "full": QCoreApplication.translate("KioskWindow", "stored"),
        }[self.kiosk.privacy]
        text = QCoreApplication.translate("KioskWindow", "Visitors' sessions: %s") % privacy
        if self.kiosk.auto_export and self.kiosk.stores_visits:
            text += (
                " · "
                + QCoreApplication.translate("KioskWindow", "each one exported to %s")
                % self._export_dir()
            )
        self.privacy_label.setText(text)
        if self.kiosk.backend == "openai":
            where = (
                QCoreApplication.translate("KioskWindow", "remote server %s")
                % f"\u2068{self.kiosk.base_url}\u2069"
            )
        elif self.model_info is not None:
            where = f"\u2068{self.model_info.display_name}\u2069"
        else:
            where = "…"
        self.backend_label.setText(QCoreApplication.translate("KioskWindow", "Model: %s") % where)

    def edit_settings(self) -> None:
        """The demo settings dialog, from the operator panel (PIN already given)."""
        from bimedix.gui.kiosk.settings_dialog import KioskSettingsDialog

        before = (self.kiosk.privacy, self.kiosk.backend, self.kiosk.model,
                  self.kiosk.base_url, self.kiosk.api_model, self.kiosk.api_key)  # fmt: skip
        dialog = KioskSettingsDialog(self.kiosk, self, starting=False)
        if not dialog.exec():
            return
        self.kiosk = dialog.result_settings()
        self._gate = PinGate(self.kiosk.pin_hash)
        self._save_kiosk_settings()
        after = (self.kiosk.privacy, self.kiosk.backend, self.kiosk.model,
                 self.kiosk.base_url, self.kiosk.api_model, self.kiosk.api_key)  # fmt: skip
        if after != before:
            # Where visits are kept, or which model answers, changed: a new
            # worker for the next visitor.
            self.reset_visit()
            self._stop_worker()
            if self.kiosk.backend == "local" and self.kiosk.model:
                self._model_spec = self.kiosk.model
            self._start_worker()
            self._page_before_pin = "language"
        self._refresh_operator_panel()

    def exit_demo_mode(self) -> None:
        """Leave demo mode (the PIN was given): end the visit, release the model."""
        self.reset_visit()
        self._may_close = True
        self.close()
