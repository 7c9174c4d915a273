"""The Matchmaking page: suggestions for everything (best first) or for one stream or need, to accept or reject.

Each suggestion shows its score with its components as small bars, the
reasons and border flags in the reader's language (with the engine's caution
that flags are guidance), the distance, and tonnes per year on each side.
Filters by municipality, country, material and "across the border only" work
on the suggestions shown. Accept makes a proposed match; Reject asks for a
reason and the pair is not suggested again.

Imports: PySide6, i18n, core (explain, match_text, materials, municipalities), services (pipeline,
workspace_views, browse), gui (widgets, matchmaking.dialogs).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QFrame, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
    QProgressBar, QPushButton, QScrollArea, QSplitter, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from cirkular_desktop.core import explain, match_text
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui.matchmaking.dialogs import RejectDialog
from cirkular_desktop.gui.widgets import WrapLabel, describe, heading_label
from cirkular_desktop.i18n import N_, gettext as _
from cirkular_desktop.services import browse, pipeline, workspace_views
from cirkular_desktop.services import records as record_services

SCOPES = (("all", N_("Everything, best first")), ("stream", N_("One residual stream")), ("need", N_("One need")))
COLUMNS = (N_("Score"), N_("Residual stream"), N_("Need"), N_("Distance"), N_("Across the border"))


def _tonnes(value: str | None) -> str:
    return match_text.tonnes(value) if value else ""


class SuggestionDetail(QWidget):
    """One suggestion: score and component bars, reasons, flags and the caution, Accept and Reject."""

    accept_requested = Signal()
    reject_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionDetail")
        self.heading = heading_label()
        self.heading.setWordWrap(True)
        self.sides = WrapLabel()
        self.sides.setObjectName("suggestionSides")
        self.bars = QGridLayout()
        self.bars.setColumnStretch(1, 1)
        self.reasons = WrapLabel()
        self.reasons.setObjectName("suggestionReasons")
        self.flags = WrapLabel()
        self.flags.setObjectName("suggestionFlags")
        self.caution = WrapLabel()
        self.caution.setObjectName("flagCaution")
        self.accept_button = QPushButton()
        self.accept_button.setObjectName("acceptSuggestion")
        self.accept_button.clicked.connect(self.accept_requested)
        self.reject_button = QPushButton()
        self.reject_button.setObjectName("rejectSuggestion")
        self.reject_button.clicked.connect(self.reject_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.heading)
        inner.addWidget(self.sides)
        inner.addLayout(self.bars)
        inner.addWidget(self.reasons)
        inner.addWidget(self.flags)
        inner.addWidget(self.caution)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.row: dict[str, Any] | None = None
        self.retranslate()
        self.show_row(None)

    def show_row(self, row: dict[str, Any] | None) -> None:
        self.row = row
        while self.bars.count():
            item = self.bars.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.accept_button.setEnabled(row is not None)
        self.reject_button.setEnabled(row is not None)
        if row is None:
            self.heading.setText(_("Choose a suggestion"))
            for label in (self.sides, self.reasons, self.flags, self.caution):
                label.setText("")
            return
        self.heading.setText(_("Score {score}").format(score=match_text.number(row["score"])))
        self.sides.setText("\n".join((
            _("Has: {title} · {org} · {tonnes}").format(title=row["stream_title"], org=row["supplier"],
                                                       tonnes=_tonnes(row["stream_tonnes"])),
            _("Wants: {title} · {org} · {tonnes}").format(title=row["need_title"], org=row["receiver"],
                                                         tonnes=_tonnes(row["need_tonnes"])))))
        for i, (name, value) in enumerate(match_text.ordered_components(row)):
            label = QLabel(match_text.component_label(name))
            bar = QProgressBar()
            bar.setObjectName(f"component_{name}")
            bar.setRange(0, 100)
            bar.setValue(int(round(float(value) * 100)))
            bar.setFormat(match_text.number(value))
            bar.setMaximumHeight(14)
            self.bars.addWidget(label, i, 0)
            self.bars.addWidget(bar, i, 1)
        self.reasons.setText("\n".join("• " + explain.describe(r) for r in row["reasons"]))
        flags = row["flags"]
        self.flags.setText("\n".join("⚑ " + explain.describe(f) for f in flags))
        self.caution.setText(match_text.caution() if flags else "")

    def retranslate(self) -> None:
        self.accept_button.setText(_("&Accept"))
        self.reject_button.setText(_("&Reject…"))
        self.show_row(self.row)


class MatchmakingPage(QWidget):
    """Suggestions with filters on the left, the chosen one on the right."""

    open_match_requested = Signal(str)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("matchmakingPage")
        self.rows: list[dict[str, Any]] = []
        self.shown: list[dict[str, Any]] = []
        self.loaded = False
        self.title = heading_label()
        self.scope = QComboBox()
        self.scope.setObjectName("suggestionScope")
        self.target = QComboBox()
        self.target.setObjectName("suggestionTarget")
        self.target.setEditable(True)
        self.target.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.target.setMinimumContentsLength(18)
        self.target.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(250)
        self.search_timer.timeout.connect(self._fill_targets)
        self.target.lineEdit().textEdited.connect(lambda _t: self.search_timer.start())
        self.target.activated.connect(lambda _i: self.refresh())
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("refreshSuggestions")
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        self.scope_label = QLabel()
        top.addWidget(self.scope_label)
        top.addWidget(self.scope)
        top.addWidget(self.target, 1)
        top.addWidget(self.refresh_button)

        self.municipality = QComboBox()
        self.municipality.setObjectName("filterMunicipality")
        self.country = QComboBox()
        self.country.setObjectName("filterCountry")
        self.material = QComboBox()
        self.material.setObjectName("filterMaterial")
        self.material.setMinimumContentsLength(12)
        self.material.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.municipality.setMinimumContentsLength(10)
        self.municipality.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.cross_only = QCheckBox()
        self.cross_only.setObjectName("filterCrossBorder")
        for combo in (self.municipality, self.country, self.material):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.cross_only.toggled.connect(self._apply_filters)
        filters = QHBoxLayout()
        self.filter_label = QLabel()
        filters.addWidget(self.filter_label)
        filters.addWidget(self.municipality, 1)
        filters.addWidget(self.country)
        filters.addWidget(self.material, 1)
        filters.addWidget(self.cross_only)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("suggestionTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Score, distance and "across the border" are short: as wide as their header or longest
        # value in the reader's language (a fixed width cut "Over grensen" at 1024×600); the two
        # names share the rest.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selected)
        self.count = QLabel()
        self.count.setObjectName("suggestionCount")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)
        self.detail = SuggestionDetail()
        self.detail.accept_requested.connect(self.accept_selected)
        self.detail.reject_requested.connect(self.reject_selected)
        self.splitter = QSplitter()
        self.splitter.setObjectName("matchmakingSplit")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.message = WrapLabel()
        self.message.setObjectName("matchmakingMessage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.message)
        ctx.records_changed.connect(self._records_changed)
        self.retranslate()

    # --- scope --------------------------------------------------------------------------------

    def _scope_changed(self) -> None:
        scope = self.scope.currentData()
        self.target.setEnabled(scope != "all")
        self.target.clear()
        if scope != "all":
            self._fill_targets()
        self.refresh()

    def _fill_targets(self) -> None:
        scope = self.scope.currentData()
        if scope not in ("stream", "need"):
            return
        text = self.target.currentText() if self.target.count() == 0 or self.target.currentIndex() < 0 else ""
        page = self.ctx.call(browse.list_page, scope, search=text or None, limit=50)
        current = self.target.currentData()
        self.target.blockSignals(True)
        self.target.clear()
        for row in page.rows:
            self.target.addItem(f"{row.get('title') or ''} · {row.get('organization') or ''}", row["id"])
        index = self.target.findData(current) if current else -1
        self.target.setCurrentIndex(index if index >= 0 else (0 if self.target.count() and not text else -1))
        if text and self.target.currentIndex() < 0:
            self.target.setEditText(text)
        self.target.blockSignals(False)

    def choose(self, table: str, record_id: str) -> None:
        """Show the suggestions of one stream or need (from elsewhere in the app, and in tests)."""
        self.scope.blockSignals(True)
        self.scope.setCurrentIndex(self.scope.findData(table))
        self.scope.blockSignals(False)
        self.target.setEnabled(True)
        self.target.clear()
        self._fill_targets()
        index = self.target.findData(record_id)
        if index < 0:
            record = self.ctx.call(record_services.get_record, table, record_id)
            self.target.addItem(record.get("title") or record_id, record_id)
            index = self.target.count() - 1
        self.target.setCurrentIndex(index)
        self.refresh()

    # --- loading ------------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.refresh()

    def refresh(self) -> None:
        scope = self.scope.currentData()
        options: dict[str, Any] = {}
        if scope in ("stream", "need"):
            chosen = self.target.currentData()
            if not chosen:
                self._show_rows([])
                self.message.setText(_("Choose a residual stream or a need above."))
                return
            options[f"{scope}_id"] = chosen
        self.loaded = True
        self.message.setText("")
        self.ctx.run(workspace_views.suggestion_rows, **options, on_done=self._show_rows,
                     on_error=self._failed, parent=self)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, CirkularError):
            self.message.setText(exc.message)
        else:
            self.ctx.show_error(self, exc)

    def _records_changed(self, tables: frozenset[str]) -> None:
        if self.loaded and tables & {"match", "stream", "need", "organization"} and self.isVisible():
            self.refresh()
        elif tables & {"match", "stream", "need", "organization"}:
            self.loaded = False

    def _show_rows(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self._fill_filters()
        self._apply_filters()

    def _fill_filters(self) -> None:
        from cirkular_desktop.core import materials, municipalities

        def refill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("All"), None)
            for value, label in items:
                combo.addItem(label, value)
            index = combo.findData(current) if current else 0
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

        places = {c for r in self.rows for c in (r["supplier_municipality"], r["receiver_municipality"]) if c}
        names = [(code, (municipalities.get(code).name if municipalities.get(code) else code)) for code in places]
        refill(self.municipality, sorted(names, key=lambda p: p[1].casefold()))
        refill(self.country, [("SE", _("Sweden")), ("NO", _("Norway"))])
        tops = set()
        for r in self.rows:
            found = materials.get(r["material"] or "")
            if found is not None:
                tops.add(found.top)
        refill(self.material, sorted(((t, materials.get(t).name()) for t in tops if materials.get(t)),
                                     key=lambda p: p[1].casefold()))

    def _passes(self, row: dict[str, Any]) -> bool:
        from cirkular_desktop.core import materials

        place, country, material = (self.municipality.currentData(), self.country.currentData(),
                                    self.material.currentData())
        if place and place not in (row["supplier_municipality"], row["receiver_municipality"]):
            return False
        if country and country not in (row["supplier_country"], row["receiver_country"]):
            return False
        if material:
            found = materials.get(row["material"] or "")
            if found is None or found.top != material:
                return False
        return not (self.cross_only.isChecked() and not row["cross_border"])

    def _apply_filters(self) -> None:
        self.shown = [r for r in self.rows if self._passes(r)]
        self.table.setRowCount(len(self.shown))
        for i, row in enumerate(self.shown):
            cells = [match_text.number(row["score"]),
                     f"{row['stream_title']} · {row['supplier']} · {_tonnes(row['stream_tonnes'])}",
                     f"{row['need_title']} · {row['receiver']} · {_tonnes(row['need_tonnes'])}",
                     _("{km} km").format(km=row["km"]) if row["km"] is not None else "",
                     _("yes") if row["cross_border"] else ""]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if j in (0, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(3)
        self.count.setText(_("{shown} of {count} suggestions").format(shown=len(self.shown), count=len(self.rows)))
        if self.shown:
            self.table.selectRow(0)
        else:
            self.detail.show_row(None)

    def _selected(self) -> None:
        self.detail.show_row(self.current())

    def current(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.shown):
            return None
        return self.shown[rows[0].row()]

    # --- decisions ----------------------------------------------------------------------------

    def accept_selected(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            match_id = self.ctx.call(pipeline.accept, row["stream_id"], row["need_id"])
        except CirkularError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(_("Accepted: “{title}” is a proposed match on the pipeline board.").format(
            title=f"{row['stream_title']} → {row['receiver']}"))
        self.last_match_id = match_id
        self.refresh()

    def reject_selected(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = RejectDialog(self, f"{row['stream_title']} → {row['need_title']}")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reason, note = dialog.values()
        try:
            self.ctx.call(pipeline.reject, row["stream_id"], row["need_id"], reason, note=note)
        except CirkularError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(_("Rejected: the pair will not be suggested again."))
        self.refresh()

    def retranslate(self) -> None:
        self.title.setText(_("Matchmaking"))
        self.scope_label.setText(_("Suggestions for"))
        current = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        for value, label in SCOPES:
            self.scope.addItem(_(label), value)
        self.scope.setCurrentIndex(max(self.scope.findData(current), 0))
        self.scope.blockSignals(False)
        self.target.setEnabled(self.scope.currentData() != "all")
        self.target.lineEdit().setPlaceholderText(_("Type to find a stream or need"))
        self.refresh_button.setText(_("Show"))
        self.filter_label.setText(_("Filter"))
        self.cross_only.setText(_("Across the border only"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        for column, label in enumerate(COLUMNS):  # the whole name where a narrow window elides it
            self.table.horizontalHeaderItem(column).setToolTip(_(label))
        # Read aloud by what each control chooses (issue #17).
        describe(self.scope, _("Suggestions for"), _("Everything, or one residual stream or need"))
        describe(self.target, _("Suggestions for"), _("Type to find a stream or need"))
        for combo, name in ((self.municipality, _("Municipality")), (self.country, _("Country")),
                            (self.material, _("Material category"))):
            describe(combo, name, _("Filter"))
        describe(self.cross_only, self.cross_only.text(), _("Filter"))
        describe(self.table, _("Matchmaking"), _("Suggested pairs, best first; choose one to see why"))
        self.detail.retranslate()
        if self.rows:
            self._show_rows(self.rows)


__all__ = ["MatchmakingPage"]
