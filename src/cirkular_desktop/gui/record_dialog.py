"""Edit a residual stream, need or idea from its list, with the same editor the visit uses.

Opened by double-click, Enter, Ctrl+Shift+E or "Edit…" on a row of the
Residual streams, Needs or Ideas list. Like the visit, it saves as you type
(no OK, no "unsaved changes" question): Close, Esc and "Open visit" write
what is waiting first. Each save is a step of the Edit menu's Undo, whose
keys work in the dialog too.

A record of a finished visit is edited here just as in the finished visit:
its residual streams, needs and ideas are kept up to date directly, while
the questionnaire answers, which are kept as versions, change only through
"Correct…" in the visit. The dialog says so and offers the visit.

Imports: PySide6, errors, i18n, services (editing, records), gui (context, undo, widgets),
gui.visit (stream_editor, idea_editor).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Iterable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from cirkular_desktop import i18n
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui import undo
from cirkular_desktop.gui.context import GuiContext
from cirkular_desktop.gui.widgets import fit_to_window
from cirkular_desktop.gui.visit.idea_editor import IdeaEditor
from cirkular_desktop.gui.visit.stream_editor import StreamEditor
from cirkular_desktop.i18n import N_, gettext as _
from cirkular_desktop.services import editing
from cirkular_desktop.services import records as record_services

TITLES = {"stream": N_("Residual stream"), "need": N_("Need"), "idea": N_("Idea")}


class RecordDialog(QDialog):
    """One stream, need or idea in its editor; ``open_visit_requested`` asks the window for the whole visit."""

    open_visit_requested = Signal(str)

    def __init__(self, ctx: GuiContext, table: str, record_id: str, parent: QWidget | None = None, *,
                 actions: Iterable[QAction] = ()) -> None:
        super().__init__(parent)
        self.ctx, self.table = ctx, table
        self.setObjectName("record_dialog")
        context = ctx.call(editing.edit_context, table, record_id)
        self.visit: dict[str, Any] | None = context["visit"]
        self.organization = context["organization"]
        self.streams, self.needs = context["streams"], context["needs"]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        self.where = QLabel()
        self.where.setObjectName("record_where")
        self.where.setWordWrap(True)
        self.where.setStyleSheet("background: palette(alternate-base); border-bottom: 1px solid palette(mid);"
                                 " padding: 8px 16px;")
        layout.addWidget(self.where)
        self.editor: StreamEditor | IdeaEditor = IdeaEditor(ctx) if table == "idea" else StreamEditor(ctx, table)
        layout.addWidget(self.editor, 1)
        buttons = QDialogButtonBox()
        self.visit_button = QPushButton(_("Open visit"))
        self.visit_button.setObjectName("record_open_visit")
        self.visit_button.setToolTip(_("Close this and open the visit the record was made at"))
        self.visit_button.clicked.connect(self._open_visit)
        buttons.addButton(self.visit_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.visit_button.setVisible(self.visit is not None)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        buttons.rejected.connect(self.reject)
        buttons.setContentsMargins(16, 0, 16, 0)
        layout.addWidget(buttons)
        for button in self.findChildren(QPushButton):
            # Enter in a field does what it does in the visit (nothing), not "Choose…" or "Close".
            button.setAutoDefault(False)
            button.setDefault(False)
        for action in actions:  # Ctrl+Z / Ctrl+Shift+Z of the main window work here too
            self.addAction(action)
        stack = undo.stack_for(ctx)
        stack.about_to_step.connect(self.editor.flush)
        stack.applied.connect(self._undo_applied)
        self.editor.saved.connect(lambda _id: self._update_title())
        self.record_key = record_id   # the id later undo steps know this record by
        self._load(context["record"])
        fit_to_window(self, 1000, 780)

    def _load(self, record: dict[str, Any] | None) -> None:
        self.editor.load(record, self.visit["id"] if self.visit else None, country=self.organization.get("country"),
                         streams=self.streams, needs=self.needs)
        self.editor.setEnabled(record is not None)
        self._show_where(removed=record is None)
        self._update_title()

    def _update_title(self) -> None:
        title = self.editor.record.get("title") or ""
        kind = _(TITLES[self.table])
        self.setWindowTitle(_("{kind}: {title}").format(kind=kind, title=title) if title else kind)

    def _show_where(self, *, removed: bool = False) -> None:
        parts = [self.organization.get("name") or ""]
        note = ""
        if self.visit is not None:
            try:
                parts.append(_("visit of {date}").format(
                    date=i18n.format_date(_dt.date.fromisoformat(self.visit["date"]))))
            except (TypeError, ValueError, KeyError):
                pass
            if self.visit.get("status") == "completed":
                parts.append(_("finished, version {version}").format(version=self.visit.get("version") or 1))
                note = _("Changes here are saved at once, as in the finished visit. Its questionnaire answers "
                         "are kept as versions and are changed with “Correct…” in the visit.")
            else:
                parts.append(_("in progress"))
        if removed:
            note = _("This record has been removed. Edit ▸ Undo brings it back.")
        text = " · ".join(p for p in parts if p)
        self.where.setText(text + ("\n" + note if note else ""))

    def _undo_applied(self, table: str, ids: set[str]) -> None:
        """Undo or redo changed records: show this one as it is stored now (it may have a new id)."""
        if table != self.table:
            return
        record_id = undo.stack_for(self.ctx).resolve(self.record_key)
        if record_id not in ids:
            return
        try:
            record = self.ctx.call(record_services.get_record, self.table, record_id)
        except CirkularError:
            record = None
        self.editor.pending = {}
        self.editor.record_id = None  # nothing waits to be written into the state before the undo
        self._load(record)

    def _open_visit(self) -> None:
        self.editor.flush()
        if self.visit is not None:
            visit_id = self.visit["id"]
            self.accept()
            self.open_visit_requested.emit(visit_id)

    def done(self, result: int) -> None:  # Close, Esc, the window's ×: what was typed is written first
        self.editor.flush()
        super().done(result)
