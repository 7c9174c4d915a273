"""The main window's open visit: starting one, opening it at its section, remembering it, closing it.

A mixin of ``MainWindow`` (which provides ``ctx``, ``stack``, ``editor``,
``visit_page``, ``section_timer``, ``current_list``, ``show_page`` and
``_remember``), split out to keep the window module small. The visit page
itself is imported only when a visit opens (``gui.visit_host``).

Imports: PySide6, i18n, errors, services (browse; visits when a visit starts), gui (pickers, visit_host, window_host).
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from cirkular_desktop.errors import CirkularError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.gui.window_host import WindowHost
from cirkular_desktop.services import browse


class WindowVisits(WindowHost):
    """Visit handling of the main window."""

    def new_visit(self) -> None:
        """Ctrl+Shift+N: a visit at the selected organization, or pick one first."""
        organization_id = self.selected_organization()
        if organization_id is None:
            from cirkular_desktop.gui.pickers import RecordPicker

            if not browse.count(self.ctx.app, "organization"):
                QMessageBox.information(self, _("New visit"), _("Add the organization you visit first."))
                self.new_organization()
                return
            picker = RecordPicker(self.ctx, "organization", _("New visit"), _("Which organization do you visit?"),
                                  self)
            try:
                if picker.exec() != picker.DialogCode.Accepted:
                    return
                organization_id = picker.chosen_id()
            finally:
                picker.deleteLater()
        if organization_id:
            self.start_visit(organization_id)

    def start_visit(self, organization_id: str) -> str | None:
        if self.editor is not None and not self.editor.can_leave():
            return None
        from cirkular_desktop.services import visits as visit_services  # the questionnaire loads with it

        try:
            visit_id = self.ctx.call(visit_services.start_visit, organization_id)
        except CirkularError as exc:
            self.ctx.show_error(self, exc)
            return None
        self.open_visit(visit_id)
        return visit_id

    def open_visit(self, visit_id: str, section: str | None = None) -> None:
        from cirkular_desktop.gui.visit_host import make_visit_page

        if self.visit_page is not None and getattr(self.visit_page, "visit_id", None) == visit_id:
            self.stack.setCurrentWidget(self.visit_page)
            return
        if not self._leave_detail():
            return
        page = make_visit_page(self.ctx, visit_id, self)
        page.closed.connect(self.close_visit)
        self.visit_page = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self._sync_nav("visit")
        if section:
            page.restore_section(section)
        self._saved_section = page.current_section()
        self._remember({"open_visit": {"id": visit_id, "section": self._saved_section}})
        self.section_timer.start()
        self._update_actions()

    def _remember_section(self) -> None:
        if self.visit_page is None:
            self.section_timer.stop()
            return
        section = self.visit_page.current_section()
        if section != self._saved_section:
            self._saved_section = section
            self._remember({"open_visit": {"id": self.visit_page.visit_id, "section": section}})

    def _discard_visit_page(self, *, forget: bool) -> None:
        page, self.visit_page = self.visit_page, None
        self.section_timer.stop()
        if page is None:
            return
        for name in ("flush", "save_now"):  # the visit page's own autosave, if it offers a flush
            if hasattr(page, name):
                getattr(page, name)()
                break
        if forget:
            self._remember({"open_visit": None})
        self.stack.removeWidget(page)
        page.deleteLater()

    def close_visit(self) -> None:
        self._discard_visit_page(forget=True)
        self.show_page(self.current_key if self.current_key in self.pages else "visit")

    def next_section(self) -> None:
        self._visit_call("next_section")

    def previous_section(self) -> None:
        self._visit_call("previous_section")

    def _visit_call(self, name: str) -> None:
        if self.visit_page is not None and hasattr(self.visit_page, name):
            getattr(self.visit_page, name)()

    def current_visit_id(self) -> str | None:
        if self.visit_page is not None:
            return self.visit_page.visit_id
        page = self.current_list()
        if page is not None and page.table == "visit":
            return page.current_id()
        return None
