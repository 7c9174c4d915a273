"""The demo data folder: "Try with demo data" without touching the project's data (issue #17).

Demo data used to be added to the database a person works in: its 1,254 made-up
records then counted as changes to export and travelled to the coordinator in
the next bundle. Now the app opens a separate data folder, ``demo/`` inside the
data folder, filled with the demo data of seed 1 the first time. Its database
is marked as demo data (``meta`` key ``demo``), and nothing marked so is ever
exported: ``refuse_export`` stops a bundle from it, from the app or the command
line, so made-up records cannot reach the project's data. The command line's
``demo`` command still adds demo data where it is told to (scripted use, tests,
benchmarks).

Imports: errors, i18n, paths, store.meta, services (app; demo when the folder is filled).
"""

from __future__ import annotations

from typing import Callable

from cirkular_desktop import paths as _paths
from cirkular_desktop.errors import ConflictError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App, open_app
from cirkular_desktop.store import meta

Progress = Callable[[int, int], bool]
DEMO_KEY = "demo"          # meta: "1" in a demo data folder's database
FOLDER = "demo"
SEED = 1


def demo_paths(project: _paths.AppPaths) -> _paths.AppPaths:
    """Where the demo data of the data folder ``project`` lives."""
    if project.data_dir.name == FOLDER and (project.data_dir.parent / _paths.DATABASE_NAME).exists():
        return project  # already the demo folder
    return _paths.AppPaths(project.data_dir / FOLDER)


def is_demo(app: App) -> bool:
    with app.snapshot() as conn:
        return meta.get(conn, DEMO_KEY) == "1"


def _empty(app: App) -> bool:
    with app.snapshot() as conn:
        found: int = conn.execute("SELECT EXISTS(SELECT 1 FROM op)").fetchone()[0]
        return found == 0


def prepare(app: App, *, progress: Progress | None = None) -> bool:
    """Make an opened demo folder ready: fill it with the demo data the first time and mark it as demo data.

    Returns False when the filling was cancelled (nothing is kept then). A folder that already holds
    other data is never marked: demo data goes only into a folder of its own.
    """
    if is_demo(app):
        return True
    if not _empty(app):
        raise ConflictError(_("{folder} already holds data that is not the demo data").format(
            folder=app.paths.data_dir), field="folder")
    from cirkular_desktop.services import demo

    demo.add_demo(app, seed=SEED, scale=1, progress=progress)
    if _empty(app):
        return False
    with app.uow() as uow:
        uow.meta_put(DEMO_KEY, "1")
        uow.meta_put(meta.DEVICE_NAME, _("Demo data"))
        uow.commit()
    return True


def open_demo(project: _paths.AppPaths) -> App:
    """Open the demo data folder of ``project``, ready to use; the caller closes it."""
    app = open_app(paths=demo_paths(project))
    try:
        prepare(app)
    except BaseException:
        app.close()
        raise
    return app


def refuse_export(app: App) -> None:
    """Demo data is never exported: a bundle from the demo folder could carry made-up records into the
    project's data."""
    if is_demo(app):
        raise ConflictError(_("this is the demo data folder: its made-up records are never exported; "
                              "leave the demo to export your own data"), field="FILE")
