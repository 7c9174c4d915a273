"""Opening a bundle file from the desktop: ``cirkular-desktop FILE.cirkular`` and macOS file-open events
start the import preview, and Import brings the records in.

The first test starts the real app (``gui.main.main``) in a fresh process, as
a desktop's file association does, and reports what the first window shows;
the others drive the same path inside the test's window.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from cirkular_desktop.gui.import_preview import ImportPreviewDialog, PassphraseDialog
from cirkular_desktop.gui.main import open_bundles_when_shown, parse_args
from cirkular_desktop.services import records as rec
from cirkular_desktop.services import sync
from cirkular_desktop.services.app import open_app

SRC = str(Path(__file__).resolve().parents[2] / "src")

CHILD = textwrap.dedent("""
    import json, os, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    qt_app = QApplication(sys.argv[:1])

    def look():
        from cirkular_desktop.gui.import_preview import ImportPreviewDialog
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, ImportPreviewDialog) and w.isVisible()]
        if shown:
            print("PREVIEW " + json.dumps({"summary": shown[0].summary_label.text(),
                                           "bundles": shown[0].bundles_label.text()}), flush=True)
            os._exit(0)

    poll = QTimer()
    poll.timeout.connect(look)
    poll.start(50)
    QTimer.singleShot(60_000, lambda: os._exit(3))
    from cirkular_desktop.gui import main
    main.main(["--data-dir", sys.argv[1], "--lang", "en", sys.argv[2]])
    os._exit(4)
""")


def _bundle(tmp_path: Path, name: str = "from-anna.cirkular", passphrase: str | None = None) -> Path:
    with open_app(tmp_path / "anna") as laptop:
        org = rec.add_record(laptop, "organization", {"name": "Säffle Sågverk AB", "country": "SE"}).value
        rec.add_record(laptop, "stream", {"organization_id": org, "title": "Sågspån", "quantity": "4", "unit": "t"})
        path = tmp_path / name
        sync.export_bundle(laptop, path, passphrase=passphrase)
    return path


def _visible(kind):
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_the_command_line_names_bundles_to_open():
    args = parse_args(["--lang", "sv", "a.cirkular", "b.cirkular"])
    assert args.files == ["a.cirkular", "b.cirkular"] and args.lang == "sv"
    assert parse_args([]).files == []


def test_starting_the_app_with_a_bundle_shows_its_import_preview(tmp_path):
    path = _bundle(tmp_path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("CIRKULAR_SYNC_WORKER", None)   # the real worker thread, as in the app
    env["PYTHONPATH"] = os.pathsep.join(p for p in (SRC, env.get("PYTHONPATH")) if p)
    # A file manager starts the program in some other folder, with the file's name relative to nothing.
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "data"), path.name], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    shown = [line for line in done.stdout.splitlines() if line.startswith("PREVIEW ")]
    assert shown, (done.returncode, done.stdout, done.stderr)
    preview = json.loads(shown[0][len("PREVIEW "):])
    assert "New: 2" in preview["summary"] and "from-anna.cirkular" in preview["bundles"]


def test_a_bundle_named_at_start_previews_then_imports(ctx, window, qtbot, tmp_path):
    path = _bundle(tmp_path)
    open_bundles_when_shown(QApplication.instance(), window, [str(path)])
    qtbot.waitUntil(lambda: bool(_visible(ImportPreviewDialog)))
    preview = _visible(ImportPreviewDialog)[-1]
    assert rec.list_records(ctx.app, "organization") == []          # a preview changes nothing
    with qtbot.waitSignal(ctx.records_changed):
        qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    assert [o["name"] for o in rec.list_records(ctx.app, "organization")] == ["Säffle Sågverk AB"]


def test_an_encrypted_bundle_asks_for_its_passphrase_first(window, qtbot, tmp_path):
    path = _bundle(tmp_path, passphrase="Gransen 2026 ar oppen")
    open_bundles_when_shown(QApplication.instance(), window, [str(path)])
    qtbot.waitUntil(lambda: bool(_visible(PassphraseDialog)))
    _visible(PassphraseDialog)[-1].reject()
    assert not _visible(ImportPreviewDialog)


def test_a_file_open_event_from_the_desktop_shows_the_preview(window, qtbot, tmp_path):
    """macOS hands a double-clicked document to the running app as an event, not on the command line."""
    path = _bundle(tmp_path)
    open_bundles_when_shown(QApplication.instance(), window, [])
    assert not _visible(ImportPreviewDialog)
    QCoreApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(path)))
    qtbot.waitUntil(lambda: bool(_visible(ImportPreviewDialog)))
    _visible(ImportPreviewDialog)[-1].reject()


def test_a_file_that_is_not_a_bundle_is_refused_in_one_line(window, qtbot, tmp_path):
    path = tmp_path / "notes.cirkular"
    path.write_text("not a bundle", encoding="utf-8")
    open_bundles_when_shown(QApplication.instance(), window, [str(path)])
    qtbot.waitUntil(lambda: any(b.objectName() == "importRefused" for b in _visible(QMessageBox)))
    box = next(b for b in _visible(QMessageBox) if b.objectName() == "importRefused")
    assert "notes.cirkular" in box.text() and "\n" not in box.text()
    box.close()


@pytest.fixture(autouse=True)
def _close_dialogs():
    yield
    for kind in (ImportPreviewDialog, PassphraseDialog, QMessageBox):
        for widget in _visible(kind):
            widget.close()
