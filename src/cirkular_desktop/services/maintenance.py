"""Use cases that look after the data directory: init, check, backup, restore.

``device_info`` (the status bar) reads on the plain sqlite3 path; ``check``
and ``init`` load Alembic and SQLAlchemy when they run. Imports: errors,
i18n, paths, core.records, store (lifecycle, backup, blobs, meta, migrate),
services.app, SQLAlchemy (lazily).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from cirkular_desktop import paths as _paths
from cirkular_desktop.core import records
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App, open_app
from cirkular_desktop.store import backup as _backup
from cirkular_desktop.store import blobs, lifecycle, meta


@dataclass
class CheckReport:
    schema: str | None
    head: str
    integrity: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    operations: int = 0
    device: str = ""
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
    """Integrity, schema version and references that point nowhere."""
    import sqlalchemy as sa

    from cirkular_desktop.store import migrate

    app.database.checkpoint()
    report = CheckReport(schema=None, head=migrate.head())
    report.integrity = _backup.integrity_problems(app.paths.database)
    with app.uow(write=False) as uow:
        report.schema = migrate.current(uow.conn)
        report.device = uow.device
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
            if not blobs.has(app.paths.attachments, attachment["sha256"]):
                report.problems.append(_("attachment {id}: the file {name} is missing").format(
                    id=attachment["id"], name=attachment["filename"]))
    from cirkular_desktop.services.privacy_access import check_findings

    report.warnings = check_findings(app)
    return report


def backup(app: App, target: str | Path | None = None) -> Path:
    """Copy the database to ``target`` (or a dated file in the backups folder)."""
    app.database.checkpoint()
    if target is None:
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = app.paths.backups / f"cirkular-{stamp}.sqlite"
    target = Path(target).expanduser()
    _backup.copy_database(app.paths.database, target)
    return target


def restore(paths: _paths.AppPaths, source: str | Path, current: App | None = None) -> Path:
    """Replace the database with a backup; returns the safety copy of the replaced one."""
    return lifecycle.restore(paths, Path(source), current.database if current else None)


def device_info(app: App) -> dict[str, str]:
    with app.snapshot() as conn:
        return {"device": meta.get(conn, meta.DEVICE_ID) or "", "name": meta.get(conn, meta.DEVICE_NAME) or ""}


def set_device_name(app: App, name: str) -> None:
    with app.uow() as uow:
        uow.meta_put(meta.DEVICE_NAME, name.strip()[:80])
        uow.commit()
