"""The schema revision this release writes, known without importing Alembic.

Opening a database that is already at this revision — the everyday case —
skips loading Alembic altogether, which keeps the app's start-up and memory
small. A test checks that ``HEAD`` equals the newest migration.
``stored_revision`` takes a plain sqlite3 connection (the open path) or a
SQLAlchemy one. Imports: store.reader.
"""

from __future__ import annotations

from typing import Any

from cirkular_desktop.store.reader import run

HEAD = "0012"


def stored_revision(conn: Any) -> str | None:
    """The revision recorded in the database, or None for a database without one."""
    present = run(conn, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
    if present is None:
        return None
    row = run(conn, "SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else row[0]
