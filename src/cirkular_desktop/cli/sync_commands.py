"""Commands of sync by bundles: export-bundle, import-bundle, conflicts, resolve.

``import-bundle --dry-run`` prints what an import would do, per bucket (new,
updated, unchanged, conflicting, deleted) and per table, and changes nothing.
A refused bundle exits 1 with one line naming the file and the reason.

Imports: errors, i18n, core.records, services.sync, cli.output.
"""

from __future__ import annotations

import argparse
from typing import Any

from cirkular_desktop.cli import output
from cirkular_desktop.core import records
from cirkular_desktop.i18n import N_, format_decimal, gettext as _, ngettext
from cirkular_desktop.services import sync as services

BUCKET_LABELS = {"new": N_("new"), "updated": N_("updated"), "unchanged": N_("unchanged"),
                 "conflicting": N_("conflicting"), "deleted": N_("deleted")}


def register(sub: Any) -> None:
    p = sub.add_parser("export-bundle", help=_("write a bundle file of changes for another laptop or the coordinator"),
                       description=_("Write a bundle file. By default it holds the changes this device has not "
                                     "exported yet and those a known peer has not acknowledged; --full writes "
                                     "everything."))
    p.add_argument("file", metavar=_("FILE"), help=_("the bundle file to write (.cirkular)"))
    p.add_argument("--full", action="store_true", help=_("include every change held, not only what is needed"))
    p.add_argument("--passphrase-file", metavar="F",
                   help=_("encrypt with the passphrase on the first line of F (AES-256-GCM)"))
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import-bundle", help=_("merge one or more bundle files"),
                       description=_("Check every bundle completely, back up the database, then merge them all in "
                                     "one transaction. A refused bundle changes nothing."))
    p.add_argument("files", nargs="+", metavar=_("FILE"))
    p.add_argument("--dry-run", action="store_true", help=_("only report what the import would do"))
    p.add_argument("--passphrase-file", metavar="F", help=_("passphrase of encrypted bundles, first line of F"))
    p.set_defaults(handler=cmd_import)

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
    summary = services.export_bundle(ctx.app(), args.file, full=args.full, passphrase=passphrase).value
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
    return 0


def cmd_import(args: argparse.Namespace, ctx: Any) -> int:
    passphrase = _passphrase(args)
    report = services.import_bundles(ctx.app(), args.files, dry_run=args.dry_run, passphrase=passphrase).value
    out = ctx.out
    if report.dry_run:
        out.write(_("Dry run: nothing was changed.") + "\n")
    for b in report.bundles:
        out.write(ngettext("{file}: {operations} change from {device}, {new} of them new",
                           "{file}: {operations} changes from {device}, {new} of them new", b.operations).format(
            file=b.file, operations=format_decimal(b.operations), device=b.device_name or b.device,
            new=format_decimal(b.new_operations)) + "\n")
    headers = [_("Outcome"), _("Records")]
    body = [[_(BUCKET_LABELS[bucket]), format_decimal(count)] for bucket, count in report.counts.items()]
    output.write_table(out, headers, body)
    by_table = report.counts_by_table()
    if by_table:
        out.write("\n")
        headers = [_("Table")] + [_(BUCKET_LABELS[b]) for b in services.BUCKETS]
        body = [[_(records.table(t).plural)] + [format_decimal(c[b]) for b in services.BUCKETS]
                for t, c in by_table.items()]
        output.write_table(out, headers, body)
    conflicting = [r for r in report.records if r["bucket"] == "conflicting"]
    if conflicting:
        out.write("\n" + _("Conflicting records:") + "\n")
        for r in conflicting:
            out.write(f"  {r['table']} {r['id'][:8]}  {r['title']}\n")
    names = {b.device: b.device_name for b in report.bundles if b.device_name}
    for device, missing in report.gaps.items():
        spans = ", ".join(f"{lo}–{hi}" if lo != hi else str(lo) for lo, hi in missing)
        shown = f"{names[device]} ({device})" if device in names else device
        out.write(_("Missing changes of device {device}: {ranges}; ask for its bundles again").format(
            device=shown, ranges=spans) + "\n")
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
