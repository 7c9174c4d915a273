"""Create, open, upgrade, back up and restore the database of one data directory.

Opening an up-to-date database needs only the standard library's sqlite3;
SQLAlchemy and Alembic are imported when a database is created, upgraded or
restored. Imports: errors, i18n, core.display, paths, fileutil, store.database,
store.migrate, store.backup, store.identity, store.meta, store.version, SQLAlchemy (lazily).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sqlite3
from pathlib import Path

from cirkular_desktop import fileutil
from cirkular_desktop.core.display import os_reason
from cirkular_desktop.errors import StoreError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.paths import AppPaths
from cirkular_desktop.store import backup, identity, meta, version
from cirkular_desktop.store.database import Database, check_file, damaged


def new_device_id() -> str:
    return secrets.token_hex(8)


def open_database(paths: AppPaths, *, create: bool = True) -> Database:
    """Open (and if needed create or upgrade) the database of ``paths``.

    The everyday case — a database at this release's schema with its device id
    — is checked with two plain queries on the read path and loads neither
    SQLAlchemy nor Alembic. A new, older or incomplete database goes through
    the engine and Alembic. Raises StoreError with a one-line message for a
    missing database when ``create`` is false, a file that is not SQLite, a
    damaged database, or a database from a newer release.
    """
    db_path = paths.database
    exists = db_path.exists() and db_path.stat().st_size > 0
    if not exists and not create:
        raise StoreError(_("there is no database in {folder}; run “cirkular init” first").format(
            folder=paths.data_dir))
    if exists:
        check_file(db_path)
    try:
        paths.ensure()
    except OSError as exc:
        raise StoreError(_("cannot use the data folder {folder}: {reason}").format(
            folder=paths.data_dir, reason=os_reason(exc))) from None
    database = Database(db_path)
    try:
        with database.snapshot() as conn:
            current = version.stored_revision(conn) == version.HEAD
            ready = current and meta.get(conn, meta.DEVICE_ID) is not None
        if not ready:
            _prepare(database, paths, current)
        identity.check_on_open(database, new_device_id)   # a copied data folder takes a new device id
    except BaseException:
        database.close()
        raise
    return database


def _prepare(database: Database, paths: AppPaths, current: bool) -> None:
    """Create, upgrade (after a backup) or complete a database: the engine and Alembic's part of opening."""
    import sqlalchemy.exc as sa_exc

    try:
        state = "current"
        if not current:
            from cirkular_desktop.store import migrate  # Alembic only when there is work for it

            with database.read() as conn:
                state = migrate.status(conn)
        if state == "old":
            database.checkpoint()
            backup.automatic_backup(database.path, paths.backups, "before-upgrade")
        if state in ("empty", "old"):
            from cirkular_desktop.store import migrate

            migrate.upgrade(database.engine)
        with database.write() as conn:
            meta.ensure_device(conn, new_device_id)
    except (sa_exc.DatabaseError, sqlite3.DatabaseError) as exc:
        raise damaged(database.path, getattr(exc, "orig", exc)) from None


def restore(paths: AppPaths, source: Path, current: Database | None = None) -> Path:
    """Replace the live database with a backup; the current one is backed up first.

    The restored database gets a new device id (a new incarnation of this
    laptop), so operations written after the restore can never share a stamp
    with operations the old incarnation already sent elsewhere.
    Returns the path of the safety backup of the replaced database.
    """
    source = Path(source).expanduser()
    backup.check_backup_file(source)
    paths.ensure()
    safety = None
    if current is not None:
        current.checkpoint()
        current.close()
    if paths.database.exists() and paths.database.stat().st_size > 0:
        try:
            safety = backup.automatic_backup(paths.database, paths.backups, "before-restore")
        except StoreError:
            # Damaged beyond SQLite's backup API: keep the raw bytes instead.
            safety = paths.backups / f"damaged-{secrets.token_hex(4)}.sqlite"
            shutil.copy2(paths.database, safety)
    staged = fileutil.temporary_sibling(paths.database)
    try:
        backup.copy_database(source, staged)
        staged_db = Database(staged)
        try:
            from cirkular_desktop.store import migrate

            with staged_db.read() as conn:
                state = migrate.status(conn)
            if state != "current":
                migrate.upgrade(staged_db.engine)
            with staged_db.write() as conn:
                meta.new_incarnation(conn, new_device_id())
                # Bound to the restored file now: renaming it into place keeps its identity.
                meta.put(conn, identity.BINDING, identity.binding(staged))
            staged_db.checkpoint()
        finally:
            staged_db.close()
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(str(paths.database) + suffix)
        with contextlib.suppress(FileNotFoundError):
            for suffix in ("-wal", "-shm"):
                os.unlink(str(staged) + suffix)
        os.replace(staged, paths.database)
        fileutil.fsync_dir(paths.data_dir)
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
    return safety or paths.database

