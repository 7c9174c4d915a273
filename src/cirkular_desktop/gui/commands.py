"""Main-window commands that open other dialogs: reports, bundle export and import (menu and drag-and-drop),
backup, preferences, about, data folder, shortcuts; editing a stream, need or idea from its list; undo and redo.

A mixin of ``MainWindow`` (which provides ``ctx``, ``current_list`` and
``current_visit_id``), split out to keep the window module small. The modules
behind reports, sync and dialogs are imported only when their command is used.

Imports: PySide6, i18n, services.maintenance, gui (actions, undo, window_host, record_dialog, sync_page, preferences, about).
"""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cirkular_desktop.gui import actions as _actions
from cirkular_desktop.gui.actions import EDITABLE
from cirkular_desktop.gui import undo as _undo
from cirkular_desktop.gui.window_host import WindowHost
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.i18n import N_, gettext as _
from cirkular_desktop.services import maintenance

if TYPE_CHECKING:  # pragma: no cover - annotations only: these modules load when their command is used
    from cirkular_desktop.gui.record_dialog import RecordDialog
    from cirkular_desktop.gui.sync_page import SyncPage

BUNDLE_SUFFIX = ".cirkular"
CONTEXT_SHORTCUTS = (
    ("Return", N_("Open the selected row of a list")),
    ("Ctrl+S", N_("Save the organization being edited")),
    ("Esc", N_("Leave the organization editor (valid changes are saved)")),
    ("Del", N_("Remove the selected stream, need or idea of a visit (asks first)")),
)


class WindowCommands(WindowHost):
    """Commands of the main window that open dialogs (mixed into ``MainWindow``)."""

    # --- other modules' dialogs (imported when used) -------------------------------------------

    def _reports(self) -> Any:
        return importlib.import_module("cirkular_desktop.gui.report_preview")

    def print_summary(self) -> None:
        visit_id = self.current_visit_id()
        if visit_id is None:
            QMessageBox.information(self, _("Print visit summary"),
                                    _("Open a visit, or select one in the list of visits, to print its summary."))
            return
        self._reports().preview_visit_summary(self.ctx, visit_id, self)

    def project_report(self) -> None:
        self._reports().preview_project_report(self.ctx, self)

    def batch_summaries(self) -> None:
        self._reports().batch_summaries_dialog(self.ctx, self)

    def export_table(self) -> None:
        page = self.current_list()
        self._reports().export_table_dialog(self.ctx, page.table if page else "stream", self)

    def import_bundles(self, paths: list[str] | None = None) -> None:
        if paths is None:
            paths, _filter = QFileDialog.getOpenFileNames(
                self, _("Import bundles"), "", _("Cirkulär bundles (*.cirkular);;All files (*)"))
        if paths:
            importlib.import_module("cirkular_desktop.gui.sync_page").import_files(self.ctx, list(paths), self)

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if self._bundle_paths(event.mimeData()) and _actions.module_available("cirkular_desktop.gui.sync_page"):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        paths = self._bundle_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.import_bundles(paths)

    @staticmethod
    def _bundle_paths(mime: Any) -> list[str]:
        if not mime.hasUrls():
            return []
        files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and os.path.isfile(u.toLocalFile())]
        # Files named *.cirkular are the bundles when there are any (a photo dropped along with them is left
        # out). Otherwise every dropped file goes to the import: a bundle renamed by a mail program still
        # imports, and a wrong file gets the one-line "not a Cirkulär bundle" instead of being ignored.
        # Drops on an editor's photo area are taken by that widget before they reach the window.
        bundles = [path for path in files if path.endswith(BUNDLE_SUFFIX)]
        return bundles or files

    # --- editing ------------------------------------------------------------------------------

    def undo(self) -> None:
        """Edit ▸ Undo: the last change to a record made in this session (text fields undo their own typing)."""
        _undo.stack_for(self.ctx).undo()

    def redo(self) -> None:
        _undo.stack_for(self.ctx).redo()

    def edit_selected(self) -> None:
        page = self.current_list()
        record_id = page.current_id() if page is not None else None
        if page is not None and page.table in EDITABLE and record_id:
            self.edit_record(page.table, record_id)

    def edit_record(self, table: str, record_id: str) -> RecordDialog | None:
        """A residual stream, need or idea in its editor, over the list (saved as you type)."""
        from cirkular_desktop.gui.record_dialog import RecordDialog

        try:
            dialog = RecordDialog(self.ctx, table, record_id, self,
                                  actions=(self.actions_["undo"], self.actions_["redo"]))
        except CirkularError as exc:
            self.ctx.show_error(self, exc)
            return None
        dialog.open_visit_requested.connect(self.open_visit)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        return dialog

    # --- data ---------------------------------------------------------------------------------

    def export_bundle_file(self) -> None:
        """File ▸ Export bundle…: the Sync page's export, with the file to write chosen first."""
        if getattr(self, "demo", False) or not self.show_page("sync"):
            return
        page = cast("SyncPage", self.pages["sync"])  # show_page("sync") built it from gui.sync_page
        page.choose_export_file()
        if page.path_edit.text().strip():
            page.export_button.setFocus()

    def backup_database(self) -> None:
        # Dated, like the command line's backups, so today's copy does not replace yesterday's; a backup
        # holds the database and every photo (services.maintenance.backup).
        suggested = self.ctx.app.paths.backups / maintenance.default_backup_name()
        target, _filter = QFileDialog.getSaveFileName(self, _("Back up database"), str(suggested),
                                                      _("Cirkulär backup (*.cirkular-backup)"))
        if target:
            self.ctx.run(maintenance.backup, target, parent=self, on_done=lambda path: self.statusBar().showMessage(
                _("Backup saved to {path}").format(path=path), 8000))

    # --- dialogs ------------------------------------------------------------------------------

    def show_preferences(self) -> None:
        from cirkular_desktop.gui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.ctx, self)
        dialog.exec()
        dialog.deleteLater()

    def current_view(self) -> str:
        """What the person is looking at, for the help to open at: a list's table, "open_visit",
        "organization_editor", "welcome", "sync", "conflicts" or a matchmaking page's key."""
        current = self.stack.currentWidget()
        if self.editor is not None and current is self.editor:
            return "organization_editor"
        if self.visit_page is not None and current is self.visit_page:
            return "open_visit"
        if self.welcome is not None and current is self.welcome:
            return "welcome"
        return self.current_key

    def show_help(self) -> Any:
        """F1: the user guide at the page about the current view."""
        from cirkular_desktop.gui.help_viewer import show_help

        return show_help(self, self.current_view())

    def show_about(self) -> None:
        from cirkular_desktop.gui.about import AboutDialog

        dialog = AboutDialog(self)
        dialog.exec()
        dialog.deleteLater()

    def show_about_qt(self) -> None:
        QMessageBox.aboutQt(self, _("About Qt"))

    def show_data_folder(self) -> None:
        folder = self.ctx.app.paths.data_dir
        box = QMessageBox(QMessageBox.Icon.Information, _("Data folder"),
                          _("Cirkulär keeps its database, photos and backups in:\n{folder}").format(folder=folder),
                          QMessageBox.StandardButton.Ok, self)
        open_button = box.addButton(_("Open folder"), QMessageBox.ButtonRole.ActionRole)
        box.exec()
        if box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        box.deleteLater()

    def show_shortcuts(self) -> None:
        lines = []
        for name, action in self.actions_.by_name.items():
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)  # "Alt+Vänster"
            if shortcut:
                lines.append(f"<tr><td><b>{shortcut}</b></td><td>{action.text().replace('&', '')}</td></tr>")
        for keys, text in CONTEXT_SHORTCUTS:  # keys that work where they apply, not from a menu
            shortcut = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
            lines.append(f"<tr><td><b>{shortcut}</b></td><td>{_(text)}</td></tr>")
        QMessageBox.information(self, _("Keyboard shortcuts"), "<table cellpadding='3'>" + "".join(lines) + "</table>")
