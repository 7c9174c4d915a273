"""``cirkular-desktop``: start the desktop app.

Imports: PySide6, i18n, paths, settings, services, gui.*.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from cirkular_desktop import i18n, settings
from cirkular_desktop import paths as _paths
from cirkular_desktop.i18n import gettext as _


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="cirkular-desktop", description=_("Cirkulär desktop app"))
    parser.add_argument("--data-dir", metavar=_("DIR"), help=_("use the data in DIR"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of the user interface"))
    parser.add_argument("--screenshots", metavar=_("DIR"), help=_("render each view to PNG files in DIR and exit"))
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = _paths.resolve(args.data_dir)
    i18n.set_language(args.lang or settings.load(paths).get("language") or i18n.system_language())
    if args.screenshots:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication, QMessageBox

    from cirkular_desktop.errors import CirkularError
    from cirkular_desktop.gui.window import MainWindow
    from cirkular_desktop.services.app import open_app

    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    qt_app.setApplicationName("Cirkulär")
    try:
        app = open_app(paths=paths)
    except CirkularError as exc:
        QMessageBox.critical(None, "Cirkulär", exc.message)
        return 1
    window = MainWindow(app)
    try:
        if args.screenshots:
            return window.save_screenshots(args.screenshots)
        window.show()
        window.offer_demo_if_empty()
        return qt_app.exec()
    finally:
        app.close()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
