"""The residual streams, needs or ideas of a visit: a list beside the editor of the chosen one.

"Add" starts a new record in the editor (it is stored once it has a title);
the list shows each record's title with its quantity, codes, a hazard mark
and how many photos it has. Removing asks first, since photos go with it.

Imports: PySide6, core (records, units, wastecodes, display), services (attachments, records, visits),
errors, i18n, gui (context, undo, widgets), gui.visit.*.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from cirkular_desktop import i18n
from cirkular_desktop.core import records, units, wastecodes
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui import undo
from cirkular_desktop.gui.context import GuiContext
from cirkular_desktop.gui.visit.idea_editor import IdeaEditor
from cirkular_desktop.gui.visit.pickers import hazard_color
from cirkular_desktop.gui.visit.stream_editor import StreamEditor
from cirkular_desktop.gui.widgets import SidePaneSplitter, confirm_removal, describe, set_kind
from cirkular_desktop.i18n import N_, gettext as _, ngettext
from cirkular_desktop.services import attachments, visits
from cirkular_desktop.services import records as record_services

ID_ROLE = Qt.ItemDataRole.UserRole


def summary(table: str, record: dict[str, Any], photos: int = 0) -> tuple[str, bool]:
    """Second line of a list entry, and whether the record carries a hazardous code."""
    parts: list[str] = []
    hazardous = False
    if table in ("stream", "need"):
        tonnes = units.tonnes_per_year(record)
        if tonnes is not None:
            parts.append(_("{tonnes} t/year").format(tonnes=i18n.format_decimal(tonnes, max_fraction=2)))
        elif record.get("quantity"):
            unit = units.get(record.get("unit"))
            parts.append(f"{i18n.format_decimal(Decimal(record['quantity']))} {unit.display() if unit else ''}".strip())
        codes = record.get("waste_codes") or []
        if codes:
            parts.append(", ".join(wastecodes.format_code(c) for c in codes[:3]) + ("…" if len(codes) > 3 else ""))
        hazardous = any((e := wastecodes.get(c)) is not None and e.hazardous for c in codes) or \
            record.get("hazard_assessment") == "hazardous"
        if hazardous:
            parts.append(_("hazardous"))
        if photos:
            parts.append(ngettext("{count} photo", "{count} photos", photos).format(count=photos))
    else:
        f = records.table("idea").field("hierarchy")
        if record.get("hierarchy"):
            parts.append(f.choice_label(record["hierarchy"]))
        status = records.table("idea").field("status")
        if record.get("status"):
            parts.append(status.choice_label(record["status"]))
    return " · ".join(parts), hazardous


class ItemsPane(QWidget):
    """List + editor for one of stream, need or idea."""

    items_changed = Signal()

    LABELS = {"stream": (N_("Add residual stream"), N_("No residual streams recorded yet. Add each stream you "
                                                       "find as you walk through the processes.")),
              "need": (N_("Add need"), N_("No needs recorded yet. What could the organization use instead of new "
                                          "material?")),
              "idea": (N_("Add idea"), N_("No ideas yet. Note every reuse idea, however rough."))}

    def __init__(self, ctx: GuiContext, table: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.table = ctx, table
        self.visit_id: str | None = None
        self.country: str | None = None
        self.items: list[dict[str, Any]] = []
        self.photo_counts: dict[str, int] = {}
        self.context: dict[str, Any] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = SidePaneSplitter(0.3, 150, 300)
        layout.addWidget(splitter)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(12, 12, 6, 12)
        add_text, empty_text = self.LABELS[table]
        self.add_button = QPushButton(_(add_text))
        self.add_button.setObjectName(f"add_{table}")
        self.add_button.clicked.connect(self.add_new)
        left_layout.addWidget(self.add_button)
        self.list = QListWidget()
        self.list.setObjectName(f"{table}_list")
        describe(self.list, _("{things} of this visit").format(things=_(records.table(table).plural)),
                 _("Choose one to edit it beside the list; Delete removes it (asks first)"))
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.currentItemChanged.connect(self._selected)
        left_layout.addWidget(self.list, 1)
        self.empty = QLabel(_(empty_text))
        self.empty.setWordWrap(True)
        self.empty.setContentsMargins(8, 8, 8, 8)
        set_kind(self.empty, "muted")
        left_layout.addWidget(self.empty)
        self.remove_button = QPushButton(_("Remove…"))
        self.remove_button.setObjectName(f"remove_{table}")
        self.remove_button.clicked.connect(self.remove_current)
        left_layout.addWidget(self.remove_button)
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_kind(self.error, "field_error")
        self.error.setVisible(False)
        left_layout.addWidget(self.error)
        splitter.addWidget(left)
        self.editor: StreamEditor | IdeaEditor = (IdeaEditor(ctx) if table == "idea" else StreamEditor(ctx, table))
        self.editor.saved.connect(self._saved)
        if isinstance(self.editor, StreamEditor):
            self.editor.photos.photos_changed.connect(self._photos_changed)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(1, 1)
        shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.remove_current)
        stack = undo.stack_for(ctx)
        stack.about_to_step.connect(self.flush)
        stack.applied.connect(self._undo_applied)
        self._render([], {})

    # --- data ------------------------------------------------------------------------------------------

    def set_data(self, visit_id: str, items: list[dict[str, Any]], *, country: str | None = None,
                 photo_counts: dict[str, int] | None = None, streams: Sequence[dict[str, Any]] = (),
                 needs: Sequence[dict[str, Any]] = ()) -> None:
        """Show the visit's records; the one in the editor stays there."""
        self.visit_id, self.country = visit_id, country
        self.context = {"country": country, "streams": list(streams), "needs": list(needs)}
        self.items = list(items)
        self.photo_counts = dict(photo_counts or {})
        self._render(self.items, self.photo_counts)
        if self.editor.visit_id != visit_id:
            self.show_record(self.items[0] if self.items else None)
        else:
            self.set_links(list(streams), list(needs))

    def set_links(self, streams: list[dict], needs: list[dict]) -> None:
        """Keep an idea's pick lists of the visit's streams and needs current."""
        self.context.update(streams=list(streams), needs=list(needs))
        if isinstance(self.editor, IdeaEditor):
            self.editor.set_links(streams, needs)

    def _render(self, items: list[dict[str, Any]], photo_counts: dict[str, int]) -> None:
        current = self.editor.record_id if hasattr(self, "editor") else None
        self.list.blockSignals(True)
        self.list.clear()
        for record in items:
            line, hazardous = summary(self.table, record, photo_counts.get(record["id"], 0))
            item = QListWidgetItem(record.get("title", "") + (f"\n{line}" if line else ""))
            item.setToolTip(item.text())   # a narrow list cuts a long word
            item.setData(ID_ROLE, record["id"])
            if hazardous:
                item.setForeground(hazard_color())
            self.list.addItem(item)
            if record["id"] == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        has = bool(items)
        self.list.setVisible(has)
        self.empty.setVisible(not has)
        self.remove_button.setEnabled(has)

    def _selected(self, item: QListWidgetItem | None, _previous: Any) -> None:
        if item is None:
            return
        record_id = item.data(ID_ROLE)
        if record_id == self.editor.record_id:
            return
        record = next((r for r in self.items if r["id"] == record_id), None)
        self.show_record(record)

    def show_record(self, record: dict[str, Any] | None) -> None:
        self.editor.load(record, self.visit_id, **self.context)

    def add_new(self) -> None:
        self.list.blockSignals(True)
        self.list.clearSelection()
        self.list.setCurrentRow(-1)   # no current item
        self.list.blockSignals(False)
        self.show_record(None)
        self.editor.fields["title"].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _saved(self, record_id: str) -> None:
        fresh = dict(self.editor.record)
        known = [r for r in self.items if r["id"] == record_id]
        if known:
            self.items[self.items.index(known[0])] = fresh
        else:
            self.items.append(fresh)
        if hasattr(self.editor, "photos"):
            self.photo_counts[record_id] = self.editor.photos.list.count()
        self._render(self.items, self.photo_counts)
        self.items_changed.emit()

    def _photos_changed(self, count: int) -> None:
        if self.editor.record_id:
            self.photo_counts[self.editor.record_id] = count
            self._render(self.items, self.photo_counts)
            self.items_changed.emit()

    def remove_current(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        record_id = item.data(ID_ROLE)
        record = next((r for r in self.items if r["id"] == record_id), {})
        if self.confirm_remove(record.get("title", "")):
            self.remove(record_id)

    def confirm_remove(self, title: str) -> bool:
        """Ask before removing; the buttons say what they do (and are translated in every language)."""
        return confirm_removal(self, _("Remove"), _("Remove “{title}” and its photos?").format(title=title))

    def remove(self, record_id: str) -> bool:
        self.editor.flush()
        try:
            saved = undo.snapshots(self.ctx, self.table, [record_id])
            self.ctx.call(record_services.remove_record, self.table, record_id)
        except CirkularError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            return False
        self.error.setVisible(False)
        undo.removed(self.ctx, self.table, saved)
        self.items = [r for r in self.items if r["id"] != record_id]
        self.editor.record_id = None  # removed: nothing left to save into it
        self.editor.pending = {}
        self._render(self.items, self.photo_counts)
        self.show_record(self.items[0] if self.items else None)
        self.items_changed.emit()
        return True

    def flush(self) -> None:
        self.editor.flush()

    def _undo_applied(self, table: str, ids: set[str]) -> None:
        """An undo or redo changed records: show the visit's records (and the edited one) as stored now."""
        if self.visit_id is None or table != self.table:
            return  # photos: the photo strip reloads itself and reports the new count
        try:
            self.items = self.ctx.call(visits.visit_items, self.visit_id, self.table)
            if self.table != "idea":
                self.photo_counts = self.ctx.call(attachments.count_photos, self.table,
                                                  [r["id"] for r in self.items])
        except CirkularError:
            return  # the visit itself is gone; the page says so when it reloads
        shown = undo.stack_for(self.ctx).resolve(self.editor.record_id or "")
        fresh = next((r for r in self.items if r["id"] == shown), None)
        self.editor.pending = {}
        self.editor.record_id = None  # nothing waits to be written into the old state
        self.show_record(fresh if fresh is not None else (self.items[0] if self.items else None))
        self._render(self.items, self.photo_counts)
        self.items_changed.emit()
