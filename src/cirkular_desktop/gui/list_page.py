"""A list page: heading with record count, filter-as-you-type, a sortable table, and an empty state.

Typing is debounced (150 ms) and filters through the full-text index; the
table fetches further pages as it scrolls. An empty database shows what to
do next instead of a blank grid. The page announces what the user wants
(open a record, add one, start a visit); the main window decides how.

Imports: PySide6, i18n, core (records, industry), gui (models, widgets), services (browse, codes).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSizePolicy,
    QStackedWidget, QTableView, QVBoxLayout, QWidget,
)

from cirkular_desktop import settings
from cirkular_desktop.core import records
from cirkular_desktop.gui import models
from cirkular_desktop.gui.widgets import EmptyState, describe, heading_label
from cirkular_desktop.i18n import N_, gettext as _, ngettext
from cirkular_desktop.services import browse

DEBOUNCE_MS = 150

# What an empty list says, per table: a heading and what to do next.
EMPTY_TEXTS = {
    "organization": (N_("No organizations yet"),
                     N_("Add the companies and municipal operations you visit, or try Cirkulär with demo data.")),
    "visit": (N_("No visits yet"),
              N_("Open an organization and choose “Start visit” to map its residual streams.")),
    "stream": (N_("No residual streams yet"),
               N_("Residual streams are recorded during a visit. Start a visit from an organization.")),
    "need": (N_("No needs yet"), N_("Needs are recorded during a visit, like residual streams.")),
    "idea": (N_("No ideas yet"), N_("Ideas for reuse are collected during visits and workshops.")),
    "match": (N_("No matches yet"),
              N_("Matches pair a residual stream with a need. They appear once streams and needs are mapped.")),
    "test_environment": (N_("No test environments yet"),
                         N_("Partners of a match try the reuse in practice: open a match and add one.")),
    "outcome": (N_("No outcomes yet"), N_("Measured results of implemented matches, per year.")),
    "activity": (N_("No competence activities yet"), N_("Lectures, study visits and workshops of the project.")),
}
NO_HITS = N_("Nothing matches “{text}”.")
EDITABLE = ("stream", "need", "idea", "match", "test_environment", "outcome", "activity")   # opened in an editor
# Lists with a "New…" button (each opens its own editor), and its text.
# (Short where the list's own title says what: a longer text would widen the page past a small screen.)
NEW_BUTTONS = {"organization": N_("New organization…"), "test_environment": N_("New…"),
               "outcome": N_("New…"), "activity": N_("New…")}


STRETCH_LEAST = 190   # px the title and organization keep before less important columns step aside


def _priority(column: Any, position: int) -> int:
    """Which columns stay longest on a narrow screen: title and organization, then tonnes and counts, then
    the others in their order, and the quantity as entered (its tonnes per year stay) last."""
    if column.stretch:
        return position
    if column.format in (browse.TONNES, browse.COUNT):
        return 100 + position
    if column.format == browse.QUANTITY:
        return 300 + position
    return 200 + position


def _give_way(widths: dict[int, int], group: list[int], least: dict[int, int], excess: int) -> int:
    """Narrow the columns of ``group`` toward ``least`` in proportion to their slack; returns what is left."""
    slack = sum(max(widths[i] - least[i], 0) for i in group)
    if slack <= 0 or excess <= 0:
        return excess
    share = min(1.0, excess / slack)
    for i in group:
        cut = min(int(max(widths[i] - least[i], 0) * share + 0.999), excess)
        widths[i] -= cut
        excess -= cut
    return excess


def count_text(table: str, total: int, searching: bool, capped: bool = False) -> str:
    """"590 residual streams", "12 found", "more than 2,000 found".

    Not "matches": that is the word of the Matches page (stream–need pairs), and "2 matchningar"
    beside a filter would read as two of those.
    """
    count = models.number(total)
    if capped:
        return _("more than {count} found").format(count=count)
    if searching:
        return ngettext("{count} found", "{count} found", total).format(count=count)
    return _("{count} {things}").format(count=count, things=_(records.table(table).plural).lower())


class ListPage(QWidget):
    """One navigation page: the list of one table."""

    open_requested = Signal(str, str)      # table, id
    new_requested = Signal(str)            # table
    navigate_requested = Signal(str)       # another list to show
    start_visit_requested = Signal(str)    # organization id
    demo_requested = Signal()
    selection_changed = Signal()

    def __init__(self, ctx: Any, table: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = table
        self.setObjectName(f"page_{table}")
        self.model = models.RecordListModel(ctx, table, self)
        self._fitted = False
        self._fitting = False
        self._user_sized = False
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.apply_filter)

        self.title = heading_label()
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.search = QLineEdit()
        self.search.setObjectName("searchField")
        self.search.setClearButtonEnabled(True)
        # Grows to 320 px where there is room and gives way to 180 px where a language's longer
        # heading and buttons need it, so the window still fits a small laptop screen.
        self.search.setMinimumWidth(150)
        self.search.setMaximumWidth(320)
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self.apply_filter)
        self.industry_filter: QComboBox | None = None
        if table == "organization":
            # Organizations of one industry (NACE division of their SNI/SN2007 code), beside the text filter.
            self.industry_filter = QComboBox()
            self.industry_filter.setObjectName("industryFilter")
            # Division names are long: the box takes the room of its own row, up to a readable width.
            self.industry_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.industry_filter.setMinimumContentsLength(24)
            self.industry_filter.setMaximumWidth(560)
            self.industry_filter.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.industry_filter.currentIndexChanged.connect(self._industry_chosen)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(lambda: self.new_requested.emit(self.table))
        self.visit_button = QPushButton()
        self.visit_button.setObjectName("startVisitButton")
        self.visit_button.clicked.connect(self._start_visit)
        self.visit_button.setVisible(table == "organization")
        self.visit_button.setEnabled(False)
        self.new_button.setVisible(table in NEW_BUTTONS)

        top = QHBoxLayout()
        titles = QVBoxLayout()   # the count under the heading: the bar stays narrow enough for a small screen
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.count_label)
        top.addLayout(titles)
        top.addStretch(1)
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.visit_button)

        self.view = QTableView()
        self.view.setObjectName(f"table_{table}")
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(
            max(0, self.model.sort_column()),
            Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(30)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        header.setStretchLastSection(False)   # the fit fills the width; title and organization take what is left
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionsMovable(True)       # drag a column to reorder; the order is remembered
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        header.sectionResized.connect(self._section_resized)
        header.sectionMoved.connect(self._column_moved)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda pos: self.column_menu(header.mapToGlobal(pos)))
        self.filled: frozenset[str] | None = None   # columns with a value in some record (None: not asked yet)
        self.room_hidden: set[str] = set()          # columns left out on a narrow screen
        self._choice = settings.list_columns(ctx.app.paths, table)
        self._apply_columns()
        self.view.doubleClicked.connect(self._open_index)
        self.view.activated.connect(self._open_index)
        if table in EDITABLE:  # right-click on a row: Edit…, as double-click and Enter do
            self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            self.view.customContextMenuRequested.connect(self._row_menu)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.total_changed.connect(self._show_count)
        self.model.reloaded.connect(self._after_reload)

        self.empty = EmptyState()
        self.empty.action_clicked.connect(self._empty_action)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(12)
        layout.addLayout(top)
        if self.industry_filter is not None:   # a row of its own: the top bar must still fit a small screen
            filters = QHBoxLayout()
            filters.addWidget(self.industry_filter, 1)
            filters.addStretch(1)
            layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        self.setFocusProxy(self.search)
        self.setTabOrder(self.search, self.view)
        self.retranslate()

    # --- data ---------------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        """Fill the list the first time it is shown (start-up loads only the first page of one list)."""
        if not self.model.loaded:
            self.refresh()

    def refresh(self) -> None:
        selected = self.current_id()
        filled = browse.filled_columns(self.ctx.app, self.table)
        if filled != self.filled:
            self.filled = filled
            self._apply_columns()
        self._fill_industries()
        self.model.reload()
        if selected:
            self.select_id(selected)

    def _fill_industries(self) -> None:
        """The divisions some organization is in, named in the active language; the choice is kept."""
        combo = self.industry_filter
        if combo is None:
            return
        from cirkular_desktop.core import industry
        from cirkular_desktop.services import codes

        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("All industries"), None)
        for code, count in codes.industry_divisions(self.ctx.app):
            name = next(d.name() for d in industry.divisions() if d.code == code)
            combo.addItem(_("{code} {name} ({count})").format(code=code, name=name, count=count), code)
            combo.setItemData(combo.count() - 1, name, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)
        self._industry_tooltip()
        if combo.currentData() != chosen:   # that industry has no organization any more
            self._industry_chosen()

    def _industry_tooltip(self) -> None:
        combo = self.industry_filter
        if combo is not None:   # the whole name when the box is too narrow for it
            shown = combo.currentText() if combo.currentData() else ""
            combo.setToolTip("\n".join(x for x in (shown, _(
                "Show the organizations of one industry (the first two digits of SNI 2007 / SN2007)")) if x))

    def _industry_chosen(self, *args: Any) -> None:
        self._industry_tooltip()
        code = self.industry_filter.currentData() if self.industry_filter is not None else None
        self.model.where = {"industry_code": code} if code else {}
        self.model.reload()

    def _typed(self, text: str) -> None:
        self.debounce.start()  # restarts: the query runs once typing pauses

    def apply_filter(self) -> None:
        self.debounce.stop()
        self.model.set_search(self.search.text())

    def _sort_indicator_changed(self, column: int, order: Qt.SortOrder) -> None:
        if not self.model.columns[column].sortable:
            # Put the indicator back where the data really is sorted.
            header = self.view.horizontalHeader()
            header.blockSignals(True)
            current = self.model.sort_column()
            header.setSortIndicator(current, Qt.SortOrder.DescendingOrder if self.model.descending
                                    else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)

    def _after_reload(self) -> None:
        self._show_count(self.model.total)
        if not self._fitted and self.isVisible():
            self.fit_columns()
        self._update_empty_state()

    def fit_columns(self) -> None:
        """Widths from the first rows and the (bold) header, once the style sheet is in effect.

        Numbers and short columns get what their content needs; the title and organization columns
        share the rest. When room is short, text columns give way first, then the title columns, then
        the numbers, never below their header's width until nothing else is left: the shown columns
        always fill the list's width exactly, so it never scrolls sideways (cut cells show their
        whole text as a tooltip).
        """
        from PySide6.QtGui import QFontMetrics

        header = self.view.horizontalHeader()
        chosen = [i for i in range(len(self.model.columns)) if self._column_wanted(i)]
        if not chosen:
            return
        metrics = self.view.fontMetrics()
        bold = header.font()
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        wanted: dict[int, int] = {}
        floors: dict[int, int] = {}
        for i in chosen:
            column = self.model.columns[i]
            title = self.model.headerData(i, Qt.Orientation.Horizontal) or ""
            floor = max(bold_metrics.horizontalAdvance(title) + 34, 48)
            width = floor
            for row in range(min(self.model.rowCount(), 60)):
                text = self.model.data(self.model.index(row, i)) or ""
                width = max(width, metrics.horizontalAdvance(text) + 20)
            wanted[i] = min(width, 400 if column.stretch else 240)
            floors[i] = floor
        scrollbar = self.view.style().pixelMetric(self.view.style().PixelMetric.PM_ScrollBarExtent)
        room = max(self.view.width() - scrollbar - 2 * self.view.frameWidth() - 2, 120)
        # On a small screen the least important columns step aside (the column menu still offers them),
        # so the title and organization keep room to be read; a column the person asked for stays.
        shown = list(chosen)
        keys = [c.key for c in self.model.columns]
        for i in sorted(chosen, key=lambda i: -_priority(self.model.columns[i], i)):
            if sum(max(floors[j], STRETCH_LEAST if self.model.columns[j].stretch else 0) for j in shown) <= room:
                break
            if self.model.columns[i].stretch or keys[i] in self._choice["shown"] or len(shown) <= 1:
                continue
            shown.remove(i)
        self.room_hidden = {keys[i] for i in chosen if i not in shown}
        header.blockSignals(True)
        for i in chosen:
            header.setSectionHidden(i, i not in shown)
        header.blockSignals(False)
        wanted = {i: wanted[i] for i in shown}
        widths = dict(wanted)
        stretch = [i for i in shown if self.model.columns[i].stretch] or shown[:1]
        total = sum(widths.values())
        if total < room:
            spare = room - total
            weight = sum(wanted[i] for i in stretch)
            for i in stretch:
                widths[i] += spare * wanted[i] // weight
        else:
            excess = total - room
            least = {i: (max(floors[i], STRETCH_LEAST) if i in stretch else floors[i]) for i in shown}
            groups = ([i for i in shown if not self.model.columns[i].numeric and i not in stretch], stretch,
                      [i for i in shown if self.model.columns[i].numeric])
            for group in groups:
                excess = _give_way(widths, group, least, excess)
            if excess > 0:  # even the floors do not fit: every column gives way in proportion (headers elide)
                excess = _give_way(widths, shown, {i: 24 for i in shown}, excess)
        widths[stretch[-1]] += room - sum(widths.values())   # rounding: the columns fill the width exactly
        self._fitting = True
        for i, width in widths.items():
            header.resizeSection(i, max(width, 24))
        self._fitting = False
        self._fitted = bool(self.model.rowCount())

    # --- columns: which are shown, in what order (remembered per list) -------------------------------

    def _column_wanted(self, logical: int) -> bool:
        """Shown unless the person hid it, or no record fills it (and the person did not ask for it)."""
        key = self.model.columns[logical].key
        if key in self._choice["hidden"]:
            return False
        return self.filled is None or key in self.filled or key in self._choice["shown"]

    def _apply_columns(self) -> None:
        """Show the columns the person chose, in their order; leave out a column no record fills."""
        header = self.view.horizontalHeader()
        keys = [c.key for c in self.model.columns]
        header.blockSignals(True)
        try:
            for i in range(len(keys)):
                header.setSectionHidden(i, not self._column_wanted(i))
            order = [k for k in self._choice["order"] if k in keys] + [k for k in keys if k not in self._choice["order"]]
            for visual, key in enumerate(order):
                current = header.visualIndex(keys.index(key))
                if current != visual:
                    header.moveSection(current, visual)
        finally:
            header.blockSignals(False)
        self._fitted = False
        if self.isVisible():
            self.fit_columns()

    def _save_columns(self) -> None:
        settings.save_list_columns(self.ctx.app.paths, self.table, self._choice)

    def _column_moved(self, *args: Any) -> None:
        header = self.view.horizontalHeader()
        keys = [c.key for c in self.model.columns]
        self._choice["order"] = [keys[header.logicalIndex(visual)] for visual in range(len(keys))]
        self._save_columns()
        self.fit_columns()

    def set_column_shown(self, key: str, shown: bool) -> None:
        """Show or hide one column (the column menu); the choice is remembered for this list."""
        hidden, chosen = set(self._choice["hidden"]), set(self._choice["shown"])
        if shown:
            hidden.discard(key)
            chosen.add(key)
        else:
            hidden.add(key)
            chosen.discard(key)
        header = self.view.horizontalHeader()
        keys = [c.key for c in self.model.columns]
        if not shown and all(header.isSectionHidden(i) or keys[i] == key for i in range(len(keys))):
            return  # the last shown column stays
        self._choice["hidden"], self._choice["shown"] = sorted(hidden), sorted(chosen)
        self._save_columns()
        self._apply_columns()

    def reset_columns(self) -> None:
        self._choice = {"order": [], "hidden": [], "shown": []}
        settings.save_list_columns(self.ctx.app.paths, self.table, None)
        header = self.view.horizontalHeader()
        header.blockSignals(True)
        for logical in range(len(self.model.columns)):   # back to the app's order
            header.moveSection(header.visualIndex(logical), logical)
        header.blockSignals(False)
        self._apply_columns()

    def column_menu(self, where: Any = None) -> Any:
        """The columns to tick on or off, in their order on screen, and "Reset columns"; right-click on the
        header or View ▸ Columns…"""
        from PySide6.QtWidgets import QMenu

        header = self.view.horizontalHeader()
        menu = QMenu(self)
        menu.setObjectName("columnMenu")
        for visual in range(header.count()):
            logical = header.logicalIndex(visual)
            column = self.model.columns[logical]
            action = menu.addAction(_(column.label))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(logical))
            if self.filled is not None and column.key not in self.filled:
                action.setToolTip(_("No record has a value in this column yet"))
            elif column.key in self.room_hidden:
                action.setChecked(False)
                action.setToolTip(_("Left out for lack of room; tick it to show it anyway"))
            action.toggled.connect(lambda on, key=column.key: self.set_column_shown(key, on))
        menu.addSeparator()
        menu.addAction(_("Reset columns")).triggered.connect(self.reset_columns)
        menu.setToolTipsVisible(True)
        menu.aboutToHide.connect(menu.deleteLater)
        if where is None:
            where = header.mapToGlobal(header.rect().bottomLeft())
        menu.popup(where)
        return menu

    def _section_resized(self, *args: Any) -> None:
        if not self._fitting:
            self._user_sized = True  # the person chose widths: keep them

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self._fitted and not self._user_sized:
            self.fit_columns()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if not self._fitted:
            self.fit_columns()

    def _show_count(self, total: int) -> None:
        filtered = bool(self.model.search or self.model.where)
        self.count_label.setText(count_text(self.table, total, filtered, self.model.capped))

    def _update_empty_state(self) -> None:
        if self.model.total or self.model.search or self.model.where:
            self.stack.setCurrentWidget(self.view)
            self.view.setToolTip("" if self.model.total else _(NO_HITS).format(text=self.model.search))
            return
        heading, text = EMPTY_TEXTS.get(self.table, (N_("Nothing here yet"), ""))
        actions = []
        if self.table == "organization":
            actions = [("new", _("Add organization…")), ("demo", _("Try with demo data…"))]
        elif self.table in ("visit", "stream", "need"):
            actions = [("organizations", _("Go to organizations")), ("demo", _("Try with demo data…"))]
        else:
            actions = [("demo", _("Try with demo data…"))]
        self.empty.set_content(_(heading), _(text), actions)
        self.stack.setCurrentWidget(self.empty)

    def _empty_action(self, key: str) -> None:
        if key == "new":
            self.new_requested.emit("organization")
        elif key == "demo":
            self.demo_requested.emit()
        elif key == "organizations":
            self.navigate_requested.emit("organization")

    # --- selection ----------------------------------------------------------------------------

    def current_id(self) -> str | None:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isSelected(index):
            rows = self.view.selectionModel().selectedRows()
            if not rows:
                return None
            index = rows[0]
        return self.model.id_at(index.row())

    def select_id(self, record_id: str) -> bool:
        row = self.model.row_of(record_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)
        return True

    def _selection_changed(self, *args: Any) -> None:
        self.visit_button.setEnabled(self.current_id() is not None)
        self.selection_changed.emit()

    def _open_index(self, index: QModelIndex) -> None:
        record_id = self.model.id_at(index.row())
        if record_id:
            self.open_requested.emit(self.table, record_id)

    def _row_menu(self, pos: Any) -> None:
        from PySide6.QtWidgets import QMenu

        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        edit = menu.addAction(_("Edit…"))
        edit.triggered.connect(lambda: self._open_index(index))
        menu.popup(self.view.viewport().mapToGlobal(pos))
        menu.aboutToHide.connect(menu.deleteLater)

    def _start_visit(self) -> None:
        record_id = self.current_id()
        if record_id:
            self.start_visit_requested.emit(record_id)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- language -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_(records.table(self.table).plural))
        self.search.setPlaceholderText(_("Filter {things}… (Ctrl+F)").format(
            things=_(records.table(self.table).plural).lower()))
        things = _(records.table(self.table).plural)
        describe(self.search, _("Filter"), _("Shows the {things} with words that start with what you type").format(
            things=things.lower()))
        describe(self.view, things, _("Enter or double-click opens the selected row; right-click a column "
                                      "heading to choose columns"))
        self.new_button.setText(_(NEW_BUTTONS.get(self.table, NEW_BUTTONS["organization"])))
        self.visit_button.setText(_("Start visit"))
        self.visit_button.setToolTip(_("Start a mapping visit at the selected organization (Ctrl+Shift+N)"))
        self.model.retranslate()
        if self.model.loaded:
            self._fill_industries()
        self._fitted = False
        if self.isVisible():
            self.fit_columns()
        if self.model.loaded:
            self._show_count(self.model.total)
            self._update_empty_state()
