#!/usr/bin/env bash
# Install the BiMediX desktop bundle for the current user (no root needed):
#
#   packaging/install-local.sh              # from a checkout, after `make bundle`
#   BiMediX/install-local.sh                # from the extracted .tar.gz
#   packaging/install-local.sh --uninstall  # remove everything it installed
#
# Options: --prefix DIR (default ~/.local), --bundle DIR (the BiMediX folder).
# It copies the bundle to PREFIX/lib/bimedix-desktop, links
# PREFIX/bin/bimedix-desktop, and installs the .desktop entry, the icons
# (hicolor theme, 16-512 px and scalable) and the AppStream metainfo under
# PREFIX/share. Chats and settings (~/.local/share/bimedix-desktop) are
# never touched, not even by --uninstall.
set -euo pipefail

APP_ID=org.bimedix.Desktop
HERE="$(cd "$(dirname "$0")" && pwd)"
PREFIX="${HOME}/.local"
BUNDLE=""
ACTION=install

while [ $# -gt 0 ]; do
  case "$1" in
    --uninstall) ACTION=uninstall ;;
    --prefix) PREFIX="$2"; shift ;;
    --bundle) BUNDLE="$2"; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-local.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

LIB_DIR="$PREFIX/lib/bimedix-desktop"
BIN_LINK="$PREFIX/bin/bimedix-desktop"
SHARE="$PREFIX/share"
DESKTOP_FILE="$SHARE/applications/$APP_ID.desktop"
METAINFO_FILE="$SHARE/metainfo/$APP_ID.metainfo.xml"
ICON_SIZES="16 24 32 48 64 128 256 512"

refresh_caches() {
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
}

if [ "$ACTION" = uninstall ]; then
  rm -rf "$LIB_DIR"
  [ -L "$BIN_LINK" ] && rm -f "$BIN_LINK"
  rm -f "$DESKTOP_FILE" "$METAINFO_FILE" "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
  for size in $ICON_SIZES; do
    rm -f "$SHARE/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
  done
  refresh_caches
  echo "Removed BiMediX Desktop from $PREFIX (your chats in ~/.local/share/bimedix-desktop are kept)."
  exit 0
fi

# The bundle: given, or the folder this script sits in (extracted archive),
# or dist/BiMediX beside packaging/ (checkout).
if [ -z "$BUNDLE" ]; then
  if [ -x "$HERE/bimedix-desktop" ]; then BUNDLE="$HERE"; else BUNDLE="$HERE/../dist/BiMediX"; fi
fi
if [ ! -x "$BUNDLE/bimedix-desktop" ]; then
  echo "install-local.sh: no bundle at $BUNDLE: run \`make bundle\` first, or pass --bundle DIR" >&2
  exit 1
fi
BUNDLE="$(cd "$BUNDLE" && pwd)"
ICONS="$BUNDLE/_internal/bimedix/gui/icons"
LINUX_FILES="$HERE/linux"

# Copy to a temporary name first, so a failed copy never leaves half an app.
mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$SHARE/applications" "$SHARE/metainfo"
if [ "$BUNDLE" != "$LIB_DIR" ]; then
  rm -rf "$LIB_DIR.new"
  cp -a "$BUNDLE" "$LIB_DIR.new"
  rm -rf "$LIB_DIR"
  mv "$LIB_DIR.new" "$LIB_DIR"
fi
ln -sfn "$LIB_DIR/bimedix-desktop" "$BIN_LINK"

# Desktop sessions do not always have ~/.local/bin on PATH: use the full path.
sed -e "s|^Exec=.*|Exec=$LIB_DIR/bimedix-desktop|" -e "s|^TryExec=.*|TryExec=$LIB_DIR/bimedix-desktop|" \
  "$LINUX_FILES/$APP_ID.desktop" > "$DESKTOP_FILE"
cp "$LINUX_FILES/$APP_ID.metainfo.xml" "$METAINFO_FILE"
for size in $ICON_SIZES; do
  mkdir -p "$SHARE/icons/hicolor/${size}x${size}/apps"
  cp "$ICONS/$APP_ID-$size.png" "$SHARE/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
mkdir -p "$SHARE/icons/hicolor/scalable/apps"
cp "$ICONS/$APP_ID.svg" "$SHARE/icons/hicolor/scalable/apps/$APP_ID.svg"
refresh_caches
echo "Installed BiMediX Desktop in $LIB_DIR; start it from the applications menu or with $BIN_LINK."
