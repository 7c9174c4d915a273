"""``cirkular-desktop --self-test``: check that an installation works, one line per step.

For a person checking an installed app and for the packaging script checking
a frozen build. Each step uses what a broken package would lack: Qt's
platform and image plugins, every icon drawn by QtSvg, each resource folder
read by its own loader, the compiled catalogs and Qt's own, Babel's locale
data, the document fonts and pyphen's hyphenation dictionaries, keyring's
backends, every Alembic migration, ReportLab with the embedded and fallback
fonts, QtPdf, cryptography and the bundle reader, the user guide, and the
main window itself. What is not Qt is checked by ``services.installation``.

Everything happens offscreen in a temporary folder that is removed at the
end; the person's data folder and settings are never opened. A failing step
prints ``FAILED`` with the reason and the remaining steps still run where
they can (a step that needs the database is skipped when the database step
failed), so one run shows everything a build is missing. Exit code: 0 when
every step passed, 1 otherwise.

Imports: PySide6, i18n, resources, errors, paths, services (app, installation, records, reports, sync),
gui (qt_i18n, widgets, context, window, help_viewer).
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import re
import secrets
import shutil
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, TextIO

from PySide6.QtCore import (
    QCoreApplication, QElapsedTimer, QEventLoop, QLibraryInfo, QPluginLoader, QSize, QTimer, qVersion,
)
from PySide6.QtGui import QGuiApplication, QImageReader
from PySide6.QtWidgets import QApplication

from cirkular_desktop import __version__, i18n, resources
from cirkular_desktop.gui.screenshots import quiet_offscreen_warnings
from cirkular_desktop.i18n import N_, gettext as _
from cirkular_desktop.services import installation

log = logging.getLogger(__name__)

# The platform plugin each desktop needs beside "offscreen" (which the self-test itself runs on).
NATIVE_PLATFORMS = {"linux": ("xcb",), "win32": ("windows",), "darwin": ("cocoa",)}
IMAGE_FORMATS = ("png", "jpeg", "svg")
WINDOW_DEADLINE_MS = 30_000   # a hang in the main-window step fails the step instead of the test run


class SkipStep(Exception):
    """A step that cannot run because an earlier one failed."""


class StepFailed(Exception):
    """A step found something wrong; the message says what, in the user's language."""


@dataclass
class Run:
    """What the steps share: the Qt application, the temporary folder, the opened databases."""

    qt_app: QApplication
    folder: Path
    language: str
    app: Any = None
    visit_id: str | None = None
    opened: list[Any] = field(default_factory=list)

    def need_app(self) -> Any:
        if self.app is None:
            raise SkipStep(_("needs the database step"))
        return self.app

    def need_visit(self) -> str:
        """The visit the database step made (set together with ``app``)."""
        if self.visit_id is None:
            raise SkipStep(_("needs the database step"))
        return self.visit_id


# --- the steps ----------------------------------------------------------------------------------

def step_qt(run: Run) -> str:
    """The offscreen platform runs, and the desktop's own platform plugin is there and can load.

    A plugin that cannot load (a system library missing) fails the step where a display exists; on a
    machine without one (a build server) it is only noted, since nothing there will ever show a window.
    """
    if QGuiApplication.platformName() != "offscreen":
        raise StepFailed(_("running on {platform}, not offscreen").format(platform=QGuiApplication.platformName()))
    platforms = _plugins("platforms")
    missing = [name for name in NATIVE_PLATFORMS.get(sys.platform, ()) if name not in platforms]
    if missing:
        raise StepFailed(_("platform plugin missing: {names}").format(names=", ".join(missing)))
    detail = _("version {version}, platform plugins: {names}").format(version=qVersion(), names=", ".join(platforms))
    for name in NATIVE_PLATFORMS.get(sys.platform, ()):
        problem = _load_problem(_plugins("platforms", paths=True)[name])
        if problem and _has_display():
            raise StepFailed(_("the {name} platform plugin cannot load: {reason}").format(name=name, reason=problem))
        if problem:
            detail += "; " + _("{name} cannot load here (no display, so not needed): {reason}").format(
                name=name, reason=problem)
    return detail


def _has_display() -> bool:
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _load_problem(path: Path) -> str:
    """Why Qt cannot load a plugin library (a missing system library, usually), or "" when it can."""
    loader = QPluginLoader(str(path))
    if loader.load():
        return ""
    message = loader.errorString()   # "Cannot load library /…/libqxcb.so: (libxcb-icccm.so.4: cannot open …)"
    _head, sep, reason = message.partition(f"{path.name}: ")
    return reason.strip("() ") if sep else message


def step_images(run: Run) -> str:
    from cirkular_desktop.gui.widgets import icon

    formats = {bytes(f.data()).decode("ascii", "replace").lower() for f in QImageReader.supportedImageFormats()}
    missing = [name for name in IMAGE_FORMATS if name not in formats]
    if missing:
        raise StepFailed(_("image formats missing: {names}").format(names=", ".join(missing)))
    names = sorted(path.stem for path in resources.resource_path("icons").glob("*.svg"))
    if "cirkular" not in names:
        raise StepFailed(_("the app icon is missing"))
    blank = [name for name in names if not _draws(icon(name))]
    if blank:
        raise StepFailed(_("icons that do not draw: {names}").format(names=", ".join(blank)))
    return _("image formats: {names}; {count} icons draw").format(names=", ".join(IMAGE_FORMATS), count=len(names))


def _draws(qicon: Any) -> bool:
    """True when the icon paints at least one visible pixel at 48 px (QtSvg and the SVG icon plugin)."""
    image = qicon.pixmap(QSize(48, 48)).toImage()
    if image.isNull():
        return False
    return any(image.pixelColor(x, y).alpha() for x in range(0, 48, 2) for y in range(0, 48, 2))


def step_resources(run: Run) -> str:
    try:
        found = installation.check_resources()
    except installation.InstallationProblem as exc:
        raise StepFailed(exc.message) from exc
    return _("{items} in {folder}").format(
        items=", ".join(f"{name} {count}" for name, count in found.items()), folder=resources.resources_dir())


def step_documents(run: Run) -> str:
    try:
        fonts = installation.check_fonts()
        hyphenation = installation.check_hyphenation()
    except installation.InstallationProblem as exc:
        raise StepFailed(exc.message) from exc
    return _("fonts {fonts}; hyphenation {languages}").format(fonts=fonts, languages=hyphenation)


def step_keyring(run: Run) -> str:
    try:
        return installation.check_keyring()
    except installation.InstallationProblem as exc:
        raise StepFailed(exc.message) from exc


# Our own strings that every catalog must translate: if they come back in English, the catalog is missing.
PROBES = (N_("Self-test passed"), N_("Languages"))
DATE_PROBE = _dt.date(2026, 11, 26)


def step_languages(run: Run) -> str:
    from cirkular_desktop.gui import qt_i18n

    dates = {}
    for lang in i18n.LANGUAGES:
        with i18n.using_language(lang):
            if lang != i18n.SOURCE_LANGUAGE and any(i18n.lookup(probe, lang=lang) in (None, probe) for probe in PROBES):
                raise StepFailed(_("no catalog for {lang}").format(lang=lang))
            decimal = i18n.format_decimal(Decimal("12.5"), lang)
            expected = "12.5" if lang == "en" else "12,5"
            if decimal != expected:
                raise StepFailed(_("numbers in {lang} read {value}, not {expected}").format(
                    lang=lang, value=decimal, expected=expected))
            dates[lang] = i18n.format_date(DATE_PROBE, lang)
        translators = qt_i18n.install(run.qt_app, lang)
        if lang != i18n.SOURCE_LANGUAGE:
            if any(t.isEmpty() for t in translators) or len(translators) != 1 + len(qt_i18n.QT_CATALOGS[lang]):
                raise StepFailed(_("Qt's own texts are not translated into {lang}").format(lang=lang))
            if QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel":
                raise StepFailed(_("Qt's buttons are not translated into {lang}").format(lang=lang))
    qt_i18n.install(run.qt_app, run.language)
    if len(set(dates.values())) != len(dates):
        raise StepFailed(_("dates read the same in every language: {value}").format(value=dates["en"]))
    return _("{languages}: our catalogs, Qt's, dates and numbers").format(languages=", ".join(i18n.LANGUAGES))


# The visit summary names the organization: these characters need each fallback font (emoji, symbols, CJK).
ORGANIZATION_NAME = "Säffle Snickeri AB \U0001F44D \U0001FB00 \u6728"
PDF_FONTS = ("DejaVuSans", "NotoEmoji", "NotoSansSymbols2", "DroidSansFallback")


def step_database(run: Run) -> str:
    from cirkular_desktop.services import maintenance, records
    from cirkular_desktop.services.app import open_app

    app = open_app(run.folder / "laptop")
    run.opened.append(app)
    org = records.add_record(app, "organization", {"name": ORGANIZATION_NAME, "country": "SE",
                                                   "org_number": "556036-0793"}).value
    records.add_record(app, "stream", {"organization_id": org, "title": "Spån från hyvling",
                                       "quantity": "12.5", "unit": "t"})
    visit_id = records.add_record(app, "visit", {"organization_id": org, "date": "2026-11-26"}).value
    report = maintenance.check(app)
    if not report.ok:
        raise StepFailed(_("the new database fails its check (schema {schema})").format(schema=report.schema))
    try:
        migrations = installation.check_schema(app)
    except installation.InstallationProblem as exc:
        raise StepFailed(exc.message) from exc
    run.app, run.visit_id = app, visit_id   # only a database that passed is handed to the later steps
    return _("created in a temporary folder: {migrations}").format(migrations=migrations)


def step_pdf(run: Run) -> str:
    from PySide6.QtPdf import QPdfDocument

    from cirkular_desktop.services import reports

    app, visit_id = run.need_app(), run.need_visit()
    for lang in ("sv", "nb"):
        path = run.folder / f"summary-{lang}.pdf"
        data = reports.visit_summary_pdf(app, visit_id, lang)
        embedded = set(re.findall(rb"/BaseFont /[A-Z]{6}\+([\w-]+)", data))
        missing = [name for name in PDF_FONTS if not any(font.decode().startswith(name) for font in embedded)]
        if missing:
            raise StepFailed(_("fonts not embedded in the summary: {names}").format(names=", ".join(missing)))
        path.write_bytes(data)
        document = QPdfDocument()
        try:
            if document.load(str(path)) != QPdfDocument.Error.None_ or document.pageCount() < 1:
                raise StepFailed(_("QtPdf could not read the summary ({lang})").format(lang=lang))
            image = document.render(0, QSize(200, 283))
            if image.isNull():
                raise StepFailed(_("QtPdf could not draw the summary ({lang})").format(lang=lang))
        finally:
            document.close()
    return _("visit summaries in sv and nb written with {fonts} embedded, and drawn by QtPdf").format(
        fonts=", ".join(PDF_FONTS))


def step_bundle(run: Run) -> str:
    from cirkular_desktop.errors import BundleError
    from cirkular_desktop.services import records, sync
    from cirkular_desktop.services.app import open_app

    app = run.need_app()
    passphrase = secrets.token_urlsafe(18)
    path = run.folder / "laptop.cirkular"
    sync.export_bundle(app, path, full=True, passphrase=passphrase)
    if not sync.is_encrypted(path) or "Spån".encode() in path.read_bytes():
        raise StepFailed(_("the bundle was not encrypted"))
    other = open_app(run.folder / "coordinator")
    run.opened.append(other)
    try:
        sync.import_bundles(other, [path], passphrase=passphrase + "x")
    except BundleError:
        pass
    else:
        raise StepFailed(_("a wrong passphrase was accepted"))
    sync.import_bundles(other, [path], passphrase=passphrase)
    if records.dump(other) != records.dump(app):
        raise StepFailed(_("the imported records differ from the exported ones"))
    return _("encrypted, refused with a wrong passphrase, imported into a second database with the same records")


def step_help(run: Run) -> str:
    """The user guide opens in each language and shows every topic from that language's own pages."""
    from cirkular_desktop.gui import help_viewer

    texts = {}
    for lang in i18n.LANGUAGES:
        missing = None
        with i18n.using_language(lang):    # the guide in that language; the step's line stays in the user's
            window = help_viewer.HelpWindow(None, "index.md")
            try:
                folder = help_viewer.help_folder(lang).resolve()
                for topic, _title in help_viewer.TOPICS:
                    window.show_topic(topic)
                    shown = Path(window.browser.source().toLocalFile()).resolve()
                    if shown.parent != folder or shown.name != topic or not window.browser.toPlainText().strip():
                        missing = topic
                        break
                window.show_topic("index.md")
                texts[lang] = window.browser.toPlainText()
            finally:
                window.deleteLater()
        if missing:
            raise StepFailed(_("the guide's page {topic} is missing in {lang}").format(topic=missing, lang=lang))
    if len(set(texts.values())) != len(texts):
        raise StepFailed(_("the guide reads the same in every language"))
    return _("{count} pages in {languages}").format(count=len(help_viewer.TOPICS), languages=", ".join(texts))


def step_window(run: Run) -> str:
    from cirkular_desktop.gui.context import GuiContext
    from cirkular_desktop.gui.window import MainWindow

    app = run.need_app()
    ctx = GuiContext(app)
    window = MainWindow(ctx, restore=False, remember=False)
    try:
        window.resize(1280, 800)
        window.show()
        page = window.list_pages["organization"]
        clock = QElapsedTimer()
        clock.start()
        while page.model.rowCount() < 1 and clock.elapsed() < WINDOW_DEADLINE_MS:
            _spin(50)
        if page.model.rowCount() < 1:
            raise StepFailed(_("the list of organizations stayed empty"))
        return _("opened and listed the organization")
    finally:
        window.close()
        window.deleteLater()
        ctx.wait()
        ctx.deleteLater()
        _spin(0)


@dataclass(frozen=True)
class Step:
    name: str            # marked with N_, shown translated
    check: Callable[[Run], str]


STEPS: tuple[Step, ...] = (
    Step(N_("Qt"), step_qt),
    Step(N_("Images and icons"), step_images),
    Step(N_("Resources"), step_resources),
    Step(N_("Languages"), step_languages),
    Step(N_("Fonts and hyphenation"), step_documents),
    Step(N_("Keyring"), step_keyring),
    Step(N_("Database"), step_database),
    Step(N_("PDF"), step_pdf),
    Step(N_("Encrypted bundle"), step_bundle),
    Step(N_("User guide"), step_help),
    Step(N_("Main window"), step_window),
)


# --- running ------------------------------------------------------------------------------------

def run_self_test(qt_app: QApplication, out: TextIO | None = None, steps: tuple[Step, ...] = STEPS) -> int:
    """Run every step, print one line each to ``out`` (and the log); 0 when all passed, else 1."""
    language = i18n.get_language()
    folder = Path(tempfile.mkdtemp(prefix="cirkular-selftest-"))
    run = Run(qt_app=qt_app, folder=folder, language=language)
    failed: list[str] = []
    _emit(out, _("Cirkulär {version} self-test").format(version=__version__))
    try:
        with quiet_offscreen_warnings():
            for number, step in enumerate(steps, start=1):
                line = _run_step(step, run, failed)
                _emit(out, f"[{number}/{len(steps)}] {line}")
    finally:
        for app in run.opened:
            app.close()
        shutil.rmtree(folder, ignore_errors=True)
    if failed:
        _emit(out, _("Self-test failed: {names}").format(names=", ".join(failed)))
        return 1
    _emit(out, _(PROBES[0]))
    return 0


def _run_step(step: Step, run: Run, failed: list[str]) -> str:
    name = _(step.name)
    try:
        detail = step.check(run)
    except SkipStep as exc:
        failed.append(name)
        return _("SKIPPED {name}: {reason}").format(name=name, reason=exc)
    except StepFailed as exc:
        failed.append(name)
        return _("FAILED {name}: {reason}").format(name=name, reason=exc)
    except Exception as exc:  # noqa: BLE001 - a broken build fails in any way; say which step
        failed.append(name)
        log.error("self-test step %s failed\n%s", step.name, traceback.format_exc())
        return _("FAILED {name}: {reason}").format(name=name, reason=_describe(exc))
    return _("ok {name}: {detail}").format(name=name, detail=detail)


def _emit(out: TextIO | None, line: str) -> None:
    log.info("%s", line)
    if out is not None:
        print(line, file=out, flush=True)


def _describe(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return message.splitlines()[0] if message else type(exc).__name__


def _plugins(kind: str, *, paths: bool = False) -> Any:
    """The Qt plugins of one kind that are installed (``platforms`` → offscreen, xcb, …); with ``paths``
    a mapping from those names to their files."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / kind
    found = {}
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        stem = path.name.split(".")[0]
        stem = stem[3:] if stem.startswith("lib") else stem
        found[stem[1:] if stem.startswith("q") else stem] = path
    return found if paths else list(found)


def _spin(msecs: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(msecs, loop.quit)
    loop.exec()
