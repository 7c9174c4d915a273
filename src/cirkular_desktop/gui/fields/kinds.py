"""How each kind of field is edited: the input widget of a field kind, and how it reads and shows a value.

``EDITORS`` maps every field kind of ``core.fields`` to its editor class;
``EDITED_ELSEWHERE`` names the few kinds that have a richer editor of their
own and says where it is. ``gui.fields.FieldEditor`` is the only user: it
wraps one of these with the label, the error line and the accessible names.

A kind editor hands back what the person entered as text for the services to
read with ``from_text=True`` (``value``), shows a stored value (``show``) or
a draft as typed (``set_raw``), and reports every edit through ``edited``.

Imports: PySide6, core (records, municipalities, orgnumber, units, industry), i18n, gui.widgets, gui.fields.date.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QCompleter, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QWidget,
)

from cirkular_desktop import i18n
from cirkular_desktop.core import municipalities, orgnumber, records, units
from cirkular_desktop.gui.fields.date import DateLine
from cirkular_desktop.i18n import gettext as _

Options = list[tuple[str, str]]


def _language() -> tuple[str, bool]:
    return i18n.get_language(), i18n.pseudo_enabled()


class KindEditor:
    """The input of one field; subclasses build it for their kind."""

    def __init__(self, field: records.Field, edited: Callable[[], None], parent: QWidget, *,
                 choices: Options | None = None, find: bool = False) -> None:
        self.field, self.edited = field, edited
        self.given, self.find = choices, find
        self.widget: QWidget = self.build(parent)
        self.labelled_in = _language()

    def language_changed(self) -> bool:
        """Whether the language changed since the texts were set (a long list is relabelled only then)."""
        now = _language()
        changed, self.labelled_in = now != self.labelled_in, now
        return changed

    def build(self, parent: QWidget) -> QWidget:
        raise NotImplementedError

    def inputs(self) -> list[QWidget]:
        """The widgets a person types or clicks in (named for screen readers); the first takes the focus."""
        return [self.widget]

    def value(self) -> Any:
        raise NotImplementedError

    def show(self, value: Any, record: Mapping[str, Any] | None) -> None:
        """Show a stored value (a language switch or a reload calls it again)."""
        raise NotImplementedError

    def set_raw(self, raw: Any) -> None:
        """Put back what a person had typed (a draft), as ``value()`` gave it."""
        self.show(raw, None)

    def retranslate(self) -> None:
        pass

    def set_country(self, country: str | None) -> None:
        pass

    def set_choices(self, choices: Options) -> None:
        raise TypeError(f"{self.field.name}: a {self.field.kind} field has no pick list")

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setEnabled(not read_only)


class TextEditor(KindEditor):
    """One line: text, e-mail, phone, web address, codes typed by hand."""

    widget: QLineEdit

    def build(self, parent: QWidget) -> QLineEdit:
        line = QLineEdit(parent)
        line.textEdited.connect(lambda _t: self.edited())
        return line

    def value(self) -> Any:
        return self.widget.text()

    def show(self, value: Any, record: Mapping[str, Any] | None) -> None:
        self.widget.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setReadOnly(read_only)


class NumberEditor(TextEditor):
    """A number, right-aligned and shown as the language writes it (``1 250,5``)."""

    def build(self, parent: QWidget) -> QLineEdit:
        line = super().build(parent)
        line.setAlignment(Qt.AlignmentFlag.AlignRight)
        line.setMaximumWidth(160)
        return line

    def show(self, value: Any, record: Mapping[str, Any] | None) -> None:
        if value in (None, "") or self.field.kind == records.INT:   # a year is 2026, not 2 026
            self.widget.setText("" if value in (None, "") else str(value))
            return
        # Plain spaces as digit groups: what a person would type, and what parse_decimal reads back.
        self.widget.setText(i18n.format_decimal(Decimal(str(value)), max_fraction=6)
                            .replace("\u00a0", " ").replace("\u202f", " "))

    def set_raw(self, raw: Any) -> None:
        self.widget.setText("" if raw is None else str(raw))


class TagsEditor(TextEditor):
    """Free names separated by commas (the visitors of a visit)."""

    def retranslate(self) -> None:
        self.widget.setPlaceholderText(_("Separate names with commas"))

    def show(self, value: Any, record: Mapping[str, Any] | None) -> None:
        self.widget.setText(", ".join(value) if isinstance(value, (list, tuple)) else (value or ""))


class OrgNumberEditor(TextEditor):
    """An organization number, written the way its country writes it; the example follows the country."""

    country: str | None = None

    def show(self, value: Any, record: Mapping[str, Any] | None) -> None:
        country = (record or {}).get("country") or self.country or ""
        self.widget.setText(orgnumber.format_number(country, value) if value else "")

    def set_raw(self, raw: Any) -> None:
        self.widget.setText(raw or "")

    def set_country(self, country: str | None) -> None:
        self.country = country
        self.retranslate()

    def retranslate(self) -> None:
        examples = {"SE": _("e.g. 556036-0793"), "NO": _("e.g. 988 077 917")}
        self.widget.setPlaceholderText(examples.get(self.country or "", _("e.g. 556036-0793 or 988 077 917")))


class LongTextEditor(KindEditor):
    """Several lines; Tab moves on to the next field."""

    widget: QPlainTextEdit

    def build(self, parent: QWidget) -> QWidget:
        box = QPlainTextEdit(parent)
        box.setTabChangesFocus(True)
        box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 14)
        box.textChanged.connect(self.edited)
        return box

    def value(self) -> Any:
        return self.widget.toPlainText()

    def show(self, value: Any, record: Mapping[str, Any] | None) -> None:
        if self.widget.toPlainText() != (value or ""):   # keeps the cursor where it is on a reload
            self.widget.setPlainText(value or "")

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setReadOnly(read_only)


class BoolEditor(KindEditor):
    """A check box that carries the field's name itself."""

    widget: QCheckBox

    def build(self, parent: QWidget) -> QWidget:
        check = QCheckBox(parent)
        check.toggled.connect(lambda _on: self.edited())
        return check

    def retranslate(self) -> None:
        self.widget.setText(_(self.field.label) + (" *" if self.field.required else ""))

    def value(self) -> Any:
        return self.widget.isChecked()

    def show(self, value: Any, record: Mapping[str, Any] | None) -> None:
        self.widget.setChecked(bool(value))


class ChoiceEditor(KindEditor):
    """A pick list: the field's choices, currencies, units, or records given by the editor (``set_choices``).

    With ``find`` it can be typed into to find an entry among many (the records of a region).
    """

    widget: QComboBox

    def build(self, parent: QWidget) -> QWidget:
        combo = QComboBox(parent)
        if self.find:
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            completer = combo.completer()   # an editable combo box always has one
            assert completer is not None
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            combo.setMinimumContentsLength(24)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.editTextChanged.connect(lambda _t: self.edited())
        combo.currentIndexChanged.connect(lambda _i: self.edited())
        self._fill(combo, self.options())
        return combo

    def options(self) -> Options:
        kind = self.field.kind
        if self.given is not None:
            return list(self.given)
        if kind == records.CURRENCY:
            return [(c.value, _(c.label)) for c in records.CURRENCIES]
        if kind == records.UNIT:
            return [(u.code, u.display()) for u in units.UNITS]
        return [(c.value, _(c.label)) for c in self.field.choices]

    def _fill(self, combo: QComboBox, options: Options) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItem("—" if not (self.find and self.field.required) else _("Choose…"), None)
            for value, label in options:
                combo.addItem(label, value)
            if current is not None and combo.findData(current) < 0 and self.given is None:
                combo.addItem(str(current), current)  # a value from a newer list stays visible
            combo.setCurrentIndex(max(combo.findData(current), 0))
        finally:
            combo.blockSignals(False)

    def set_choices(self, choices: Options) -> None:
        """Replace the pick list (e.g. the streams an idea can be about), keeping the choice."""
        self.given = list(choices)
        self._fill(self.widget, self.given)

    def retranslate(self) -> None:
        if self.language_changed() and self.given is None:
            self._fill(self.widget, self.options())

    def value(self) -> Any:
        combo = self.widget
        if self.find:   # what is typed decides: a name that matches no entry is no choice
            index = combo.findText(combo.currentText(), Qt.MatchFlag.MatchFixedString)
            return combo.itemData(index) if index > 0 else None
        return combo.currentData()

    def show(self, value: Any, record: Mapping[str, Any] | None) -> None:
        combo = self.widget
        index = combo.findData(value)
        if index < 0 and value not in (None, ""):
            combo.addItem(str(value), value)  # a value from a newer list stays visible
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))


class MultiEditor(KindEditor):
    """Check boxes, one per choice, in a row."""

    def build(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.checks: dict[str, QCheckBox] = {}
        for c in self.field.choices:
            check = QCheckBox(_(c.label), box)
            check.toggled.connect(lambda _on: self.edited())
            self.checks[c.value] = check
            row.addWidget(check)
        row.addStretch(1)
        return box

    def inputs(self) -> list[QWidget]:
        return list(self.checks.values())

    def value(self) -> Any:
        return [value for value, check in self.checks.items() if check.isChecked()]

    def show(self, value: Any, record: Mapping[str, Any] | None) -> None:
        for key, check in self.checks.items():
            check.setChecked(key in (value or []))

    def retranslate(self) -> None:
        for c in self.field.choices:
            self.checks[c.value].setText(_(c.label))


class ChecklistEditor(KindEditor):
    """Records to tick in a short list (the partners of a test environment), given by ``set_choices``."""

    widget: QListWidget

    def build(self, parent: QWidget) -> QWidget:
        view = QListWidget(parent)
        view.setFixedHeight(110)
        view.itemChanged.connect(lambda _item: self.edited())
        self.set_choices_of(view, self.given or [])
        return view

    def set_choices_of(self, view: QListWidget, choices: Options) -> None:
        chosen = set(self.value_of(view))
        view.blockSignals(True)
        try:
            view.clear()
            for value, title in choices:
                item = QListWidgetItem(title)
                item.setToolTip(title)
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if value in chosen else Qt.CheckState.Unchecked)
                view.addItem(item)
        finally:
            view.blockSignals(False)

    def set_choices(self, choices: Options) -> None:
        self.given = list(choices)
        self.set_choices_of(self.widget, self.given)

    @staticmethod
    def value_of(view: QListWidget) -> list[str]:
        return [view.item(i).data(Qt.ItemDataRole.UserRole) for i in range(view.count())
                if view.item(i).checkState() == Qt.CheckState.Checked]

    def value(self) -> Any:
        return self.value_of(self.widget)

    def show(self, value: Any, record: Mapping[str, Any] | None) -> None:
        chosen = set(value or ())
        for i in range(self.widget.count()):
            item = self.widget.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in chosen
                               else Qt.CheckState.Unchecked)


class DateEditor(KindEditor):
    """A date: typed as the language writes it, or picked from a calendar."""

    widget: DateLine

    def build(self, parent: QWidget) -> QWidget:
        line = DateLine(parent)
        line.edited.connect(self.edited)
        return line

    def inputs(self) -> list[QWidget]:
        return [self.widget.line]

    def value(self) -> Any:
        return self.widget.text()

    def show(self, value: Any, record: Mapping[str, Any] | None) -> None:
        self.widget.setText(value or "")

    def retranslate(self) -> None:
        self.widget.retranslate()

    def set_read_only(self, read_only: bool) -> None:
        self.widget.set_read_only(read_only)


def _searchable(combo: QComboBox) -> None:
    """Typing part of a name ("säff", "16.10", "saging") finds the entries that contain it."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(combo.model(), combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)


class MunicipalityEditor(KindEditor):
    """The project's region first, then every municipality of the organization's country (or of both)."""

    widget: QComboBox
    country: str | None = None

    def build(self, parent: QWidget) -> QWidget:
        combo = QComboBox(parent)
        _searchable(combo)
        combo.editTextChanged.connect(lambda _t: self.edited())
        self._fill(combo, None)
        return combo

    def _fill(self, combo: QComboBox, country: str | None) -> None:
        text = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem("", None)
        region = [m for m in municipalities.region_municipalities() if country in (None, m.country)]
        others = [m for m in municipalities.all_municipalities(country) if m not in region]
        for m in region + others:
            suffix = "" if country else f" — {_('Sweden') if m.country == 'SE' else _('Norway')}"
            combo.addItem(m.label + suffix, m.key)
        combo.setEditText(text)
        combo.blockSignals(False)

    def set_country(self, country: str | None) -> None:
        if country != self.country:
            self.country = country
            self._fill(self.widget, country)

    def value(self) -> Any:
        combo = self.widget
        index = combo.findText(combo.currentText(), Qt.MatchFlag.MatchFixedString)
        return combo.itemData(index) if index > 0 else combo.currentText()

    def show(self, value: Any, record: Mapping[str, Any] | None) -> None:
        found = municipalities.get(value) if value else None
        self.widget.setEditText(found.label if found else (value or ""))


class IndustryEditor(KindEditor):
    """Every NACE class, named in the reader's language; typing "16.10", "sågning" or "saging" finds it."""

    widget: QComboBox

    def build(self, parent: QWidget) -> QWidget:
        from cirkular_desktop.core import industry

        combo = QComboBox(parent)
        _searchable(combo)
        # Class names are long: the box takes the form's width, not the longest name's.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(16)
        combo.addItem("", None)
        for c in industry.all_classes():
            combo.addItem(industry.label(c.code), c.code)
        combo.editTextChanged.connect(lambda _t: self.edited())
        return combo

    def value(self) -> Any:
        text = self.widget.currentText().strip()
        return text.split()[0] if text else text   # a chosen entry reads "16.10 Sawmilling …"

    def show(self, value: Any, record: Mapping[str, Any] | None) -> None:
        from cirkular_desktop.core import industry

        self.widget.setEditText(industry.label(value) if value else "")

    def set_raw(self, raw: Any) -> None:
        self.widget.setEditText(raw or "")

    def retranslate(self) -> None:
        from cirkular_desktop.core import industry

        if not self.language_changed():
            return
        combo, typed = self.widget, self.value()   # class names in the new language, the chosen class kept
        combo.blockSignals(True)
        for i in range(1, combo.count()):
            combo.setItemText(i, industry.label(combo.itemData(i)))
        combo.setEditText(industry.label(typed) if typed and industry.get(typed) else (typed or ""))
        combo.blockSignals(False)


EDITORS: dict[str, type[KindEditor]] = {
    records.TEXT: TextEditor, records.EMAIL: TextEditor, records.PHONE: TextEditor, records.URL: TextEditor,
    records.DATETIME: TextEditor,
    # Codes typed by hand; the stream editor shows the NS 9431 name beside its number.
    records.WASTECODE: TextEditor, records.NS9431: TextEditor, records.SHIPMENT_ENTRY: TextEditor,
    records.INT: NumberEditor, records.DECIMAL: NumberEditor,
    records.TAGS: TagsEditor,
    records.ORGNUMBER: OrgNumberEditor,
    records.LONGTEXT: LongTextEditor,
    records.BOOL: BoolEditor,
    records.CHOICE: ChoiceEditor, records.LANGUAGE: ChoiceEditor, records.CURRENCY: ChoiceEditor,
    records.UNIT: ChoiceEditor, records.REF: ChoiceEditor,
    records.MULTI: MultiEditor,
    records.REFS: ChecklistEditor,
    records.DATE: DateEditor,
    records.MUNICIPALITY: MunicipalityEditor,
    records.INDUSTRY: IndustryEditor,
}

# Kinds whose values are edited as a whole by an editor of their own, not field by field.
EDITED_ELSEWHERE: dict[str, str] = {
    records.MATERIAL: "the material picker of the stream editor (gui.visit.stream_editor, gui.visit.pickers)",
    records.WASTECODES: "the waste code list of the stream editor (gui.visit.stream_editor.WasteCodeList)",
    records.MAP: "the questionnaire of the visit (gui.visit.questions), one question per key",
    records.ITEMS: "a table for the item shape (gui.matchmaking.record_editor.ParticipantsTable)",
}


def editor_class(kind: str) -> type[KindEditor]:
    """The editor of a field kind; a kind without one is a programming error, said plainly."""
    try:
        return EDITORS[kind]
    except KeyError:
        where = EDITED_ELSEWHERE.get(kind)
        raise LookupError(f"no field editor for the kind {kind!r}" + (f"; it is edited in {where}" if where else
                                                                       "; add one to gui.fields.kinds.EDITORS")
                          ) from None
