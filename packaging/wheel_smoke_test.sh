#!/usr/bin/env bash
# `make dist-test`: build the sdist and wheel from this checkout (`python -m
# build`: the sdist first, then the wheel from the unpacked sdist), check that
# both carry every data file, install the wheel into a brand-new virtual
# environment, and run `bimedix-desktop --smoke-test` from there.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
CLEAN="build/wheel-venv"
log() { printf '\033[1m[dist]\033[0m %s\n' "$*"; }

VERSION="$("$PY" -c 'import bimedix; print(bimedix.__version__)')"
rm -f "dist/bimedix_desktop-${VERSION}"*
log "python -m build (sdist, then the wheel from it)"
"$PY" -m build --outdir dist . >build/python-build.log 2>&1 || { tail -30 build/python-build.log; exit 1; }
WHEEL="dist/bimedix_desktop-${VERSION}-py3-none-any.whl"
SDIST="dist/bimedix_desktop-${VERSION}.tar.gz"
"$PY" packaging/check_dist.py "$WHEEL" "$SDIST"

log "installing the wheel into a clean virtual environment ($CLEAN)"
LLAMA_WHEEL="$("$PY" packaging/find_llama_wheel.py)"
"$("$PY" -c 'import sys; print(sys._base_executable)')" -m venv --clear "$CLEAN"
"$CLEAN/bin/pip" install -q --upgrade pip
"$CLEAN/bin/pip" install -q "$LLAMA_WHEEL" "$WHEEL"

log "bimedix-desktop --smoke-test (from outside the checkout)"
BIN="$(pwd)/$CLEAN/bin/bimedix-desktop"
(cd "$(mktemp -d)" && "$BIN" --smoke-test)
