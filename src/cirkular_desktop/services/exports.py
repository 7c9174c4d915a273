"""Use cases: export a table to a spreadsheet (.xlsx) or a CSV file for Excel, or every table to one workbook.

Every export has the record id, then every field a person edits, headed by
its label in the active language; a reference has two columns, the
referenced record's id and its name. Residual streams and needs also get
tonnes per year and the organization's country and municipality. Values
keep their type in XLSX (numbers as numbers, dates as dates, yes/no as
booleans, text as text cells) so coordinators can sum and filter: a text
that starts with "=" or "+" (a phone number "+47 953 13 860") is stored as
a text cell, which a spreadsheet never runs as a formula, so nothing is
prefixed. CSV has no cell types: there, and only there, such text gets a
leading apostrophe. CSV is UTF-8 with a byte order mark, so Excel shows å ä
ö æ ø correctly, and uses the separator and decimal mark Excel expects in
the language (";" and "," for sv and nb).

The questionnaire answers export (``submission``) has one column per
question, labelled in the user's language, and one row per submitted
version of a visit, or only each visit's latest version (``latest``), as
KoboToolbox and ODK Central export form submissions.

Imports: errors, i18n, core, store (through App/UnitOfWork), services (app, reports); openpyxl (lazily).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from cirkular_desktop import i18n
from cirkular_desktop.core import display, municipalities, questionnaire, records, units
from cirkular_desktop.core.fields import (
    BOOL, DATE, DATETIME, DECIMAL, EMAIL, INT, LONGTEXT, ORGNUMBER, PHONE, REF, REFS, TEXT, URL,
)
from cirkular_desktop.errors import CirkularError, ValidationError
from cirkular_desktop.i18n import gettext as _
from cirkular_desktop.services.app import App

if TYPE_CHECKING:  # pragma: no cover - annotations only: importing this module must not load the ORM
    from cirkular_desktop.store.uow import UnitOfWork

FORMATS = (".xlsx", ".csv")
EXPORT_TABLES = tuple(dict.fromkeys(records.CLI_TABLES + ("test_environment", "outcome", "match_event",
                                                          "submission")))
# Lists, codes and free text whose typed value a spreadsheet should not reinterpret.
_TEXTUAL = {TEXT, LONGTEXT, EMAIL, PHONE, URL, ORGNUMBER}
MIN_WIDTH, MAX_WIDTH = 8, 60
# A CSV cell beginning with one of these is a formula in Excel; exported text must never run as one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

Table = tuple[list[str], list[list[Any]]]


def export_fields(table: str) -> list[records.Field]:
    """The fields exported for ``table``: all but the internal ones (answers, hashes, versions)."""
    return [f for f in records.table(table).fields if not f.internal]


def _titles(uow: UnitOfWork, table: str) -> dict[str, str]:
    spec = records.table(table)
    return {r["id"]: str(r.get(spec.title_field) or r["id"]) for r in uow.all_rows(table) if not r["deleted"]}


def _converter(f: records.Field) -> Callable[[Any], Any]:
    """A function turning a stored value into the typed cell value of ``f``."""
    kind = f.kind
    if kind == DECIMAL:
        return lambda v: None if v in (None, "") else Decimal(v)
    if kind == INT:
        return lambda v: None if v in (None, "") else int(v)
    if kind == DATE:
        return lambda v: _dt.date.fromisoformat(v) if v else None
    if kind == DATETIME:
        # Excel has no time zones: write UTC wall time, the header says so.
        return lambda v: (_dt.datetime.fromisoformat(v).astimezone(_dt.timezone.utc).replace(tzinfo=None)
                          if v else None)
    if kind == BOOL:
        return lambda v: None if v is None else bool(v)
    if kind in _TEXTUAL:
        return lambda v: v if v not in ("",) else None
    return lambda v: display.human_value(f, v) or None


def _header(f: records.Field) -> str:
    label = _(f.label)
    if f.kind == DATETIME:
        return _("{label} (UTC)").format(label=label)
    return label


def _stream_extras(uow: UnitOfWork) -> tuple[list[str], Callable[[dict[str, Any]], list[Any]]]:
    """Tonnes per year, and the organization's country and municipality, for a stream or need."""
    orgs = {o["id"]: o for o in uow.all_rows("organization") if not o["deleted"]}
    country = records.table("organization").field("country")

    def extras(record: dict[str, Any]) -> list[Any]:
        org = orgs.get(record.get("organization_id") or "") or {}
        found = municipalities.get(org.get("municipality") or "")
        return [units.tonnes_per_year(record), country.choice_label(org["country"]) if org.get("country") else None,
                found.name if found else None]

    return [_("Tonnes per year"), _("Country"), _("Municipality")], extras


def _organization_extras() -> tuple[list[str], Callable[[dict[str, Any]], list[Any]]]:
    """The size class by the EU definition, as the reports count it, and what it rests on."""
    return ([_("Size class (EU definition)"), _("Basis of the size class")],
            lambda record: [display.sme_class_text(record), display.sme_basis_text(record)])


def _name_of(titles: Mapping[str, str]) -> Callable[[Any], str | None]:
    """The cell of a reference: the referenced record's name (its id when it is not here)."""
    return lambda v: titles.get(v, v) if v else None


def _names_of(titles: Mapping[str, str]) -> Callable[[Any], str | None]:
    """The cell of a list of references: their names, comma-separated."""
    return lambda v: ", ".join(titles.get(x, x) for x in v) if v else None


def _records_table(uow: UnitOfWork, table: str) -> Table:
    spec = records.table(table)
    fields = export_fields(table)
    header = ["ID"]
    # Per field: its name and the cells it becomes (a reference gives two, the id and the name).
    columns: list[tuple[str, tuple[Callable[[Any], Any], ...]]] = []
    cache: dict[str, dict[str, str]] = {}
    for f in fields:
        if f.kind == REF:
            target = f.ref or ""
            if target not in cache:
                cache[target] = _titles(uow, target)
            titles = cache[target]
            # The id, so the rows join with the referenced table, and the name, so a person can read it.
            header += [_("{label} (ID)").format(label=_(f.label)), _(f.label)]
            columns.append((f.name, (lambda v: v or None, _name_of(titles))))
        elif f.kind == REFS:
            target = f.ref or ""
            if target not in cache:
                cache[target] = _titles(uow, target)
            names = cache[target]
            header += [_("{label} (ID)").format(label=_(f.label)), _(f.label)]
            columns.append((f.name, (lambda v: ", ".join(v) if v else None, _names_of(names))))
        else:
            header.append(_header(f))
            columns.append((f.name, (_converter(f),)))
    extras: Callable[[dict[str, Any]], list[Any]] | None
    extra_header, extras = _stream_extras(uow) if table in ("stream", "need") else ([], None)
    if table == "organization":
        extra_header, extras = _organization_extras()
    header += extra_header
    rows = []
    for record in uow.all_rows(spec.name):
        if record["deleted"]:
            continue
        row: list[Any] = [record["id"]]
        for name, converters in columns:
            row += [convert(record.get(name)) for convert in converters]
        if extras is not None:
            row += extras(record)
        rows.append(row)
    return header, rows


def _answer_cells(question: questionnaire.Question, value: Any, lang: str) -> list[Any]:
    """One answer as typed cells: a number and its unit, option labels, yes/no, a date, text."""
    if not questionnaire.is_answered(value):
        return [None, None] if question.type == "number" else [None]
    kind = question.type
    if kind == "number":
        raw = value.get("value") if isinstance(value, dict) else value
        unit = units.get(value.get("unit")) if isinstance(value, dict) else None
        try:
            number = Decimal(str(raw))
        except ArithmeticError:
            number = None
        return [number, unit.display() if unit else None]
    if kind == "single":
        option = question.option(value)
        return [option.label(lang) if option else str(value)]
    if kind == "multi":
        return [", ".join((o.label(lang) if (o := question.option(v)) else str(v)) for v in value or ())]
    if kind == "yesno":
        return [bool(value)]
    if kind == "date":
        try:
            return [_dt.date.fromisoformat(str(value)[:10])]
        except ValueError:
            return [str(value)]
    return [str(value)]


def _submission_table(uow: UnitOfWork, latest: bool = False) -> Table:
    """Questionnaire answers: one column per question (in the questionnaire's order), one row per version."""
    lang = i18n.get_language()
    visits = {v["id"]: v for v in uow.all_rows("visit") if not v["deleted"]}
    orgs = _titles(uow, "organization")
    submissions = [s for s in uow.all_rows("submission") if not s["deleted"] and s.get("visit_id") in visits]
    if latest:
        newest: dict[str, dict[str, Any]] = {}
        for sub in submissions:
            kept = newest.get(sub["visit_id"])
            if kept is None or int(sub.get("version") or 0) > int(kept.get("version") or 0):
                newest[sub["visit_id"]] = sub
        submissions = list(newest.values())
    submissions.sort(key=lambda s: (visits[s["visit_id"]].get("date") or "", s["visit_id"], int(s.get("version") or 0)))
    questions: dict[str, questionnaire.Question] = {}
    templates: dict[tuple[str, int], questionnaire.Template | None] = {}
    for sub in submissions:
        key = (sub.get("template_id") or "mapping", int(sub.get("template_version") or 1))
        if key not in templates:
            try:
                templates[key] = questionnaire.load(*key)
            except CirkularError:
                templates[key] = None   # a newer release's questionnaire: its answers are left out
        template = templates[key]
        for question in template.questions() if template else ():
            questions.setdefault(question.id, question)
    header = ["ID", _("Visit (ID)"), _("Organization (ID)"), _("Organization"), _("Date of the visit"),
              _("Version"), _("Submitted at (UTC)"), _("Submitted by"), _("Questionnaire")]
    for question in questions.values():
        header.append(question.text(lang))
        if question.type == "number":
            header.append(_("{question} (unit)").format(question=question.text(lang)))
    submitted = _converter(records.table("submission").field("submitted_at"))
    rows = []
    for sub in submissions:
        visit = visits[sub["visit_id"]]
        answers = sub.get("answers") or {}
        template = templates.get((sub.get("template_id") or "mapping", int(sub.get("template_version") or 1)))
        row: list[Any] = [sub["id"], visit["id"], visit.get("organization_id"), orgs.get(visit.get("organization_id") or ""),
                          _dt.date.fromisoformat(visit["date"]) if visit.get("date") else None,
                          int(sub.get("version") or 0), submitted(sub.get("submitted_at")),
                          sub.get("submitted_by") or None,
                          _("{title}, version {version}").format(
                              title=template.title(lang) if template else sub.get("template_id") or "mapping",
                              version=sub.get("template_version") or 1)]
        for qid, question in questions.items():
            row += _answer_cells(question, answers.get(qid), lang)
        rows.append(row)
    return header, rows


def table_rows(app: App, table: str, *, latest: bool = False) -> Table:
    """The export's header and rows (live records) with typed values."""
    with app.uow(write=False) as uow:
        if table == "submission":
            return _submission_table(uow, latest)
        return _records_table(uow, table)


def _safe_csv_text(value: str) -> str:
    # CSV has no cell types: a leading apostrophe is how Excel users themselves mark "this is text".
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


def sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = _SHEET_FORBIDDEN.sub(" ", text).strip()[:31] or "Sheet"
    title, number = base, 2
    used = {t.casefold() for t in taken}
    while title.casefold() in used:
        suffix = f" ({number})"
        title, number = base[:31 - len(suffix)] + suffix, number + 1
    return title


def _add_sheet(wb: Any, header: list[str], rows: list[list[Any]], title: str) -> None:
    """One sheet in openpyxl's streaming mode (a region's 30,000 streams stay quick), every cell typed."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    widths = [len(h) for h in header]
    for row in rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _width(value))
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
        cell.data_type = "s"
        head.append(cell)
    ws.append(head)
    for row in rows:
        out: list[Any] = []
        for value in row:
            if isinstance(value, str):
                # Control characters (from older data or other devices) cannot be stored in a worksheet.
                cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                cell.data_type = "s"      # text, even "=…" or "+47 …": never a formula, never an apostrophe
                out.append(cell)
            elif isinstance(value, _dt.date):
                cell = WriteOnlyCell(ws)
                cell.value = value   # (set here: the stubs' WriteOnlyCell takes no plain date, the cell does)
                cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, _dt.datetime) else "yyyy-mm-dd"
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)


def _workbook(sheets: list[tuple[str, list[str], list[list[Any]]]], title: str) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    taken: list[str] = []
    for name, header, rows in sheets:
        taken.append(sheet_title(name, taken))
        _add_sheet(wb, header, rows, taken[-1])
    wb.properties.creator = "Cirkulär"
    wb.properties.title = title
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
            return _safe_csv_text(value)
        return str(value)

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([text(v) for v in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def table_bytes(header: list[str], rows: list[list[Any]], *, suffix: str, title: str) -> bytes:
    """One table as the bytes of an .xlsx file (one sheet named ``title``) or a .csv file, by ``suffix``."""
    return _workbook([(title, header, rows)], title) if suffix == ".xlsx" else _csv(header, rows)


def _write(target: Path, data: bytes) -> Path:
    from cirkular_desktop.services.reports import write_file

    return write_file(target, data)


def export_table(app: App, table: str, path: str | Path, *, latest: bool = False) -> Path:
    """Write the live records of ``table`` to ``path`` (.xlsx or .csv, chosen by the extension)."""
    if table not in EXPORT_TABLES:
        raise ValidationError(_("unknown table “{table}”; choose one of: {choices}").format(
            table=table, choices=", ".join(EXPORT_TABLES)), field="TABLE")
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError(_("{file}: choose a file name ending in .xlsx or .csv").format(file=target.name),
                              field="FILE")
    header, rows = table_rows(app, table, latest=latest)
    plural = _(records.table(table).plural)
    return _write(target, table_bytes(header, rows, suffix=suffix, title=plural))


def export_workbook(app: App, path: str | Path) -> Path:
    """Write every table to one .xlsx workbook, a sheet each (the questionnaire answers included)."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValidationError(_("{file}: choose a file name ending in .xlsx").format(file=target.name), field="FILE")
    sheets = []
    with app.uow(write=False) as uow:
        for table in EXPORT_TABLES:
            header, rows = _submission_table(uow) if table == "submission" else _records_table(uow, table)
            sheets.append((_(records.table(table).plural), header, rows))
    return _write(target, _workbook(sheets, _("Cirkulär: every table")))
