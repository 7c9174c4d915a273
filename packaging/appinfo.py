"""Names and versions the packaging recipes share: one place for the app id, the bundle type and the version.

Used by the PyInstaller recipe (``cirkular.spec``), the build script and
``tests/packaging``; the static files beside it (desktop entry, AppStream
metainfo, shared-mime-info XML, Inno Setup script) spell the same values and
a test holds them to these. Imports: standard library only.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Reverse-DNS id: Linux desktop entry, AppStream component, macOS bundle identifier, Wayland app id.
APP_ID = "se.cirkular.Cirkular"
APP_NAME = "Cirkulär"
EXECUTABLE = "cirkular-desktop"       # the windowed app
CLI_EXECUTABLE = "cirkular"           # the command line, shipped beside it in the same folder
BUNDLE_SUFFIX = ".cirkular"
BUNDLE_MIME = "application/x-cirkular-bundle"
BUNDLE_UTI = APP_ID + ".bundle"       # macOS uniform type identifier of a bundle file
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
PUBLISHER = "Cirkulärt samarbete över gränsen"
# Inno Setup's AppId: fixed for ever, so an update replaces the installed app instead of adding another.
WINDOWS_APP_GUID = "{6F0B3C52-8E1D-4C7A-9B2E-3D5A7C1E9F40}"


def version() -> str:
    """The app's version, read from the package without importing it."""
    text = (ROOT / "src" / "cirkular_desktop" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not found:
        raise RuntimeError("no __version__ in src/cirkular_desktop/__init__.py")
    return found.group(1)


def version_tuple() -> tuple[int, int, int, int]:
    """Four numbers for Windows' version resource (1.2.3rc1 → 1, 2, 3, 0)."""
    numbers = [int(n) for n in re.findall(r"\d+", version().split("+")[0])[:3]]
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]
