"""The desktop app's log: a file in the user log folder, and safety when there is no console.

A windowed build (PyInstaller without a console, ``pythonw`` on Windows)
starts with ``sys.stdout`` and ``sys.stderr`` set to ``None``: a stray
``print``, a warning or argparse's usage text would raise and take the app
down. ``configure`` gives such streams a stand-in that writes into the log,
and, for a frozen or console-less app, sends the log to
``cirkular-desktop.log`` in platformdirs' user log folder (Linux
``~/.local/state/cirkular/log``, Windows ``%LOCALAPPDATA%\\cirkular\\Logs``,
macOS ``~/Library/Logs/cirkular``), rotated at 1 MB with three old files kept.
``CIRKULAR_LOG_DIR`` names another folder (tests, and the packaging script,
which must not write into the builder's home). Uncaught exceptions, Qt's own
warnings and hard crashes (``faulthandler``, ``crash.log``) land there too.
A source install run from a terminal installs nothing: warnings and errors
print to the terminal as Python and Qt print them anyway.

Imports: standard library, platformdirs, PySide6.QtCore (in ``route_qt_messages``).
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import platformdirs

APP_NAME = "cirkular"
ENV_LOG_DIR = "CIRKULAR_LOG_DIR"
LOG_NAME = "cirkular-desktop.log"
CRASH_NAME = "crash.log"
MAX_BYTES = 1_000_000
KEEP = 3

log = logging.getLogger("cirkular_desktop")
_state: dict[str, Any] = {}


def log_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    chosen = env.get(ENV_LOG_DIR)
    return Path(chosen) if chosen else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def wants_file(environ: dict[str, str] | None = None) -> bool:
    """A frozen or console-less app logs to a file, and so does any run given ``CIRKULAR_LOG_DIR``."""
    env = os.environ if environ is None else environ
    return bool(getattr(sys, "frozen", False) or sys.stdout is None or sys.stderr is None or env.get(ENV_LOG_DIR))


class LogStream:
    """Stands in for a missing ``sys.stdout``/``sys.stderr``: whole lines go to the log, nothing raises."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, name: str, level: int) -> None:
        self.logger = logging.getLogger(f"cirkular_desktop.{name}")
        self.level = level
        self._pending = ""

    def write(self, text: str) -> int:
        self._pending += str(text)
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            if line.strip():
                self.logger.log(self.level, "%s", line)
        return len(text)

    def flush(self) -> None:
        if self._pending.strip():
            self.logger.log(self.level, "%s", self._pending)
        self._pending = ""

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


def configure(*, to_file: bool | None = None, folder: Path | None = None) -> Path | None:
    """Set up logging once per process; returns the log file when there is one."""
    if "file" in _state:
        return _state["file"]
    if sys.stdout is None:
        sys.stdout = LogStream("stdout", logging.INFO)
    if sys.stderr is None:
        sys.stderr = LogStream("stderr", logging.WARNING)
    to_file = wants_file() if to_file is None else to_file
    if not to_file:
        # A terminal run: Python's own last-resort handler prints warnings to whatever sys.stderr is
        # at that moment, and uncaught exceptions print as usual. Nothing to install.
        _state["file"] = None
        return None
    target = folder or log_dir()
    try:
        target.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            target / LOG_NAME, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8")
        crash = open(target / CRASH_NAME, "a", encoding="utf-8")  # noqa: SIM115 - open for the process's life
    except OSError:
        _state["file"] = None   # an unwritable log folder must not stop the app
        return None
    _state["crash"] = crash
    _state["faulthandler_was_on"] = faulthandler.is_enabled()
    faulthandler.enable(crash)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.setLevel(logging.INFO)
    log.addHandler(handler)
    log.propagate = False
    _state["handler"] = handler
    _state["file"] = target / LOG_NAME
    _state["hook"] = sys.excepthook
    sys.excepthook = _log_uncaught
    return _state["file"]


def _log_uncaught(kind: type[BaseException], value: BaseException, trace: TracebackType | None) -> None:
    log.critical("uncaught exception", exc_info=(kind, value, trace))
    previous = _state.get("hook")
    stream: IO[str] | None = sys.__stderr__
    if previous is not None and previous is not _log_uncaught and stream is not None:
        previous(kind, value, trace)


def route_qt_messages() -> None:
    """Qt's own warnings (a missing plugin, a font) into the log instead of a console that may not exist."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}
    qt_log = logging.getLogger("cirkular_desktop.qt")

    def handler(kind: Any, context: Any, message: str) -> None:
        qt_log.log(levels.get(kind, logging.WARNING), "%s", message)

    _state["qt_handler"] = handler  # keep a reference: Qt holds only a pointer
    qInstallMessageHandler(handler)


def reset() -> None:
    """Undo ``configure`` (tests)."""
    handler = _state.pop("handler", None)
    if handler is not None:
        log.removeHandler(handler)
        handler.close()
    crash = _state.pop("crash", None)
    if crash is not None:
        faulthandler.disable()
        crash.close()
        if _state.pop("faulthandler_was_on", False) and sys.__stderr__ is not None:
            faulthandler.enable(sys.__stderr__)
    if "hook" in _state:
        sys.excepthook = _state.pop("hook")
    if "qt_handler" in _state:
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(None)
        _state.pop("qt_handler")
    _state.pop("file", None)
    log.propagate = True
