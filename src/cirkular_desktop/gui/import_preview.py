"""Importing bundles in the GUI: passphrase prompt, dry-run preview, then the import with progress.

``import_files(ctx, paths, parent)`` is what the main window calls for a menu
choice or files dropped on it. Every step opens a window-modal dialog with
``open()`` (never a nested event loop), so the UI stays responsive and tests
can drive each step like a person: type the passphrase, read the preview,
press Import. The preview is the real import run as a dry run (rolled back),
so it shows exactly what will happen: records per bucket (new, updated,
unchanged, conflicting, deleted), per table, any missing range of a
device's changes, and bundles that will be held in quarantine (stamped more
than a day ahead) or leave it. A wrong passphrase asks again, with a one-line
message, without choosing the files again. ``import_files`` with no paths
applies the held bundles that are due (the Sync view's "Apply due bundles").

Imports: PySide6, i18n, core.records, errors, services (sync, quarantine), gui.widgets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QMessageBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from cirkular_desktop.core import records
from cirkular_desktop.errors import BundleError, CirkularError
from cirkular_desktop.gui import theme
from cirkular_desktop.gui.widgets import fit_to_window, heading_label
from cirkular_desktop.i18n import N_, format_decimal, gettext as _, ngettext
from cirkular_desktop.services import quarantine
from cirkular_desktop.services import sync as sync_services

BUCKET_LABELS = {"new": N_("New"), "updated": N_("Updated"), "unchanged": N_("Unchanged"),
                 "conflicting": N_("Conflicting"), "deleted": N_("Deleted")}
BUCKET_COLOURS = {"conflicting": "gap_bg", "deleted": "deleted_bg", "new": "new_bg", "updated": "updated_bg"}  # theme


def format_ranges(spans: list[list[int]]) -> str:
    return ", ".join(f"{lo}–{hi}" if lo != hi else str(lo) for lo, hi in spans)


class PassphraseDialog(QDialog):
    """Asks for the passphrase of encrypted bundles; the text never leaves memory."""

    def __init__(self, files: list[str], parent: QWidget | None = None, error: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(_("Encrypted bundle"))
        self.label = QLabel(ngettext("“{files}” is encrypted. Enter its passphrase:",
                                     "These bundles are encrypted: {files}. Enter their passphrase:",
                                     len(files)).format(files=", ".join(files)))
        self.label.setWordWrap(True)
        self.edit = QLineEdit()
        self.edit.setObjectName("passphrase")
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(error)   # after a wrong passphrase: one line saying so, the person tries again
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setVisible(bool(error))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def passphrase(self) -> str:
        return self.edit.text()


class ImportPreviewDialog(QDialog):
    """The dry-run report: what the import will do, per bundle, bucket, table and record."""

    def __init__(self, report: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.report = report
        self.setWindowTitle(_("Import bundles"))
        fit_to_window(self, 860, 600)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(_("What the import will do"), "subheading"))
        lines = [ngettext("{file}: {operations} change from {device}, {new} of them new",
                          "{file}: {operations} changes from {device}, {new} of them new", b.operations).format(
            file=b.file, operations=format_decimal(b.operations), device=b.device_name or b.device,
            new=format_decimal(b.new_operations)) for b in report.bundles]
        self.bundles_label = QLabel("\n".join(lines))
        self.bundles_label.setObjectName("bundlesLabel")
        self.bundles_label.setWordWrap(True)
        layout.addWidget(self.bundles_label)
        counts = report.counts
        summary = " · ".join(f"{_(BUCKET_LABELS[b])}: {format_decimal(counts[b])}" for b in sync_services.BUCKETS)
        self.summary_label = QLabel(summary)
        self.summary_label.setObjectName("summaryLabel")
        layout.addWidget(self.summary_label)
        if counts["conflicting"]:
            warning = QLabel(ngettext("{count} record has competing edits: both values are kept and listed under "
                                      "Conflicts for you to choose.",
                                      "{count} records have competing edits: both values are kept and listed under "
                                      "Conflicts for you to choose.", counts["conflicting"]).format(
                                          count=counts["conflicting"]))
            warning.setObjectName("fieldError")
            warning.setWordWrap(True)
            layout.addWidget(warning)
        self.gaps_label = QLabel()
        self.gaps_label.setObjectName("fieldError")
        self.gaps_label.setWordWrap(True)
        if report.gaps:
            self.gaps_label.setText("\n".join(
                _("Changes {ranges} of device {device} are missing; import its earlier bundles too.").format(
                    ranges=format_ranges(spans), device=device) for device, spans in report.gaps.items()))
            layout.addWidget(self.gaps_label)
        self.held_label = QLabel("\n".join(quarantine.note_text(note, report.dry_run, gui=True)
                                           for note in report.held))
        self.held_label.setObjectName("heldLabel")
        self.held_label.setWordWrap(True)
        if report.held:
            layout.addWidget(self.held_label)
        self.table_counts = self._counts_table(report)
        layout.addWidget(self.table_counts)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(_("Show:")))
        self.bucket_filter = QComboBox()
        self.bucket_filter.setObjectName("bucketFilter")
        self.bucket_filter.addItem(_("All changed records"), "changed")
        for bucket in sync_services.BUCKETS:
            self.bucket_filter.addItem(_(BUCKET_LABELS[bucket]), bucket)
        self.bucket_filter.currentIndexChanged.connect(self._fill_records)
        filter_row.addWidget(self.bucket_filter)
        filter_row.addStretch(1)
        layout.addLayout(filter_row)
        self.records_view = QTableWidget(0, 3)
        self.records_view.setObjectName("recordsView")
        self.records_view.setHorizontalHeaderLabels([_("Outcome"), _("Kind"), _("Record")])
        self.records_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.records_view.verticalHeader().hide()
        self.records_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.records_view, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(_("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("primaryButton")
        self.import_button.setDefault(True)
        # Nothing to apply and nothing to hold (e.g. every held bundle still waits): nothing to import.
        self.import_button.setEnabled(bool(report.bundles) or any(n.status in (quarantine.HELD, quarantine.NEWER)
                                                                     for n in report.held))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._fill_records()

    def _counts_table(self, report: Any) -> QTableWidget:
        by_table = report.counts_by_table()
        view = QTableWidget(len(by_table), 1 + len(sync_services.BUCKETS))
        view.setObjectName("countsView")
        view.setHorizontalHeaderLabels([_("Kind")] + [_(BUCKET_LABELS[b]) for b in sync_services.BUCKETS])
        view.verticalHeader().hide()
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, (table, counts) in enumerate(by_table.items()):
            view.setItem(row, 0, QTableWidgetItem(_(records.table(table).plural)))
            for col, bucket in enumerate(sync_services.BUCKETS, start=1):
                item = QTableWidgetItem(format_decimal(counts[bucket]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if counts[bucket] and bucket in BUCKET_COLOURS:
                    item.setBackground(QBrush(theme.color(BUCKET_COLOURS[bucket])))
                view.setItem(row, col, item)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # "Uppdaterade" is wider than 100 px
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        view.setMaximumHeight(60 + 26 * min(len(by_table), 6))
        return view

    def _fill_records(self) -> None:
        wanted = self.bucket_filter.currentData()
        rows = [r for r in self.report.records
                if (r["bucket"] != "unchanged" if wanted == "changed" else r["bucket"] == wanted)]
        self.records_view.setRowCount(len(rows))
        for index, r in enumerate(rows):
            bucket = QTableWidgetItem(_(BUCKET_LABELS[r["bucket"]]))
            if r["bucket"] in BUCKET_COLOURS:
                bucket.setBackground(QBrush(theme.color(BUCKET_COLOURS[r["bucket"]])))
            self.records_view.setItem(index, 0, bucket)
            self.records_view.setItem(index, 1, QTableWidgetItem(_(records.table(r["table"]).label)))
            self.records_view.setItem(index, 2, QTableWidgetItem(r["title"]))


def import_files(ctx: Any, paths: list[str], parent: QWidget | None) -> None:
    """Import bundle files as a person expects: passphrase if needed, a preview, then the import.

    With no paths: the held bundles that are due (asking for the passphrase of encrypted ones).
    """
    paths = [str(p) for p in paths]
    if paths:
        sealed = [Path(p).name for p in paths if sync_services.is_encrypted(p)]
    else:
        held = quarantine.held_bundles(ctx.app)
        if not any(h["due"] for h in held):
            return
        sealed = [h["file_name"] for h in held if h["due"] and h["encrypted"]]
    if sealed:
        _ask_passphrase(ctx, paths, sealed, parent, "")
    else:
        _preview(ctx, paths, None, parent, sealed)


def _ask_passphrase(ctx: Any, paths: list[str], sealed: list[str], parent: QWidget | None, error: str) -> None:
    dialog = PassphraseDialog(sealed, parent, error)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: _preview(ctx, paths, dialog.passphrase() or None, parent, sealed))
    dialog.open()


def _retry_message(passphrase: str | None) -> str:
    return _("Wrong passphrase. Try again, or cancel.") if passphrase else _("Enter the passphrase.")


def _preview(ctx: Any, paths: list[str], passphrase: str | None, parent: QWidget | None,
             sealed: list[str]) -> None:
    def show(report: Any) -> None:
        if sealed and not paths and not report.bundles and any(n.status == quarantine.WAITING for n in report.held):
            _ask_passphrase(ctx, paths, sealed, parent, _retry_message(passphrase))   # held bundles only
            return
        dialog = ImportPreviewDialog(report, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: _apply(ctx, paths, passphrase, parent))
        dialog.open()

    def failed(exc: BaseException) -> None:
        if sealed and isinstance(exc, BundleError) and exc.field == "passphrase":
            _ask_passphrase(ctx, paths, sealed, parent, _retry_message(passphrase))
            return
        _failed(ctx, parent, exc)

    ctx.run(sync_services.import_bundles, paths, dry_run=True, passphrase=passphrase, with_progress=True,
            parent=parent, progress_title=_("Checking bundles…"), on_done=show, on_error=failed)


def _apply(ctx: Any, paths: list[str], passphrase: str | None, parent: QWidget | None) -> None:
    def done(report: Any) -> None:
        counts = report.counts
        text = _("Imported: {new} new, {updated} updated, {deleted} deleted, {conflicting} with conflicts.").format(
            new=format_decimal(counts["new"]), updated=format_decimal(counts["updated"]),
            deleted=format_decimal(counts["deleted"]), conflicting=format_decimal(counts["conflicting"]))
        window = parent.window() if parent is not None else None
        status = getattr(window, "statusBar", None)
        if callable(status):
            status().showMessage(text, 10000)
        held = [quarantine.note_text(n, gui=True) for n in report.held if n.status != quarantine.APPLIED]
        if counts["conflicting"] or held:
            lines = [text] + ([_("Review the competing values under Conflicts.")] if counts["conflicting"] else [])
            box = QMessageBox(QMessageBox.Icon.Information, _("Import bundles"), "\n".join(lines + held),
                              QMessageBox.StandardButton.Ok, parent)
            box.setObjectName("importDone")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    ctx.run(sync_services.import_bundles, paths, passphrase=passphrase, with_progress=True, parent=parent,
            progress_title=_("Importing bundles…"), on_done=done, on_error=lambda exc: _failed(ctx, parent, exc))


def _failed(ctx: Any, parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, sync_services.Cancelled):
        return   # the person pressed Cancel: nothing changed, nothing to report
    if isinstance(exc, CirkularError):
        box = QMessageBox(QMessageBox.Icon.Warning, _("Import bundles"), exc.message,
                          QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("importRefused")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return
    ctx.show_error(parent, exc)
