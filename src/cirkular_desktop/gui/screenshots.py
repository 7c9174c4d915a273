"""``cirkular-desktop --screenshots DIR``: render every main view with demo data to PNG files, then exit.

Uses the given data directory when it holds data; otherwise a temporary one
filled with demo data (seed 1), so the images are the same on every machine.
The visit's own views (questionnaire, stream editor, code picker) come from
``gui.visit.screenshots.render(ctx, folder)``. ``--size WIDTHxHEIGHT`` draws
them at another window size (1280x800 shows what a small laptop screen gets).

Imports: PySide6, i18n, paths, errors, services (app, browse, demo), gui.*.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from PySide6.QtCore import QMessageLogContext, QSize, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget

from cirkular_desktop import i18n
from cirkular_desktop import paths as _paths
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui import actions as _actions
from cirkular_desktop.services import browse

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from cirkular_desktop.gui.org_editor import OrganizationEditor

SIZE = QSize(1440, 900)


# The offscreen platform cannot pass a window's size hints on and says so for every window shown:
# noise in the command's output, not a problem with the images.
_OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints()",)


@contextlib.contextmanager
def quiet_offscreen_warnings() -> Iterator[None]:
    """Drop the offscreen platform's known warnings; every other Qt message goes where it went before."""
    previous: Any = None

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if message in _OFFSCREEN_NOISE:
            return
        if previous is not None:
            previous(kind, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def _settle() -> None:
    for _i in range(3):
        QApplication.processEvents()


def grab(widget: QWidget, path: Path) -> Path:
    """Show, lay out and save one widget (a window or a dialog) as PNG."""
    widget.show()
    _settle()
    widget.grab().save(str(path))
    return path


def _dialog(window: Any, folder: Path, name: str, make: Callable[[], QDialog]) -> Path:
    dialog = make()
    try:
        dialog.adjustSize()
        return grab(dialog, folder / f"{name}.png")
    finally:
        dialog.close()
        dialog.deleteLater()


def _has_data(data_dir: str | None) -> bool:
    if not data_dir:
        return False
    database = _paths.resolve(data_dir).database
    if not database.is_file():
        return False
    from cirkular_desktop.services.app import open_app

    with open_app(data_dir, create=False) as app:
        return browse.count(app, "organization") > 0


def render_all(folder: str | os.PathLike[str], *, data_dir: str | None = None, lang: str | None = None,
               size: tuple[int, int] | None = None) -> int:
    """Render each view to ``folder`` at ``size`` (width, height; default 1440×900); returns the exit code."""
    os.environ.setdefault("CIRKULAR_SYNC_WORKER", "1")  # demo data and services run in order, no threads
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    if lang:
        i18n.set_language(lang)
    temporary = None
    try:
        has_data = _has_data(data_dir)
    except CirkularError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    if not has_data:
        temporary = tempfile.mkdtemp(prefix="cirkular-screens-")
        data_dir = temporary
    try:
        with quiet_offscreen_warnings():
            written = _render(target, data_dir, fresh=temporary is not None, size=QSize(*size) if size else SIZE)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)
    print("\n".join(str(p) for p in written))
    return 0


def _render(folder: Path, data_dir: str | None, *, fresh: bool, size: QSize) -> list[Path]:
    from cirkular_desktop.gui.context import GuiContext
    from cirkular_desktop.gui.window import MainWindow
    from cirkular_desktop.services.app import open_app

    written: list[Path] = []
    app = open_app(data_dir)
    ctx = GuiContext(app)
    try:
        if fresh:
            window = MainWindow(ctx, restore=False, remember=False)
            window.resize(size)
            window.show_welcome()   # the first start: who is working here
            written.append(grab(window, folder / "first-run.png"))
            window.show_page("organization")
            written.append(grab(window, folder / "first-run-empty.png"))
            window.close()
            window.deleteLater()
            from cirkular_desktop.services import demo

            ctx.call(demo.add_demo, seed=1, scale=1)
        window = MainWindow(ctx, restore=False, remember=False)
        window.resize(size)
        window.show()
        for table in _actions.NAV_TABLES:
            window.show_page(table)
            page = window.list_pages[table]
            if page.model.rowCount():
                page.view.selectRow(0)
            written.append(grab(window, folder / f"{table}s.png" if table != "match" else folder / "matches.png"))
        window.show_page("stream")
        streams = window.list_pages["stream"]
        if streams.model.rowCount():  # a stream opened from its list, in the visit's editor
            streams.view.selectRow(0)
            stream_id = streams.current_id()
            dialog = window.edit_record("stream", stream_id) if stream_id else None
            if dialog is not None:   # as large as the window allows
                written.append(grab(dialog, folder / "stream-edit-dialog.png"))
                dialog.close()
        for key in ("sync", "conflicts"):
            if window.show_page(key):
                written.append(grab(window, folder / f"{key}.png"))
        window.show_page("organization")
        page = window.list_pages["organization"]
        page.search.setText(_first_word(page))
        page.apply_filter()
        written.append(grab(window, folder / "organizations-filtered.png"))
        page.search.clear()
        page.apply_filter()
        busiest = _busiest_organization(ctx)
        if busiest:
            window.open_organization(busiest)
            if window.editor is not None:
                window.editor.tabs.setCurrentIndex(2)
                written.append(grab(window, folder / "organization-editor.png"))
            window.close_editor()
        window.new_organization()
        if window.editor is not None:
            editor = window.editor
            _line(editor, "name").setText("Säffle Snickeri AB")
            _line(editor, "org_number").setText("556036-0794")
            _line(editor, "org_number").textEdited.emit("556036-0794")
            written.append(grab(window, folder / "organization-new-invalid.png"))
            _line(editor, "org_number").setText("")
        window.close_editor()

        visits = browse.list_page(ctx.app, "visit", where={"status": "draft"}, limit=1).rows
        if visits:
            window.open_visit(visits[0]["id"])
            written.append(grab(window, folder / "visit-in-window.png"))
            window.close_visit()

        from cirkular_desktop.gui.about import AboutDialog
        from cirkular_desktop.gui.preferences import PreferencesDialog

        written.append(_dialog(window, folder, "preferences", lambda: PreferencesDialog(ctx, window)))
        written.append(_dialog(window, folder, "about", lambda: AboutDialog(window)))
        written.extend(_visit_views(ctx, folder, size))
        from cirkular_desktop.gui.matchmaking import screenshots as workspace_shots

        written.extend(workspace_shots.render(ctx, window, folder))
        written.extend(_desktop_views(ctx, window, folder, fresh=fresh))
        window.close()
        window.deleteLater()
        _settle()
    finally:
        ctx.wait()
        app.close()
    return written


def _desktop_views(ctx: Any, window: Any, folder: Path, *, fresh: bool) -> list[Path]:
    """The user guide at the page of a view (F1), the column chooser, the dark theme, and — in a temporary
    data folder only, never in a person's — the demo window with its banner."""
    from cirkular_desktop.gui import theme
    from cirkular_desktop.gui.help_viewer import show_help

    written: list[Path] = []
    window.show_page("sync")
    guide = show_help(window, window.current_view())
    written.append(grab(guide, folder / "help-sync.png"))
    guide.close()
    window.show_page("stream")
    theme.force("dark")
    try:
        written.append(grab(window, folder / "streams-dark.png"))
    finally:
        theme.force(None)
    if fresh:
        from cirkular_desktop.gui.first_run import open_demo

        window.show_page("organization")
        open_demo(window)   # fills <data>/demo once: the temporary folder's, removed afterwards
        demo = window.demo_window
        if demo is not None:
            demo.resize(window.size())
            written.append(grab(demo, folder / "demo-window.png"))
            demo.close()
            _settle()
    return written


def _line(editor: OrganizationEditor, key: str) -> QLineEdit:
    """The organization editor's text field for ``key``."""
    widget = editor.form.editors[key].widget
    if not isinstance(widget, QLineEdit):
        raise TypeError(f"{key} is edited with a {type(widget).__name__}, not a line")
    return widget


def _first_word(page: Any) -> str:
    name = page.model.rows[0]["name"] if page.model.rows else ""
    return name.split()[0][:4] if name else ""


def _busiest_organization(ctx: Any) -> str | None:
    rows = browse.list_page(ctx.app, "organization", sort="streams", descending=True, limit=1).rows
    return rows[0]["id"] if rows else None


def _visit_views(ctx: Any, folder: Path, size: QSize) -> list[Path]:
    """The questionnaire, stream editor and code picker, drawn by ``gui.visit.screenshots``."""
    if not _actions.module_available("cirkular_desktop.gui.visit.screenshots"):
        return []
    module = importlib.import_module("cirkular_desktop.gui.visit.screenshots")
    # The visit screen alone is drawn a little smaller than the window, as it is without the sidebar.
    result = module.render(ctx, folder, size=None if size == SIZE else size)
    return [Path(p) for p in result] if isinstance(result, (list, tuple)) else []
