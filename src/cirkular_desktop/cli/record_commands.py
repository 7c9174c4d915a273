"""Commands on records: list, show, add, set, remove, erase contact.

Imports: core (records, display), i18n, errors, services, cli.output.
"""

from __future__ import annotations

import argparse
import io
import textwrap
from typing import Any

from cirkular_desktop.cli import output
from cirkular_desktop.core import display, records
from cirkular_desktop.core.fields import ITEMS, REF, REFS
from cirkular_desktop.errors import CirkularError, ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import records as services

TABLE_HELP = ", ".join(records.CLI_TABLES)


def _table_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("table", metavar=_("TABLE"), help=_("one of: {tables}").format(tables=TABLE_HELP))


def _id_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", metavar=_("ID"), help=_("the record's id, or its first characters as list shows them"))


def _fields_help(description: str) -> str:
    """The description of add/set with every table's field names, so a user can find them."""
    lines = [*textwrap.wrap(description, 78), "", _("Fields of each table (* marks a required field):")]
    for name in records.CLI_TABLES:
        names = [f.name + ("*" if f.required else "") for f in records.table(name).fields if not f.internal]
        lines += textwrap.wrap(f"{name}: " + ", ".join(names), 78, initial_indent="  ", subsequent_indent="    ")
    lines.append("")
    lines += textwrap.wrap(_("Values: dates as YYYY-MM-DD; numbers with a decimal comma or point; yes or no; "
                             "lists comma separated; choices by their code, e.g. country=SE; references by "
                             "the record's id or its first characters. FIELD= with nothing after it clears "
                             "the field."), 78)
    return "\n".join(lines)


def register(sub: Any) -> None:
    raw = argparse.RawDescriptionHelpFormatter
    p = sub.add_parser("list", help=_("list the records of a table"),
                       description=_("List the records of a table, optionally only those matching a search."))
    _table_arg(p)
    p.add_argument("--search", metavar=_("TEXT"), help=_("only records whose words start with TEXT"))
    p.add_argument("--format", choices=("table", "json", "csv"), default="table",
                   help=_("table for people (the default), json or csv for scripts"))
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", help=_("show one record"),
                       description=_("Show every field of one record with its label, or all its values as JSON."))
    _table_arg(p)
    _id_arg(p)
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help=_("text for people (the default), json for scripts"))
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("add", help=_("add a record and print its id"), formatter_class=raw,
                       description=_fields_help(_("Add a record. Values are FIELD=VALUE words; lists are comma "
                                                  "separated.")))
    _table_arg(p)
    p.add_argument("assignments", nargs="*", metavar=_("FIELD=VALUE"), help=_("a field and its value"))
    p.set_defaults(handler=cmd_add)

    p = sub.add_parser("set", help=_("change fields of a record"), formatter_class=raw,
                       description=_fields_help(_("Change fields of a record; the fields not named keep their "
                                                  "values.")))
    _table_arg(p)
    _id_arg(p)
    p.add_argument("assignments", nargs="*", metavar=_("FIELD=VALUE"), help=_("a field and its new value"))
    p.set_defaults(handler=cmd_set)

    p = sub.add_parser("remove", help=_("delete a record"),
                       description=_("Delete a record that no other record uses (a visit's submitted versions "
                                     "and a match's history go with it). The deletion syncs."))
    _table_arg(p)
    _id_arg(p)
    p.set_defaults(handler=cmd_remove)

    p = sub.add_parser("erase", help=_("GDPR erasure of a contact's personal data"),
                       description=_("Erase a contact's personal data (name, phone, e-mail, role, notes) and "
                                     "every copy of it: questionnaire answers, submitted versions, and notes, "
                                     "captions and other text that hold the name, phone or e-mail verbatim. "
                                     "The erasure syncs and no older bundle can undo it."))
    p.add_argument("table", metavar="contact", choices=("contact",), help=_("only contacts can be erased"))
    _id_arg(p)
    p.set_defaults(handler=cmd_erase)


def _check_table(name: str) -> str:
    if name not in records.CLI_TABLES:
        raise ValidationError(_("unknown table “{table}”; choose one of: {choices}").format(
            table=name, choices=TABLE_HELP), field="TABLE")
    return name


def cmd_list(args: argparse.Namespace, ctx: Any) -> int:
    table = _check_table(args.table)
    if args.format == "table":
        # For people: the columns the app's list shows (services.browse.columns, from core.records' "listed").
        from cirkular_desktop.services import browse

        columns = browse.columns(table)
        shown = browse.list_rows(ctx.app(), table, search=args.search)
        headers = [_("Id")] + [_(c.label) for c in columns]
        body = [[row["id"][:8]] + [browse.cell_text(table, c, row) for c in columns] for row in shown]
        output.write_table(ctx.out, headers, body)
        ctx.out.write(_("{table}: {count}").format(table=_(records.table(table).plural), count=len(shown)) + "\n")
        return 0
    rows = services.list_records(ctx.app(), table, search=args.search)
    if args.format == "json":
        ctx.out.write(output.to_json(rows) + "\n")
    else:
        output.write_csv(ctx.out, table, rows)
    return 0


def _titles(ctx: Any, table: str) -> dict[str, str]:
    return {row["id"]: services.display_title(table, row) for row in services.list_records(ctx.app(), table)}


def _full_id(ctx: Any, table: str, given: str) -> str:
    """Accept a unique id prefix, as the table view prints the first 8 characters."""
    return services.resolve_id(ctx.app(), table, given)


def _full_refs(ctx: Any, table: str, values: dict[str, str]) -> dict[str, str]:
    """References may be given by the first characters of the id too, as ``list`` prints them."""
    spec = records.table(table)
    for name, value in values.items():
        f = spec.field(name)
        if f.kind == REF and f.ref and value.strip():
            values[name] = services.resolve_id(ctx.app(), f.ref, value, label=f"{table}.{name}")
    return values


def cmd_show(args: argparse.Namespace, ctx: Any) -> int:
    table = _check_table(args.table)
    record = services.get_record(ctx.app(), table, _full_id(ctx, table, args.id))
    if args.format == "json":
        ctx.out.write(output.to_json(record) + "\n")
        return 0
    spec = records.table(table)
    buffer = io.StringIO()
    labels = [(_("Id"), record["id"])]
    for f in spec.fields:
        value = record.get(f.name)
        if f.kind == REF and value:
            target = f.ref or ""
            try:
                shown = f"{value}  ({services.display_title(target, services.get_record(ctx.app(), target, value))})"
            except CirkularError:  # removed since, or never received on this device
                shown = value
            labels.append((_(f.label), shown))
            continue
        if f.kind == REFS and value:
            names = _titles(ctx, f.ref or "")
            labels.append((_(f.label), ", ".join(names.get(v, v[:8]) for v in value)))
            continue
        if f.kind == ITEMS and f.item_shape == "participants" and value:
            labels.append((_(f.label), display.participants_text(value, _titles(ctx, "organization"))))
            continue
        labels.append((_(f.label), output.human_value(f, value)))
        labels += [(label, text) for after, label, text in display.computed_values(table, record) if after == f.name]
    width = max(len(label) for label, _v in labels)
    for label, value in labels:
        buffer.write(f"{label.ljust(width)}  {output.printable(value)}\n")
    if record.get("erased"):
        buffer.write(_("The personal data of this record was erased.") + "\n")
    ctx.out.write(buffer.getvalue())
    return 0


def cmd_add(args: argparse.Namespace, ctx: Any) -> int:
    table = _check_table(args.table)
    values = _full_refs(ctx, table, records.parse_assignments(table, args.assignments))
    result = services.add_record(ctx.app(), table, values, from_text=True)
    ctx.out.write(result.value + "\n")
    return 0


def cmd_set(args: argparse.Namespace, ctx: Any) -> int:
    table = _check_table(args.table)
    values = _full_refs(ctx, table, records.parse_assignments(table, args.assignments))
    record_id = _full_id(ctx, table, args.id)
    services.set_record(ctx.app(), table, record_id, values, from_text=True)
    return 0


def cmd_remove(args: argparse.Namespace, ctx: Any) -> int:
    table = _check_table(args.table)
    services.remove_record(ctx.app(), table, _full_id(ctx, table, args.id))
    return 0


def cmd_erase(args: argparse.Namespace, ctx: Any) -> int:
    from cirkular_desktop.services import privacy, quarantine

    erased = privacy.erase_person(ctx.app(), _full_id(ctx, "contact", args.id)).value
    ctx.out.write(_("The contact's personal data was erased.") + "\n")
    for item in erased["quarantine"]:   # held bundles that held (or could hold) the person's data
        ctx.out.write(quarantine.dropped_text(item) + "\n")
    return 0
