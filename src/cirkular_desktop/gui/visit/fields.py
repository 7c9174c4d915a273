"""Editors for record fields, built from their description in ``core.records``.

One small widget per field kind, each with the same face: ``value()`` gives
what the person entered (text as typed, for the services to read with
``from_text=True``), ``set_value()`` shows a stored value without counting as
an edit, ``changed`` fires on every edit, and ``set_error()`` shows a
validation message right under the field instead of in a dialog.

Imports: PySide6, core (records, units, display), i18n, gui.widgets.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCalendarWidget, QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QMenu, QPlainTextEdit, QPushButton,
    QVBoxLayout, QWidget, QWidgetAction,
)

from cirkular_desktop import i18n
from cirkular_desktop.core import records, units
from cirkular_desktop.gui.widgets import WrapLabel, date_example, date_text, day_first_as_iso, describe, set_kind
from cirkular_desktop.i18n import gettext as _

def error_label() -> QLabel:
    label = QLabel()
    set_kind(label, "field_error")
    label.setWordWrap(True)
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


class DateLine(QWidget):
    """A date shown as the locale writes it (as the lists do: nb 01.09.2025), typed that way, as YYYY-MM-DD
    or day first (1.9.2025), or picked from a calendar; ``text()`` gives YYYY-MM-DD; empty means no date."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.line = QLineEdit()
        self.line.setPlaceholderText(date_example())
        self.line.setMaximumWidth(140)
        self.line.textEdited.connect(lambda _text: self.edited.emit())
        self.line.editingFinished.connect(self._tidy)
        # A push button with a menu keeps room for its arrow; a tool button draws it over a longer text.
        self.button = QPushButton(_("Calendar…"))
        self.button.setToolTip(_("Pick the date from a calendar"))
        menu = QMenu(self.button)
        menu.aboutToShow.connect(self._prepare_calendar)
        self._menu = menu
        # The calendar is made when first opened: a visit screen has a dozen date fields.
        self.calendar: QCalendarWidget | None = None
        self.button.setMenu(menu)
        layout.addWidget(self.line)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.setFocusProxy(self.line)

    def _prepare_calendar(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget()
            action = QWidgetAction(self._menu)
            action.setDefaultWidget(self.calendar)
            self._menu.addAction(action)
            self.calendar.clicked.connect(self._picked)
        try:
            shown = _dt.date.fromisoformat(self.text().strip())
        except ValueError:
            shown = _dt.date.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))

    def _picked(self, date: QDate) -> None:
        self.line.setText(date_text(_dt.date(date.year(), date.month(), date.day()).isoformat()))
        self._menu.close()
        self.edited.emit()

    def text(self) -> str:
        """The date as typed, or as YYYY-MM-DD when it was written day first (1.9.2025, 01/09/2025)."""
        return day_first_as_iso(self.line.text())

    def _tidy(self) -> None:
        # Once the person leaves the field, a date they typed another way is shown in the locale's form.
        shown = date_text(day_first_as_iso(self.line.text()))
        if shown != self.line.text():
            self.line.setText(shown)

    def setText(self, text: str) -> None:  # noqa: N802 - mirrors QLineEdit
        """Show a stored date (YYYY-MM-DD) in the locale's form."""
        self.line.setText(date_text(text))


class FieldEditor(QWidget):
    """One field of a record: the editor and, under it, its validation message."""

    changed = Signal()

    def __init__(self, table: str, field_name: str, parent: QWidget | None = None, *,
                 choices: list[tuple[str, str]] | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.field = records.table(table).field(field_name)
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.editor = self._make_editor(choices)
        self.editor.setObjectName(f"{table}.{field_name}")
        # Read aloud as "Quantity" with what to enter, or which record it belongs to.
        kind = _(records.table(table).label)
        about = _(self.field.help) if self.field.help else kind
        if self.field.required:
            about = _("{description} (required)").format(description=about)
        target = self.editor.line if isinstance(self.editor, DateLine) else self.editor
        describe(target, _(self.field.label), about)
        layout.addWidget(self.editor)
        self.error = error_label()
        layout.addWidget(self.error)
        self.setFocusProxy(self.editor)

    # --- building ---------------------------------------------------------------------------------

    def _make_editor(self, choices: list[tuple[str, str]] | None) -> QWidget:
        kind = self.field.kind
        if kind == records.LONGTEXT:
            editor = QPlainTextEdit()
            editor.setTabChangesFocus(True)
            editor.setFixedHeight(editor.fontMetrics().lineSpacing() * 4 + 14)
            editor.textChanged.connect(self._edited)
            return editor
        if kind == records.BOOL:
            editor = QCheckBox(_(self.field.label))
            editor.toggled.connect(self._edited)
            return editor
        if kind in (records.CHOICE, records.LANGUAGE, records.CURRENCY, records.UNIT, records.REF):
            editor = QComboBox()
            editor.addItem("—", None)
            for value, label in choices if choices is not None else self._choices():
                editor.addItem(label, value)
            editor.currentIndexChanged.connect(self._edited)
            return editor
        if kind == records.DATE:
            editor = DateLine()
            editor.edited.connect(self._edited)
            return editor
        editor = QLineEdit()
        if kind in (records.DECIMAL, records.INT):
            editor.setAlignment(Qt.AlignmentFlag.AlignRight)
            editor.setMaximumWidth(160)
        if kind == records.TAGS:
            editor.setPlaceholderText(_("Separate names with commas"))
        editor.textEdited.connect(self._edited)
        return editor

    def _choices(self) -> list[tuple[str, str]]:
        if self.field.kind == records.CURRENCY:
            return [(c.value, _(c.label)) for c in records.CURRENCIES]
        if self.field.kind == records.UNIT:
            return [(u.code, u.display()) for u in units.UNITS]
        return [(c.value, _(c.label)) for c in self.field.choices]

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        """Replace a pick list (e.g. the streams an idea can be about), keeping the choice."""
        assert isinstance(self.editor, QComboBox)
        current = self.value()
        self._loading = True
        try:
            self.editor.clear()
            self.editor.addItem("—", None)
            for value, label in choices:
                self.editor.addItem(label, value)
            index = self.editor.findData(current)
            self.editor.setCurrentIndex(max(index, 0))
        finally:
            self._loading = False

    # --- values -------------------------------------------------------------------------------------

    def _edited(self, *_args: Any) -> None:
        if not self._loading:
            self.changed.emit()

    def value(self) -> Any:
        e = self.editor
        if isinstance(e, QPlainTextEdit):
            return e.toPlainText()
        if isinstance(e, QCheckBox):
            return e.isChecked()
        if isinstance(e, QComboBox):
            return e.currentData()
        return e.text()

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            e, kind = self.editor, self.field.kind
            if isinstance(e, QPlainTextEdit):
                if e.toPlainText() != (value or ""):
                    e.setPlainText(value or "")
            elif isinstance(e, QCheckBox):
                e.setChecked(bool(value))
            elif isinstance(e, QComboBox):
                index = e.findData(value)
                if index < 0 and value is not None:
                    e.addItem(str(value), value)  # a value from a newer list stays visible
                    index = e.count() - 1
                e.setCurrentIndex(max(index, 0))
            elif kind in (records.DECIMAL, records.INT):
                e.setText("" if value is None else i18n.format_decimal(Decimal(str(value)), max_fraction=6)
                          .replace("\u00a0", " ").replace("\u202f", " "))
            elif kind == records.TAGS:
                e.setText(", ".join(value or []))
            else:
                e.setText("" if value is None else str(value))
        finally:
            self._loading = False

    def set_error(self, message: str | None) -> None:
        self.error.setText(short_error(message) if message else "")
        self.error.setVisible(bool(message))

    def set_read_only(self, read_only: bool) -> None:
        e = self.editor
        if isinstance(e, (QLineEdit, QPlainTextEdit)):
            e.setReadOnly(read_only)
        elif isinstance(e, DateLine):
            e.line.setReadOnly(read_only)
            e.button.setEnabled(not read_only)
        else:
            e.setEnabled(not read_only)
