"""Commands that look after the data directory: init, demo, dump, backup, restore, repair, check.

Imports: errors, i18n, services, cli.output.
"""

from __future__ import annotations

import argparse
from typing import Any

from cirkular_desktop.cli.output import output_file, to_json
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _, ngettext
from cirkular_desktop.services import maintenance
from cirkular_desktop.services import records as record_services


def register(sub: Any) -> None:
    p = sub.add_parser("init", help=_("create or upgrade the database"),
                       description=_("Create the database in the data directory, or upgrade an older one "
                                     "after taking a backup."))
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help=_("add realistic sample data (both countries)"),
                       description=_("Add sample organizations, visits, streams, needs, ideas and matches in "
                                     "Värmland and Østfold. The same seed always gives the same data."))
    p.add_argument("--seed", type=int, default=1, metavar="N", help=_("random seed (default 1)"))
    p.add_argument("--scale", type=int, default=1, metavar="N",
                   help=_("multiply the amount of data; 1 is about 40 organizations"))
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("dump", help=_("all records as canonical JSON on stdout"),
                       description=_("Print every record of every table as canonical JSON: tables, records and "
                                     "keys sorted, deleted records marked, no device-local data."))
    p.set_defaults(handler=cmd_dump)

    p = sub.add_parser("backup", help=_("copy the database and its photos to a backup file"),
                       description=_("Write a backup that holds everything needed to restore — the database, "
                                     "checked for integrity, and every photo and document — to FILE or to a dated "
                                     "file in the backups folder of the data directory; print the file's name."))
    p.add_argument("-o", "--output", metavar=_("FILE"), help=_("where to write the backup"))
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help=_("replace the database with a backup"),
                       description=_("Replace the database with a backup file and put back the photos it holds. "
                                     "The current database is backed up first. Photos the restored database "
                                     "refers to that are not there are listed."))
    p.add_argument("file", metavar=_("FILE"), help=_("a backup written by cirkular backup or the app"))
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("repair", help=_("rebuild a damaged database and say what was lost"),
                       description=_("Rebuild a database that failed its integrity check from what can still be "
                                     "read of its changes, and list the changes that could not be read. The "
                                     "damaged file is kept in the backups folder; the database gets a new device "
                                     "id, so changes that reached other laptops come back with their bundles."))
    p.set_defaults(handler=cmd_repair)

    p = sub.add_parser("check", help=_("integrity and schema version"),
                       description=_("Check the database's integrity and schema version and count its records. "
                                     "The exit code is 1 when a problem is found."))
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help=_("text for people (the default), json for scripts"))
    p.set_defaults(handler=cmd_check)


def cmd_init(args: argparse.Namespace, ctx: Any) -> int:
    info = maintenance.init(paths=ctx.paths)
    ctx.out.write(_("Database ready: {database} (schema {schema}, device {device})").format(**info) + "\n")
    return 0


def cmd_demo(args: argparse.Namespace, ctx: Any) -> int:
    from cirkular_desktop.services import demo

    result = demo.add_demo(ctx.app(), seed=args.seed, scale=args.scale)
    total = sum(count for table, count in result.value.items() if table != "existing organization")
    ctx.out.write(_("Added {count} demo records.").format(count=total) + "\n")
    return 0


def cmd_dump(args: argparse.Namespace, ctx: Any) -> int:
    ctx.out.write(record_services.dump(ctx.app()))
    return 0


def cmd_backup(args: argparse.Namespace, ctx: Any) -> int:
    target = None
    if args.output:
        target = output_file(args.output)
        database = ctx.paths.database.resolve()
        if target.resolve() in (database, database.with_name(database.name + "-wal"),
                                database.with_name(database.name + "-shm")):
            raise ValidationError(_("{file}: is the database itself; choose another file").format(
                file=args.output), field="FILE")
    target = maintenance.backup(ctx.app(), target)
    ctx.out.write(str(target) + "\n")
    return 0


def _current_app(ctx: Any) -> Any:
    """The open app if the database can be opened; a damaged one is exactly what restore and repair are for."""
    from cirkular_desktop.errors import StoreError

    current = None
    if ctx.paths.database.exists():
        try:
            current = ctx.app()
        except StoreError:
            current = None
        ctx._app = None  # restore and repair close it
    return current


def cmd_restore(args: argparse.Namespace, ctx: Any) -> int:
    done = maintenance.restore(ctx.paths, args.file, _current_app(ctx))
    ctx.out.write(_("Restored {file}. The replaced database was saved as {safety}.").format(
        file=args.file, safety=done.safety) + "\n")
    if done.attachments_added:
        ctx.out.write(ngettext("{count} photo or document was put back.", "{count} photos and documents were put "
                               "back.", done.attachments_added).format(count=done.attachments_added) + "\n")
    if done.missing_attachments:
        names = ", ".join(done.missing_attachments[:5]) + (", …" if len(done.missing_attachments) > 5 else "")
        ctx.err.write(ngettext("warning: {count} photo the restored database refers to is not in the attachments "
                               "folder ({names}); this backup holds only the database",
                               "warning: {count} photos the restored database refers to are not in the attachments "
                               "folder ({names}); this backup holds only the database",
                               len(done.missing_attachments)).format(count=len(done.missing_attachments),
                                                                     names=names) + "\n")
    return 0


def cmd_repair(args: argparse.Namespace, ctx: Any) -> int:
    done = maintenance.repair(ctx.paths, _current_app(ctx))
    ctx.out.write(ngettext("Repaired: {count} change recovered and every record rebuilt from it.",
                           "Repaired: {count} changes recovered and every record rebuilt from them.",
                           done.operations).format(count=done.operations) + "\n")
    ctx.out.write(_("The damaged file was kept as {path}. This laptop now syncs as device {device}.").format(
        path=done.safety, device=done.device) + "\n")
    if not done.lost and not done.unreadable:
        ctx.out.write(_("Nothing was lost.") + "\n")
    for device, missing in done.lost.items():
        spans = ", ".join(f"{lo}–{hi}" if lo != hi else str(lo) for lo, hi in missing)
        if device == done.old_device:
            ctx.out.write(_("Lost: changes {ranges} made on this laptop (as device {device}).").format(
                ranges=spans, device=device) + "\n")
        else:
            ctx.out.write(_("Lost: changes {ranges} of device {device}; they come back with its next bundle or the "
                            "coordinator's.").format(ranges=spans, device=device) + "\n")
    if done.lost_for_good:
        spans = ", ".join(f"{lo}–{hi}" if lo != hi else str(lo) for lo, hi in done.lost_for_good)
        ctx.out.write(_("Of these, changes {ranges} were never exported: they are gone for good. The others come "
                        "back with the coordinator's next bundle.").format(ranges=spans) + "\n")
    elif done.lost.get(done.old_device):
        ctx.out.write(_("All of this laptop's lost changes were exported before: they come back with the "
                        "coordinator's next bundle.") + "\n")
    if done.unreadable:
        ctx.out.write(ngettext("{count} stored row could not be read.", "{count} stored rows could not be read.",
                               done.unreadable).format(count=done.unreadable) + "\n")
    if not done.meta_read:
        ctx.out.write(_("This laptop's sync bookkeeping could not be read: export with --full next time.") + "\n")
    return 0


def _plural(table: str) -> str:
    from cirkular_desktop.core import records

    return _(records.TABLES[table].plural) if table in records.TABLES else table


def cmd_check(args: argparse.Namespace, ctx: Any) -> int:
    from cirkular_desktop.services import report_settings

    report = maintenance.check(ctx.app())
    # What the documents lack (the programme's logo) is a warning beside the data's own, not a problem.
    warnings = list(report.warnings) + report_settings.warnings(ctx.app())
    if args.format == "json":
        ctx.out.write(to_json({"ok": report.ok, "schema": report.schema, "head": report.head,
                               "integrity": report.integrity, "problems": report.problems,
                               "counts": report.counts, "operations": report.operations,
                               "device": report.device, "previous_devices": report.previous_devices,
                               "warnings": warnings}) + "\n")
    else:
        ctx.out.write(_("Schema: {schema} (this version: {head})").format(schema=report.schema, head=report.head)
                      + "\n")
        ctx.out.write(_("Integrity: {result}").format(
            result=_("ok") if not report.integrity else "; ".join(report.integrity)) + "\n")
        for problem in report.problems:
            ctx.out.write("  - " + problem + "\n")
        if report.previous_devices:
            ctx.out.write(_("Device: {device} (earlier ids of this database: {previous})").format(
                device=report.device, previous=", ".join(report.previous_devices)) + "\n")
        for warning in warnings:
            ctx.out.write(_("Warning: {text}").format(text=warning) + "\n")
        ctx.out.write(_("Records: {counts}").format(
            counts=", ".join(f"{_plural(k).lower()} {v}" for k, v in report.counts.items() if v)) + "\n")
    if not report.ok:
        message = _("the check found problems")
        if report.integrity:
            message = _("the database is damaged; writing and exporting are refused until you restore a backup "
                        "(cirkular restore) or repair it (cirkular repair)")
        ctx.err.write("cirkular: " + message + "\n")
        return 1
    return 0
