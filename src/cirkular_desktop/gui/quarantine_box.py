"""The Sync view's list of bundles held in quarantine, with Apply and Discard.

A bundle stamped more than a day ahead of this computer's clock is held, not
applied (``services.quarantine``). This box lists each held bundle — device,
file, held since, how far ahead, and whether the next import applies it or
it waits for its passphrase — and offers "Apply due bundles…" (the usual
import steps: passphrase if needed, preview, import) and "Discard" (after a
confirmation; the bundle is deleted without being applied). The box hides
itself when nothing is held.

Imports: PySide6, i18n, services.quarantine, gui (import_preview, widgets).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui.import_preview import import_files
from cirkular_desktop.gui.widgets import TableFitter, describe
from cirkular_desktop.i18n import format_datetime, gettext as _
from cirkular_desktop.services import quarantine


def _when(text: str) -> str:
    try:
        return format_datetime(_dt.datetime.fromisoformat(text).astimezone())
    except ValueError:
        return text


def status_text(held: dict[str, Any]) -> str:
    if held.get("kind") == quarantine.TOO_NEW:
        return _("Needs a newer version of Cirkulär ({needs})").format(needs=held.get("needs") or "")
    if not held["due"]:
        return _("Held")
    if held["encrypted"]:
        return _("Due: waits for its passphrase")
    return _("Due: the next import applies it")


class HeldBundlesBox(QGroupBox):
    """Held bundles: what they are, how far ahead, and what can be done with them."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("heldBundles")
        self.held: list[dict[str, Any]] = []
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.view = QTableWidget(0, 5)
        self.view.setObjectName("heldView")
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.fitter = TableFitter(self.view)
        self.view.setMaximumHeight(160)
        self.view.itemSelectionChanged.connect(self._selection_changed)
        self.apply_button = QPushButton()
        self.apply_button.setObjectName("applyHeld")
        self.apply_button.clicked.connect(self.apply_due)
        self.discard_button = QPushButton()
        self.discard_button.setObjectName("discardHeld")
        self.discard_button.clicked.connect(self.ask_discard)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.discard_button)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Held in quarantine"))
        self.hint.setText(_("These bundles are stamped more than a day ahead of this computer's clock, so they "
                            "were not applied: the clock of the device that made them is probably wrong. Each "
                            "import applies them once they are no longer more than a day ahead."))
        self.view.setHorizontalHeaderLabels([_("Device"), _("File"), _("Held since"), _("Ahead by"), _("Status")])
        self.apply_button.setText(_("Apply due bundles…"))
        self.discard_button.setText(_("Discard"))
        describe(self.view, _("Held in quarantine"), _("Bundles stamped more than a day ahead, not applied yet"))
        self.fill(self.held)

    def refresh(self) -> None:
        self.fill(quarantine.held_bundles(self.ctx.app))

    def fill(self, held: list[dict[str, Any]]) -> None:
        self.held = held
        self.setVisible(bool(held))
        self.view.setRowCount(len(held))
        for row, h in enumerate(held):
            cells = [quarantine.device_label(h["device_name"], h["device"]), h["file_name"], _when(h["held_since"]),
                     quarantine.ahead_text(h["ahead_ms"]) if h["ahead_ms"] else "", status_text(h)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, h["bundle_id"])
                self.view.setItem(row, col, item)
        self.fitter.refit()
        self.apply_button.setEnabled(any(h["due"] for h in held))
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.discard_button.setEnabled(self.selected() is not None)

    def selected(self) -> dict[str, Any] | None:
        rows = {index.row() for index in self.view.selectionModel().selectedRows()}
        return self.held[rows.pop()] if len(rows) == 1 and max(rows) < len(self.held) else None

    # --- actions ----------------------------------------------------------------------------------

    def apply_due(self) -> None:
        import_files(self.ctx, [], self)

    def ask_discard(self) -> None:
        held = self.selected()
        if held is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("Discard a held bundle"),
                          _("Discard {file} from {device}? Its changes are not applied here; the device can "
                            "export them again once its clock is right.").format(
                              file=held["file_name"], device=quarantine.device_label(held["device_name"],
                                                                                     held["device"])),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmDiscard")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self.discard(held["bundle_id"])
                                  if box.standardButton(button) == QMessageBox.StandardButton.Yes else None)
        box.open()

    def discard(self, bundle_id: str) -> None:
        try:
            self.ctx.call(quarantine.discard, bundle_id)
        except CirkularError as exc:
            self.ctx.show_error(self, exc)
        self.refresh()
