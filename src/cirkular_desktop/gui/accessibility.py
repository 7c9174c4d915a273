"""Names for screen readers that every dialog gets, whoever wrote it.

The app's own views name their controls where they build them
(``widgets.describe``). A dialog built elsewhere often names its fields only
by a label beside them in a form; a screen reader then says "edit text" and
nothing more. When a window gets the focus, ``fill_in`` gives each such
field its row's label as its name and the window's title as its description,
and gives a text field with no label its placeholder as its name — unless a
name was set on purpose. (A signal, not an application-wide event filter:
that would cost a Python call for every event the app handles.) ``tests/gui/test_accessibility.py`` walks every view
and dialog and checks that every control has a name.

Imports: PySide6, gui.widgets.
"""

from __future__ import annotations

from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QWidget

from cirkular_desktop.gui.widgets import name_form_fields, plain_text


def fill_in(window: QWidget) -> None:
    title = plain_text(window.windowTitle())
    for form in window.findChildren(QFormLayout):
        name_form_fields(form, title)
    for line in window.findChildren(QLineEdit):
        named = bool(line.accessibleName()) and line.property("nameFromForm") != "placeholder"
        parent = line.parent()
        if not named and line.placeholderText() and not (parent is not None and parent.inherits("QComboBox")):
            line.setProperty("nameFromForm", "placeholder")
            line.setAccessibleName(plain_text(line.placeholderText()))


_installed = False


def install(app: QApplication | None = None) -> None:
    """Once per application (the main window does it): each window that gets the focus is filled in first."""
    global _installed
    instance = app or QApplication.instance()
    if not isinstance(instance, QApplication) or _installed:
        return
    app = instance
    _installed = True
    app.focusWindowChanged.connect(_window_focused)


def _window_focused(window: QWindow | None) -> None:
    # Emitted before the window's widgets get the focus, so the first thing read aloud has its name.
    for widget in QApplication.topLevelWidgets():
        if widget.windowHandle() is window and window is not None:
            fill_in(widget)
            return


def refresh_all() -> None:
    """After a language switch: the names from labels follow the labels."""
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            fill_in(widget)
