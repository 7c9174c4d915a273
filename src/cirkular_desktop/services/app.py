"""The open application state shared by services: data directory and database.

Imports: paths, store.lifecycle, store.database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from cirkular_desktop import paths as _paths
from cirkular_desktop.store import lifecycle
from cirkular_desktop.store.database import Database
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
        return UnitOfWork(self.database, write=write)

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
