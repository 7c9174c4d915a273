"""Start a window and report when its first list is on screen, and how much memory it took.

``--mode app``: the real desktop app (``cirkular_desktop.gui.main.main``) on a
data folder, exactly as ``cirkular-desktop --data-dir DIR`` starts it.
``--mode bare``: the baseline of design §6, a bare PySide6 main window with a
table view showing ``--rows`` rows of text (the app's first page holds the
same number of rows).

CPU time (user + system since the process started) is read at the same
moment, and again after settling.

"Ready" is the same event in both: the first paint of a table view's viewport
whose model has rows — the moment a person sees a filled list. The driver then
waits ``--settle`` seconds (background loads of the app finish, the bare
window idles), reads VmRSS/VmHWM and exits at once with ``os._exit`` so that
neither process pays for tear-down.

``--edit`` (app mode, informational): after that measurement the driver
changes one organization's notes through the window's ``GuiContext`` — the
path an editor takes, which loads the unit of work and the ORM — settles
again and reports the memory after the edit too. The data folder is changed,
so the budgets give this mode its own copy.

Imports: PySide6, cirkular_desktop.gui.main (app mode), benchmarks.harness.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView  # noqa: E402

from benchmarks.harness import cpu_seconds, emit, memory_status  # noqa: E402


class ReadyWatcher(QObject):
    """Application-wide event filter: notices the first paint of a filled item view."""

    def __init__(self, start_ns: int, settle: float, edit: bool = False) -> None:
        super().__init__()
        self.start_ns, self.settle, self.edit = start_ns, settle, edit
        self.ready_ns: int | None = None
        self.rows = 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self.ready_ns is None and event.type() == QEvent.Type.Paint:
            view = obj.parent() if obj is not None else None
            # A table, not any item view: the app's navigation sidebar is a list view with rows too.
            if isinstance(view, QTableView) and obj is view.viewport():
                model = view.model()
                if model is not None and model.rowCount() > 0 and view.isVisible():
                    self.ready_ns = time.monotonic_ns()
                    self.ready_cpu = cpu_seconds()
                    self.rows = model.rowCount()
                    self.view_name = view.objectName() or type(view).__name__
                    # Let this paint finish, then settle, measure and leave.
                    QTimer.singleShot(int(self.settle * 1000), self.finish)
        return False

    def finish(self) -> None:
        QApplication.processEvents()
        memory = memory_status()
        self.result = {"startup_s": (self.ready_ns - self.start_ns) / 1e9, "cpu_s": self.ready_cpu,
                       "cpu_settled_s": cpu_seconds(), "rows": self.rows,
                       "view": self.view_name, "rss": memory["rss"], "peak": memory["peak"]}
        if self.edit:
            edit_one_record()
            QTimer.singleShot(int(self.settle * 1000), self.finish_edit)
            return
        emit(self.result)
        os._exit(0)

    def finish_edit(self) -> None:
        QApplication.processEvents()
        memory = memory_status()
        emit({**self.result, "rss_after_edit": memory["rss"], "peak_after_edit": memory["peak"]})
        os._exit(0)


def edit_one_record() -> None:
    """Change the notes of the first organization on screen, as the organization editor saves a field."""
    from cirkular_desktop.services import records

    window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")
    organization = window.list_pages["organization"].model.rows[0]["id"]
    current = records.get_record(window.ctx.app, "organization", organization).get("notes") or ""
    window.ctx.call(records.set_record, "organization", organization,
                    {"notes": current + " (benchmark edit)" if len(current) < 200 else "benchmark edit"})


class TextModel(QAbstractTableModel):
    def __init__(self, rows: int, columns: int) -> None:
        super().__init__()
        self.cells = [[f"Row {r} column {c}" for c in range(columns)] for r in range(rows)]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() or not self.cells else len(self.cells[0])

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.cells[index.row()][index.column()]
        return None


def bare(qt_app: QApplication, rows: int, columns: int) -> int:
    window = QMainWindow()
    window.resize(1100, 700)
    view = QTableView()
    view.setModel(TextModel(rows, columns))
    window.setCentralWidget(view)
    window.show()
    return qt_app.exec()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=("app", "bare"), required=True)
    parser.add_argument("--data-dir")
    parser.add_argument("--rows", type=int, default=100)
    parser.add_argument("--columns", type=int, default=6)
    parser.add_argument("--settle", type=float, default=1.0)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--start-ns", type=int, default=None)
    parser.add_argument("--edit", action="store_true", help="app mode: also measure memory after one edit")
    args = parser.parse_args()
    start_ns = args.start_ns or time.monotonic_ns()

    qt_app = QApplication(sys.argv[:1])
    watcher = ReadyWatcher(start_ns, args.settle, edit=args.edit and args.mode == "app")
    qt_app.installEventFilter(watcher)

    def give_up() -> None:
        sys.stderr.write(f"no filled list was painted within {args.timeout:.0f} s\n")
        os._exit(3)

    QTimer.singleShot(int(args.timeout * 1000), give_up)
    if args.mode == "bare":
        return bare(qt_app, args.rows, args.columns)
    from cirkular_desktop.gui import main as gui_main

    code = gui_main.main(["--data-dir", args.data_dir, "--lang", "sv"])
    sys.stderr.write(f"the app exited ({code}) before a filled list was painted\n")
    return 4


if __name__ == "__main__":
    raise SystemExit(main())
