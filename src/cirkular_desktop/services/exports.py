"""Use case: export one table to a spreadsheet (.xlsx) or a CSV file for Excel.

Both formats have the same columns: the record id, then every field a person
edits, headed by its label in the active language. Values keep their type in
XLSX (numbers as numbers, dates as dates, yes/no as booleans) so coordinators
can sum and filter; choices are written as their labels, references as the
referenced record's name and lists comma separated. CSV is UTF-8 with a byte
order mark, so Excel shows å ä ö æ ø correctly, and uses the separator and
decimal mark Excel expects in the language (";" and "," for sv and nb).

Imports: errors, i18n, fileutil, core, store (through App/UnitOfWork), services.app; openpyxl.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from cirkular_desktop import fileutil, i18n
from cirkular_desktop.core import display, records
from cirkular_desktop.errors import ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App
from cirkular_desktop.store.uow import UnitOfWork

FORMATS = (".xlsx", ".csv")
# Lists, codes and free text whose typed value a spreadsheet should not reinterpret.
_TEXTUAL = {records.TEXT, records.LONGTEXT, records.EMAIL, records.PHONE, records.URL, records.ORGNUMBER}
MIN_WIDTH, MAX_WIDTH = 8, 60
# A cell beginning with one of these is a formula in Excel; exported text must never run as one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_fields(table: str) -> list[records.Field]:
    """The fields exported for ``table``: all but the internal ones (answers, hashes, versions)."""
    return [f for f in records.table(table).fields if not f.internal]


def _titles(uow: UnitOfWork, table: str) -> dict[str, str]:
    spec = records.table(table)
    return {r["id"]: str(r.get(spec.title_field) or r["id"]) for r in uow.all_rows(table) if not r["deleted"]}


def _converter(uow: UnitOfWork, f: records.Field, cache: dict[str, dict[str, str]]) -> Callable[[Any], Any]:
    """A function turning a stored value into the typed cell value of ``f``."""
    kind = f.kind
    if kind == records.DECIMAL:
        return lambda v: None if v in (None, "") else Decimal(v)
    if kind == records.INT:
        return lambda v: None if v in (None, "") else int(v)
    if kind == records.DATE:
        return lambda v: _dt.date.fromisoformat(v) if v else None
    if kind == records.DATETIME:
        # Excel has no time zones: write UTC wall time, the header says so.
        return lambda v: (_dt.datetime.fromisoformat(v).astimezone(_dt.timezone.utc).replace(tzinfo=None)
                          if v else None)
    if kind == records.BOOL:
        return lambda v: None if v is None else bool(v)
    if kind == records.REF:
        target = f.ref or ""
        if target not in cache:
            cache[target] = _titles(uow, target)
        titles = cache[target]
        return lambda v: titles.get(v, v) if v else None
    if kind == records.REFS:
        target = f.ref or ""
        if target not in cache:
            cache[target] = _titles(uow, target)
        names = cache[target]
        return lambda v: ", ".join(names.get(x, x) for x in v) if v else None
    if kind in _TEXTUAL:
        return lambda v: v if v not in ("",) else None
    return lambda v: display.human_value(f, v) or None


def _header(f: records.Field) -> str:
    label = _(f.label)
    if f.kind == records.DATETIME:
        return _("{label} (UTC)").format(label=label)
    return label


def table_rows(app: App, table: str) -> tuple[list[str], list[list[Any]]]:
    """The export's header and rows (live records, in id order) with typed values."""
    spec = records.table(table)
    fields = export_fields(table)
    with app.uow(write=False) as uow:
        cache: dict[str, dict[str, str]] = {}
        converters = [_converter(uow, f, cache) for f in fields]
        rows = [[record["id"]] + [conv(record.get(f.name)) for f, conv in zip(fields, converters)]
                for record in uow.all_rows(spec.name) if not record["deleted"]]
    return ["ID"] + [_header(f) for f in fields], rows


def _safe_text(value: str) -> str:
    # A leading apostrophe is how Excel users themselves mark "this is text, not a formula".
    return "'" + value if value.startswith(_FORMULA_START) else value


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, _dt.datetime):
        return 16
    if isinstance(value, _dt.date):
        return 10
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    return len(str(value))


def _xlsx(header: list[str], rows: list[list[Any]], sheet_title: str) -> bytes:
    """The workbook, written in openpyxl's streaming mode (a region's 30,000 streams stay quick)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # Control characters (from older data or other devices) cannot be stored in a worksheet at all.
    rows = [[_safe_text(ILLEGAL_CHARACTERS_RE.sub("", v)) if isinstance(v, str) else v for v in row]
            for row in rows]
    widths = [len(h) for h in header]
    for row in rows:
        for index, value in enumerate(row):
            width = _width(value)
            if width > widths[index]:
                widths[index] = width
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title[:31])
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = max(MIN_WIDTH, min(width + 2, MAX_WIDTH))
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    bold, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="2E6B4F")
    wrap = Alignment(vertical="top", wrap_text=True)
    head = []
    for text in header:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
        head.append(cell)
    ws.append(head)
    date_columns = {i for row in rows for i, v in enumerate(row) if isinstance(v, _dt.date)}
    for row in rows:
        if date_columns:
            out: list[Any] = list(row)
            for index in date_columns:
                value = row[index]
                if isinstance(value, _dt.date):
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, _dt.datetime) else "yyyy-mm-dd"
                    out[index] = cell
            ws.append(out)
        else:
            ws.append(row)
    wb.properties.creator = "Cirkulär"
    wb.properties.title = sheet_title
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    lang = i18n.get_language()
    delimiter = ";" if lang in ("sv", "nb") else ","

    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, Decimal):
            # Plain digits with the language's decimal mark, no grouping: Excel reads it as a number.
            plain = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
            return plain.replace(".", ",") if delimiter == ";" else plain
        if isinstance(value, _dt.datetime):
            return value.strftime("%Y-%m-%d %H:%M:%S")
        if isinstance(value, _dt.date):
            return value.isoformat()
        if isinstance(value, str):
            return _safe_text(value)
        return str(value)

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([text(v) for v in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def export_table(app: App, table: str, path: str | Path) -> Path:
    """Write the live records of ``table`` to ``path`` (.xlsx or .csv, chosen by the extension)."""
    spec = records.table(table)
    if not spec.cli and table not in ("test_environment", "outcome", "submission", "match_event"):
        raise ValidationError(_("“{table}” cannot be exported").format(table=table), field="TABLE")
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError(_("{file}: choose a file name ending in .xlsx or .csv").format(file=target.name),
                              field="FILE")
    header, rows = table_rows(app, table)
    data = _xlsx(header, rows, _(spec.plural)) if suffix == ".xlsx" else _csv(header, rows)
    try:
        fileutil.atomic_write_bytes(target, data)
    except OSError as exc:
        raise ValidationError(_("{file}: cannot be written ({reason})").format(
            file=target, reason=display.os_reason(exc)), field="FILE") from None
    return target
