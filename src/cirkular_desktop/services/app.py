"""The open application state shared by services: data directory and database.

Services read through ``App.snapshot()`` (plain sqlite3, see
``store.reader``) where a query is all they need, and through ``App.uow()``
for everything else; the unit of work — and with it SQLAlchemy and the
schema — is imported on first use, so opening the app and showing its
lists stays light. Imports: paths, store.lifecycle, store.database,
store.uow (lazily).
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from cirkular_desktop import paths as _paths
from cirkular_desktop.store import lifecycle
from cirkular_desktop.store.database import Database

if TYPE_CHECKING:  # pragma: no cover
    from cirkular_desktop.store.uow import UnitOfWork

T = TypeVar("T")


@dataclass(frozen=True)
class Result(Generic[T]):
    """What a mutation returns: its value and the tables it changed."""

    value: T
    changes: frozenset[str] = frozenset()


class App:
    """One opened data directory. Create with ``open_app``; close when done."""

    def __init__(self, paths: _paths.AppPaths, database: Database) -> None:
        self.paths = paths
        self.database = database

    def uow(self, *, write: bool = True) -> UnitOfWork:
        from cirkular_desktop.store.uow import UnitOfWork

        return UnitOfWork(self.database, write=write)

    def snapshot(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """A read transaction on a plain sqlite3 connection, for services' parameterised queries."""
        return self.database.snapshot()

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> "App":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def open_app(data_dir: str | Path | None = None, *, create: bool = True,
             paths: _paths.AppPaths | None = None) -> App:
    """Open the data directory (platform default, ``CIRKULAR_DATA_DIR`` or ``data_dir``)."""
    chosen = paths or _paths.resolve(data_dir)
    return App(chosen, lifecycle.open_database(chosen, create=create))
