"""The organization editor: details with inline validation, contacts, and the organization's visits, streams and needs.

A new organization is created with "Create"; an existing one is saved with
"Save" (Ctrl+S) and also when the person leaves the editor with valid
changes — never through an "unsaved changes" dialog. Invalid input keeps
the editor open with the reason under the field. "Start visit" is one click
from here. Under the form, the size class by the EU definition (core.display) follows the figures.

Imports: PySide6, core.records, errors, i18n, services (records, browse, profile),
gui (form, models, undo, widgets, contact_dialog).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea, QTableView, QTabWidget,
    QVBoxLayout, QWidget,
)

from cirkular_desktop.core import display, records
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui import models, undo
from cirkular_desktop.gui.form import RecordForm
from cirkular_desktop.gui.widgets import WrapLabel, describe, heading_label
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import browse, profile
from cirkular_desktop.services import records as record_services

# Two columns: who it is and its size by the EU definition, then what it does and where it is.
FIELDS = ("name", "country", "org_number", "kind", "municipality", "industry_code", "size_class",
          "employees", "annual_turnover", "balance_sheet_total", "financials_currency", "sector", "ownership",
          "roles", "waste_permit", "waste_permit_scope", "address", "postcode", "city", "website", "notes")


def _table_view(model: Any, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    view.setMinimumHeight(150)
    return view


class OrganizationEditor(QWidget):
    """Edit one organization (or create one: ``organization_id`` None)."""

    closed = Signal()
    saved = Signal(str)                    # organization id
    start_visit_requested = Signal(str)    # organization id
    open_requested = Signal(str, str)      # table, id

    def __init__(self, ctx: Any, organization_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.organization_id = organization_id
        self.setObjectName("organizationEditor")
        self.title = heading_label()
        self.title.setWordWrap(True)   # a long name takes two lines instead of widening the window
        self.subtitle = WrapLabel()
        self.subtitle.setObjectName("countLabel")
        self.back_button = QPushButton()
        self.back_button.setObjectName("backButton")
        self.back_button.clicked.connect(self.close_editor)
        self.save_button = QPushButton()
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save)
        self.visit_button = QPushButton()
        self.visit_button.setObjectName("startVisitButton")
        self.visit_button.clicked.connect(self._start_visit)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self._remove)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(8)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        top.addLayout(titles, 1)
        top.addWidget(self.remove_button)
        top.addWidget(self.save_button)
        top.addWidget(self.visit_button)

        self.form = RecordForm("organization", FIELDS, self, columns=2)
        self.form.validity_changed.connect(self._update_buttons)
        self.form.edited.connect(self._update_buttons)
        self.form.editors["notes"].widget.setFixedHeight(54)
        # The class by the EU definition as the reports count it, computed while the figures are typed.
        self.sme_label = WrapLabel()
        self.sme_label.setObjectName("smeAssessment")
        self.form.edited.connect(self._update_sme)

        from cirkular_desktop.gui.contact_dialog import ContactsPanel

        self.contacts = ContactsPanel(ctx, self)
        self.visits_model = models.RowsModel("visit", ("date", "visitors", "status", "version"), self)
        self.streams_model = models.RowsModel("stream", ("title", "material_category", "waste_codes", "quantity",
                                                         "tonnes_per_year"), self)
        self.needs_model = models.RowsModel("need", ("title", "material_category", "quantity",
                                                     "tonnes_per_year"), self)
        self.visits_view = _table_view(self.visits_model, "orgVisits")
        self.visits_view.doubleClicked.connect(lambda i: self._open("visit", self.visits_model, i.row()))
        self.streams_view = _table_view(self.streams_model, "orgStreams")
        self.streams_view.doubleClicked.connect(lambda i: self._open("stream", self.streams_model, i.row()))
        self.needs_view = _table_view(self.needs_model, "orgNeeds")
        self.needs_view.doubleClicked.connect(lambda i: self._open("need", self.needs_model, i.row()))
        visits_tab = QWidget()
        visits_layout = QVBoxLayout(visits_tab)
        visit_buttons = QHBoxLayout()
        self.tab_visit_button = QPushButton()
        self.tab_visit_button.clicked.connect(self._start_visit)
        self.open_visit_button = QPushButton()
        self.open_visit_button.clicked.connect(
            lambda: self._open("visit", self.visits_model, self.visits_view.currentIndex().row()))
        visit_buttons.addWidget(self.tab_visit_button)
        visit_buttons.addWidget(self.open_visit_button)
        visit_buttons.addStretch(1)
        visits_layout.addLayout(visit_buttons)
        visits_layout.addWidget(self.visits_view)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("organizationTabs")
        self.tabs.addTab(self.contacts, "")
        self.tabs.addTab(visits_tab, "")
        self.tabs.addTab(self.streams_view, "")
        self.tabs.addTab(self.needs_view, "")

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 8, 0)
        body_layout.setSpacing(14)
        self.details_heading = heading_label(name="subheading")
        body_layout.addWidget(self.details_heading)
        body_layout.addWidget(self.form)
        body_layout.addWidget(self.sme_label)
        body_layout.addWidget(self.tabs, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.save_shortcut.activated.connect(self.save)
        self.close_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.close_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.close_shortcut.activated.connect(self.close_editor)
        ctx.records_changed.connect(self._records_changed)
        undo.stack_for(ctx).applied.connect(self._undo_applied)
        self.reload()
        self.retranslate()

    # --- data ---------------------------------------------------------------------------------

    def reload(self) -> None:
        if self.organization_id is None:
            # The country of the last organization registered here, else of the user's language.
            self.form.load({"country": profile.default_country(self.ctx.app), "kind": "company"})
            self.contacts.set_organization(None, [])
            for model in (self.visits_model, self.streams_model, self.needs_model):
                model.set_rows([])
        else:
            overview = browse.organization_overview(self.ctx.app, self.organization_id)
            self.record = overview["organization"]
            self.form.load(self.record)
            self.contacts.set_organization(self.organization_id, overview["contacts"])
            self.visits_model.set_rows(overview["visits"])
            self.streams_model.set_rows(overview["streams"])
            self.needs_model.set_rows(overview["needs"])
            self.overview = overview
        self._update_titles()
        self._update_buttons()
        self._update_sme()

    def _update_sme(self) -> None:
        values = {**self.form.record, **self.form.values()}
        self.sme_label.setText(_("Size class (EU definition): {text}").format(text=display.sme_text(values)))

    def _records_changed(self, tables: frozenset[str]) -> None:
        if self.organization_id and tables & {"contact", "visit", "stream", "need"} and not self.is_dirty():
            self.reload()

    def _undo_applied(self, table: str, ids: set[str]) -> None:
        if table == "organization" and self.organization_id in ids and not self.is_dirty():
            self.reload()

    def is_dirty(self) -> bool:
        return bool(self.form.values(changed_only=True)) or bool(self.form.errors)

    def save(self) -> bool:
        """Create or update; False (with the reason under the field) when something is invalid."""
        before: dict[str, Any] = {}
        if not self.form.validate():
            widget = self.form.first_error_widget()
            if widget is not None:
                widget.setFocus()
            return False
        try:
            if self.organization_id is None:
                values = {k: v for k, v in self.form.values().items() if v not in (None, [], "")}
                self.organization_id = self.ctx.call(record_services.add_record, "organization", values)
                profile.remember_country(self.ctx.app, values.get("country"))
            else:
                changed = self.form.values(changed_only=True)
                if changed:
                    before = dict(self.record)
                    self.ctx.call(record_services.set_record, "organization", self.organization_id, changed)
        except CirkularError as exc:
            if not self.form.show_service_error(exc):
                self.ctx.show_error(self, exc)
            return False
        self.reload()
        if before:
            undo.record_saved(self.ctx, "organization", before, self.record)  # Edit ▸ Undo changes it back
        self.saved.emit(self.organization_id)
        return True

    def can_leave(self) -> bool:
        """Called before the editor is left: valid changes are saved, invalid ones keep the editor open."""
        if self.organization_id is None and not any(
                v for k, v in self.form.values().items() if k not in ("country", "kind")):
            return True  # an untouched new form: nothing to keep
        if not self.is_dirty():
            return True
        return self.save()

    def draft(self) -> dict[str, Any]:
        """What is on screen, valid or not, to be put back after a restart (``settings`` key ``organization_draft``)."""
        return {"id": self.organization_id, "values": self.form.raw_values()}

    def restore_draft(self, draft: dict[str, Any]) -> None:
        self.form.set_raw_values(draft.get("values") or {})
        self._update_buttons()

    def close_editor(self) -> None:
        if self.can_leave():
            self.closed.emit()

    def _start_visit(self) -> None:
        if self.organization_id is None or self.is_dirty():
            if not self.save():
                return
        self.start_visit_requested.emit(self.organization_id)

    def _remove(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.organization_id is None:
            self.closed.emit()
            return
        answer = QMessageBox.question(self, _("Remove organization"), _(
            "Remove “{name}”? This only works while no visits, streams or contacts refer to it.").format(
                name=self.record.get("name", "")))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.call(record_services.remove_record, "organization", self.organization_id)
        except CirkularError as exc:
            self.ctx.show_error(self, exc)
            return
        self.organization_id = None
        self.closed.emit()

    def _open(self, table: str, model: models.RowsModel, row: int) -> None:
        if 0 <= row < len(model.rows):
            self.open_requested.emit(table, model.rows[row]["id"])

    def _update_buttons(self, *args: Any) -> None:
        new = self.organization_id is None
        self.save_button.setEnabled(not self.form.errors and (new or bool(self.form.values(changed_only=True))))
        self.save_button.setText(_("Create") if new else _("Save"))
        self.visit_button.setEnabled(not self.form.errors)
        self.remove_button.setVisible(not new)
        self.tabs.setEnabled(not new)

    def _update_titles(self) -> None:
        if self.organization_id is None:
            self.title.setText(_("New organization"))
            self.subtitle.setText(_("Fields marked * are required. Save to add contacts and start a visit."))
            return
        self.title.setText(self.record.get("name") or "")
        parts = [records.table("organization").field("country").choice_label(self.record.get("country"))]
        municipality = self.form.editors["municipality"].widget.currentText()  # type: ignore[attr-defined]
        if municipality:
            parts.insert(0, municipality)
        self.subtitle.setText(" · ".join(parts))
        counts = [len(self.overview["contacts"]), len(self.overview["visits"]), len(self.overview["streams"]),
                  len(self.overview["needs"])]
        labels = [_("Contacts ({count})"), _("Visits ({count})"), _("Residual streams ({count})"),
                  _("Needs ({count})")]
        for i, (label, n) in enumerate(zip(labels, counts)):
            self.tabs.setTabText(i, label.format(count=n))

    def retranslate(self) -> None:
        self.back_button.setText(_("← Back"))
        self.back_button.setToolTip(_("Back to the list (Esc)"))
        self.save_button.setText(_("Create") if self.organization_id is None else _("Save"))
        self.save_button.setToolTip(_("Save the changes (Ctrl+S)"))
        self.visit_button.setText(_("Start visit"))
        self.visit_button.setToolTip(_("Start a mapping visit at this organization (Ctrl+Shift+N)"))
        self.remove_button.setText(_("Remove…"))
        self.tab_visit_button.setText(_("Start visit"))
        self.open_visit_button.setText(_("Open visit"))
        self.details_heading.setText(_("Details"))
        for view, name in ((self.contacts.view, _("Contacts")), (self.visits_view, _("Visits")),
                           (self.streams_view, _("Residual streams")), (self.needs_view, _("Needs"))):
            describe(view, name, _("Double-click opens the selected row"))
        self.form.retranslate()
        self._update_sme()
        self.contacts.retranslate()
        for model in (self.visits_model, self.streams_model, self.needs_model):
            model.retranslate()
        if self.organization_id is None:
            for i, label in enumerate((_("Contacts"), _("Visits"), _("Residual streams"), _("Needs"))):
                self.tabs.setTabText(i, label)
        self._update_titles()
