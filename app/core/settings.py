"""Where BiMediX keeps its data, and the user's settings file.

The data folder holds `chats.db` and `settings.json`. It comes from
`--data-dir`, else `BIMEDIX_DATA_DIR`, else the platform's per-user data
folder.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bimedix.errors import DataDirError

APP_NAME = "bimedix-desktop"
DB_FILE = "chats.db"  # inside the data folder
SETTINGS_FILE = "settings.json"
DATA_DIR_ENV = "BIMEDIX_DATA_DIR"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder to use, by precedence: argument, environment, default."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def ensure_writable_dir(path: Path) -> Path:
    """Create `path` if needed and prove we can write there.

    Raises:
        DataDirError: with a message naming the folder and the reason.
    """
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise DataDirError(
            f"Cannot write to the data folder {path}: {exc.strerror or exc}. "
            "Choose another with --data-dir or BIMEDIX_DATA_DIR."
        ) from exc
    return path


@dataclass
class Settings:
    """User preferences that survive restarts."""

    ui_language: str = "en"
    text_size: str = "normal"  # normal, large or very_large
    default_mode: str = "consult"
    model_path: str = ""  # empty: the embedded default model
    n_ctx: int = 4096
    max_tokens: int = 512
    temperature: float = 0.7
    # Per-model prompt format override, keyed by model file name:
    # "auto", "mixtral", "chatml", "gguf" or "plain".
    prompt_formats: dict[str, str] = field(default_factory=dict)
    # ISO code for the emergency number in red-flag notices ("AE", "GB",
    # "EU"...); empty: "your local emergency number".
    country: str = ""
    # Size cap of DATA_DIR/kv-cache/ (KV-cache snapshots); 0: no snapshots.
    kv_cache_bytes: int = 2 * 1024**3

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read settings; see `load_checked`. Warnings go to the log only."""
        return cls.load_checked(path)[0]

    @classmethod
    def load_checked(cls, path: Path) -> tuple[Settings, list[str]]:
        """Read settings, checking each value against `SETTINGS_RULES`.

        A missing file gives the defaults silently. A damaged file gives the
        defaults, and each invalid value its default, each with a warning
        (also logged) naming the file, key and value. Nothing is written.
        """
        from bimedix.core.settings_schema import (
            PROMPT_FORMAT_CHOICES,
            SETTINGS_RULES,
            check,
            check_string_map,
            warn_once,
        )
        from bimedix.safe_json import JsonFileError, load_file

        settings = cls()
        if not path.exists():
            return settings, []
        try:
            raw: Any = load_file(path)
        except JsonFileError as exc:
            warning = f"{exc} Using the default settings."
            warn_once(warning)
            return settings, [warning]
        values, warnings = check(raw, SETTINGS_RULES, path.name, asdict(settings))
        for key, value in values.items():
            setattr(settings, key, value)
        if isinstance(raw, dict) and "prompt_formats" in raw:
            formats, more = check_string_map(
                raw["prompt_formats"], PROMPT_FORMAT_CHOICES, path.name, "prompt_formats"
            )
            settings.prompt_formats = formats
            warnings += more
        from bimedix.core.triage import normalise_country

        settings.country = normalise_country(settings.country) or ""
        return settings, warnings

    def save(self, path: Path) -> None:
        """Write atomically: a crash mid-write never leaves a half file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(asdict(self), handle, ensure_ascii=False, indent=2)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
