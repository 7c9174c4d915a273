"""Open the SQLite database safely: pragmas, explicit transactions, schema checks.

Design §8: WAL, ``synchronous=FULL``, foreign keys, ``secure_delete`` (erased
personal data must not linger in free pages), a busy timeout, and explicit
``BEGIN IMMEDIATE`` for write transactions so two writers never deadlock
half-way. Opening refuses, with a clear message, a file that is not SQLite,
a damaged database and a database from a newer release; an older one is
backed up and migrated (see ``migrate``).

Imports: errors, i18n, paths, store.migrate, store.backup, SQLAlchemy.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from cirkular_desktop.errors import StoreError
from cirkular_desktop.i18n import gettext as _

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
_WRITE = "cirkular_write"


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # Autocommit at the driver level: we issue BEGIN ourselves (see _on_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA secure_delete = ON")
    finally:
        cursor.close()


def _on_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(_WRITE):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def create_engine(path: Path) -> Engine:
    engine = sa.create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        poolclass=sa.pool.QueuePool, pool_size=4, max_overflow=4,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def check_file(path: Path) -> None:
    """Refuse a file that is not an SQLite database before SQLite sees it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(_("cannot read the database {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    if header and header != SQLITE_HEADER:
        raise StoreError(_("{path} is not a Cirkulär database (not an SQLite file)").format(path=path))


def damaged(path: Path, exc: BaseException) -> StoreError:
    return StoreError(_("the database {path} is damaged and cannot be opened ({reason}); "
                        "restore a backup with “cirkular restore”").format(path=path, reason=str(exc).strip()))


class Database:
    """An open database file. Hands out connections inside explicit transactions."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction (BEGIN IMMEDIATE); rolled back unless the block completes."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(**{_WRITE: True})
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: one consistent snapshot for the whole block."""
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    def close(self) -> None:
        self.engine.dispose()

    def checkpoint(self) -> None:
        """Fold the WAL back into the main file (before backups and on close)."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
