"""The editor of a residual stream ("have") or a need ("want"), saved as you type.

Both tables share one shape (design §3), so one editor serves both; the
handling part differs (today's handling and its cost for a stream, today's
source and price for a need). The material category and the waste codes are
chosen in pickers; hazardous codes are shown in red, and a mirror entry asks
for a hazard assessment. The quantity's tonnes per year are worked out live
with ``core.units.tonnes_per_year`` while the person types.

A new record is created by the first save that has a title; until then the
other fields wait. Saving goes through the services on a ~400 ms debounce; a
refused value shows its message under its field and the rest is saved.

Imports: PySide6, core (records, materials, wastecodes, units), services
(records, visits), settings, errors, i18n, gui (context, undo), gui.visit.*.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
    QScrollArea, QVBoxLayout, QWidget,
)

from cirkular_desktop import i18n, settings
from cirkular_desktop.core import materials, units, wastecodes
from cirkular_desktop.errors import CirkularError, ConflictError, NotFoundError, ValidationError
from cirkular_desktop.gui import undo
from cirkular_desktop.gui.context import GuiContext
from cirkular_desktop.gui.fields import FieldEditor, error_label, help_label
from cirkular_desktop.gui.visit.autosave import Debouncer
from cirkular_desktop.gui.visit.photos import PhotoStrip
from cirkular_desktop.gui.visit.pickers import MaterialPicker, WasteCodePicker, hazard_color, hazard_text
from cirkular_desktop.gui.widgets import WrapLabel, describe, even_label_column, flow_row, set_kind, title_label
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import records as record_services
from cirkular_desktop.services import visits

DECIMAL_FIELDS = ("quantity", "batches_per_year", "density", "mass_per_item")


def save_fields(ctx: GuiContext, save: Callable[[dict[str, Any]], Any], values: dict[str, Any],
                show_error: Callable[[str, str], None]) -> tuple[Any, dict[str, Any]]:
    """Save ``values``; a refused field is shown and left out, the rest is saved.

    Returns the service's value (None if nothing could be saved) and the refused values.
    """
    refused: dict[str, Any] = {}
    remaining = dict(values)
    while remaining:
        try:
            return save(remaining), refused
        except ValidationError as exc:
            name = exc.field if exc.field in remaining else None
            if name is None:
                name = next(iter(remaining))
            show_error(name, exc.message)
            refused[name] = remaining.pop(name)
    return None, refused

def flush_item(editor: Any, table: str, title_hint: str, *, defaults: dict[str, Any] | None = None,
               on_created: Callable[[str], None] | None = None) -> dict[str, Any] | None:
    """Write an item editor's waiting values; the record is created on the first save with a title.

    Shared by the stream/need and idea editors (which hold ``ctx``, ``visit_id``, ``record_id``,
    ``record``, ``pending``, ``fields``, ``autosave`` and ``_show_error``). A refused value is shown
    at its field; a passing failure (disk, busy database) keeps the values waiting and retries.
    Returns the values written, or None when nothing was.
    """
    editor.autosave.cancel()
    if not editor.pending or (editor.visit_id is None and editor.record_id is None):
        return None
    ctx = editor.ctx
    values, editor.pending = editor.pending, {}
    before = dict(editor.record) if editor.record_id else {}
    try:
        if editor.record_id is None:
            if not str(values.get("title") or "").strip():
                editor.pending = values  # nothing is stored without a title; keep it waiting
                editor.fields["title"].set_error(title_hint)
                return None
            values = {**(defaults or {}), **values}
            new_id, _refused = save_fields(
                ctx, lambda v: ctx.call(visits.add_visit_item, editor.visit_id, table, v, from_text=True),
                values, editor._show_error)
            if new_id is None:
                return None
            editor.record_id = new_id
            if on_created is not None:
                on_created(new_id)
        else:
            save_fields(ctx, lambda v: ctx.call(record_services.set_record, table, editor.record_id, v,
                                                from_text=True), values, editor._show_error)
        editor.record = ctx.call(record_services.get_record, table, editor.record_id)
        undo.record_saved(ctx, table, before, editor.record)
    except (ConflictError, NotFoundError) as exc:  # removed meanwhile, or the visit is gone
        editor.fields["title"].set_error(exc.message)
        return None
    except Exception as exc:  # noqa: BLE001 - a passing failure (disk, busy database): keep it and retry
        for name, value in values.items():
            editor.pending.setdefault(name, value)
        editor.fields["title"].set_error(exc.message if isinstance(exc, CirkularError) else
                                         _("Not saved yet; Cirkulär keeps trying."))
        editor._retrying = True
        editor.autosave.poke()
        return None
    if getattr(editor, "_retrying", False):
        editor._retrying = False
        editor.fields["title"].set_error(None)
    return values


class WasteCodeList(QWidget):
    """The stream's List of Waste codes: the first is the primary one; add through the picker."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codes: list[str] = []
        self.material: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setObjectName("waste_codes")
        describe(self.list, _("Waste codes"), _("The first code is the primary one; hazardous codes are marked"))
        layout.addWidget(self.list)
        self.add_button = QPushButton(_("Add code…"))
        self.add_button.setObjectName("add_waste_code")
        self.add_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(_("Remove code"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.primary_button = QPushButton(_("Make primary"))
        self.primary_button.setToolTip(_("The primary code is the one that describes the stream best; "
                                         "it comes first"))
        self.primary_button.clicked.connect(self.make_primary)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        layout.addWidget(flow_row(self.add_button, self.remove_button, self.primary_button))
        self.setFocusProxy(self.add_button)
        self._render()

    def set_codes(self, codes: list[str] | None) -> None:
        self.codes = list(codes or [])
        self._render()

    def _render(self) -> None:
        self.list.clear()
        for i, code in enumerate(self.codes):
            entry = wastecodes.get(code)
            name = entry.name() if entry else _("not in the list")
            text = f"{wastecodes.format_code(code)}  {name}"
            marks = [hazard_text(entry)] if entry and hazard_text(entry) else []
            if i == 0 and len(self.codes) > 1:
                marks.insert(0, _("primary"))
            if marks:
                text += "  (" + ", ".join(marks) + ")"
            item = QListWidgetItem(text)
            item.setToolTip(text)  # a long name is cut at the list's edge
            item.setData(Qt.ItemDataRole.UserRole, code)
            if entry is not None and entry.hazardous:
                item.setForeground(hazard_color())
            self.list.addItem(item)
        self.list.setVisible(bool(self.codes))
        rows = min(max(len(self.codes), 1), 4)
        self.list.setFixedHeight(rows * (self.list.fontMetrics().lineSpacing() + 6) + 6)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.codes))
        self.primary_button.setVisible(len(self.codes) > 1)
        self.primary_button.setEnabled(self.list.currentRow() > 0)

    def make_primary(self) -> None:
        row = self.list.currentRow()
        if row > 0:
            self.codes.insert(0, self.codes.pop(row))
            self._render()
            self.list.setCurrentRow(0)
            self.changed.emit()

    def choose(self) -> None:
        material = materials.get(self.material)
        dialog = WasteCodePicker(suggested=material.waste_codes if material else (), taken=tuple(self.codes),
                                 parent=self)
        try:
            if dialog.exec() and dialog.chosen:
                self.add_code(dialog.chosen)
        finally:
            dialog.deleteLater()

    def add_code(self, code: str) -> None:
        if code not in self.codes:
            self.codes.append(code)
            self._render()
            self.changed.emit()

    def remove_selected(self) -> None:
        item = self.list.currentItem() or (self.list.item(0) if self.list.count() == 1 else None)
        if item is not None:
            self.codes.remove(item.data(Qt.ItemDataRole.UserRole))
            self._render()
            self.changed.emit()

    def has_mirror(self) -> bool:
        return any((e := wastecodes.get(c)) is not None and e.mirror for c in self.codes)


class StreamEditor(QScrollArea):
    """Edit one stream or need of a visit; every change is saved within about a second."""

    saved = Signal(str)      # the record id, after each save (the first one creates it)

    def __init__(self, ctx: GuiContext, table: str = "stream", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert table in ("stream", "need")
        self.ctx, self.table = ctx, table
        self.visit_id: str | None = None
        self.record_id: str | None = None
        self.record: dict[str, Any] = {}
        self.country: str | None = None
        self.pending: dict[str, Any] = {}
        self.defaults: dict[str, Any] = {}
        self.autosave = Debouncer(self.flush, parent=self)
        self.fields: dict[str, FieldEditor] = {}
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.body = body
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(10)

        self.heading = title_label()
        layout.addWidget(self.heading)

        what = self._group(layout, _("What it is") if table == "stream" else _("What is needed"))
        self._row(what, "title")
        title = self.fields["title"].widget
        assert isinstance(title, QLineEdit)  # a text field's editor is a line
        title.setPlaceholderText(_("Name it after the process and place, e.g. “Offcuts (joinery)”")
                                                       if table == "stream" else _("e.g. “Wood chips for heating”"))
        self._row(what, "description")
        self._row(what, "resource_type")
        self.material_button = QPushButton(_("Choose…"))
        self.material_button.setObjectName("choose_material")
        describe(self.material_button, _("Choose the material category"), _("Material category"))
        self.material_button.clicked.connect(self.choose_material)
        self.material_label = WrapLabel()  # a long category path takes two or three lines
        material_row = QHBoxLayout()
        material_row.addWidget(self.material_label, 1)
        material_row.addWidget(self.material_button)
        self.material_error = error_label()
        box = QVBoxLayout()
        box.addLayout(material_row)
        box.addWidget(self.material_error)
        what.addRow(_("Material category"), box)
        self.codes = WasteCodeList()
        self.codes.changed.connect(self._codes_changed)
        self.codes_error = error_label()
        codes_box = QVBoxLayout()
        codes_box.addWidget(self.codes)
        codes_box.addWidget(self.codes_error)
        what.addRow(_("Waste codes"), codes_box)
        stream_only = [what.rowCount() - 1]   # a need names what it could use, not a waste it gives off
        self.mirror_note = WrapLabel(_("A chosen code is a mirror entry: whether this waste is hazardous depends on "
                                    "what it contains. Record the assessment below."))
        self.mirror_note.setMinimumWidth(160)   # it wraps: it must not make the pane wider
        set_kind(self.mirror_note, "warn")
        what.addRow(self.mirror_note)
        stream_only.append(what.rowCount() - 1)
        # Norwegian hauliers report by NS 9431 beside the EU code; the row shows for Norwegian organizations.
        ns_editor = self._editor("ns9431_code")
        ns_editor.widget.setMaximumWidth(160)
        self.ns9431_name = QLabel()
        self.ns9431_name.setObjectName("ns9431Name")
        self.ns9431_name.setWordWrap(True)
        ns_row = QHBoxLayout()
        ns_row.addWidget(ns_editor)
        ns_row.addWidget(self.ns9431_name, 1)
        self.ns9431_box = QWidget()
        self.ns9431_box.setLayout(ns_row)
        ns_row.setContentsMargins(0, 0, 0, 0)
        what.addRow(ns_editor.label, self.ns9431_box)
        ns_editor.label.show()
        self._row(what, "hazard_assessment")
        stream_only.append(what.rowCount() - 1)
        self._row(what, "physical_form")
        self._row(what, "condition")
        self._row(what, "quality")
        self._row(what, "contamination")
        stream_only.append(what.rowCount() - 1)
        if table == "need":
            for row in stream_only:
                what.setRowVisible(row, False)

        amount = self._group(layout, _("How much"))
        amount.addRow(_("Quantity"), flow_row(*(self._editor(name) for name in ("quantity", "unit", "basis"))))
        self._row(amount, "batches_per_year")
        self._row(amount, "density")
        self._row(amount, "mass_per_item")
        self.tonnes_label = WrapLabel()  # a sentence when the unit is not a mass
        self.tonnes_label.setObjectName("tonnes_per_year")
        set_kind(self.tonnes_label, "accent")
        amount.addRow(_("Per year"), self.tonnes_label)
        self._row(amount, "estimated", label="")
        self._row(amount, "regularity")
        self._row(amount, "available_from")
        self._row(amount, "available_to")
        self._row(amount, "seasonality")

        if table == "stream":
            today = self._group(layout, _("Handling today"))
            self._row(today, "current_handling")
            self._row(today, "handling_code")
            self._row(today, "hauler")
            today.addRow(_("Cost"), flow_row(*(self._editor(name) for name in
                                                ("handling_cost", "handling_cost_currency", "handling_cost_basis"))))
            self.cost_label = QLabel()
            set_kind(self.cost_label, "muted")
            today.addRow("", self.cost_label)
            self._row(today, "contract_end")
            self._row(today, "business_terms")
            self._row(today, "logistics")
            legal = self._group(layout, _("Legal status"))
            self._row(legal, "legal_status")
            self._row(legal, "legal_assessed_by")
            self._row(legal, "legal_assessed_on")
            # The green-list entry a person confirms (core.border suggests, never sets it).
            for name in ("shipment_entry", "shipment_entry_by", "shipment_entry_on"):
                self._row(legal, name)
        else:
            today = self._group(layout, _("Supply today"))
            self._row(today, "min_lot")
            self._row(today, "current_source")
            today.addRow(_("Current price"), flow_row(*(self._editor(name) for name in
                                                         ("current_price", "current_price_currency",
                                                          "current_price_basis"))))
            self.cost_label = QLabel()
            set_kind(self.cost_label, "muted")
            today.addRow("", self.cost_label)

        other = self._group(layout, _("Sharing and notes"))
        self._row(other, "visibility")
        self._row(other, "notes")

        photos_box = QGroupBox(_("Photos"))
        photos_layout = QVBoxLayout(photos_box)
        self.photos = PhotoStrip(ctx)
        photos_layout.addWidget(self.photos)
        layout.addWidget(photos_box)
        layout.addStretch(1)
        body.setMaximumWidth(980)
        for form in body.findChildren(QFormLayout):
            even_label_column(form)
        self.setWidget(body)
        self.load(None, None)

    # --- building ---------------------------------------------------------------------------------

    def _group(self, layout: QVBoxLayout, title: str) -> QFormLayout:
        group = QGroupBox(title)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        # A long label puts its field on the next line instead of pushing the form wider than the pane.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setVerticalSpacing(8)
        layout.addWidget(group)
        return form

    def _editor(self, name: str) -> FieldEditor:
        editor = FieldEditor(self.table, name)
        editor.edited.connect(self._edited)
        self.fields[name] = editor
        return editor

    def _row(self, form: QFormLayout, name: str, label: str | None = None) -> None:
        editor = self._editor(name)
        field = editor.field
        editor.add_row(form, label)
        if field.help:
            form.addRow("", help_label(_(field.help)))

    # --- loading --------------------------------------------------------------------------------------

    def load(self, record: dict[str, Any] | None, visit_id: str | None, *, country: str | None = None,
             **_context: Any) -> None:
        """Show ``record`` (None: a new one for ``visit_id``); anything unsaved is saved first."""
        self.flush()
        self.visit_id, self.country = visit_id, country
        self.record = dict(record or {})
        self.record_id = self.record.get("id")
        self.pending = {}
        self.defaults = self._defaults() if self.record_id is None else {}
        for name, editor in self.fields.items():
            editor.set_value(self.record.get(name, self.defaults.get(name, editor.field.default)
                                             if self.record_id is None else None))
            editor.set_error(None)
        self.codes.material = self.record.get("material_category")
        self.codes.set_codes(self.record.get("waste_codes"))
        self.codes_error.setVisible(False)
        self.material_error.setVisible(False)
        self._show_material()
        self.photos.set_owner(self.table if self.record_id else None, self.record_id)
        self._update_heading()
        self._update_dependent()

    def _defaults(self) -> dict[str, Any]:
        """What a new record starts with: the preferred unit and the currency of the country."""
        prefs = settings.load(self.ctx.app.paths)
        unit = prefs.get("default_unit") if units.get(prefs.get("default_unit")) else "t"
        currency = prefs.get("default_currency") or {"SE": "SEK", "NO": "NOK"}.get(self.country or "")
        values: dict[str, Any] = {"unit": unit}
        if currency:
            values["handling_cost_currency" if self.table == "stream" else "current_price_currency"] = currency
        return values

    def _update_heading(self) -> None:
        if self.record_id is None:
            self.heading.setText(_("New residual stream") if self.table == "stream" else _("New need"))
        else:
            title = self.fields["title"].value() or self.record.get("title") or ""
            self.heading.setText(title)

    def _show_material(self) -> None:
        code = self.pending.get("material_category", self.record.get("material_category"))
        found = materials.get(code)
        self.material_label.setText(found.path_name() if found else (code or _("Not chosen yet")))

    # --- editing ---------------------------------------------------------------------------------------

    def value_of(self, name: str) -> Any:
        if name in self.pending:
            return self.pending[name]
        if self.record_id is None and name in self.defaults:
            return self.defaults[name]
        return self.record.get(name)

    def _edited(self, name: str) -> None:
        editor = self.fields[name]
        self.pending[name] = editor.value()
        editor.set_error(None)
        if name in ("handling_cost", "current_price") and editor.value():
            currency = "handling_cost_currency" if name == "handling_cost" else "current_price_currency"
            if not self.value_of(currency):
                guess = {"SE": "SEK", "NO": "NOK"}.get(self.country or "")
                if guess:
                    self.fields[currency].set_value(guess)
                    self.pending[currency] = guess
        if name == "title":
            self._update_heading()
        self._update_dependent()
        self.autosave.poke()

    def _codes_changed(self) -> None:
        self.pending["waste_codes"] = list(self.codes.codes)
        self.pending["primary_waste_code"] = self.codes.codes[0] if self.codes.codes else None
        self.codes_error.setVisible(False)
        self._update_dependent()
        self.autosave.poke()

    def choose_material(self) -> None:
        dialog = MaterialPicker(self.value_of("material_category"), parent=self)
        try:
            if dialog.exec() and dialog.chosen:
                self.set_material(dialog.chosen)
        finally:
            dialog.deleteLater()

    def set_material(self, code: str) -> None:
        self.pending["material_category"] = code
        self.codes.material = code
        self._show_material()
        self.autosave.poke()

    def _decimal(self, name: str) -> Decimal | None:
        raw = self.value_of(name)
        if raw in (None, ""):
            return None
        try:
            return i18n.parse_decimal(str(raw)) if name in self.pending else Decimal(str(raw))
        except (ValueError, ArithmeticError):
            return None

    def _update_dependent(self) -> None:
        """Show only the fields that apply, and the live tonnes per year."""
        unit = units.get(self.value_of("unit"))
        basis = self.value_of("basis")
        self._set_row_visible("batches_per_year", basis == "per_batch")
        self._set_row_visible("density", unit is not None and unit.kind == units.VOLUME)
        self._set_row_visible("mass_per_item", unit is not None and unit.kind == units.COUNT)
        self._set_row_visible("condition", self.value_of("physical_form") == "objects")
        self._show_ns9431()
        mirror = self.codes.has_mirror()
        self.mirror_note.setVisible(mirror and self.table == "stream")
        hazard = self.fields["hazard_assessment"]
        attention = "true" if mirror and self.value_of("hazard_assessment") in (None, "not_assessed") else "false"
        if hazard.widget.property("attention") != attention:
            hazard.widget.setProperty("attention", attention)   # the theme draws an amber frame around it
            hazard.widget.style().unpolish(hazard.widget)
            hazard.widget.style().polish(hazard.widget)
        record: dict[str, Any] = {name: self._decimal(name) for name in DECIMAL_FIELDS}
        record.update(unit=self.value_of("unit"), basis=basis or "per_year")
        # What is typed decides, not what was last saved: a quantity that isn't a number yet says so
        # instead of showing the tonnes of the stored one.
        typed = {name: self.fields[name].value() for name in DECIMAL_FIELDS if name in self.fields}
        unreadable = [name for name, text in typed.items() if str(text or "").strip() and _unreadable(str(text))]
        if unreadable:
            record.update({name: None for name in unreadable})
        tonnes = units.tonnes_per_year(record)
        if "quantity" in unreadable:
            self.tonnes_label.setText(_("The quantity is not a number yet"))
        elif tonnes is not None:
            self.tonnes_label.setText(_("≈ {tonnes} tonnes per year").format(
                tonnes=i18n.format_decimal(tonnes, max_fraction=3)))
        elif record["quantity"] is None:
            self.tonnes_label.setText(_("Enter a quantity to see tonnes per year"))
        elif unit is None:
            self.tonnes_label.setText(_("Choose a unit to see tonnes per year"))
        elif unit.kind == units.VOLUME and record["density"] is None:
            self.tonnes_label.setText(_("Give the density to convert the volume to tonnes"))
        elif unit.kind == units.COUNT and record["mass_per_item"] is None:
            self.tonnes_label.setText(_("Give the mass per item to convert items to tonnes"))
        elif unit.kind in (units.MASS, units.VOLUME, units.COUNT) and basis == "per_batch":
            self.tonnes_label.setText(_("Give the number of batches per year"))
        elif unit.kind == units.AREA and (area := units.yearly_amount(record)) is not None:
            # Premises and land: an area is shown as an area, never as tonnes.
            self.tonnes_label.setText(_("Area, not converted to tonnes: {area} m²").format(
                area=i18n.format_decimal(area[0], max_fraction=1)))
        else:
            self.tonnes_label.setText(_("This unit is not a mass and cannot be converted to tonnes"))
        self._update_cost()

    def _update_cost(self) -> None:
        name = "handling_cost" if self.table == "stream" else "current_price"
        amount, currency = self._decimal(name), self.value_of(f"{name}_currency")
        basis_field = self.fields[f"{name}_basis"]
        if amount is None:
            self.cost_label.setText("")
            return
        money = i18n.format_money(amount, currency) if currency else i18n.format_decimal(amount, max_fraction=2)
        basis = basis_field.field.choice_label(self.value_of(f"{name}_basis")) if self.value_of(
            f"{name}_basis") else ""
        self.cost_label.setText(f"{money} {basis}".strip())

    def _show_ns9431(self) -> None:
        """The NS 9431 row for Norwegian organizations (or where a number is already recorded), with its name."""
        from cirkular_desktop.core import ns9431

        typed = self.fields["ns9431_code"].value()
        visible = self.country == "NO" or bool(typed) or bool(self.record.get("ns9431_code"))
        parent = self.ns9431_box.parentWidget()
        form = parent.layout() if parent is not None else None
        if isinstance(form, QFormLayout):
            form.setRowVisible(self.ns9431_box, visible)
        entry = ns9431.get(str(typed or ""))
        if entry is not None:
            self.ns9431_name.setText(entry.name())
        elif typed:
            found = ns9431.group(str(typed))
            self.ns9431_name.setText(found.name() if found is not None else "")
        else:
            suggested = ns9431.codes_for_material(self.record.get("material_category"))
            self.ns9431_name.setText(_("e.g. {examples}").format(
                examples=", ".join(f"{c.code} {c.name()}" for c in suggested[:2])) if suggested else "")

    def _set_row_visible(self, name: str, visible: bool) -> None:
        editor = self.fields[name]
        parent = editor.parentWidget()
        form = parent.layout() if parent is not None else None
        if isinstance(form, QFormLayout):
            form.setRowVisible(editor, visible)

    # --- saving ------------------------------------------------------------------------------------------

    def _show_error(self, name: str, message: str) -> None:
        if name in self.fields:
            self.fields[name].set_error(message)
        elif name in ("waste_codes", "primary_waste_code"):
            self.codes_error.setText(message)
            self.codes_error.setVisible(True)
        elif name == "material_category":
            self.material_error.setText(message)
            self.material_error.setVisible(True)
        else:
            self.fields["title"].set_error(message)

    def flush(self) -> None:
        """Write what is waiting: create the record on the first save with a title."""
        hint = (_("Give a title; the stream is saved as soon as it has one.") if self.table == "stream" else
                _("Give a title; the need is saved as soon as it has one."))
        values = flush_item(self, self.table, hint, defaults=self.defaults,
                            on_created=lambda new_id: self.photos.set_owner(self.table, new_id))
        if values is None:
            return
        if "waste_codes" in values and not self.pending:
            # The service fills the hazard assessment for a mirror entry; show what it chose.
            self.fields["hazard_assessment"].set_value(self.record.get("hazard_assessment"))
        self._update_heading()
        self._update_dependent()
        self.saved.emit(self.record_id)


def _unreadable(text: str) -> bool:
    """Whether a typed number cannot be read (as the save would refuse it)."""
    try:
        i18n.parse_decimal(text)
    except (ValueError, ArithmeticError):
        return True
    return False
