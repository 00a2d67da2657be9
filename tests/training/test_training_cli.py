"""bimedix-train's command line and module boundaries: clear one-line errors,
no GUI imports, and no torch/transformers cost at import time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bimedix.cli.train import main
from bimedix.models.catalog import embedded_model_path
from tests.test_layering import imported_modules

TRAINING = Path(__file__).resolve().parents[2] / "training"


@pytest.mark.parametrize("path", sorted(TRAINING.glob("*.py")), ids=lambda p: p.name)
def test_training_never_imports_the_gui(path: Path) -> None:
    modules = imported_modules(path)
    assert not [m for m in modules if m.startswith(("PySide6", "bimedix.gui"))]


def test_importing_the_training_package_does_not_load_torch() -> None:
    code = (
        "import sys, bimedix.cli.train, bimedix.training.pipeline, bimedix.training.data, "
        "bimedix.models.gguf_convert, bimedix.training.merge, bimedix.training.train, "
        "bimedix.training.translate, bimedix.training.axolotl; "
        "heavy = [m for m in ('torch', 'transformers', 'peft') if m in sys.modules]; "
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_quantize_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quantize", str(tmp_path / "missing.gguf"), str(tmp_path / "o.gguf")]) == 2
    assert "No GGUF to quantise" in capsys.readouterr().err
    source = embedded_model_path()
    assert main(["quantize", str(source), str(tmp_path / "o.gguf"), "--type", "Q9_X"]) == 2
    err = capsys.readouterr().err
    assert "Unknown quantisation type 'Q9_X'" in err and "Q4_K_M" in err


def test_bad_config_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "c.yaml").write_text("name: x\nbase_model: {tiny: {}}\ntrian: {}\n", "utf-8")
    assert main(["data", "build", str(tmp_path / "c.yaml"), "--out", str(tmp_path)]) == 2
    assert "unknown top-level key(s) trian" in capsys.readouterr().err
    assert main(["data", "build", str(tmp_path / "nope.yaml")]) == 2
    assert "Cannot read config" in capsys.readouterr().err


def test_convert_refuses_a_folder_that_is_not_a_checkpoint(tmp_path: Path) -> None:
    from bimedix.models.gguf_convert import ConversionError, convert_hf_to_gguf

    with pytest.raises(ConversionError, match="no config.json"):
        convert_hf_to_gguf(tmp_path, tmp_path / "x.gguf")
    with pytest.raises(ConversionError, match="outtype"):
        convert_hf_to_gguf(tmp_path, tmp_path / "x.gguf", outtype="q4")
