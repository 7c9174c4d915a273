"""Small shared widgets: icons, headings, wrapping labels, empty states, columns that stack on a narrow screen;
the question before removing something; reading a date typed day first or in the locale's short form.

The colours and type sizes are ``gui.theme``'s.

Imports: PySide6, resources, i18n.
"""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache
from typing import Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cirkular_desktop import resources
from cirkular_desktop.i18n import gettext as _


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    """An icon from ``resources/icons`` (our own SVGs); an empty icon if missing."""
    path = resources.resource_path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


def set_kind(widget: QWidget, kind: str | None) -> QWidget:
    """Colour a widget by what it says (``gui.theme``'s ``[kind="…"]`` rules: muted, field_error, ok, error, warn,
    accent, badge_*), so the colour follows the theme and its contrast is checked with it."""
    widget.setProperty("kind", kind or "")
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    return widget


def plain_text(text: str) -> str:
    """What a screen reader should say for a label: no markup, no "&" access key, no trailing ":" or " *"."""
    text = re.sub(r"<[^>]+>", "", text or "").replace("&nbsp;", " ").replace("&&", "\x00").replace("&", "")
    text = " ".join(text.replace("\x00", "&").split())
    return text.rstrip(":").removesuffix(" *").rstrip("*").strip()


def describe(widget: QWidget, name: str, description: str = "") -> QWidget:
    """Name a control for screen readers (and describe it: what to enter, or where it belongs), in the
    user's language; call again after a language switch."""
    widget.setAccessibleName(plain_text(name))
    if description:
        widget.setAccessibleDescription(plain_text(description))
    return widget


_INPUTS = ("QLineEdit", "QPlainTextEdit", "QTextEdit", "QComboBox", "QAbstractSpinBox", "QCheckBox",
           "QRadioButton", "QAbstractItemView")


def _is_input(widget: QWidget) -> bool:
    return any(widget.inherits(name) for name in _INPUTS)


def name_form_fields(form: QFormLayout, description: str = "") -> None:
    """Give each field of ``form`` its row's label as its accessible name (a field made of several inputs
    gives it to each), unless the field was named on purpose; ``description`` says what the form is for."""
    for row in range(form.rowCount()):
        label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        label = label_item.widget() if label_item is not None else None
        if not isinstance(label, QLabel) or not plain_text(label.text()) or field_item is None:
            continue
        field = field_item.widget()
        targets: list[QWidget] = []
        if field is not None:
            targets = [field] if _is_input(field) else [w for w in field.findChildren(QWidget) if _is_input(w)]
        elif (layout := field_item.layout()) is not None:
            for i in range(layout.count()):
                item = layout.itemAt(i)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    targets += [widget] if _is_input(widget) else [w for w in widget.findChildren(QWidget)
                                                                    if _is_input(w)]
        for target in targets:
            if target.accessibleName() and target.property("nameFromForm") not in ("label", "placeholder"):
                continue   # named on purpose elsewhere
            target.setProperty("nameFromForm", "label")
            target.setAccessibleName(plain_text(label.text()))
            if description and not target.accessibleDescription() and not target.toolTip():
                target.setAccessibleDescription(plain_text(description))


def heading_label(text: str = "", name: str = "heading") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    return label


def title_label() -> QLabel:
    """The bold, larger heading of an editor (the record's title); a long title wraps."""
    label = WrapLabel()
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    return label


class WrapLabel(QLabel):
    """A word-wrapped label that claims the height its text needs at the width it was given.

    A form row that nests a wrapped label beside a button does not always ask the label for its
    height at its final width, and a longer translation loses its last line; this label asks for
    it itself, once per width.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self._claim_height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._claim_height()

    def _claim_height(self) -> None:
        if self.width() > 0:
            claimed = self.minimumHeight()
            self.setMinimumHeight(0)  # QLabel never reports less than its minimum: measure without it
            need = self.heightForWidth(self.width())
            self.setMinimumHeight(need if need > 0 else claimed)


class EmptyState(QWidget):
    """What an empty list shows: a heading, what to do next, and buttons that do it."""

    action_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.picture = QLabel()
        self.picture.setPixmap(icon("cirkular").pixmap(72, 72))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.heading = QLabel()
        self.heading.setObjectName("emptyHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel()
        self.text.setObjectName("emptyText")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setFixedWidth(520)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.picture)
        layout.addSpacing(8)
        layout.addWidget(self.heading)
        # Centred by stretches, not by an alignment flag: an aligned label loses its
        # height-for-width, and a longer translation would be cut after two lines.
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self.text)
        middle.addStretch(1)
        layout.addLayout(middle)
        layout.addSpacing(12)
        layout.addLayout(self.buttons)
        layout.addStretch(3)
        self._buttons: list[QPushButton] = []

    def set_content(self, heading: str, text: str, actions: list[tuple[str, str]]) -> None:
        self.heading.setText(heading)
        self.text.setText(text)
        for button in self._buttons:
            self.buttons.removeWidget(button)
            button.hide()
            button.deleteLater()
        self._buttons = []
        for i, (key, label) in enumerate(actions):
            button = QPushButton(label)
            button.setObjectName("primaryButton" if i == 0 else f"emptyAction_{key}")
            button.setProperty("action", key)
            button.clicked.connect(lambda _checked=False, k=key: self.action_clicked.emit(k))
            self.buttons.insertWidget(1 + i, button)
            self._buttons.append(button)

    def button(self, key: str) -> QPushButton | None:
        for b in self._buttons:
            if b.property("action") == key:
                return b
        return None


class SidePaneSplitter(QSplitter):
    """A side pane (a list, a navigation) beside the main one, taking ``share`` of the width between
    ``least`` and ``most`` px as the window is resized, until the person drags the handle."""

    def __init__(self, share: float, least: int, most: int, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.share, self.least, self.most = share, least, most
        self.moved_by_hand = False
        self.splitterMoved.connect(self._moved)
        self.setChildrenCollapsible(False)

    def _moved(self, *_args: object) -> None:
        self.moved_by_hand = True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if not self.moved_by_hand and self.count() == 2:
            width = event.size().width() - self.handleWidth()
            side = max(self.least, min(self.most, int(width * self.share)))
            self.blockSignals(True)
            self.setSizes([side, max(width - side, 0)])
            self.blockSignals(False)


class ReflowBox(QWidget):
    """Columns side by side where the width allows, else one under the other (a form on a small screen).

    It claims only the widest column's width as its minimum, so a scroll area or a window never has to
    be wider than that, and it decides the arrangement from the width it gets: the same width always
    gives the same arrangement.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 24) -> None:
        super().__init__(parent)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(spacing)
        self.columns: list[QWidget] = []

    def add(self, column: QWidget, stretch: int = 1) -> QWidget:
        self.box.addWidget(column, stretch)
        self.columns.append(column)
        return column

    def side_by_side_width(self) -> int:
        shown = [c for c in self.columns if not c.isHidden()]
        return sum(c.minimumSizeHint().width() for c in shown) + self.box.spacing() * max(len(shown) - 1, 0)

    def stacked(self) -> bool:
        return self.box.direction() == QBoxLayout.Direction.TopToBottom

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = self.box.minimumSize()
        widest = max((c.minimumSizeHint().width() for c in self.columns if not c.isHidden()), default=0)
        return QSize(widest, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        self.arrange(event.size().width())
        super().resizeEvent(event)

    def arrange(self, width: int) -> None:
        direction = (QBoxLayout.Direction.LeftToRight if width >= self.side_by_side_width()
                     else QBoxLayout.Direction.TopToBottom)
        if direction != self.box.direction():
            self.box.setDirection(direction)
            self.updateGeometry()


class ChoiceGrid(QWidget):
    """Radio buttons or check boxes in as many columns (up to ``columns``) as the width allows.

    Its minimum is one column, so a question never makes the form wider than the screen; the
    number of columns is decided from the width alone, so the same width gives the same grid.
    """

    def __init__(self, columns: int, parent: QWidget | None = None, spacing: int = 18) -> None:
        super().__init__(parent)
        self.most = max(columns, 1)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(spacing)
        self.items: list[QWidget] = []
        self.columns = 0

    def add(self, widget: QWidget) -> QWidget:
        self.items.append(widget)
        widget.installEventFilter(self)   # an entry shown or hidden later changes the grid
        self._place(self.columns or self.most)
        return widget

    def _shown(self) -> list[QWidget]:
        return [item for item in self.items if not item.isHidden()]

    def _widths(self, columns: int) -> list[int]:
        widths = [0] * columns
        for i, item in enumerate(self._shown()):
            widths[i % columns] = max(widths[i % columns], item.sizeHint().width())
        return widths

    def fitting_columns(self, width: int) -> int:
        for columns in range(min(self.most, max(len(self._shown()), 1)), 0, -1):
            if sum(self._widths(columns)) + self.grid.horizontalSpacing() * (columns - 1) <= width:
                return columns
        return 1

    def _place(self, columns: int) -> None:
        self.columns = columns
        for item in self.items:
            self.grid.removeWidget(item)
        shown = self._shown()
        for i, item in enumerate(shown + [item for item in self.items if item not in shown]):
            self.grid.addWidget(item, i // columns, i % columns)
        for column in range(self.grid.columnCount()):
            self.grid.setColumnStretch(column, 0)
        self.grid.setColumnStretch(columns, 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.ShowToParent, QEvent.Type.HideToParent) and watched in self.items:
            self._place(self.fitting_columns(self.width()) if self.width() > 0 else self.columns)
            self.updateGeometry()
        return False

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        widest = max((item.sizeHint().width() for item in self._shown()), default=0)
        return QSize(widest, self.grid.minimumSize().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        columns = self.fitting_columns(event.size().width())
        if columns != self.columns:
            self._place(columns)
            self.updateGeometry()
        super().resizeEvent(event)


def flow_row(*widgets: QWidget, spacing: int = 6) -> ChoiceGrid:
    """Buttons or small fields in a row that wraps onto more rows when the pane is narrow."""
    row = ChoiceGrid(len(widgets), spacing=spacing)
    for widget in widgets:
        row.add(widget)
    return row


class TableFitter(QObject):
    """Keeps a table's columns within its width: as wide as their content where that fits, narrower in
    proportion where it does not (cells elide and carry their whole text as a tooltip). A table on a
    small screen is then read top to bottom, never scrolled sideways."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        view.horizontalHeader().setStretchLastSection(False)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            self.refit()
        return False

    def refit(self) -> None:
        view, header = self.view, self.view.horizontalHeader()
        view.resizeColumnsToContents()
        shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        if not shown:
            return
        widths = {i: header.sectionSize(i) for i in shown}
        room = view.viewport().width()
        total = sum(widths.values())
        least = max(header.minimumSectionSize(), 24)
        if total < room:
            widths[shown[-1]] += room - total   # the last column takes the spare width
        elif total > room:
            for i in shown:
                widths[i] = max(int(widths[i] * room / total), least)
            # Narrow columns kept at the least width push the sum over: the widest give it back.
            excess = sum(widths.values()) - room
            for i in sorted(shown, key=lambda i: -widths[i]):
                if excess <= 0:
                    break
                give = min(excess, widths[i] - least)
                widths[i] -= give
                excess -= give
            model = view.model()
            for row in range(model.rowCount()):
                for i in shown:
                    index = model.index(row, i)
                    if not model.data(index, Qt.ItemDataRole.ToolTipRole):
                        model.setData(index, model.data(index, Qt.ItemDataRole.DisplayRole),
                                      Qt.ItemDataRole.ToolTipRole)
        for i, width in widths.items():
            header.resizeSection(i, width)


def fit_list_width(view: QListWidget, host: QWidget, least: int, most: int) -> None:
    """Widen ``host`` (between ``least`` and ``most`` px) so every entry of ``view`` shows whole.

    A list like the navigation never scrolls sideways; in a language whose words do not fit even
    ``most`` px, an entry is cut with "…" and carries its whole text as a tooltip.
    """
    view.ensurePolished()  # the style sheet's item padding counts
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    widths = [view.sizeHintForIndex(view.model().index(row, 0)).width() for row in range(view.count())]
    chrome = 2 * (view.frameWidth() + view.spacing()) + 4
    layout = host.layout()
    if layout is not None and host is not view:
        margins = layout.contentsMargins()
        chrome += margins.left() + margins.right()
    host.setMinimumWidth(max(least, min(most, max(widths, default=0) + chrome)))
    room = max(host.minimumWidth(), host.width()) - chrome
    for row, width in enumerate(widths):
        item = view.item(row)
        item.setToolTip(item.text() if width > room else "")


def even_label_column(form: QFormLayout) -> None:
    """Give every label of ``form`` the width of its widest one.

    With ``WrapLongRows`` Qt decides whether a field fits beside the label column leaving out
    the spacing between them, then places it after that spacing: a field that only just fits
    is squeezed by the spacing. With the spacing moved into the labels' right margin, and every
    label as wide as the column, the decision and the placement agree, and a field that does
    not fit moves below its label whole. Call it once the rows are added.
    """
    spacing = max(form.horizontalSpacing(), 0)
    form.setHorizontalSpacing(0)
    labels = form_labels(form)
    for label in labels:
        margins = label.contentsMargins()
        label.setContentsMargins(margins.left(), margins.top(), margins.right() + spacing, margins.bottom())
        # The label now fills the column: its text goes to the column's side, level with the field's.
        label.setAlignment((form.labelAlignment() & Qt.AlignmentFlag.AlignHorizontal_Mask)
                           | Qt.AlignmentFlag.AlignVCenter)
    one_label_width(labels)


def form_labels(form: QFormLayout) -> list[QLabel]:
    """The row labels of ``form`` (a row added with a text gets a QLabel)."""
    return [label for row in range(form.rowCount())
            if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
            and isinstance(label := item.widget(), QLabel)]


def one_label_width(labels: Sequence[QLabel]) -> None:
    """Give every label the width of the widest, so the fields beside them start on one line
    (also across forms stacked one under another)."""
    for label in labels:
        label.setMinimumWidth(0)
    widest = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(widest)


def read_only_rows(view: QTableView) -> None:
    """The app's look for a table the user picks rows from but does not edit in place."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.setShowGrid(False)


def fit_to_window(dialog: QWidget, width: int, height: int) -> None:
    """Open ``dialog`` at ``width``×``height``, but never larger than the window it belongs to (a 1024×600
    netbook's window is 1024×600; a dialog beyond it could not be seen whole)."""
    parent = dialog.parentWidget()
    host = parent.window() if parent is not None else None
    if host is not None and host.width() > 0:
        width, height = min(width, max(host.width() - 24, 320)), min(height, max(host.height() - 24, 240))
    dialog.resize(width, height)


def confirm_removal(parent: QWidget, title: str, question: str) -> bool:
    """Ask before removing; the buttons say what they do ("Remove", "Cancel"), and Cancel is the default."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    remove = box.addButton(_("Remove"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    chosen = box.clickedButton()
    box.deleteLater()
    return chosen is remove


def set_invalid(widget: QWidget, invalid: bool) -> None:
    """Mark a field red (style sheet ``[invalid="true"]``) and refresh its style."""
    widget.setProperty("invalid", "true" if invalid else "false")
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def date_text(iso: str | None) -> str:
    """A stored date (YYYY-MM-DD) as the locale writes it in lists and forms alike: sv 2025-09-01,
    nb 01.09.2025, en 01/09/2025; anything that is not a date is shown as it is."""
    if not iso:
        return ""
    try:
        value = _dt.date.fromisoformat(str(iso).strip())
    except ValueError:
        return str(iso)
    from cirkular_desktop import i18n

    return i18n.format_date(value, fmt="short")


def date_example() -> str:
    """"e.g. 01.09.2025": the placeholder of an empty date field, in the locale's form."""
    return _("e.g. {date}").format(date=date_text(_dt.date.today().isoformat()))


_DAY_FIRST = re.compile(r"\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*")


def day_first_as_iso(text: str) -> str:
    """"1.9.2025" (as dates are written in Norway, and often in Sweden) as "2025-09-01"; anything else as is."""
    found = _DAY_FIRST.fullmatch(text)
    if not found:
        return text
    day, month, year = (int(part) for part in found.groups())
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return text  # 31.2.2025: left for the check to refuse, as typed
