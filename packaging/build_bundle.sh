#!/usr/bin/env bash
# `make bundle`: freeze the app into dist/BiMediX/ with PyInstaller, then
# pack dist/BiMediX-<version>-<os>-<arch>.tar.gz and its .sha256.
#
# Runs in the project's virtual environment (VENV, default .venv), where
# `make` has installed the portable llama.cpp build and the [bundle] extra.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PY="$VENV/bin/python"
log() { printf '\033[1m[bundle]\033[0m %s\n' "$*"; }

started=$(date +%s)
"$PY" packaging/build_assets.py
VERSION="$("$PY" -c 'import bimedix; print(bimedix.__version__)')"
OS="$(uname -s | tr '[:upper:]' '[:lower:]')"
ARCH="$(uname -m)"
NAME="BiMediX-${VERSION}-${OS}-${ARCH}"

log "freezing bimedix-desktop ${VERSION} with PyInstaller"
rm -rf dist/BiMediX
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/bimedix-desktop.spec
# What a person needs next to the program: the per-user installer and the
# files it installs (docs/packaging.md).
cp packaging/install-local.sh dist/BiMediX/
cp -r packaging/linux dist/BiMediX/linux

log "packing dist/${NAME}.tar.gz"
rm -f "dist/${NAME}.tar.gz" "dist/${NAME}.tar.gz.sha256"
gzip_cmd="gzip -6"
command -v pigz >/dev/null && gzip_cmd="pigz -6"
tar -C dist -cf - BiMediX | $gzip_cmd > "dist/${NAME}.tar.gz.part"
mv "dist/${NAME}.tar.gz.part" "dist/${NAME}.tar.gz"
(cd dist && sha256sum "${NAME}.tar.gz" > "${NAME}.tar.gz.sha256")

log "dist/BiMediX: $(du -sh dist/BiMediX | cut -f1) on disk; dist/${NAME}.tar.gz: $(du -h "dist/${NAME}.tar.gz" | cut -f1); built in $(( $(date +%s) - started )) s"
log "check it: dist/BiMediX/bimedix-desktop --smoke-test"
