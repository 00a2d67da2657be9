"""`open_backend`: the one way every front end turns a model spec into a ready
`Backend` (chat windows, demo mode, `bimedix chat`, eval, translation drafts).

A spec is a bundled model's name ("smollm2"), a library or catalog name, a
path to a GGUF file, an "openai:URL#model" string, or a `RemoteServer`.
Local files are resolved, their header is checked before llama.cpp sees
them, their SHA-256 comes through the caller's digest cache, and the user's
per-model settings (threads, GPU layers, context) apply. `resolve_local_model`
is the same first half for front ends that load llama.cpp another way
(`bimedix serve`, log-likelihood scoring).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bimedix.engine.backend import Backend
from bimedix.engine.gguf_file import GGUFInfo, inspect_gguf
from bimedix.models.catalog import describe_model
from bimedix.models.hashes import HashCache, file_sha256
from bimedix.models.library import ModelLibrary, load_api_key, models_dir, parse_remote_spec
from bimedix.models.resolve import resolve_model


@dataclass(frozen=True)
class RemoteServer:
    """An OpenAI-compatible server: `bimedix serve`, llama.cpp's, vLLM."""

    base_url: str
    model: str | None = None
    api_key: str | None = None
    timeout: float | None = None


@dataclass(frozen=True)
class LocalModel:
    """A local GGUF that passed the header check."""

    path: Path
    display_name: str
    sha256: str  # "" when no digest cache was given
    header: GGUFInfo
    notice: str = ""  # why this file stands in for the one asked for


def resolve_local_model(
    spec: str, data_dir: Path, *, hash_cache: HashCache | None = None
) -> LocalModel:
    """The GGUF a spec names, checked. Hashing needs `hash_cache` (hashing
    a 26 GB file takes a minute, so it is never done uncached)."""
    notices: list[str] = []  # the default model fell back to SmolLM2
    path = resolve_model(spec, models_dir(data_dir), notices)
    header = inspect_gguf(path)  # the whole header, before llama.cpp sees the file
    sha256 = file_sha256(path, hash_cache) if hash_cache is not None else ""
    return LocalModel(path, describe_model(path), sha256, header, " ".join(notices))


def open_backend(
    spec: str | RemoteServer,
    data_dir: Path,
    *,
    n_ctx: int | None = None,
    prompt_format: str | None = None,
    prompt_formats: Mapping[str, str] | None = None,
    hash_cache: HashCache | None = None,
    n_threads: int | None = None,
    kv_cache_bytes: int = 0,
    kv_cache_replies: bool = True,
) -> Backend:
    """A ready backend for `spec`. Slow (loads the model): call it on the
    thread that will own the backend, never the GUI thread.

    Args:
        n_ctx: context size; None takes the model's own setting, else 4096.
        prompt_format: an explicit format ("mixtral", "chatml", …).
        prompt_formats: the user's per-file formats (settings), used when
            `prompt_format` is None; "auto" when neither names one.
        n_threads: overrides the model's thread setting (the smoke test's 1).
        kv_cache_bytes: size cap of DATA_DIR/kv-cache/ (KV-cache snapshots
            of each reply and system prompt, resumed later, in any
            process); 0 (the default) keeps none. Needs `hash_cache`:
            snapshots are keyed by the model's SHA-256.
        kv_cache_replies: False keeps only system-prompt snapshots (demo
            mode: nothing a visitor typed is written to disk).

    Raises:
        ModelLoadError, UserFacingError: a missing, damaged or refused model,
            an unusable setting, or a server that cannot be reached.
    """
    if isinstance(spec, str) and (remote := parse_remote_spec(spec)) is not None:
        spec = RemoteServer(remote[0], remote[1], load_api_key(data_dir))
    if isinstance(spec, RemoteServer):
        from bimedix.engine.openai_backend import OpenAIBackend

        if spec.timeout is None:
            return OpenAIBackend(spec.base_url, spec.model, spec.api_key)
        return OpenAIBackend(spec.base_url, spec.model, spec.api_key, timeout=spec.timeout)

    from bimedix.engine.llama_backend import LlamaCppBackend

    model = resolve_local_model(spec, data_dir, hash_cache=hash_cache)
    library = ModelLibrary(data_dir)
    own = library.settings_for(library.settings_key(spec))
    chosen_format = prompt_format or (prompt_formats or {}).get(model.path.name, "auto")
    return LlamaCppBackend(
        model.path,
        n_ctx=n_ctx or own.n_ctx or 4096,
        n_threads=n_threads or own.n_threads,
        n_gpu_layers=own.n_gpu_layers,
        prompt_format=chosen_format,
        display_name=model.display_name,
        sha256=model.sha256 or None,
        notice=model.notice,
        kv_cache_dir=kv_cache_dir(data_dir) if kv_cache_bytes > 0 else None,
        kv_cache_bytes=kv_cache_bytes,
        kv_cache_replies=kv_cache_replies,
    )


def kv_cache_dir(data_dir: Path) -> Path:
    """Where KV-cache snapshots live (bimedix.engine.kv_cache)."""
    return data_dir / "kv-cache"
