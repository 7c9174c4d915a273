"""Open the SQLite database safely: pragmas, explicit transactions, schema checks.

Design §8: WAL, ``synchronous=FULL``, foreign keys, ``secure_delete`` (erased
personal data must not linger in free pages), a busy timeout, and explicit
``BEGIN IMMEDIATE`` for write transactions so two writers never deadlock
half-way. Opening refuses, with a clear message, a file that is not SQLite,
a damaged database and a database from a newer release; an older one is
backed up and migrated (see ``lifecycle`` and ``migrate``).

Two ways in: ``snapshot()`` is the read path on plain sqlite3 connections
(``store.reader``: lists, counts, the status bar), and ``read()``/``write()``
are SQLAlchemy connections for the unit of work. The SQLAlchemy engine is
created — and SQLAlchemy imported — on first use of the latter, so an app
that only looks at its data never loads it.

Imports: errors, i18n, core.display, store.reader, SQLAlchemy (on first use of the engine).
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from cirkular_desktop.errors import StoreError
from cirkular_desktop.fileutil import os_reason
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.store.reader import BUSY_TIMEOUT_MS, Reader, apply_pragmas, damaged

if TYPE_CHECKING:  # pragma: no cover
    from sqlalchemy.engine import Connection, Engine

__all__ = ["BUSY_TIMEOUT_MS", "SQLITE_HEADER", "Database", "check_file", "create_engine", "damaged"]

SQLITE_HEADER = b"SQLite format 3\x00"
_WRITE = "cirkular_write"


def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    apply_pragmas(dbapi_connection)  # we issue BEGIN ourselves (see _on_begin)


def _on_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(_WRITE):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def create_engine(path: Path) -> Engine:
    import sqlalchemy as sa
    from sqlalchemy import event

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
            path=path, reason=os_reason(exc))) from None
    if header and header != SQLITE_HEADER:
        raise StoreError(_("{path} is not a Cirkulär database (not an SQLite file)").format(path=path))


class Database:
    """An open database file: plain sqlite3 snapshots for reading, a lazily made engine for the rest."""

    def __init__(self, path: Path, engine: Engine | None = None) -> None:
        self.path = path
        self._engine = engine
        self.reader = Reader(path)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, created on first use (the first unit of work or write)."""
        if self._engine is None:
            self._engine = create_engine(self.path)
        return self._engine

    @property
    def engine_loaded(self) -> bool:
        return self._engine is not None

    def snapshot(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """A read transaction on a plain sqlite3 connection (the fast read path)."""
        return self.reader.snapshot()

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction (BEGIN IMMEDIATE); rolled back unless the block completes."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(**{_WRITE: True})
            with conn.begin():
                yield conn

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction on a SQLAlchemy connection: one consistent snapshot for the whole block."""
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    def close(self) -> None:
        self.reader.close()
        if self._engine is not None:
            self._engine.dispose()

    def checkpoint(self) -> None:
        """Fold the WAL back into the main file (before backups and on close)."""
        self.reader.checkpoint()
