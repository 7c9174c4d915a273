"""Create, open, upgrade, back up and restore the database of one data directory.

Opening an up-to-date database needs only the standard library's sqlite3;
SQLAlchemy and Alembic are imported when a database is created, upgraded or
restored. Imports: errors, i18n, core.display, paths, fileutil, store.database,
store.migrate, store.backup, store.full_backup, store.health, store.identity, store.meta,
store.version, SQLAlchemy (lazily).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from cirkular_desktop import fileutil
from cirkular_desktop.errors import StoreError
from cirkular_desktop.fileutil import os_reason
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.paths import AppPaths
from cirkular_desktop.store import backup, full_backup, health, identity, meta, version
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
    _ensure_folders(paths)
    sweep_leftovers(paths)
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


def journal(paths: AppPaths) -> Path:
    """Where notes of temporary files written outside the data folder are kept (``fileutil.OutsideWrite``)."""
    return paths.data_dir / "journal"


def sweep_leftovers(paths: AppPaths) -> None:
    """Remove temporary files that killed runs left in the data folder, and (by the journal) beside exports."""
    for folder in (paths.data_dir, paths.backups, paths.quarantine):
        fileutil.sweep(folder)
    fileutil.sweep_journal(journal(paths))


def _ensure_folders(paths: AppPaths) -> None:
    """Create the data folder and its subfolders; a file in the place of one is named, not "it already exists"."""
    for folder in (paths.data_dir, paths.attachments, paths.backups):
        if (folder.exists() or folder.is_symlink()) and not folder.is_dir():
            raise StoreError(_("cannot use the data folder {folder}: {path} is a file where Cirkulär keeps a "
                               "folder; move the file away").format(folder=paths.data_dir, path=folder))
    try:
        paths.ensure()
    except OSError as exc:
        raise StoreError(_("cannot use the data folder {folder}: {reason}").format(
            folder=paths.data_dir, reason=os_reason(exc))) from None


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


@dataclass
class Restored:
    """What a restore did: where the replaced database was saved, attachments put back, and any still missing."""

    safety: Path
    attachments_added: int = 0
    missing_attachments: list[str] = field(default_factory=list)
    full: bool = False


def restore(paths: AppPaths, source: Path, current: Database | None = None) -> Restored:
    """Replace the live database with a backup; the current one is backed up first.

    ``source`` is a full backup (``store.full_backup``: the database and its
    attachments, which are put back where missing) or a database file
    (older backups, the automatic ones). The restored database gets a new
    device id (a new incarnation of this laptop), so operations written
    after the restore can never share a stamp with operations the old
    incarnation already sent elsewhere. Attachments the restored database
    refers to but the folder lacks are reported, not silently ignored.
    """
    source = Path(source).expanduser()
    full = full_backup.is_full_backup(source)
    if full:
        full_backup.verify(source)   # every member and its hash, before anything is touched
    else:
        backup.check_backup_file(source)
    _ensure_folders(paths)
    fileutil.sweep(paths.data_dir)
    safety = None
    if current is not None:
        current.checkpoint()
        current.close()
    if paths.database.exists() and paths.database.stat().st_size > 0:
        try:
            safety = backup.automatic_backup(paths.database, paths.backups, "before-restore")
        except StoreError:
            # Damaged beyond SQLite's backup API (or marked so): keep the raw bytes instead.
            safety = paths.backups / f"damaged-{secrets.token_hex(4)}.sqlite"
            shutil.copy2(paths.database, safety)
    staged = fileutil.temporary_sibling(paths.database)
    added = 0
    try:
        if full:
            full_backup.extract_database(source, staged)
            backup.check_backup_file(staged)
        else:
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
        if full:   # before the database that refers to them is in place
            added = full_backup.restore_attachments(source, paths.attachments)
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(str(paths.database) + suffix)
        with contextlib.suppress(FileNotFoundError):
            for suffix in ("-wal", "-shm"):
                os.unlink(str(staged) + suffix)
        os.replace(staged, paths.database)
        fileutil.fsync_dir(paths.data_dir)
        health.clear(paths.database)
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
    missing = full_backup.missing_attachments(paths.database, paths.attachments)
    return Restored(safety or paths.database, added, missing, full)
