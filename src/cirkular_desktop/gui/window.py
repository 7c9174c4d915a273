"""A first main window: the organizations list, with demo data offered on an empty database.

The full field-visit application replaces this (GUI issue). Imports:
PySide6, services, core.records, i18n.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTableView, QVBoxLayout, QWidget

from cirkular_desktop.core import records
from cirkular_desktop.core.display import human_value
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import records as record_services
from cirkular_desktop.services.app import App


class RecordTableModel(QAbstractTableModel):
    """A thin adapter over a list of plain record dicts."""

    def __init__(self, table: str, rows: list[dict[str, Any]]) -> None:
        super().__init__()
        self.spec = records.table(table)
        self.columns = [f for f in self.spec.fields if f.listed and f.kind != records.REF]
        self.rows = rows

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        f = self.columns[index.column()]
        return human_value(f, self.rows[index.row()].get(f.name))

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section].label)
        return None


class MainWindow(QMainWindow):
    def __init__(self, app: App) -> None:
        super().__init__()
        self.app = app
        self.setWindowTitle(_("Cirkulär"))
        self.resize(1100, 700)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.heading = QLabel()
        layout.addWidget(self.heading)
        self.view = QTableView()
        self.view.setSortingEnabled(False)
        layout.addWidget(self.view)
        self.setCentralWidget(central)
        self.statusBar().showMessage(_("Data folder: {folder}").format(folder=app.paths.data_dir))
        self.refresh()

    def refresh(self) -> None:
        rows = record_services.list_records(self.app, "organization")
        self.model = RecordTableModel("organization", rows)
        self.view.setModel(self.model)
        self.view.resizeColumnsToContents()
        self.heading.setText(_("Organizations: {count}").format(count=len(rows)))

    def offer_demo_if_empty(self) -> None:
        if self.model.rowCount():
            return
        answer = QMessageBox.question(self, _("Cirkulär"),
                                      _("The database is empty. Add demo data to look around?"))
        if answer == QMessageBox.StandardButton.Yes:
            from cirkular_desktop.services import demo

            demo.add_demo(self.app, seed=1, scale=1)
            self.refresh()

    def save_screenshots(self, folder: str) -> int:
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        self.show()
        self.grab().save(str(target / "organizations.png"))
        return 0
