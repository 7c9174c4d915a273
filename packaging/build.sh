#!/bin/sh
# Build Cirkulär as one folder with PyInstaller and check the result, in one command:
#   packaging/build.sh            build, self-test the frozen app, render screenshots, pack a .tar.gz (Linux)
#   packaging/build.sh --check    only check an existing build (self-test, command line, screenshots)
# Needs the checkout's .venv (./dev makes it); installs the build tools into it (pyproject's [build]
# extra). Artefacts land in build/dist/: cirkular-desktop/ (the folder), on Linux
# cirkular-desktop-VERSION-linux-ARCH.tar.gz, on macOS Cirkulär.app. Logs of the frozen app's runs go
# to build/check/logs, never to the builder's own log folder. See docs/packaging.md.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
DIST=$ROOT/build/dist
APP=$DIST/cirkular-desktop
CHECK=$ROOT/build/check
MODE=${1:-build}

if [ ! -x "$PY" ]; then
    echo "build: no $PY; run ./dev test tests/core/test_sme.py once to set up .venv" >&2
    exit 1
fi
step() { printf '\n== %s (%ss)\n' "$1" "$(( $(date +%s) - START ))"; }
START=$(date +%s)

if [ "$MODE" != "--check" ]; then
    step "build tools"
    "$PY" -m pip install --quiet -e ".[build]"
    step "catalogs, icons, desktop files, version resource (packaging/prepare.py)"
    "$PY" packaging/prepare.py "$ROOT/build/package-data"
    step "PyInstaller (packaging/cirkular.spec)"
    "$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" --workpath "$ROOT/build/pyinstaller" \
        packaging/cirkular.spec
fi

# --- check the frozen app, run from another folder with nothing of the checkout on its paths ------
rm -rf "$CHECK"
mkdir -p "$CHECK/home" "$CHECK/logs"
frozen() {
    (cd "$CHECK" && env -u PYTHONPATH -u PYTHONHOME -u VIRTUAL_ENV -u CIRKULAR_DATA_DIR \
        HOME="$CHECK/home" XDG_DATA_HOME="$CHECK/home/data" XDG_STATE_HOME="$CHECK/home/state" \
        CIRKULAR_LOG_DIR="$CHECK/logs" "$@")
}

step "self-test of the frozen app (cirkular-desktop --self-test)"
for lang in sv nb en; do
    frozen "$APP/cirkular-desktop" --self-test --lang "$lang" > "$CHECK/self-test-$lang.txt" 2>&1 || {
        cat "$CHECK/self-test-$lang.txt" >&2
        echo "build: the self-test of the frozen app failed ($lang)" >&2
        exit 1
    }
done
cat "$CHECK/self-test-sv.txt"

step "the frozen command line (cirkular)"
frozen "$APP/cirkular" --version
frozen "$APP/cirkular" --data-dir "$CHECK/cli-data" init > /dev/null
frozen "$APP/cirkular" --data-dir "$CHECK/cli-data" demo --seed 3 > /dev/null
frozen "$APP/cirkular" --data-dir "$CHECK/cli-data" --lang sv report project -o "$CHECK/project.pdf"
frozen "$APP/cirkular" --data-dir "$CHECK/cli-data" check > /dev/null

step "the real app offscreen: every view with demo data (cirkular-desktop --screenshots)"
frozen env QT_QPA_PLATFORM=offscreen "$APP/cirkular-desktop" --screenshots "$CHECK/screenshots" --lang sv \
    --size 1280x800 > "$CHECK/screenshots.txt"
echo "$(wc -l < "$CHECK/screenshots.txt") screenshots in $CHECK/screenshots"
if [ -s "$CHECK/logs/crash.log" ]; then
    cat "$CHECK/logs/crash.log" >&2
    echo "build: the frozen app crashed" >&2
    exit 1
fi

step "size"
du -sh "$APP" | sed 's/\t/  /'
du -sk "$APP" | cut -f1 > "$CHECK/size-kib.txt"

if [ "$MODE" != "--check" ] && [ "$(uname -s)" = Linux ]; then
    step "Linux archive"
    VERSION=$("$PY" -c 'import sys; sys.path.insert(0, "packaging"); import appinfo; print(appinfo.version())')
    STAGE=$ROOT/build/linux-archive/cirkular-desktop-$VERSION
    rm -rf "$ROOT/build/linux-archive"
    mkdir -p "$STAGE"
    cp -a "$APP" "$STAGE/app"
    cp -a "$ROOT/build/package-data/share" "$STAGE/share"
    cp packaging/linux/install.sh "$STAGE/install.sh"
    ARCHIVE=$DIST/cirkular-desktop-$VERSION-linux-$(uname -m).tar.gz
    tar -C "$ROOT/build/linux-archive" -czf "$ARCHIVE" "cirkular-desktop-$VERSION"
    ls -l "$ARCHIVE" | awk '{printf "%s  %d MiB\n", $NF, $5 / 1048576}'
fi
step "done"
