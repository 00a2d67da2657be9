"""Model-load errors tell causes apart (issue 22): a setting llama.cpp would
reject is named; a model that fails with valid settings says so. Real
llama.cpp, real GGUF files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bimedix.engine.llama_backend import LlamaCppBackend
from bimedix.errors import ModelLoadError
from bimedix.models.catalog import embedded_model_path


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"n_ctx": -5}, "context size setting (n_ctx = -5)"),
        ({"n_threads": -3}, "threads setting (n_threads = -3)"),
        ({"n_gpu_layers": -7}, "GPU layers setting (n_gpu_layers = -7)"),
    ],
)
def test_a_bad_setting_is_named_not_blamed_on_the_file(options: dict, named: str) -> None:
    with pytest.raises(ModelLoadError) as caught:
        LlamaCppBackend(embedded_model_path(), **options)
    message = str(caught.value)
    assert named in message and "model file was not the problem" in message
    assert "damaged" not in message


def test_a_valid_header_with_valid_settings_blames_the_model(tmp_path: Path) -> None:
    np = pytest.importorskip("numpy")
    import gguf

    path = tmp_path / "odd.gguf"
    writer = gguf.GGUFWriter(str(path), "nonexistentarch")
    writer.add_tensor("token_embd.weight", np.zeros((4, 4), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    with pytest.raises(ModelLoadError) as caught:
        LlamaCppBackend(path, n_ctx=256, n_threads=1)
    message = str(caught.value)
    assert "odd.gguf with valid settings (n_ctx=256" in message
    assert "the model itself is the problem" in message
