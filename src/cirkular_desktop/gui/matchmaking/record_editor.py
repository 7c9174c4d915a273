"""The editor of a test environment, an outcome or a competence activity (new or existing), in a dialog.

Fields are ``gui.fields.FieldEditor``s laid out by ``gui.form.RecordForm``:
references first (pick lists of titles that can be typed to find, the
partners of a test environment a list of organizations to tick), then the
plain fields; an activity's participants are a small table (organization or
country, and how many). Saving goes through ``services.records`` like the CLI's
``add``/``set``, so the same rules apply (``services.workspace_rules``); a
refusal is shown under its field or in one line. A save is a step of the app's
undo stack (``gui.undo``: a new record's addition, or the fields that changed).

Imports: PySide6, i18n, core.records, errors, services (records, workspace_views), gui (fields via form, undo, widgets).
"""

from __future__ import annotations

from typing import Any, Mapping, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QHeaderView, QListWidget,
    QPushButton, QScrollArea, QSpinBox, QTableWidget, QVBoxLayout, QWidget,
)

from cirkular_desktop.core import records
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui import undo
from cirkular_desktop.gui.form import RecordForm
from cirkular_desktop.gui.widgets import WrapLabel, fit_to_window, form_labels, one_label_width
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import records as record_services

_W = TypeVar("_W", bound=QWidget)
from cirkular_desktop.services import workspace_views

COUNTRIES = ("SE", "NO", "DK", "FI", "DE")


class ParticipantsTable(QWidget):
    """Participant groups: an organization (optional), a country, and a count each."""

    def __init__(self, organizations: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.organizations = organizations
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("participantsTable")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setFixedHeight(120)
        self.add_button = QPushButton()
        self.add_button.setObjectName("addParticipants")
        self.add_button.clicked.connect(lambda: self.add_row({}))
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.retranslate()

    def add_row(self, item: Mapping[str, Any]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        org = QComboBox()
        org.addItem("—", None)
        for org_id, name in self.organizations:
            org.addItem(name, org_id)
        org.setCurrentIndex(max(0, org.findData(item.get("organization_id"))))
        country = QComboBox()
        country.addItem("", None)
        for code in COUNTRIES:
            country.addItem(code, code)
        if item.get("country") and country.findData(item["country"]) < 0:
            country.addItem(item["country"], item["country"])
        country.setCurrentIndex(max(0, country.findData(item.get("country"))))
        count = QSpinBox()
        count.setRange(1, 100_000)
        count.setValue(int(item.get("count") or 1))
        self.table.setCellWidget(row, 0, org)
        self.table.setCellWidget(row, 1, country)
        self.table.setCellWidget(row, 2, count)

    def _cell(self, row: int, column: int, kind: type[_W]) -> _W:
        """The input ``add_row`` put in this cell (a combo box or a spin box)."""
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, kind)
        return widget

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def load(self, value: list[Mapping[str, Any]] | None) -> None:
        self.table.setRowCount(0)
        for item in value or ():
            self.add_row(item)

    def value(self) -> list[dict[str, Any]]:
        out = []
        for row in range(self.table.rowCount()):
            org = self._cell(row, 0, QComboBox).currentData()
            country = self._cell(row, 1, QComboBox).currentData()
            item: dict[str, Any] = {"count": self._cell(row, 2, QSpinBox).value()}
            if org:
                item["organization_id"] = org
            if country:
                item["country"] = country
            out.append(item)
        return out

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_("Organization"), _("Country"), _("Count")])
        self.add_button.setText(_("Add group"))
        self.remove_button.setText(_("Remove group"))


class WorkspaceRecordDialog(QDialog):
    """Edit one test environment, outcome or activity; ``defaults`` prefill a new one (e.g. its match)."""

    def __init__(self, ctx: Any, table: str, record_id: str | None = None, *,
                 defaults: Mapping[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.table, self.record_id = ctx, table, record_id
        self.setObjectName(f"editor_{table}")
        spec = records.table(table)
        self.saved_id: str | None = None
        self.record: dict[str, Any] = dict(defaults or {})
        if record_id:
            self.record = ctx.call(record_services.get_record, table, record_id)
        editable = [f for f in spec.fields if not f.internal]
        links = tuple(f.name for f in editable if f.kind in (records.REF, records.REFS))
        plain = tuple(f.name for f in editable if f.kind not in (records.REF, records.REFS, records.ITEMS))
        organizations = ctx.call(workspace_views.choices, "organization")
        # References first; typed to find (a region has many records), a long title shows whole as it is typed.
        self.links = RecordForm(table, links, self, find=True)
        for name in links:
            ref = spec.field(name).ref
            self.links.editors[name].set_choices(
                organizations if ref == "organization" else ctx.call(workspace_views.choices, ref))
        self.links.load(self.record)
        self.form = RecordForm(table, plain, self)
        self.form.load(self.record)
        self.partners: QListWidget | None = None
        if "partners" in self.links.editors:
            self.partners = self.links.editors["partners"].widget  # type: ignore[assignment]
        self.participants: ParticipantsTable | None = None
        extra = QFormLayout()
        extra.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in spec.fields:
            if f.kind == records.ITEMS and f.item_shape == "participants":
                self.participants = ParticipantsTable(organizations)
                self.participants.load(self.record.get(f.name))
                extra.addRow(_(f.label), self.participants)
        self.message = WrapLabel()
        self.message.setObjectName("fieldError")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        body = QWidget()
        inner = QVBoxLayout(body)
        if links:
            inner.addWidget(self.links)
        inner.addLayout(extra)
        inner.addWidget(self.form)
        # The references, the participants and the other fields are three forms stacked as one:
        # one label width for all of them, so their fields start on one line.
        labels = [e.label for part in (self.links, self.form) for e in part.editors.values()]
        labels += form_labels(extra)
        one_label_width(labels)
        for label in labels:
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        what = _(spec.label)
        self.setWindowTitle(_("Edit {what}").format(what=what.lower()) if record_id
                            else _("New {what}").format(what=what.lower()))
        fit_to_window(self, 740, 620)   # never taller than a 1024×600 screen (issue #17)

    def values(self) -> dict[str, Any] | None:
        links_valid = self.links.validate()
        if not (self.form.validate() and links_valid):
            return None
        values = {**self.links.values(), **self.form.values()}
        if self.participants is not None:
            values["participants"] = self.participants.value()
        if self.record_id:
            values = {k: v for k, v in values.items() if v != self.record.get(k)
                      and not (v in (None, "", []) and self.record.get(k) in (None, "", []))}
        else:
            values = {k: v for k, v in values.items() if v not in (None, "", [])}
        return values

    def save(self) -> None:
        values = self.values()
        if values is None:
            self.message.setText(_("Check the fields marked in red."))
            return
        try:
            if self.record_id:
                if values:
                    self.ctx.call(record_services.set_record, self.table, self.record_id, values)
                self.saved_id = self.record_id
            else:
                self.saved_id = self.ctx.call(record_services.add_record, self.table, values)
            if values or not self.record_id:
                after = self.ctx.call(record_services.get_record, self.table, self.saved_id)
                # Edit ▸ Undo takes the change back (or removes the new record), as in the other editors.
                undo.record_saved(self.ctx, self.table, self.record if self.record_id else {}, after)
        except CirkularError as exc:
            if not (self.form.show_service_error(exc) or self.links.show_service_error(exc)):
                self.message.setText(exc.message)
            return
        self.accept()
