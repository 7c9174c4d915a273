"""The one field editor of the GUI: a record field's input, label, inline error and accessible name.

Every editor of records (organization, contact, visit details, stream, need,
idea, test environment, outcome, activity) builds its fields with
``FieldEditor(table, name)``; the input comes from ``gui.fields.kinds`` by
the field's kind. A field editor is a widget holding the input with its error
line under it, plus a ``label`` for the form row (with " *" when required).

``value()`` gives what the person entered (text as typed, for the services
to read with ``from_text=True``), ``check()`` reads it with the same
``core.records.coerce`` the services use, ``set_value()`` shows a stored
value without counting as an edit, ``edited(name)`` fires on every edit and
``set_error()`` shows a message under the field, in the person's language,
and marks it red.

Imports: PySide6, core.records, errors, i18n, gui.widgets, gui.fields.*.
"""

from __future__ import annotations

from typing import Any, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from cirkular_desktop import i18n
from cirkular_desktop.core import records
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.gui.fields.date import DateLine
from cirkular_desktop.gui.fields.kinds import Options, editor_class
from cirkular_desktop.gui.widgets import WrapLabel, describe, set_invalid, set_kind
from cirkular_desktop.i18n import gettext as _

__all__ = ["DateLine", "FieldEditor", "error_label", "help_label", "short_error"]


def error_label() -> QLabel:
    """The line under an input that says what is wrong; a long message takes a second line."""
    label = WrapLabel()
    set_kind(label, "field_error")
    label.setVisible(False)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def help_label(text: str) -> QLabel:
    label = WrapLabel(text)   # claims the lines it needs at the width the form gives it
    set_kind(label, "muted")
    small = QFont(label.font())
    small.setPointSizeF(max(7.0, small.pointSizeF() * 0.9))
    label.setFont(small)
    return label


def short_error(message: str) -> str:
    """The reason part of "stream.quantity: “x” is not a number": the field is already next to it."""
    head, sep, rest = message.partition(": ")
    if sep and " " not in head and "." in head:
        return rest[:1].upper() + rest[1:]
    return message


class FieldEditor(QWidget):
    """One field of a record: its input and, under it, its validation message."""

    edited = Signal(str)  # the field's name

    def __init__(self, table: str, field_name: str, parent: QWidget | None = None, *,
                 choices: Options | None = None, find: bool = False) -> None:
        super().__init__(parent)
        self.table = table
        self.field = records.table(table).field(field_name)
        self._loading = False
        self._row_label: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.kind = editor_class(self.field.kind)(self.field, self._edited, self, choices=choices, find=find)
        self.widget = self.kind.widget
        self.widget.setObjectName(f"field_{field_name}")
        layout.addWidget(self.widget)
        self.error = error_label()
        layout.addWidget(self.error)
        # The form row's label (``add_row`` shows it); a check box says its name itself.
        self.label = QLabel(self)
        self.label.hide()
        self.label.setBuddy(self.kind.inputs()[0] if self.kind.inputs() else self.widget)
        self.setFocusProxy(self.kind.inputs()[0] if self.kind.inputs() else self.widget)
        self.retranslate()

    def add_row(self, form: QFormLayout, label: str | None = None) -> None:
        """Put the field in a form: its label (or ``label``) on the left, the input and its error on the right."""
        self._row_label = label
        if label is not None:
            self.label.setText(label)
        form.addRow(self.label, self)
        self.label.show()

    # --- values -------------------------------------------------------------------------------

    def _edited(self) -> None:
        if not self._loading:
            self.edited.emit(self.field.name)

    def value(self) -> Any:
        """What the person entered, before checking (text as typed, a choice's value, a list or a bool)."""
        return self.kind.value()

    def set_value(self, value: Any, record: Mapping[str, Any] | None = None) -> None:
        """Show a stored value (``record`` gives what the display depends on, such as the country)."""
        self._loading = True
        try:
            self.kind.show(value, record)
        finally:
            self._loading = False

    def set_raw(self, raw: Any) -> None:
        """Put back what a person had entered (a draft), without checking it; counts as an edit."""
        self.kind.set_raw(raw)

    def check(self, context: Mapping[str, Any]) -> tuple[Any, str | None]:
        """(canonical value, None) or (None, the reason in the user's language)."""
        raw = self.value()
        if isinstance(raw, str) and not raw.strip():
            raw = None
        if self.field.kind == records.DECIMAL and isinstance(raw, str):
            try:
                raw = str(i18n.parse_decimal(raw))
            except ValueError:
                return None, _("“{value}” is not a number").format(value=raw)
        try:
            return records.coerce(self.table, self.field.name, raw, from_text=True, context=context), None
        except ValidationError as exc:
            return None, short_error(exc.message)

    def set_error(self, message: str | None) -> None:
        self.error.setText(short_error(message) if message else "")
        self.error.setVisible(bool(message))
        set_invalid(self.widget, bool(message))

    # --- what the editor around it decides ------------------------------------------------------

    def set_choices(self, choices: Options) -> None:
        """Replace a pick list (e.g. the streams an idea can be about), keeping the choice."""
        self._loading = True
        try:
            self.kind.set_choices(choices)
        finally:
            self._loading = False

    def set_country(self, country: str | None) -> None:
        """The organization's country: which municipalities to offer, which number example to show."""
        self.kind.set_country(country)

    def set_read_only(self, read_only: bool) -> None:
        self.kind.set_read_only(read_only)

    def retranslate(self) -> None:
        f = self.field
        is_check = f.kind == records.BOOL
        self.label.setText(self._row_label if self._row_label is not None else
                           "" if is_check else _(f.label) + (" *" if f.required else ""))
        self._loading = True
        try:
            self.kind.retranslate()
        finally:
            self._loading = False
        if f.help:
            self.widget.setToolTip(_(f.help))
        # For screen readers: the field's name, and what to enter or which record it belongs to.
        about = _(f.help) if f.help else _(records.table(self.table).label)
        if f.required:
            about = _("{description} (required)").format(description=about)
        inputs = self.kind.inputs()
        if len(inputs) == 1:
            describe(inputs[0], _(f.label), about)
        else:   # one check box per choice: named by its choice, described by the field
            for widget in inputs:
                describe(widget, widget.text() if hasattr(widget, "text") else _(f.label), _(f.label))
