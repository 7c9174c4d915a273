"""The packaging recipes agree with the app and with each other, and their generated files are valid.

One app id, one bundle type and one version everywhere: the desktop entry,
AppStream metainfo, shared-mime-info XML, Inno Setup script and the
PyInstaller recipe's Info.plist values spell ``packaging/appinfo.py``'s values.
The validators of the Linux desktop (``desktop-file-validate``,
``appstreamcli``, ``xmllint``) run when installed.

The PyInstaller recipe's lists (``packaging/recipe.py``) are held to the
project: every entry of ``resources/`` ships and survives the filter, every
runtime dependency of pyproject.toml has an entry saying what the import scan
cannot see (data files, metadata, modules imported by name), and planted
omissions prove the check names each kind. The frozen build itself is checked
by ``packaging/build.sh`` with the self-test (see docs/packaging.md).
"""

from __future__ import annotations

import configparser
import dataclasses
import importlib.machinery
import importlib.util
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from importlib.metadata import distribution
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))
import appinfo  # noqa: E402
import prepare  # noqa: E402
import recipe  # noqa: E402

LINUX = PACKAGING / "linux"


def _run_validator(*command: str) -> subprocess.CompletedProcess:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed")
    return subprocess.run(command, capture_output=True, text=True)


def test_the_version_is_the_packages():
    from cirkular_desktop import __version__

    assert appinfo.version() == __version__
    assert appinfo.version_tuple()[:3] == tuple(int(n) for n in __version__.split(".")[:3])


def test_the_desktop_entry_starts_the_app_with_files_and_claims_the_bundle_type():
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str
    entry.read(LINUX / f"{appinfo.APP_ID}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == f"{appinfo.EXECUTABLE} %F"       # several bundles at once, as paths
    assert desktop["Icon"] == appinfo.APP_ID
    assert desktop["MimeType"] == appinfo.BUNDLE_MIME + ";"
    assert desktop["Name"] == appinfo.APP_NAME and desktop["Comment[sv]"] and desktop["Comment[nb]"]


def test_the_app_tells_the_desktop_its_entry(tmp_path):
    text = (ROOT / "src" / "cirkular_desktop" / "gui" / "main.py").read_text(encoding="utf-8")
    assert f'DESKTOP_FILE_NAME = "{appinfo.APP_ID}"' in text and "setDesktopFileName(DESKTOP_FILE_NAME)" in text


def test_the_desktop_entry_validates():
    done = _run_validator("desktop-file-validate", str(LINUX / f"{appinfo.APP_ID}.desktop"))
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_the_mime_type_matches_bundle_names_and_the_encrypted_bundles_tag():
    from cirkular_desktop.sync import crypto

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    tree = ET.parse(LINUX / f"{appinfo.APP_ID}.mime.xml")
    kind = tree.find("m:mime-type", ns)
    assert kind.get("type") == appinfo.BUNDLE_MIME
    assert kind.find("m:glob", ns).get("pattern") == "*" + appinfo.BUNDLE_SUFFIX
    assert kind.find("m:magic/m:match", ns).get("value") == crypto.MAGIC.decode("ascii")
    assert kind.find("m:generic-icon", ns).get("name") == appinfo.BUNDLE_MIME.replace("/", "-")


def test_the_metainfo_names_the_app_its_launcher_and_its_file_type(tmp_path):
    tree = ET.parse(LINUX / f"{appinfo.APP_ID}.metainfo.xml")
    assert tree.findtext("id") == appinfo.APP_ID
    assert tree.findtext("launchable") == f"{appinfo.APP_ID}.desktop"
    assert tree.findtext("provides/mediatype") == appinfo.BUNDLE_MIME
    assert appinfo.EXECUTABLE in [b.text for b in tree.findall("provides/binary")]


def test_the_generated_share_folder_validates(tmp_path):
    icons = tmp_path / "icons"
    icons.mkdir()
    from PIL import Image

    for size in appinfo.ICON_SIZES:   # stand-ins: rendering is tested below, with Qt
        Image.new("RGBA", (size, size), (31, 111, 84, 255)).save(icons / f"cirkular-{size}.png")
    share = prepare.linux_share(tmp_path, icons)
    metainfo = share / "metainfo" / f"{appinfo.APP_ID}.metainfo.xml"
    release = ET.parse(metainfo).find("releases/release")
    assert release.get("version") == appinfo.version() and "@" not in release.get("date")
    for size in appinfo.ICON_SIZES:
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{appinfo.APP_ID}.png").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{appinfo.APP_ID}.svg").is_file()
    assert (share / "mime" / "packages" / f"{appinfo.APP_ID}.xml").is_file()
    done = _run_validator("appstreamcli", "validate", "--no-net", str(metainfo))
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_windows_installer_is_per_user_and_associates_bundles():
    script = (PACKAGING / "windows" / "cirkular.iss").read_text(encoding="utf-8")
    setup = dict(line.split("=", 1) for line in script.split("[Setup]")[1].split("\n[")[0].splitlines()
                 if "=" in line and not line.startswith(";"))
    assert setup["AppId"] == "{" + appinfo.WINDOWS_APP_GUID        # "{{" escapes the brace in Inno Setup
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"].startswith("{autopf}")           # %LOCALAPPDATA%\Programs for one user
    assert setup["VersionInfoVersion"] == "{#AppVersion}" and setup["ChangesAssociations"] == "yes"
    assert 'Subkey: "Software\\Classes\\.cirkular"' in script
    assert '""{app}\\{#AppExe}"" ""%1""' in script                  # the bundle's path goes to the app
    assert f'#define AppExe "{appinfo.EXECUTABLE}.exe"' in script


def test_the_macos_recipe_declares_the_bundle_type():
    spec = (PACKAGING / "cirkular.spec").read_text(encoding="utf-8")
    for needed in ("bundle_identifier=appinfo.APP_ID", '"CFBundleDocumentTypes"', '"UTExportedTypeDeclarations"',
                   '"LSItemContentTypes": [appinfo.BUNDLE_UTI]', '"public.filename-extension"'):
        assert needed in spec


def test_the_windows_version_resource_is_well_formed(tmp_path):
    """PyInstaller evaluates the file as Python calls (VSVersionInfo(...)); do the same with stand-ins."""
    path = prepare.windows_version_info(tmp_path)

    def call(name):
        return lambda *args, **kwargs: {"kind": name, "args": args, **kwargs}

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo",
             "VarStruct")
    info = eval(path.read_text(encoding="utf-8"), {n: call(n) for n in names})  # noqa: S307 - our own file
    assert info["ffi"]["filevers"] == appinfo.version_tuple() == info["ffi"]["prodvers"]
    strings = {s["args"][0]: s["args"][1] for s in info["kids"][0]["args"][0][0]["args"][1]}
    assert strings["ProductVersion"] == appinfo.version() and strings["OriginalFilename"] == "cirkular-desktop.exe"


def test_icons_are_drawn_from_the_svg_at_every_size(tmp_path):
    pytest.importorskip("PySide6.QtSvg")
    from PIL import Image

    written = prepare.render_icons(tmp_path, sizes=(16, 48, 256))
    for path, size in zip(written, (16, 48, 256)):
        image = Image.open(path)
        assert image.size == (size, size)
        assert image.getpixel((0, 0))[3] == 0                  # rounded corner: transparent
        assert image.getpixel((size // 2, size // 6))[3] == 255  # the badge itself is drawn
    (tmp_path / f"cirkular-{max(appinfo.ICON_SIZES)}.png").write_bytes(written[-1].read_bytes())
    prepare.platform_icons(tmp_path)
    assert (16, 16) in Image.open(tmp_path / "cirkular.ico").info["sizes"]
    assert Image.open(tmp_path / "cirkular.icns").size[0] >= 256


# --- the recipe ships every resource and what every runtime dependency needs ----------------------

RESOURCES = ROOT / "resources"
RECIPE_DATAS = recipe.datas(ROOT, ROOT / "build" / "package-data")


def _dependencies() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError as exc:
        if "blocked for the Qt-free test run" in str(exc):
            # Installed but blocked (tests/conftest.py): look on the path past the blocker. Only the top
            # level can be found that way; PySide6's entry names its top-level packages only.
            return importlib.machinery.PathFinder.find_spec(module.split(".")[0]) is not None
        return False


def _problems(dependencies=None, resources_root=RESOURCES, **changes) -> list[str]:
    options = {"recipe_datas": RECIPE_DATAS, "distribution": distribution, "importable": _importable, **changes}
    return recipe.problems(_dependencies() if dependencies is None else dependencies, resources_root, **options)


def test_the_recipe_ships_every_resource_and_what_every_runtime_dependency_needs():
    assert _problems() == []


def test_the_spec_takes_what_goes_in_from_the_checked_recipe():
    """The check is worth something only if the spec builds from the same lists."""
    spec = (PACKAGING / "cirkular.spec").read_text(encoding="utf-8")
    for used in ("datas = recipe.datas(ROOT, DATA)", "for need in recipe.RUNTIME.values():",
                 "datas += collect_data_files(package)", "datas += copy_metadata(dist)",
                 "hidden += collect_submodules(package)", "hidden += need.hidden", "EXCLUDES = recipe.EXCLUDES",
                 "keep = recipe.keep", 'analysis("launch_desktop.py", OURS + hidden, EXCLUDES)'):
        assert used in spec, used


# Planted omissions: each one a way the recipe has fallen behind the app; the check must name it.

def test_a_new_resource_folder_the_recipe_does_not_ship_is_found(tmp_path):
    (tmp_path / "resources").mkdir()
    for entry in RESOURCES.iterdir():
        (tmp_path / "resources" / entry.name).mkdir()
    per_folder = [(str(tmp_path / "resources" / entry.name), f"{recipe.RESOURCES_DEST}/{entry.name}")
                  for entry in RESOURCES.iterdir() if entry.name != "help"]
    assert _problems(resources_root=tmp_path / "resources", recipe_datas=per_folder) == [
        "resources/help is not in the recipe's data files"]
    (tmp_path / "resources" / "templates").mkdir()   # someone adds a folder; the whole-folder entry ships it
    assert _problems(resources_root=tmp_path / "resources",
                     recipe_datas=[(str(tmp_path / "resources"), recipe.RESOURCES_DEST)]) == []


def test_a_resource_file_the_filter_drops_is_found(tmp_path):
    """keep() drops libraries by name (libcairo…): an icon that happens to be named so would vanish."""
    (tmp_path / "resources" / "icons").mkdir(parents=True)
    (tmp_path / "resources" / "icons" / "libcairo-logo.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "resources" / "icons" / "sync.svg").write_text("<svg/>", encoding="utf-8")
    assert _problems(resources_root=tmp_path / "resources",
                     recipe_datas=[(str(tmp_path / "resources"), recipe.RESOURCES_DEST)]) == [
        "resources/icons: icons/libcairo-logo.svg is dropped by keep()"]


def test_a_new_runtime_dependency_without_an_entry_is_found():
    assert _problems(dependencies=[*_dependencies(), "humanize>=4"]) == [
        "the dependency humanize has no entry in RUNTIME"]
    without = [d for d in _dependencies() if not d.startswith("pyphen")]
    assert _problems(dependencies=without) == ["RUNTIME names pyphen, which is no longer a dependency"]


def test_a_dependency_whose_data_files_are_left_out_is_found():
    runtime = dict(recipe.RUNTIME, pyphen=dataclasses.replace(recipe.RUNTIME["pyphen"], data=()))
    found = _problems(runtime=runtime)
    assert len(found) == 1 and found[0].startswith("pyphen ships data files the recipe does not collect")
    assert "pyphen/dictionaries/" in found[0]


def test_a_dependency_whose_metadata_is_left_out_is_found():
    runtime = dict(recipe.RUNTIME, keyring=dataclasses.replace(recipe.RUNTIME["keyring"], metadata=()))
    assert _problems(runtime=runtime) == [
        "keyring declares entry points (devpi_client, keyring.backends) but its metadata is not copied"]


def test_an_excluded_or_missing_module_is_found():
    assert _problems(excludes=[*recipe.EXCLUDES, "pyphen"]) == ["pyphen: pyphen is excluded by the recipe"]
    runtime = dict(recipe.RUNTIME, alembic=dataclasses.replace(recipe.RUNTIME["alembic"],
                                                               hidden=("alembic.ddl.sqlight",)))
    assert _problems(runtime=runtime) == ["alembic: alembic.ddl.sqlight cannot be imported here"]


def test_the_self_test_reads_every_resource():
    """A new resource folder needs a run-time check in the frozen self-test (services.installation)."""
    from cirkular_desktop.services import installation

    assert sorted(installation.RESOURCE_CHECKS) == sorted(p.name for p in RESOURCES.iterdir())


def test_the_hyphenation_dictionaries_kept_are_the_documents_languages():
    from cirkular_desktop.reports.layout import HYPHENATION

    assert sorted(recipe.KEEP_HYPHENATION) == sorted(HYPHENATION.values())
    kept = [name for name in ("hyph_sv.dic", "hyph_nb_NO.dic", "hyph_en_GB.dic", "hyph_de.dic", "hyph_nn_NO.dic",
                              "README_hyph_NO.txt")
            if recipe.keep((f"pyphen/dictionaries/{name}", "", "DATA"))]
    assert kept == ["hyph_sv.dic", "hyph_nb_NO.dic", "hyph_en_GB.dic", "README_hyph_NO.txt"]
