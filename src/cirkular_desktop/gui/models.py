"""Qt item models: thin adapters over the pages that ``services.browse`` returns.

``RecordListModel`` shows one table's rows a page at a time (``canFetchMore``
/ ``fetchMore``), sorts by asking the service for another order, and filters
through the full-text index. Cells are formatted in the active language only
when Qt paints them, so a keystroke costs one page query, not 30,000 rows of
formatting. ``time_filter`` is the hook the benchmark calls to time one
filter-as-you-type keystroke (docs/performance.md).

Imports: PySide6, core (records, display, units, orgnumber), i18n, services.browse.
"""

from __future__ import annotations

import time
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal

from cirkular_desktop import i18n
from cirkular_desktop.core import display, materials, orgnumber, records, units, wastecodes
from cirkular_desktop.core.display import human_value
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import browse

ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
ROW_ROLE = int(Qt.ItemDataRole.UserRole) + 2
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ANSWERED = frozenset((DISPLAY, TOOLTIP, ALIGNMENT, ID_ROLE, ROW_ROLE))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
PAGE_SIZE = 100
# A filtered list counts matches up to this many; beyond it says "more than 2,000" (the exact
# number would cost a lookup per match on every keystroke, and nobody scrolls that far).
COUNT_CAP = 2000


# CLDR's group and decimal symbols of the three UI languages, so painting the first list does not
# wait for Babel to load its locale data (a quarter of a second on a slow laptop); the tests check
# them against Babel. Other languages ask Babel.
_KNOWN_SEPARATORS = {"sv": ("\u00a0", ","), "nb": ("\u00a0", ","), "en": (",", ".")}


@lru_cache(maxsize=8)
def _separators(lang: str) -> dict[int, str]:
    if lang in _KNOWN_SEPARATORS:
        group, decimal = _KNOWN_SEPARATORS[lang]
    else:
        from babel import numbers

        locale = i18n.babel_locale(lang)
        group, decimal = numbers.get_group_symbol(locale), numbers.get_decimal_symbol(locale)
    return str.maketrans({",": group, ".": decimal})


def number(value: Any, max_fraction: int = 3) -> str:
    """Same text as ``i18n.format_decimal`` (pattern #,##0.###, half-even), about 20 times faster.

    A list paints hundreds of numbers per keystroke; Babel's formatter costs ~50 µs each.
    """
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    if amount < 0 or not amount.is_finite():
        return i18n.format_decimal(amount, max_fraction=max_fraction)
    text = f"{amount.quantize(Decimal(1).scaleb(-max_fraction), rounding=ROUND_HALF_EVEN):,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.translate(_separators(i18n.get_language()))


def format_cell(table: str, column: browse.Column, row: dict[str, Any]) -> str:
    """One cell as a person reads it in the active language."""
    value = row.get(column.key)
    if column.format == browse.TITLE:
        return "" if value is None else str(value)
    if column.format == browse.COUNT:
        return "" if value is None else number(int(value))
    if column.format == browse.ORGNUMBER:
        return orgnumber.format_number(row.get("country") or "", value) if value else ""
    if column.format == browse.TONNES:
        return "" if value is None else number(value, max_fraction=2)
    if column.format == browse.QUANTITY:
        if value in (None, ""):
            return ""
        unit = units.get(row.get("unit"))
        basis = records.table(table).field("basis").choice_label(row.get("basis") or "per_year")
        return _("{quantity} {unit} {basis}").format(
            quantity=number(value), unit=unit.display() if unit else "", basis=basis)
    spec = records.table(table)
    if not spec.has_field(column.key):
        return "" if value is None else str(value)
    f = spec.field(column.key)
    if f.kind == records.MATERIAL and value:
        # Lists show the category itself; the detail pane and tooltips show the whole path.
        found = materials.get(value)
        return found.name() if found else str(value)
    return display.list_cell(table, f, row)


def tooltip_cell(table: str, column: browse.Column, row: dict[str, Any]) -> str:
    spec = records.table(table)
    if spec.has_field(column.key) and spec.field(column.key).kind == records.MATERIAL:
        return human_value(spec.field(column.key), row.get(column.key))
    if spec.has_field(column.key) and spec.field(column.key).kind == records.WASTECODES:
        lines = []
        for code in row.get(column.key) or ():
            entry = wastecodes.get(code)
            if entry is not None:
                lines.append(f"{entry.display()} {entry.name()}")
        return "\n".join(lines)
    return format_cell(table, column, row)


class RecordListModel(QAbstractTableModel):
    """Rows of one table from ``services.browse.list_page``, fetched in pages."""

    total_changed = Signal(int)   # filtered record count
    reloaded = Signal()

    def __init__(self, ctx: Any, table: str, parent: QObject | None = None, *,
                 where: dict[str, Any] | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table = table
        self.where = dict(where or {})
        self.page_size = page_size
        self.columns = browse.columns(table)
        self.search = ""
        # Newest visits first; everything else by its title.
        self.sort_key: str | None = "date" if table == "visit" else self.columns[0].key
        self.descending = table == "visit"
        self.rows: list[dict[str, Any]] = []
        self.total = 0
        self.capped = False
        self._more = False
        self._cache: dict[tuple[int, int], str] = {}
        self.loaded = False

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the first page again (after a filter, sort, language or data change)."""
        page = browse.list_page(self.ctx.app, self.table, search=self.search or None, sort=self.sort_key,
                                descending=self.descending, offset=0, limit=self.page_size,
                                where=self.where or None, count_cap=COUNT_CAP if self.search else None)
        self.beginResetModel()
        self.rows = page.rows
        self.total = page.total or 0
        self.capped = page.capped
        self._more = len(page.rows) == self.page_size
        self._cache.clear()
        self.loaded = True
        self.endResetModel()
        self.total_changed.emit(self.total)
        self.reloaded.emit()

    def set_search(self, text: str) -> None:
        self.search = text.strip()
        self.reload()

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802 - Qt API
        if parent.isValid() or not self.loaded:
            return False
        return self._more if self.capped else len(self.rows) < self.total

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: N802 - Qt API
        if parent.isValid() or not self.canFetchMore():
            return
        page = browse.list_page(self.ctx.app, self.table, search=self.search or None, sort=self.sort_key,
                                descending=self.descending, offset=len(self.rows), limit=self.page_size,
                                where=self.where or None, with_total=False)
        self._more = len(page.rows) == self.page_size
        if not page.rows:  # the data shrank under us: stop asking
            if not self.capped:
                self.total = len(self.rows)
                self.total_changed.emit(self.total)
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self.rows.extend(page.rows)
        self.endInsertRows()

    def retranslate(self) -> None:
        self._cache.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.columns) - 1))
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))

    # --- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = DISPLAY) -> Any:
        # Qt asks for seven roles per painted cell on every repaint; plain int comparisons keep
        # that cheap (comparing with the enum members costs a Python-level __eq__ each time).
        if role not in _ANSWERED or not index.isValid():
            return None
        row, col = index.row(), index.column()
        if role == DISPLAY:
            key = (row, col)
            text = self._cache.get(key)
            if text is None:
                text = self._cache[key] = format_cell(self.table, self.columns[col], self.rows[row])
            return text
        if role == ALIGNMENT:
            return _RIGHT if self.columns[col].numeric else _LEFT
        if role == TOOLTIP:
            return tooltip_cell(self.table, self.columns[col], self.rows[row])
        if role == ID_ROLE:
            return self.rows[row]["id"]
        return self.rows[row]  # ROW_ROLE

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or section >= len(self.columns):
            return None
        # The tooltip is the whole label: a column narrowed to fit a small screen elides its header.
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _(self.columns[section].label)
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns) or not self.columns[column].sortable:
            return
        key, descending = self.columns[column].key, order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending) and self.loaded:
            return
        self.sort_key, self.descending = key, descending
        if self.loaded:  # before the first fetch only remember it: start-up stays one query
            self.reload()

    def sort_column(self) -> int:
        for i, c in enumerate(self.columns):
            if c.key == self.sort_key:
                return i
        return -1

    def id_at(self, row: int) -> str | None:
        return self.rows[row]["id"] if 0 <= row < len(self.rows) else None

    def row_of(self, record_id: str) -> int:
        for i, r in enumerate(self.rows):
            if r["id"] == record_id:
                return i
        return -1


class RowsModel(QAbstractTableModel):
    """A small fixed list of plain record dicts (an organization's contacts, visits, streams)."""

    def __init__(self, table: str, column_keys: tuple[str, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table
        available = {c.key: c for c in browse.COLUMNS.get(table, ())}
        spec = records.table(table)
        self.columns = tuple(available.get(k) or browse.Column(k, spec.field(k).label) for k in column_keys)
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def retranslate(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return format_cell(self.table, self.columns[index.column()], self.rows[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[index.column()].numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return self.rows[index.row()]["id"]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (Qt.ItemDataRole.DisplayRole,
                                                                  Qt.ItemDataRole.ToolTipRole):
            return _(self.columns[section].label)  # the tooltip: the whole label of an elided header
        return None


def time_filter(model: RecordListModel, text: str) -> float:
    """Seconds one filter-as-you-type keystroke costs: query, count and model reset.

    The benchmark calls this directly (no debounce); the first page's visible
    cells are formatted too, as painting would.
    """
    start = time.perf_counter()
    model.set_search(text)
    for row in range(min(model.rowCount(), 40)):
        for col in range(model.columnCount()):
            model.data(model.index(row, col))
    return time.perf_counter() - start
