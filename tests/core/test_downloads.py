"""Downloads against a local server on 127.0.0.1 that speaks the Hugging
Face hub's download protocol (HEAD/GET /{repo}/resolve/{revision}/{file}
with X-Repo-Commit, X-Linked-Etag, X-Linked-Size and Range), reached
through HF_ENDPOINT like the real hub: a clean download, an interrupted
transfer that resumes, a corrupted file that is rejected, cancel, a gated
repo, a missing file, too little disk space, and the token file."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bimedix.engine.backend import CancelToken
from bimedix.models.catalog import embedded_model_path
from bimedix.models.downloads import (
    DownloadCancelled,
    DownloadError,
    DownloadProgress,
    download_model,
    load_token,
    save_token,
)
from bimedix.models.library import ModelLibrary, models_dir
from bimedix.models.resolve import resolve_model
from tests.fake_hub import COMMIT, FILE, REPO, FakeHub, start_fake_hub


@pytest.fixture(scope="module")
def model_bytes() -> bytes:
    return embedded_model_path().read_bytes()


@pytest.fixture
def hub(model_bytes: bytes, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    state, server = start_fake_hub(model_bytes)
    monkeypatch.setenv("HF_ENDPOINT", state.url)
    yield state
    server.shutdown()
    server.server_close()


def test_download_verifies_places_atomically_and_registers(hub: FakeHub, tmp_path: Path) -> None:
    seen: list[DownloadProgress] = []

    def progress(p: DownloadProgress) -> None:
        seen.append(DownloadProgress(p.filename, p.done_bytes, p.total_bytes, p.speed_bps, p.phase))
        # While bytes arrive, no file with the model's name exists.
        assert not (models_dir(tmp_path) / FILE).exists() or p.phase == "done"

    entry = download_model(tmp_path, REPO, FILE, progress=progress)
    target = models_dir(tmp_path) / FILE
    assert target.read_bytes() == hub.content
    assert (entry.source, entry.sha256, entry.revision) == ("download", hub.sha256, COMMIT)
    assert (entry.repo_id, entry.filename) == (REPO, FILE)
    assert resolve_model(entry.name, models_dir(tmp_path)) == target.resolve()
    assert [p.phase for p in seen][-2:] == ["verifying", "done"]
    assert seen[-1].done_bytes == len(hub.content)
    assert not list(models_dir(tmp_path).glob(".*.part"))


def test_interrupted_download_resumes_where_it_stopped(hub: FakeHub, tmp_path: Path) -> None:
    hub.cut_after = 30_000_000
    with pytest.raises(DownloadError, match="interrupted.*resume"):
        download_model(tmp_path, REPO, FILE)
    (part,) = models_dir(tmp_path).glob(".*.part")
    assert part.stat().st_size == 30_000_000
    assert not (models_dir(tmp_path) / FILE).exists()
    assert ModelLibrary(tmp_path).entries() == []

    entry = download_model(tmp_path, REPO, FILE)
    assert hub.ranges == ["bytes=30000000-"], "the second run asks only for the rest"
    assert (models_dir(tmp_path) / FILE).read_bytes() == hub.content
    assert entry.sha256 == hub.sha256


def test_corrupted_file_is_rejected_and_deleted(hub: FakeHub, tmp_path: Path) -> None:
    hub.corrupt = True
    with pytest.raises(DownloadError, match="arrived damaged"):
        download_model(tmp_path, REPO, FILE)
    assert not (models_dir(tmp_path) / FILE).exists()
    assert not list(models_dir(tmp_path).glob(".*.part"))
    assert ModelLibrary(tmp_path).entries() == []


def test_catalog_hash_must_match_the_hub(hub: FakeHub, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="not the file the catalog expects"):
        download_model(tmp_path, REPO, FILE, expected_sha256="0" * 64)


def test_cancel_keeps_the_part_for_later(hub: FakeHub, tmp_path: Path) -> None:
    hub.bytes_per_s = 20_000_000  # slow enough that Stop lands mid-transfer
    cancel = CancelToken()

    def progress(p: DownloadProgress) -> None:
        if p.done_bytes > 5_000_000:
            cancel.cancel()

    with pytest.raises(DownloadCancelled):
        download_model(tmp_path, REPO, FILE, progress=progress, cancel=cancel)
    (part,) = models_dir(tmp_path).glob(".*.part")
    assert 5_000_000 < part.stat().st_size < len(hub.content)
    hub.bytes_per_s = None
    download_model(tmp_path, REPO, FILE)
    assert hub.ranges and (models_dir(tmp_path) / FILE).read_bytes() == hub.content


def test_gated_repo_needs_the_token_and_the_token_file_is_private(
    hub: FakeHub, tmp_path: Path
) -> None:
    hub.token = "hf_secret"
    with pytest.raises(DownloadError, match="needs a Hugging Face token"):
        download_model(tmp_path, REPO, FILE)
    path = save_token(tmp_path, "hf_secret")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_token(tmp_path) == "hf_secret"
    assert download_model(tmp_path, REPO, FILE).sha256 == hub.sha256
    save_token(tmp_path, "")
    assert load_token(tmp_path) is None and not path.exists()


def test_missing_file_and_full_disk_are_clear_errors(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(DownloadError, match="has no file nothing.gguf"):
        download_model(tmp_path, REPO, "nothing.gguf")
    import shutil

    real = shutil.disk_usage
    monkeypatch.setattr(
        shutil, "disk_usage", lambda p: real(p)._replace(free=len(hub.content) // 2)
    )
    with pytest.raises(DownloadError, match="Not enough disk space"):
        download_model(tmp_path, REPO, FILE)
    assert not list(models_dir(tmp_path).glob("*"))


def test_models_pull_cli(hub: FakeHub, tmp_path: Path) -> None:
    import os

    result = subprocess.run(
        [sys.executable, "-m", "bimedix.cli", "--data-dir", str(tmp_path), "models", "pull",
         REPO, FILE, "--name", "tiny"],
        capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "HF_ENDPOINT": hub.url},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"sha256 {hub.sha256}" in result.stdout
    listing = subprocess.run(
        [sys.executable, "-m", "bimedix.cli", "--data-dir", str(tmp_path), "models", "list",
         "--json"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    rows = {row["name"]: row for row in json.loads(listing.stdout)}
    assert rows["tiny"]["kind"] == "download" and rows["tiny"]["installed"]


def test_build_gguf_without_the_training_extra_says_what_to_install(tmp_path: Path) -> None:
    import importlib.util

    from bimedix.models.gguf_build import BuildError, build_gguf

    if importlib.util.find_spec("bimedix.training") is not None:
        pytest.skip("the training package is installed: tests/training/test_build_gguf_e2e.py runs")
    with pytest.raises(BuildError, match=r"pip install 'bimedix-desktop\[train\]'"):
        build_gguf(tmp_path, "bimedix-bi")
    result = subprocess.run(
        [sys.executable, "-m", "bimedix.cli", "--data-dir", str(tmp_path), "models", "build",
         "bimedix-bi"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2 and "[train]" in result.stderr
    assert not models_dir(tmp_path).exists(), "nothing is downloaded before the check"


def test_a_taken_name_is_refused_before_downloading(hub: FakeHub, tmp_path: Path) -> None:
    from bimedix.models.library import LibraryError, add_local_model

    add_local_model(tmp_path, embedded_model_path(), "taken")
    with pytest.raises(LibraryError, match="already has a model named taken"):
        download_model(tmp_path, REPO, FILE, name="taken")
    assert not (models_dir(tmp_path) / FILE).exists() and hub.ranges == []


def test_a_finished_but_unregistered_file_is_registered_not_refetched(
    hub: FakeHub, tmp_path: Path
) -> None:
    download_model(tmp_path, REPO, FILE)
    ModelLibrary(tmp_path).remove(ModelLibrary(tmp_path).entries()[0].name)
    entry = download_model(tmp_path, REPO, FILE, name="again")
    assert entry.name == "again" and entry.sha256 == hub.sha256
    (models_dir(tmp_path) / FILE).write_bytes(b"something else")
    ModelLibrary(tmp_path).remove("again")
    with pytest.raises(DownloadError, match="already exists"):
        download_model(tmp_path, REPO, FILE)


def test_the_default_model_downloads_only_as_the_pinned_file(
    hub: FakeHub, tmp_path: Path
) -> None:
    """The catalog entry of the default model names the official repository
    and pins its SHA-256: a hub serving other bytes under that name is refused."""
    from bimedix.models.catalog import find_catalog_entry

    known = find_catalog_entry("qwen-coder-1.5b")
    assert known is not None and known.sha256
    hub.add_repo(known.repo_id, {known.filename: hub.content})  # not the real file
    with pytest.raises(DownloadError):
        download_model(tmp_path, known.repo_id, known.filename, catalog_key=known.key,
                       expected_sha256=known.sha256)  # fmt: skip
    assert not (models_dir(tmp_path) / known.filename).exists()
    assert ModelLibrary(tmp_path).entries() == []
    # The same download without the pin succeeds: the pin is what refused it.
    entry = download_model(tmp_path, known.repo_id, known.filename, catalog_key=known.key)
    assert entry.sha256 == hub.sha256
