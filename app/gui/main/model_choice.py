"""What a chosen model brings with it: its own settings from the model
library, and the sampling parameters a turn runs with (no Qt here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bimedix.core.settings import Settings
from bimedix.engine.backend import GenerationParams


def model_settings(data_dir: Path, spec: str) -> Any:
    """The model's own settings (`ModelSettings`, fields None where the
    app-wide value applies)."""
    from bimedix.models.library import ModelLibrary

    library = ModelLibrary(data_dir)
    return library.settings_for(library.settings_key(spec))


def generation_params(settings: Settings, own: Any) -> GenerationParams:
    """The app-wide parameters, with the model's own sampling defaults
    winning over them."""
    params = GenerationParams(max_tokens=settings.max_tokens, temperature=settings.temperature)
    chosen = {k: v for k, v in vars(own).items() if v is not None}
    known = {k: chosen[k] for k in params.to_dict() if k in chosen}
    return GenerationParams(**{**params.to_dict(), **known})
