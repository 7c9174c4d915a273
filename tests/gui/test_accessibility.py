"""Accessibility checked by walking every widget of every view and dialog (issue #17).

- Text contrast at least 4.5:1 (WCAG 2.1 AA for normal text), in the light and
  the dark theme: the theme's own pairs, and every text actually on screen —
  labels, buttons, fields and their placeholders, list cells with a colour of
  their own, coloured spans in rich text, selections — against the background
  it is drawn on.
- Every control has an accessible name, and every input (fields, choices,
  lists) a description, in the user's language; every control is reachable
  with Tab.
- The type follows the system's font size, and the dark theme follows the
  system's colour scheme.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAccessible, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QApplication, QCheckBox, QComboBox, QHeaderView, QLabel,
    QLineEdit, QPlainTextEdit, QRadioButton, QTabBar, QTextEdit, QToolButton, QWidget,
)

from cirkular_desktop import i18n
from cirkular_desktop.gui import theme
from tests.gui.tour import tour

AA = 4.5
ACTIVE = QPalette.ColorGroup.Active


@pytest.mark.parametrize("which", ["light", "dark"])
def test_every_pair_of_the_theme_meets_wcag_aa(which):
    colors = theme.colors(which)
    for text, backgrounds in theme.READ_ON.items():
        for background in backgrounds:
            ratio = theme.contrast(colors[text], colors[background])
            assert ratio >= AA, f"{which}: {text} on {background} is {ratio:.2f}:1"


def test_contrast_ratio_is_the_wcag_formula():
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)   # the classic near miss
    assert theme.contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


# --- what is on screen ------------------------------------------------------------------------------


def _paints_own_background(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    if widget.isWindow() or parent is None:
        return True
    if widget.autoFillBackground() or widget.testAttribute(Qt.WidgetAttribute.WA_StyledBackground):
        return True
    mine = widget.palette().color(ACTIVE, widget.backgroundRole())
    return mine != parent.palette().color(ACTIVE, parent.backgroundRole()) and widget.backgroundRole() == \
        QPalette.ColorRole.Window and bool(widget.styleSheet() or widget.property("kind"))


def background_of(widget: QWidget) -> QColor:
    """The colour a widget's text is drawn on: its own background, or the nearest one behind it."""
    if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractItemView)) or (
            isinstance(widget, QComboBox) and widget.isEditable()):
        return widget.palette().color(ACTIVE, QPalette.ColorRole.Base)
    if isinstance(widget, QAbstractButton) and not isinstance(widget, (QCheckBox, QRadioButton)) and not (
            isinstance(widget, QToolButton) and widget.autoRaise()):
        return widget.palette().color(ACTIVE, QPalette.ColorRole.Button)
    if isinstance(widget, QComboBox):
        return widget.palette().color(ACTIVE, QPalette.ColorRole.Button)
    current: QWidget | None = widget
    while current is not None:
        if _paints_own_background(current):
            return current.palette().color(ACTIVE, current.backgroundRole())
        current = current.parentWidget()
    return widget.palette().color(ACTIVE, QPalette.ColorRole.Window)


_SPAN_COLOR = re.compile(r"color:\s*(#[0-9a-fA-F]{6})")


class ContrastWalker:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.checked = 0
        self._seen: set[str] = set()

    def pair(self, where: str, fg: QColor, bg: QColor, text: str) -> None:
        if fg.alpha() < 255:
            fg = theme.blend(fg, bg)
        self.checked += 1
        ratio = theme.contrast(fg, bg)
        if ratio < AA:
            problem = f"{where}: {text[:40]!r} {fg.name()} on {bg.name()} is {ratio:.2f}:1"
            if problem not in self._seen:
                self._seen.add(problem)
                self.problems.append(problem)

    def walk(self, root: QWidget, where: str) -> None:
        for widget in [root, *root.findChildren(QWidget)]:
            if not (widget is root or widget.isVisibleTo(root)) or not widget.isEnabled():
                continue
            name = f"{where} {type(widget).__name__}({widget.objectName()})"
            palette = widget.palette()
            text = ""
            if isinstance(widget, QLabel):
                text = widget.text()
            elif isinstance(widget, QAbstractButton):
                text = widget.text()
            elif isinstance(widget, QComboBox):
                text = widget.currentText()
            elif isinstance(widget, QLineEdit):
                text = widget.text()
                if not text and widget.placeholderText():
                    self.pair(f"{name} [placeholder]", palette.color(ACTIVE, QPalette.ColorRole.PlaceholderText),
                              background_of(widget), widget.placeholderText())
            if text.strip():
                bg = background_of(widget)
                self.pair(name, palette.color(ACTIVE, widget.foregroundRole()), bg, text)
                for color in _SPAN_COLOR.findall(text):   # a coloured span in rich text
                    self.pair(f"{name} [span]", QColor(color), bg, text)
            if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
                self._cells(name, widget)

    def _cells(self, name: str, view: QAbstractItemView) -> None:
        palette = view.palette()
        base, alternate = palette.color(ACTIVE, QPalette.ColorRole.Base), palette.color(
            ACTIVE, QPalette.ColorRole.AlternateBase)
        self.pair(f"{name} [selection]", palette.color(ACTIVE, QPalette.ColorRole.HighlightedText),
                  palette.color(ACTIVE, QPalette.ColorRole.Highlight), "selected row")
        model = view.model()
        if model is None:
            return
        from PySide6.QtCore import QModelIndex

        try:
            columns = model.columnCount(QModelIndex())
        except TypeError:   # list models keep columnCount private: one column
            columns = 1
        for row in range(min(model.rowCount(), 40)):
            for column in range(min(columns, 8)):
                index = model.index(row, column)
                brush = model.data(index, Qt.ItemDataRole.ForegroundRole)
                if brush is None:
                    continue
                color = brush.color() if hasattr(brush, "color") else QColor(brush)
                background = model.data(index, Qt.ItemDataRole.BackgroundRole)
                backs = [background.color()] if background is not None else [base, alternate]
                for back in backs:
                    self.pair(f"{name} [{row},{column}]", color, back, str(model.data(index) or ""))


def test_the_contrast_walk_finds_pale_text(qtbot, themed):
    """The check itself: grey on white, a pale styled background, a pale placeholder, a pale list cell and a
    pale coloured span are each caught; the theme's own kinds pass."""
    from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout

    from cirkular_desktop.gui.widgets import set_kind

    theme.force("light")
    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    pale = QLabel("Saved 3 minutes ago")
    pale.setStyleSheet("color: #aaaaaa;")
    banner = QLabel("Finished")
    banner.setStyleSheet("color: white; background: #7fbf9f;")
    field = QLineEdit()
    field.setPlaceholderText("e.g. 556036-0793")
    field.setStyleSheet("QLineEdit { color: black; } QLineEdit[text=''] { }")
    field.setPalette(_with(field.palette(), QPalette.ColorRole.PlaceholderText, "#c8c8c8"))
    cells = QListWidget()
    item = QListWidgetItem("17 06 01* Insulation containing asbestos")
    item.setForeground(QColor("#ff9a90"))
    cells.addItem(item)
    span = QLabel("Pallets <span style='color:#ffcc00'>(changed)</span>")
    fine = [set_kind(QLabel("A hint"), "muted"), set_kind(QLabel("Saved"), "ok"), QLabel("Plain text")]
    for widget in (pale, banner, field, cells, span, *fine):
        layout.addWidget(widget)
    box.show()
    qtbot.waitExposed(box)
    walker = ContrastWalker()
    walker.walk(box, "test")
    found = "\n".join(walker.problems)
    for text in ("Saved 3 minutes", "Finished", "556036", "asbestos", "[span]"):
        assert text in found, found
    assert not any(text in found for text in ("A hint", "'Saved'", "Plain text")), found
    box.close()


def _with(palette: QPalette, role: QPalette.ColorRole, color: str) -> QPalette:
    palette.setColor(role, QColor(color))
    return palette


@pytest.fixture
def themed(qapp):
    yield
    theme.force(None)


@pytest.mark.slow
@pytest.mark.parametrize("which", ["light", "dark"])
def test_every_text_on_screen_has_enough_contrast(filled_app, ctx, make_window, themed, which):
    window = make_window(restore=False)
    window.resize(1024, 600)
    theme.force(which)
    assert (window.palette().color(QPalette.ColorRole.Window).lightness() < 100) == (which == "dark")
    walker = ContrastWalker()
    for widget, where in tour(window, ctx, rows=3):
        walker.walk(widget, where)
    assert walker.checked > 1500
    assert walker.problems == [], f"{len(walker.problems)} low-contrast texts:\n" + "\n".join(walker.problems[:60])


# --- names, descriptions, keyboard ---------------------------------------------------------------------

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit, QAbstractItemView,
            QTabBar)
INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QCheckBox, QRadioButton, QAbstractItemView)


def _accessible(widget: QWidget, which: QAccessible.Text) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(which) if interface is not None else ""


class NameWalker:
    def __init__(self, words: object) -> None:
        self.words = words   # an i18n walk Walker: names and descriptions must be in the user's language
        self.problems: list[str] = []
        self.controls = 0
        self._seen: set[str] = set()

    def walk(self, root: QWidget, where: str) -> None:
        for widget in [root, *root.findChildren(QWidget)]:
            if not (widget is root or widget.isVisibleTo(root)) or not widget.isEnabled():
                continue
            if not isinstance(widget, CONTROLS) or isinstance(widget, QHeaderView):
                continue
            parent = widget.parentWidget()
            if isinstance(parent, (QComboBox, QAbstractSpinBox, QLineEdit)):
                continue   # the editor inside a combo box, a spin box's line, a field's clear button
            self.controls += 1
            kind = f"{type(widget).__name__}({widget.objectName()})"
            name = _accessible(widget, QAccessible.Text.Name)
            description = _accessible(widget, QAccessible.Text.Description)
            found = []
            if not name.strip():
                found.append("has no accessible name")
            elif "<" in name:
                found.append(f"has markup in its name {name!r}")
            if isinstance(widget, INPUTS) and not (isinstance(widget, QTextEdit) and widget.isReadOnly()) \
                    and not description.strip():
                found.append(f"({name!r}) has no accessible description")
            if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                found.append(f"({name!r}) cannot be reached with Tab")
            self.words.check(f"{where} {kind} [name]", name)
            self.words.check(f"{where} {kind} [description]", description)
            for problem in found:
                key = f"{kind} {problem}"
                if key not in self._seen:
                    self._seen.add(key)
                    self.problems.append(f"{where} {key}")


@pytest.fixture
def back_to_english(qapp):
    yield
    from cirkular_desktop.gui import qt_i18n

    i18n.set_language("en")
    qt_i18n.install(qapp, "en")


@pytest.mark.slow
def test_every_control_has_a_name_and_every_input_a_description_in_the_users_language(
        filled_app, ctx, make_window, back_to_english):
    from cirkular_desktop.gui.preferences import switch_language
    from tests.gui.test_i18n_walk import Walker

    window = make_window(restore=False)
    window.resize(1024, 600)
    switch_language(ctx, "nb")
    words = Walker("nb")
    walker = NameWalker(words)
    for widget, where in tour(window, ctx, rows=3):
        if widget.isWindow():
            widget.activateWindow()   # a window that gets the focus has its form fields named
            QCoreApplication.processEvents()
        walker.walk(widget, where)
    assert walker.controls > 500
    problems = walker.problems + words.problems
    assert problems == [], f"{len(problems)} problems:\n" + "\n".join(problems[:80])


def test_the_visit_form_is_read_aloud_by_its_questions(ctx, app, make_window):
    """What a screen reader says on the questionnaire: the question, then its help (or that it is required)."""
    from cirkular_desktop.services import records, visits

    org = records.add_record(app, "organization", {"name": "Säffle Trä AB", "country": "SE"}).value
    window = make_window()
    window.open_visit(visits.start_visit(app, org).value)
    page = window.visit_page
    template = page.template
    question = next(q for s in template.sections for q in s.questions if q.type == "text" and q.required)
    widget = page.questions[question.id]
    assert _accessible(widget.line, QAccessible.Text.Name) == question.text()
    assert "(required)" in _accessible(widget.line, QAccessible.Text.Description)
    choice = next(q for s in template.sections for q in s.questions if q.type == "yesno")
    button = page.questions[choice.id]._buttons.buttons()[0]
    assert _accessible(button, QAccessible.Text.Name) == "Yes"
    assert choice.text() in _accessible(button, QAccessible.Text.Description)
    page.restore_section("@streams")
    page.streams.add_new()
    title = page.streams.editor.fields["title"].widget
    assert _accessible(title, QAccessible.Text.Name) == "Title"
    assert "Name the stream after the process" in _accessible(title, QAccessible.Text.Description)
    window.close_visit()


# --- the system's font size and colour scheme --------------------------------------------------------


def test_type_follows_the_systems_font_size(qapp):
    normal = theme.style_sheet("light", base=9.0)
    large = theme.style_sheet("light", base=14.0)
    heading = re.compile(r"QLabel#heading \{ font-size: ([\d.]+)pt")
    assert float(heading.search(large).group(1)) == pytest.approx(14.0 * theme.FONT_SCALE["heading"], abs=0.1)
    assert float(heading.search(large).group(1)) > float(heading.search(normal).group(1))
    assert "font-size" not in "".join(line for line in large.splitlines() if "QLabel#fieldHint" in line)


def test_larger_system_text_makes_larger_headings_in_the_window(app, ctx, make_window, themed):
    from cirkular_desktop.gui.widgets import heading_label

    original = QApplication.font()
    try:
        bigger = QFont(original)
        bigger.setPointSizeF(14.0)
        QApplication.setFont(bigger)
        window = make_window()
        label = window.list_pages["organization"].title
        assert label.font().pointSizeF() == pytest.approx(14.0 * theme.FONT_SCALE["heading"], abs=0.2)
        assert isinstance(label, type(heading_label()))
    finally:
        QApplication.setFont(original)
        theme.apply()


def test_dark_scheme_of_the_system_gives_the_dark_theme(qapp, monkeypatch, themed):
    monkeypatch.setattr(theme, "_scheme_is_dark", lambda: True)
    theme.force(None)
    assert theme.name() == "dark"
    assert QApplication.palette().color(QPalette.ColorRole.Window) == QColor(theme.DARK["window"])
    monkeypatch.setattr(theme, "_scheme_is_dark", lambda: False)
    theme.apply()
    assert theme.name() == "light"
    assert QApplication.palette().color(QPalette.ColorRole.Window) == QColor(theme.LIGHT["window"])


def test_selections_use_the_apps_colours_in_the_visit_too(ctx, app, make_window):
    """The visit's section list and item lists select in the theme's colour, not the platform's blue."""
    from cirkular_desktop.services import records, visits

    org = records.add_record(app, "organization", {"name": "Grums Trä AB", "country": "SE"}).value
    window = make_window()
    window.open_visit(visits.start_visit(app, org).value)
    page = window.visit_page
    for view in (page.nav, page.streams.list, page.needs.list):
        palette = view.palette()
        assert palette.color(QPalette.ColorRole.Highlight) == theme.color("selection")
        assert palette.color(QPalette.ColorRole.HighlightedText) == theme.color("on_selection")
    window.close_visit()
