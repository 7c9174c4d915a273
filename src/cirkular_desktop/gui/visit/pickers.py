"""Pickers for a stream's material category and its List of Waste codes.

Both are dialogs with a search field on top that filters as you type, so a
project leader who knows "spill" or "17 02" gets there in a keystroke or
two, and one who doesn't can browse the tree. Names are shown in the UI
language (``core.materials`` and ``core.wastecodes`` carry sv, nb and en).
Hazardous waste codes are drawn in red with a star and a "Hazardous" mark;
mirror entries say that the hazard must be assessed.

Imports: PySide6, core (materials, wastecodes), i18n.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem,
    QVBoxLayout, QWidget,
)

from cirkular_desktop.core import materials, wastecodes
from cirkular_desktop.gui import theme
from cirkular_desktop.gui.widgets import describe, set_kind
from cirkular_desktop.i18n import gettext as _



def hazard_color() -> QColor:
    """Hazardous codes are drawn in the theme's red (light or dark)."""
    return theme.color("hazard")


def mirror_color() -> QColor:
    return theme.color("mirror")

CODE_ROLE = Qt.ItemDataRole.UserRole


def hazard_text(entry: wastecodes.WasteCode) -> str:
    if entry.mirror:
        return _("Hazardous (mirror entry)") if entry.hazardous else _("Mirror entry: assess")
    return _("Hazardous") if entry.hazardous else ""


def _search_line(placeholder: str) -> QLineEdit:
    line = QLineEdit()
    line.setPlaceholderText(placeholder)
    line.setClearButtonEnabled(True)
    return line


class _Picker(QDialog):
    """Search field, tree, OK/Cancel; Enter in the search field moves into the tree."""

    def __init__(self, title: str, placeholder: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(720, 560)
        layout = self.main_layout = QVBoxLayout(self)
        self.search = _search_line(placeholder)
        describe(self.search, _("Search"), placeholder)
        layout.addWidget(self.search)
        self.tree = QTreeWidget()
        describe(self.tree, title, _("Enter or double-click chooses the entry"))
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout.addWidget(self.tree, 1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        set_kind(self.hint, "muted")
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        # Our own words: Qt ships no Norwegian Bokmål catalog for its standard buttons.
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self._accept_current)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # Typing restarts a short timer so a fast typist does not rebuild the tree per letter.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self._enter_tree)
        self.tree.itemActivated.connect(lambda item, _c: self._accept_item(item))
        self.tree.currentItemChanged.connect(lambda item, _p: self._show_hint(item))
        self.chosen: str | None = None

    def done(self, result: int) -> None:  # noqa: D401 - Qt API
        self._timer.stop()
        super().done(result)

    def _enter_tree(self) -> None:
        self._timer.stop()
        self.refresh()
        first = self._first_leaf()
        if first is not None:
            self.tree.setCurrentItem(first)
            self.tree.setFocus()

    def _first_leaf(self) -> QTreeWidgetItem | None:
        pending = [item for i in range(self.tree.topLevelItemCount())
                   if (item := self.tree.topLevelItem(i)) is not None]
        while pending:
            item = pending.pop(0)
            if item.data(0, CODE_ROLE):
                return item
            pending[:0] = [child for i in range(item.childCount()) if (child := item.child(i)) is not None]
        return None

    def _accept_current(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self._accept_item(item)

    def _accept_item(self, item: QTreeWidgetItem) -> None:
        code = item.data(0, CODE_ROLE)
        if code:
            self.chosen = code
            self.accept()

    def _show_hint(self, item: QTreeWidgetItem | None) -> None:
        self.hint.setText("")

    def refresh(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class MaterialPicker(_Picker):
    """The app's material category tree, filtered by the words typed."""

    def __init__(self, current: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(_("Material category"), _("Search categories, e.g. “wood” or “plastic film”"), parent)
        self.tree.setHeaderHidden(True)
        self.refresh()
        if current and materials.get(current):
            self._select(current)

    def refresh(self) -> None:
        text = self.search.text()
        shown = {m.code for m in materials.search(text)}
        # Keep the parents of every match, so a match is seen in its place in the tree.
        for code in list(shown):
            parts = code.split(".")
            shown.update(".".join(parts[:i]) for i in range(1, len(parts)))
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        for m in materials.all_materials():
            if m.code not in shown:
                continue
            parent = items.get(m.parent) if m.parent else None
            item = QTreeWidgetItem([m.name()])
            item.setData(0, CODE_ROLE, m.code)
            if m.hint():
                item.setToolTip(0, m.hint())
            if parent is None:
                self.tree.addTopLevelItem(item)
                font = QFont(item.font(0))
                font.setBold(True)
                item.setFont(0, font)
            else:
                parent.addChild(item)
            items[m.code] = item
        if text.strip():
            self.tree.expandAll()

    def _select(self, code: str) -> None:
        found = self.tree.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive)
        for item in found:
            if item.data(0, CODE_ROLE) == code:
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return

    def _show_hint(self, item: QTreeWidgetItem | None) -> None:
        m = materials.get(item.data(0, CODE_ROLE)) if item is not None else None
        if m is None:
            self.hint.setText("")
            return
        codes = ", ".join(wastecodes.format_code(c) for c in m.waste_codes[:8])
        text = m.path_name()
        if m.hint():
            text += " — " + m.hint()
        if codes:
            text += "\n" + _("Typical waste codes: {codes}").format(codes=codes)
        self.hint.setText(text)


class WasteCodePicker(_Picker):
    """The EU List of Waste: browse chapters, or search by code digits or words in the UI language."""

    LIMIT = 300

    def __init__(self, suggested: tuple[str, ...] = (), taken: tuple[str, ...] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(_("List of Waste code"),
                         _("Search by code (“17 02”) or by words (“wood”, “oil”)"), parent)
        self.suggested = tuple(suggested)
        self.taken = set(taken)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([_("Code"), _("Name"), _("Hazard")])
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.tree.setWordWrap(True)
        self.count_label = QLabel()
        self.main_layout.insertWidget(1, self.count_label)
        self.refresh()

    def _entry_item(self, entry: wastecodes.WasteCode) -> QTreeWidgetItem:
        item = QTreeWidgetItem([entry.display(), entry.name(), hazard_text(entry)])
        item.setData(0, CODE_ROLE, entry.code)
        item.setToolTip(1, entry.name())
        if entry.hazardous:
            for column in range(3):
                item.setForeground(column, QBrush(hazard_color()))
            font = QFont(item.font(0))
            font.setBold(True)
            item.setFont(0, font)
            item.setFont(2, font)
        elif entry.mirror:
            item.setForeground(2, QBrush(mirror_color()))
        if entry.code in self.taken:
            item.setDisabled(True)
            item.setToolTip(0, _("Already chosen for this stream"))
        return item

    def refresh(self) -> None:
        text = self.search.text().strip()
        self.tree.clear()
        if text:
            found = wastecodes.search(text, limit=self.LIMIT)
            for entry in found:
                self.tree.addTopLevelItem(self._entry_item(entry))
            self.count_label.setText(_("{count} codes found").format(count=len(found)) if found
                                     else _("No code matches “{text}”").format(text=text))
            return
        self.count_label.setText(_("Browse the chapters, or type to search"))
        if self.suggested:
            group = QTreeWidgetItem([_("Suggested"), _("Typical codes for the chosen material"), ""])
            self.tree.addTopLevelItem(group)
            for code in self.suggested:
                suggested = wastecodes.get(code)
                if suggested is not None:
                    group.addChild(self._entry_item(suggested))
            group.setExpanded(True)
        subs: dict[str, QTreeWidgetItem] = {}
        for chapter in wastecodes.chapters():
            chapter_item = QTreeWidgetItem([chapter.code, chapter.name(), ""])
            font = QFont(chapter_item.font(0))
            font.setBold(True)
            chapter_item.setFont(0, font)
            chapter_item.setFont(1, font)
            self.tree.addTopLevelItem(chapter_item)
            for sub in wastecodes.subchapters(chapter.code):
                sub_item = QTreeWidgetItem([sub.display(), sub.name(), ""])
                chapter_item.addChild(sub_item)
                subs[sub.code] = sub_item
        for entry in wastecodes.all_codes():
            parent = subs.get(entry.subchapter)
            if parent is not None:
                parent.addChild(self._entry_item(entry))

    def _show_hint(self, item: QTreeWidgetItem | None) -> None:
        entry = wastecodes.get(item.data(0, CODE_ROLE)) if item is not None and item.data(0, CODE_ROLE) else None
        if entry is None:
            self.hint.setText("")
            return
        text = entry.display() + " " + entry.name()
        if entry.mirror:
            partners = ", ".join(wastecodes.format_code(c) for c in wastecodes.mirror_partners(entry.code))
            text += "\n" + _("Mirror entry: whether the waste is hazardous depends on an assessment of what it "
                             "contains. Its pair: {codes}.").format(codes=partners or "—")
        elif entry.hazardous:
            text += "\n" + _("Hazardous waste: a receiver needs a permit for it, and shipping it across the "
                             "border needs prior notification and consent.")
        self.hint.setText(text)
