"""The main window: navigation, list pages, the organization editor, the open visit, menus and status bar.

Start-up is cheap on purpose: the pages are built empty and only the page
that is shown fetches its first rows; the visit page, the sync pages and the
report previews are imported when first used. The window remembers its
geometry, the last list and the open visit (with its section) in
``settings.json``, so a restart — even after a crash — opens where the
person was.

Imports: PySide6, i18n, settings, core.records, errors, services (browse, maintenance, visits, demo, sync),
gui (actions, commands, window_visits, window_sidebar, list_page, org_editor, detail, visit_host, preferences, about, widgets).
"""

from __future__ import annotations

import contextlib

import importlib
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from cirkular_desktop import settings
from cirkular_desktop.core import records
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui import actions as _actions
from cirkular_desktop.gui import models
from cirkular_desktop.gui.commands import WindowCommands
from cirkular_desktop.gui.detail import RecordDetail
from cirkular_desktop.gui.list_page import ListPage
from cirkular_desktop.gui import accessibility, matchmaking, theme
from cirkular_desktop.gui.matchmaking.window_hooks import WindowWorkspace
from cirkular_desktop.gui.widgets import describe, icon
from cirkular_desktop.gui.window_sidebar import WindowSidebar
from cirkular_desktop.gui.window_visits import WindowVisits
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import browse, maintenance, profile

if TYPE_CHECKING:  # pragma: no cover - annotations only: these load when first used
    from cirkular_desktop.gui.first_run import DemoBanner, WelcomePage
    from cirkular_desktop.gui.org_editor import OrganizationEditor
    from cirkular_desktop.gui.visit_host import VisitPageWidget

SECTION_POLL_MS = 1000
PENDING_REFRESH_MS = 2000


class _BuiltOnUse(dict):
    """List pages (or their detail panels) by table, each built the first time it is asked for."""

    def __init__(self, build: Callable[[str], None]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, key: str) -> Any:
        self._build(key)
        if not dict.__contains__(self, key):
            raise KeyError(key)
        return dict.__getitem__(self, key)


class MainWindow(WindowCommands, WindowVisits, WindowWorkspace, WindowSidebar, QMainWindow):
    def __init__(self, ctx: Any, *, restore: bool = True, remember: bool = True, demo: bool = False) -> None:
        """``restore``: come back as the person left (and on a fresh data folder, start with the first-start
        step); ``remember``: write window state to settings (off for ``--screenshots``, which must not change
        a person's settings); ``demo``: the window of the demo data folder, with its DEMO banner."""
        super().__init__()
        self.ctx = ctx
        self.remember = remember
        self.demo = demo
        self.demo_window: Any = None       # the demo's window while it is open (this one waits hidden)
        self.project_window: Any = None    # in the demo's window: the project's window to go back to
        self.welcome: WelcomePage | None = None
        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("cirkular"))
        theme.apply()   # palette and style sheet of the application, light or dark as the system is
        accessibility.install()   # every window's form fields get names for screen readers
        self.setAcceptDrops(True)
        self.resize(1240, 780)
        self.pages: dict[str, QWidget] = {}
        # Start-up builds only the list on screen; the others are built when first shown or asked for.
        self.list_pages: dict[str, ListPage] = _BuiltOnUse(self._ensure_list_page)
        self.details: dict[str, RecordDetail] = _BuiltOnUse(self._ensure_list_page)
        self.editor: OrganizationEditor | None = None
        self.visit_page: VisitPageWidget | None = None
        self.history: list[str] = []
        self.current_key = "organization"
        self._restoring = False

        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        self.sidebar = self._make_sidebar()
        splitter = QSplitter()
        splitter.setObjectName("mainSplitter")
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(1, False)
        splitter.setSizes([200, 1040])
        self.splitter = splitter
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        self.demo_banner: DemoBanner | None = None
        if demo:
            from cirkular_desktop.gui.first_run import DemoBanner

            self.demo_banner = DemoBanner()
            self.demo_banner.leave_requested.connect(self.close)
            central_layout.addWidget(self.demo_banner)
            self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        central_layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.actions_, self.menus = _actions.build(self)
        self._make_status_bar()
        self.section_timer = QTimer(self)
        self.section_timer.setInterval(SECTION_POLL_MS)
        self.section_timer.timeout.connect(self._remember_section)
        self._saved_section: str | None = None
        # The unexported-changes count imports the sync module and scans the log: done just after
        # the window has painted, not before.
        self.status_timer = QTimer(self)
        self.status_timer.setSingleShot(True)
        self.status_timer.setInterval(0)
        self.status_timer.timeout.connect(self._update_pending)

        ctx.records_changed.connect(self._records_changed)
        ctx.language_changed.connect(self.retranslate)
        ctx.preferences_changed.connect(self.update_status)
        ctx.busy_changed.connect(self._busy)
        self.retranslate()
        if restore:
            self.restore_state()
            if not demo and profile.needs_welcome(ctx.app):
                self.show_welcome()
        else:
            self.show_page("organization")

    # --- building -----------------------------------------------------------------------------

    def _ensure_list_page(self, table: str) -> None:
        if table in _actions.NAV_TABLES and table not in self.pages:
            self._add_list_page(table)
        else:
            self._ensure_workspace_page(table)

    def _add_list_page(self, table: str) -> None:
        page = ListPage(self.ctx, table)
        page.open_requested.connect(self.open_record)
        page.new_requested.connect(
            lambda table: self.new_organization() if table == "organization" else self.open_workspace_record(table, None))
        page.navigate_requested.connect(self.show_page)
        page.start_visit_requested.connect(self.start_visit)
        page.demo_requested.connect(self.try_demo)
        self.list_pages[table] = page
        container: QWidget = page
        # Workspace records open in their editor from the list; a detail pane would not fit a small screen.
        if table != "organization" and table not in matchmaking.TABLES:
            detail = RecordDetail(self.ctx, table)
            detail.open_requested.connect(self.open_record)
            page.selection_changed.connect(lambda p=page, d=detail: d.show_record(p.current_id()))
            page.model.reloaded.connect(lambda p=page, d=detail: d.show_record(p.current_id()))
            self.details[table] = detail
            container = QSplitter()
            container.setObjectName(f"split_{table}")
            container.addWidget(page)
            container.addWidget(detail)
            container.setStretchFactor(0, 3)
            container.setStretchFactor(1, 1)
            container.setSizes([1000, 260])
            detail.setMaximumWidth(420)
        self.pages[table] = container
        self.stack.addWidget(container)

    def _make_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        self.status_folder = QLabel()
        self.status_folder.setObjectName("statusFolder")
        self.status_device = QLabel()
        self.status_device.setObjectName("statusDevice")
        self.status_pending = QLabel()
        self.status_pending.setObjectName("statusPending")
        bar.addWidget(self.status_folder, 1)
        bar.addPermanentWidget(self.status_device)
        bar.addPermanentWidget(self.status_pending)

    # --- navigation ---------------------------------------------------------------------------

    def show_page(self, key: str) -> bool:
        """Show a list page (or the sync pages); leaving an editor saves it first."""
        if not self._leave_detail():
            return False
        if key in ("sync", "conflicts") and key not in self.pages:
            if not self._add_sync_page(key):
                return False
        self._ensure_list_page(key)
        if key not in self.pages:
            return False
        self.stack.setCurrentWidget(self.pages[key])
        self.current_key = key
        if key in self.list_pages:
            self.list_pages[key].ensure_loaded()
        self._workspace_shown(key)
        self._sync_nav(key)
        self._update_actions()
        if not self._restoring:  # written once at the end of start-up, not for every step of it
            self._remember({"last_view": key})
        return True

    def _sync_nav(self, key: str | None) -> None:
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(self.nav_keys.index(key) if key in self.nav_keys else -1)
        self.nav.blockSignals(False)

    def _nav_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.nav_keys) and not self.show_page(self.nav_keys[row]):
            self._sync_nav(self.current_key if self.stack.currentWidget() in self.pages.values() else None)

    def _add_sync_page(self, key: str) -> bool:
        if not _actions.module_available("cirkular_desktop.gui.sync_page"):
            return False
        module = importlib.import_module("cirkular_desktop.gui.sync_page")
        page = (module.SyncPage if key == "sync" else module.ConflictsPage)(self.ctx, self)
        self.pages[key] = page
        self.stack.addWidget(page)
        return True

    def current_list(self) -> ListPage | None:
        widget = self.stack.currentWidget()
        for table, container in self.pages.items():
            if container is widget and table in self.list_pages:
                return self.list_pages[table]
        return None

    def focus_search(self) -> None:
        page = self.current_list()
        if page is None:
            self.show_page(self.current_key if self.current_key in self.list_pages else "organization")
            page = self.current_list()
        if page is not None:
            page.focus_search()

    def open_selected(self) -> None:
        page = self.current_list()
        record_id = page.current_id() if page is not None else None
        if page is not None and record_id:
            self.open_record(page.table, record_id)

    def refresh_current(self) -> None:
        page = self.current_list()
        if page is not None:
            page.refresh()
        self.update_status()

    def choose_columns(self) -> Any:
        page = self.current_list()
        return page.column_menu() if page is not None else None

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit_sidebar()

    def go_back(self) -> None:
        if self.editor is not None:
            self.editor.close_editor()
        elif self.visit_page is not None:
            self.close_visit()

    # --- records ------------------------------------------------------------------------------

    def open_record(self, table: str, record_id: str) -> None:
        if table == "organization":
            self.open_organization(record_id)
        elif table == "visit":
            self.open_visit(record_id)
        elif table in ("stream", "need", "idea"):
            self.edit_record(table, record_id)  # in a dialog over the list; it offers the whole visit
        elif self.open_workspace_record(table, record_id):
            pass
        elif table == "contact":
            record = self._get(table, record_id)
            if record and record.get("visit_id") and table in ("stream", "need", "idea"):
                self.open_visit(record["visit_id"])
            elif record and record.get("organization_id"):
                self.open_organization(record["organization_id"])

    def _get(self, table: str, record_id: str) -> dict[str, Any] | None:
        from cirkular_desktop.services import records as record_services

        try:
            return record_services.get_record(self.ctx.app, table, record_id)
        except CirkularError:
            return None

    def new_organization(self) -> None:
        self.open_organization(None)

    def open_organization(self, organization_id: str | None) -> None:
        from cirkular_desktop.gui.org_editor import OrganizationEditor

        if not self._leave_detail():
            return
        editor = OrganizationEditor(self.ctx, organization_id)
        editor.closed.connect(self.close_editor)
        editor.start_visit_requested.connect(self.start_visit)
        editor.open_requested.connect(self.open_record)
        editor.saved.connect(self._organization_saved)
        self.editor = editor
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        self._sync_nav("organization")
        editor.form.editors["name"].widget.setFocus()
        self._update_actions()

    def _organization_saved(self, _organization_id: str) -> None:
        self.list_pages["organization"].refresh()
        self._update_title()

    def close_editor(self) -> None:
        editor, self.editor = self.editor, None
        if editor is not None:
            self.stack.removeWidget(editor)
            editor.deleteLater()
        self.show_page(self.current_key)

    def _leave_detail(self) -> bool:
        """Leave the editor or the visit: a valid editor saves; an invalid one keeps the person there."""
        if self.editor is not None:
            if not self.editor.can_leave():
                self.stack.setCurrentWidget(self.editor)
                return False
            editor, self.editor = self.editor, None
            self.stack.removeWidget(editor)
            editor.deleteLater()
        if self.visit_page is not None:
            self._discard_visit_page(forget=True)
        return True

    # --- first start and demo ------------------------------------------------------------------

    def show_welcome(self) -> None:
        """The first-start step: who is working here; it leads on to the organizations."""
        from cirkular_desktop.gui.first_run import WelcomePage

        if self.welcome is None:
            self.welcome = WelcomePage(self.ctx)
            self.welcome.finished.connect(lambda: self.show_page("organization"))
            self.welcome.demo_requested.connect(self.try_demo)
            self.stack.addWidget(self.welcome)
        self.stack.setCurrentWidget(self.welcome)
        self._sync_nav(None)
        self.welcome.setFocus()
        self._update_actions()

    def try_demo(self) -> None:
        """Made-up data to try the app with, in its own folder and window (never in the project's data)."""
        from cirkular_desktop.gui.first_run import open_demo

        open_demo(self)

    # --- visits -------------------------------------------------------------------------------

    def selected_organization(self) -> str | None:
        if self.editor is not None and self.editor.organization_id:
            return self.editor.organization_id
        page = self.current_list()
        if page is None or not page.current_id():
            return None
        if page.table == "organization":
            return page.current_id()
        row = page.model.rows[page.view.currentIndex().row()] if page.view.currentIndex().isValid() else {}
        return row.get("organization_id")

    # --- data ---------------------------------------------------------------------------------

    def _records_changed(self, tables: frozenset[str]) -> None:
        for table, page in self.list_pages.items():
            touched = table in tables or (table in ("stream", "need", "visit", "idea") and "organization" in tables)
            if table == "organization" and tables & {"stream", "visit"}:
                touched = True  # the counts columns
            if touched:
                if self.stack.currentWidget() is self.pages[table]:
                    page.refresh()
                else:
                    page.model.loaded = False  # reload when shown again
        # The visit autosaves every second while someone types: count unexported changes at most
        # every two seconds, not after every save.
        if not self.status_timer.isActive():
            self.status_timer.start(PENDING_REFRESH_MS)

    def _busy(self, busy: bool) -> None:
        if busy:
            self.statusBar().showMessage(_("Working…"))
        else:
            self.statusBar().clearMessage()

    def update_status(self) -> None:
        folder = str(self.ctx.app.paths.data_dir)
        self.status_folder.setText(_("Data folder: {folder}").format(folder=folder))
        self.status_folder.setToolTip(folder)
        info = maintenance.device_info(self.ctx.app)
        name = info.get("name") or _("unnamed computer")
        # "Computer", not "device": in Swedish and Norwegian the word for a device is also a quantity's unit.
        self.status_device.setText(_("Computer: {name}").format(name=name))
        self.status_device.setToolTip(_("This computer's name in bundles; its id: {id}").format(
            id=info.get("device", "")))
        self.status_timer.start(0)

    def _update_pending(self) -> None:
        # Counting scans the operation log (tens of ms on a large database): a quiet job on the worker,
        # so the first list paints without waiting for it. Plain SQL in browse: no ORM, no sync module.
        self.ctx.run(browse.status_bar, on_done=self._show_pending, on_error=self._show_pending, quiet=True)

    def _show_pending(self, status: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the window was deleted while the count ran
            if not isinstance(status, dict):  # the count failed (say, a busy database): no number until the next
                self.status_pending.setText("")
                return
            self.status_pending.setText(_("Changes not exported: {count}").format(
                count=models.number(status["pending"], max_fraction=0)))  # as format_decimal, without Babel
            # Room for the whole text at once: a permanent status-bar widget is not re-laid out
            # until the next resize.
            self.status_pending.setMinimumWidth(
                self.status_pending.fontMetrics().horizontalAdvance(self.status_pending.text()) + 20)

    # --- state --------------------------------------------------------------------------------

    def _remember(self, values: dict[str, Any]) -> None:
        if self.remember:
            settings.save_quietly(self.ctx.app.paths, values)   # geometry and last view: never worth an error

    def restore_state(self) -> None:
        """Geometry, last list and the visit that was open (at its section) from settings."""
        stored = settings.load(self.ctx.app.paths)
        self._restoring = True
        try:
            self._restore(stored)
        finally:
            self._restoring = False

    def _restore(self, stored: dict[str, Any]) -> None:
        last = stored.get("last_view")
        # The page that will show is built before the geometry is restored: its minimum size counts.
        self._ensure_list_page(last if last in _actions.NAV_TABLES else "organization")
        window = stored.get("window") or {}
        if isinstance(window, dict):
            if window.get("geometry"):
                self.restoreGeometry(QByteArray.fromBase64(str(window["geometry"]).encode("ascii")))
            if window.get("splitter"):
                self.splitter.restoreState(QByteArray.fromBase64(str(window["splitter"]).encode("ascii")))
            if window.get("sidebar") is False:
                self.toggle_sidebar()
        self.show_page(last if last in _actions.NAV_TABLES or last in ("sync", "conflicts") else "organization")
        if self.current_key not in self.pages:
            self.show_page("organization")
        draft = stored.get("organization_draft")
        if isinstance(draft, dict) and isinstance(draft.get("values"), dict):
            draft_id = draft.get("id")
            if draft_id is None or self._get("organization", str(draft_id)) is not None:
                self.open_organization(str(draft_id) if draft_id else None)
                if self.editor is not None:
                    self.editor.restore_draft(draft)
                return
        visit = stored.get("open_visit")
        if isinstance(visit, dict) and visit.get("id") and browse.visit_exists(self.ctx.app, str(visit["id"])):
            self.open_visit(str(visit["id"]), section=str(visit.get("section") or "") or None)

    def save_state(self) -> None:
        geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        splitter = bytes(self.splitter.saveState().toBase64().data()).decode("ascii")
        values: dict[str, Any] = {"window": {"geometry": geometry, "splitter": splitter,
                                             "sidebar": self.sidebar.isVisible()},
                                  "last_view": self.current_key}
        if self.visit_page is not None:
            values["open_visit"] = {"id": self.visit_page.visit_id, "section": self.visit_page.current_section()}
        self._remember(values)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        # Valid edits are saved; invalid ones are kept as a draft and come back on the next start,
        # so quitting never asks and never loses what was typed.
        draft = None
        if self.editor is not None and not self.editor.can_leave():
            draft = self.editor.draft()
        self._remember({"organization_draft": draft})
        self.save_state()
        if self.visit_page is not None:
            self._discard_visit_page(forget=False)  # it reopens on the next start
        # A closed window must not wake up again: changes announced later (demo data added after
        # the first-run window closed, a visit saving on its way out) would restart its timers.
        if not getattr(self, "_disconnected", False):
            self._disconnected = True
            for signal, slot in ((self.ctx.records_changed, self._records_changed),
                                 (self.ctx.language_changed, self.retranslate),
                                 (self.ctx.preferences_changed, self.update_status),
                                 (self.ctx.busy_changed, self._busy)):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(slot)
        self.section_timer.stop()
        self.status_timer.stop()
        self.statusBar().clearMessage()  # stops a timed message's timer
        for page in self.list_pages.values():
            page.debounce.stop()
        self.ctx.wait()
        event.accept()
        if self.demo:
            from cirkular_desktop.gui.first_run import demo_closed

            demo_closed(self)   # the demo folder is closed and the project's window comes back

    # --- language -----------------------------------------------------------------------------

    def retranslate(self, *args: Any) -> None:
        self.app_subtitle.setText(_("Circular collaboration across the border"))
        labels = self.page_labels()
        for row, key in enumerate(self.nav_keys):
            self.nav.item(row).setText(labels[key])
        self._fit_sidebar(measure=True)
        describe(self.nav, _("Navigation"), _("Go to a list or page (Ctrl+1 to Ctrl+8)"))
        self.actions_.retranslate()
        _actions.retranslate_menus(self.menus)
        for page in self.list_pages.values():
            page.retranslate()
        for detail in self.details.values():
            detail.retranslate()
        self.retranslate_workspace()
        if self.editor is not None:
            self.editor.retranslate()
        for part in (self.demo_banner, self.welcome):
            if part is not None:
                part.retranslate()
        accessibility.refresh_all()
        self.update_status()
        self._update_title()

    def _update_actions(self) -> None:
        in_visit = self.visit_page is not None and self.stack.currentWidget() is self.visit_page
        for name in ("next_section", "previous_section"):
            self.actions_[name].setEnabled(in_visit and hasattr(self.visit_page, name))
        self.actions_["back"].setEnabled(self.editor is not None or self.visit_page is not None)
        self._update_title()

    def _update_title(self) -> None:
        """"Residual streams — Cirkulär": the task bar says where the person is, on every page."""
        current = self.stack.currentWidget()
        if self.editor is not None and current is self.editor:
            where = self.editor.title.text()
        elif self.visit_page is not None and current is self.visit_page:
            where = _("Visit")
        else:   # a page of the navigation, named as there
            where = self.page_labels().get(self.current_key, "") if current is self.pages.get(self.current_key) else ""
        title = _("{place} — Cirkulär").format(place=where) if where else _("Cirkulär")
        self.setWindowTitle(_("DEMO — {title}").format(title=title) if self.demo else title)

    def offer_demo_if_empty(self) -> None:
        """First run: the organization list's empty state offers demo data; nothing modal here."""
        self.list_pages["organization"].ensure_loaded()
