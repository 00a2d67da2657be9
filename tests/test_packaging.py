"""Packaging: the smoke test, the desktop files, icons, fonts, and the
checks and scripts that `make bundle` / `make dist-test` rely on.

The frozen bundle itself is built by `make bundle-test` (about a minute:
too slow for every `make test`); here the same smoke-test code runs
unfrozen, through the real model.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

from bimedix.gui import desktop_assets, smoke_test

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
APP_ID = desktop_assets.APP_ID
DESKTOP_FILE = PACKAGING / "linux" / f"{APP_ID}.desktop"
METAINFO_FILE = PACKAGING / "linux" / f"{APP_ID}.metainfo.xml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _load(name: str):
    """A script from packaging/ (a folder of scripts, not an importable package)."""
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the smoke test ---------------------------------------------------------


def test_smoke_test_answers_in_english_and_arabic_through_the_real_model(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bimedix.gui.app", "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    summary = result.stdout.strip().splitlines()
    assert len(summary) == 1 and summary[0].startswith("smoke test passed: ")
    assert "SmolLM2-135M-Instruct" in summary[0] and "2 replies stored" in summary[0]
    assert "en: '" in summary[0] and "ar: '" in summary[0]
    # One line and nothing else: Qt's "This plugin does not support
    # propagateSizeHints()" is silenced; the line names the log file.
    assert result.stderr == ""
    log_file = Path(summary[0].rsplit(", log ", 1)[1])
    log_text = log_file.read_text(encoding="utf-8")
    assert "generation finished" in log_text and "loaded SmolLM2" in log_text
    shutil.rmtree(log_file.parent.parent)
    # It wrote nothing to the user's data folder.
    assert not (tmp_path / ".local" / "share" / "bimedix-desktop").exists()


def test_smoke_test_stops_at_the_first_failing_step_with_its_name(qapp, capsys):
    # No bundled fonts registered: the step says so, and the model is never loaded.
    assert smoke_test.run(qapp, font_families=[]) == 1
    err = capsys.readouterr().err
    assert err.startswith("smoke test FAILED at fonts: Noto Sans Arabic is not bundled")


# --- fonts and icon ---------------------------------------------------------


def test_bundled_arabic_fonts_register_with_their_licence(qapp):
    families = desktop_assets.register_bundled_fonts()
    assert {"Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic"} <= set(families)
    licence = (desktop_assets.FONTS_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License, Version 1.1" in licence and "PREAMBLE" in licence
    assert "\n.\n" not in licence  # Debian's blank-line markers were undone


def test_icon_svg_is_valid_and_every_png_size_is_rendered(qapp):
    assert QSvgRenderer(str(desktop_assets.ICONS_DIR / f"{APP_ID}.svg")).isValid()
    for size in ICON_SIZES:
        image = QImage(str(desktop_assets.ICONS_DIR / f"{APP_ID}-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
    sizes = {s.width() for s in desktop_assets.app_icon().availableSizes()}
    assert set(ICON_SIZES) <= sizes


# --- desktop entry and AppStream -------------------------------------------


def test_desktop_entry_launches_the_app_with_our_icon():
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(DESKTOP_FILE, encoding="utf-8")
    group = entry["Desktop Entry"]
    assert group["Type"] == "Application"
    assert group["Exec"] == "bimedix-desktop" and group["TryExec"] == "bimedix-desktop"
    assert group["Icon"] == APP_ID
    assert group["Name[ar]"] and group["Comment[ar]"]
    assert group["Categories"].endswith(";")
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(DESKTOP_FILE)], capture_output=True, text=True
        )
        assert result.returncode == 0 and "error" not in result.stdout, result.stdout


def test_appstream_metainfo_matches_the_desktop_entry():
    root = ElementTree.parse(METAINFO_FILE).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP_FILE.name
    assert root.findtext("icon") == APP_ID
    assert root.findtext("project_license") == "Apache-2.0"
    from bimedix import __version__

    assert root.find("releases/release").get("version") == __version__
    if shutil.which("appstreamcli"):
        result = subprocess.run(
            ["appstreamcli", "validate", "--no-net", str(METAINFO_FILE)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


# --- build scripts ----------------------------------------------------------


def test_ofl_text_is_read_from_debians_copyright_format(tmp_path):
    build_assets = _load("build_assets")
    copyright_file = tmp_path / "copyright"
    copyright_file.write_text(
        "Files: *\nLicense: OFL-1.1\n\nLicense: GPL-3+\n see elsewhere\n\n"
        "License: OFL-1.1\n PREAMBLE\n .\n The goals of the OFL\n are many.\n\nFiles: x\n",
        encoding="utf-8",
    )
    text = build_assets._ofl_text(copyright_file)
    assert text.endswith("PREAMBLE\n\nThe goals of the OFL\nare many.\n")
    assert "GPL" not in text and "Files:" not in text


def test_translations_compile_with_this_interpreters_lrelease(tmp_path, monkeypatch):
    build_assets = _load("build_assets")
    monkeypatch.setattr(build_assets, "TRANSLATIONS_DIR", tmp_path)
    shutil.copy(ROOT / "app" / "gui" / "translations" / "bimedix_ar.ts", tmp_path)
    assert build_assets.compile_translations() == [tmp_path / "bimedix_ar.qm"]
    assert build_assets.compile_translations() == []  # up to date: nothing to do
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(tmp_path / "bimedix_ar.qm")) and not translator.isEmpty()
    (tmp_path / "broken.ts").write_text("<TS><context>", encoding="utf-8")
    with pytest.raises(build_assets.AssetError, match="could not compile broken.ts"):
        build_assets.compile_translations()


def test_missing_fonts_name_the_package_to_install(tmp_path, monkeypatch):
    build_assets = _load("build_assets")
    monkeypatch.setattr(build_assets, "FONTS_DIR", tmp_path / "fonts")
    monkeypatch.setenv("BIMEDIX_FONT_SOURCE", str(tmp_path / "nowhere"))
    with pytest.raises(build_assets.AssetError, match="fonts-noto-core"):
        build_assets.copy_fonts()


def test_check_dist_names_a_data_file_the_wheel_lacks(tmp_path, capsys):
    check_dist = _load("check_dist")
    wanted = sorted(check_dist.expected_data())
    assert "core/schemas/chat-archive-v1.schema.json" in wanted
    assert "gui/translations/bimedix_ar.qm" in wanted and "gui/fonts/OFL.txt" in wanted
    complete, partial = tmp_path / "complete.whl", tmp_path / "partial.whl"
    for path, names in ((complete, wanted), (partial, wanted[1:])):
        with zipfile.ZipFile(path, "w") as archive:
            for name in names:
                archive.writestr(f"bimedix/{name}", b"")
    assert check_dist.main([str(complete)]) == 0
    assert check_dist.main([str(partial)]) == 1
    assert f"partial.whl lacks: {wanted[0]}" in capsys.readouterr().err


def test_package_data_patterns_cover_every_data_file_under_app():
    # The wheel takes only what pyproject's package-data names; a data file
    # added under app/ without a pattern would be missing from every wheel
    # (the bundle collects the folder, so it would not notice).
    tomllib = pytest.importorskip("tomllib")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools_config = pyproject["tool"]["setuptools"]
    source = ROOT / setuptools_config["package-dir"]["bimedix"]  # bimedix.gui -> app/gui
    covered: set[Path] = set()
    for package, patterns in setuptools_config.get("package-data", {}).items():
        folder = source.joinpath(*package.split(".")[1:])
        for pattern in patterns:
            covered.update(p.resolve() for p in folder.glob(pattern))
    data = {
        p.resolve()
        for p in (ROOT / "app").rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }
    assert sorted(str(p.relative_to(ROOT)) for p in data - covered) == []


def test_install_local_installs_into_a_prefix_and_uninstalls_cleanly(tmp_path):
    bundle = tmp_path / "BiMediX"
    shutil.copytree(desktop_assets.ICONS_DIR, bundle / "_internal" / "bimedix" / "gui" / "icons")
    program = bundle / "bimedix-desktop"
    program.write_text("#!/bin/sh\necho bundled\n")
    program.chmod(0o755)
    prefix = tmp_path / "local"
    chats = prefix / "share" / "bimedix-desktop" / "chats.db"
    chats.parent.mkdir(parents=True)
    chats.write_bytes(b"keep me")
    script = str(PACKAGING / "install-local.sh")
    env = {**os.environ, "PATH": "/usr/bin:/bin"}

    def run(*args: str) -> None:
        subprocess.run([script, "--prefix", str(prefix), *args], check=True, env=env,
                       capture_output=True)  # fmt: skip

    run("--bundle", str(bundle))
    installed = prefix / "lib" / "bimedix-desktop" / "bimedix-desktop"
    launcher = prefix / "bin" / "bimedix-desktop"
    assert subprocess.run([launcher], capture_output=True, text=True).stdout == "bundled\n"
    desktop = (prefix / "share" / "applications" / f"{APP_ID}.desktop").read_text()
    assert f"\nExec={installed}\n" in desktop and f"\nTryExec={installed}\n" in desktop
    assert (prefix / "share" / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    icons = prefix / "share" / "icons" / "hicolor"
    for size in ICON_SIZES:
        assert QImage(str(icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png")).width() == size
    assert (icons / "scalable" / "apps" / f"{APP_ID}.svg").is_file()

    run("--uninstall")
    # Shared caches (icon-theme.cache, mimeinfo.cache) are the desktop's, not ours.
    leftovers = [
        p for p in prefix.rglob("*") if p.is_file() and p != chats and p.suffix != ".cache"
    ]
    assert leftovers == [] and not launcher.exists()
    assert chats.read_bytes() == b"keep me"
