"""The match editor: notes, next step with who and when, contacts on both sides, processor, photos,
the history, test environments and outcomes, and what may be passed on to the partner.

The contact pick lists name every contact of each side, marking those who
have not agreed to be shared; the "For the partner" text holds only contacts
``core.privacy.contact_is_shared`` allows (``services.workspace_views``).

Saving pushes the changed fields onto the app's undo stack (``gui.undo``), as the other editors do, and
so do the test environments and outcomes made from here; Ctrl+Z / Ctrl+Shift+Z work inside the editor
too, and it shows the match as stored after an undo.

Imports: PySide6, i18n, core (explain, match_text), errors, services (records, workspace_views),
gui (undo, widgets, visit.photos, matchmaking.record_editor).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

from cirkular_desktop.core import explain, match_text
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui import undo
from cirkular_desktop.gui.matchmaking.record_editor import WorkspaceRecordDialog
from cirkular_desktop.gui.widgets import WrapLabel, day_first_as_iso, describe, heading_label, title_label
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import records as record_services
from cirkular_desktop.services import workspace_views

_ID = Qt.ItemDataRole.UserRole
# The fields this editor writes: the steps it puts on the undo stack name only these.
EDITED = ("title", "processor_id", "supplier_contact_id", "receiver_contact_id", "next_step", "next_step_owner",
          "next_step_due", "notes")


class MatchEditor(QDialog):
    def __init__(self, ctx: Any, match_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.match_id = ctx, match_id
        self.setObjectName("matchEditor")
        self.data: dict[str, Any] = {}
        self.heading = heading_label()
        self.heading.setWordWrap(True)
        self.summary = WrapLabel()
        self.summary.setObjectName("matchSummary")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("matchTabs")

        # Details
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("field_title")
        self.processor = QComboBox()
        self.processor.setObjectName("field_processor_id")
        self.supplier_contact = QComboBox()
        self.supplier_contact.setObjectName("field_supplier_contact_id")
        self.receiver_contact = QComboBox()
        self.receiver_contact.setObjectName("field_receiver_contact_id")
        self.next_step = QLineEdit()
        self.next_step.setObjectName("field_next_step")
        self.next_owner = QLineEdit()
        self.next_owner.setObjectName("field_next_step_owner")
        self.next_due = QLineEdit()
        self.next_due.setObjectName("field_next_step_due")
        self.next_due.setPlaceholderText("2026-12-31")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("field_notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(80)
        for combo in (self.processor, self.supplier_contact, self.receiver_contact):
            combo.setMinimumContentsLength(20)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.details_form = QFormLayout()
        details = QWidget()
        details.setLayout(self.details_form)
        self.labels: dict[str, Any] = {}
        for key, widget in (("title", self.title_edit), ("processor", self.processor),
                            ("supplier_contact", self.supplier_contact), ("receiver_contact", self.receiver_contact),
                            ("next_step", self.next_step), ("next_owner", self.next_owner),
                            ("next_due", self.next_due), ("notes", self.notes)):
            self.details_form.addRow(key, widget)
            self.labels[key] = self.details_form.labelForField(widget)
        self.why = WrapLabel()
        self.why.setObjectName("matchWhy")
        why_page = QWidget()
        why_layout = QVBoxLayout(why_page)
        why_layout.addWidget(self.why)
        why_layout.addStretch(1)

        # History, test environments and outcomes
        self.history = QListWidget()
        self.history.setObjectName("matchHistory")
        self.tests = QListWidget()
        self.tests.setObjectName("matchTests")
        self.outcomes = QListWidget()
        self.outcomes.setObjectName("matchOutcomes")
        self.new_test = QPushButton()
        self.new_test.setObjectName("newTestEnvironment")
        self.new_test.clicked.connect(lambda: self.edit_record("test_environment", None))
        self.new_outcome = QPushButton()
        self.new_outcome.setObjectName("newOutcome")
        self.new_outcome.clicked.connect(lambda: self.edit_record("outcome", None))
        self.tests.itemActivated.connect(lambda item: self.edit_record("test_environment", item.data(_ID)))
        self.outcomes.itemActivated.connect(lambda item: self.edit_record("outcome", item.data(_ID)))
        results = QWidget()
        results_layout = QVBoxLayout(results)
        self.tests_heading = title_label()
        self.outcomes_heading = title_label()
        row1 = QHBoxLayout()
        row1.addWidget(self.tests_heading, 1)
        row1.addWidget(self.new_test)
        row2 = QHBoxLayout()
        row2.addWidget(self.outcomes_heading, 1)
        row2.addWidget(self.new_outcome)
        results_layout.addLayout(row1)
        results_layout.addWidget(self.tests)
        results_layout.addLayout(row2)
        results_layout.addWidget(self.outcomes)

        # Photos and documents (the attachment services the visit uses)
        from cirkular_desktop.gui.visit.photos import PhotoStrip

        self.photos = PhotoStrip(ctx)
        self.photos.set_owner("match", match_id)
        photos_page = QWidget()
        photos_layout = QVBoxLayout(photos_page)
        photos_layout.addWidget(self.photos)
        photos_layout.addStretch(1)

        # For the partner
        self.partner_text = QPlainTextEdit()
        self.partner_text.setObjectName("partnerText")
        self.partner_text.setReadOnly(True)
        self.copy_button = QPushButton()
        self.copy_button.setObjectName("copyPartnerText")
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.partner_text.toPlainText()))
        self.partner_hint = WrapLabel()
        partner_page = QWidget()
        partner_layout = QVBoxLayout(partner_page)
        partner_layout.addWidget(self.partner_hint)
        partner_layout.addWidget(self.partner_text, 1)
        partner_layout.addWidget(self.copy_button)

        self.tabs.addTab(details, "")
        self.tabs.addTab(why_page, "")
        self.tabs.addTab(self.history, "")
        self.tabs.addTab(results, "")
        self.tabs.addTab(photos_page, "")
        self.tabs.addTab(partner_page, "")
        self.message = WrapLabel()
        self.message.setObjectName("fieldError")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        by_name = getattr(getattr(parent, "actions_", None), "by_name", {})
        for name in ("undo", "redo"):   # the main window's Edit ▸ Undo/Redo (Ctrl+Z) work here too
            if name in by_name:
                self.addAction(by_name[name])
        undo.stack_for(ctx).applied.connect(self._undo_applied)
        self.retranslate()
        self.load()
        self.resize(760, 600)

    # --- data ---------------------------------------------------------------------------------

    def load(self) -> None:
        self.data = self.ctx.call(workspace_views.match_context, self.match_id)
        match = self.data["match"]
        self.heading.setText(match.get("title") or "")
        stage = match_text.stage_label(match.get("stage"))
        sides = " → ".join(x for x in (match_text.party(self.data.get("supplier")),
                                        match_text.party(self.data.get("receiver"))) if x)
        self.summary.setText(" · ".join(x for x in (stage, sides) if x))
        self.title_edit.setText(match.get("title") or "")
        # Organizations whose industry takes in the stream's material come first, marked ✓ (see the tooltip).
        self._fill_combo(self.processor, [(o["id"], "✓ " + o["name"] if o.get("processes") else o["name"])
                                          for o in self.data["organizations"]], match.get("processor_id"))
        for combo, side, field in ((self.supplier_contact, "supplier_contacts", "supplier_contact_id"),
                                   (self.receiver_contact, "receiver_contacts", "receiver_contact_id")):
            options = [(c["id"], c["name"] if c["shared"] else _("{name} (not shared with the partner)").format(
                name=c["name"])) for c in self.data[side]]
            self._fill_combo(combo, options, match.get(field))
        self.next_step.setText(match.get("next_step") or "")
        self.next_owner.setText(match.get("next_step_owner") or "")
        self.next_due.setText(match.get("next_step_due") or "")
        self.notes.setPlainText(match.get("notes") or "")
        lines = []
        if match.get("score"):
            parts = ", ".join(f"{match_text.component_label(k)} {match_text.number(v)}"
                              for k, v in match_text.ordered_components(match))
            lines.append(_("Score {score}").format(score=match_text.number(match["score"])) + (f" ({parts})"
                                                                                               if parts else ""))
        lines += ["• " + explain.describe(r) for r in match_text.reasons_of(match)]
        flags = match_text.flags_of(match)
        lines += ["⚑ " + explain.describe(f) for f in flags]
        if match.get("rule_set"):
            lines.append(_("{rules}, checked {date}").format(rules=match["rule_set"],
                                                             date=match_text.date(match.get("flags_checked_on"))))
        if flags and match_text.caution():
            lines.append(match_text.caution())
        if match.get("stage") == "rejected":
            lines.append(_("Reason for rejection") + ": " + " — ".join(
                x for x in (match_text.reason_label(match.get("rejection_reason")), match.get("rejection_note") or "")
                if x))
        self.why.setText("\n".join(lines) or _("Not from a suggestion."))
        self.history.clear()
        for event in self.data["history"]:
            self.history.addItem(match_text.event_line(event))
        for widget, items, render in ((self.tests, self.data["test_environments"], match_text.test_line),
                                      (self.outcomes, self.data["outcomes"], match_text.outcome_line)):
            widget.clear()
            for record in items:
                item = QListWidgetItem(render(record))
                item.setData(_ID, record["id"])
                widget.addItem(item)
        self.photos.set_owner("match", self.match_id)
        self._fill_partner_text()

    def _fill_combo(self, combo: QComboBox, options: list[tuple[str, str]], current: str | None) -> None:
        combo.clear()
        combo.addItem("—", None)
        for value, label in options:
            combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))

    def _fill_partner_text(self) -> None:
        contacts = self.ctx.call(workspace_views.partner_contacts, self.match_id)
        match = self.data["match"]
        lines = [match.get("title") or "",
                 _("Residual stream") + ": " + " · ".join(x for x in (
                     self.data["stream"].get("title") or "", match_text.party(self.data.get("supplier"))) if x),
                 _("Need") + ": " + " · ".join(x for x in (
                     self.data["need"].get("title") or "", match_text.party(self.data.get("receiver"))) if x)]
        for contact in contacts:
            details = ", ".join(x for x in (contact.get("role"), contact.get("phone"), contact.get("email")) if x)
            lines.append(_("Contact: {name}").format(name=contact["name"]) + (f" ({details})" if details else ""))
        if match.get("next_step"):
            lines.append(_("Next step") + ": " + match["next_step"])
        self.partner_text.setPlainText("\n".join(lines))

    def values(self) -> dict[str, Any]:
        wanted = {"title": self.title_edit.text().strip() or None,
                  "processor_id": self.processor.currentData(),
                  "supplier_contact_id": self.supplier_contact.currentData(),
                  "receiver_contact_id": self.receiver_contact.currentData(),
                  "next_step": self.next_step.text().strip() or None,
                  "next_step_owner": self.next_owner.text().strip() or None,
                  "next_step_due": day_first_as_iso(self.next_due.text().strip()) or None,
                  "notes": self.notes.toPlainText().strip() or None}
        match = self.data["match"]
        return {k: v for k, v in wanted.items() if v != (match.get(k) or None)}

    def save(self) -> None:
        values = self.values()
        before = dict(self.data["match"])
        try:
            if values:
                self.ctx.call(record_services.set_record, "match", self.match_id, values, from_text=True)
                after = self.ctx.call(record_services.get_record, "match", self.match_id)
                undo.record_saved(self.ctx, "match", before, after, fields=EDITED)   # Edit ▸ Undo changes it back
        except CirkularError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText("")
        self.accept()

    def _undo_applied(self, table: str, ids: set[str]) -> None:
        """An undo or redo changed this match or one of its results: show them as stored now."""
        if table not in ("match", "test_environment", "outcome") or not self.isVisible():
            return
        if table == "match" and self.match_id not in ids:
            return
        try:
            self.load()
        except CirkularError as exc:   # the match itself is gone (its addition was undone elsewhere)
            self.message.setText(exc.message)

    def edit_record(self, table: str, record_id: str | None) -> None:
        dialog = WorkspaceRecordDialog(self.ctx, table, record_id, defaults={"match_id": self.match_id},
                                       parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.load()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Match"))
        for key, text in (("title", _("Title")), ("processor", _("Processor")),
                          ("supplier_contact", _("Contact at the supplier")),
                          ("receiver_contact", _("Contact at the receiver")), ("next_step", _("Next step")),
                          ("next_owner", _("Next step by")), ("next_due", _("Next step due")),
                          ("notes", _("Notes"))):
            self.labels[key].setText(text)
        self.processor.setToolTip(_("✓: the organization's industry code says it takes in this stream's material"))
        for i, text in enumerate((_("Details"), _("Why it was suggested"), _("History"),
                                  _("Test environments and outcomes"), _("Photos"), _("For the partner"))):
            self.tabs.setTabText(i, text)
        self.tests_heading.setText(_("Test environments"))
        self.outcomes_heading.setText(_("Outcomes"))
        self.new_test.setText(_("New test environment…"))
        self.new_outcome.setText(_("New outcome…"))
        self.copy_button.setText(_("Copy"))
        self.partner_hint.setText(_("What may be passed on to the other side: contacts only with their consent."))
        describe(self.history, _("History"), _("Every change of stage, with the date, who and a note"))
        describe(self.tests, _("Test environments"), _("Double-click opens the selected row"))
        describe(self.outcomes, _("Outcomes"), _("Double-click opens the selected row"))
        describe(self.partner_text, _("For the partner"), self.partner_hint.text())
