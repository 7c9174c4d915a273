"""Commands of sync by bundles: export-bundle, import-bundle, quarantine, conflicts, resolve.

``import-bundle --dry-run`` prints what an import would do, per bucket (new,
updated, unchanged, conflicting, deleted) and per table, and changes nothing.
A refused bundle exits 1 with one line naming the file and the reason.

A bundle stamped more than a day ahead of this computer's clock is not
refused but held in quarantine (services.quarantine): the import still
applies the other bundles and exits 0, and says on stderr, one line per
held bundle, which file and device and how far ahead. Later imports (or
``import-bundle --quarantined`` with no file) apply it once it is no longer
more than a day ahead; ``quarantine`` lists held bundles and
``quarantine discard`` drops one. ``export-bundle --for DEVICE`` writes what
one device has not acknowledged (everything for a device unknown here).

Imports: errors, i18n, core.records, services (sync, quarantine), cli.output.
"""

from __future__ import annotations

import argparse
import datetime as _dt
from typing import Any

from cirkular_desktop.cli import output
from cirkular_desktop.core import records
from cirkular_desktop.errors import UsageError
from cirkular_desktop.i18n import N_, format_datetime, format_decimal, gettext as _, ngettext
from cirkular_desktop.services import quarantine
from cirkular_desktop.services import sync as services

BUCKET_LABELS = {"new": N_("new"), "updated": N_("updated"), "unchanged": N_("unchanged"),
                 "conflicting": N_("conflicting"), "deleted": N_("deleted")}


def register(sub: Any) -> None:
    p = sub.add_parser("export-bundle", help=_("write a bundle file of changes for another laptop or the coordinator"),
                       description=_("Write a bundle file. By default it holds the changes this device has not "
                                     "exported yet and those a known peer has not acknowledged; --full writes "
                                     "everything; --for DEVICE writes what that one device has not acknowledged "
                                     "(everything for a device that never sent a bundle here)."))
    p.add_argument("file", metavar=_("FILE"), help=_("the bundle file to write (.cirkular)"))
    which = p.add_mutually_exclusive_group()
    which.add_argument("--full", action="store_true", help=_("include every change held, not only what is needed"))
    which.add_argument("--for", dest="for_device", metavar=_("DEVICE"),
                       help=_("only what DEVICE (its id or name, as the Sync view shows it) has not "
                              "acknowledged; everything if it is unknown here"))
    p.add_argument("--passphrase-file", metavar="F",
                   help=_("encrypt with the passphrase on the first line of F (AES-256-GCM)"))
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import-bundle", help=_("merge one or more bundle files"),
                       description=_("Check every bundle completely, back up the database, then merge them all in "
                                     "one transaction. A refused bundle changes nothing (exit 1). A bundle stamped "
                                     "more than a day ahead of this computer's clock is held in quarantine "
                                     "instead of applied: the other bundles are applied, the exit code is 0, and "
                                     "one line on stderr names each held bundle. Every later import applies held "
                                     "bundles that are no longer more than a day ahead."))
    p.add_argument("files", nargs="*", metavar=_("FILE"))
    p.add_argument("--dry-run", action="store_true", help=_("only report what the import would do"))
    p.add_argument("--passphrase-file", metavar="F", help=_("passphrase of encrypted bundles, first line of F"))
    p.add_argument("--quarantined", action="store_true",
                   help=_("apply the held bundles that are due, without giving a file"))
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("quarantine", help=_("list bundles held because they are stamped more than a day ahead"),
                       description=_("List the bundles held in quarantine, or discard one. A held bundle is "
                                     "applied by the next import once its stamps are no longer more than a day "
                                     "ahead of this computer's clock."))
    p.add_argument("--format", choices=("table", "json"), default="table")
    actions = p.add_subparsers(dest="action", metavar=_("ACTION"), parser_class=type(p))
    discard = actions.add_parser("discard", help=_("delete a held bundle without applying it"))
    discard.add_argument("bundle_id", metavar=_("BUNDLE_ID"))
    p.set_defaults(handler=cmd_quarantine)

    p = sub.add_parser("conflicts", help=_("list competing values that wait for review"))
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(handler=cmd_conflicts)

    p = sub.add_parser("resolve", help=_("settle a conflict"),
                       description=_("Settle a conflict: --keep current keeps the value shown now, --keep other "
                                     "keeps the competing value, any other VALUE is written as the new value. "
                                     "The resolution syncs like any edit."))
    p.add_argument("conflict_id", metavar=_("CONFLICT_ID"))
    p.add_argument("--keep", required=True, metavar=_("VALUE"), help=_("current, other, or a new value"))
    p.set_defaults(handler=cmd_resolve)


def _passphrase(args: argparse.Namespace) -> str | None:
    return services.read_passphrase_file(args.passphrase_file) if args.passphrase_file else None


def cmd_export(args: argparse.Namespace, ctx: Any) -> int:
    passphrase = _passphrase(args)
    summary = services.export_bundle(ctx.app(), args.file, full=args.full, passphrase=passphrase,
                                     for_device=args.for_device).value
    ctx.out.write(ngettext("Wrote {count} change to {path}", "Wrote {count} changes to {path}",
                           summary.operations).format(count=summary.operations, path=summary.path))
    if summary.attachments:
        ctx.out.write(" " + ngettext("(and {count} photo)", "(and {count} photos)", summary.attachments).format(
            count=summary.attachments))
    ctx.out.write("\n")
    if summary.missing_files:
        ctx.err.write(ngettext("warning: {count} photo is missing from the attachments folder and was left out",
                               "warning: {count} photos are missing from the attachments folder and were left out",
                               len(summary.missing_files)).format(count=len(summary.missing_files)) + "\n")
    if summary.personal and not summary.encrypted:
        ctx.err.write(_("warning: the bundle holds personal data and is not encrypted; use --passphrase-file "
                        "before it leaves this computer") + "\n")
    recipient = summary.recipient
    if recipient and recipient["known"]:
        ctx.out.write(_("For {device}: the changes it has not acknowledged.").format(
            device=quarantine.device_label(recipient["name"], recipient["device"])) + "\n")
    elif recipient:
        ctx.out.write(_("“{device}” is not known here (it never sent a bundle): the bundle holds everything.").format(
            device=recipient["name"]) + "\n")
    return 0


def cmd_import(args: argparse.Namespace, ctx: Any) -> int:
    if not args.files and not args.quarantined:
        raise UsageError(_("give at least one bundle file, or --quarantined"))
    passphrase = _passphrase(args)
    if not args.files and not quarantine.held_bundles(ctx.app()):
        ctx.out.write(_("No bundle is held in quarantine.") + "\n")
        return 0
    report = services.import_bundles(ctx.app(), args.files, dry_run=args.dry_run, passphrase=passphrase).value
    out = ctx.out
    if report.dry_run:
        out.write(_("Dry run: nothing was changed.") + "\n")
    for note in report.held:
        text = quarantine.note_text(note, report.dry_run)
        (out if report.dry_run or note.status == quarantine.APPLIED else ctx.err).write(text + "\n")
    for b in report.bundles:
        out.write(ngettext("{file}: {operations} change from {device}, {new} of them new",
                           "{file}: {operations} changes from {device}, {new} of them new", b.operations).format(
            file=b.file, operations=format_decimal(b.operations), device=b.device_name or b.device,
            new=format_decimal(b.new_operations)) + "\n")
    if not report.bundles:
        return 0   # every bundle given is held, or no held bundle was due
    headers = [_("Outcome"), _("Records")]
    body = [[_(BUCKET_LABELS[bucket]), format_decimal(count)] for bucket, count in report.counts.items()]
    output.write_table(out, headers, body)
    by_table = report.counts_by_table()
    if by_table:
        out.write("\n")
        headers = [_("Table")] + [_(BUCKET_LABELS[b]) for b in services.BUCKETS]
        body = [[_(records.table(t).plural)] + [format_decimal(c[b]) for b in services.BUCKETS]
                for t, c in by_table.items()]   # in the app's order (organizations first)
        output.write_table(out, headers, body)
    conflicting = [r for r in report.records if r["bucket"] == "conflicting"]
    if conflicting:
        out.write("\n" + _("Conflicting records:") + "\n")
        for r in conflicting:
            out.write(f"  {_(records.table(r['table']).label)} {r['id'][:8]}  {r['title']}\n")
    names = {b.device: b.device_name for b in report.bundles if b.device_name}
    for device, missing in report.gaps.items():
        spans = ", ".join(f"{lo}–{hi}" if lo != hi else str(lo) for lo, hi in missing)
        shown = f"{names[device]} ({device})" if device in names else device
        out.write(_("Missing changes of device {device}: {ranges}; ask for its bundles again").format(
            device=shown, ranges=spans) + "\n")
    return 0


def cmd_quarantine(args: argparse.Namespace, ctx: Any) -> int:
    if args.action == "discard":
        gone = quarantine.discard(ctx.app(), args.bundle_id).value
        ctx.out.write(_("Discarded {file} from {device}; it was not applied.").format(
            file=gone["file_name"], device=quarantine.device_label(gone["device_name"], gone["device"])) + "\n")
        return 0
    held = quarantine.held_bundles(ctx.app())
    if args.format == "json":
        ctx.out.write(output.to_json(held) + "\n")
        return 0
    if not held:
        ctx.out.write(_("No bundle is held in quarantine.") + "\n")
        return 0
    headers = [_("Bundle"), _("File"), _("Device"), _("Held since"), _("Ahead by"), _("Status")]
    body = []
    for h in held:
        status = _("due: applied by the next import") if h["due"] else _("held")
        if h["due"] and h["encrypted"]:
            status = _("due: needs its passphrase")
        if h.get("kind") == quarantine.TOO_NEW:
            status = _("needs a newer Cirkulär ({needs})").format(needs=h.get("needs") or "")
        body.append([h["bundle_id"][:8], h["file_name"], quarantine.device_label(h["device_name"], h["device"]),
                     format_datetime(_dt.datetime.fromisoformat(h["held_since"]).astimezone()),
                     quarantine.ahead_text(h["ahead_ms"]) if h["ahead_ms"] else "", status])
    output.write_table(ctx.out, headers, body)
    ctx.out.write(ngettext("{count} bundle held", "{count} bundles held", len(held)).format(count=len(held)) + "\n")
    return 0


def cmd_conflicts(args: argparse.Namespace, ctx: Any) -> int:
    items = services.conflicts(ctx.app())
    if args.format == "json":
        ctx.out.write(output.to_json(items) + "\n")
        return 0
    if not items:
        ctx.out.write(_("No conflicts.") + "\n")
        return 0
    headers = [_("Conflict"), _("Record"), _("Field"), _("Current value"), _("Competing value"), _("From")]
    body = [[c["id"][:10], f"{c['table']} {c['record_title']}", c["field_label"], c["current_text"],
             c["value_text"], f"{c['device_name'] or c['device'][:8]} {c['time'] or ''}".strip()] for c in items]
    output.write_table(ctx.out, headers, body)
    ctx.out.write(ngettext("{count} conflict", "{count} conflicts", len(items)).format(count=len(items)) + "\n")
    return 0


def cmd_resolve(args: argparse.Namespace, ctx: Any) -> int:
    services.resolve(ctx.app(), args.conflict_id, args.keep)
    ctx.out.write(_("Conflict resolved.") + "\n")
    return 0
