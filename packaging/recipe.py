"""What goes into the frozen app, as plain data the PyInstaller recipe and the tests both read.

``cirkular.spec`` turns this into PyInstaller calls; tests/test_packaging_recipes.py
checks it against the project without PyInstaller: every entry of
``resources/`` is shipped (and not filtered out again by ``keep``), and every
runtime dependency of pyproject.toml has an entry in ``RUNTIME`` that says
what PyInstaller's import scan cannot see for it — data files (pyphen's
hyphenation dictionaries, Babel's locale data), package metadata (keyring
finds its backends through entry points), modules imported by name — or
why the files it ships are not needed. ``problems()`` is that check; the
frozen self-test (``cirkular-desktop --self-test``) then proves the build
works. Imports: standard library only (no PyInstaller: the tests run without it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

PACKAGING = Path(__file__).resolve().parent
ROOT = PACKAGING.parent
RESOURCES_DEST = "cirkular_desktop/_resources"
LOCALE_DEST = "cirkular_desktop/locale"


def datas(root: Path, package_data: Path) -> list[tuple[str, str]]:
    """Our own files: (source, folder inside the app). The migrations are added by the spec (collect_data_files)."""
    return [
        (str(root / "resources"), RESOURCES_DEST),          # code lists, fonts, icons, help, rules, demo data
        (str(package_data / "locale"), LOCALE_DEST),        # compiled .mo catalogs (prepare.py)
        (str(root / "LICENSE"), "."),
    ]


@dataclass(frozen=True)
class Need:
    """What one runtime dependency needs beyond PyInstaller's import scan."""

    imports: tuple[str, ...]                 # its top-level modules (checked importable and not excluded)
    hidden: tuple[str, ...] = ()             # modules imported by name at run time
    submodules: tuple[str, ...] = ()         # packages whose every submodule is imported by name
    data: tuple[str, ...] = ()               # packages whose data files are read at run time
    metadata: tuple[str, ...] = ()           # distributions whose metadata (entry points, version) is read
    no_data: str = ""                        # why the non-code files it ships are not needed
    no_metadata: str = ""                    # why its entry points are not needed at run time


# Every entry of pyproject's [project] dependencies, by normalised distribution name.
RUNTIME: dict[str, Need] = {
    "pyside6": Need(("PySide6",), no_data="PySide6's own hooks collect the Qt libraries, plugins and translations"),
    "sqlalchemy": Need(("sqlalchemy",), hidden=("sqlalchemy.dialects.sqlite",),
                       no_data="Cython declaration files and notes, not read at run time"),
    # Alembic runs our migration scripts from files; what they import is invisible to the scan.
    "alembic": Need(("alembic",), hidden=("alembic.op", "alembic.context", "alembic.runtime.migration",
                                          "alembic.runtime.environment", "alembic.ddl.sqlite"),
                    no_data="its templates only make new migration scripts (a developer's task)"),
    "reportlab": Need(("reportlab",), no_data="its Type 1 fonts; the documents embed DejaVu Sans and our fallbacks"),
    "babel": Need(("babel",), data=("babel",),
                  no_metadata="its entry points are plugins of the pybabel tool, used when building the catalogs"),
    "platformdirs": Need(("platformdirs",), no_metadata="a pytest plugin"),
    "python-stdnum": Need(("stdnum",), data=("stdnum",)),
    "cryptography": Need(("cryptography",)),
    "openpyxl": Need(("openpyxl",)),
    "pillow": Need(("PIL",)),
    "orjson": Need(("orjson",)),
    "pyphen": Need(("pyphen",), data=("pyphen",)),          # the hyphenation dictionaries (hyph_sv_SE.dic, …)
    # keyring lists its backends as entry points and imports them by name.
    "keyring": Need(("keyring",), submodules=("keyring.backends",), metadata=("keyring",),
                    no_data="shell completion scripts"),
}

# Qt modules and Python packages the app never uses. PySide6's hooks only bring the Qt libraries of
# modules that are imported; excluding the big ones guards against a library pulling one in.
EXCLUDES = [
    "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick", "PySide6.QtWebChannel",
    "PySide6.QtWebSockets", "PySide6.QtWebView", "PySide6.Qt3DCore", "PySide6.Qt3DRender", "PySide6.Qt3DExtras",
    "PySide6.Qt3DInput", "PySide6.Qt3DLogic", "PySide6.Qt3DAnimation", "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets", "PySide6.QtSpatialAudio", "PySide6.QtTextToSpeech", "PySide6.QtQml",
    "PySide6.QtQuick", "PySide6.QtQuick3D", "PySide6.QtQuickControls2", "PySide6.QtQuickWidgets",
    "PySide6.QtCharts", "PySide6.QtDataVisualization", "PySide6.QtGraphs", "PySide6.QtGraphsWidgets",
    "PySide6.QtBluetooth", "PySide6.QtNfc", "PySide6.QtPositioning", "PySide6.QtLocation", "PySide6.QtSensors",
    "PySide6.QtSerialPort", "PySide6.QtSerialBus", "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtDesigner",
    "PySide6.QtHelp", "PySide6.QtUiTools", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtScxml",
    "PySide6.QtRemoteObjects", "PySide6.QtHttpServer", "PySide6.QtNetworkAuth", "PySide6.QtStateMachine",
    "PySide6.QtConcurrent", "PySide6.QtAxContainer",
    "tkinter", "pytest", "_pytest", "hypothesis", "pytestqt", "pypdf", "IPython",
    "numpy", "matplotlib", "PyInstaller", "pip", "setuptools", "hatchling",
]

# Qt plugins the app cannot use: framebuffer/VNC/Vulkan-display platforms, image formats no photo
# or icon of ours has (the PDF image plugin is not QtPdf), the on-screen keyboard (it brings QtQuick
# and QML), network status and TLS (the app never goes online), and the GTK 3 theme: it would load
# the desktop's own GTK against the GLib/Pango/Cairo copies bundled here, a classic source of
# crashes; without it Qt draws its own widgets and still uses the desktop's file dialogs through
# the XDG portal plugin.
DROP_PLUGINS = {
    "platforms": ("eglfs", "linuxfb", "minimalegl", "vkkhrdisplay", "vnc"),
    "imageformats": ("icns", "pdf", "tga", "wbmp"),
    "platforminputcontexts": ("tvirtualkeyboardplugin",),
    "platformthemes": ("gtk3",),
}
DROP_PLUGIN_KINDS = ("egldeviceintegrations", "generic", "networkinformation", "tls")
# Libraries only the dropped plugins needed (PyInstaller collected them as their dependencies).
DROP_QT_LIBRARIES = ("Qml", "Quick", "VirtualKeyboard", "EglFS", "EglFs")   # libQt6Qml.so, Qt6Quick.dll, QtQml.framework
DROP_LIBRARIES = (
    "libgtk-3", "libgdk-3", "libatk-", "libatk-bridge", "libcairo", "libpango", "libgdk_pixbuf", "libfribidi",
    "libthai", "libdatrie", "libgraphite2", "libpixman", "libepoxy", "libharfbuzz.so",
)
# Qt's own catalogs: Swedish only (Qt has no Bokmål one; ours covers nb, see docs/translations.md).
KEEP_QT_TRANSLATIONS = ("qtbase_sv.qm",)
# Babel's CLDR data for the three languages (and the English variants en_GB inherits from), not 1,100 locales.
KEEP_LOCALES = ("root", "en", "sv", "nb", "no", "nn")
# pyphen's dictionaries for the documents' languages (reports.layout.HYPHENATION; a test holds the two
# together, the self-test loads each), not 80 (6 MB). The licence texts (README_hyph_*) all stay.
KEEP_HYPHENATION = ("sv", "nb_NO", "en_GB")


def _short(file_name: str) -> str:
    """libqxcb.so → xcb, qwindows.dll → windows, libqjpeg.dylib → jpeg."""
    stem = file_name.split(".")[0]
    stem = stem[3:] if stem.startswith("lib") else stem
    return stem[1:] if stem.startswith("q") else stem


def keep(entry: tuple[str, ...] | list[str]) -> bool:
    """Whether a collected file (its destination path first, as in PyInstaller's TOC) stays in the app."""
    parts = Path(entry[0]).as_posix().split("/")
    name = parts[-1]
    if "translations" in parts and "Qt" in parts:      # PySide6/Qt/translations/*.qm
        return name in KEEP_QT_TRANSLATIONS
    if parts[:2] == ["babel", "locale-data"]:
        return name.split(".")[0].split("_")[0] in KEEP_LOCALES
    if parts[:2] == ["pyphen", "dictionaries"] and name.endswith(".dic"):
        return name.removeprefix("hyph_").removesuffix(".dic") in KEEP_HYPHENATION
    if "plugins" in parts[:-1]:
        kind = parts[parts.index("plugins") + 1]
        if kind in DROP_PLUGIN_KINDS or _short(name) in DROP_PLUGINS.get(kind, ()):
            return False
    if name.startswith(DROP_LIBRARIES):
        return False
    for part in parts:
        for prefix in ("libQt6", "Qt6", "Qt"):
            if part.startswith(prefix) and part[len(prefix):].startswith(DROP_QT_LIBRARIES):
                return False
    return True


# --- the check ------------------------------------------------------------------------------------

def normalise(name: str) -> str:
    """A requirement's distribution name as PEP 503 compares it: "PySide6>=6.7" → "pyside6"."""
    bare = re.split(r"[\s<>=!~;\[(]", name.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", bare).lower()


_CODE = (".py", ".pyc", ".pyi", ".so", ".pyd", ".dylib", ".dll", "py.typed")


def shipped_data(files: Iterable[Any]) -> list[str]:
    """The files of a distribution that are neither code nor libraries nor metadata."""
    found = []
    for file in files:
        path = Path(str(file)).as_posix()
        if (".dist-info/" in path or "__pycache__" in path or path.startswith("..") or path.endswith(_CODE)
                or ".libs/" in path or ".so." in path or "/" not in path):
            continue
        found.append(path)
    return found


def problems(dependencies: Iterable[str], resources_root: Path, *, recipe_datas: list[tuple[str, str]],
             runtime: Mapping[str, Need] = RUNTIME, excludes: Iterable[str] = EXCLUDES,
             keeps: Callable[[tuple[str, ...]], bool] = keep, distribution: Callable[[str], Any] | None = None,
             importable: Callable[[str], bool] | None = None) -> list[str]:
    """What the recipe leaves out: resource entries, runtime dependencies, their data files and metadata.

    ``distribution`` (importlib.metadata.distribution) and ``importable`` look at the installed
    packages; the test passes them, and swaps parts of the recipe to prove each omission is found.
    """
    found: list[str] = []
    # 1. Every entry of resources/ reaches the app, and no filter drops one of its files again.
    resources_root = resources_root.resolve()
    for entry in sorted(p.name for p in resources_root.iterdir()):
        destination = None
        for source, dest in recipe_datas:
            source_path = Path(source).resolve()
            if source_path == resources_root:
                destination = f"{dest}/{entry}"
            elif source_path == resources_root / entry:
                destination = dest if dest.endswith("/" + entry) else f"{dest}/{entry}"
        if destination is None:
            found.append(f"resources/{entry} is not in the recipe's data files")
            continue
        top = resources_root / entry
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for file in files:
            inside = "/".join((destination, *file.relative_to(top).parts))
            if not keeps((inside, str(file), "DATA")):
                found.append(f"resources/{entry}: {file.relative_to(resources_root).as_posix()} is dropped by keep()")
    # 2. Every runtime dependency has its entry, and every entry is still a dependency.
    wanted = {normalise(d) for d in dependencies}
    for name in sorted(wanted - set(runtime)):
        found.append(f"the dependency {name} has no entry in RUNTIME")
    for name in sorted(set(runtime) - wanted):
        found.append(f"RUNTIME names {name}, which is no longer a dependency")
    excluded = set(excludes)
    for name in sorted(wanted & set(runtime)):
        need = runtime[name]
        for module in dict.fromkeys((*need.imports, *need.hidden, *need.submodules, *need.data)):
            if module in excluded or module.split(".")[0] in excluded:
                found.append(f"{name}: {module} is excluded by the recipe")
            elif importable is not None and not importable(module):
                found.append(f"{name}: {module} cannot be imported here")
        if distribution is None:
            continue
        dist = distribution(name)
        # 3. Data files it ships: collected, or the reason they are not needed.
        data = [f for f in shipped_data(dist.files or []) if f.split("/")[0] in need.imports]
        collected = [f for f in data if f.split("/")[0] in need.data]
        if data and not collected and not need.no_data:
            found.append(f"{name} ships data files the recipe does not collect (e.g. {data[0]})")
        # 4. Entry points (other than commands) are read through metadata: copied, or the reason not.
        groups = sorted({point.group for point in dist.entry_points} - {"console_scripts", "gui_scripts"})
        if groups and name not in {normalise(m) for m in need.metadata} and not need.no_metadata:
            found.append(f"{name} declares entry points ({', '.join(groups)}) but its metadata is not copied")
    return found
