"""Record forms built from the field descriptions in ``core.records``, with inline validation.

Each field gets the editor its kind calls for (line edit, text box, pick list,
check boxes, municipality pick list filtered by country) and a line under it
that shows what is wrong as the person types, in their language. The form
checks values with the same ``core.records.coerce`` the services use, so what
the form accepts the service accepts too.

Imports: PySide6, core (records, municipalities, orgnumber), errors, i18n, gui.widgets.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QCompleter, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout,
    QWidget,
)

from cirkular_desktop import i18n
from cirkular_desktop.core import municipalities, orgnumber, records
from cirkular_desktop.core.display import human_value
from cirkular_desktop.errors import CirkularError, ValidationError
from cirkular_desktop.gui.widgets import WrapLabel, day_first_as_iso, set_invalid
from cirkular_desktop.i18n import gettext as _


def plain_message(table: str, exc: CirkularError) -> str:
    """The reason without the "table.field: " prefix the CLI needs; the form shows the field already."""
    message = exc.message
    prefix = f"{table}.{exc.field}: " if exc.field else ""
    return message[len(prefix):] if prefix and message.startswith(prefix) else message


def _blank(value: Any) -> Any:
    """Empty text, an empty list and no value all mean "not filled in"."""
    return None if value in (None, "", [], {}) else value


class FieldEditor(QObject):
    """One field: its widget, its label, and the line that shows an error."""

    edited = Signal(str)  # field name

    def __init__(self, table: str, f: records.Field, parent: QWidget) -> None:
        super().__init__(parent)
        self.table, self.field = table, f
        self.label = QLabel()
        self.error = WrapLabel()  # a long message takes a second line instead of being cut off
        self.error.setObjectName("fieldError")
        self.error.hide()
        self.checks: dict[str, QCheckBox] = {}
        self.country: str | None = None
        self.widget = self._make_widget(parent)
        self.widget.setObjectName(f"field_{f.name}")
        self.label.setBuddy(self.widget if not self.checks else next(iter(self.checks.values())))
        self.retranslate()

    def _make_widget(self, parent: QWidget) -> QWidget:
        f = self.field
        if f.kind == records.LONGTEXT:
            w = QPlainTextEdit(parent)
            w.setTabChangesFocus(True)
            w.setFixedHeight(70)
            w.textChanged.connect(lambda: self.edited.emit(f.name))
            return w
        if f.kind in (records.CHOICE, records.LANGUAGE):
            w = QComboBox(parent)
            if not f.required:
                w.addItem("", None)
            for c in f.choices:
                w.addItem(_(c.label), c.value)
            w.currentIndexChanged.connect(lambda _i: self.edited.emit(f.name))
            return w
        if f.kind == records.MULTI:
            box = QWidget(parent)
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            for c in f.choices:
                check = QCheckBox(_(c.label), box)
                check.toggled.connect(lambda _on: self.edited.emit(f.name))
                self.checks[c.value] = check
                row.addWidget(check)
            row.addStretch(1)
            return box
        if f.kind == records.BOOL:
            w = QCheckBox(parent)
            w.toggled.connect(lambda _on: self.edited.emit(f.name))
            return w
        if f.kind == records.MUNICIPALITY:
            w = QComboBox(parent)
            w.setEditable(True)
            w.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = QCompleter(w.model(), w)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            w.setCompleter(completer)
            w.editTextChanged.connect(lambda _t: self.edited.emit(f.name))
            self._fill_municipalities(w, None)
            return w
        if f.kind == records.INDUSTRY:
            # Every NACE class, named in the reader's language; typing "16.10", "sågning" or "saging" finds it.
            from cirkular_desktop.core import industry

            w = QComboBox(parent)
            w.setEditable(True)
            w.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            # Class names are long: the box takes the form's width, not the longest name's.
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(16)
            w.addItem("", None)
            for c in industry.all_classes():
                w.addItem(industry.label(c.code), c.code)
            completer = QCompleter(w.model(), w)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            w.setCompleter(completer)
            w.editTextChanged.connect(lambda _t: self.edited.emit(f.name))
            return w
        w = QLineEdit(parent)
        w.textEdited.connect(lambda _t: self.edited.emit(f.name))
        return w

    def _fill_municipalities(self, w: QComboBox, country: str | None) -> None:
        """The project's region first, then every municipality of the country (or both)."""
        text = w.currentText()
        w.blockSignals(True)
        w.clear()
        w.addItem("", None)
        region = [m for m in municipalities.region_municipalities() if country in (None, m.country)]
        others = [m for m in municipalities.all_municipalities(country) if m not in region]
        for m in region + others:
            suffix = "" if country else f" — {_('Sweden') if m.country == 'SE' else _('Norway')}"
            w.addItem(m.label + suffix, m.key)
        w.setEditText(text)
        w.blockSignals(False)

    def set_country(self, country: str | None) -> None:
        if self.field.kind == records.MUNICIPALITY and country != self.country:
            self.country = country
            self._fill_municipalities(self.widget, country)  # type: ignore[arg-type]
        self.country = country
        if self.field.kind == records.ORGNUMBER:
            self._number_example()

    def _number_example(self) -> None:
        """The example in an empty number field is one of the chosen country's."""
        examples = {"SE": _("e.g. 556036-0793"), "NO": _("e.g. 988 077 917")}
        self.widget.setPlaceholderText(  # type: ignore[attr-defined]
            examples.get(self.country or "", _("e.g. 556036-0793 or 988 077 917")))

    # --- values -------------------------------------------------------------------------------

    def raw(self) -> Any:
        """What the person entered, before checking (text, a choice value, a list or a bool)."""
        w, kind = self.widget, self.field.kind
        if kind == records.LONGTEXT:
            return w.toPlainText()  # type: ignore[attr-defined]
        if kind in (records.CHOICE, records.LANGUAGE):
            return w.currentData()  # type: ignore[attr-defined]
        if kind == records.MULTI:
            return [value for value, check in self.checks.items() if check.isChecked()]
        if kind == records.BOOL:
            return w.isChecked()  # type: ignore[attr-defined]
        if kind == records.MUNICIPALITY:
            combo: QComboBox = w  # type: ignore[assignment]
            index = combo.findText(combo.currentText(), Qt.MatchFlag.MatchFixedString)
            if index > 0:
                return combo.itemData(index)
            return combo.currentText()
        if kind == records.INDUSTRY:
            text = w.currentText().strip()  # type: ignore[attr-defined]
            # A chosen entry reads "16.10 Sawmilling …": the code is its first word.
            return text.split()[0] if text else text
        if kind == records.DATE:
            return day_first_as_iso(w.text())  # type: ignore[attr-defined]
        return w.text()  # type: ignore[attr-defined]

    def set_value(self, value: Any, record: Mapping[str, Any] | None = None) -> None:
        w, kind = self.widget, self.field.kind
        w.blockSignals(True)
        try:
            if kind == records.LONGTEXT:
                w.setPlainText(value or "")  # type: ignore[attr-defined]
            elif kind in (records.CHOICE, records.LANGUAGE):
                w.setCurrentIndex(max(0, w.findData(value)))  # type: ignore[attr-defined]
            elif kind == records.MULTI:
                for key, check in self.checks.items():
                    check.blockSignals(True)
                    check.setChecked(key in (value or []))
                    check.blockSignals(False)
            elif kind == records.BOOL:
                w.setChecked(bool(value))  # type: ignore[attr-defined]
            elif kind == records.MUNICIPALITY:
                found = municipalities.get(value) if value else None
                w.setEditText(found.label if found else (value or ""))  # type: ignore[attr-defined]
            elif kind == records.INDUSTRY:
                from cirkular_desktop.core import industry

                w.setEditText(industry.label(value) if value else "")  # type: ignore[attr-defined]
            elif kind == records.ORGNUMBER:
                country = (record or {}).get("country") or ""
                w.setText(orgnumber.format_number(country, value) if value else "")  # type: ignore[attr-defined]
            elif kind == records.DECIMAL:
                w.setText(human_value(self.field, value) if value is not None else "")  # type: ignore[attr-defined]
            else:
                w.setText("" if value is None else str(value))  # type: ignore[attr-defined]
        finally:
            w.blockSignals(False)
        self.show_error(None)

    def set_raw(self, raw: Any) -> None:
        """Put back what a person had entered (a draft), without checking it."""
        w, kind = self.widget, self.field.kind
        if kind in (records.CHOICE, records.LANGUAGE):
            w.setCurrentIndex(max(0, w.findData(raw)))  # type: ignore[attr-defined]
        elif kind == records.MULTI:
            for key, check in self.checks.items():
                check.setChecked(key in (raw or []))
        elif kind == records.BOOL:
            w.setChecked(bool(raw))  # type: ignore[attr-defined]
        elif kind == records.MUNICIPALITY:
            found = municipalities.get(raw) if raw else None
            w.setEditText(found.label if found else (raw or ""))  # type: ignore[attr-defined]
        elif kind == records.INDUSTRY:
            w.setEditText(raw or "")  # type: ignore[attr-defined]
        elif kind == records.LONGTEXT:
            w.setPlainText(raw or "")  # type: ignore[attr-defined]
        else:
            w.setText(raw or "")  # type: ignore[attr-defined]

    def check(self, context: Mapping[str, Any]) -> tuple[Any, str | None]:
        """(canonical value, None) or (None, the reason in the user's language)."""
        raw = self.raw()
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
            return None, plain_message(self.table, exc)

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        set_invalid(self.widget, bool(message))

    def retranslate(self) -> None:
        required = " *" if self.field.required else ""
        self.label.setText(_(self.field.label) + required)
        if self.field.help:
            self.widget.setToolTip(_(self.field.help))
        w = self.widget
        if isinstance(w, QComboBox) and self.field.kind in (records.CHOICE, records.LANGUAGE):
            offset = 0 if self.field.required else 1
            for i, c in enumerate(self.field.choices):
                w.setItemText(i + offset, _(c.label))
        for c in self.field.choices:
            if c.value in self.checks:
                self.checks[c.value].setText(_(c.label))
        if self.field.kind == records.ORGNUMBER:
            self._number_example()


class RecordForm(QWidget):
    """A form for some fields of one table; ``values()`` gives only checked, canonical values."""

    edited = Signal()
    validity_changed = Signal(bool)

    def __init__(self, table: str, field_names: tuple[str, ...], parent: QWidget | None = None,
                 columns: int = 1) -> None:
        super().__init__(parent)
        self.table = table
        spec = records.table(table)
        self.editors: dict[str, FieldEditor] = {}
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(24)
        forms = []
        for _i in range(columns):
            form = QFormLayout()
            form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setVerticalSpacing(6)
            outer.addLayout(form, 1)
            forms.append(form)
        per_column = -(-len(field_names) // columns)
        for i, name in enumerate(field_names):
            editor = FieldEditor(table, spec.field(name), self)
            editor.edited.connect(self._edited)
            cell = QWidget(self)
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(editor.widget)
            box.addWidget(editor.error)
            forms[min(i // per_column, columns - 1)].addRow(editor.label, cell)
            self.editors[name] = editor
        self.record: dict[str, Any] = {}
        self.errors: dict[str, str] = {}
        self.validator: Callable[[dict[str, Any]], dict[str, str]] | None = None

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
            country = self.editors["country"].raw()
            for editor in self.editors.values():
                editor.set_country(country)
        self.validate(only=name)
        self.edited.emit()

    def context(self) -> dict[str, Any]:
        ctx = dict(self.record)
        if "country" in self.editors:
            ctx["country"] = self.editors["country"].raw()
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
            if only is not None and error and name != only and not editor.raw():
                error = None
            editor.show_error(error)
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
        return {name: editor.raw() for name, editor in self.editors.items()}

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
        editor.show_error(plain_message(self.table, exc))
        self.errors[editor.field.name] = editor.error.text()
        self.validity_changed.emit(False)
        editor.widget.setFocus()
        return True

    def retranslate(self) -> None:
        for editor in self.editors.values():
            editor.retranslate()
        # An error on screen is said again in the new language (one from the service, which the
        # form cannot check itself, such as a duplicate number, stays as it was).
        ctx = self.context()
        for name in list(self.errors):
            _value, error = self.editors[name].check(ctx)
            if error:
                self.editors[name].show_error(error)
                self.errors[name] = error
