"""Getting models in the Model manager: download from the hub or the
catalog, build a GGUF from a Hugging Face checkpoint, connect a remote
server, the hub token, and how a transfer's progress is worded.

A mixin of `ModelManagerDialog` (one dialog, split by concern): the methods
use the dialog's widgets and its `_start` to run work off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QInputDialog

from bimedix.engine.backend import CancelToken
from bimedix.engine.gguf_file import format_bytes
from bimedix.gui.tasks import BackgroundTask
from bimedix.models.downloads import DownloadProgress, save_token
from bimedix.models.library import remote_spec, save_api_key


class ModelTransfers(QDialog):
    """Download, build, connect and token actions of the Model manager."""

    def _on_get(self) -> None:
        row = self.selected_row()
        if row is None or row.installed:
            return
        self.start_get(row.name, build=row.kind == "build")

    def _on_hub_file(self) -> None:
        repo, ok = QInputDialog.getText(
            self, self.tr("Download from the hub"), self.tr("Repository (owner/name):")
        )
        if not ok or not repo.strip():
            return
        filename, ok = QInputDialog.getText(
            self, self.tr("Download from the hub"), self.tr("GGUF file in %s:") % repo.strip()
        )
        if ok and filename.strip():
            self.start_get(None, hub_file=(repo.strip(), filename.strip()))

    def start_get(
        self, key: str | None, build: bool = False, hub_file: tuple[str, str] | None = None
    ) -> BackgroundTask:
        """Download (or build) a catalog model, or download any hub file
        (`hub_file` = repository, file name), with progress and Cancel."""
        from bimedix.models.catalog import find_catalog_entry

        data_dir = self.data_dir
        cancel = CancelToken()
        self._cancel = cancel
        latest: dict[str, DownloadProgress] = {}

        def work(progress: Callable[[int, int], None]) -> Any:
            def report(p: DownloadProgress) -> None:
                latest["p"] = p
                progress(int(p.done_bytes >> 10), int(p.total_bytes >> 10))

            from bimedix.models.downloads import download_model

            if hub_file is not None:
                return download_model(
                    data_dir, hub_file[0], hub_file[1], progress=report, cancel=cancel
                )
            assert key is not None
            if build:
                from bimedix.models.gguf_build import build_gguf

                return build_gguf(data_dir, key, progress=report, cancel=cancel)
            known = find_catalog_entry(key)
            assert known is not None
            return download_model(
                data_dir, known.repo_id, known.filename, revision=known.revision,
                catalog_key=known.key, expected_sha256=known.sha256, progress=report,
                cancel=cancel,
            )  # fmt: skip

        def on_progress(done: int, total: int) -> None:
            p = latest.get("p")
            self.progress.setMaximum(max(total, 1) if total else 0)
            self.progress.setValue(done)
            if p is not None:
                self.progress_label.setText(self._describe(p))

        def done(entry: Any) -> None:
            self.refresh(select=key or entry.name)
            self.show_message(self.tr("%s is ready.") % entry.name, error=False)

        self.progress.setValue(0)
        for widget in (self.progress, self.progress_label, self.cancel_button):
            widget.show()

        def transfer_over() -> None:
            # Only the transfer's own end hides its progress: reading a
            # model's details finishes meanwhile and must not.
            self._cancel = None
            for widget in (self.progress, self.progress_label, self.cancel_button):
                widget.hide()

        task = self._start(work, done, self.show_message, transfer_over)
        task.progressed.connect(on_progress)
        return task

    def _describe(self, p: DownloadProgress) -> str:
        """'27.3 MB of 98.4 MB (27.7 %) · 10.5 MB per second · 7 s left'.

        Every value sits in a left-to-right isolate, so an Arabic sentence
        keeps its order and its direction around Latin numbers and units.
        """
        if p.phase != "downloading":
            return f"{_isolated(p.filename)} · {self._phase(p.phase)}"
        text = self.tr("%1 of %2 (%3 %)")
        text = text.replace("%1", _isolated(format_bytes(p.done_bytes))).replace(
            "%2", _isolated(format_bytes(p.total_bytes))
        ).replace("%3", _isolated(f"{100 * p.fraction:.1f}"))  # fmt: skip
        if p.speed_bps > 0:
            speed = self.tr("%1 per second").replace(
                "%1", _isolated(format_bytes(int(p.speed_bps)))
            )
            text += " · " + speed
        if p.eta_s is not None:
            text += " · " + self.tr("%1 left").replace("%1", self._duration(p.eta_s))
        return text

    def _phase(self, phase: str) -> str:
        """A download or build phase in the interface language."""
        names = {
            "checking": self.tr("checking"),
            "verifying": self.tr("verifying"),
            "done": self.tr("done"),
            "converting to GGUF (f16)": self.tr("converting to GGUF (f16)"),
        }
        if phase.startswith("quantising to "):
            qtype = phase.removeprefix("quantising to ")
            return self.tr("quantising to %1").replace("%1", _isolated(qtype))
        return names.get(phase, _isolated(phase))

    def _duration(self, seconds: float) -> str:
        if seconds < 90:
            return self.tr("%1 s").replace("%1", _isolated(f"{seconds:.0f}"))
        if seconds < 90 * 60:
            return self.tr("%1 min").replace("%1", _isolated(f"{seconds / 60:.0f}"))
        return self.tr("%1 h").replace("%1", _isolated(f"{seconds / 3600:.1f}"))

    def _on_cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()

    def _on_connect(self) -> None:
        """Use a model on a server; the main window connects on its worker."""
        url = self.remote_url.text().strip()
        if not url:
            self.show_message(self.tr("Enter the server's address, e.g. %s.")
                              % "http://127.0.0.1:8000/v1")  # fmt: skip
            return
        save_api_key(self.data_dir, self.remote_key.text())
        self.model_chosen.emit(remote_spec(url, self.remote_model.text().strip() or None))
        self.accept()

    def _on_save_token(self) -> None:
        save_token(self.data_dir, self.token_edit.text())
        self.show_message(self.tr("Token saved (readable only by you)."), error=False)

    # --- helpers ----------------------------------------------------------


def _isolated(text: str) -> str:
    """Text in a left-to-right isolate (U+2066 … U+2069)."""
    return f"\u2066{text}\u2069" if text else ""
