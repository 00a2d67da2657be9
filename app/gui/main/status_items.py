"""Status items of the main window: which model answers, and how fast."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from bimedix.engine.backend import ModelInfo
from bimedix.models.catalog import is_embedded
from bimedix.models.default_model import is_default_file


class ModelStatusLabel(QLabel):
    """ "Loading model…", "No model loaded…" or the loaded model's details."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("modelStatus")
        self.setWordWrap(True)

    def show_state(self, spec: str, loading: bool, info: ModelInfo | None) -> None:
        if loading:
            from bimedix.models.library import parse_remote_spec

            remote = parse_remote_spec(spec)
            name = f"{remote[1] or ''} @ {remote[0]}".strip() if remote else Path(spec).name or spec
            self.setText(self.tr("Loading model %s…") % name)
        elif info is None:
            self.setText(self.tr("No model loaded. File ▸ Open model… loads a GGUF."))
        else:
            text = self.tr("Model: %1 · context %2 tokens · %3 prompt format")
            # Isolate the (Latin) model name so an Arabic sentence around it
            # keeps its order, brackets included.
            name = f"\u2068{info.display_name}\u2069"
            text = text.replace("%1", name).replace("%2", str(info.n_ctx))
            text = text.replace("%3", info.prompt_format)
            if is_embedded(info.path) or is_default_file(info.path):
                text += "\n" + self.tr(
                    "This small embedded model stands in for BiMediX; Open model… loads BiMediX."
                )
            self.setText(text)


class SpeedLabel(QLabel):
    """Tokens per second while a reply streams, and the total after it."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("speed")

    def show_speed(self, tokens_per_s: float) -> None:
        if tokens_per_s > 0:
            self.setText(self.tr("%.1f tokens/s") % tokens_per_s)
        else:
            self.clear()

    def show_final(
        self, tokens_per_s: float, completion_tokens: int, prompt_tokens: int = 0, cached: int = 0
    ) -> None:
        """The reply's speed and length, and how much of its prompt came
        from the KV cache (live or a saved snapshot) instead of evaluation."""
        text = self.tr("%.1f tokens/s · %d tokens") % (tokens_per_s, completion_tokens)
        if prompt_tokens:
            prompt = self.tr("prompt %1 tokens, %2 cached")
            text += " · " + prompt.replace("%1", str(prompt_tokens)).replace("%2", str(cached))
        self.setText(text)
