"""Choose a record from a filterable list: used when "New visit" is asked for with no organization selected.

Imports: PySide6, core.records, i18n, gui.models.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cirkular_desktop.gui import models
from cirkular_desktop.gui.widgets import TableFitter, describe, read_only_rows
from cirkular_desktop.i18n import gettext as _


class RecordPicker(QDialog):
    """Type to filter, arrow keys to move, Enter to choose."""

    def __init__(self, ctx: Any, table: str, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"picker_{table}")
        self.setWindowTitle(title)
        self.resize(640, 460)
        self.model = models.RecordListModel(ctx, table, self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Type to filter…"))
        self.search.setClearButtonEnabled(True)
        self.view = QTableView()
        describe(self.search, _("Search"), prompt)
        describe(self.view, title, _("Enter or double-click chooses the selected row"))
        self.view.setModel(self.model)
        read_only_rows(self.view)
        self.fitter = TableFitter(self.view)   # the columns within the dialog's width, never scrolled sideways
        self.model.reloaded.connect(self.fitter.refit)
        self.view.doubleClicked.connect(lambda _i: self.accept())
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self._filter)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.search.returnPressed.connect(self.accept)
        self.search.installEventFilter(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.buttons)
        self.model.reload()
        self._select_first()

    def _filter(self) -> None:
        self.timer.stop()
        self.model.set_search(self.search.text())
        self._select_first()

    def _select_first(self) -> None:
        if self.model.rowCount():
            self.view.selectRow(0)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt API
        # Arrow keys in the filter field move the selection, so the hands stay on the keyboard.
        if watched is self.search and event.type() == event.Type.KeyPress and event.key() in (
                Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = max(0, self.view.currentIndex().row()) + (1 if event.key() == Qt.Key.Key_Down else -1)
            if 0 <= row < self.model.rowCount():
                self.view.selectRow(row)
            return True
        return super().eventFilter(watched, event)

    def chosen_id(self) -> str | None:
        if self.timer.isActive():
            self._filter()
        rows = self.view.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def accept(self) -> None:
        if self.chosen_id() is not None:
            super().accept()
