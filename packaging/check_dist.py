"""Check that a wheel and an sdist carry all of the package's data files.

    python packaging/check_dist.py dist/bimedix_desktop-0.1.0-py3-none-any.whl \
        dist/bimedix_desktop-0.1.0.tar.gz

Generic on purpose: every non-Python file under app/ (schemas, translations,
fonts, icons, and whatever another change adds) must be in both, as must the
generated ones (.qm, fonts, OFL licence), which are not in git. A data file
that pyproject's package-data forgets fails here, not on a user's machine.
"""

from __future__ import annotations

import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging"))
from build_assets import FONT_FILES, LICENCE_FILE  # noqa: E402

GENERATED = [f"gui/fonts/{name}" for name in (*FONT_FILES, LICENCE_FILE)] + [
    f"gui/translations/{ts.stem}.qm" for ts in (ROOT / "app" / "gui" / "translations").glob("*.ts")
]


def expected_data() -> set[str]:
    """Package data, relative to the package folder (app/ = bimedix/)."""
    found = {
        str(p.relative_to(ROOT / "app"))
        for p in (ROOT / "app").rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }
    return found | set(GENERATED)


def main(paths: list[str]) -> int:
    wanted = expected_data()
    problems = []
    for path in paths:
        if path.endswith(".whl"):
            with zipfile.ZipFile(path) as archive:
                names = {n.removeprefix("bimedix/") for n in archive.namelist()}
        else:
            with tarfile.open(path) as archive:
                names = {n.split("/app/", 1)[1] for n in archive.getnames() if "/app/" in n}
        missing = sorted(wanted - names)
        if missing:
            problems.append(f"{Path(path).name} lacks: {', '.join(missing)}")
        else:
            print(f"check_dist: {Path(path).name}: all {len(wanted)} data files present")
    for problem in problems:
        print(f"check_dist: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
