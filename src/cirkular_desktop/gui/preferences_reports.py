"""Preferences ▸ Reports: the target groups, the programme's and partners' logos, your contact details.

Opened from the Preferences dialog ("Documents and reports…"). Everything
it shows and saves goes through ``services.report_settings``; this page
only lays the values out and reports a refusal in one line.

Imports: PySide6, i18n, errors, reports.data, services.report_settings, gui (context; preferences for annotations).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QListWidget, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from cirkular_desktop.errors import CirkularError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.reports.data import ContactDetails
from cirkular_desktop.services import report_settings

if TYPE_CHECKING:  # pragma: no cover - annotations only: the Preferences dialog imports this module
    from cirkular_desktop.gui.preferences import PreferencesDialog

IMAGE_FILTER = "*.png *.jpg *.jpeg"


class ReportsPreferencesDialog(QDialog):
    """What the documents need: how the target of 24 SMEs is split, the logos, who the participant contacts."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reportsPreferences")
        self.setWindowTitle(_("Documents and reports"))
        self.setMinimumWidth(620)
        current = ctx.call(report_settings.load)
        self.folder = ctx.call(report_settings.logo_folder)

        # Target groups
        self.basis = QComboBox()
        self.basis.addItem(_("By year of the first finished visit"), "year")
        self.basis.addItem(_("By region (municipalities)"), "region")
        self.basis.setCurrentIndex(max(0, self.basis.findData(current.targets.basis)))
        self.groups = QTableWidget(0, 3)
        self.groups.setObjectName("targetGroups")
        self.groups.setHorizontalHeaderLabels([_("Name"), _("Target"), _("Years or municipalities")])
        self.groups.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.groups.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for group in current.targets.groups:
            self._add_group_row(group.name, str(group.target),
                                report_settings.members_text(current.targets.basis, group))
        add_group, remove_group = QPushButton(_("&Add group")), QPushButton(_("Remove group"))
        add_group.clicked.connect(lambda: self._add_group_row("", "8", ""))
        remove_group.clicked.connect(lambda: self.groups.removeRow(self.groups.currentRow()))
        target_box = QGroupBox(_("Target: participating SMEs"))
        target_layout = QVBoxLayout(target_box)
        basis_row = QFormLayout()
        basis_row.addRow(_("Split the &target:"), self.basis)
        target_layout.addLayout(basis_row)
        target_layout.addWidget(self.groups)
        hint = QLabel(_("Years as 2025, 2026; municipalities by name, e.g. Säffle, Torsby. The targets add up to "
                        "the project's target."))
        hint.setWordWrap(True)
        hint.setObjectName("fieldHint")
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(add_group)
        buttons_row.addWidget(remove_group)
        buttons_row.addStretch(1)
        target_layout.addLayout(buttons_row)
        target_layout.addWidget(hint)

        # Logos
        self.programme = QLabel()
        self.programme.setObjectName("programmeLogo")
        self.programme_source: str | None = current.programme_logo and str(self.folder / current.programme_logo)
        choose, clear = QPushButton(_("C&hoose…")), QPushButton(_("Remove"))
        choose.clicked.connect(self._choose_programme)
        clear.clicked.connect(self._clear_programme)
        self.partners = QListWidget()
        self.partners.setObjectName("partnerLogos")
        self.partners.setMaximumHeight(90)
        for name in current.partner_logos:
            self.partners.addItem(str(self.folder / name))
        add_partner, remove_partner = QPushButton(_("Add &logo…")), QPushButton(_("Remove logo"))
        add_partner.clicked.connect(self._add_partner)
        remove_partner.clicked.connect(lambda: self.partners.takeItem(self.partners.currentRow()))
        logo_box = QGroupBox(_("Logos"))
        logo_form = QFormLayout(logo_box)
        programme_row = QHBoxLayout()
        programme_row.addWidget(self.programme, 1)
        programme_row.addWidget(choose)
        programme_row.addWidget(clear)
        logo_form.addRow(_("Programme's logo:"), programme_row)
        partner_buttons = QVBoxLayout()
        partner_buttons.addWidget(add_partner)
        partner_buttons.addWidget(remove_partner)
        partner_buttons.addStretch(1)
        partner_row = QHBoxLayout()
        partner_row.addWidget(self.partners, 1)
        partner_row.addLayout(partner_buttons)
        logo_form.addRow(_("Partners' logos:"), partner_row)
        self._show_programme()

        # Contact details
        contact = current.contact
        self.contact_fields = [QLineEdit(contact.name), QLineEdit(contact.role), QLineEdit(contact.phone),
                               QLineEdit(contact.email)]
        contact_box = QGroupBox(_("Your contact details in visit summaries"))
        contact_form = QFormLayout(contact_box)
        for text, field in zip((_("Name:"), _("Role:"), _("Phone:"), _("E-mail:")), self.contact_fields):
            contact_form.addRow(text, field)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(target_box)
        layout.addWidget(logo_box)
        layout.addWidget(contact_box)
        layout.addWidget(self.buttons)

    def _add_group_row(self, name: str, target: str, members: str) -> None:
        row = self.groups.rowCount()
        self.groups.insertRow(row)
        for column, text in enumerate((name, target, members)):
            self.groups.setItem(row, column, QTableWidgetItem(text))

    def _show_programme(self) -> None:
        if self.programme_source:
            self.programme.setText(Path(self.programme_source).name)
        else:
            self.programme.setText(_("Not set: documents show a warning until it is"))

    def _choose_programme(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("The programme's logo"), "",
                                                    _("Images ({patterns})").format(patterns=IMAGE_FILTER))
        if path:
            self.programme_source = path
            self._show_programme()

    def _clear_programme(self) -> None:
        self.programme_source = None
        self._show_programme()

    def _add_partner(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, _("Partners' logos"), "",
                                                      _("Images ({patterns})").format(patterns=IMAGE_FILTER))
        for path in paths:
            self.partners.addItem(path)

    def group_rows(self) -> list[tuple[str, str, str]]:
        rows: list[tuple[str, str, str]] = []
        for row in range(self.groups.rowCount()):
            name, target, members = (cell.text() if (cell := self.groups.item(row, column)) is not None else ""
                                     for column in range(3))
            rows.append((name, target, members))
        return rows

    def accept(self) -> None:
        basis = self.basis.currentData()
        partners = [self.partners.item(i).text() for i in range(self.partners.count())]
        details = ContactDetails(*(field.text() for field in self.contact_fields))
        current = self.ctx.call(report_settings.load)
        programme_now = current.programme_logo and str(self.folder / current.programme_logo)
        try:
            self.ctx.call(report_settings.save_targets, basis, self.group_rows())
            if self.programme_source != programme_now:
                self.ctx.call(report_settings.set_programme_logo, self.programme_source)
            self.ctx.call(report_settings.set_partner_logos, partners)
            self.ctx.call(report_settings.save_contact, details)
        except CirkularError as exc:   # one line saying what is wrong; the dialog and what was typed stay
            self.ctx.show_error(self, exc)
            return
        super().accept()


def add_button(dialog: PreferencesDialog, layout: QVBoxLayout) -> QPushButton:
    """The Preferences dialog's way to this page: a button above its OK and Cancel."""
    button = QPushButton(_("Documents and &reports…"))
    button.setObjectName("reportsPreferencesButton")
    button.clicked.connect(lambda: ReportsPreferencesDialog(dialog.ctx, dialog).exec())
    layout.insertWidget(max(0, layout.count() - 1), button)
    return button
