"""The main window's part of the matchmaking workspace (a mixin of ``gui.window.MainWindow``).

Adds the Matchmaking page, the pipeline board and the lists of test
environments, outcomes and activities to the navigation, builds each the
first time it is shown, and opens the match editor and the record editors.
Kept out of ``gui/window.py`` so the window stays small.

Imports: PySide6, i18n, core.records, gui (actions, matchmaking, window_host; the pages and editors when used).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Union, cast

from PySide6.QtWidgets import QDialog

from cirkular_desktop.core import records
from cirkular_desktop.gui import actions as _actions
from cirkular_desktop.gui import matchmaking
from cirkular_desktop.gui.window_host import WindowHost
from cirkular_desktop.i18n import gettext as _

if TYPE_CHECKING:  # pragma: no cover - annotations only: each page loads when first shown
    from cirkular_desktop.gui.matchmaking.board import PipelineBoard
    from cirkular_desktop.gui.matchmaking.suggestions import MatchmakingPage

PAGE_KEYS = tuple(key for key, _label, _icon in matchmaking.PAGES)
# The pages under PAGE_KEYS in the window's ``pages`` (built by ``_ensure_workspace_page``).
WorkspacePage = Union["MatchmakingPage", "PipelineBoard"]


class WindowWorkspace(WindowHost):
    """Mixed into MainWindow: expects ``ctx``, ``pages``, ``stack``, ``list_pages`` and ``_add_nav_item``."""

    def _add_workspace_nav(self) -> None:
        for key, _label, icon_name in matchmaking.PAGES:
            self._add_nav_item(key, icon_name)
        for table in matchmaking.TABLES:
            self._add_nav_item(table, table)

    def page_labels(self) -> dict[str, str]:
        """What the navigation calls each page, in the current language (the window's title says it too)."""
        labels = {t: _(records.table(t).plural) for t in _actions.NAV_TABLES}
        labels.update({key: _(label) for key, label, _icon in _actions.EXTRA_PAGES})
        labels.update(self.workspace_labels())
        return labels

    def workspace_labels(self) -> dict[str, str]:
        labels = {key: _(label) for key, label, _icon in matchmaking.PAGES}
        labels.update({t: _(matchmaking.NAV_LABELS.get(t, records.table(t).plural)) for t in matchmaking.TABLES})
        return labels

    def _ensure_workspace_page(self, key: str) -> None:
        """Build a workspace page (or list) the first time it is shown."""
        if key in self.pages:
            return
        if key in matchmaking.TABLES:
            self._add_list_page(key)
            return
        if key == "matchmaking":
            from cirkular_desktop.gui.matchmaking.suggestions import MatchmakingPage

            page: WorkspacePage = MatchmakingPage(self.ctx)
        elif key == "pipeline":
            from cirkular_desktop.gui.matchmaking.board import PipelineBoard

            page = PipelineBoard(self.ctx)
        else:
            return
        page.open_match_requested.connect(lambda match_id: self.open_record("match", match_id))
        self.pages[key] = page
        self.stack.addWidget(page)

    def _workspace_page(self, key: str) -> WorkspacePage | None:
        """The Matchmaking page or the pipeline board if ``key`` names one that is built."""
        return cast("WorkspacePage | None", self.pages.get(key)) if key in PAGE_KEYS else None

    def _workspace_shown(self, key: str) -> None:
        page = self._workspace_page(key)
        if page is not None:
            page.ensure_loaded()

    def open_workspace_record(self, table: str, record_id: str | None) -> bool:
        """The match editor, or the editor of a test environment, outcome or activity (None: a new one)."""
        if table == "match" and record_id:
            from cirkular_desktop.gui.matchmaking.match_editor import MatchEditor

            dialog: MatchEditor | WorkspaceRecordDialog = MatchEditor(self.ctx, record_id, self)
        elif table in matchmaking.TABLES:
            from cirkular_desktop.gui.matchmaking.record_editor import WorkspaceRecordDialog

            dialog = WorkspaceRecordDialog(self.ctx, table, record_id, parent=self)
        else:
            return False
        self.workspace_dialog = dialog
        dialog.exec()
        self.workspace_dialog = None
        if dialog.result() == QDialog.DialogCode.Accepted and table in self.list_pages:
            self.list_pages[table].refresh()
        return True

    def retranslate_workspace(self) -> None:
        for key in PAGE_KEYS:
            page = self._workspace_page(key)
            if page is not None:
                page.retranslate()
