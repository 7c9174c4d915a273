"""A list page: heading with record count, filter-as-you-type, a sortable table, and an empty state.

Typing is debounced (150 ms) and filters through the full-text index; the
table fetches further pages as it scrolls. An empty database shows what to
do next instead of a blank grid. The page announces what the user wants
(open a record, add one, start a visit); the main window decides how.

Imports: PySide6, i18n, gui (models, widgets), services.browse.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QStackedWidget, QTableView,
    QVBoxLayout, QWidget,
)

from cirkular_desktop.core import records
from cirkular_desktop.gui import models
from cirkular_desktop.gui.widgets import EmptyState, heading_label
from cirkular_desktop.i18n import N_, gettext as _, ngettext

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


def count_text(table: str, total: int, searching: bool, capped: bool = False) -> str:
    """"590 residual streams", "12 matches", "more than 2,000 matches"."""
    count = models.number(total)
    if capped:
        return _("more than {count} matches").format(count=count)
    if searching:
        return ngettext("{count} match", "{count} matches", total).format(count=count)
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
        self.search.setMinimumWidth(180)
        self.search.setMaximumWidth(320)
        self.search.textChanged.connect(self._typed)
        self.search.returnPressed.connect(self.apply_filter)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(lambda: self.new_requested.emit(self.table))
        self.visit_button = QPushButton()
        self.visit_button.setObjectName("startVisitButton")
        self.visit_button.clicked.connect(self._start_visit)
        self.visit_button.setVisible(table == "organization")
        self.visit_button.setEnabled(False)
        self.new_button.setVisible(table in NEW_BUTTONS)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(12)
        top.addWidget(self.count_label, 0, Qt.AlignmentFlag.AlignBottom)
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
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        header.sectionResized.connect(self._section_resized)
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
        self.model.reload()
        if selected:
            self.select_id(selected)

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

        Columns get what their content needs (capped); spare room goes to the title column; when room
        is short every column gives way in proportion, never below its header's width (cells are
        elided, and their tooltip holds the whole value).
        """
        from PySide6.QtGui import QFontMetrics

        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        bold = header.font()
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        widths: list[int] = []
        floors: list[int] = []
        for i, column in enumerate(self.model.columns):
            title = self.model.headerData(i, Qt.Orientation.Horizontal) or ""
            floor = max(bold_metrics.horizontalAdvance(title) + 34, 64)
            width = floor
            for row in range(min(self.model.rowCount(), 60)):
                text = self.model.data(self.model.index(row, i)) or ""
                width = max(width, metrics.horizontalAdvance(text) + 20)
            widths.append(min(width, 340 if column.stretch else 240))
            floors.append(floor)
        scrollbar = self.view.style().pixelMetric(self.view.style().PixelMetric.PM_ScrollBarExtent)
        room = max(self.view.width() - scrollbar - 2 * self.view.frameWidth() - 2, 400)
        total = sum(widths)
        stretch = next((i for i, c in enumerate(self.model.columns) if c.stretch), 0)
        if total < room:
            widths[stretch] += room - total
        else:
            # Text columns give way first: a number or quantity cut short misleads ("1,129 pcs per y…").
            excess = total - room
            for numeric in (False, True):
                group = [i for i, c in enumerate(self.model.columns) if c.numeric == numeric]
                slack = sum(widths[i] - floors[i] for i in group)
                if slack > 0 and excess > 0:
                    share = min(1.0, excess / slack)
                    for i in group:
                        cut = int((widths[i] - floors[i]) * share)
                        widths[i] -= cut
                        excess -= cut
        self._fitting = True
        for i, width in enumerate(widths):
            header.resizeSection(i, width)
        self._fitting = False
        self._fitted = bool(self.model.rowCount())

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
        self.count_label.setText(count_text(self.table, total, bool(self.model.search), self.model.capped))

    def _update_empty_state(self) -> None:
        if self.model.total or self.model.search:
            self.stack.setCurrentWidget(self.view)
            self.view.setToolTip("" if self.model.total else _(NO_HITS).format(text=self.model.search))
            return
        heading, text = EMPTY_TEXTS.get(self.table, (N_("Nothing here yet"), ""))
        actions = []
        if self.table == "organization":
            actions = [("new", _("Add organization…")), ("demo", _("Add demo data"))]
        elif self.table in ("visit", "stream", "need"):
            actions = [("organizations", _("Go to organizations")), ("demo", _("Add demo data"))]
        else:
            actions = [("demo", _("Add demo data"))]
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
        self.search.setAccessibleName(_("Filter"))
        self.new_button.setText(_(NEW_BUTTONS.get(self.table, NEW_BUTTONS["organization"])))
        self.visit_button.setText(_("Start visit"))
        self.visit_button.setToolTip(_("Start a mapping visit at the selected organization (Ctrl+Shift+N)"))
        self.model.retranslate()
        self._fitted = False
        if self.isVisible():
            self.fit_columns()
        if self.model.loaded:
            self._show_count(self.model.total)
            self._update_empty_state()
