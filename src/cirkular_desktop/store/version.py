"""The schema revision this release writes, known without importing Alembic.

Opening a database that is already at this revision — the everyday case —
skips loading Alembic altogether, which keeps the app's start-up and memory
small. A test checks that ``HEAD`` equals the newest migration.
Imports: SQLAlchemy.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

HEAD = "0002"


def stored_revision(conn: Connection) -> str | None:
    """The revision recorded in the database, or None for a database without one."""
    present = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").first()
    if present is None:
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
