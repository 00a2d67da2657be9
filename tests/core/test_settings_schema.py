"""Settings checked on load against the GUI's bounds (issue 22): invalid
values get their default and a warning naming key and value; the file is
never rewritten and the other values are kept."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from bimedix.core.kiosk import KioskSettings
from bimedix.core.settings import Settings
from bimedix.core.settings_schema import (
    MODEL_RULES,
    PROMPT_FORMAT_CHOICES,
    TEXT_SIZE_CHOICES,
)
from bimedix.models.library import ModelLibrary, ModelSettings


def test_the_issue_settings_are_ignored_and_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.json"
    text = json.dumps({"n_ctx": -5, "temperature": "hot", "max_tokens": 100, "ui_language": "ar"})
    path.write_text(text, "utf-8")
    with caplog.at_level(logging.WARNING, logger="bimedix.settings"):
        settings, warnings = Settings.load_checked(path)
    assert (settings.n_ctx, settings.temperature) == (Settings().n_ctx, Settings().temperature)
    assert (settings.max_tokens, settings.ui_language) == (100, "ar")  # others kept
    assert len(warnings) == 2
    assert "n_ctx = -5" in warnings[0] and "settings.json" in warnings[0]
    assert "temperature = 'hot'" in warnings[1]
    assert path.read_text("utf-8") == text  # never silently rewritten
    assert any("n_ctx = -5" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("n_ctx", 0), ("n_ctx", 131073), ("n_ctx", 2.5), ("n_ctx", True),
        ("max_tokens", 0), ("max_tokens", "512"), ("temperature", 2.5),
        ("temperature", float("nan")), ("text_size", "huge"), ("ui_language", "fr"),
        ("default_mode", "surgery"), ("model_path", 7),
    ],
)  # fmt: skip
def test_each_bound_of_the_gui_is_enforced(tmp_path: Path, key: str, value: object) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({key: value}), "utf-8")
    settings, warnings = Settings.load_checked(path)
    assert getattr(settings, key) == getattr(Settings(), key)
    assert len(warnings) == 1 and key in warnings[0]


def test_damaged_and_missing_files(tmp_path: Path) -> None:
    assert Settings.load_checked(tmp_path / "none.json") == (Settings(), [])
    path = tmp_path / "settings.json"
    path.write_bytes(b"[" * 100_000)
    settings, (warning,) = Settings.load_checked(path)
    assert settings == Settings() and "nested" in warning
    path.write_text('{"prompt_formats": {"a.gguf": "chatml", "b.gguf": "klingon"}}', "utf-8")
    settings, (warning,) = Settings.load_checked(path)
    assert settings.prompt_formats == {"a.gguf": "chatml"} and "klingon" in warning


def test_per_model_settings_in_the_library(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "library.json").write_text(
        json.dumps({"models": [], "settings": {"smollm2": {
            "n_ctx": -5, "n_threads": 4, "temperature": "hot", "top_p": 1.5, "seed": 3}}}),
        "utf-8",
    )  # fmt: skip
    own = ModelLibrary(tmp_path).settings_for("smollm2")
    assert (own.n_ctx, own.n_threads, own.temperature, own.top_p, own.seed) == (
        None, 4, None, None, 3
    )  # fmt: skip
    assert len(own.warnings) == 3 and "model 'smollm2'" in own.warnings[0]


def test_the_library_skips_an_entry_with_wrong_types(tmp_path: Path) -> None:
    """Was a TypeError traceback in `bimedix models list` (Path(5))."""
    models = tmp_path / "models"
    models.mkdir()
    good = {"name": "ok", "path": "/m/ok.gguf"}
    (models / "library.json").write_text(
        json.dumps({"models": [{"name": "x", "path": 5}, good]}), "utf-8"
    )
    assert [e.name for e in ModelLibrary(tmp_path).entries()] == ["ok"]


def test_kiosk_bounds(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.json"
    path.write_text(json.dumps({"max_tokens": 9000, "countdown_s": 30}), "utf-8")
    kiosk, (warning,) = KioskSettings.load_checked(path)
    assert kiosk.max_tokens == KioskSettings().max_tokens and kiosk.countdown_s == 30
    assert "max_tokens = 9000" in warning


def test_copied_choices_match_their_owners() -> None:
    from bimedix.engine.prompt_format import PROMPT_FORMATS
    from bimedix.gui.style import TEXT_SIZES

    assert set(TEXT_SIZE_CHOICES) == set(TEXT_SIZES)
    assert set(PROMPT_FORMAT_CHOICES) == set(PROMPT_FORMATS)


def test_model_rules_match_the_model_manager_spin_boxes() -> None:
    """The bounds are the model manager's (app/gui/model_manager.py)."""
    import re

    source = Path(__file__).parents[2].joinpath("app/gui/model_manager.py").read_text("utf-8")
    spins = dict(re.findall(r"self\.(\w+)_spin = _(?:spin|double)\(([^)]*)\)", source))
    names = {"ctx": "n_ctx", "threads": "n_threads", "gpu": "n_gpu_layers",
             "temperature": "temperature", "top_p": "top_p", "top_k": "top_k",
             "min_p": "min_p", "repeat": "repeat_penalty", "max_tokens": "max_tokens",
             "seed": "seed"}  # fmt: skip
    for spin, key in names.items():
        low, high = (eval(x, {}) for x in spins[spin].split(",")[:2])  # noqa: S307
        assert (MODEL_RULES[key].low, MODEL_RULES[key].high) == (low, high), key
    assert ModelSettings.from_dict({"n_gpu_layers": 999}).n_gpu_layers == 999
