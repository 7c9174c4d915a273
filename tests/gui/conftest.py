"""GUI test setup: offscreen Qt, a synchronous worker, a main window on a temporary data dir, and leak checks.

Every GUI test fails when it leaves behind a top-level widget, an active timer
on one of the app's objects, a running worker thread or a new Python thread
(napari's habit): a leak in a test is a leak in the app. ``window`` and
``ctx`` build what a person sees; ``filled_app`` adds the demo data.
"""

from __future__ import annotations

import os
import shutil
import threading
import weakref

import pytest

pytest.importorskip("PySide6.QtWidgets")
os.environ["CIRKULAR_SYNC_WORKER"] = "1"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QThreadPool, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from cirkular_desktop.gui import context as _context  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "allow_leaks: this test may leave widgets or timers behind (say why)")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/gui/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.gui)


_contexts: "weakref.WeakSet[_context.GuiContext]" = weakref.WeakSet()
_original_init = _context.GuiContext.__init__


def _tracking_init(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    _contexts.add(self)


_context.GuiContext.__init__ = _tracking_init  # every context a test makes is checked afterwards


def _flush_deletes() -> None:
    """Let Qt delete what tests closed and handed to ``deleteLater``.

    Deferred deletes are carried out by an event loop, so one short loop runs here. Without it
    every window a test made stayed alive (hidden) for the rest of the session, and each
    language or theme switch went on to reach all of them: the GUI half spent most of its time
    retranslating windows nobody could see. Forcing the deletes with ``sendPostedEvents`` instead
    made PySide 6.12 crash at interpreter exit.
    """
    for _i in range(3):
        QCoreApplication.processEvents()
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()


def _live_windows() -> set[int]:
    return {id(w) for w in QApplication.topLevelWidgets()}


def _describe(widget) -> str:
    return f"{type(widget).__name__}({widget.objectName()!r}, visible={widget.isVisible()})"


@pytest.fixture(autouse=True)
def _plain_language_state():
    """Every GUI test starts without the pseudo-locale, whatever an earlier test left switched on."""
    from cirkular_desktop import i18n

    if hasattr(i18n, "set_pseudo"):
        i18n.set_pseudo(None)
    yield
    if hasattr(i18n, "set_pseudo"):
        i18n.set_pseudo(None)


@pytest.fixture(autouse=True)
def no_leaks(request, qapp):
    """Fail the test if it leaves windows, timers, worker jobs or threads behind."""
    _flush_deletes()
    windows_before = _live_windows()
    threads_before = set(threading.enumerate())
    yield
    if request.node.get_closest_marker("allow_leaks"):
        return
    _flush_deletes()
    problems = []
    leftover = [w for w in QApplication.topLevelWidgets() if id(w) not in windows_before]
    problems += [f"widget left open: {_describe(w)}" for w in leftover if w.isVisible()]
    for widget in leftover:
        for timer in widget.findChildren(QTimer):
            if timer.isActive():
                owner = timer.parent()
                problems.append(f"timer still running in {_describe(widget)}: "
                                f"{type(owner).__name__} {owner.objectName()!r}")
    for timer in qapp.findChildren(QTimer):
        if timer.isActive():
            problems.append(f"timer still running on the application: {timer.objectName()!r}")
    for ctx in list(_contexts):
        try:
            if ctx.pool.activeThreadCount() or ctx._jobs:
                problems.append("a GuiContext still has work running")
            problems += [f"timer still running on a GuiContext: {t.objectName()!r}"
                         for t in ctx.findChildren(QTimer) if t.isActive()]
        except RuntimeError:  # the C++ object is gone: nothing can leak from it
            continue
    if QThreadPool.globalInstance().activeThreadCount():
        problems.append("Qt's global thread pool still has work running")
    new_threads = [t for t in threading.enumerate() if t not in threads_before and t.is_alive()
                   and not isinstance(t, threading._DummyThread) and not t.daemon]
    problems += [f"thread left running: {t.name}" for t in new_threads]
    if problems:
        pytest.fail("; ".join(problems))


@pytest.fixture
def ctx(app):
    from cirkular_desktop.gui.context import GuiContext

    context = GuiContext(app)
    yield context
    context.wait()
    context.deleteLater()


@pytest.fixture
def other(tmp_path, empty_database):
    """A second laptop: its own data directory and GUI context (sync between two)."""
    from cirkular_desktop.gui.context import GuiContext
    from cirkular_desktop.services.app import open_app
    from tests.conftest import with_new_database

    app = open_app(with_new_database(tmp_path / "laptop-b", empty_database))
    context = GuiContext(app)
    yield context
    context.wait()
    context.deleteLater()
    app.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A data folder with the demo data of seed 1, made once; tests get a copy (generating it takes seconds)."""
    from cirkular_desktop.services import demo
    from cirkular_desktop.services.app import open_app

    folder = tmp_path_factory.mktemp("demo-template") / "data"
    with open_app(folder) as app:
        demo.add_demo(app, seed=1, scale=1)
    return folder


@pytest.fixture
def data_dir(tmp_path, request):
    """The test's data folder; a copy of the demo data when the test asks for ``filled_app``."""
    folder = tmp_path / "data"
    if "filled_app" in request.fixturenames:
        shutil.copytree(request.getfixturevalue("demo_template"), folder)
    return folder


@pytest.fixture
def filled_app(app):
    """The app with the demo data of seed 1 (40 organizations, 590 streams, both countries)."""
    return app


@pytest.fixture
def make_window(ctx, qtbot):
    """Build main windows on ``ctx``; each is closed (like a person would) after the test."""
    from cirkular_desktop.gui.window import MainWindow

    made = []

    def make(*, restore: bool = True, context=None, first_start: bool = False) -> MainWindow:
        """``first_start``: as on a fresh data folder, the window opens on the first-start step (other
        tests start where a person who has been through it would)."""
        from cirkular_desktop import settings

        context = context or ctx
        if not first_start:
            settings.save_quietly(context.app.paths, {settings.WELCOMED: True})
        remembered = restore and settings.load(context.app.paths).get("window")
        window = MainWindow(context, restore=restore)
        if not remembered:
            window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        try:
            window.close()
            window.deleteLater()
        except RuntimeError:  # deleted by the test already
            pass
    _flush_deletes()


@pytest.fixture
def window(make_window):
    return make_window()


# PySide6 6.12 may abort while the interpreter finalizes after a long GUI session ("Fatal Python error:
# none_dealloc" in the last garbage collection, after every test has run and the results are printed),
# which turned a green run into exit 134. Once pytest has written its summary, the GUI session ends the
# process with pytest's own status and skips that finalization. A crash during a test still fails it.
# Since closed windows are deleted after each test (``_flush_deletes``), whole GUI sessions (the default
# and the slow run) have finalized normally with CIRKULAR_KEEP_FINALIZE=1; this stays as a guard until
# that has held for a while.
_STATUS: dict[str, int] = {}


def pytest_sessionfinish(session, exitstatus):
    _STATUS["exit"] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    if "exit" in _STATUS and os.environ.get("CIRKULAR_KEEP_FINALIZE") != "1":
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_STATUS["exit"])
