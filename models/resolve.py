"""`resolve_model`: which GGUF file a model spec names, across the bundled
models, the default model, the user's library and the catalog."""

from __future__ import annotations

import os
from pathlib import Path

from bimedix.errors import ModelLoadError
from bimedix.models import default_model
from bimedix.models.bundled import GEMMA3, SMOLLM2, embedded_model_path, gemma3_model_path
from bimedix.models.catalog import find_catalog_entry
from bimedix.models.library import ModelLibrary


def _looks_like_path(spec: str) -> bool:
    return "/" in spec or os.sep in spec or spec.lower().endswith(".gguf") or spec.startswith("~")


def resolve_model(spec: str, models_dir: Path, notices: list[str] | None = None) -> Path:
    """A model file from a name or a path.

    "" (or "default", "qwen-coder-1.5b") is the default model, Qwen2.5-Coder
    1.5B, joined from its part packages on first use (copies 1.1 GB: call off
    the GUI thread); when it is unusable, SmolLM2 with a notice appended to
    `notices` (see bimedix.models.default_model). "smollm2" is the embedded
    model; "gemma3" is Gemma 3 270M (assembled on first use, which copies
    253 MB: call off the GUI thread);
    a name in the user's library (`models_dir/library.json`), or the
    catalog key of a model downloaded from the catalog, is that file;
    anything else is a path to a GGUF file.

    Raises:
        ModelLoadError: a catalog model that is not downloaded or built yet.
    """
    key = spec.strip().lower()
    if key in ("", "default", *default_model.QWEN_NAMES):
        # Only an unnamed default honours BIMEDIX_DEFAULT_MODEL=smollm2.
        choice = default_model.choose_default(models_dir, honour_env=key in ("", "default"))
        if choice.notice and notices is not None:
            notices.append(choice.notice)
        return choice.path
    if key in ("embedded", "smollm2", SMOLLM2.key):
        return embedded_model_path()
    if key in ("gemma3", GEMMA3.key):
        return gemma3_model_path(models_dir)
    if not _looks_like_path(spec):
        library = ModelLibrary(models_dir.parent)
        entry = library.get(key) or next(
            (e for e in library.entries() if (e.catalog_key or "").lower() == key), None
        )
        if entry is not None:
            return Path(entry.path)
        known = find_catalog_entry(key)
        if known is not None and not Path(spec).expanduser().exists():
            raise ModelLoadError(
                template="{name} is in the catalog but not on this computer yet: "
                "get it first in the Model manager, or with `{command}`.",
                name=known.display_name,
                command=f"bimedix models {'build' if known.needs_build else 'pull'} {known.key}",
            )
    return Path(spec).expanduser()
