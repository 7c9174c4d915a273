"""Commands that print and export: ``report visit``, ``report project``, ``export-table``, ``export-workbook``.

The document language is ``--lang`` after the command, else the global
``--lang``, else (for a visit) the participant's own language. Files are
written atomically; a wrong extension is refused before anything is read.
What a person should know about a document (the programme's logo is
missing, characters were replaced) is printed on stderr as a warning; the
file is still written and the exit code is 0.

Imports: errors, i18n, services, cli.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cirkular_desktop import i18n
from cirkular_desktop.cli import output
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services import exports
from cirkular_desktop.services import records as record_services
from cirkular_desktop.services import reports

EXPORT_TABLES = exports.EXPORT_TABLES


def register(sub: Any) -> None:
    p = sub.add_parser("report", help=_("print a visit summary or the project report as PDF"),
                       description=_("Write a PDF document: the summary of one visit for the participant, "
                                     "or the project report with the indicators."))
    kinds = p.add_subparsers(dest="report_kind", metavar=_("DOCUMENT"), parser_class=type(p))
    kinds.required = True

    v = kinds.add_parser("visit", help=_("the summary of one visit"),
                         description=_("Write the summary of a visit. Without --lang it is printed in the "
                                       "contact person's language."))
    v.add_argument("visit_id", metavar=_("VISIT_ID"), help=_("the visit's id, or its first characters"))
    _output_and_language(v)
    v.set_defaults(handler=cmd_report_visit)

    r = kinds.add_parser("project", help=_("the project report with indicators and charts"),
                         description=_("Write the project report: the indicators of mapping, matching and "
                                       "tests, counted from the records on the day it is printed. Without "
                                       "--lang it is printed in the language of the messages."))
    _output_and_language(r)
    r.add_argument("--from", dest="date_from", metavar=_("DATE"),
                   help=_("first day of the reporting period (YYYY-MM-DD); visits from this day count"))
    r.add_argument("--to", dest="date_to", metavar=_("DATE"),
                   help=_("last day of the reporting period (YYYY-MM-DD); visits up to this day count"))
    r.set_defaults(handler=cmd_report_project)

    e = sub.add_parser("export-table", help=_("export a table to a spreadsheet (.xlsx) or CSV file"),
                       description=_("Export the records of a table. The file name's extension chooses the "
                                     "format: .xlsx for Excel, .csv for UTF-8 CSV that Excel opens correctly."))
    e.add_argument("table", metavar=_("TABLE"), help=_("one of: {tables}").format(tables=", ".join(EXPORT_TABLES)))
    e.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the .xlsx or .csv file to write"))
    e.add_argument("--latest", action="store_true",
                   help=_("submission only: the latest submitted version of each visit instead of every version"))
    e.set_defaults(handler=cmd_export_table)

    w = sub.add_parser("export-workbook", help=_("export every table to one workbook, a sheet each"),
                       description=_("Write one .xlsx workbook with a sheet for every table, the questionnaire "
                                     "answers included."))
    w.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the .xlsx file to write"))
    w.set_defaults(handler=cmd_export_workbook)


def _output_and_language(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", required=True, metavar=_("FILE"), help=_("the PDF file to write"))
    p.add_argument("--lang", dest="doc_lang", choices=i18n.LANGUAGES, help=_("language of the document"))


def _pdf_path(given: str) -> Path:
    if Path(given).suffix.lower() != ".pdf":
        raise ValidationError(_("{file}: choose a file name ending in .pdf").format(file=given), field="FILE")
    return output.output_file(given)


def _write(path: Path, data: bytes) -> None:
    reports.write_file(path, data)


def _document_language(args: argparse.Namespace) -> str | None:
    chosen: str | None = args.doc_lang or args.lang
    return chosen


def _visit_id(ctx: Any, given: str) -> str:
    """Accept a unique id prefix, as ``cirkular list visit`` prints the first 8 characters."""
    return record_services.resolve_id(ctx.app(), "visit", given)


def _warn(ctx: Any, warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        ctx.err.write("cirkular: " + _("warning: {message}").format(message=warning) + "\n")


def cmd_report_visit(args: argparse.Namespace, ctx: Any) -> int:
    path = _pdf_path(args.output)
    document = reports.visit_summary_document(ctx.app(), _visit_id(ctx, args.visit_id), _document_language(args))
    _write(path, document.pdf)
    _warn(ctx, document.warnings)   # after writing: a file that cannot be written stays a one-line refusal
    ctx.out.write(_("Wrote {file}").format(file=path) + "\n")
    return 0


def cmd_report_project(args: argparse.Namespace, ctx: Any) -> int:
    path = _pdf_path(args.output)
    document = reports.project_report_document(ctx.app(), _document_language(args) or i18n.get_language(),
                                               date_from=args.date_from, date_to=args.date_to)
    _write(path, document.pdf)
    _warn(ctx, document.warnings)   # after writing: a file that cannot be written stays a one-line refusal
    ctx.out.write(_("Wrote {file}").format(file=path) + "\n")
    return 0


def cmd_export_table(args: argparse.Namespace, ctx: Any) -> int:
    if args.table not in EXPORT_TABLES:
        raise ValidationError(_("unknown table “{table}”; choose one of: {choices}").format(
            table=args.table, choices=", ".join(EXPORT_TABLES)), field="TABLE")
    if Path(args.output).suffix.lower() not in exports.FORMATS:
        raise ValidationError(_("{file}: choose a file name ending in .xlsx or .csv").format(file=args.output),
                              field="FILE")
    if args.latest and args.table != "submission":
        raise ValidationError(_("--latest: only for the table submission"), field="--latest")
    path = output.output_file(args.output)
    written = exports.export_table(ctx.app(), args.table, path, latest=args.latest)
    ctx.out.write(_("Wrote {file}").format(file=written) + "\n")
    return 0


def cmd_export_workbook(args: argparse.Namespace, ctx: Any) -> int:
    if Path(args.output).suffix.lower() != ".xlsx":
        raise ValidationError(_("{file}: choose a file name ending in .xlsx").format(file=args.output), field="FILE")
    path = output.output_file(args.output)
    written = exports.export_workbook(ctx.app(), path)
    ctx.out.write(_("Wrote {file}").format(file=written) + "\n")
    return 0
