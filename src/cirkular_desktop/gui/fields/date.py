"""The date input of the field editors (and of date questions): a line and a calendar.

Imports: PySide6, i18n, gui.widgets.
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QMenu, QPushButton, QWidget, QWidgetAction

from cirkular_desktop.gui.widgets import date_example, date_text, day_first_as_iso
from cirkular_desktop.i18n import gettext as _


class DateLine(QWidget):
    """A date shown as the locale writes it (as the lists do: nb 01.09.2025), typed that way, as YYYY-MM-DD
    or day first (1.9.2025), or picked from a calendar; ``text()`` gives YYYY-MM-DD; empty means no date."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.line = QLineEdit()
        self.line.setMaximumWidth(140)
        self.line.textEdited.connect(lambda _text: self.edited.emit())
        self.line.editingFinished.connect(self._tidy)
        # A push button with a menu keeps room for its arrow; a tool button draws it over a longer text.
        self.button = QPushButton()
        menu = QMenu(self.button)
        menu.aboutToShow.connect(self._prepare_calendar)
        self._menu = menu
        # The calendar is made when first opened: a visit screen has a dozen date fields.
        self.calendar: QCalendarWidget | None = None
        self.button.setMenu(menu)
        layout.addWidget(self.line)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.setFocusProxy(self.line)
        self.retranslate()

    def retranslate(self) -> None:
        self.line.setPlaceholderText(date_example())
        self.button.setText(_("Calendar…"))
        self.button.setToolTip(_("Pick the date from a calendar"))

    def _prepare_calendar(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget()
            action = QWidgetAction(self._menu)
            action.setDefaultWidget(self.calendar)
            self._menu.addAction(action)
            self.calendar.clicked.connect(self._picked)
        try:
            shown = _dt.date.fromisoformat(self.text().strip())
        except ValueError:
            shown = _dt.date.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))

    def _picked(self, date: QDate) -> None:
        self.line.setText(date_text(_dt.date(date.year(), date.month(), date.day()).isoformat()))
        self._menu.close()
        self.edited.emit()

    def text(self) -> str:
        """The date as typed, or as YYYY-MM-DD when it was written day first (1.9.2025, 01/09/2025)."""
        return day_first_as_iso(self.line.text())

    def _tidy(self) -> None:
        # Once the person leaves the field, a date they typed another way is shown in the locale's form.
        shown = date_text(day_first_as_iso(self.line.text()))
        if shown != self.line.text():
            self.line.setText(shown)

    def setText(self, text: str) -> None:  # noqa: N802 - mirrors QLineEdit
        """Show a stored date (YYYY-MM-DD) in the locale's form."""
        self.line.setText(date_text(text))

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)
        self.button.setEnabled(not read_only)
