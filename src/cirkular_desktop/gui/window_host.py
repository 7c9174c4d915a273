"""What the main window's mixins may use of the window, written down for the type checker.

``MainWindow`` is assembled from mixins (``WindowCommands``, ``WindowVisits``,
``WindowWorkspace``, ``WindowSidebar``) that call each other and the window's
own members. Each mixin derives from ``WindowHost``: for mypy that is a
``QMainWindow`` declaring those shared members, so a misspelt or removed one
is an error; at run time it is ``object``, so the window's classes are
exactly what they were (the members themselves live in ``gui.window`` and
the mixins).

Imports: PySide6 and gui (actions, first_run, list_page, org_editor, visit_host), for annotations only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - annotations only
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QLabel, QListWidget, QMainWindow, QSplitter, QStackedWidget, QWidget

    from cirkular_desktop.gui.actions import Actions
    from cirkular_desktop.gui.first_run import WelcomePage
    from cirkular_desktop.gui.list_page import ListPage
    from cirkular_desktop.gui.org_editor import OrganizationEditor
    from cirkular_desktop.gui.visit_host import VisitPageWidget

    class WindowHost(QMainWindow):
        """The members one part of the main window uses of another (see ``gui.window.MainWindow``)."""

        ctx: Any                      # gui.context.GuiContext
        demo: bool
        stack: QStackedWidget
        pages: dict[str, QWidget]
        list_pages: dict[str, ListPage]
        current_key: str
        editor: OrganizationEditor | None
        visit_page: VisitPageWidget | None
        welcome: WelcomePage | None
        workspace_dialog: Any         # the matchmaking editor while it is open, else None
        section_timer: QTimer
        actions_: Actions
        sidebar: QWidget
        splitter: QSplitter
        nav: QListWidget
        nav_keys: list[str]
        app_title: QLabel
        app_subtitle: QLabel
        _saved_section: str | None

        # gui.window.MainWindow
        def show_page(self, key: str) -> bool: ...
        def current_list(self) -> ListPage | None: ...
        def open_record(self, table: str, record_id: str) -> None: ...
        def new_organization(self) -> None: ...
        def selected_organization(self) -> str | None: ...
        def _add_list_page(self, table: str) -> None: ...
        def _leave_detail(self) -> bool: ...
        def _sync_nav(self, key: str | None) -> None: ...
        def _nav_row_changed(self, row: int) -> None: ...
        def _remember(self, values: dict[str, Any]) -> None: ...
        def _update_actions(self) -> None: ...

        # gui.window_visits.WindowVisits
        def open_visit(self, visit_id: str, section: str | None = None) -> None: ...
        def current_visit_id(self) -> str | None: ...

        # gui.window_sidebar.WindowSidebar
        def _add_nav_item(self, key: str, icon_name: str) -> None: ...

        # gui.matchmaking.window_hooks.WindowWorkspace
        def _add_workspace_nav(self) -> None: ...
else:
    WindowHost = object
