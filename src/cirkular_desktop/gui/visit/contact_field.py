"""The visit's contact person: the organization's contacts to pick from, and "New contact…" right there.

Someone met at the visit is often not registered yet. "New contact…" opens
the organization's contact dialog; once it is saved, the new person is
chosen as the visit's contact and saved like any other detail of the visit.

Imports: PySide6, i18n, gui (contact_dialog, fields).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget

from cirkular_desktop.gui.contact_dialog import ContactDialog
from cirkular_desktop.gui.fields import FieldEditor
from cirkular_desktop.i18n import gettext as _


def contact_row(page: Any, editor: FieldEditor) -> QWidget:
    """The contact pick list of ``page`` (a VisitPage) with a "New contact…" button beside it."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(editor, 1)
    button = QPushButton(_("New contact…"))
    button.setObjectName("new_visit_contact")
    button.setToolTip(_("Register the person you meet as a contact of the organization and choose them here"))
    button.clicked.connect(lambda: new_contact(page))
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    row.setFocusProxy(editor)
    return row


def new_contact(page: Any) -> str | None:
    """Add a contact to the visited organization and make them the visit's contact; returns the id."""
    organization_id = page.visit.get("organization_id")
    if not organization_id:
        return None
    dialog = ContactDialog(page.ctx, organization_id, None, page)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        new_id = dialog.saved_id
    finally:
        dialog.deleteLater()
    if not accepted or not new_id:
        return None
    page.reload()  # the pick list now has the new person (an outside change would reload it too)
    editor = page.details["contact_id"]
    editor.set_value(new_id)
    page._detail_edited("contact_id")
    page.flush_details()
    return new_id
