"""The Conflicts view: competing values side by side, with device and time; keep one or write another.

A conflict is a value written on one device while another device wrote a
different value to the same field (or edited a record that was deleted
elsewhere). Both are kept; the list shows each, and the panel below puts the
current value and the competing one side by side. "Keep this" on either side,
or typing a new value, is an ordinary edit that syncs — the conflict then
disappears on every replica that imports it. On a deleted record the record
stays deleted (delete wins); the coordinator acknowledges the lost edit.

Imports: PySide6, i18n, core.records, services.sync, gui.widgets.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
    QSplitter, QStackedWidget, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)
from PySide6.QtCore import Qt

from cirkular_desktop.core import records
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui.widgets import EmptyState, describe, heading_label
from cirkular_desktop.i18n import format_datetime, gettext as _, ngettext
from cirkular_desktop.services import sync as sync_services


def _when(text: str | None) -> str:
    if not text:
        return ""
    return format_datetime(_dt.datetime.fromisoformat(text).astimezone())


class _Side(QFrame):
    """One side of the comparison: the value, who wrote it and when, and a button to keep it."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = heading_label("", "subheading")
        self.value = QLabel()
        self.value.setObjectName("conflictValue")
        self.value.setWordWrap(True)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.value.setStyleSheet("font-size: 12pt; padding: 6px 0;")
        self.value.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.origin = QLabel()
        self.origin.setObjectName("fieldHint")
        self.keep = QPushButton()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.value, 1)
        layout.addWidget(self.origin)
        layout.addWidget(self.keep)


class ConflictsPage(QWidget):
    """Every conflict waiting for review; resolve by keeping one value or editing."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("conflictsPage")
        self.items: list[dict[str, Any]] = []
        self.heading = heading_label()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.view = QTableWidget(0, 4)
        self.view.setObjectName("conflictsView")
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(0, 320)
        self.view.setWordWrap(False)
        self.view.itemSelectionChanged.connect(self._show_selected)

        self.record_label = QLabel()
        self.record_label.setObjectName("recordLabel")
        self.record_label.setWordWrap(True)
        self.current = _Side("currentSide")
        self.other = _Side("otherSide")
        self.current.keep.clicked.connect(lambda: self.resolve("current"))
        self.other.keep.clicked.connect(lambda: self.resolve("other"))
        self.edit = QLineEdit()
        self.edit.setObjectName("newValue")
        self.edit.returnPressed.connect(self._save_edit)
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveValue")
        self.save_button.clicked.connect(self._save_edit)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.edit_label = QLabel()
        detail = QWidget()
        grid = QGridLayout(detail)
        grid.addWidget(self.record_label, 0, 0, 1, 2)
        grid.addWidget(self.current, 1, 0)
        grid.addWidget(self.other, 1, 1)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.edit_label)
        edit_row.addWidget(self.edit, 1)
        edit_row.addWidget(self.save_button)
        grid.addLayout(edit_row, 2, 0, 1, 2)
        grid.addWidget(self.error, 3, 0, 1, 2)
        self.detail = detail

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        self.empty = EmptyState()
        self.stack = QStackedWidget()
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        ctx.records_changed.connect(lambda _tables: self.refresh() if self.isVisible() else None)
        ctx.language_changed.connect(lambda _lang: self.retranslate())
        self.retranslate()

    def retranslate(self) -> None:
        msgid = getattr(self, "_error_msgid", None)
        self.heading.setText(_("Conflicts"))
        self.view.setHorizontalHeaderLabels([_("Record"), _("Field"), _("Current value"), _("Competing value")])
        self.current.title.setText(_("Current value"))
        self.other.title.setText(_("Competing value"))
        self.edit_label.setText(_("Or write another value:"))
        self.save_button.setText(_("Save"))
        describe(self.view, _("Conflicts"), _("Choose one to see both values side by side"))
        describe(self.edit, _("Or write another value:"), _("Saved as the field's value; the conflict is then resolved"))
        self.empty.set_content(_("No conflicts"), _("When two people change the same field differently, both "
                                                    "values are kept and shown here for you to choose."), [])
        self.refresh()   # shows the selected conflict anew, which clears its hint
        # As on the Sync page: our own hint is said again in the new language, an earlier refusal is cleared.
        if msgid:
            self.error.setText(_(msgid))
            self._error_msgid = msgid

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        selected = self.selected()
        self.items = self.ctx.call(sync_services.conflicts)
        self.count_label.setText(ngettext("{count} conflict", "{count} conflicts", len(self.items)).format(
            count=len(self.items)))
        self.stack.setCurrentIndex(0 if self.items else 1)
        self.view.blockSignals(True)
        self.view.setRowCount(len(self.items))
        for row, c in enumerate(self.items):
            cells = [f"{_(records.table(c['table']).label)}: {c['record_title']}", c["field_label"],
                     c["current_text"], c["value_text"]]
            for col, text in enumerate(cells):
                self.view.setItem(row, col, QTableWidgetItem(text))
        self.view.blockSignals(False)
        ids = [c["id"] for c in self.items]
        row = ids.index(selected["id"]) if selected and selected["id"] in ids else (0 if ids else -1)
        if row >= 0:
            self.view.selectRow(row)
        self._show_selected()

    def selected(self) -> dict[str, Any] | None:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        if rows and rows[0].row() < len(self.items):
            return self.items[rows[0].row()]
        return None

    def _show_selected(self) -> None:
        c = self.selected()
        self.error.setText("")
        self._error_msgid = None
        self.detail.setEnabled(c is not None)
        if c is None:
            return
        kind = _(records.table(c["table"]).label)
        self.record_label.setText(_("{kind} “{title}”, field “{field}”").format(
            kind=kind, title=c["record_title"], field=c["field_label"]))
        deleted = c["record_deleted"]
        self.current.value.setText(_("The record was deleted") if deleted else (c["current_text"] or _("(empty)")))
        self.current.origin.setText(_("by {device}, {time}").format(
            device=c["current_device_name"] or c["current_device"], time=_when(c["current_time"])))
        self.other.value.setText(c["value_text"] or _("(empty)"))
        self.other.origin.setText(_("by {device}, {time}").format(
            device=c["device_name"] or c["device"], time=_when(c["time"])))
        self.current.keep.setText(_("Keep deleted") if deleted else _("Keep this"))
        self.other.keep.setText(_("Keep this"))
        self.other.keep.setEnabled(not deleted)
        self.edit.setEnabled(not deleted)
        self.save_button.setEnabled(not deleted)
        self.edit.setText("" if deleted else c["current_text"])

    def resolve(self, keep: str, new_value: str | None = None) -> None:
        c = self.selected()
        if c is None:
            return
        try:
            self.ctx.call(sync_services.resolve, c["id"], keep, new_value=new_value)
        except CirkularError as exc:
            self.error.setText(exc.message)
            self._error_msgid = None
            return
        self.refresh()

    def _save_edit(self) -> None:
        text = self.edit.text().strip()
        if not text:
            self.error.setText(_("Type a value, or keep one of the two."))
            self._error_msgid = "Type a value, or keep one of the two."
            return
        self.resolve("", new_value=text)
