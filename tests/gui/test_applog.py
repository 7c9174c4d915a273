"""The windowed build's log: a file in the log folder, nothing ever written to a missing console."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import qWarning

from cirkular_desktop.gui import applog


@pytest.fixture
def fresh_log(tmp_path, monkeypatch):
    applog.reset()
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)   # not pytest-qt's; restored afterwards
    yield tmp_path
    applog.reset()


def test_a_frozen_or_console_less_app_logs_to_a_file(monkeypatch):
    monkeypatch.delenv(applog.ENV_LOG_DIR, raising=False)
    assert not applog.wants_file()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert applog.wants_file()
    monkeypatch.delattr(sys, "frozen")
    monkeypatch.setattr(sys, "stdout", None)
    assert applog.wants_file()


def test_the_log_folder_is_the_platforms_unless_named():
    import platformdirs

    assert applog.log_dir({}) == Path(platformdirs.user_log_dir("cirkular", appauthor=False))
    assert str(applog.log_dir({applog.ENV_LOG_DIR: "/tmp/x"})) == "/tmp/x"


def test_without_a_console_prints_warnings_and_crashes_land_in_the_log(fresh_log, monkeypatch, qapp):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    path = applog.configure(to_file=True, folder=fresh_log / "logs")
    assert path == fresh_log / "logs" / applog.LOG_NAME
    print("printed with no console")                 # would raise AttributeError on None
    sys.stderr.write("half a line ")
    sys.stderr.write("and the rest\n")
    applog.route_qt_messages()
    qWarning("a Qt warning with nowhere to go")
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    text = path.read_text(encoding="utf-8")
    assert "INFO cirkular_desktop.stdout: printed with no console" in text
    assert "WARNING cirkular_desktop.stderr: half a line and the rest" in text
    assert "WARNING cirkular_desktop.qt: a Qt warning with nowhere to go" in text
    assert "CRITICAL cirkular_desktop: uncaught exception" in text and "RuntimeError: boom in a slot" in text
    assert (fresh_log / "logs" / applog.CRASH_NAME).exists()


def test_an_unwritable_log_folder_does_not_stop_the_app(fresh_log):
    blocker = fresh_log / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert applog.configure(to_file=True, folder=blocker / "logs") is None


def test_a_terminal_run_installs_nothing(fresh_log):
    hook = sys.excepthook
    assert applog.configure(to_file=False) is None
    assert sys.excepthook is hook and not applog.log.handlers
