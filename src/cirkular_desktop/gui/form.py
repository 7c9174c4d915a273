"""Record forms that are saved with a button (organization, contact, test environment, outcome, activity).

The fields are ``gui.fields.FieldEditor``s, the same ones the visit's
editors use; the form lays them out in one or two columns, checks them as
the person types (with the same ``core.records.coerce`` the services use, so
what the form accepts the service accepts too) and hands back canonical
values, changed ones, or a draft as typed.

Imports: PySide6, core.records, errors, gui (fields, widgets).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWidget

from cirkular_desktop.core import records
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui.fields import FieldEditor, short_error
from cirkular_desktop.gui.widgets import ReflowBox, one_label_width


def _blank(value: Any) -> Any:
    """Empty text, an empty list and no value all mean "not filled in"."""
    return None if value in (None, "", [], {}) else value


class RecordForm(QWidget):
    """A form for some fields of one table; ``values()`` gives only checked, canonical values."""

    edited = Signal()
    validity_changed = Signal(bool)

    def __init__(self, table: str, field_names: tuple[str, ...], parent: QWidget | None = None,
                 columns: int = 1, *, find: bool = False) -> None:
        super().__init__(parent)
        self.table = table
        spec = records.table(table)
        self.editors: dict[str, FieldEditor] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # Two columns where the screen is wide enough, one under the other on a small one.
        self.columns = ReflowBox(self)
        outer.addWidget(self.columns)
        self.forms: list[QFormLayout] = []
        for _i in range(columns):
            form = QFormLayout(self.columns.add(QWidget(self.columns)))
            form.setContentsMargins(0, 0, 0, 0)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setVerticalSpacing(6)
            self.forms.append(form)
        forms = self.forms
        per_column = -(-len(field_names) // columns)
        for i, name in enumerate(field_names):
            spec.field(name)  # an unknown name is refused here, in one line
            editor = FieldEditor(table, name, self, find=find)
            editor.edited.connect(self._edited)
            editor.add_row(forms[min(i // per_column, columns - 1)])
            self.editors[name] = editor
        self._even_labels()
        self.record: dict[str, Any] = {}
        self.errors: dict[str, str] = {}
        self.validator: Callable[[dict[str, Any]], dict[str, str]] | None = None

    def _even_labels(self) -> None:
        """One label width for all columns, so stacked columns line up as one form."""
        one_label_width([e.label for e in self.editors.values()])

    def load(self, record: Mapping[str, Any]) -> None:
        self.record = dict(record)
        country = record.get("country")
        for editor in self.editors.values():
            editor.set_country(country)
        for name, editor in self.editors.items():
            editor.set_value(record.get(name), record)
        self.errors = {}
        self.validity_changed.emit(True)

    def _edited(self, name: str) -> None:
        if name == "country" and "country" in self.editors:
            country = self.editors["country"].value()
            for editor in self.editors.values():
                editor.set_country(country)
        self.validate(only=name)
        self.edited.emit()

    def context(self) -> dict[str, Any]:
        ctx = dict(self.record)
        if "country" in self.editors:
            ctx["country"] = self.editors["country"].value()
        return ctx

    def validate(self, only: str | None = None) -> bool:
        """Check fields and show each one's error under it; True when all are fine.

        While typing (``only``) a field that depends on the country is checked again too.
        """
        ctx = self.context()
        names = list(self.editors)
        if only is not None:
            names = [only] + (["org_number", "municipality"] if only == "country" else [])
        for name in names:
            editor = self.editors.get(name)
            if editor is None:
                continue
            _value, error = editor.check(ctx)
            if only is not None and error and name != only and not editor.value():
                error = None
            editor.set_error(error)
            if error:
                self.errors[name] = error
            else:
                self.errors.pop(name, None)
        self.validity_changed.emit(not self.errors)
        return not self.errors

    def values(self, changed_only: bool = False) -> dict[str, Any]:
        """Canonical values of every field (raises nothing: call ``validate`` first)."""
        ctx = self.context()
        out: dict[str, Any] = {}
        for name, editor in self.editors.items():
            value, error = editor.check(ctx)
            if error:
                continue
            if changed_only and _blank(value) == _blank(self.record.get(name)):
                continue
            out[name] = value
        return out

    def raw_values(self) -> dict[str, Any]:
        """Everything as entered, checked or not: a draft that can be put back with ``set_raw_values``."""
        return {name: editor.value() for name, editor in self.editors.items()}

    def set_raw_values(self, values: Mapping[str, Any]) -> None:
        if "country" in values and "country" in self.editors:
            self.editors["country"].set_raw(values["country"])
        for name, raw in values.items():
            if name in self.editors and name != "country":
                self.editors[name].set_raw(raw)
        self.validate()

    def first_error_widget(self) -> QWidget | None:
        for name in self.editors:
            if name in self.errors:
                return self.editors[name].widget
        return None

    def show_service_error(self, exc: CirkularError) -> bool:
        """Put an error from the service under its field; False if the field isn't on this form."""
        editor = self.editors.get(exc.field or "")
        if editor is None:
            return False
        editor.set_error(exc.message)
        self.errors[editor.field.name] = editor.error.text()
        self.validity_changed.emit(False)
        editor.widget.setFocus()
        return True

    def retranslate(self) -> None:
        for editor in self.editors.values():
            editor.retranslate()
        self._even_labels()
        # An error on screen is said again in the new language (one from the service, which the
        # form cannot check itself, such as a duplicate number, stays as it was).
        ctx = self.context()
        for name in list(self.errors):
            _value, error = self.editors[name].check(ctx)
            if error:
                self.editors[name].set_error(error)
                self.errors[name] = error
