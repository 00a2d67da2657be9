"""Generated package data: compiled translations and the bundled Arabic fonts.

Neither is committed. `.qm` files are compiled from the reviewed `.ts`
sources with `pyside6-lrelease` (a build artefact, like `.mo` files: committing
it would go stale whenever a `.ts` changes). The fonts are copied from Debian's
`fonts-noto-core` (SIL Open Font License 1.1) with the licence text, as the
issue asks: they are not ours to keep in git, and the build machine has them.

Used three ways, always through `prepare()`:
- `make setup` / `make bundle` (`python packaging/build_assets.py`);
- the setuptools hook in `setup.py`, so that `python -m build` from a clean
  checkout puts both into the sdist and the wheel;
- the PyInstaller spec checks that they are there.

Standard library only: it runs inside pip's isolated build environment.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS_DIR = ROOT / "app" / "gui" / "translations"
FONTS_DIR = ROOT / "app" / "gui" / "fonts"

# Noto Sans Arabic is the interface's first Arabic family (app/gui/style.py);
# Noto Naskh Arabic is its fallback. Noto Sans covers Latin text where the
# system has no font at all (minimal images, kiosks). Regular and bold of each.
FONT_FILES = (
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Bold.ttf",
    "NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold.ttf",
)
LICENCE_FILE = "OFL.txt"
# Where Debian's fonts-noto-core puts them; BIMEDIX_FONT_SOURCE overrides it
# (e.g. on macOS or Windows, a folder holding the same files from
# https://notofonts.github.io/).
DEBIAN_FONT_DIR = Path("/usr/share/fonts/truetype/noto")
DEBIAN_COPYRIGHT = Path("/usr/share/doc/fonts-noto-core/copyright")


class AssetError(RuntimeError):
    """A generated file cannot be produced; the message says what to install."""


def _lrelease() -> list[str] | None:
    """The command that runs Qt's lrelease, if PySide6 is importable here.

    It runs PySide6's own wrapper in this interpreter, so it uses the
    PySide6 this build sees (pip's isolated build environment hides the
    project's venv: a `pyside6-lrelease` script found on disk may not be
    able to import its PySide6 from inside a build).
    """
    if importlib.util.find_spec("PySide6") is None:
        return None
    return [sys.executable, "-c", "from PySide6.scripts.pyside_tool import lrelease; lrelease()"]


def compile_translations(force: bool = False) -> list[Path]:
    """Compile every `.ts` into a `.qm` beside it (when missing or older)."""
    written = []
    for ts in sorted(TRANSLATIONS_DIR.glob("*.ts")):
        qm = ts.with_suffix(".qm")
        if not force and qm.is_file() and qm.stat().st_mtime >= ts.stat().st_mtime:
            continue
        command = _lrelease()
        if command is None:
            raise AssetError(
                f"{qm.name} is missing or older than {ts.name}, and PySide6 (which ships "
                "lrelease) is not installed here: install PySide6-Essentials."
            )
        try:
            subprocess.run([*command, "-silent", str(ts), "-qm", str(qm)], check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            raise AssetError(f"lrelease could not compile {ts.name}: {exc}") from exc
        written.append(qm)
    return written


def _ofl_text(copyright_file: Path) -> str:
    """The OFL-1.1 text and the fonts' copyright, from Debian's copyright file.

    Debian's machine-readable format indents every line by one space and
    writes blank lines as " ."; undo both.
    """
    text = copyright_file.read_text(encoding="utf-8")
    start = text.find("\nLicense: OFL-1.1\n ")
    if start < 0:
        raise AssetError(f"no OFL-1.1 licence text in {copyright_file}")
    body = []
    for line in text[start + 1 :].splitlines()[1:]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    header = (
        "Noto Sans, Noto Sans Arabic and Noto Naskh Arabic\n"
        "Copyright 2010, 2012-2020 Google Inc.; 2015-2020 Google LLC.\n"
        "Taken from Debian's fonts-noto-core package "
        "(https://github.com/notofonts/noto-fonts).\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n\n"
    )
    return header + "\n".join(body).strip() + "\n"


def copy_fonts() -> list[Path]:
    """Copy the Arabic fonts and their licence into app/gui/fonts/."""
    source = Path(os.environ.get("BIMEDIX_FONT_SOURCE", DEBIAN_FONT_DIR))
    FONTS_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FONT_FILES:
        target = FONTS_DIR / name
        if target.is_file():
            continue
        if not (source / name).is_file():
            raise AssetError(
                f"{name} not found in {source}: install Debian's fonts-noto-core "
                "(apt-get install fonts-noto-core) or set BIMEDIX_FONT_SOURCE to a folder "
                "holding the Noto Arabic fonts."
            )
        shutil.copyfile(source / name, target)
        written.append(target)
    licence = FONTS_DIR / LICENCE_FILE
    if not licence.is_file():
        local_licence = source / LICENCE_FILE
        if DEBIAN_COPYRIGHT.is_file():
            licence.write_text(_ofl_text(DEBIAN_COPYRIGHT), encoding="utf-8")
        elif local_licence.is_file():
            shutil.copyfile(local_licence, licence)
        else:
            raise AssetError(f"no licence text for the fonts: put OFL.txt in {source}")
        written.append(licence)
    return written


def prepare() -> list[Path]:
    """Make sure every generated package-data file exists; return those written."""
    return compile_translations() + copy_fonts()


def main() -> int:
    try:
        written = prepare()
    except AssetError as exc:
        print(f"build_assets: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"build_assets: wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
