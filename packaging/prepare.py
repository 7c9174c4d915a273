"""Write what the PyInstaller recipe and the installers take from generated files: build/package-data/.

    python packaging/prepare.py [OUT]        (default OUT: build/package-data)

* ``locale/<lang>/LC_MESSAGES/cirkular.mo``: the catalogs, compiled by ``tools/i18n.py``;
* ``icons/``: PNGs at every size in ``appinfo.ICON_SIZES``, drawn by QtSvg from
  ``resources/icons/cirkular.svg``, and ``cirkular.ico`` (Windows) and ``cirkular.icns`` (macOS) from them;
* ``share/``: the Linux desktop integration laid out like ``~/.local/share`` (desktop entry, AppStream
  metainfo with this version, shared-mime-info XML, icons in the hicolor theme);
* ``version_info.txt``: the Windows version resource of both programs.

Runs offscreen; needs PySide6 and Pillow (both are dependencies of the app). Imports: standard library,
PySide6, Pillow, appinfo, tools/i18n.py.
"""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import appinfo  # noqa: E402

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
SOURCE_ICON = ROOT / "resources" / "icons" / "cirkular.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def compile_catalogs(out: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "tools" / "i18n.py"), "compile", "-d", str(out / "locale")],
                   check=True, stdout=subprocess.DEVNULL)


def render_icons(out: Path, sizes: tuple[int, ...] = appinfo.ICON_SIZES) -> list[Path]:
    """PNG files ``cirkular-<size>.png`` drawn from the SVG at each size (not scaled from one bitmap)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from PySide6.QtWidgets import QApplication

    # A QApplication, not the lighter QGuiApplication: in a test process that later builds widgets
    # (the self-test's tests after the recipe's), an existing QGuiApplication makes every QWidget abort.
    _app = QApplication.instance() or QApplication([])
    renderer = QSvgRenderer(str(SOURCE_ICON))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SOURCE_ICON}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        path = out / f"cirkular-{size}.png"
        if not image.save(str(path)):
            raise SystemExit(f"cannot write {path}")
        written.append(path)
    return written


def platform_icons(out: Path) -> None:
    """``cirkular.ico`` and ``cirkular.icns`` from the rendered PNGs (Pillow writes both on any system)."""
    from PIL import Image

    largest = Image.open(out / f"cirkular-{max(appinfo.ICON_SIZES)}.png")
    largest.save(out / "cirkular.ico", sizes=[(s, s) for s in ICO_SIZES])
    largest.save(out / "cirkular.icns")


def linux_share(out: Path, icons: Path) -> Path:
    """The files a Linux install puts under ``share/`` (per user: ``~/.local/share``)."""
    share = out / "share"
    if share.exists():
        shutil.rmtree(share)
    linux = PACKAGING / "linux"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(linux / f"{appinfo.APP_ID}.desktop", share / "applications")
    (share / "metainfo").mkdir()
    metainfo = (linux / f"{appinfo.APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    metainfo = metainfo.replace("@VERSION@", appinfo.version()).replace("@DATE@", _dt.date.today().isoformat())
    (share / "metainfo" / f"{appinfo.APP_ID}.metainfo.xml").write_text(metainfo, encoding="utf-8")
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copy2(linux / f"{appinfo.APP_ID}.mime.xml", share / "mime" / "packages" / f"{appinfo.APP_ID}.xml")
    mime_icon = appinfo.BUNDLE_MIME.replace("/", "-")
    for size in appinfo.ICON_SIZES:
        folder = share / "icons" / "hicolor" / f"{size}x{size}"
        (folder / "apps").mkdir(parents=True)
        (folder / "mimetypes").mkdir()
        shutil.copy2(icons / f"cirkular-{size}.png", folder / "apps" / f"{appinfo.APP_ID}.png")
        shutil.copy2(icons / f"cirkular-{size}.png", folder / "mimetypes" / f"{mime_icon}.png")
    scalable = share / "icons" / "hicolor" / "scalable"
    (scalable / "apps").mkdir(parents=True)
    (scalable / "mimetypes").mkdir()
    shutil.copy2(SOURCE_ICON, scalable / "apps" / f"{appinfo.APP_ID}.svg")
    shutil.copy2(SOURCE_ICON, scalable / "mimetypes" / f"{mime_icon}.svg")
    return share


def windows_version_info(out: Path) -> Path:
    """PyInstaller's version-resource file: what Explorer shows under Properties ▸ Details."""
    numbers = appinfo.version_tuple()
    dotted = appinfo.version()
    strings = {
        "CompanyName": appinfo.PUBLISHER,
        "FileDescription": appinfo.APP_NAME,
        "FileVersion": dotted,
        "InternalName": appinfo.EXECUTABLE,
        "LegalCopyright": f"© {appinfo.PUBLISHER}, MIT",
        "OriginalFilename": f"{appinfo.EXECUTABLE}.exe",
        "ProductName": appinfo.APP_NAME,
        "ProductVersion": dotted,
    }
    entries = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    text = f"""# Generated by packaging/prepare.py; do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('041D04B0', [
{entries}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x041D, 1200])])
  ]
)
"""
    path = out / "version_info.txt"
    path.write_text(text, encoding="utf-8")
    return path


def prepare(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    compile_catalogs(out)
    icons = out / "icons"
    render_icons(icons)
    platform_icons(icons)
    linux_share(out, icons)
    windows_version_info(out)


if __name__ == "__main__":
    prepare(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "package-data")
