"""``cirkular-desktop``: start the desktop app, render screenshots (``--screenshots DIR``) or check
the installation (``--self-test``).

``cirkular-desktop FILE.cirkular …`` starts the app and opens the import
preview of those bundles: what a desktop's file association runs when a
person opens a bundle. macOS does not pass the file on the command line but
sends a file-open event, which ``BundleOpener`` turns into the same preview.

Kept light: only what the first window needs is imported before it shows
(no SQLAlchemy, Alembic, cryptography or ReportLab: a test starts the app and
checks). The log is set up first (``gui.applog``), so a windowed build
without a console never writes to a missing ``sys.stdout``.
Imports: PySide6, i18n, paths, settings, errors, services.app, gui.*.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from cirkular_desktop import i18n, settings
from cirkular_desktop import paths as _paths
from cirkular_desktop.gui import applog
from cirkular_desktop.i18n import gettext as _

# The desktop entry's name (packaging/appinfo.py's APP_ID): Wayland and the taskbar match windows to it.
DESKTOP_FILE_NAME = "se.cirkular.Cirkular"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cirkular-desktop", description=_("Cirkulär desktop app"))
    parser.add_argument("--data-dir", metavar=_("DIR"), help=_("use the data in DIR"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of the user interface"))
    parser.add_argument("--screenshots", metavar=_("DIR"),
                        help=_("render each view with demo data to PNG files in DIR and exit"))
    parser.add_argument("--size", metavar=_("WIDTHxHEIGHT"), type=_window_size,
                        help=_("window size of the screenshots, e.g. 1280x800"))
    parser.add_argument("--self-test", action="store_true",
                        help=_("check this installation offscreen in a temporary folder, one line per step, and exit"))
    parser.add_argument("files", nargs="*", metavar=_("FILE"),
                        help=_("bundle files to import: the app starts with their import preview"))
    return parser.parse_args(list(argv))


def _window_size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    if not (sep and width.isdigit() and height.isdigit() and 320 <= int(width) <= 8000 and 240 <= int(height) <= 8000):
        raise argparse.ArgumentTypeError(_("not a window size: {value} (write it as 1280x800)").format(value=text))
    return int(width), int(height)


def choose_language(explicit: str | None, stored: str | None, ui_languages: Callable[[], Sequence[str]]) -> str:
    """``--lang``, else the saved choice, else the system's: the environment, then the desktop's UI languages.

    An app started from the macOS Finder gets no ``LANG``; Qt's
    ``QLocale.system().uiLanguages()`` still knows what the person reads.
    ``ui_languages`` is only asked when nothing before it decided.
    """
    if explicit or stored:
        return explicit or stored or ""
    return i18n.system_language(preferred=list(ui_languages()))


def _qt_ui_languages() -> list[str]:
    from PySide6.QtCore import QLocale  # QtCore is loaded for the window anyway

    return list(QLocale.system().uiLanguages())


def _bundle_opener_class() -> Any:
    from PySide6.QtCore import QEvent, QObject

    class BundleOpener(QObject):
        """Files the desktop asks the running app to open (macOS file-open events) go to the import preview."""

        def __init__(self, window: Any) -> None:
            super().__init__(window)
            self.window = window

        def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt API
            if event.type() == QEvent.Type.FileOpen and event.file():
                self.window.import_bundles([event.file()])
                return True
            return False

    return BundleOpener


def open_bundles_when_shown(qt_app: Any, window: Any, files: Sequence[str]) -> Any:
    """Bundles named on the command line open their import preview once the window is up; later
    file-open events (a bundle double-clicked while the app runs, on macOS) do the same."""
    from PySide6.QtCore import QTimer

    opener = _bundle_opener_class()(window)
    qt_app.installEventFilter(opener)
    window.destroyed.connect(lambda *_args: qt_app.removeEventFilter(opener))
    if files:
        chosen = [str(Path(f).expanduser().absolute()) for f in files]
        QTimer.singleShot(0, window, lambda: window.import_bundles(chosen))
    return opener


def main(argv: Sequence[str] | None = None) -> int:
    applog.configure()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = _paths.resolve(args.data_dir)
    if args.self_test:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"   # a check needs no display, and must not show one
    elif args.screenshots:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The self-test and screenshots never read the person's data folder, not even its settings.
    stored_language = None if args.screenshots or args.self_test else settings.load(paths).get("language")
    i18n.set_language(choose_language(args.lang, stored_language, _qt_ui_languages))

    from PySide6.QtWidgets import QApplication, QMessageBox

    if applog.wants_file():
        applog.route_qt_messages()
    existing = QApplication.instance()   # a test's application, if there is one
    qt_app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    qt_app.setApplicationName("Cirkulär")
    qt_app.setOrganizationName("Cirkulärt samarbete över gränsen")
    qt_app.setApplicationDisplayName("Cirkulär")
    qt_app.setDesktopFileName(DESKTOP_FILE_NAME)

    from cirkular_desktop.gui import qt_i18n

    qt_i18n.install(qt_app, i18n.get_language())
    if args.self_test:
        from cirkular_desktop.gui.selftest import run_self_test

        return run_self_test(qt_app, None if isinstance(sys.stdout, applog.LogStream) else sys.stdout)
    if args.screenshots:
        from cirkular_desktop.gui.screenshots import render_all

        return render_all(args.screenshots, data_dir=args.data_dir, lang=i18n.get_language(), size=args.size)

    from cirkular_desktop.errors import CirkularError
    from cirkular_desktop.gui.context import GuiContext
    from cirkular_desktop.gui.widgets import icon
    from cirkular_desktop.gui.window import MainWindow
    from cirkular_desktop.services.app import open_app

    qt_app.setWindowIcon(icon("cirkular"))
    try:
        app = open_app(paths=paths)
    except CirkularError as exc:
        QMessageBox.critical(None, _("Cirkulär"), exc.message)
        return 1
    ctx = GuiContext(app)
    window = MainWindow(ctx)
    try:
        window.show()
        open_bundles_when_shown(qt_app, window, args.files)
        return qt_app.exec()
    finally:
        ctx.wait()
        app.close()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
