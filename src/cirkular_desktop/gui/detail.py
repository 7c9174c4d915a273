"""The detail pane beside a list: every filled-in field of the selected record, read-only, in the user's language.

Streams, needs and ideas open in their editor with "Edit…" (as with a
double-click on the row); visits and matches are edited where they are made
(the visit, matchmaking). From here a person also jumps to the organization
or the visit.

Imports: PySide6, core (records, fields, display, units), errors, i18n, services.records, gui.widgets.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from cirkular_desktop import i18n
from cirkular_desktop.core import fields, records, units
from cirkular_desktop.core.display import human_value
from cirkular_desktop.errors import NotFoundError
from cirkular_desktop.gui.widgets import heading_label
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import browse
from cirkular_desktop.services import records as record_services


class RecordDetail(QWidget):
    """Shows one record; offers to open its organization or visit."""

    open_requested = Signal(str, str)   # table, id

    def __init__(self, ctx: Any, table: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = table
        self.record: dict[str, Any] | None = None
        self.setObjectName(f"detail_{table}")
        self.setMinimumWidth(220)
        self.title = heading_label(name="subheading")
        self.title.setWordWrap(True)
        self.form_host = QWidget()
        self.form = QVBoxLayout(self.form_host)
        self.form.setContentsMargins(0, 4, 8, 4)
        self.form.setSpacing(2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Captions and values wrap to the pane's width; it never scrolls sideways.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form_host)
        self.org_button = QPushButton()
        self.org_button.clicked.connect(lambda: self._open("organization", "organization_id"))
        self.visit_button = QPushButton()
        self.visit_button.clicked.connect(self._open_visit)
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("detailEditButton")
        self.edit_button.clicked.connect(lambda: self.record and self.open_requested.emit(self.table, self.record["id"]))
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.org_button)
        buttons.addWidget(self.visit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 12, 0)
        layout.addWidget(self.title)
        layout.addLayout(buttons)
        layout.addWidget(scroll, 1)
        self.retranslate()

    def show_record(self, record_id: str | None) -> None:
        self.record = None
        if record_id:
            try:
                self.record = record_services.get_record(self.ctx.app, self.table, record_id)
            except NotFoundError:
                self.record = None
        self._fill()

    def _fill(self) -> None:
        while self.form.count():
            item = self.form.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        record = self.record
        has_org = bool(record and record.get("organization_id"))
        self.org_button.setVisible(has_org)
        self.edit_button.setVisible(bool(record) and self.table in ("stream", "need", "idea"))
        self.visit_button.setVisible(bool(record and (self.table == "visit" or record.get("visit_id"))))
        if record is None:
            self.title.setText(_("Select a row to see its details."))
            return
        spec = records.table(self.table)
        if self.table == "visit":
            heading = browse.visit_heading(self.ctx.app, record["id"])
            self.title.setText(_("Visit at {organization}, {date}").format(
                organization=heading["organization"], date=human_value(spec.field("date"), record["date"])))
        else:
            self.title.setText(record_services.display_title(self.table, record))
        for f in spec.fields:
            if f.internal or f.kind == fields.REF or f.name == spec.title_field:
                continue
            if _qualifies_nothing(spec, f.name, record):
                continue
            text = human_value(f, record.get(f.name))
            if not text:
                continue
            self._add_row(_(f.label), text)
        if self.table in ("stream", "need"):
            tonnes = units.tonnes_per_year(record)
            if tonnes is not None:
                self._add_row(_("Tonnes per year"), i18n.format_decimal(tonnes, max_fraction=2))
        self.form.addStretch(1)

    def _add_row(self, caption: str, text: str) -> None:
        label = QLabel(caption)
        label.setObjectName("fieldCaption")
        label.setWordWrap(True)
        value = QLabel(text)
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        value.setContentsMargins(0, 0, 0, 6)
        self.form.addWidget(label)
        self.form.addWidget(value)

    def _open(self, table: str, key: str) -> None:
        if self.record and self.record.get(key):
            self.open_requested.emit(table, self.record[key])

    def _open_visit(self) -> None:
        if self.record is None:
            return
        if self.table == "visit":
            self.open_requested.emit("visit", self.record["id"])
        elif self.record.get("visit_id"):
            self.open_requested.emit("visit", self.record["visit_id"])

    def retranslate(self) -> None:
        self.org_button.setText(_("Open organization"))
        self.visit_button.setText(_("Open visit"))
        self.edit_button.setText(_("Edit…"))
        self.edit_button.setToolTip(_("Edit this record (Enter or double-click on its row)"))
        self._fill()


def _qualifies_nothing(spec: Any, name: str, record: dict[str, Any]) -> bool:
    """A unit, basis, currency or "is an estimate" whose amount is empty ("Cost basis: per year" with no
    cost) says nothing."""
    if name in ("unit", "basis", "estimated"):
        qualified = "quantity"
    elif name.endswith(("_currency", "_basis")):
        qualified = name.rsplit("_", 1)[0]
    else:
        return False
    return qualified in {f.name for f in spec.fields} and record.get(qualified) in (None, "")
