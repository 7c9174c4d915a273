"""Backups with SQLite's online backup API, checked and rotated; restore.

A backup is taken before every migration and every import (design §8). It is
written to a temporary file, checked with ``integrity_check``, then renamed
into place, so a backup that exists is a good one. Old automatic backups are
rotated; explicit ``cirkular backup -o FILE`` copies are never touched.

Imports: errors, i18n, fileutil, store.health, store.reader, standard library (sqlite3).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sqlite3
from pathlib import Path

from cirkular_desktop import fileutil
from cirkular_desktop.errors import StoreError
from cirkular_desktop.fileutil import os_reason
from cirkular_desktop.store import health
from cirkular_desktop.store.reader import disk_full
from cirkular_desktop.i18n import gettext as _

KEEP_AUTOMATIC = 10
SQLITE_HEADER = b"SQLite format 3\x00"


def integrity_problems(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` of a database file; empty when it is sound."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    problems = [row[0] for row in rows if row[0] != "ok"]
    return problems


def copy_database(source: Path, target: Path, *, live: bool = False) -> None:
    """Copy a database consistently (readers and the WAL included) and verify the copy.

    ``live``: ``source`` is the database in use, so a copy failing its
    integrity check means the database is damaged: it is marked (``health``).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = fileutil.temporary_sibling(target)
    try:
        src = sqlite3.connect(str(source), timeout=10)
        try:
            dst = sqlite3.connect(str(tmp))
            try:
                src.backup(dst)
                # A backup is a standalone file: no WAL beside it.
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        problems = integrity_problems(tmp)
        if problems:
            if live:
                health.mark(source, problems)
            raise StoreError(_("the backup failed its integrity check: {problem}").format(problem=problems[0]))
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        fileutil.fsync_dir(target.parent)
    except sqlite3.Error as exc:
        if "disk is full" in str(exc) or disk_full(target):
            raise StoreError(_("cannot back up the database to {path}: the disk is full").format(path=target)) from None
        raise StoreError(_("cannot back up the database: {reason}").format(reason=exc)) from None
    except OSError as exc:
        raise StoreError(_("cannot back up the database to {path}: {reason}").format(
            path=target, reason=os_reason(exc))) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def automatic_backup(database: Path, backups_dir: Path, reason: str) -> Path:
    """Back up before a risky step; keep the newest ``KEEP_AUTOMATIC`` automatic backups."""
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = Path(backups_dir) / f"auto-{stamp}-{reason}.sqlite"
    copy_database(database, target, live=True)
    rotate(backups_dir)
    return target


def rotate(backups_dir: Path, keep: int = KEEP_AUTOMATIC) -> None:
    automatic = sorted(Path(backups_dir).glob("auto-*.sqlite"))
    for old in automatic[:-keep] if keep else automatic:
        with contextlib.suppress(OSError):
            old.unlink()


def check_backup_file(path: Path) -> None:
    """Refuse, with a one-line reason, a file that cannot be restored."""
    path = Path(path)
    if not path.is_file():
        raise StoreError(_("{path}: no such backup file").format(path=path))
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise StoreError(_("{path} is not a Cirkulär backup (not an SQLite file)").format(path=path))
    problems = integrity_problems(path)
    if problems:
        raise StoreError(_("{path} is damaged: {problem}").format(path=path, problem=problems[0]))
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    if not {"alembic_version", "meta", "op"} <= tables:
        raise StoreError(_("{path} is not a Cirkulär backup (tables missing)").format(path=path))
