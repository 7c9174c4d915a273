"""The pipeline board: one column per stage, a card per match, moved by mouse or keyboard.

Dragging a card to another column, or Ctrl+→ / Ctrl+← on the selected card
(also "Move to…"), asks for a note and records the move as a dated event
with who (``services.pipeline.set_stage``); a move to *rejected* asks for a
reason. The selected match's history is shown beside the board; Enter or
double-click opens the match editor. A rejected card's menu takes the
rejection back (``services.pipeline.unreject``): a match that was in the
pipeline returns to its stage before, a pair rejected straight from the
suggestions is forgotten and suggested again. A dragged card carries its match's id in
its own MIME type, so a drop knows what was dropped whatever the platform's
drag machinery tells about the source.

Imports: PySide6, i18n, core (records, match_text), services (pipeline, workspace_views), gui.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMenu, QPushButton,
    QScrollArea, QSplitter, QVBoxLayout, QWidget,
)

from cirkular_desktop.core import match_text, records
from cirkular_desktop.errors import CirkularError
from cirkular_desktop.gui.matchmaking.dialogs import StageDialog
from cirkular_desktop.gui.widgets import WrapLabel, describe, heading_label, title_label
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import pipeline, workspace_views

STAGES = tuple(c.value for c in records.MATCH_STAGES)
_ID = Qt.ItemDataRole.UserRole
MATCH_MIME = "application/x-cirkular-match-id"


class _HistoryLabel(WrapLabel):
    """The selected match's history: wraps at whatever width the side gets (a long word is cut there,
    never scrolled to sideways)."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(0, super().minimumSizeHint().height())


class StageColumn(QListWidget):
    """The cards of one stage; a card dropped here from another column asks to move there."""

    dropped = Signal(str, str)   # match id, this column's stage
    step_requested = Signal(int)  # Ctrl+→ (1) or Ctrl+← (-1) on the selected card

    def __init__(self, stage: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setObjectName(f"stage_{stage}")
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setWordWrap(True)
        self.setSpacing(2)
        self.setMinimumWidth(64)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Cards wrap to the column's width; a word longer than a narrow column is cut (the tooltip has it all).
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() in (Qt.Key.Key_Right,
                                                                                       Qt.Key.Key_Left):
            self.step_requested.emit(1 if event.key() == Qt.Key.Key_Right else -1)
            event.accept()
            return
        super().keyPressEvent(event)

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt API
        return [*super().mimeTypes(), MATCH_MIME]

    def mimeData(self, items: Any) -> Any:  # noqa: N802 - Qt API
        data = super().mimeData(items)
        if items:
            data.setData(MATCH_MIME, QByteArray(str(items[0].data(_ID)).encode("ascii")))
        return data

    def startDrag(self, actions: Any) -> None:  # noqa: N802 - Qt API
        """Drag the selected card (one at a time): its match id travels with it."""
        item = self.currentItem()
        if item is None:
            return
        drag = QDrag(self)
        drag.setMimeData(self.mimeData([item]))
        drag.exec(Qt.DropAction.MoveAction)

    @staticmethod
    def dropped_match(event: Any) -> str | None:
        data = event.mimeData()
        if data is None or not data.hasFormat(MATCH_MIME):
            return None
        return bytes(data.data(MATCH_MIME).data()).decode("ascii") or None

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if self.dropped_match(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.dragEnterEvent(event)

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        match_id = self.dropped_match(event)
        if match_id:
            self.dropped.emit(match_id, self.stage)   # a card dropped on its own column does not move
        # The board is redrawn from the database after the move (or left as it was): never move items here.
        event.ignore()


class PipelineBoard(QWidget):
    open_match_requested = Signal(str)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("pipelineBoard")
        self.loaded = False
        self.cards: dict[str, dict[str, Any]] = {}
        self.title = heading_label()
        self.hint = WrapLabel()
        self.hint.setObjectName("boardHint")
        self.columns: dict[str, StageColumn] = {}
        self.headers: dict[str, QLabel] = {}
        board = QWidget()
        row = QHBoxLayout(board)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for stage in STAGES:
            column = StageColumn(stage)
            column.dropped.connect(self.move_match)
            column.step_requested.connect(self.step)
            column.itemSelectionChanged.connect(lambda c=column: self._selected(c))
            column.itemActivated.connect(lambda item: self.open_match_requested.emit(item.data(_ID)))
            column.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            column.customContextMenuRequested.connect(lambda pos, c=column: self._menu(c, pos))
            header = QLabel()
            header.setObjectName("stageHeader")
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(header)
            box.addWidget(column, 1)
            row.addLayout(box, 1)
            self.columns[stage] = column
            self.headers[stage] = header
        self.history_title = title_label()
        self.history = _HistoryLabel()
        self.history.setObjectName("boardHistory")
        self.history.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.open_button = QPushButton()
        self.open_button.setObjectName("openMatch")
        self.open_button.clicked.connect(self._open_selected)
        self.back_button = QPushButton()
        self.back_button.setObjectName("moveBack")
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QPushButton()
        self.next_button.setObjectName("moveNext")
        self.next_button.clicked.connect(lambda: self.step(1))
        buttons = QVBoxLayout()   # one under the other: the side panel is narrow on a small screen
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 0, 0, 0)
        side_layout.addWidget(self.history_title)
        # A long history scrolls in its own area rather than making the window taller than a small screen.
        self.history_area = QScrollArea()
        self.history_area.setObjectName("boardHistoryArea")
        self.history_area.setWidgetResizable(True)
        self.history_area.setFrameShape(QFrame.Shape.NoFrame)
        self.history_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history_area.setWidget(self.history)
        side_layout.addWidget(self.history_area, 1)
        side_layout.addLayout(buttons)
        side_layout.addWidget(self.open_button)
        split = QSplitter()
        split.setObjectName("boardSplit")
        split.addWidget(board)
        split.addWidget(side)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.message = WrapLabel()
        self.message.setObjectName("boardMessage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        ctx.records_changed.connect(self._records_changed)
        self.retranslate()

    # --- data ---------------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.refresh()

    def refresh(self) -> None:
        self.loaded = True
        self._fill(self.ctx.call(workspace_views.board))

    def _records_changed(self, tables: frozenset[str]) -> None:
        if tables & {"match", "match_event", "stream", "need", "organization"}:
            if self.isVisible():
                self.refresh()
            else:
                self.loaded = False

    def _fill(self, by_stage: dict[str, list[dict[str, Any]]]) -> None:
        selected = self.selected_id()
        self.cards = {}
        for stage, column in self.columns.items():
            column.blockSignals(True)
            column.clear()
            cards = by_stage.get(stage, [])
            for card in cards:
                self.cards[card["id"]] = card
                lines = [card["title"]]
                if card["cross_border"]:
                    lines.append(_("across the border"))
                if card.get("next_step"):
                    lines.append(_("Next: {step}").format(step=card["next_step"]))
                item = QListWidgetItem("\n".join(lines))
                item.setData(_ID, card["id"])
                item.setToolTip("\n".join([card["title"], f"{card['supplier']} → {card['receiver']}"] + lines[1:]))
                column.addItem(item)
            column.blockSignals(False)
            self.headers[stage].setText(f"{match_text.stage_label(stage)} ({len(cards)})")
        if selected:
            self.select(selected)
        else:
            self._show_history(None)

    def select(self, match_id: str) -> bool:
        card = self.cards.get(match_id)
        if card is None:
            return False
        column = self.columns[card["stage"]]
        for i in range(column.count()):
            if column.item(i).data(_ID) == match_id:
                column.setCurrentRow(i)
                column.setFocus()
                self._show_history(match_id)
                return True
        return False

    def _open_selected(self) -> None:
        match_id = self.selected_id()
        if match_id:
            self.open_match_requested.emit(match_id)

    def selected_id(self) -> str | None:
        column = self.focused_column()
        if column is not None and column.currentItem() is not None and column.currentItem().isSelected():
            return column.currentItem().data(_ID)
        for column in self.columns.values():
            if column.selectedItems():
                return column.selectedItems()[0].data(_ID)
        return None

    def focused_column(self) -> StageColumn | None:
        widget = self.focusWidget()
        return widget if isinstance(widget, StageColumn) else None

    def _selected(self, column: StageColumn) -> None:
        if not column.selectedItems():
            return
        for other in self.columns.values():
            if other is not column:
                other.blockSignals(True)
                other.clearSelection()
                other.blockSignals(False)
        self._show_history(column.selectedItems()[0].data(_ID))

    def _show_history(self, match_id: str | None) -> None:
        has = match_id is not None
        for button in (self.open_button, self.back_button, self.next_button):
            button.setEnabled(has)
        if not has:
            self.history.setText(_("Choose a card to see its history."))
            return
        try:
            data = self.ctx.call(pipeline.show, match_id)
        except CirkularError as exc:
            self.history.setText(exc.message)
            return
        lines = [data["match"].get("title") or ""]
        lines += [match_text.event_line(e) for e in data["history"]]
        self.history.setText("\n".join(lines))

    # --- moves --------------------------------------------------------------------------------

    def step(self, direction: int) -> None:
        match_id = self.selected_id()
        if match_id is None:
            return
        stage = self.cards[match_id]["stage"]
        order = list(pipeline.PIPELINE)
        if stage == "rejected":
            target = order[0] if direction > 0 else None
        else:
            index = order.index(stage) + direction
            target = order[index] if 0 <= index < len(order) else ("rejected" if direction > 0 else None)
        if target is not None:
            self.move_match(match_id, target)

    def _menu(self, column: StageColumn, pos: Any) -> None:
        item = column.itemAt(pos)
        if item is None:
            return
        menu = QMenu(self)
        menu.addAction(_("Open"), lambda: self.open_match_requested.emit(item.data(_ID)))
        moves = menu.addMenu(_("Move to"))
        for stage in STAGES:
            if stage != column.stage:
                moves.addAction(match_text.stage_label(stage), partial(self.move_match, item.data(_ID), stage))
        if column.stage == "rejected":
            menu.addAction(_("Take the rejection back"), partial(self.unreject, item.data(_ID)))
        menu.exec(column.viewport().mapToGlobal(pos))

    def unreject(self, match_id: str) -> None:
        """Take a rejection back, as ``cirkular match unreject`` does."""
        try:
            match = self.ctx.call(pipeline.show, match_id)["match"]
            back = self.ctx.call(pipeline.unreject, match["stream_id"], match["need_id"],
                                 by=self.ctx.call(pipeline.default_who))
        except CirkularError as exc:
            self.message.setText(exc.message)
            return
        self.refresh()
        if back is None:
            self.message.setText(_("The rejection was taken back: the pair is suggested again."))
            return
        self.message.setText(_("Back to {stage}.").format(stage=match_text.stage_label(self.cards[back]["stage"])))
        self.select(back)

    def move_match(self, match_id: str, stage: str) -> None:
        """Ask for the note (and a reason for *rejected*), then record the move."""
        card = self.cards.get(match_id)
        if card is None or card["stage"] == stage:
            return
        who = self.ctx.call(pipeline.default_who)
        dialog = StageDialog(self, card["title"], card["stage"], stage, who)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.values()
        try:
            self.ctx.call(pipeline.set_stage, match_id, stage, note=values["note"], by=values["by"],
                          reason=values["reason"])
        except CirkularError as exc:
            self.message.setText(exc.message)
            return
        self.message.setText(_("Moved to {stage}.").format(stage=match_text.stage_label(stage)))
        self.refresh()
        self.select(match_id)

    def retranslate(self) -> None:
        self.title.setText(_("Pipeline"))
        self.hint.setText(_("Drag a card to another stage, or select it and press Ctrl+→ or Ctrl+←. "
                            "Every move is recorded with the date, who and a note."))
        self.history_title.setText(_("History"))
        self.open_button.setText(_("&Open match"))
        self.back_button.setText(_("← Back"))
        self.next_button.setText(_("Next →"))
        for stage, header in self.headers.items():
            count = self.columns[stage].count()
            header.setText(f"{match_text.stage_label(stage)} ({count})")
            describe(self.columns[stage], match_text.stage_label(stage), self.hint.text())
        if self.loaded:
            self._fill(self.ctx.call(workspace_views.board))
