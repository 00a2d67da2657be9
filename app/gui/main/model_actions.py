"""The main window's model actions: load, choose, open a file, the Model
manager, the prompt format, Help ▸ About, and how model state is shown
(status line, ready message, fallback and settings notices).

A mixin of `MainWindow` (one window, split by concern): the methods use the
window's controller, settings and widgets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QFileDialog, QMainWindow, QMessageBox

from bimedix.engine.backend import ModelInfo
from bimedix.errors import UserFacingError
from bimedix.gui.error_text import localized
from bimedix.gui.main.model_choice import model_settings


class ModelActions(QMainWindow):
    """Model loading and choice for `MainWindow`."""

    def load_model(self, path: str) -> None:
        self._model_path = path
        n_ctx = self._model_settings().n_ctx or self.settings.n_ctx
        self.controller.load_model(path, n_ctx, dict(self.settings.prompt_formats))

    @Slot(str)
    def _on_model_loading(self, path: str) -> None:
        self._show_model_status()
        self._update_buttons()

    @Slot(object)
    def _on_model_loaded(self, info: ModelInfo) -> None:
        self._show_model_status()
        self._check_prompt_format_action(info)
        if not self._settings_notice or self.statusBar().currentMessage() != self._settings_notice:
            self.statusBar().showMessage(self.tr("Model ready"), 3000)
        if info.notice:  # the default model was unusable: SmolLM2 stands in
            self.show_notice(info.notice)
        self._update_buttons()

    _settings_notice = ""  # the ignored-settings warning while it is on screen

    def show_settings_warnings(self, warnings: list[str]) -> None:
        """Once, in the status bar: which saved settings were ignored and why
        (English, like the log lines they repeat)."""
        if warnings:
            self._settings_notice = " ".join(warnings)
            self.statusBar().showMessage(self._settings_notice, 20000)

    @Slot(object)
    def _on_model_failed(self, error: UserFacingError) -> None:
        self._show_model_status()
        self.show_notice(localized(error))
        self._update_buttons()

    def _show_model_status(self) -> None:
        controller = self.controller
        self.model_status.show_state(
            self._model_path, controller.model_loading_now, controller.model_info
        )

    def open_model_file(self) -> None:
        """File ▸ Open model…"""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open model"), "", self.tr("GGUF models (*.gguf);;All files (*)")
        )
        if path:
            self.choose_model(path)

    def choose_model(self, spec: str) -> None:
        """Load a model (path or bundled name) and remember it for next time."""
        self.load_model(spec)
        self.settings.model_path = spec
        self._save_settings()

    def show_about(self) -> QMessageBox:
        """Help ▸ About: version, model, data folder and log file."""
        from bimedix.gui.about import show_about

        return show_about(self, Path(self.store.path).parent, self.model_info)

    def open_model_manager(self) -> QDialog:
        """The Model manager; choosing a model there loads it here."""
        from bimedix.gui.model_manager import ModelManagerDialog

        dialog = ModelManagerDialog(Path(self.store.path).parent, self.settings.n_ctx, self)
        dialog.model_chosen.connect(self.choose_model)
        dialog.show()
        return dialog

    def _model_settings(self) -> Any:
        return model_settings(Path(self.store.path).parent, self._model_path)

    def set_prompt_format(self, key: str) -> None:
        """Remember a prompt format for the loaded model's file and reload it."""
        info = self.model_info
        if info is None or self.is_generating:
            return
        self.settings.prompt_formats[info.file_name] = key
        self._save_settings()
        self.load_model(self._model_path)

    def _check_prompt_format_action(self, info: ModelInfo) -> None:
        self.menus.check_prompt_format(self.settings.prompt_formats.get(info.file_name, "auto"))
