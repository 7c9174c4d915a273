"""Autosave timing: a change is written about 400 ms after the typing stops.

Every editor of the visit screen keeps its unsaved values and hands a flush
function to a ``Debouncer``. Each keystroke restarts the timer; when it fires
(or when the screen is left, closed or a button needs the stored state) the
flush writes through ``GuiContext.call``. A killed process therefore loses at
most the last half second of typing, and there is never an "unsaved
changes" question.

Imports: PySide6.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer

DELAY_MS = 400


class Debouncer(QObject):
    """Calls ``callback`` once, ``delay_ms`` after the last ``poke``; ``flush`` calls it now."""

    def __init__(self, callback: Callable[[], None], delay_ms: int = DELAY_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._callback = callback
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._fire)
        self._busy = False

    def delay_ms(self) -> int:
        """How long after the last change the write happens."""
        return self._timer.interval()

    def poke(self) -> None:
        self._timer.start()

    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Write now if anything waits; safe to call any time."""
        if self._timer.isActive():
            self._timer.stop()
            self._fire()

    def cancel(self) -> None:
        self._timer.stop()

    def _fire(self) -> None:
        if self._busy:  # a save that causes another change must not re-enter itself
            self._timer.start()
            return
        self._busy = True
        try:
            self._callback()
        finally:
            self._busy = False
