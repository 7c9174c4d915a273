"""The main window's part of the matchmaking workspace (a mixin of ``gui.window.MainWindow``).

Adds the Matchmaking page, the pipeline board and the lists of test
environments, outcomes and activities to the navigation, builds each the
first time it is shown, and opens the match editor and the record editors.
Kept out of ``gui/window.py`` so the window stays small.

Imports: PySide6, i18n, core.records, gui (actions, matchmaking).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog

from cirkular_desktop.core import records
from cirkular_desktop.gui import actions as _actions
from cirkular_desktop.gui import matchmaking
from cirkular_desktop.i18n import gettext as _

PAGE_KEYS = tuple(key for key, _label, _icon in matchmaking.PAGES)


class WindowWorkspace:
    """Mixed into MainWindow: expects ``ctx``, ``pages``, ``stack``, ``list_pages`` and ``_add_nav_item``."""

    def _add_workspace_nav(self) -> None:
        for key, _label, icon_name in matchmaking.PAGES:
            self._add_nav_item(key, icon_name)  # type: ignore[attr-defined]
        for table in matchmaking.TABLES:
            self._add_nav_item(table, table)  # type: ignore[attr-defined]

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
        if key in self.pages:  # type: ignore[attr-defined]
            return
        if key in matchmaking.TABLES:
            self._add_list_page(key)  # type: ignore[attr-defined]
            return
        if key == "matchmaking":
            from cirkular_desktop.gui.matchmaking.suggestions import MatchmakingPage

            page: Any = MatchmakingPage(self.ctx)  # type: ignore[attr-defined]
        elif key == "pipeline":
            from cirkular_desktop.gui.matchmaking.board import PipelineBoard

            page = PipelineBoard(self.ctx)  # type: ignore[attr-defined]
        else:
            return
        page.open_match_requested.connect(lambda match_id: self.open_record("match", match_id))  # type: ignore
        self.pages[key] = page  # type: ignore[attr-defined]
        self.stack.addWidget(page)  # type: ignore[attr-defined]

    def _workspace_shown(self, key: str) -> None:
        page = self.pages.get(key)  # type: ignore[attr-defined]
        if key in PAGE_KEYS and page is not None:
            page.ensure_loaded()

    def open_workspace_record(self, table: str, record_id: str | None) -> bool:
        """The match editor, or the editor of a test environment, outcome or activity (None: a new one)."""
        parent: Any = self
        if table == "match" and record_id:
            from cirkular_desktop.gui.matchmaking.match_editor import MatchEditor

            dialog: Any = MatchEditor(self.ctx, record_id, parent)  # type: ignore[attr-defined]
        elif table in matchmaking.TABLES:
            from cirkular_desktop.gui.matchmaking.record_editor import WorkspaceRecordDialog

            dialog = WorkspaceRecordDialog(self.ctx, table, record_id, parent=parent)  # type: ignore[attr-defined]
        else:
            return False
        self.workspace_dialog = dialog
        dialog.exec()
        self.workspace_dialog = None
        if dialog.result() == QDialog.DialogCode.Accepted and table in self.list_pages:  # type: ignore
            self.list_pages[table].refresh()  # type: ignore[attr-defined]
        return True

    def retranslate_workspace(self) -> None:
        for key in PAGE_KEYS:
            page = self.pages.get(key)  # type: ignore[attr-defined]
            if page is not None:
                page.retranslate()
