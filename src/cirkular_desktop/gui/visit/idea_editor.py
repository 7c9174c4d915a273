"""The editor of a reuse idea noted during a visit, saved as you type.

An idea may be about one of the visit's residual streams or needs, or about
the organization as a whole. Like the stream editor it is created by the first
save with a title and then saved on a ~400 ms debounce, with refused values
shown under their fields.

Imports: PySide6, services (records, visits), errors, i18n, gui (context, fields, widgets), gui.visit.*.
"""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from cirkular_desktop.gui.context import GuiContext
from cirkular_desktop.gui.fields import FieldEditor
from cirkular_desktop.gui.visit.autosave import Debouncer
from cirkular_desktop.gui.visit.stream_editor import flush_item
from cirkular_desktop.gui.widgets import even_label_column, title_label
from cirkular_desktop.i18n import gettext as _

FIELDS = ("title", "description", "stream_id", "need_id", "hierarchy", "proposed_by", "status")


class IdeaEditor(QScrollArea):
    """Edit one idea of a visit; every change is saved within about a second."""

    saved = Signal(str)
    table = "idea"

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.visit_id: str | None = None
        self.record_id: str | None = None
        self.record: dict[str, Any] = {}
        self.pending: dict[str, Any] = {}
        self.autosave = Debouncer(self.flush, parent=self)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 16)
        self.heading = title_label()
        layout.addWidget(self.heading)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)   # labels above fields in a narrow pane
        self.fields: dict[str, FieldEditor] = {}
        for name in FIELDS:
            editor = FieldEditor("idea", name, choices=[] if name in ("stream_id", "need_id") else None)
            editor.edited.connect(self._edited)
            self.fields[name] = editor
            editor.add_row(form)
        title = self.fields["title"].widget
        assert isinstance(title, QLineEdit)  # a text field's editor is a line
        title.setPlaceholderText(_("e.g. “Offcuts to the school's woodwork classes”"))
        self.fields["description"].widget.setFixedHeight(self.fontMetrics().lineSpacing() * 7 + 14)
        layout.addLayout(form)
        even_label_column(form)
        layout.addStretch(1)
        body.setMaximumWidth(900)
        self.setWidget(body)

    def load(self, record: dict[str, Any] | None, visit_id: str | None, *, streams: Sequence[dict[str, Any]] = (),
             needs: Sequence[dict[str, Any]] = (), **_ignored: Any) -> None:
        self.flush()
        self.visit_id = visit_id
        self.record = dict(record or {})
        self.record_id = self.record.get("id")
        self.pending = {}
        self.set_links(list(streams), list(needs))
        for name, editor in self.fields.items():
            editor.set_value(self.record.get(name, editor.field.default if self.record_id is None else None))
            editor.set_error(None)
        self._update_heading()

    def set_links(self, streams: list[dict], needs: list[dict]) -> None:
        self.fields["stream_id"].set_choices([(s["id"], s["title"]) for s in streams])
        self.fields["need_id"].set_choices([(n["id"], n["title"]) for n in needs])

    def _update_heading(self) -> None:
        title = self.fields["title"].value()
        self.heading.setText(title if self.record_id and title else _("New idea") if not self.record_id else title)

    def _edited(self, name: str) -> None:
        self.pending[name] = self.fields[name].value()
        self.fields[name].set_error(None)
        if name == "title":
            self._update_heading()
        self.autosave.poke()

    def _show_error(self, name: str, message: str) -> None:
        self.fields.get(name, self.fields["title"]).set_error(message)

    def flush(self) -> None:
        if flush_item(self, "idea", _("Give a title; the idea is saved as soon as it has one.")) is None:
            return
        self._update_heading()
        self.saved.emit(self.record_id)
