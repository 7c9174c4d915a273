"""Store: SQLite through SQLAlchemy Core, the operation log, migrations, backups.

Only ``services`` use the store; the GUI never sees a connection or a row
object. Imports: errors, i18n, paths, resources, core, replication
(the clock, merge rules and ranges), SQLAlchemy, Alembic; never sync (the bundles).
"""
