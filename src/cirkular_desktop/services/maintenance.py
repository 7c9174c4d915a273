"""Use cases that look after the data directory: init, check, backup, restore, repair.

``device_info`` (the status bar) reads on the plain sqlite3 path; ``check``
and ``init`` load Alembic and SQLAlchemy when they run. A backup holds the
database and every attachment (``store.full_backup``); a database that fails
its integrity check is marked and refuses writes and exports until it is
restored or repaired (``store.health``, ``store.repair``). Imports: errors,
i18n, fileutil, paths, core.records, store (lifecycle, backup, blobs,
full_backup, health, meta, migrate, repair), replication.ranges, services.app, SQLAlchemy (lazily).
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cirkular_desktop import fileutil
from cirkular_desktop import paths as _paths
from cirkular_desktop.core import records
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App, open_app
from cirkular_desktop.store import backup as _backup
from cirkular_desktop.store import blobs, full_backup, health, lifecycle, meta


@dataclass
class CheckReport:
    schema: str | None
    head: str
    integrity: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    operations: int = 0
    device: str = ""
    previous_devices: list[str] = field(default_factory=list)   # earlier ids of this database (restores, copies)
    warnings: list[str] = field(default_factory=list)   # not failures: e.g. personal data kept too long

    @property
    def ok(self) -> bool:
        return not self.integrity and not self.problems and self.schema == self.head


def init(data_dir: str | Path | None = None, paths: _paths.AppPaths | None = None) -> dict[str, str]:
    """Create the database, or upgrade an older one (after a backup)."""
    from cirkular_desktop.store import migrate  # Alembic is heavy: only commands that need it load it

    with open_app(data_dir, paths=paths) as app:
        from cirkular_desktop.services.privacy import migrate_contact_copies

        migrate_contact_copies(app)   # contact details copied into answers move to the contact record
        with app.uow(write=False) as uow:
            revision = migrate.current(uow.conn)
            device = uow.device
        return {"data_dir": str(app.paths.data_dir), "database": str(app.paths.database),
                "schema": revision or "", "device": device}


def check(app: App) -> CheckReport:
    """Integrity, schema version and references that point nowhere.

    A failed integrity check marks the database damaged (no writes or
    exports until restore or repair); one that passes lifts an earlier mark.
    """
    import sqlalchemy as sa

    from cirkular_desktop.store import migrate

    app.database.checkpoint()
    report = CheckReport(schema=None, head=migrate.head())
    report.integrity = _backup.integrity_problems(app.paths.database)
    if report.integrity:
        health.mark(app.paths.database, report.integrity)
    else:
        health.clear(app.paths.database)
    fileutil.sweep(app.paths.attachments, recursive=True)
    with app.uow(write=False) as uow:
        report.schema = migrate.current(uow.conn)
        report.device = uow.device
        report.previous_devices = [d for d in (uow.meta_get(meta.INCARNATIONS) or "").split(",") if d]
        report.operations = int(uow.execute(sa.text("SELECT count(*) FROM op")).scalar() or 0)
        for name, spec in records.TABLES.items():
            report.counts[name] = uow.count(name)
            for f in spec.fields:
                if f.kind != records.REF:
                    continue
                dangling = uow.execute(sa.text(
                    f"SELECT count(*) FROM {name} AS a WHERE a.deleted = 0 AND a.{f.name} IS NOT NULL "
                    f"AND NOT EXISTS (SELECT 1 FROM {f.ref} AS b WHERE b.id = a.{f.name})")).scalar()
                if dangling:
                    report.problems.append(_("{count} × {table}.{field} refer to a missing {target}").format(
                        count=dangling, table=name, field=f.name, target=f.ref))
        for attachment in uow.select("attachment"):
            if attachment.get("sha256") is None:
                continue   # only later changes of it arrived so far: a gap, shown by sync, not a missing file
            if not blobs.has(app.paths.attachments, attachment["sha256"]):
                report.problems.append(_("attachment {id}: the file {name} is missing").format(
                    id=attachment["id"], name=attachment.get("filename") or attachment["sha256"][:12]))
    from cirkular_desktop.services.privacy_access import check_findings

    report.warnings = check_findings(app)
    return report


def default_backup_name() -> str:
    return f"cirkular-{_dt.datetime.now().strftime('%Y%m%d-%H%M%S')}{full_backup.EXTENSION}"


def backup(app: App, target: str | Path | None = None) -> Path:
    """Write a full backup — the database and every attachment — to ``target`` (or a dated file in backups).

    Written to a temporary file beside the target (noted in the journal, so
    a killed run's file is removed next time, also on a USB stick), synced
    and renamed: a backup that exists is complete.
    """
    health.refuse_if_damaged(app.paths.database)
    app.database.checkpoint()
    target = Path(target).expanduser() if target is not None else app.paths.backups / default_backup_name()
    if target.is_dir():
        raise ValidationError(_("{path} is a folder; give a file name").format(path=target), field="FILE")
    if not target.parent.is_dir():
        raise ValidationError(_("the folder {folder} does not exist").format(folder=target.parent), field="FILE")
    with app.uow(write=False) as uow:
        info = dict(full_backup.backup_info(), device=uow.device, device_name=uow.meta_get(meta.DEVICE_NAME) or "")
    try:
        with fileutil.OutsideWrite(target, lifecycle.journal(app.paths)) as tmp:
            with open(tmp, "wb") as handle:
                full_backup.write(app.paths.database, app.paths.attachments, handle, info, app.paths.backups)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
            fileutil.fsync_dir(target.parent)
    except OSError as exc:
        raise ValidationError(_("cannot write {path}: {reason}").format(path=target, reason=fileutil.os_reason(exc)),
                              field="FILE") from None
    return target


def restore(paths: _paths.AppPaths, source: str | Path, current: App | None = None) -> lifecycle.Restored:
    """Replace the database with a backup (and put back its attachments); says what was saved and what is missing."""
    return lifecycle.restore(paths, Path(source), current.database if current else None)


def device_info(app: App) -> dict[str, str]:
    with app.snapshot() as conn:
        return {"device": meta.get(conn, meta.DEVICE_ID) or "", "name": meta.get(conn, meta.DEVICE_NAME) or ""}


def set_device_name(app: App, name: str) -> None:
    with app.uow() as uow:
        uow.meta_put(meta.DEVICE_NAME, name.strip()[:80])
        uow.commit()


def repair(paths: _paths.AppPaths, current: App | None = None) -> Any:
    """Rebuild a damaged database from what can be read of its operation log; returns ``store.repair.Repaired``."""
    from cirkular_desktop.store import repair as _repair
    from cirkular_desktop.replication import ranges

    done = _repair.repair(paths, lifecycle.new_device_id, current.database if current else None)
    for device, top in sorted(done.expected.items()):
        missing = ranges.gaps(ranges.from_numbers(done.held.get(device, [])), top)
        if missing:
            done.lost[device] = missing
    own = done.lost.get(done.old_device, [])
    if own:
        done.lost_for_good = ranges.subtract(own, ranges.normalise(done.exported))
    return done
