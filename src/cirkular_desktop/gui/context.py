"""The GUI's one door to the services: runs work off the UI thread and reports changes.

Every screen gets the same ``GuiContext``. A mutation returns a
``services.app.Result``; the context emits ``records_changed`` with the
tables it touched, and each view decides whether to refresh. Long work
(``run``) goes to a worker thread — SQLite has one writer, so there is one
worker — with an optional progress dialog and cancel; in tests
(``CIRKULAR_SYNC_WORKER=1``) it runs synchronously so tests need no sleeps.

Imports: PySide6, services (app), errors, i18n.
"""

from __future__ import annotations

import os
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from cirkular_desktop.errors import CirkularError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App, Result

Callback = Callable[[Any], None]


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict, quiet: bool = False) -> None:
        super().__init__()
        self.fn, self.args, self.kwargs, self.quiet = fn, args, kwargs, quiet
        self.signals = _Signals()
        self.cancelled = False
        self.setAutoDelete(False)

    def progress(self, done: int, total: int) -> bool:
        """Passed to services as ``progress``; returns False once the user cancels."""
        self.signals.progressed.emit(done, total)
        return not self.cancelled

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # reported to the UI thread, never lost in the worker
            # Carried on the exception itself to the UI thread's error dialog (any exception type).
            exc.__cirkular_traceback__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class GuiContext(QObject):
    """Shared by every window and view: the open App, the worker, change signals."""

    records_changed = Signal(object)   # frozenset[str]: tables a mutation touched
    language_changed = Signal(str)
    busy_changed = Signal(bool)
    preferences_changed = Signal()     # device name, default unit or currency changed

    def __init__(self, app: App, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one writer: jobs run one after another
        self.synchronous = os.environ.get("CIRKULAR_SYNC_WORKER") == "1"
        self._jobs: set[_Job] = set()

    # --- quick calls on the UI thread ------------------------------------------------------------

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call a service now (for fast reads and small edits); announces changes; returns its value.

        ``fn`` receives the App as first argument. CirkularError propagates to
        the caller, which shows it where the user is looking (inline or dialog).
        """
        result = fn(self.app, *args, **kwargs)
        return self._unwrap(result)

    def _unwrap(self, result: Any) -> Any:
        if isinstance(result, Result):
            if result.changes:
                self.records_changed.emit(frozenset(result.changes))
            return result.value
        return result

    # --- long work off the UI thread ---------------------------------------------------------------

    def run(self, fn: Callable[..., Any], *args: Any, on_done: Callback | None = None,
            on_error: Callback | None = None, parent: QWidget | None = None,
            progress_title: str | None = None, with_progress: bool = False, quiet: bool = False,
            **kwargs: Any) -> None:
        """Run ``fn(app, *args, **kwargs)`` on the worker; ``on_done(value)`` runs on the UI thread.

        With ``with_progress`` the service gets a ``progress(done, total) -> bool``
        keyword argument and a progress dialog with Cancel is shown. A ``quiet``
        job (a background read such as the status bar's counts) does not make
        the window say it is busy.
        """
        job = _Job(fn, (self.app, *args), dict(kwargs), quiet)
        dialog: QProgressDialog | None = None
        if with_progress:
            job.kwargs["progress"] = job.progress
            dialog = QProgressDialog(progress_title or _("Working…"), _("Cancel"), 0, 0, parent)
            dialog.setWindowTitle(_("Cirkulär"))
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)
            dialog.canceled.connect(lambda: setattr(job, "cancelled", True))

            def show_progress(done: int, total: int) -> None:
                if dialog is not None:
                    dialog.setMaximum(max(total, 0))
                    dialog.setValue(min(done, total) if total else 0)

            job.signals.progressed.connect(show_progress)

        def finish(value: Any) -> None:
            self._close(job, dialog)
            unwrapped = self._unwrap(value)
            if on_done is not None:
                on_done(unwrapped)

        def fail(exc: BaseException) -> None:
            self._close(job, dialog)
            if on_error is not None:
                on_error(exc)
            else:
                self.show_error(parent, exc)

        job.signals.finished.connect(finish)
        job.signals.failed.connect(fail)
        self._jobs.add(job)
        if not quiet:
            self.busy_changed.emit(True)
        if self.synchronous:
            job.run()
        else:
            self.pool.start(job)

    def _close(self, job: _Job, dialog: QProgressDialog | None) -> None:
        self._jobs.discard(job)
        if dialog is not None:
            dialog.reset()
            dialog.deleteLater()
        if not job.quiet and not any(not other.quiet for other in self._jobs):
            self.busy_changed.emit(False)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued jobs finish (on close, and in tests)."""
        return self.pool.waitForDone(msecs)

    # --- errors ------------------------------------------------------------------------------------------

    def show_error(self, parent: QWidget | None, exc: BaseException) -> None:
        """A refused input is a message in the user's language; anything else is a bug report."""
        if isinstance(exc, CirkularError):
            QMessageBox.warning(parent, _("Cirkulär"), exc.message)
            return
        if self.synchronous:
            # Synchronous mode exists for tests: a bug must fail the test with its traceback,
            # not wait forever behind a modal box nobody will close.
            raise exc
        details = getattr(exc, "__cirkular_traceback__", None) or "".join(
            traceback.format_exception(type(exc), exc, exc.__traceback__))
        box = QMessageBox(QMessageBox.Icon.Critical, _("Cirkulär"),
                          _("Something went wrong and the action was not completed. Nothing was lost."),
                          QMessageBox.StandardButton.Ok, parent)
        box.setDetailedText(details)
        box.exec()
