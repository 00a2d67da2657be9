"""Print the cached llama-cpp-python wheel that this environment runs.

tools/setup.sh builds llama-cpp-python once per set of CMake flags and keeps
each wheel under ~/.cache/bimedix-desktop/wheels/. A clean virtual
environment (packaging/wheel_smoke_test.sh) must get the same build — a
default build from PyPI would compile natively and crash on VMs that
advertise AMX. The wheel is found by comparing the installed libllama's
SHA-256 with each cached wheel's RECORD.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import zipfile
from importlib import metadata
from pathlib import Path

LIBRARY = "llama_cpp/lib/libllama.so"


def installed_hash() -> str | None:
    for line in metadata.distribution("llama_cpp_python").read_text("RECORD").splitlines():
        row = next(csv.reader([line]))
        if row and row[0].endswith(LIBRARY):
            return row[1]
    return None


def main() -> int:
    wanted = installed_hash()
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "bimedix-desktop"
    for wheel in sorted((cache / "wheels").glob("*/llama_cpp_python-*.whl")):
        with zipfile.ZipFile(wheel) as archive:
            record = next(n for n in archive.namelist() if n.endswith(".dist-info/RECORD"))
            rows = csv.reader(io.TextIOWrapper(archive.open(record), encoding="utf-8"))
            if any(r and r[0] == LIBRARY and r[1] == wanted for r in rows):
                print(wheel)
                return 0
    print(f"find_llama_wheel: no cached wheel in {cache} matches the installed "
          "llama-cpp-python: run `make setup`", file=sys.stderr)  # fmt: skip
    return 1


if __name__ == "__main__":
    sys.exit(main())
