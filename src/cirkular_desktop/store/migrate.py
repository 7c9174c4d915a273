"""Schema migrations with Alembic, shipped inside the package and applied on open.

A database at an older revision is backed up, then upgraded in one
transaction; a database whose revision this release does not know was made
by a newer release and is refused (design §3). Imports: errors, i18n,
Alembic, SQLAlchemy.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from cirkular_desktop.errors import StoreError
from cirkular_desktop.i18n import gettext as _

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head() -> str:
    revision = script().get_current_head()
    assert revision is not None
    return revision


def revisions() -> list[str]:
    """All revisions, oldest first."""
    return [rev.revision for rev in reversed(list(script().walk_revisions()))]


def current(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def status(conn: Connection) -> str:
    """"empty", "current" or "old"; raises StoreError for a newer or unknown schema."""
    revision = current(conn)
    if revision is None:
        return "empty"
    if revision == head():
        return "current"
    if revision in revisions():
        return "old"
    raise StoreError(_("this database was made by a newer version of Cirkulär (schema {revision}); "
                       "install the newer version to open it").format(revision=revision))


def upgrade(engine: Engine, target: str = "head") -> None:
    """Apply every missing migration inside one write transaction."""
    config = alembic_config()
    with engine.connect() as conn:
        conn = conn.execution_options(cirkular_write=True)
        with conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, target)
