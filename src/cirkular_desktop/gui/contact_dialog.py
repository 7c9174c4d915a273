"""Contact persons of an organization: the list in the organization editor and the dialog that edits one.

Contacts are personal data (GDPR): the dialog asks the two consents with
the privacy notice beside them, in the contact's language (Art. 13);
"Export personal data…" writes what is held about the person (Art. 15);
erasure blanks the personal fields and every copy of them here and, through
sync, on every laptop, and cannot be undone (Art. 17). Removing a contact
nobody refers to, and changes made in the dialog, are steps the Edit menu
can undo.

Imports: PySide6, errors, i18n, services (records, privacy_access), gui (form, models, undo, widgets, privacy_view).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui import models, undo
from cirkular_desktop.gui.form import RecordForm
from cirkular_desktop.gui.privacy_view import NoticeView
from cirkular_desktop.gui.widgets import confirm_removal, read_only_rows
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import privacy_access
from cirkular_desktop.services import records as record_services

COUNTRY_LANGUAGE = {"SE": "sv", "NO": "nb"}
CONTACT_FIELDS = ("name", "role", "phone", "email", "language", "consent_contact", "consent_contact_date",
                  "consent", "consent_date", "notes")


class ContactDialog(QDialog):
    """Add or edit one contact person; OK is enabled only while every field is valid."""

    def __init__(self, ctx: Any, organization_id: str, contact: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.organization_id = organization_id
        self.contact = contact
        self.setObjectName("contactDialog")
        self.setWindowTitle(_("Edit contact person") if contact else _("New contact person"))
        self.form = RecordForm("contact", CONTACT_FIELDS, self)
        self.form.load(contact or {"organization_id": organization_id, "language": self._country_language()})
        note = QLabel(_("Contact details are personal data. Show the person the privacy notice below before "
                        "recording the two consents."))
        note.setObjectName("fieldHint")
        note.setWordWrap(True)
        # The notice is shown where consent is asked, in the language the person reads (their own).
        self.notice = NoticeView(ctx, organization_id, self)
        self.form.edited.connect(self._update_notice)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form.validity_changed.connect(
            lambda ok: self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok))
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(note)
        layout.addWidget(self.notice, 1)
        layout.addWidget(self.buttons)
        self._update_notice()
        # A window with wrapping text is not kept at its layout's minimum width by Qt: keep it, so the
        # longest label and choice (a long translation, "Norsk bokmål") fit beside each other.
        self.setMinimumWidth(max(460, layout.minimumSize().width()))
        self.saved_id: str | None = None

    def _update_notice(self) -> None:
        shown = dict(self.contact or {})
        shown.update(self.form.values())
        self.notice.show_for(shown)

    def _country_language(self) -> str:
        """A new contact speaks their organization's language (the summary they get is printed in it)."""
        organization = self.ctx.call(record_services.get_record, "organization", self.organization_id) or {}
        return COUNTRY_LANGUAGE.get(organization.get("country") or "", "sv")

    def accept(self) -> None:
        if not self.form.validate():
            return
        try:
            if self.contact is None:
                values = {k: v for k, v in self.form.values().items() if v not in (None, "", [])}
                values["organization_id"] = self.organization_id
                self.saved_id = self.ctx.call(record_services.add_record, "contact", values)
            else:
                changed = self.form.values(changed_only=True)
                if changed:
                    before = self.ctx.call(record_services.get_record, "contact", self.contact["id"])
                    self.ctx.call(record_services.set_record, "contact", self.contact["id"], changed)
                    after = self.ctx.call(record_services.get_record, "contact", self.contact["id"])
                    undo.record_saved(self.ctx, "contact", before, after)
                self.saved_id = self.contact["id"]
        except CirkularError as exc:
            if not self.form.show_service_error(exc):
                self.ctx.show_error(self, exc)
            return
        super().accept()


class ContactsPanel(QWidget):
    """The contacts tab of the organization editor."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.organization_id: str | None = None
        self.model = models.RowsModel("contact", ("name", "role", "phone", "email", "consent"), self)
        self.view = QTableView()
        self.view.setObjectName("orgContacts")
        self.view.setModel(self.model)
        read_only_rows(self.view)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setMinimumHeight(150)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.add_button = QPushButton()
        self.add_button.setObjectName("addContactButton")
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit)
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("removeContactButton")
        self.remove_button.clicked.connect(self.remove)
        self.erase_button = QPushButton()
        self.erase_button.clicked.connect(self.erase)
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportPersonButton")
        self.export_button.clicked.connect(self.export_person)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.erase_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.view)
        self.retranslate()

    def set_organization(self, organization_id: str | None, contacts: list[dict[str, Any]]) -> None:
        self.organization_id = organization_id
        self.model.set_rows(contacts)

    def _current(self) -> dict[str, Any] | None:
        row = self.view.currentIndex().row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def add(self) -> str | None:
        if self.organization_id is None:
            return None
        dialog = ContactDialog(self.ctx, self.organization_id, None, self)
        try:
            return dialog.saved_id if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def edit(self) -> None:
        contact = self._current()
        if contact is None or self.organization_id is None:
            return
        if contact.get("erased"):
            QMessageBox.information(self, _("Contact person"),
                                    _("This contact's personal data was erased and cannot be edited."))
            return
        dialog = ContactDialog(self.ctx, self.organization_id, contact, self)
        dialog.exec()
        dialog.deleteLater()

    def remove(self) -> bool:
        """Remove a contact nobody refers to (Edit ▸ Undo brings it back); one still in use is refused."""
        contact = self._current()
        if contact is None:
            return False
        if not confirm_removal(self, _("Remove contact person"),
                               _("Remove “{name}” from the organization's contacts?").format(
                                   name=contact.get("name") or "")):
            return False
        try:
            saved = undo.snapshots(self.ctx, "contact", [contact["id"]])
            self.ctx.call(record_services.remove_record, "contact", contact["id"])
        except CirkularError as exc:
            self.ctx.show_error(self, exc)
            return False
        undo.removed(self.ctx, "contact", saved)
        return True

    def erase(self) -> None:
        contact = self._current()
        if contact is None:
            return
        answer = QMessageBox.question(self, _("Erase personal data"), _(
            "Erase the personal data of “{name}”? Name, role, phone, e-mail and notes are blanked, and so is "
            "every copy: questionnaire answers, submitted versions, and notes, captions and other text that "
            "hold the name, phone or e-mail. This happens here and on every laptop that imports your next "
            "bundle, and cannot be undone.").format(name=contact.get("name") or ""))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.call(record_services.erase_contact, contact["id"])
        except CirkularError as exc:
            self.ctx.show_error(self, exc)

    def export_person(self) -> str | None:
        """GDPR access: everything held about the chosen person, to a JSON file the user picks."""
        contact = self._current()
        if contact is None:
            return None
        suggested = "person-" + contact["id"][:8] + ".json"
        path, _filter = QFileDialog.getSaveFileName(self, _("Export personal data"), suggested,
                                                    _("JSON files (*.json)"))
        if not path:
            return None
        if not path.lower().endswith(".json"):
            path += ".json"
        try:
            written = self.ctx.call(privacy_access.export_person, contact["id"], path)
        except CirkularError as exc:
            self.ctx.show_error(self, exc)
            return None
        return str(written)

    def retranslate(self) -> None:
        self.export_button.setText(_("Export personal data…"))
        self.export_button.setToolTip(_("Everything held about this person, with its history, as a JSON file "
                                        "to hand over when they ask (GDPR Art. 15)"))
        self.add_button.setText(_("Add contact…"))
        self.edit_button.setText(_("Edit…"))
        self.remove_button.setText(_("Remove…"))
        self.erase_button.setText(_("Erase personal data…"))
        self.model.retranslate()
