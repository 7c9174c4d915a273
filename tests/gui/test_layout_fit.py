"""The layout helpers that keep longer translations whole (``gui.widgets``).

Each test builds the situation the helper is for, shows that a plain Qt
widget in it is cut, and that the helper's version is not.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from cirkular_desktop.gui.widgets import (
    ChoiceGrid, ReflowBox, SidePaneSplitter, TableFitter, WrapLabel, even_label_column, fit_list_width,
)

PATH = "Livsmedel och organiskt › Biprodukter från livsmedels- och dryckesproduktion"


def _settle() -> None:
    for _round in range(4):
        QCoreApplication.processEvents()


def _material_row(label: QLabel) -> QScrollArea:
    """Like the stream editor: a wrapped label beside a button, in a form, in a scroll area."""
    body = QWidget()
    form = QFormLayout(body)
    row = QHBoxLayout()
    row.addWidget(label, 1)
    row.addWidget(QPushButton("Välj…"))
    form.addRow("Materialkategori", row)
    form.addRow("Beskrivning", QLabel("x"))
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(body)
    area.resize(330, 300)
    return area


def test_wrap_label_gets_every_line_beside_a_button(qtbot):
    plain = QLabel(PATH)
    plain.setWordWrap(True)
    wrapping = WrapLabel(PATH)
    heights = []
    for label in (plain, wrapping):
        area = _material_row(label)
        qtbot.addWidget(area)
        area.show()
        qtbot.waitExposed(area)
        _settle()
        heights.append((label.height(), label.heightForWidth(label.width())))
        area.close()
    (plain_has, plain_needs), (has, needs) = heights
    assert needs > wrapping.fontMetrics().lineSpacing() * 2  # the text takes three lines or more here
    assert plain_has < plain_needs  # what the plain label gets in this layout: its last line is cut
    assert has >= needs


def test_wrap_label_follows_a_shorter_text(qtbot):
    label = WrapLabel(PATH)
    qtbot.addWidget(label)
    label.resize(120, 200)
    label.show()
    _settle()
    tall = label.minimumHeight()
    label.setText("Trä")
    assert label.minimumHeight() < tall


def test_even_label_column_moves_a_wide_field_below_its_label(qtbot):
    """WrapLongRows squeezes a field that fits beside the label column only without the spacing."""
    results = []
    for even in (False, True):
        host = QWidget()
        qtbot.addWidget(host)
        form = QFormLayout(host)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setHorizontalSpacing(12)
        form.addRow("Rättslig status bedömd av", QLabel("Kommunen"))
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        for text in ("Lägg till kod…", "Ta bort kod", "Gör till huvudkod"):
            row.addWidget(QPushButton(text))
        form.addRow("Koder", buttons)
        if even:
            even_label_column(form)
        label_width = max(QLabel(text).sizeHint().width() for text in ("Rättslig status bedömd av", "Koder"))
        # Room for the label column and the buttons, but not for the spacing between them as well.
        margins = form.contentsMargins()
        width = margins.left() + margins.right() + label_width + buttons.minimumSizeHint().width() + 6
        host.resize(width, 200)
        host.show()
        qtbot.waitExposed(host)
        _settle()
        results.append((buttons.width(), buttons.minimumSizeHint().width()))
        host.close()
    (plain_has, plain_needs), (even_has, even_needs) = results
    assert plain_has < plain_needs  # Qt's own decision: side by side, squeezed
    assert even_has >= even_needs   # moved below its label, whole


def test_fit_list_width_widens_the_sidebar_and_cuts_with_a_tooltip_beyond_its_limit(qtbot):
    sidebar = QWidget()
    qtbot.addWidget(sidebar)
    entries = QListWidget()
    QVBoxLayout(sidebar).addWidget(entries)
    entries.addItems(["Besök", "Restströmmar", "Organisationer"])
    fit_list_width(entries, sidebar, 100, 400)
    sidebar.show()
    qtbot.waitExposed(sidebar)
    widest = max(entries.sizeHintForIndex(entries.model().index(r, 0)).width() for r in range(entries.count()))
    assert sidebar.width() >= widest and entries.viewport().width() >= widest
    assert all(not entries.item(r).toolTip() for r in range(entries.count()))

    entries.item(2).setText("Organisationer och kommunala verksamheter i gränsregionen")
    fit_list_width(entries, sidebar, 100, 200)
    assert sidebar.minimumWidth() == 200
    assert entries.item(2).toolTip() == entries.item(2).text()
    assert not entries.item(0).toolTip()
    sidebar.close()


# --- small screens (issue #17) ---------------------------------------------------------------------------


def _wide_column(text: str) -> QWidget:
    column = QWidget()
    form = QFormLayout(column)
    field = QLineEdit()
    field.setMinimumWidth(260)
    form.addRow(text, field)
    return column


def test_reflow_box_stacks_its_columns_where_they_do_not_fit(qtbot):
    plain = QWidget()
    qtbot.addWidget(plain)
    row = QHBoxLayout(plain)
    row.addWidget(_wide_column("Organisationsnummer"))
    row.addWidget(_wide_column("Balansomslutning"))
    host = QWidget()   # as in a form: the box is never a window of its own
    qtbot.addWidget(host)
    box = ReflowBox()
    QVBoxLayout(host).addWidget(box)
    host.layout().setContentsMargins(0, 0, 0, 0)
    box.add(_wide_column("Organisationsnummer"))
    box.add(_wide_column("Balansomslutning"))
    side_by_side = box.side_by_side_width()
    assert plain.minimumSizeHint().width() >= side_by_side - 30   # a plain row needs both columns' width
    assert box.minimumSizeHint().width() < side_by_side * 0.6      # the box needs only one
    host.resize(side_by_side + 10, 200)
    host.show()
    _settle()
    assert not box.stacked()
    host.resize(side_by_side - 40, 200)
    _settle()
    assert box.width() == side_by_side - 40   # nothing pushed the host wider
    assert box.stacked() and all(c.width() <= box.width() for c in box.columns)
    assert box.minimumSizeHint().height() > 2 * box.columns[0].minimumSizeHint().height() - 10
    host.resize(side_by_side + 10, 200)   # the same width, the same arrangement
    _settle()
    assert not box.stacked()
    host.close()


def test_choice_grid_takes_as_many_columns_as_fit(qtbot):
    from PySide6.QtWidgets import QCheckBox

    host = QWidget()
    qtbot.addWidget(host)
    grid = ChoiceGrid(2)
    QVBoxLayout(host).addWidget(grid)
    host.layout().setContentsMargins(0, 0, 0, 0)
    choices = [grid.add(QCheckBox(text)) for text in ("Varumottagning och lager", "Produktion",
                                                      "Förpackning och utleverans", "Underhåll och verkstad")]
    widest = max(c.sizeHint().width() for c in choices)
    assert grid.minimumSizeHint().width() == widest
    host.resize(2 * widest + 40, 150)
    host.show()
    _settle()
    assert grid.columns == 2
    host.resize(widest + 10, 200)
    _settle()
    assert grid.columns == 1 and all(c.x() == choices[0].x() for c in choices)
    choices[0].hide()   # an entry hidden later leaves no gap
    _settle()
    assert grid.grid.itemAtPosition(0, 0).widget() is choices[1]
    host.close()


def test_table_fitter_keeps_columns_within_the_width_with_the_whole_text_as_tooltip(qtbot):
    from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

    view = QTableWidget(2, 3)
    qtbot.addWidget(view)
    for row in range(2):
        for column in range(3):
            view.setItem(row, column, QTableWidgetItem(f"Ändringar som finns här, kolumn {column}, rad {row}"))
    fitter = TableFitter(view)
    view.resize(380, 200)
    view.show()
    _settle()
    fitter.refit()
    assert view.horizontalHeader().length() <= view.viewport().width()
    assert not view.horizontalScrollBar().isVisible()
    assert view.item(0, 1).toolTip() == view.item(0, 1).text()
    view.resize(1400, 200)
    _settle()
    assert view.horizontalHeader().length() == view.viewport().width()   # wide: the last column takes the rest
    view.close()


def test_side_pane_takes_its_share_until_moved_by_hand(qtbot):
    splitter = SidePaneSplitter(0.25, 150, 300)
    qtbot.addWidget(splitter)
    splitter.addWidget(QListWidget())
    splitter.addWidget(QWidget())
    splitter.resize(1000, 300)
    splitter.show()
    _settle()
    assert abs(splitter.sizes()[0] - 250) <= 2
    splitter.resize(500, 300)
    _settle()
    assert splitter.sizes()[0] == 150   # not below its least
    splitter.moveSplitter(220, 1)
    splitter.resize(900, 300)
    _settle()
    assert splitter.moved_by_hand and splitter.sizes()[0] != 225
    splitter.close()
