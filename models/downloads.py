"""Downloading model files from the Hugging Face hub, safely.

Nothing here runs unless the user starts a download: the app is offline by
default. `huggingface_hub` resolves the file (commit, size and the LFS
SHA-256 from the hub's `X-Repo-Commit` / `X-Linked-Size` / `X-Linked-Etag`
headers); the bytes are fetched here so that the transfer can report speed
and time left, be cancelled, and resume with an HTTP Range request. A file
is accepted only when its size and SHA-256 match the hub's record; it is
written to a hidden `.part` file and renamed into place (atomic), so a half
file never appears as a model. `HF_ENDPOINT` points everything at another
server (tests use one on 127.0.0.1).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bimedix.engine.backend import CancelToken
from bimedix.engine.gguf_file import format_bytes
from bimedix.errors import UserFacingError
from bimedix.models.library import save_private_text

log = logging.getLogger("bimedix.models")

DEFAULT_ENDPOINT = "https://huggingface.co"
TOKEN_FILE = "hf_token"  # in the data folder, owner-only permissions
DISK_MARGIN = 200 << 20  # keep this much free beyond the file itself
_BLOCK = 1 << 20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class DownloadError(UserFacingError):
    """A download could not start, failed, or delivered a wrong file."""


class DownloadCancelled(DownloadError):
    """The user stopped the download; what arrived is kept for resuming."""


@dataclass
class DownloadProgress:
    """Where a transfer stands; passed to the progress callback."""

    filename: str
    done_bytes: int
    total_bytes: int
    speed_bps: float = 0.0
    phase: str = "downloading"  # checking, downloading, verifying, done
    done: bool = False
    _started: float = field(default_factory=time.monotonic, repr=False)

    @property
    def fraction(self) -> float:
        return self.done_bytes / self.total_bytes if self.total_bytes else 0.0

    @property
    def eta_s(self) -> float | None:
        if self.speed_bps <= 0 or self.total_bytes <= 0:
            return None
        return max(0.0, (self.total_bytes - self.done_bytes) / self.speed_bps)

    def describe(self) -> str:
        """'model.gguf  1.2 GB / 26.4 GB (4.5 %)  12.3 MB/s  33 min left'."""
        if self.phase != "downloading":
            return f"{self.filename}  {self.phase}"
        text = (
            f"{self.filename}  {format_bytes(self.done_bytes)} / "
            f"{format_bytes(self.total_bytes)} ({100 * self.fraction:.1f} %)"
        )
        if self.speed_bps > 0:
            text += f"  {format_bytes(int(self.speed_bps))}/s"
        if self.eta_s is not None:
            text += f"  {format_duration(self.eta_s)} left"
        return text


ProgressCallback = Callable[[DownloadProgress], None]


def format_duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


# --- token ------------------------------------------------------------------
def save_token(data_dir: Path, token: str) -> Path:
    """Store the hub token (owner-only); an empty token deletes it."""
    return save_private_text(data_dir / TOKEN_FILE, token)


def load_token(data_dir: Path) -> str | None:
    try:
        return (data_dir / TOKEN_FILE).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


# --- resolving --------------------------------------------------------------
@dataclass(frozen=True)
class RemoteFile:
    """A file on the hub as its metadata describes it."""

    repo_id: str
    filename: str
    url: str  # where the bytes are (after the hub's redirects)
    commit: str | None
    size: int
    sha256: str | None  # the LFS object id; None for small non-LFS files


def endpoint_url(endpoint: str | None = None) -> str:
    return (endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def resolve_remote_file(
    repo_id: str,
    filename: str,
    revision: str = "main",
    token: str | None = None,
    endpoint: str | None = None,
) -> RemoteFile:
    """Ask the hub (one HEAD request) about a file.

    Raises:
        DownloadError: unknown repository or file, gated repo, no network.
    """
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    from huggingface_hub import get_hf_file_metadata, hf_hub_url

    base = endpoint_url(endpoint)
    url = hf_hub_url(repo_id, filename, revision=revision, endpoint=base)
    try:
        meta = get_hf_file_metadata(url, token=token or False, endpoint=base)
    except Exception as exc:  # huggingface_hub and httpx errors have no common base
        raise _explain(exc, repo_id, filename) from exc
    etag = (meta.etag or "").strip('"').lower()
    if meta.size is None:
        raise DownloadError(
            template="The hub did not say how big {filename} is; cannot download it safely.",
            filename=filename,
        )
    return RemoteFile(
        repo_id=repo_id,
        filename=filename,
        url=meta.location or url,
        commit=meta.commit_hash,
        size=int(meta.size),
        sha256=etag if _SHA256.match(etag) else None,
    )


def _explain(exc: BaseException, repo_id: str, filename: str) -> DownloadError:
    name = type(exc).__name__
    if name in ("GatedRepoError",) or "401" in str(exc) or "403" in str(exc):
        return DownloadError(
            template="{repo} needs a Hugging Face token with access to it (a gated or private "
            "repository). Add the token and accept the licence on the model's page.",
            repo=repo_id,
        )
    if name in ("RepositoryNotFoundError", "RevisionNotFoundError"):
        return DownloadError(template="The hub has no repository {repo}.", repo=repo_id)
    if name in ("EntryNotFoundError", "RemoteEntryNotFoundError") or "404" in str(exc):
        return DownloadError(
            template="{repo} has no file {filename}.", repo=repo_id, filename=filename
        )
    return DownloadError(
        template="Cannot reach the Hugging Face hub ({detail}). Check the network connection.",
        detail=str(exc).splitlines()[0] if str(exc) else name,
    )


# --- transfer ---------------------------------------------------------------
def _part_path(target: Path, remote: RemoteFile) -> Path:
    # Keyed by the expected hash: a file that changed upstream never
    # resumes on top of bytes from its old version.
    tag = (remote.sha256 or f"{remote.size}")[:16]
    return target.parent / f".{target.name}.{tag}.part"


def check_free_space(folder: Path, needed: int) -> None:
    """Raises DownloadError when `folder`'s disk cannot take `needed` bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(folder).free
    if needed + DISK_MARGIN > free:
        raise DownloadError(
            template="Not enough disk space in {folder}: the download needs {needed}, "
            "{free} is free.",
            folder=folder,
            needed=format_bytes(needed + DISK_MARGIN),
            free=format_bytes(free),
        )


def _hash_existing(part: Path, digest: Any) -> int:
    with part.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    return part.stat().st_size


def fetch_file(
    remote: RemoteFile,
    target: Path,
    *,
    token: str | None = None,
    expected_sha256: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    endpoint: str | None = None,
    timeout: float = 60.0,
) -> str:
    """Download `remote` to `target` (resuming a `.part` file), verify it,
    and move it into place. Returns the SHA-256.

    Raises:
        DownloadCancelled: `cancel` was set (the part file is kept).
        DownloadError: no space, network failure (part kept), or a size or
            SHA-256 that does not match the hub's record (part deleted).
    """
    sha256 = (expected_sha256 or remote.sha256 or "").lower() or None
    if remote.sha256 and expected_sha256 and remote.sha256 != expected_sha256.lower():
        raise DownloadError(
            template="{filename} on the hub is not the file the catalog expects "
            "(SHA-256 {actual}, expected {expected}).",
            filename=remote.filename,
            actual=remote.sha256,
            expected=expected_sha256,
        )
    if sha256 is None:
        raise DownloadError(
            template="The hub gives no SHA-256 for {filename}, so it cannot be verified; "
            "it was not downloaded.",
            filename=remote.filename,
        )
    cancel = cancel or CancelToken()
    log.info("download %s (%d bytes) to %s", remote.filename, remote.size, target.name)
    started = time.perf_counter()
    part = _part_path(target, remote)
    report = progress or (lambda _p: None)
    state = DownloadProgress(target.name, 0, remote.size, phase="checking")
    digest = hashlib.sha256()
    have = 0
    if part.exists():
        if part.stat().st_size > remote.size:
            part.unlink()
        else:
            report(state)
            have = _hash_existing(part, digest)
    check_free_space(target.parent, remote.size - have)

    if have < remote.size:
        headers = {"Accept-Encoding": "identity", "User-Agent": "bimedix-desktop"}
        if token and _same_host(remote.url, endpoint_url(endpoint)):
            headers["Authorization"] = f"Bearer {token}"  # never sent to a CDN
        if have:
            headers["Range"] = f"bytes={have}-"
        request = urllib.request.Request(remote.url, headers=headers)
        state.phase = "downloading"
        state.done_bytes = have
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if have and response.status != 206:
                    # The server ignored the range: start again from zero.
                    have, digest = 0, hashlib.sha256()
                    part.unlink(missing_ok=True)
                _receive(response, part, have, digest, state, report, cancel)
        except DownloadError:
            raise
        except (OSError, urllib.error.URLError, ValueError) as exc:
            log.warning("download of %s interrupted at %d bytes: %s", remote.filename,
                        state.done_bytes, exc)  # fmt: skip
            raise DownloadError(
                template="The download of {filename} was interrupted ({detail}); start it "
                "again to resume where it stopped.",
                filename=remote.filename,
                detail=getattr(exc, "reason", None) or exc,
            ) from exc

    state.phase = "verifying"
    report(state)
    size = part.stat().st_size
    actual = digest.hexdigest()
    if size != remote.size or actual != sha256:
        part.unlink(missing_ok=True)
        log.warning("download of %s failed verification (%d bytes)", remote.filename, size)
        raise DownloadError(
            template="{filename} arrived damaged (SHA-256 {actual}, the hub says {expected}) "
            "and was deleted. Try again.",
            filename=remote.filename,
            actual=actual if size == remote.size else f"of {size} of {remote.size} bytes",
            expected=sha256,
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(part, target)
    log.info("downloaded %s in %.1f s", target.name, time.perf_counter() - started)
    state.phase, state.done, state.done_bytes = "done", True, remote.size
    report(state)
    return actual


def _same_host(url: str, endpoint: str) -> bool:
    return urlsplit(url).netloc == urlsplit(endpoint).netloc


def _receive(
    response: Any,
    part: Path,
    have: int,
    digest: Any,
    state: DownloadProgress,
    report: ProgressCallback,
    cancel: CancelToken,
) -> None:
    """Append the response body to `part`, hashing and reporting as it goes."""
    window_start, window_bytes = time.monotonic(), 0
    last_report = 0.0
    with part.open("ab") as out:
        while True:
            if cancel.cancelled:
                out.flush()
                os.fsync(out.fileno())
                raise DownloadCancelled(
                    template="The download of {filename} was stopped; start it again to resume.",
                    filename=state.filename,
                )
            block = response.read(_BLOCK)
            if not block:
                break
            out.write(block)
            digest.update(block)
            have += len(block)
            window_bytes += len(block)
            state.done_bytes = have
            now = time.monotonic()
            if now - window_start >= 1.0:
                # Speed over the last second or so, smoothed.
                current = window_bytes / (now - window_start)
                state.speed_bps = (
                    current if not state.speed_bps else (0.7 * state.speed_bps + 0.3 * current)
                )
                window_start, window_bytes = now, 0
            if now - last_report >= 0.1:
                last_report = now
                report(state)
        out.flush()
        os.fsync(out.fileno())
    if state.total_bytes and have < state.total_bytes:
        raise OSError(f"connection closed after {have} of {state.total_bytes} bytes")


# --- the whole job ----------------------------------------------------------
def safe_file_name(filename: str) -> str:
    """The last part of a hub path, without anything that could escape."""
    name = Path(filename).name
    if not name or name.startswith(".") or name in ("..",):
        raise DownloadError(template="“{filename}” is not a file name.", filename=filename)
    return name


def download_model(
    data_dir: Path,
    repo_id: str,
    filename: str,
    *,
    revision: str = "main",
    name: str | None = None,
    catalog_key: str | None = None,
    expected_sha256: str | None = None,
    token: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    endpoint: str | None = None,
) -> Any:
    """Download a GGUF from the hub into the data folder's `models/` and add
    it to the library. Returns the new `LibraryEntry`.

    Raises:
        DownloadError, DownloadCancelled, ModelLoadError (not a valid GGUF),
        LibraryError (the name is taken).
    """
    from bimedix.engine.gguf_file import inspect_gguf
    from bimedix.models.hashes import sha256_of
    from bimedix.models.library import LibraryError, ModelLibrary, add_local_model, models_dir

    token = token or load_token(data_dir)
    target = models_dir(data_dir) / safe_file_name(filename)
    taken = ModelLibrary(data_dir).get(name) if name else None
    if taken is not None and Path(taken.path).resolve() != target.resolve():
        # Checked now, not after hours of downloading.
        raise LibraryError(
            template="The library already has a model named {name} ({path}). Choose another name.",
            name=taken.name,
            path=taken.path,
        )
    remote = resolve_remote_file(repo_id, filename, revision, token, endpoint)
    if target.exists():
        # A finished download that was never registered (or registered
        # under another name): accept it only if it is the hub's file.
        sha256 = sha256_of(target)
        if sha256 != (expected_sha256 or remote.sha256):
            raise DownloadError(
                template="{path} already exists; remove it from the library first.", path=target
            )
    else:
        sha256 = fetch_file(
            remote,
            target,
            token=token,
            expected_sha256=expected_sha256,
            progress=progress,
            cancel=cancel,
            endpoint=endpoint,
        )
    try:
        inspect_gguf(target)
    except UserFacingError:
        target.unlink(missing_ok=True)  # verified bytes, but not a model
        raise
    return add_local_model(
        data_dir,
        target,
        name,
        source="download",
        repo_id=repo_id,
        filename=filename,
        revision=remote.commit or revision,
        sha256=sha256,
        catalog_key=catalog_key,
    )
