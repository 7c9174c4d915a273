"""The layout helpers that keep longer translations whole (``gui.widgets``).

Each test builds the situation the helper is for, shows that a plain Qt
widget in it is cut, and that the helper's version is not.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QFormLayout, QHBoxLayout, QLabel, QListWidget, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from cirkular_desktop.gui.widgets import WrapLabel, even_label_column, fit_list_width

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
