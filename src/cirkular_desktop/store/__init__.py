"""Store: SQLite through SQLAlchemy Core, the operation log, migrations, backups.

Only ``services`` use the store; the GUI never sees a connection or a row
object. Imports: errors, i18n, paths, resources, core, the pure parts of sync
(``sync.hlc``, ``sync.merge``), SQLAlchemy, Alembic.
"""
