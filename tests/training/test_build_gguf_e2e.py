"""The model manager's "Build GGUF" end to end, against the fake hub on
127.0.0.1 (HF_ENDPOINT): a tiny random Mixtral with a sentencepiece
tokenizer is served as a Hugging Face repository (LFS weights with their
SHA-256, plain git config files); `build_gguf` lists it, downloads it,
converts it with llama.cpp's converter, quantises it to Q4_K_M and
registers it; the app's own engine loads the result and generates.

A cancelled (from code or the Model manager's Cancel button, while
downloading or converting) or failing build leaves no half file and no
library entry.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("torch", reason="needs the [train] extra")
pytest.importorskip("transformers", reason="needs the [train] extra")

from bimedix.engine.backend import (  # noqa: E402
    CancelToken,
    ChatMessage,
    Finished,
    GenerationParams,
)
from bimedix.engine.gguf_file import inspect_gguf  # noqa: E402
from bimedix.engine.llama_backend import LlamaCppBackend, check_gguf_header  # noqa: E402
from bimedix.models.downloads import DownloadCancelled, DownloadProgress  # noqa: E402
from bimedix.models.gguf_build import BuildCancelled, BuildError, build_gguf  # noqa: E402
from bimedix.models.library import ModelLibrary, models_dir  # noqa: E402
from bimedix.training.base_model import prepare_base  # noqa: E402
from bimedix.training.config import load_config  # noqa: E402
from tests.fake_hub import FakeHub, start_fake_hub  # noqa: E402

TINY = Path(__file__).resolve().parents[2] / "training" / "configs" / "tiny.yaml"
REPO = "tester/tiny-mixtral"
BROKEN = "tester/unsupported-arch"
OUT_NAME = "tester--tiny-mixtral.Q4_K_M.gguf"


@pytest.fixture(scope="module")
def tiny_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The files of a random tiny Mixtral checkpoint, as a hub repo holds them."""
    base = Path(prepare_base(load_config(TINY), tmp_path_factory.mktemp("tiny-base")))
    files = {p.relative_to(base).as_posix(): p.read_bytes() for p in base.rglob("*") if p.is_file()}
    assert "model.safetensors" in files and "tokenizer.model" in files
    return files


@pytest.fixture
def hub(tiny_checkpoint: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    state, server = start_fake_hub(b"unused")
    state.add_repo(REPO, tiny_checkpoint)
    broken = dict(tiny_checkpoint)
    broken["config.json"] = tiny_checkpoint["config.json"].replace(
        b"MixtralForCausalLM", b"NoSuchModelForCausalLM"
    )
    state.add_repo(BROKEN, broken)
    monkeypatch.setenv("HF_ENDPOINT", state.url)
    yield state
    server.shutdown()
    server.server_close()


def leftovers(data_dir: Path) -> list[str]:
    """Files in the models folder that a finished or abandoned build must
    not leave behind: anything but the snapshot and the library file."""
    folder = models_dir(data_dir)
    if not folder.exists():
        return []
    return sorted(p.name for p in folder.iterdir() if p.name not in ("hf", "library.json"))


def test_build_downloads_converts_quantises_registers_and_loads(
    hub: FakeHub, tmp_path: Path
) -> None:
    phases: list[str] = []

    def record(p: DownloadProgress) -> None:
        if not phases or phases[-1] != p.phase:
            phases.append(p.phase)

    entry = build_gguf(tmp_path, REPO, progress=record)

    final = models_dir(tmp_path) / OUT_NAME
    assert Path(entry.path) == final.resolve()
    assert leftovers(tmp_path) == [OUT_NAME], "no .building, .part or f16 file is left"
    check_gguf_header(final)
    info = inspect_gguf(final)
    assert info.quantization == "Q4_K_M"
    assert entry.source == "built" and entry.repo_id == REPO
    assert [e.name for e in ModelLibrary(tmp_path).entries()] == [entry.name]
    assert "downloading" in phases
    assert phases[-3:] == ["converting to GGUF (f16)", "quantising to Q4_K_M", "done"]
    # Weights came through the verified resumable path; config files too.
    assert f"{REPO}/model.safetensors" in hub.fetched and f"{REPO}/config.json" in hub.fetched
    assert not (models_dir(tmp_path) / "hf").exists() or not any(
        (models_dir(tmp_path) / "hf").iterdir()
    ), "the snapshot (as big as the f16 model) is removed once the GGUF is built"

    backend = LlamaCppBackend(final, n_ctx=256, n_threads=1)
    try:
        deltas = list(
            backend.stream_chat(
                [ChatMessage("user", "What is anaemia?")],
                GenerationParams(max_tokens=3, temperature=0.0),
            )
        )
    finally:
        backend.close()
    assert isinstance(deltas[-1], Finished) and deltas[-1].stats.completion_tokens >= 1


def test_cancelled_build_leaves_nothing_and_resumes(hub: FakeHub, tmp_path: Path) -> None:
    cancel = CancelToken()

    def cancel_on_weights(p: DownloadProgress) -> None:
        if p.phase == "downloading":
            cancel.cancel()

    with pytest.raises(DownloadCancelled):
        build_gguf(tmp_path, REPO, progress=cancel_on_weights, cancel=cancel)
    assert leftovers(tmp_path) == [] and ModelLibrary(tmp_path).entries() == []

    # Starting again resumes the weights where they stopped.
    build_gguf(tmp_path, REPO)
    assert any(r.startswith("bytes=") for r in hub.ranges)
    assert leftovers(tmp_path) == [OUT_NAME]


def test_cancel_during_conversion_stops_it(hub: FakeHub, tmp_path: Path) -> None:
    cancel = CancelToken()
    timers: list[threading.Timer] = []

    def cancel_while_converting(p: DownloadProgress) -> None:
        # Half a second in, the converter is running (importing torch alone
        # takes longer); were it done already, the cancel is still honoured
        # before quantising, so the outcome does not depend on timing.
        if p.phase.startswith("converting"):
            timers.append(threading.Timer(0.5, cancel.cancel))
            timers[-1].start()

    with pytest.raises(BuildCancelled, match="was stopped"):
        build_gguf(tmp_path, REPO, progress=cancel_while_converting, cancel=cancel)
    timers[0].join()
    assert leftovers(tmp_path) == [] and ModelLibrary(tmp_path).entries() == []


def test_failed_conversion_leaves_no_half_file_and_no_entry(
    hub: FakeHub, tmp_path: Path
) -> None:
    with pytest.raises(BuildError, match="NoSuchModelForCausalLM"):
        build_gguf(tmp_path, BROKEN)
    assert leftovers(tmp_path) == [] and ModelLibrary(tmp_path).entries() == []


def test_bad_quantisation_type_is_refused_before_downloading(
    hub: FakeHub, tmp_path: Path
) -> None:
    with pytest.raises(BuildError, match="Q9_Z"):
        build_gguf(tmp_path, REPO, qtype="Q9_Z")
    assert hub.fetched == [] and leftovers(tmp_path) == []


def test_a_taken_name_is_refused_before_downloading(hub: FakeHub, tmp_path: Path) -> None:
    from bimedix.models.catalog import embedded_model_path
    from bimedix.models.library import LibraryError, add_local_model

    add_local_model(tmp_path, embedded_model_path(), "taken")
    with pytest.raises(LibraryError, match="already has a model named taken"):
        build_gguf(tmp_path, REPO, name="taken")
    assert hub.fetched == []


def test_models_build_cli(hub: FakeHub, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bimedix.cli", "--data-dir", str(tmp_path), "models", "build",
         REPO, "--name", "tiny-built"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "built tiny-built" in result.stdout
    assert ModelLibrary(tmp_path).get("tiny-built").source == "built"


def test_model_manager_cancel_stops_the_conversion(qtbot, hub: FakeHub, tmp_path: Path) -> None:
    """The dialog's Cancel button reaches the converter: once the download
    is done, a click stops the build and leaves nothing behind."""
    from bimedix.gui.model_manager import ModelManagerDialog

    dialog = ModelManagerDialog(tmp_path, 2048)
    qtbot.addWidget(dialog)
    dialog.start_get(REPO, build=True)
    qtbot.waitUntil(lambda: "converting" in dialog.progress_label.text(), timeout=30000)
    assert not dialog.cancel_button.isHidden()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog._tasks, timeout=30000)
    assert "stopped" in dialog.message.text() and dialog.progress.isHidden()
    assert leftovers(tmp_path) == [] and ModelLibrary(tmp_path).entries() == []
    dialog.close()
