"""The default model: joining hash-pinned parts, rejecting bad ones, falling back.

Small fake part packages (real folders on sys.path, found by find_spec like
the real ones) stand in for the 1.1 GB wheels; one test checks the real file.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest

from bimedix.errors import ModelLoadError
from bimedix.models import default_model
from bimedix.models.catalog import embedded_model_path, find_catalog_entry, resolve_model
from bimedix.models.default_model import (
    QWEN_SPLIT,
    PartSpec,
    SplitModel,
    choose_default,
    ensure_model,
)

CHUNKS = [b"GGUF" + bytes(range(40)) * 3, b"second part " * 9, b"tail"]


def make_parts(root: Path, prefix: str, chunks: list[bytes]) -> SplitModel:
    """Part packages `<prefix>N/data/partNN.bin` under `root` (no code in them)."""
    parts = []
    for n, chunk in enumerate(chunks, start=1):
        data = root / f"{prefix}{n}" / "data"
        data.mkdir(parents=True)
        (data / f"part{n:02d}.bin").write_bytes(chunk)
        parts.append(PartSpec(f"{prefix}{n}", f"part{n:02d}.bin", len(chunk)))
    whole = b"".join(chunks)
    return SplitModel(
        filename="joined.gguf",
        size=len(whole),
        sha256=hashlib.sha256(whole).hexdigest(),
        parts=tuple(parts),
        install_hint="pip install the parts",
    )


@pytest.fixture
def split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):
    root = tmp_path / "site"
    # A prefix per test: find_spec caches nothing for folders it has not seen.
    prefix = f"fakepart_{request.node.name.replace('[', '_').replace(']', '')}_"
    model = make_parts(root, prefix, CHUNKS)
    monkeypatch.syspath_prepend(str(root))
    return model, root


def test_parts_are_joined_once_atomically_and_verified(tmp_path: Path, split) -> None:
    model, _root = split
    models = tmp_path / "models"
    path = ensure_model(models, model)
    assert path == models / "joined.gguf"
    assert path.read_bytes() == b"".join(CHUNKS)
    # No temporary file is left behind, and a second call reuses the file.
    assert sorted(p.name for p in models.iterdir() if not p.name.startswith(".joined.gguf.v")) == [
        "joined.gguf"
    ]
    before = path.stat().st_mtime_ns
    assert ensure_model(models, model) == path
    assert path.stat().st_mtime_ns == before
    # The parts' code is never imported (they have none; find_spec is enough).
    assert not any(name.startswith(model.parts[0].module[:-2]) for name in list(sys.modules))


def test_a_corrupt_part_gives_a_clear_error_and_keeps_nothing(tmp_path: Path, split) -> None:
    model, root = split
    second = root / model.parts[1].module / "data" / model.parts[1].filename
    second.write_bytes(second.read_bytes()[:-1] + b"X")  # same size, other bytes
    models = tmp_path / "models"
    with pytest.raises(ModelLoadError, match="corrupt.*SHA-256"):
        ensure_model(models, model)
    assert not any(models.iterdir())  # no joined file, no temporary file


def test_a_part_of_the_wrong_size_is_refused(tmp_path: Path, split) -> None:
    model, root = split
    (root / model.parts[2].module / "data" / model.parts[2].filename).write_bytes(b"tai")
    with pytest.raises(ModelLoadError, match="wrong size"):
        ensure_model(tmp_path / "models", model)


def test_missing_parts_are_named(tmp_path: Path, split) -> None:
    model, root = split
    (root / model.parts[1].module / "data" / model.parts[1].filename).unlink()
    with pytest.raises(ModelLoadError, match=f"not installed \\({model.parts[1].module}\\)"):
        ensure_model(tmp_path / "models", model)


def test_a_damaged_joined_file_is_deleted_and_rebuilt(tmp_path: Path, split) -> None:
    model, _root = split
    models = tmp_path / "models"
    path = ensure_model(models, model)
    data = bytearray(path.read_bytes())
    data[10] ^= 0xFF
    path.write_bytes(bytes(data))  # same size, new mtime: the stamp no longer matches
    os.utime(path, ns=(1, 1))
    assert ensure_model(models, model).read_bytes() == b"".join(CHUNKS)


def test_fallback_to_smollm2_with_a_notice(tmp_path: Path, split, monkeypatch) -> None:
    model, root = split
    monkeypatch.delenv("BIMEDIX_DEFAULT_MODEL", raising=False)
    models = tmp_path / "models"
    path = ensure_model(models, model)
    path.write_bytes(b"GGUF truncated")  # damaged, and the parts are gone too
    for part in model.parts:
        (root / part.module / "data" / part.filename).unlink()
    choice = choose_default(models, model)
    assert choice.path == embedded_model_path() and choice.key == "smollm2"
    assert "wrong size" in (choice.notice or "") and "deleted" in (choice.notice or "")
    assert "SmolLM2" in (choice.notice or "")
    assert not path.exists()


def test_unnamed_default_follows_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BIMEDIX_DEFAULT_MODEL", "smollm2")
    notices: list[str] = []
    assert resolve_model("", tmp_path, notices) == embedded_model_path() and not notices


def test_default_without_parts_falls_back_in_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A plain install without the part wheels: the CLI says so and uses SmolLM2."""
    from bimedix.cli import main

    missing = SplitModel(
        "absent.gguf", 10, "0" * 64, (PartSpec("no_such_part_pkg", "p.bin", 10),), "pip install x"
    )
    monkeypatch.setattr(default_model, "QWEN_SPLIT", missing)
    monkeypatch.delenv("BIMEDIX_DEFAULT_MODEL", raising=False)
    notices: list[str] = []
    assert resolve_model("", tmp_path, notices) == embedded_model_path()
    assert notices and "not installed (no_such_part_pkg)" in notices[0]
    code = main(["--data-dir", str(tmp_path / "data"), "chat", "--once", "Hi", "--max-tokens", "4"])
    assert code == 0
    err = capsys.readouterr().err
    assert "not installed (no_such_part_pkg)" in err and "SmolLM2" in err


def test_catalog_pins_the_official_file() -> None:
    entry = find_catalog_entry("qwen-coder-1.5b")
    assert entry is not None and entry.kind == "hf-gguf"
    assert entry.repo_id == "Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF"
    assert entry.filename == QWEN_SPLIT.filename
    assert entry.sha256 == QWEN_SPLIT.sha256 and entry.size_bytes == QWEN_SPLIT.size


def test_the_installed_parts_join_into_the_pinned_file(tmp_path_factory) -> None:
    """The real 22 wheels (tools/setup.sh installs them): the joined file's
    SHA-256 is the pinned one."""
    assert default_model.parts_installed(), "run tools/setup.sh: the default model's parts are gone"
    models = tmp_path_factory.mktemp("models")
    path = ensure_model(models)
    assert path.stat().st_size == 1_117_320_768
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    assert digest.hexdigest() == "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
    path.unlink()
