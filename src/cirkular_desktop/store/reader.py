"""The read path: plain ``sqlite3`` connections for the queries lists, counts and the status bar run.

Opening the app and showing its first list must not pay for SQLAlchemy,
SQLModel and pydantic (about half of the start-up time and 30 MB): the
everyday reads are parameterised SQL on connections from the standard
library, opened with the same pragmas as the engine's (design §8). Writes and
everything that needs the operation log still go through the unit of work,
whose engine ``Database`` creates on first use.

``Reader`` keeps a few idle connections and hands one out per ``snapshot``:
a read transaction (``BEGIN`` … ``COMMIT``), so a page and its count see the
same data. Connections are not tied to a thread, so the GUI's worker and the
UI thread can read at the same time without sharing a connection.

Imports: errors, i18n, store.health (when a failure is met), standard library.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any, Iterator, Sequence

from cirkular_desktop.errors import StoreError
from cirkular_desktop.i18n import gettext as _

BUSY_TIMEOUT_MS = 10_000
PRAGMAS = (
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
)
_IDLE_KEPT = 2


def apply_pragmas(connection: sqlite3.Connection) -> None:
    """Autocommit at the driver level (transactions are begun explicitly) and the pragmas of design §8."""
    connection.isolation_level = None
    cursor = connection.cursor()
    try:
        for pragma in PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


# SQLite's words for a file it may not open or write, and for a full disk: not damage, so never answered
# with the advice to restore a backup over what may be good data.
_NO_ACCESS = ("unable to open database file", "readonly database", "read-only", "access permission denied")
_FULL = ("database or disk is full",)


FULL_BELOW = 1 << 20   # bytes free: below this, any failure to use the database is put down to a full disk


def disk_full(path: Path) -> bool:
    """Whether the file system holding ``path`` (or its nearest existing folder) is all but full."""
    folder = Path(path)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW
    except OSError:
        return False


def damaged(path: Path, exc: BaseException) -> StoreError:
    """The one-line error for an SQLite failure on ``path``: a full disk, no access, or damage.

    A full disk comes first: SQLite often reports it as a "disk I/O error"
    (it cannot make its shared-memory or journal file), and the advice for
    damage — restore a backup — would throw away every change since.
    """
    text = str(exc).strip()
    if any(words in text for words in _FULL) or disk_full(path):
        return StoreError(_("cannot use the database {path}: the disk is full; free some space and try again "
                            "(nothing was changed)").format(path=path))
    if any(words in text for words in _NO_ACCESS):
        return StoreError(_("cannot open the database {path}: its folder or file is read-only or not "
                            "accessible to you").format(path=path))
    return StoreError(_("the database {path} is damaged and cannot be opened ({reason}); "
                        "restore a backup with “cirkular restore” or repair it with “cirkular repair”").format(
        path=path, reason=text))


def busy() -> StoreError:
    return StoreError(_("the database is busy in another program; try again"))


def run(conn: Any, sql: str, params: Sequence[Any] = ()) -> Any:
    """Execute SQL with ``?`` parameters on a sqlite3 or a SQLAlchemy connection; returns a cursor-like result.

    Small store helpers (``meta``, ``version``) serve both the read path and
    the unit of work through this.
    """
    driver_sql = getattr(conn, "exec_driver_sql", None)
    if driver_sql is not None:
        return driver_sql(sql, tuple(params))
    return conn.execute(sql, tuple(params))


def _translated(path: Path, exc: sqlite3.Error) -> StoreError:
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return busy()
    from cirkular_desktop.store import health   # beside the database: noted before the message is given

    health.note_failure(path, exc)
    return damaged(path, exc)


class Reader:
    """Read-only use of one database file through the standard library's sqlite3."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        try:
            apply_pragmas(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _take(self) -> sqlite3.Connection:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._connect()

    def _give_back(self, connection: sqlite3.Connection) -> None:
        with self._lock:
            if len(self._idle) < _IDLE_KEPT:
                self._idle.append(connection)
                return
        connection.close()

    @contextlib.contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """A connection for the block; busy and damaged databases become a one-line StoreError."""
        broken = False
        try:
            connection = self._take()
        except sqlite3.Error as exc:
            raise _translated(self.path, exc) from None
        try:
            yield connection
        except sqlite3.Error as exc:
            broken = True
            raise _translated(self.path, exc) from None
        finally:
            if broken:
                with contextlib.suppress(sqlite3.Error):
                    connection.close()
            else:
                self._give_back(connection)

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query in the block sees the same state of the database."""
        with self._connection() as connection:
            connection.execute("BEGIN")
            try:
                yield connection
            finally:
                if connection.in_transaction:
                    connection.execute("COMMIT")  # read-only: ending it only releases the snapshot

    def checkpoint(self) -> None:
        """Fold the WAL back into the main file (before backups and on close)."""
        with self._connection() as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def close(self) -> None:
        """Close the idle connections (like an engine's ``dispose``: a later read opens a new one)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            with contextlib.suppress(sqlite3.Error):
                connection.close()
