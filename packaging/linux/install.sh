#!/bin/sh
# Install Cirkulär for the current user (no administrator), from the unpacked Linux archive:
#   ./install.sh              install or update: the app to ~/.local/lib/cirkular-desktop, the commands
#                             cirkular-desktop and cirkular to ~/.local/bin, menu entry, icons, bundle type
#   ./install.sh --uninstall  remove all that again
# The data folder (~/.local/share/cirkular) is never touched: an update keeps every record, and the
# database is upgraded, after a backup, the first time the new version opens it.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
APP_ID=se.cirkular.Cirkular
MIME_ICON=application-x-cirkular-bundle
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
LIB=$HOME/.local/lib/cirkular-desktop
BIN=$HOME/.local/bin

refresh() {
    command -v update-mime-database >/dev/null && update-mime-database "$DATA/mime" || true
    command -v update-desktop-database >/dev/null && update-desktop-database "$DATA/applications" || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$LIB"
    rm -f "$BIN/cirkular-desktop" "$BIN/cirkular"
    rm -f "$DATA/applications/$APP_ID.desktop" "$DATA/metainfo/$APP_ID.metainfo.xml" \
        "$DATA/mime/packages/$APP_ID.xml"
    find "$DATA/icons/hicolor" \( -name "$APP_ID.*" -o -name "$MIME_ICON.*" \) -delete 2>/dev/null || true
    refresh
    echo "Cirkulär removed; your data in $DATA/cirkular is still there."
    exit 0
fi

# Replace the whole folder: files of an older version must not linger beside the new ones.
rm -rf "$LIB.new"
mkdir -p "$(dirname "$LIB")" "$BIN"
cp -a "$HERE/app" "$LIB.new"
rm -rf "$LIB"
mv "$LIB.new" "$LIB"
ln -sf "$LIB/cirkular-desktop" "$BIN/cirkular-desktop"
ln -sf "$LIB/cirkular" "$BIN/cirkular"

mkdir -p "$DATA"
cp -a "$HERE/share/." "$DATA/"
# The menu may start programs without ~/.local/bin on the PATH: name the program by its full path.
sed -i -e "s|^Exec=cirkular-desktop|Exec=$LIB/cirkular-desktop|" -e "s|^TryExec=cirkular-desktop|TryExec=$LIB/cirkular-desktop|" \
    "$DATA/applications/$APP_ID.desktop"
refresh
"$LIB/cirkular-desktop" --self-test > /dev/null 2>&1 && echo "Cirkulär installed and checked (cirkular-desktop --self-test)." \
    || echo "Cirkulär installed, but its self-test failed: run $LIB/cirkular-desktop --self-test to see why." >&2
