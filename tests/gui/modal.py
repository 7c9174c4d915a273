"""Acting on a modal dialog in GUI tests: the click that opens one blocks until it closes, so the test acts on
it from the event loop once it is there (shared by the field-day and matchmaking tests)."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def when_modal(kind: type, act: Callable[[Any], None]) -> None:
    """Act on the next modal dialog of ``kind`` as a person would, once it is open."""
    def attempt():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, attempt)
            return
        act(dialog)
    QTimer.singleShot(0, attempt)
