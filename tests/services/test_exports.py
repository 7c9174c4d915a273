"""Spreadsheet exports: XLSX read back with openpyxl matches ``dump``; CSV opens in Excel."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))

from openpyxl import load_workbook  # noqa: E402
from report_samples import make_database  # noqa: E402

from cirkular_desktop import i18n  # noqa: E402
from cirkular_desktop.core import materials, municipalities, records, units, wastecodes  # noqa: E402
from cirkular_desktop.errors import ValidationError  # noqa: E402
from cirkular_desktop.services import exports  # noqa: E402
from cirkular_desktop.services import records as record_services  # noqa: E402


@pytest.fixture
def ids(app):
    made = make_database(app)
    record_services.add_record(app, "stream", {"organization_id": made["se"], "title": "=HYPERLINK(\"x\")",
                                               "available_from": "2027-03-01"})
    record_services.remove_record(app, "need", record_services.add_record(app, "need", {
        "organization_id": made["se"], "title": "Borttagen"}).value)
    return made


def _expected(table: str, f: records.Field, value, dump_tables) -> object:
    """What a cell must hold for a dumped value, worked out here independently of the exporter."""
    if value in (None, "", []):
        return None
    kind = f.kind
    if kind == records.DECIMAL:
        return Decimal(value)
    if kind == records.INT:
        return int(value)
    if kind == records.DATE:
        return _dt.datetime.fromisoformat(value)        # openpyxl reads dates back as datetimes
    if kind == records.BOOL:
        return bool(value)
    if kind in (records.CHOICE, records.LANGUAGE):
        return f.choice_label(value)
    if kind == records.MATERIAL:
        return materials.get(value).path_name()
    if kind == records.MUNICIPALITY:
        return municipalities.get(value).name
    if kind == records.UNIT:
        return units.get(value).display()
    if kind == records.MULTI:
        return ", ".join(f.choice_label(v) for v in value)
    if kind == records.WASTECODE:
        return wastecodes.format_code(value)
    if kind == records.WASTECODES:
        return ", ".join(wastecodes.format_code(c) for c in value)
    if kind == records.REF:
        target = records.table(f.ref)
        row = next(r for r in dump_tables[f.ref] if r["id"] == value)
        return str(row[target.title_field])
    if kind == records.TAGS:
        return ", ".join(value)
    return value


def _columns(table: str) -> list[tuple[str, records.Field, str]]:
    """(header, field, part) per column after the id, as the export lays them out: a reference is two."""
    out = []
    for f in exports.export_fields(table):
        if f.kind == records.REF:
            out += [(i18n.gettext("{label} (ID)").format(label=i18n.gettext(f.label)), f, "id"),
                    (i18n.gettext(f.label), f, "name")]
        else:
            out.append((i18n.gettext(f.label), f, "value"))
    return out


@pytest.mark.parametrize("table", ["stream", "organization", "visit", "need", "match", "contact", "idea"])
def test_xlsx_read_back_matches_dump(app, ids, tmp_path, table):
    i18n.set_language("sv")
    path = exports.export_table(app, table, tmp_path / f"{table}.xlsx")
    dumped = json.loads(record_services.dump(app))["tables"]
    live = [r for r in dumped[table] if not r.get("deleted")]
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    columns = _columns(table)
    assert rows[0][:len(columns) + 1] == ("ID", *(header for header, _f, _p in columns))
    assert sheet.freeze_panes == "A2"
    by_id = {row[0]: row for row in rows[1:]}
    assert set(by_id) == {r["id"] for r in live}                    # deleted records left out
    for record in live:
        row = by_id[record["id"]]
        for column, (_header, f, part) in enumerate(columns, start=1):
            value = record.get(f.name)
            expected = (value or None) if part == "id" else _expected(table, f, value, dumped)
            got = row[column]
            if isinstance(expected, Decimal):
                assert isinstance(got, (int, float)) and Decimal(str(got)) == expected, (f.name, got)
            else:
                assert got == expected, (table, f.name, got, expected)    # "=…" too: text, no apostrophe


def test_xlsx_has_typed_cells_and_sensible_widths(app, ids, tmp_path):
    path = exports.export_table(app, "stream", tmp_path / "s.xlsx")
    sheet = load_workbook(path).active
    header = [c.value for c in sheet[1]]
    quantity = header.index("Quantity") + 1
    available = header.index("Available from") + 1
    cells = [sheet.cell(row=r, column=quantity) for r in range(2, sheet.max_row + 1)]
    assert any(c.data_type == "n" and c.value == 12.5 for c in cells)
    dates = [sheet.cell(row=r, column=available) for r in range(2, sheet.max_row + 1)]
    assert any(c.is_date and c.value == _dt.datetime(2027, 3, 1) for c in dates)
    widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
    assert all(exports.MIN_WIDTH <= w <= exports.MAX_WIDTH for w in widths)
    assert sheet.auto_filter.ref


def test_csv_is_utf8_with_bom_and_follows_the_language(app, ids, tmp_path):
    i18n.set_language("sv")
    path = exports.export_table(app, "stream", tmp_path / "s.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))
    assert rows[0][0] == "ID" and i18n.gettext("Title") in rows[0]
    titles = {row[rows[0].index(i18n.gettext("Title"))] for row in rows[1:]}
    # CSV has no cell types: only there does text that a spreadsheet would run get an apostrophe.
    assert {"Spån från hyvling", "Kasserade lastpallar", "'=HYPERLINK(\"x\")"} <= titles
    assert "12,5" in {row[rows[0].index(i18n.gettext("Quantity"))] for row in rows[1:]}
    i18n.set_language("en")
    english = exports.export_table(app, "organization", tmp_path / "o.csv").read_bytes()[3:].decode("utf-8")
    rows = list(csv.reader(io.StringIO(english)))
    assert rows[0][:3] == ["ID", "Name", "Country"]
    assert {"Säffle Snickeri AB", "Marker Sag AS"} <= {row[1] for row in rows[1:]}


def test_other_extensions_and_tables_are_refused_and_nothing_is_written(app, ids, tmp_path):
    with pytest.raises(ValidationError, match=r"\.xlsx or \.csv"):
        exports.export_table(app, "stream", tmp_path / "s.ods")
    with pytest.raises(ValidationError, match="nosuch"):
        exports.export_table(app, "nosuch", tmp_path / "s.csv")
    assert not (tmp_path / "s.ods").exists() and not (tmp_path / "s.csv").exists()


def test_xlsx_text_is_a_text_cell_never_a_formula_and_never_prefixed(app, ids, tmp_path):
    record_services.add_record(app, "contact", {"organization_id": ids["no"], "name": "Kari Dahl",
                                                "phone": "+47 953 13 860"})
    contacts = load_workbook(exports.export_table(app, "contact", tmp_path / "c.xlsx")).active
    phones = [row[[c.value for c in contacts[1]].index("Phone")] for row in contacts.iter_rows(min_row=2)]
    cell = next(c for c in phones if c.value and c.value.startswith("+47"))
    assert cell.value == "+47 953 13 860" and cell.data_type == "s"
    streams = load_workbook(exports.export_table(app, "stream", tmp_path / "s.xlsx")).active
    formula = next(c for row in streams.iter_rows(min_row=2) for c in row if c.value == '=HYPERLINK("x")')
    assert formula.data_type == "s"                                     # stored as text: Excel shows, never runs it


def test_stream_export_has_tonnes_country_municipality_and_the_organization(app, ids, tmp_path):
    i18n.set_language("nb")
    sheet = load_workbook(exports.export_table(app, "stream", tmp_path / "s.xlsx")).active
    header = [c.value for c in sheet[1]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    bark = rows[ids["no_stream"]]
    assert bark[header.index("Tonn per år")] == 300
    assert bark[header.index("Land")] == "Norge" and bark[header.index("Kommune")] == "Marker"
    assert bark[header.index("Organisasjon (ID)")] == ids["no"] and bark[header.index("Organisasjon")] == "Marker Sag AS"


def test_submission_export_one_column_per_question_and_latest_versions(app, ids, tmp_path):
    from cirkular_desktop.core import questionnaire
    from cirkular_desktop.services import visits

    i18n.set_language("sv")
    template = questionnaire.load("mapping")        # the version a new visit is answered with
    answers = {"org_kind": "company", "activity": "Sågverk", "employees": {"value": "23", "unit": "pcs"},
               "process_areas": ["production"], "main_streams": "Bark", "largest_stream": "Bark",
               "pays_for_handling": False, "needs_resources": False, "roles": ["supplier"],
               "contact_name": "Ola Nordmann", "consent_share": True, "follow_up": "2027-01-15"}
    for question in template.missing_required(answers):      # whatever else the questionnaire requires
        answers[question.id] = {"yesno": True, "single": question.options[0].value if question.options else "x",
                                "multi": [question.options[0].value] if question.options else ["x"],
                                "number": {"value": "1"}, "date": "2027-01-01"}.get(question.type, "x")
    visits.save_answers(app, ids["late_visit"], answers)
    visits.complete_visit(app, ids["late_visit"])
    visits.reopen_visit(app, ids["late_visit"])                  # a correction makes version 2
    visits.save_answers(app, ids["late_visit"], {"activity": "Sågverk och hyvleri"})
    visits.complete_visit(app, ids["late_visit"])
    every = load_workbook(exports.export_table(app, "submission", tmp_path / "a.xlsx")).active
    header = [c.value for c in every[1]]
    assert template.question("activity").text("sv") in header
    assert template.question("employees").text("sv") in header
    rows = list(every.iter_rows(min_row=2, values_only=True))
    latest = list(load_workbook(exports.export_table(app, "submission", tmp_path / "l.xlsx", latest=True)).active
                  .iter_rows(min_row=2, values_only=True))
    assert {r[1] for r in rows} == {r[1] for r in latest} == {ids["late_visit"]}
    assert len(latest) == 1 and len(rows) == 2
    activity = header.index(template.question("activity").text("sv"))
    assert [r[activity] for r in rows] == ["Sågverk", "Sågverk och hyvleri"] and latest[0][activity] == rows[1][activity]
    row = latest[0]
    assert row[header.index(template.question("employees").text("sv"))] == 23           # a number
    assert row[header.index(template.question("org_kind").text("sv"))] == template.question("org_kind").option(
        "company").label("sv")                                                        # the option's label
    assert row[header.index(template.question("follow_up").text("sv"))] == _dt.datetime(2027, 1, 15)
    assert row[header.index(template.question("needs_resources").text("sv"))] is False    # yes/no as a boolean


def test_workbook_has_a_sheet_per_table(app, ids, tmp_path):
    i18n.set_language("nb")
    book = load_workbook(exports.export_workbook(app, tmp_path / "alt.xlsx"))
    with i18n.using_language("nb"):
        expected = [i18n.gettext(records.table(t).plural)[:31] for t in exports.EXPORT_TABLES]
    assert book.sheetnames == expected
    assert book[i18n.gettext(records.table("organization").plural)].max_row == 1 + 3
    with pytest.raises(ValidationError, match=r"\.xlsx"):
        exports.export_workbook(app, tmp_path / "alt.csv")
