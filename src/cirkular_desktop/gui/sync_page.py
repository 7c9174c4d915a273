"""The Sync view: export a bundle, import bundles, and the history per device with gaps highlighted.

``SyncPage`` shows this device and its changes not yet exported, an export
form (file; for whom: what the known devices still need, what one named
device has not acknowledged, or everything for a new device; optional
passphrase), an import button (bundles can also be dropped on the page or
the window; a dropped file that is not a bundle is refused with one line),
the bundles held in quarantine (``gui.quarantine_box``), the devices whose
changes this database holds — a missing range of a device's changes is
shown in red with what to do — and every bundle imported or exported here.
``ConflictsPage`` (in ``gui.conflicts_page``) and
``import_files`` (in ``gui.import_preview``) are re-exported here because
the main window finds the sync pages in this module.

Imports: PySide6, i18n, services (sync, recipients, maintenance, demo_folder), gui (widgets,
import_preview, conflicts_page, quarantine_box).
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QScrollArea, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui.conflicts_page import ConflictsPage  # noqa: F401 - the main window looks here
from cirkular_desktop.gui.import_preview import BUCKET_LABELS, format_ranges, import_files  # noqa: F401 - idem
from cirkular_desktop.gui import theme
from cirkular_desktop.gui.quarantine_box import HeldBundlesBox
from cirkular_desktop.gui.widgets import ReflowBox, TableFitter, describe, heading_label, set_invalid
from cirkular_desktop.i18n import format_datetime, format_decimal, gettext as _, ngettext
from cirkular_desktop.services import demo_folder, maintenance, passphrases, quarantine, recipients
from cirkular_desktop.services import sync as sync_services

# The export's recipient choice: what the known devices still need, "device:<id>", or everything.
FOR_KNOWN, FOR_DEVICE, FOR_NEW = "known", "device:", "new"


def _when(text: str | None) -> str:
    if not text:
        return ""
    try:
        return format_datetime(_dt.datetime.fromisoformat(text).astimezone())
    except ValueError:
        return text


class _ReadOnlyTable(QTableWidget):
    """The devices and history tables: rows selected whole, columns kept within the width by ``fitter``
    (read down, never scrolled sideways)."""

    def __init__(self, name: str, columns: int) -> None:
        super().__init__(0, columns)
        self.setObjectName(name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        self.setMinimumHeight(140)
        self.fitter = TableFitter(self)


class SyncPage(QWidget):
    """Export and import bundles; see what arrived from whom and what is missing."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("syncPage")
        self.setAcceptDrops(True)
        self.history_data: dict[str, Any] = {"entries": [], "devices": []}
        self.heading = heading_label()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.device_label = QLabel()
        self.device_label.setObjectName("deviceLabel")
        self.pending_label = QLabel()
        self.pending_label.setObjectName("pendingLabel")

        self.export_box = QGroupBox()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("exportPath")
        self.browse_button = QPushButton()
        self.browse_button.clicked.connect(self.choose_export_file)
        self.recipient_label = QLabel()
        self.recipient_combo = QComboBox()
        self.recipient_combo.setObjectName("exportRecipient")
        # Long device names must not widen the window: the list shows them in full when opened.
        self.recipient_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.recipient_combo.setMinimumContentsLength(24)
        self.recipient_devices: list[dict[str, Any]] = []
        self.encrypt_check = QCheckBox()
        self.encrypt_check.setObjectName("encrypt")
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setObjectName("passphrase")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setObjectName("passphraseConfirm")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        # Bundles carry personal data: encrypted unless the user says otherwise (issue #13).
        self.encrypt_check.setChecked(True)
        self.remember_check = QCheckBox()
        self.remember_check.setObjectName("rememberPassphrase")
        self.encrypt_check.toggled.connect(self._encryption_toggled)
        self.export_error = QLabel()
        self.export_error.setObjectName("fieldError")
        self.export_error.setWordWrap(True)
        self.export_button = QPushButton()
        self.export_button.setObjectName("primaryButton")
        self.export_button.clicked.connect(self.export)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.export_form = QFormLayout()
        self.export_form.addRow("", path_row)
        self.export_form.addRow(self.recipient_label, self.recipient_combo)
        self.export_form.addRow("", self.encrypt_check)
        self.export_form.addRow("", self.passphrase_edit)
        self.export_form.addRow("", self.confirm_edit)
        self.export_form.addRow("", self.remember_check)
        export_layout = QVBoxLayout(self.export_box)
        export_layout.addLayout(self.export_form)
        export_layout.addWidget(self.export_error)
        export_row = QHBoxLayout()
        export_row.addStretch(1)
        export_row.addWidget(self.export_button)
        export_layout.addLayout(export_row)

        self.import_box = QGroupBox()
        self.import_hint = QLabel()
        self.import_hint.setWordWrap(True)
        self.import_hint.setMinimumWidth(160)  # takes more lines rather than widening the page
        self.import_button = QPushButton()
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.choose_import_files)
        import_layout = QHBoxLayout(self.import_box)
        import_layout.addWidget(self.import_hint, 1)
        import_layout.addWidget(self.import_button)

        self.held_box = HeldBundlesBox(ctx)
        self.devices_heading = heading_label("", "subheading")
        self.gap_warning = QLabel()
        self.gap_warning.setObjectName("fieldError")
        self.gap_warning.setWordWrap(True)
        self.devices_view = _ReadOnlyTable("devicesView", 5)
        self.history_heading = heading_label("", "subheading")
        self.history_empty = QLabel()
        self.history_empty.setObjectName("fieldHint")
        self.history_view = _ReadOnlyTable("historyView", 7)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        status_row = QHBoxLayout()
        status_row.addWidget(self.device_label)
        status_row.addStretch(1)
        status_row.addWidget(self.pending_label)
        layout.addLayout(status_row)
        boxes = ReflowBox(spacing=12)   # side by side on a wide screen, one under the other on a small one
        boxes.add(self.export_box, 3)
        boxes.add(self.import_box, 2)
        layout.addWidget(boxes)
        layout.addWidget(self.held_box)
        layout.addWidget(self.devices_heading)
        layout.addWidget(self.gap_warning)
        layout.addWidget(self.devices_view)
        layout.addWidget(self.history_heading)
        layout.addWidget(self.history_empty)
        layout.addWidget(self.history_view, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self._encryption_toggled(True)
        self._fill_passphrase()
        self.demo = demo_folder.is_demo(ctx.app)
        if self.demo:   # made-up data: the service refuses it too, the page does not even offer it
            for widget in (self.path_edit, self.browse_button, self.recipient_combo, self.encrypt_check,
                           self.passphrase_edit, self.confirm_edit, self.export_button):
                widget.setEnabled(False)
        ctx.records_changed.connect(self._changed)
        ctx.language_changed.connect(lambda _lang: self.retranslate())
        self.retranslate()

    # --- texts ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        # An error shown under the export is said again in the new language when it is one of ours; one that
        # came from the last attempt (a file that could not be written) is cleared rather than left in the
        # old language — trying again says it anew.
        msgid = getattr(self, "_export_error_msgid", None)
        self.export_error.setText(_(msgid) if msgid else "")
        if getattr(self, "demo", False):
            self.export_error.setText(_("This is the demo data: it is never exported."))
        self.heading.setText(_("Sync"))
        self.intro.setText(_("Laptops and the coordinator exchange bundle files (.cirkular) by USB stick or "
                             "e-mail. Import merges them; nothing is ever lost: competing edits wait under "
                             "Conflicts."))
        self.export_box.setTitle(_("Export a bundle"))
        self.path_edit.setPlaceholderText(_("File to write, e.g. on a USB stick"))
        self.browse_button.setText(_("Choose…"))
        self.recipient_label.setText(_("For:"))
        self.encrypt_check.setText(_("Encrypt with a passphrase (recommended: bundles hold personal data)"))
        self.remember_check.setText(_("Remember the passphrase in the system keyring"))
        self.remember_check.setToolTip(_("Only if you tick this: the passphrase is kept in this computer's "
                                         "keyring, never in a file.") if passphrases.available() else
                                       _("This computer has no system keyring, so the passphrase cannot be "
                                         "remembered."))
        self.passphrase_edit.setPlaceholderText(_("Passphrase, at least 8 characters"))
        self.confirm_edit.setPlaceholderText(_("The same passphrase again"))
        self.export_button.setText(_("Export"))
        self.import_box.setTitle(_("Import bundles"))
        self.import_hint.setText(_("Choose bundle files, or drop them on this window. You see what will change "
                                   "before anything is imported."))
        self.import_button.setText(_("Import…"))
        self.devices_heading.setText(_("Devices"))
        self.devices_view.setHorizontalHeaderLabels([_("Device"), _("Changes held"), _("Missing changes"),
                                                     _("Last bundle from it"), _("Device id")])
        self.history_heading.setText(_("Bundles imported and exported"))
        self.history_empty.setText(_("No bundle has been imported or exported here yet."))
        self.history_view.setHorizontalHeaderLabels([_("When"), _("Direction"), _("Device"), _("File"),
                                                     _("Changes"), _("New here"), _("Outcome")])
        self.held_box.retranslate()
        # For screen readers: each field says what it is and what it is for.
        describe(self.path_edit, _("File to write"), _("File to write, e.g. on a USB stick"))
        describe(self.recipient_combo, _("For:"), _("Which computers the bundle is for"))
        describe(self.passphrase_edit, _("Passphrase"), _("Passphrase, at least 8 characters"))
        describe(self.confirm_edit, _("The same passphrase again"), _("Passphrase, at least 8 characters"))
        describe(self.encrypt_check, self.encrypt_check.text(), _("Export a bundle"))
        describe(self.remember_check, self.remember_check.text(), self.remember_check.toolTip())
        describe(self.devices_view, _("Devices"), _("Every computer whose changes this database holds; "
                                                    "missing changes are marked"))
        describe(self.history_view, _("Bundles imported and exported"), _("Newest first"))
        self.refresh()

    # --- data -----------------------------------------------------------------------------------

    def _changed(self, tables: Any) -> None:
        if self.isVisible() or "sync" in tables:
            self.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        info = maintenance.device_info(self.ctx.app)
        self.device_label.setText(_("This device: {name} ({id})").format(
            name=info.get("name") or _("unnamed device"), id=info.get("device", "")))
        pending = self.ctx.call(sync_services.pending_count)
        self.pending_label.setText(ngettext("{count} change not exported yet", "{count} changes not exported yet",
                                            pending).format(count=format_decimal(pending)))
        self.history_data = self.ctx.call(sync_services.history)
        self._fill_recipients()
        self._fill_devices()
        self._fill_history()
        self.held_box.refresh()

    def _fill_recipients(self) -> None:
        """Known devices by name; keeps the choice made when the list is filled again."""
        chosen = self.recipient_combo.currentData()
        self.recipient_devices = self.ctx.call(recipients.known_devices)
        self.recipient_combo.blockSignals(True)
        self.recipient_combo.clear()
        self.recipient_combo.addItem(_("The known devices: what any of them still needs"), FOR_KNOWN)
        for d in self.recipient_devices:
            name = d["name"] or _("unnamed device")
            self.recipient_combo.addItem(_("Only {device} ({id}): what it has not acknowledged").format(
                device=name, id=d["device"]), FOR_DEVICE + d["device"])
        self.recipient_combo.addItem(_("A new device: everything this database holds"), FOR_NEW)
        index = self.recipient_combo.findData(chosen) if chosen else 0
        self.recipient_combo.setCurrentIndex(max(index, 0))
        self.recipient_combo.blockSignals(False)

    def _fill_devices(self) -> None:
        devices = self.history_data["devices"]
        self.devices_view.setRowCount(len(devices))
        gaps = []
        for row, d in enumerate(devices):
            name = d["name"] or _("unnamed device")
            if d["this_device"]:
                name = _("{name} (this device)").format(name=name)
            missing = format_ranges(d["missing"]) if d["missing"] else ""
            cells = [name, format_decimal(d["operations"]), missing or _("none"), _when(d["last_seen"]), d["device"]]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if d["missing"]:
                    item.setBackground(QBrush(theme.color("gap_bg")))
                    item.setToolTip(_("Changes {ranges} of this device never arrived here.").format(ranges=missing))
                self.devices_view.setItem(row, col, item)
            if d["missing"]:
                gaps.append(_("Changes {ranges} of “{device}” are missing: import its bundles that hold them, or ask "
                              "for a new export.").format(ranges=missing, device=d["name"] or d["device"]))
        self.gap_warning.setText("\n".join(gaps))
        self.gap_warning.setVisible(bool(gaps))
        self.devices_view.fitter.refit()

    def _fill_history(self) -> None:
        entries = self.history_data["entries"]
        self.history_empty.setVisible(not entries)
        self.history_view.setRowCount(len(entries))
        for row, e in enumerate(entries):
            direction = _("Imported") if e["direction"] == "import" else _("Exported")
            if e["direction"] == "dropped":   # a held bundle deleted by an erasure (services.quarantine)
                direction = _("Deleted from quarantine")
            elif e.get("encrypted"):
                direction = _("{direction}, encrypted").format(direction=direction)
            outcome = e.get("outcome") or {}
            summary = ", ".join(_("{count} {bucket}").format(count=format_decimal(outcome[b]),
                                                              bucket=_(BUCKET_LABELS[b]).lower())
                                for b in ("new", "updated", "deleted", "conflicting") if outcome.get(b))
            cells = [_when(e["at"]), direction, e.get("device_name") or e["device"], e.get("file_name", ""),
                     format_decimal(e["operations"]), format_decimal(e["new_operations"]), summary]
            tip = _("Bundle {id}, made {created}").format(id=e["bundle_id"], created=_when(e["created"]))
            if e["direction"] == "dropped":
                cells[-1] = tip = quarantine.dropped_text(dict(e, why=e.get("reason", "")))
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                self.history_view.setItem(row, col, item)
        self.history_view.fitter.refit()

    # --- export -----------------------------------------------------------------------------------

    def _encryption_toggled(self, on: bool) -> None:
        self.passphrase_edit.setVisible(on)
        self.confirm_edit.setVisible(on)
        self.remember_check.setVisible(on)

    def _fill_passphrase(self) -> None:
        """A passphrase the user asked to remember comes back from the system keyring."""
        self.remember_check.setEnabled(passphrases.available())
        remembered = passphrases.remembered(self.ctx.app) if self.remember_check.isEnabled() else None
        if remembered:
            self.passphrase_edit.setText(remembered)
            self.confirm_edit.setText(remembered)
            self.remember_check.setChecked(True)

    def choose_export_file(self) -> None:
        suggested = self.path_edit.text() or str(Path.home() / sync_services.suggested_file_name(self.ctx.app))
        path, _filter = QFileDialog.getSaveFileName(self, _("Export a bundle"), suggested,
                                                    _("Cirkulär bundles (*.cirkular)"))
        if path:
            self.path_edit.setText(path if path.endswith(".cirkular") else path + ".cirkular")

    def export(self) -> None:
        self.export_error.setText("")
        self._export_error_msgid = None
        set_invalid(self.path_edit, False)
        set_invalid(self.confirm_edit, False)
        path = self.path_edit.text().strip()
        if not path:
            self.choose_export_file()
            path = self.path_edit.text().strip()
            if not path:
                return
        passphrase = None
        if self.encrypt_check.isChecked():
            passphrase = self.passphrase_edit.text()
            if passphrase != self.confirm_edit.text():
                set_invalid(self.confirm_edit, True)
                self.export_error.setText(_("The two passphrases differ."))
                self._export_error_msgid = "The two passphrases differ."
                return

        remember = passphrase is not None and self.remember_check.isChecked()

        def done(summary: Any) -> None:
            self.passphrase_edit.clear()
            self.confirm_edit.clear()
            if remember:
                passphrases.remember(self.ctx.app, passphrase or "")
            elif self.remember_check.isEnabled():
                passphrases.forget(self.ctx.app)
            self._fill_passphrase()
            text = ngettext("Exported {count} change to {path}.", "Exported {count} changes to {path}.",
                            summary.operations).format(count=format_decimal(summary.operations), path=summary.path)
            self.export_error.setText("")
            window = self.window()
            if hasattr(window, "statusBar"):
                window.statusBar().showMessage(text, 10000)
            self.last_export_message = text
            self.refresh()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, sync_services.Cancelled):
                return
            if isinstance(exc, CirkularError):
                set_invalid(self.passphrase_edit if exc.field == "passphrase" else self.path_edit, True)
                self.export_error.setText(exc.message)
                return
            self.ctx.show_error(self, exc)

        choice = str(self.recipient_combo.currentData() or FOR_KNOWN)
        device = choice[len(FOR_DEVICE):] if choice.startswith(FOR_DEVICE) else None
        self.ctx.run(sync_services.export_bundle, path, full=choice == FOR_NEW, passphrase=passphrase,
                     for_device=device, with_progress=True, parent=self, progress_title=_("Writing the bundle…"),
                     on_done=done, on_error=failed)

    # --- import -----------------------------------------------------------------------------------

    def choose_import_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, _("Import bundles"), "",
                                                      _("Cirkulär bundles (*.cirkular);;All files (*)"))
        if paths:
            import_files(self.ctx, list(paths), self)

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if _dropped(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        paths = _dropped(event.mimeData())
        if paths:
            event.acceptProposedAction()
            import_files(self.ctx, paths, self)


def _dropped(mime: Any) -> list[str]:
    """Local files dropped on the page; any file: one that is not a bundle is refused with a clear line."""
    if not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and Path(u.toLocalFile()).is_file()]
