"""Where the data folder is, whether it is usable, and the settings file."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import platformdirs
import pytest

from bimedix.core.settings import (
    APP_NAME,
    DATA_DIR_ENV,
    Settings,
    ensure_writable_dir,
    resolve_data_dir,
)
from bimedix.errors import DataDirError, UserFacingError


def test_resolve_data_dir_prefers_the_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "from-env"))

    assert resolve_data_dir(tmp_path / "from-arg") == tmp_path / "from-arg"
    assert resolve_data_dir(str(tmp_path / "from-arg")) == tmp_path / "from-arg"


def test_resolve_data_dir_uses_environment_without_argument(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "from-env"))

    assert resolve_data_dir() == tmp_path / "from-env"
    assert resolve_data_dir(None) == tmp_path / "from-env"
    assert resolve_data_dir("") == tmp_path / "from-env"


def test_resolve_data_dir_defaults_to_platform_user_data_dir(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)

    expected = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    assert resolve_data_dir() == expected
    assert expected.name == APP_NAME


def test_resolve_data_dir_ignores_an_empty_environment_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, "")

    assert resolve_data_dir() == Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def test_resolve_data_dir_expands_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(DATA_DIR_ENV, "~/env-data")

    assert resolve_data_dir("~/bimedix-data") == tmp_path / "bimedix-data"
    assert resolve_data_dir() == tmp_path / "env-data"


def test_ensure_writable_dir_creates_nested_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c"

    assert ensure_writable_dir(target) == target
    assert target.is_dir()
    # The write probe cleans up after itself.
    assert list(target.iterdir()) == []


def test_ensure_writable_dir_raises_data_dir_error_for_unusable_folder(tmp_path: Path) -> None:
    # A folder below a regular file can never be created, even by root.
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    target = blocker / "sub"

    with pytest.raises(DataDirError) as caught:
        ensure_writable_dir(target)

    assert isinstance(caught.value, UserFacingError)
    assert str(target) in str(caught.value)
    assert "--data-dir" in str(caught.value)
    assert blocker.read_text() == "not a folder"


def test_ensure_writable_dir_raises_when_the_path_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "chats"
    target.write_text("x")

    with pytest.raises(DataDirError):
        ensure_writable_dir(target)


def test_settings_defaults() -> None:
    settings = Settings()

    assert settings.ui_language == "en"
    assert settings.default_mode == "consult"
    assert settings.model_path == ""
    assert settings.prompt_formats == {}
    assert Settings().prompt_formats is not settings.prompt_formats


def test_settings_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "settings.json"
    settings = Settings(
        ui_language="ar",
        default_mode="mcq",
        model_path="/models/BiMediX-Bi.Q4_K_M.gguf",
        n_ctx=8192,
        max_tokens=64,
        temperature=0.25,
        prompt_formats={"BiMediX-Bi.Q4_K_M.gguf": "mixtral", "other.gguf": "chatml"},
    )

    settings.save(path)

    assert Settings.load(path) == settings
    # The atomic write leaves no temporary file behind.
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]


def test_settings_save_keeps_arabic_readable(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    Settings(model_path="/نماذج/بيميديكس.gguf").save(path)

    assert "/نماذج/بيميديكس.gguf" in path.read_text(encoding="utf-8")
    assert Settings.load(path).model_path == "/نماذج/بيميديكس.gguf"


def test_settings_save_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    Settings(max_tokens=10).save(path)
    Settings(max_tokens=20).save(path)

    assert Settings.load(path).max_tokens == 20


def test_missing_settings_file_gives_defaults(tmp_path: Path) -> None:
    assert Settings.load(tmp_path / "absent.json") == Settings()


@pytest.mark.parametrize(
    "text",
    ["{not json", "", "[1, 2, 3]", '"just a string"', "null", '{"n_ctx": 4'],
)
def test_corrupt_settings_file_gives_defaults(tmp_path: Path, text: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(text, encoding="utf-8")

    assert Settings.load(path) == Settings()


def test_undecodable_settings_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b'{"ui_language": "\xff\xfe"}')

    assert Settings.load(path) == Settings()


def test_settings_ignore_unknown_keys_and_wrong_types(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "ui_language": "ar",
                "n_ctx": "lots",
                "max_tokens": 128,
                "temperature": "hot",
                "prompt_formats": ["mixtral"],
                "from_a_future_version": True,
            }
        ),
        encoding="utf-8",
    )

    settings = Settings.load(path)

    expected = asdict(Settings())
    expected.update(ui_language="ar", max_tokens=128)
    assert asdict(settings) == expected
    assert not hasattr(settings, "from_a_future_version")


def test_settings_accept_a_whole_number_temperature(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"temperature": 1}', encoding="utf-8")

    assert Settings.load(path).temperature == 1.0


def test_settings_reject_a_boolean_context_size(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"n_ctx": true, "max_tokens": false}', encoding="utf-8")

    settings = Settings.load(path)

    assert settings.n_ctx == Settings().n_ctx
    assert settings.max_tokens == Settings().max_tokens
